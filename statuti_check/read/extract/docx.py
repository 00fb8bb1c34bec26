"""DOCX: body paragraphs in order, one line each; Word's headers and footers stay out.

Pages follow the breaks Word records: page breaks typed by the author, paragraphs set to start
a page, and the break markers Word leaves where it last laid the pages out
(w:lastRenderedPageBreak). A paragraph belongs to the page it starts on, as a citation
"art. 5, pagina 3" means.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import docx
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from statuti_check.errors import InputError


def _paragraph_text(paragraph: Paragraph) -> str:
    return paragraph.text.replace("\n", " ").replace("\t", " ")


def _is_break(element: Any) -> bool:
    if element.tag == qn("w:br"):
        return bool(element.get(qn("w:type")) == "page")
    return bool(element.tag == qn("w:lastRenderedPageBreak"))


def _breaks(block: Any) -> tuple[bool, bool]:
    """Whether a page starts before this paragraph, and whether one starts after it.

    A break before any of the paragraph's text moves the whole paragraph to the new page; a
    break inside it leaves the paragraph where it starts and opens the page after it.
    """
    before = block.find(f"{qn('w:pPr')}/{qn('w:pageBreakBefore')}") is not None
    seen_text = False
    after = False
    for element in block.iter():
        if element.tag == qn("w:t") and (element.text or "").strip():
            seen_text = True
        elif _is_break(element):
            if seen_text:
                after = True
            else:
                before = True
    return before, after


def read_docx(path: Path) -> list[str]:
    """Pages of text, paragraphs separated by a blank line (they are the document's own)."""
    try:
        document = docx.Document(str(path))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise InputError(
            "Il file DOCX è danneggiato o non è un documento Word valido.",
            f"{path}: python-docx cannot open the file ({exc})",
        ) from exc
    pages: list[list[str]] = [[]]
    for block in document.element.body.iterchildren():
        if block.tag == qn("w:p"):
            before, after = _breaks(block)
            if before and pages[-1]:
                pages.append([])
            pages[-1].append(_paragraph_text(Paragraph(block, document)))
            if after:
                pages.append([])
        elif block.tag == qn("w:tbl"):
            table = Table(block, document)
            pages[-1].extend(" ".join(cell.text for cell in row.cells) for row in table.rows)
    if len(pages) > 1 and not pages[-1]:  # a break after the last paragraph opens no page
        pages.pop()
    return ["\n\n".join(line for line in page if line.strip()) for page in pages]
