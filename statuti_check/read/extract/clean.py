"""Text clean-up shared by every input format.

Real statute texts arrive with typographic ligatures, non-breaking spaces, words hyphenated at
line ends, running headers and page numbers, and broken accents ("č" for "è", "Ã¨" for "è").
Matching later works on words, so all of that is repaired here, once.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from functools import cache
from typing import Any

import ftfy

from statuti_check.read.nonbody import is_index_title

_SPACES = dict.fromkeys(
    map(ord, "\u00a0\u2007\u202f\u2009\u200a\u2002\u2003\u2004\u2005\u2006\t"), " "
)
_DROP = dict.fromkeys(map(ord, "\u200b\u200c\u200d\ufeff\x00"), None)
_APOSTROPHES = dict.fromkeys(map(ord, "\u2019\u2018\u02bc\u00b4`"), "'")
_LIGATURES = {
    "\ufb00": "ff",
    "\ufb01": "fi",
    "\ufb02": "fl",
    "\ufb03": "ffi",
    "\ufb04": "ffl",
    "\ufb06": "st",
}
_TRANSLATE = {**_SPACES, **_DROP, **_APOSTROPHES, **{ord(k): v for k, v in _LIGATURES.items()}}
_TRANSLATED = re.compile("[" + re.escape("".join(map(chr, _TRANSLATE))) + "]")  # a quick test

_CONTROL = re.compile(r"[\x01-\x08\x0b\x0e-\x1f\x7f]")
_ITALIAN_ACCENTED = set("àèéìíîòóùúÀÈÉÌÍÒÓÙÚ")
# Single-byte code pages that real pages were wrongly decoded with (seen in published statutes).
_WRONG_CODECS = ("cp1250", "iso8859_2", "iso8859_4", "iso8859_13", "cp1257")
_LETTER = r"[^\W\d_]"


@cache
def _accent_repairs() -> dict[str, str]:
    """Map each foreign letter that stands where a cp1252 byte meant an Italian accent."""
    repairs: dict[str, str] = {}
    latin = set("àáâãäåæçèéêëìíîïñòóôõöøùúûüýÿÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÑÒÓÔÕÖØÙÚÛÜÝ")
    for codec in _WRONG_CODECS:
        for byte in range(0xC0, 0x100):
            meant = bytes([byte]).decode("cp1252")
            seen = bytes([byte]).decode(codec, errors="replace")
            if meant in _ITALIAN_ACCENTED and seen not in latin and seen.isalpha():
                repairs.setdefault(seen, meant)
    return repairs


@cache
def _accent_pattern() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The broken accent, and the letters it is made of (a quick test that a page has none)."""
    chars = "".join(sorted(_accent_repairs()))
    # Italian accents sit at the end of a word ("è", "città", "perché"): a foreign letter there is
    # a broken accent, while the same letter inside a word may be a real Slovene or Czech name.
    broken = re.compile(rf"(?<!\S)[{chars}](?!\w)|(?<={_LETTER})[{chars}](?!\w)")
    return broken, re.compile(f"[{chars}]")


# A final vowel after a letter ("citta'") or the verb on its own ("e'", "E'"), before a word end;
# a vowel and an apostrophe at a word end, the quick test that a page has none.
_APOSTROPHE_ACCENT = re.compile(
    r"(?:(?<=[^\W\d_])|(?<![^\W\d_])(?=[eE]['’]))([aeiouAEIOU])['’](?=[\s.,;:)\]!?»\"]|$)"
)
_VOWEL_APOSTROPHE = re.compile(r"[aeiouAEIOU]['’](?=[\s.,;:)\]!?»\"]|$)")
_GRAVE = dict(zip("aeiouAEIOU", "àèìòùÀÈÌÒÙ", strict=True))
_ACUTE_ENDINGS = ("ch", "CH")  # perché, affinché, nonché: the acute accent


def _accent_for(match: re.Match[str]) -> str:
    vowel = match.group(1)
    before = match.string[max(0, match.start() - 2) : match.start()]
    if vowel in "eE" and before in _ACUTE_ENDINGS:
        return "é" if vowel == "e" else "É"
    return _GRAVE[vowel]


_FTFY_OPTIONS: dict[str, Any] = {
    "uncurl_quotes": False, "fix_character_width": False, "fix_line_breaks": False,
    "normalization": "NFC",
}  # fmt: skip
# Characters no ftfy fixer changes and in which its mojibake test finds nothing, however they are
# put together (tests/test_clean.py checks every three-character sequence with the installed
# ftfy): printable ASCII without "&" (an HTML entity) or "<" (it stops entity decoding for the
# rest of the text), and the lower-case accents, apostrophe, dash and degree of Italian text.
_PLAIN = "\t\f\r\x20-\x25\x27-\x3b\x3d-\x7eàèéìíòóù’–°"
_PLAIN_LINE = re.compile(f"[{_PLAIN}]*\n?\\Z")


def _fix_text(text: str) -> str:
    """`ftfy.fix_text(text, **_FTFY_OPTIONS)`, without handing it the lines it would not change.

    ftfy fixes a text line by line at some 50 µs a line, and nearly every line of a statute is
    made of `_PLAIN` characters only, which ftfy leaves as they are. Runs of the other lines go to
    ftfy as they stand, entity decoding switched off once a "<" was seen, as ftfy itself does.
    """
    pieces: list[str] = []
    entities: str | bool = "auto"
    lines = re.findall(r"[^\n]*\n|[^\n]+$", text)
    for plain, group in itertools.groupby(lines, key=lambda line: bool(_PLAIN_LINE.match(line))):
        run = "".join(group)
        if plain:
            pieces.append(run)
        else:
            pieces.append(ftfy.fix_text(run, unescape_html=entities, **_FTFY_OPTIONS))
            entities = False if "<" in run else entities
    return "".join(pieces)


def repair_accents(text: str) -> str:
    """Undo broken accents, as many published statutes have them.

    Mojibake (UTF-8 read as cp1252, cp1252 read as a Central European code page) and accents
    typed as apostrophes ("citta'", "e'", "perche'").
    """
    text = _fix_text(text)
    # Each pattern looks behind at every character: run only where its letters occur.
    broken, letters = _accent_pattern()
    if letters.search(text):
        repairs = _accent_repairs()
        text = broken.sub(lambda m: repairs[m.group(0)], text)
    return _APOSTROPHE_ACCENT.sub(_accent_for, text) if _VOWEL_APOSTROPHE.search(text) else text


def normalise(text: str) -> str:
    """NFC, plain spaces and apostrophes, no ligatures, soft hyphens or stray control characters."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    if _TRANSLATED.search(text):  # translate() costs as much with nothing to change
        text = text.translate(_TRANSLATE)
    if "\u00ad" in text or "\x02" in text:  # a scan of the page each, where `in` is quicker
        text = re.sub(r"[\u00ad\x02](?=\n)", "-", text)  # at a line end it marks hyphenation
    # pdfium joins a hyphenated line to the next and leaves U+FFFE where the hyphen was: restore
    # the line break, so the short last line of a paragraph still looks like one.
    text = text.replace("\ufffe", "-\n")
    if "\u00ad" in text or "\x02" in text:
        text = re.sub("[\u00ad\x02]", "", text)
    text = _CONTROL.sub("", text)
    if "  " in text:
        text = re.sub(r" {2,}", " ", text)
    return "\n".join(line.strip() for line in text.split("\n"))


_PAGE_NUMBER = re.compile(
    r"^(?:[-–—]\s*)?(?:pag(?:ina|\.)?\s*)?\d{1,4}(?:\s*(?:di|/|of)\s*\d{1,4})?(?:\s*[-–—])?$",
    re.IGNORECASE,
)
_EDGE_LINES = 2
_STRUCTURAL = re.compile(r"^(?:art\b|articolo|titolo|capo|sezione)", re.IGNORECASE)


def _edge_indexes(lines: list[str]) -> set[int]:
    filled = [i for i, line in enumerate(lines) if line.strip()]
    return set(filled[:_EDGE_LINES] + filled[-_EDGE_LINES:])


_DIGITS = re.compile(r"\d+")


def _shape(line: str) -> str:
    return _DIGITS.sub("#", line.strip().lower())


def strip_running_lines(pages: list[str]) -> tuple[list[str], int]:
    """Drop headers, footers and page numbers repeated at the top or bottom of pages.

    A line is running when its shape (digits masked, so "Pagina 3 di 40" matches every page) sits
    at a page edge on at least half of the pages and never in the middle of a page: an article
    heading such as "Art. 12" often opens a page, but also appears mid-page, so it stays.
    Bare page numbers at an edge go too. Returns the pages and how many lines were removed.
    """
    split = [page.split("\n") for page in pages]
    at_edge: Counter[str] = Counter()
    in_middle: set[str] = set()
    for lines in split:
        edges = _edge_indexes(lines)
        at_edge.update({_shape(lines[i]) for i in edges})
        in_middle.update(_shape(line) for i, line in enumerate(lines) if i not in edges)
    threshold = max(2, (len(pages) + 1) // 2)
    running = {
        shape for shape, count in at_edge.items() if count >= threshold and shape not in in_middle
    }
    # Headings and an index's title open pages too (an index printed first and last) but stay.
    running = {
        shape
        for shape in running
        if shape and not _STRUCTURAL.match(shape) and not is_index_title(shape.upper())
    }
    removed = 0
    cleaned = []
    for lines in split:
        drop = {
            i
            for i in _edge_indexes(lines)
            if _shape(lines[i]) in running or _PAGE_NUMBER.match(lines[i].strip())
        }
        removed += len(drop)
        kept = [line for i, line in enumerate(lines) if i not in drop]
        cleaned.append("\n".join(kept).strip("\n"))
    return cleaned, removed


# A word's head is taken whole (not preceded by a letter): trying it from each of its letters
# gives the same matches, at a cost that grows with the square of the word's length.
_HYPHENATED = re.compile(rf"(?<!{_LETTER})({_LETTER}+)-\n(\S+)( |$)", re.MULTILINE)
# The head of such a word, found on its own line only (search up to the line's end).
_HYPHENATED_HEAD = re.compile(rf"(?<!{_LETTER}){_LETTER}+-\n")


def _hyphenations(text: str) -> Iterator[re.Match[str]]:
    r"""The matches `_HYPHENATED.finditer(text)` gives, looked for only where a line ends in "-".

    The pattern looks behind at every character of a page, and pages have a few hyphenated
    words: each match holds a "-" and a line end, so only the line before each "-\n" is
    searched for the head, and the whole match is then read from the head's start. Matches do
    not overlap, as in `finditer`: a head the previous match's tail took is skipped.
    """
    end = 0
    hyphen = text.find("-\n")
    while hyphen >= 0:
        line_start = text.rfind("\n", 0, hyphen) + 1
        head = _HYPHENATED_HEAD.search(text, line_start, hyphen + 2)
        if head and head.start() >= end and (match := _HYPHENATED.match(text, head.start())):
            end = match.end()
            yield match
        hyphen = text.find("-\n", hyphen + 1)


def join_hyphenated(text: str) -> str:
    r"""Re-join words split at a line end, moving the tail of the word up to keep lines intact.

    "parte-\ncipazione alla" becomes "partecipazione\nalla"; before a capital the hyphen is kept
    ("Emilia-\nRomagna" → "Emilia-Romagna"), as it is a compound, not a line-break hyphen;
    in capitals both ways ("AMMINISTRA-\nTIVA", a heading in a narrow column) it is a break.
    """
    pieces, done = [], 0
    for match in _hyphenations(text):
        head, tail = match.group(1), match.group(2)
        in_capitals = head.isupper() and tail.rstrip(".,;:").isupper()
        hyphen = "-" if tail[:1].isupper() and not in_capitals else ""
        newline = "\n" if match.group(3) else ""
        pieces += [text[done : match.start()], f"{head}{hyphen}{tail}{newline}"]
        done = match.end()
    return "".join(pieces) + text[done:] if pieces else text


def _single_blank_lines(text: str) -> str:
    """Runs of blank lines as one (the pattern is run only on a page that has such a run)."""
    return re.sub(r"\n{3,}", "\n\n", text) if "\n\n\n" in text else text


def clean_pages(raw_pages: list[str], running_lines: bool) -> tuple[list[str], list[str]]:
    """Apply every repair in the order that keeps them independent; return pages and warnings."""
    pages = [normalise(repair_accents(page)) for page in raw_pages]
    warnings: list[str] = []
    if running_lines:
        pages, removed = strip_running_lines(pages)
        if removed:
            warnings.append(
                ("Rimossa 1 riga ripetuta" if removed == 1 else f"Rimosse {removed} righe ripetute")
                + " (intestazioni, piè di pagina, numeri di pagina)."
            )
    pages = [_single_blank_lines(join_hyphenated(page)).strip("\n") for page in pages]
    return pages, warnings


# What Tesseract makes of "2. Il Comune" at a comma's start ("2.11 Comune", "2.Il Comune"), and of
# the article "Il" anywhere ("II Comune"); a Roman "II" after TITOLO, CAPO or SEZIONE stays.
_OCR_COMMA_IL = re.compile(r"^(\d{1,3})\.\s?(?:11|I1|1I|1l|Il|II)(?=\s+\w)", re.MULTILINE)
_OCR_IL = re.compile(
    r"(?<!\w)(?<!TITOLO )(?<!Titolo )(?<!CAPO )(?<!Capo )(?<!SEZIONE )(?<!Sezione )(?<!PARTE )"
    r"(?<!Parte )II(?=\s+[A-ZÀ-Ý]?[a-zà-ù])"
)


def repair_ocr(text: str) -> str:
    """Undo the misreadings of Italian statute text that OCR makes most often."""
    return _OCR_IL.sub("Il", _OCR_COMMA_IL.sub(r"\1. Il", text))
