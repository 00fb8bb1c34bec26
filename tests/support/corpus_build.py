"""Render the sample statutes of corpus/src/*.yaml into documents and ground-truth sidecars.

Each source is written once as data (corpus/src/FORMAT.md); `corpus/src/styles.yaml` says in which
layout and format it is published in corpus/. The same renderer builds, in the tests, a PDF of every
sample with running headers, page numbers and justified, hyphenated text, so that the parser is
held to the exact structure whatever the format. Run `python -m tests.support.corpus_build` (or
`make corpus`) after editing a source; the tests fail while corpus/ is out of date.
"""

from __future__ import annotations

import html
import io
import itertools
import json
import re
import sys
import textwrap
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"
SOURCES = CORPUS / "src"


@dataclass(frozen=True)
class Style:
    """How a statute is laid out; every field maps to a variant real statutes use."""

    format: str = "txt"
    article: str = "dash"  # dash | paren | next_line | caps_next_line | colon_compact
    comma: str = "dot"  # dot | paren | dash | unnumbered | run_together
    division: str = "same_line"  # same_line | next_line
    encoding: str = "utf-8"  # utf-8 | cp1252 | mojibake (utf-8 read as cp1252 and as cp1250)
    wrap: int = 0  # wrap txt lines at this width (0: one line per paragraph)
    blank_lines: bool = True  # blank line between paragraphs in txt
    columns: int = 1  # pdf: text in this many columns (regional bulletins print statutes in two)
    scan: bool = (
        False  # pdf: pages as 300-dpi black-and-white images without text, as a scanner gives
    )
    source: str = ""  # the slug of the source printed, when another document's (a scan of it)


def load_source(slug: str) -> dict[str, Any]:
    """The source of a corpus document; a scan reads its text document's, under its own slug."""
    styles = load_styles()
    printed = styles[slug].source if slug in styles else ""
    source = yaml.safe_load((SOURCES / f"{printed or slug}.yaml").read_text(encoding="utf-8"))
    return {**source, "slug": slug}


def load_styles() -> dict[str, Style]:
    raw = yaml.safe_load((SOURCES / "styles.yaml").read_text(encoding="utf-8"))
    return {slug: Style(**options) for slug, options in raw.items()}


def heading_lines(number: str, heading: str | None, style: Style) -> list[str]:
    """The article's heading line(s) in the style's wording."""
    if style.article == "dash":
        return [f"Art. {number}" + (f" - {heading}" if heading else "")]
    if style.article == "paren":
        return [f"ART. {number}" + (f" ({heading})" if heading else "")]
    if style.article == "next_line":
        return [f"Articolo {number}"] + ([heading] if heading else [])
    if style.article == "caps_next_line":
        return [f"ARTICOLO {number}"] + ([heading.upper()] if heading else [])
    if style.article == "colon_compact":
        return [f"Art.{number}" + (f": {heading}" if heading else "")]
    raise ValueError(style.article)


def expected_heading(heading: str | None, style: Style) -> str | None:
    """The heading as the parser reports it: without enclosing parentheses, "(abrogato)"."""
    if heading is None:
        return None
    if heading.startswith("(") and heading.endswith(")"):
        heading = heading[1:-1]
    return heading.upper() if style.article == "caps_next_line" else heading


def comma_prefix(index: int, style: Style) -> str:
    return {
        "dot": f"{index}. ",
        "paren": f"{index}) ",
        "dash": f"{index} - ",
        "run_together": f"{index}. ",
    }.get(style.comma, "")


def division_lines(kind: str, number: str, heading: str | None, style: Style) -> list[str]:
    label = f"{kind.upper()} {number}"
    if heading is None:
        return [label]
    if style.division == "next_line":
        return [label, heading.upper()]
    return [f"{label} - {heading.upper()}"]


_CHARS_PER_PAGE = 2600  # what an A4 page of the rendered PDF holds, for an index's page numbers


def index_lines(source: dict[str, Any], style: Style) -> list[str]:
    """The table of contents a source asks for (`index:` in FORMAT.md), one entry per line or
    run together, with dot leaders and page numbers when asked."""
    options = source["index"]
    entries: list[tuple[str, int]] = []
    chars = sum(len(line) for line in source["front_matter"])
    start_pages = 2 if options["position"] in ("start", "both") else 0  # cover and index pages
    for item in source["body"]:
        ((kind, node),) = item.items()
        page = 1 + start_pages + chars // _CHARS_PER_PAGE
        heading = node.get("heading")
        if kind != "articolo":
            chars += 40
            if options.get("divisions", True):
                label = f"{kind.upper()} {node['number']}"
                entries.append((f"{label} - {heading.upper()}" if heading else label, page))
            continue
        chars += 40 + sum(len(text) for text in node["commi"])
        shown = heading.upper() if heading and options.get("caps") else heading
        entries.append((f"Art. {node['number']}" + (f" - {shown}" if shown else ""), page))
    if options.get("run_together"):
        lines = ["; ".join(entry for entry, _ in entries if entry.startswith("Art.")) + "."]
    elif options.get("leaders"):
        lines = [f"{entry} {'.' * max(3, 60 - len(entry))} {page}" for entry, page in entries]
    elif options.get("pages"):
        lines = [f"{entry} pag. {page}" for entry, page in entries]
    else:
        lines = [entry for entry, _ in entries]
    return ([options["title"]] if options.get("title") else []) + lines


def blocks(source: dict[str, Any], style: Style) -> list[tuple[str, list[str]]]:
    """The document as (kind, lines) blocks: front, index, deliberation, division, heading, comma,
    article-body, note, closing and annex."""
    # The adopting deliberation comes first, the statute after it with a cover of its own.
    out = [("deliberation", [line]) for line in source.get("deliberation", [])]
    out.append(("front", list(source["front_matter"])))
    index = index_lines(source, style) if source.get("index") else []
    position = source.get("index", {}).get("position")
    if position in ("start", "both"):
        out.append(("index", index))
    for item in source["body"]:
        ((kind, node),) = item.items()
        if kind != "articolo":
            out.append(
                ("division", division_lines(kind, node["number"], node.get("heading"), style))
            )
            continue
        out.append(("heading", heading_lines(node["number"], node.get("heading"), style)))
        commi = [comma_prefix(i, style) + text for i, text in enumerate(node["commi"], start=1)]
        if style.comma == "run_together" and commi:
            joined = " ".join(commi)  # lettere keep their own lines, commi run on
            out.append(("body", joined.split("\n")))
        else:
            out.extend(("comma", text.split("\n")) for text in commi)
        out.extend(("note", [line]) for line in node.get("notes", []))
    out.extend(("closing", [line]) for line in source.get("closing", []))
    for annex in source.get("annexes", []):
        out.append(("annex", [annex["title"], *annex["lines"]]))
    if position in ("end", "both"):
        out.append(("index", index))
    return out


def render_text(source: dict[str, Any], style: Style) -> str:
    paragraphs: list[str] = []
    for kind, lines in blocks(source, style):
        if kind in ("front", "division", "heading", "index", "closing", "annex"):
            paragraphs.append("\n".join(lines))
            continue
        wrapped = [
            textwrap.fill(line, style.wrap, break_on_hyphens=False) if style.wrap else line
            for line in lines
        ]
        paragraphs.append("\n".join(wrapped))
    return ("\n\n" if style.blank_lines else "\n").join(paragraphs) + "\n"


def encode_text(text: str, style: Style) -> bytes:
    if style.encoding == "mojibake":
        # Half the accents as UTF-8 read as cp1252 ("Ã¨"), half as cp1252 read as cp1250 ("č").
        middle = len(text) // 2
        first = text[:middle].encode("utf-8").decode("cp1252", errors="replace")
        second = text[middle:].encode("cp1252").decode("cp1250")
        return (first + second).encode("utf-8")
    return text.encode(style.encoding)


def render_html(source: dict[str, Any], style: Style) -> bytes:
    title = html.escape(source["front_matter"][0])
    parts = [
        "<!DOCTYPE html>",
        '<html lang="it"><head><meta charset="utf-8">',
        f"<title>{title}</title><style>body{{font-family:serif}}</style></head><body>",
        '<nav><a href="/">Bollettino Ufficiale</a> &gt; Statuti</nav><main>',
    ]
    for kind, lines in blocks(source, style):
        escaped = [html.escape(line) for line in lines]
        if kind == "front":
            parts.append(
                f"<h1>{escaped[0]}</h1>" + "".join(f"<p>{line}</p>" for line in escaped[1:])
            )
        elif kind == "division":
            parts.append(f"<h2>{'<br>'.join(escaped)}</h2>")
        elif kind == "heading":
            parts.append(f"<p><strong>{'<br>'.join(escaped)}</strong></p>")
        elif kind in ("index", "annex"):
            parts.append("".join(f"<p>{line}</p>" for line in escaped))
        else:
            parts.append(f"<p>{'<br>'.join(escaped)}</p>")
    parts.append("</main><footer>Pubblicato sul BUR - pagina generata</footer></body></html>")
    return "\n".join(parts).encode("utf-8")


def render_docx(source: dict[str, Any], style: Style) -> bytes:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    document = docx.Document()
    section = document.sections[0]
    section.header.paragraphs[0].text = f"{source['front_matter'][0]} - Statuto"
    section.footer.paragraphs[0].text = "Pagina"
    document.core_properties.author = "statuti-check"
    for kind, lines in blocks(source, style):
        for line in lines:
            if kind == "division":
                document.add_heading(line, level=1)
            elif kind == "heading":
                document.add_heading(line, level=2)
            else:
                paragraph = document.add_paragraph(line)
                paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    buffer = io.BytesIO()
    document.save(buffer)
    return _deterministic_zip(buffer.getvalue())


_ODT_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"'
)


def render_odt(source: dict[str, Any], style: Style) -> bytes:
    body: list[str] = []
    for kind, lines in blocks(source, style):
        for line in lines:
            escaped = html.escape(line, quote=False).replace("  ", " <text:s/>")
            level = {"division": 1, "heading": 2}.get(kind)
            body.append(
                f'<text:h text:outline-level="{level}">{escaped}</text:h>'
                if level
                else f"<text:p>{escaped}</text:p>"
            )
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {_ODT_NS}>'
        f"<office:body><office:text>{''.join(body)}</office:text></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            _entry("mimetype"), "application/vnd.oasis.opendocument.text", zipfile.ZIP_STORED
        )
        archive.writestr(_entry("content.xml"), content, zipfile.ZIP_DEFLATED)
        archive.writestr(_entry("META-INF/manifest.xml"), manifest, zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def _entry(name: str) -> zipfile.ZipInfo:
    return zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))


def _deterministic_zip(data: bytes) -> bytes:
    """Rewrite a zip with fixed timestamps so regenerated files do not churn in git."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            data = source.read(info.filename)
            archive.writestr(_entry(info.filename), data, zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def render_pdf(source: dict[str, Any], style: Style) -> bytes:
    """A4, justified Italian hyphenated text, running header, "Pagina N di M" footer."""
    from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import cm
    from reportlab.platypus import (
        BaseDocTemplate,
        Frame,
        PageBreak,
        PageTemplate,
        Paragraph,
        Spacer,
    )  # fmt: skip

    body = ParagraphStyle(
        "body", fontName="Times-Roman", fontSize=11, leading=14, alignment=TA_JUSTIFY,
        spaceAfter=4, hyphenationLang="it_IT", embeddedHyphenation=1, uriWasteReduce=0.3,
    )  # fmt: skip
    lettera = ParagraphStyle("lettera", parent=body, leftIndent=18, spaceAfter=0)
    heading = ParagraphStyle(
        "heading", parent=body, fontName="Times-Bold", alignment=0, spaceBefore=8, spaceAfter=4
    )
    division = ParagraphStyle(
        "division", parent=heading, alignment=TA_CENTER, fontSize=12, spaceBefore=14
    )
    front = ParagraphStyle("front", parent=body, alignment=TA_CENTER, fontSize=12, leading=16)
    listing = ParagraphStyle("listing", parent=body, alignment=0, spaceAfter=0)
    header_text = f"{source['front_matter'][0].title()} - Statuto"

    def decorate(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont("Times-Italic", 9)
        canvas.drawString(2.5 * cm, A4[1] - 1.5 * cm, header_text)
        canvas.drawCentredString(A4[0] / 2, 1.2 * cm, f"Pagina {doc.page}")
        canvas.restoreState()

    story: list[Any] = []
    for kind, lines in blocks(source, style):
        if kind == "front":
            story += [Paragraph(html.escape(line), front) for line in lines] + [Spacer(1, 12)]
        elif kind in ("division", "heading"):
            chosen = division if kind == "division" else heading
            story += [Paragraph(html.escape(line), chosen) for line in lines]
        elif kind == "index":  # a table of contents has its own page
            story += [PageBreak(), *(Paragraph(html.escape(line), listing) for line in lines)]
            story.append(PageBreak())
        elif kind in ("annex", "closing"):
            story += [Paragraph(html.escape(line), listing) for line in lines]
        else:
            for i, line in enumerate(lines):
                is_item = re.match(r"^[a-z]{1,2}\)", line) is not None
                story.append(Paragraph(html.escape(line), lettera if is_item and i else body))
    buffer = io.BytesIO()
    document = BaseDocTemplate(
        buffer, pagesize=A4, leftMargin=2.5 * cm, rightMargin=2.5 * cm, topMargin=2.5 * cm,
        bottomMargin=2.5 * cm, invariant=1, title=header_text, author="statuti-check",
    )  # fmt: skip
    gutter = 0.8 * cm
    width = (document.width - gutter * (style.columns - 1)) / style.columns
    frames = [
        Frame(document.leftMargin + i * (width + gutter), document.bottomMargin, width,
              document.height, id=f"column-{i}")
        for i in range(style.columns)
    ]  # fmt: skip
    document.addPageTemplates([PageTemplate(frames=frames, onPage=decorate)])
    document.build(story)
    return buffer.getvalue()


def render(source: dict[str, Any], style: Style) -> bytes:
    """The document bytes in the style's format."""
    if style.format == "txt":
        return encode_text(render_text(source, style), style)
    renderer = {"html": render_html, "docx": render_docx, "odt": render_odt, "pdf": render_pdf}
    rendered = renderer[style.format](source, style)
    return scan_of(rendered) if style.scan and style.format == "pdf" else rendered


SCAN_DPI = 300


def scan_of(pdf: bytes, dpi: int = SCAN_DPI) -> bytes:
    """The PDF as a scanner gives it: one black-and-white image per page, no text layer."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    images = [
        page.render(scale=dpi / 72, grayscale=True).to_pil().convert("1") for page in document
    ]
    document.close()
    out = io.BytesIO()
    fixed = time.gmtime(1577836800)  # 2020-01-01, fixed: no churn in git
    images[0].save(out, "PDF", save_all=True, append_images=images[1:], resolution=dpi,
                   creationDate=fixed, modDate=fixed)  # fmt: skip
    return out.getvalue()


def sidecar(source: dict[str, Any], style: Style) -> dict[str, Any]:
    """Ground truth the parser must reproduce from the rendered document."""
    divisions: list[dict[str, Any]] = []
    articles: list[dict[str, Any]] = []
    context: dict[str, str | None] = {"titolo": None, "capo": None, "sezione": None}
    for item in source["body"]:
        ((kind, node),) = item.items()
        if kind != "articolo":
            levels = ["titolo", "capo", "sezione"]
            for lower in levels[levels.index(kind) :]:
                context[lower] = None
            context[kind] = node["number"]
            heading = node.get("heading")
            divisions.append(
                {
                    "kind": kind,
                    "number": node["number"],
                    "heading": heading.upper() if heading else None,
                }
            )
            continue
        numbered = style.comma != "unnumbered"
        articles.append(
            {
                "number": node["number"],
                "heading": expected_heading(node.get("heading"), style),
                **context,
                "commi": [
                    {
                        "number": str(i) if numbered else None,
                        "letters": sum(
                            1 for line in text.split("\n") if re.match(r"^[a-z]{1,2}\)", line)
                        ),
                    }
                    for i, text in enumerate(node["commi"], start=1)
                ],
                "notes": sum(1 for line in node.get("notes", []) if not NOTE_TITLE.match(line)),
            }
        )
    return {
        "file": f"{source['slug']}.{style.format}",
        "authority": source["authority"],
        "adopted": source["adopted"],
        "last_amended": source.get("last_amended"),
        "divisions": divisions,
        "articles": articles,
        "indexes": _expected_indexes(source),
        "other_matter": _expected_other_matter(source, style),
        "intended_verdicts": source.get("intended_verdicts", {}),
    }


# A line that titles the notes after an article ("Note:", "Nota all'articolo 6:"): no note itself.
NOTE_TITLE = re.compile(r"^(?:NOTE|Note|NOTA|Nota)(?:\s+all'articolo\s+\d+)?\s*:?$")
_OTHER_MATTER = {"deliberation": "deliberazione", "closing": "chiusura", "annex": "allegato"}


def _expected_other_matter(source: dict[str, Any], style: Style) -> list[str]:
    """The deliberation and the closing as one piece each (one block a line), annexes each."""
    kinds = [kind for kind, _ in blocks(source, style) if kind in _OTHER_MATTER]
    grouped = [kind for kind, _ in itertools.groupby(kinds) if kind != "annex"]
    return [_OTHER_MATTER[kind] for kind in grouped + ["annex"] * kinds.count("annex")]


def _expected_indexes(source: dict[str, Any]) -> list[dict[str, Any]]:
    """Each printed index: its title and the article numbers it lists."""
    options = source.get("index")
    if not options:
        return []
    numbers = [item["articolo"]["number"] for item in source["body"] if "articolo" in item]
    index = {"title": options.get("title"), "entries": numbers}
    return [index, index] if options["position"] == "both" else [index]


def build(slug: str, style: Style, directory: Path = CORPUS) -> Path:
    source = load_source(slug)
    path = directory / f"{slug}.{style.format}"
    path.write_bytes(render(source, style))
    expected = json.dumps(sidecar(source, style), ensure_ascii=False, indent=1) + "\n"
    (directory / f"{slug}.expected.json").write_text(expected, encoding="utf-8")
    return path


def main() -> int:
    for slug, style in load_styles().items():
        print(build(slug, style).relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
