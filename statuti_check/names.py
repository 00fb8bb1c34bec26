"""Names from files and documents, as reports show them and as output files are called.

A file name chosen by whoever uploads, or an authority's name read from a statute, reaches
reports, spreadsheets, tab labels and the file system. Unicode bidirectional controls can make
a name read otherwise than it is ("statuto\u202egpj.pdf" shows as "statutofdp.jpg"), other
control characters can break a line or a terminal: both are dealt with here, in one place, for
every report and output.
"""

from __future__ import annotations

import re
import unicodedata

# LRE, RLE, PDF, LRO, RLO; LRI, RLI, FSI, PDI; LRM, RLM; ALM.
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_NOT_FILE_SAFE = re.compile(r"[^\w.-]+")
_FILE_EDGES = "._- "
FALLBACK_STEM = "statuto"
_PREFIX = re.compile(
    r"^(?:comune|citta|provincia(?: autonoma)?|citta metropolitana|marktgemeinde|gemeinde)\s+di\s+"
)


def shown_name(text: str) -> str:
    """A name as reports print it: no bidirectional controls, other control characters as "?".

    Control characters are legal in file names; shown as "?" they stay visible, so two names
    that differ only by one are not printed alike.
    """
    return _CONTROLS.sub("?", BIDI_CONTROLS.sub("", text))


def file_stem(name: str, limit: int = 80) -> str:
    """A safe stem for an output file made from a user's name for it.

    Letters, digits, ".", "-" and "_" only (others become "_"), no folders, and never a leading
    "-" (a command would read it as an option) or "." (a hidden file); "statuto" when nothing
    is left.
    """
    stem = _NOT_FILE_SAFE.sub("_", BIDI_CONTROLS.sub("", name)).strip(_FILE_EDGES)
    return stem[:limit].strip(_FILE_EDGES) or FALLBACK_STEM


def name_key(name: str) -> str:
    """Letters only, no accents or case: "Castell'Arquato" and "CASTELL ARQUATO" meet.

    Plain ASCII names (most of the 7,900 comuni every worker indexes) have no accents to drop.
    """
    text = name.lower()
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c))
    text = _PREFIX.sub("", " ".join(text.split()))
    return re.sub(r"[^a-z]", "", text)
