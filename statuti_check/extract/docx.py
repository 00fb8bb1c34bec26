"""DOCX: body paragraphs in order, one line each; Word's headers and footers stay out."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from statuti_check.errors import InputError


def _paragraph_text(paragraph: Paragraph) -> str:
    return paragraph.text.replace("\n", " ").replace("\t", " ")


def read_docx(path: Path) -> list[str]:
    """One page of text, paragraphs separated by a blank line (they are the document's own)."""
    try:
        document = docx.Document(str(path))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise InputError(
            "Il file DOCX è danneggiato o non è un documento Word valido.",
            f"{path}: python-docx cannot open the file ({exc})",
        ) from exc
    body = document.element.body
    lines: list[str] = []
    for block in body.iterchildren():
        if block.tag == qn("w:p"):
            lines.append(_paragraph_text(Paragraph(block, document)))
        elif block.tag == qn("w:tbl"):
            table = Table(block, document)
            lines.extend(" ".join(cell.text for cell in row.cells) for row in table.rows)
    return ["\n\n".join(line for line in lines if line.strip())]
