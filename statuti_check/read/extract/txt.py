"""Plain text: decode with the encodings statutes really use, pages at form feeds."""

from __future__ import annotations

import codecs
from pathlib import Path

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode(data: bytes) -> tuple[str, str]:
    """Text and the encoding used: BOM, then UTF-8, then cp1252, with latin-1 as last resort."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace"), encoding
    if data[:200].count(b"\x00") > len(data[:200]) // 4:
        little = data[1:200:2].count(b"\x00") >= data[0:200:2].count(b"\x00")
        encoding = "utf-16-le" if little else "utf-16-be"
        return data.decode(encoding, errors="replace"), encoding
    for encoding in ("utf-8", "cp1252"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1"), "latin-1"


def read_txt(path: Path) -> tuple[list[str], str]:
    """Pages split at form feeds (as `pdftotext` writes them) and the detected encoding."""
    text, encoding = decode(path.read_bytes())
    return text.split("\f"), encoding
