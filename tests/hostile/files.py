"""Hostile and difficult inputs, generated (nothing binary is committed): name → bytes.

`EXPECT` says what each must give: "error" (a clear Italian message) or "report" (a valid
report). Builders are deterministic, so a failure reproduces.
"""

from __future__ import annotations

import io
import random
import zipfile
from collections.abc import Callable

from reportlab.lib.pdfencrypt import StandardEncryption

from tests.conftest import blank_pdf, make_pdf
from tests.support.corpus_build import CORPUS

# A statute on one 1 MB line: within limits, judged piece by piece (see matching.bounded).
ONE_LINE = "Art. 1 - Principi. Il Comune garantisce pari opportunità tra donne e uomini. " * 13_000

LINES = ["COMUNE DI ZOCCA", "Statuto comunale", "Art. 1 - Principi",
         "1. Il Comune garantisce pari opportunità tra donne e uomini."]  # fmt: skip


def _raw_pdf(objects: list[str]) -> bytes:
    """A PDF from object bodies (1-based), with a correct cross-reference table."""
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n{body}\nendobj\n".encode())
    start = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{start}\n%%EOF\n".encode()
    )
    return out.getvalue()


def _deep_page_tree(depth: int = 5000) -> bytes:
    """Pages nested `depth` levels deep: recursion in a reader would overflow."""
    objects = ["<< /Type /Catalog /Pages 2 0 R >>"]
    for level in range(depth):
        number = level + 2
        kid = number + 1
        objects.append(f"<< /Type /Pages /Kids [{kid} 0 R] /Count 1 >>")
    objects.append(f"<< /Type /Page /Parent {depth + 1} 0 R /MediaBox [0 0 595 842] >>")
    return _raw_pdf(objects)


def _cyclic_page_tree() -> bytes:
    """A page tree whose node lists itself among its kids."""
    return _raw_pdf(["<< /Type /Catalog /Pages 2 0 R >>",
                     "<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
                     "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"])  # fmt: skip


def _zip_bomb() -> bytes:
    """A DOCX whose document.xml inflates to 300 MB (about 300 KB on disk)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w") as member:
            chunk = b"<w:t>" + b"a" * (1 << 20) + b"</w:t>"
            for _ in range(300):
                member.write(chunk)
    return out.getvalue()


def _zocca() -> str:
    return (CORPUS / "zocca.txt").read_text(encoding="utf-8")


GIANT_POINTS = 20_000  # a page side: 900 million pixels at the app's scale, several GB drawn


def giant_page_pdf() -> bytes:
    """Zocca's statute, every line on one page of 20,000 × 20,000 points: readable, not drawable."""
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=(GIANT_POINTS, GIANT_POINTS), invariant=1)
    y = GIANT_POINTS - 72
    for line in _zocca().splitlines():
        pdf.setFont("Helvetica", 11)
        pdf.drawString(72, y, line)
        y -= 14
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


BUILDERS: dict[str, Callable[[], bytes]] = {
    "vuoto.pdf": lambda: b"",
    "troncato.pdf": lambda: (CORPUS / "sassuolo.pdf").read_bytes()[:1500],
    "casuale.pdf": lambda: b"%PDF-1.7\n" + random.Random(7).randbytes(60_000),
    "protetto.pdf": lambda: make_pdf([LINES], encrypt=StandardEncryption("segreta")),
    "diecimila-pagine.pdf": lambda: blank_pdf(10_000),
    "albero-profondo.pdf": _deep_page_tree,
    "albero-ciclico.pdf": _cyclic_page_tree,
    "bomba.docx": _zip_bomb,
    "riga-enorme.html": lambda: (
        "<html><body><p>"
        + "Il Comune garantisce pari opportunità. " * 260_000
        + "</p></body></html>"
    ).encode("utf-8"),
    "una-riga.txt": lambda: ONE_LINE.encode("utf-8"),
    "cp1252.txt": lambda: _zocca().encode("cp1252"),
    "utf16.txt": lambda: _zocca().encode("utf-16"),
    "nome\x07con\x1bcontrolli.txt": lambda: _zocca().encode("utf-8"),
    "statuto..finale.txt": lambda: _zocca().encode("utf-8"),
    "pagina-gigante.pdf": giant_page_pdf,
}
EXPECT = {
    "vuoto.pdf": "error",
    "troncato.pdf": "error",
    "casuale.pdf": "error",
    "protetto.pdf": "error",
    "diecimila-pagine.pdf": "error",
    "albero-profondo.pdf": "error",
    "albero-ciclico.pdf": "error",
    "bomba.docx": "error",
    "riga-enorme.html": "error",
    "una-riga.txt": "report",
    "cp1252.txt": "report",
    "utf16.txt": "report",
    "nome\x07con\x1bcontrolli.txt": "report",
    "statuto..finale.txt": "report",
    "pagina-gigante.pdf": "report",
}
