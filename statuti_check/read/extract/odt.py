"""ODT: paragraphs and headings of content.xml in document order (safe XML parsing).

Pages follow the text:soft-page-break marks LibreOffice writes where it laid out a new page; a
paragraph belongs to the page it starts on.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.etree.ElementTree import Element

from defusedxml import ElementTree

from statuti_check.errors import InputError

_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_BLOCKS = {f"{{{_TEXT}}}p", f"{{{_TEXT}}}h"}


def _inline_text(element: Element) -> str:
    """Text of a paragraph, expanding <text:s c="n"/>, tabs and line breaks to spaces."""
    parts = [element.text or ""]
    for child in element:
        if child.tag == f"{{{_TEXT}}}s":
            parts.append(" " * int(child.get(f"{{{_TEXT}}}c", "1")))
        elif child.tag in (f"{{{_TEXT}}}tab", f"{{{_TEXT}}}line-break"):
            parts.append(" ")
        elif child.tag != f"{{{_TEXT}}}note":
            parts.append(_inline_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


_BREAK = f"{{{_TEXT}}}soft-page-break"


def _page_marks(paragraph: Element) -> tuple[int, int]:
    """Page marks before the paragraph's text and within it."""
    marks = list(paragraph.iter(_BREAK))
    at_start = bool(marks) and not (paragraph.text or "").strip() and paragraph[0] is marks[0]
    return int(at_start), len(marks) - int(at_start)


def read_odt(path: Path) -> list[str]:
    """Pages of text, paragraphs separated by a blank line.

    LibreOffice writes one mark per page it starts, so every mark counts, even where a long
    paragraph leaves a page with no paragraph of its own.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            root = ElementTree.fromstring(archive.read("content.xml"))
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError) as exc:
        raise InputError(
            "Il file ODT è danneggiato o non è un documento OpenDocument valido.",
            f"{path}: cannot read content.xml ({exc})",
        ) from exc
    pages: list[list[str]] = [[]]
    blocks = [node for node in root.iter() if node.tag in _BLOCKS]
    in_paragraphs = {id(mark) for node in blocks for mark in node.iter(_BREAK)}
    for node in root.iter():
        if node.tag in _BLOCKS:
            before, within = _page_marks(node)
            pages += [[] for _ in range(before)]
            pages[-1].append(_inline_text(node))
            pages += [[] for _ in range(within)]
        elif node.tag == _BREAK and id(node) not in in_paragraphs:
            pages.append([])  # a mark between paragraphs, or before a table
    while len(pages) > 1 and not pages[-1]:  # marks after the last paragraph open no page
        pages.pop()
    return ["\n\n".join(text for text in page if text.strip()) for page in pages]
