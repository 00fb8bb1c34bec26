"""ODT: paragraphs and headings of content.xml in document order (safe XML parsing)."""

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


def read_odt(path: Path) -> list[str]:
    """One page of text, paragraphs separated by a blank line."""
    try:
        with zipfile.ZipFile(path) as archive:
            root = ElementTree.fromstring(archive.read("content.xml"))
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError) as exc:
        raise InputError(
            "Il file ODT è danneggiato o non è un documento OpenDocument valido.",
            f"{path}: cannot read content.xml ({exc})",
        ) from exc
    paragraphs = [_inline_text(node) for node in root.iter() if node.tag in _BLOCKS]
    return ["\n\n".join(text for text in paragraphs if text.strip())]
