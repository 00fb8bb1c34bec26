"""Matter printed with a statute that is not its body: indexes, annexes, notes, signatures.

Published statutes come with a table of contents (at the start, at the end, or both), the
deliberation that adopts them, notes and amendment histories after articles, annexes and the
signatures and publication stamps of the act. The parser must read none of it as articles: an
index line "Art. 1 - Finalità ........ 3" looks exactly like an article heading, and the real
"Art. 1" that follows would then be dropped as a duplicate. This module finds that matter by
line, from the shape of the lines around it; `structure` keeps it out of the body.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

SUFFIXES = ("bis", "ter", "quater", "quinquies", "sexies", "septies", "octies", "novies", "decies")


def article_key(number: str) -> tuple[int, int]:
    """Sort key of an article number: ("5 bis") → (5, 1)."""
    digits, _, suffix = number.partition(" ")
    return int(digits), SUFFIXES.index(suffix) + 1 if suffix else 0


# "INDICE", "Sommario", "INDICE DEGLI ARTICOLI", "Indice generale" alone on a line.
_INDEX_TITLE = re.compile(
    r"^(?:INDICE|Indice|SOMMARIO|Sommario)(?:\s+(?:DEGLI\s+ARTICOLI|degli\s+articoli|GENERALE|"
    r"generale|ANALITICO|analitico|DELLO\s+STATUTO|dello\s+statuto))?\s*:?$"
)
# Dot leaders or a page reference closing an index entry: "........ 3", "… pag. 12", "   7".
_LEADER = re.compile(
    r"(?:(?:\.\s?){3,}|…+|_{3,}|·{3,})\s*(?:pag\.?\s*)?\d{0,3}\s*$"
    r"|\s(?:pag\.|pag|pagina)\s*\d{0,3}\s*$"  # the number may wrap onto the next line
    r"|(?<=[^\W\d])\s+\d{1,3}$",
    re.IGNORECASE,
)
# Every leader ends, but for spaces, with a digit, a leader's character or a page word ("pag",
# "pag.", "pagina"); no other letter matches these case-insensitively.
_LEADER_ENDS = frozenset(".…_·gGaA")


def _ends_with_leader(line: str) -> bool:
    """Whether `_LEADER` finds leaders or a page reference closing the line.

    The pattern looks behind at every character: a line whose last character cannot end one
    is ruled out first (most lines of a statute).
    """
    last = line.rstrip()[-1:]
    return (last.isdecimal() or last in _LEADER_ENDS) and _LEADER.search(line) is not None


# A line of an index that is neither an entry nor a heading: a page number, leaders, column titles.
_FILLER = re.compile(
    r"^(?:(?:pag(?:\.|ina)?\s*)?[-–]?\s*\d{1,3}\s*[-–]?|[.…·_\s]+\d{0,3}|pag(?:\.|ine)?|pagina|"
    r"articol[oi]\s+pagin[ae])$",
    re.IGNORECASE,
)
# An entry written as "12 - Rubrica ...... 7" (no "Art."), read as one only under an index title.
_BARE_ENTRY = re.compile(r"^(?P<num>\d{1,3})(?:\s*(?:bis|ter|quater))?\s*[-–.)]\s*\S")
# A mention of an article inside a run-together index: "Art. 1 Finalità; Art. 2 Sede; ...".
_ARTICLE_MENTION = re.compile(
    r"\b(?:Art[.,]|ART[.,]|Articolo|ARTICOLO)\s*(?P<num>\d{1,3})\b"
    r"(?:\s*[-/]?\s*(?P<suf>bis|ter|quater|quinquies|sexies|septies|octies|novies|decies)\b)?",
    re.IGNORECASE,
)
_SENTENCE_END = (".", ";", ":")
_MENTION_CUT = re.compile(r"\b(?:Art\.|ART\.|Articolo|ARTICOLO)$")
_COMMA_START = re.compile(r"^(?:\d{1,3}\s*(?:bis|ter)?\s*(?:[.)]|°|[-–]\s)|[a-z]{1,2}\)\s)")
_WRAP_WIDTH = 90  # an index entry wrapped onto a second line is short

# The annex after the statute: "ALLEGATO A", "Allegato n. 1 - Stemma", not a header line such as
# "Allegato A alla deliberazione C.C. n. 5" that introduces the statute itself.
_ANNEX = re.compile(
    r"^(?:ALLEGATO|Allegato)\s+(?:[A-Z]|\d{1,2}|[Nn]\.\s*\d{1,2})\b\s*\)?\s*(?:[-–—:.]|$)"
)
_ANNEX_OF_ACT = re.compile(r"\b(?:deliberazion|delibera|d\.?\s?c\.?\s?c|c\.\s?c\.)", re.IGNORECASE)
# Approval formulas and publication stamps that close the act.
_END_MATTER = re.compile(
    r"^(?:Letto,?\s+approvato\s+e\s+sottoscritto|LETTO,?\s+APPROVATO\s+E\s+SOTTOSCRITTO"
    r"|CERTIFICATO\s+DI\s+PUBBLICAZIONE|RELATA\s+DI\s+PUBBLICAZIONE|ATTESTATO\s+DI\s+PUBBLICAZIONE"
    r"|Pubblicat[oa]\s+(?:all'[Aa]lbo|sul\s+(?:B\.?U\.?R|Bollettino))|Affiss[oa]\s+all'[Aa]lbo"
    r"|Entrat[oa]\s+in\s+vigore\s+il)\b"
)
# A signature: the officer's title alone on its line, or followed by "F.to" or a title and name.
_SIGNATURE = re.compile(
    r"^(?:IL|Il)\s+(?:SINDACO|Sindaco|PRESIDENTE(?:\s+DEL\s+CONSIGLIO(?:\s+COMUNALE)?)?"
    r"|Presidente(?:\s+del\s+Consiglio(?:\s+comunale)?)?|SEGRETARIO(?:\s+(?:COMUNALE|GENERALE))?"
    r"|Segretario(?:\s+(?:comunale|generale))?)"
    r"(?:\s*[:-]?\s*(?:[Ff]\.?\s?to|[Dd]ott(?:\.ssa|\.)|[Aa]vv\.|[Ii]ng\.|[Aa]rch\.)\s.*)?$"
)
# Notes after an article: a "Note" title, or an amendment history line.
_NOTE_TITLE = re.compile(r"^(?:NOTE|Note|NOTA|Nota)(?:\s+all'art(?:icolo|\.)\s*\d+\S*)?\s*:?$")
_NOTE_LINE = re.compile(
    r"^(?:\(\d{1,2}\)|\[\d{1,2}\]|\*+|[¹²³])?\s*[(\[]?\s*"
    r"(?:articolo|art\.|comma|commi|rubrica|lettera|testo|periodo|parol[ae]|così|il\s+presente"
    r"\s+articolo|l'articolo|il\s+comma|nota)\b[^\n]{0,80}?\b"
    r"(?:modificat|sostituit|aggiunt|inserit|abrogat|introdott|integrat|rinumerat)\w*\b"
    r"[^\n]{0,60}?\b(?:deliberazion|delibera|d\.?\s?c\.?\s?c|c\.\s?c\.|atto|legge)",
    re.IGNORECASE,
)
_FOOTNOTE = re.compile(r"^(?:\(\d{1,2}\)|\[\d{1,2}\])\s+\S")
# The deliberation that adopts the statute, printed before it.
_DELIBERATION_START = re.compile(
    r"^(?:IL\s+CONSIGLIO\s+(?:COMUNALE|PROVINCIALE|METROPOLITANO|DELL'UNIONE)"
    r"|Il\s+Consiglio\s+(?:comunale|provinciale|metropolitano|dell'Unione)\s*$"
    r"|DELIBERAZIONE\s+DEL\s+CONSIGLIO|VERBALE\s+DI\s+DELIBERAZIONE)"
)
_DELIBERATION_END = re.compile(r"^(?:D\s?E\s?L\s?I\s?B\s?E\s?R\s?A|DELIBERA\s*:?)\s*:?$")


@dataclass(frozen=True)
class IndexZone:
    """Lines [first, end) of a table of contents and the article numbers it lists."""

    first: int
    end: int
    title: str | None
    entries: tuple[str, ...]


def is_index_title(line: str) -> bool:
    """An index's title standing alone on its line."""
    return _INDEX_TITLE.match(line) is not None


def _kind(line: str, listed: str | None, division: bool) -> str:
    """How a line reads inside a possible index: entry, division, filler, wrap or prose."""
    if not line or _FILLER.match(line) or is_index_title(line):
        return "filler"
    mentions = len(_mentions(line))
    if listed is not None or mentions >= 2 or (mentions and ";" in line):
        return "entry"
    if division:
        return "division"
    if _COMMA_START.match(line):  # a comma or a lettera: the body has begun
        return "prose"
    if len(line) <= _WRAP_WIDTH and (not line.endswith(_SENTENCE_END) or _continues_entry(line)):
        return "wrap"
    return "prose"


def _continues_entry(line: str) -> bool:
    """A short line an index entry may end with: leaders, a page, ";" before the next entry."""
    return line.endswith(";") or _ends_with_leader(line)


def _runs(kinds: Sequence[str], weights: Sequence[int]) -> list[tuple[int, int]]:
    """Maximal runs of index-like lines listing at least two articles or divisions."""
    runs, start = [], None
    for i, kind in enumerate([*kinds, "prose"]):
        if kind == "prose":
            if start is not None and sum(weights[start:i]) >= 2:
                runs.append((start, i))
            start = None
        elif start is None and kind != "wrap":
            start = i
    return runs


def _restart(
    lines: Sequence[str], listed: dict[int, str], divisions: set[int], first: int, end: int
) -> int:
    """Where an index run runs into the body.

    That is the first entry numbered back from an earlier one, or a titolo or capo listed
    again; the body's own titolo/capo lines before such an entry go with the body.
    """
    highest: tuple[int, int] | None = None
    last_entry = first
    titoli: set[str] = set()
    lower: set[str] = set()  # capi and sezioni of the current titolo ("CAPO I" recurs in each)
    for i in range(first, end):
        if i in divisions:
            label = " ".join(lines[i].split()[:2]).upper()  # "TITOLO I", "CAPO II"
            seen = titoli if label.startswith("TITOLO") else lower
            if label in seen:
                return i
            seen.add(label)
            if seen is titoli:
                lower.clear()
        number = listed.get(i)
        if number is None:
            continue
        if highest is not None and article_key(number) <= highest:
            return next((j for j in range(last_entry + 1, i) if j in divisions), i)
        highest = article_key(number)
        last_entry = i
    return end


def index_zones(
    lines: Sequence[str], articles: dict[int, str], divisions: set[int]
) -> list[IndexZone]:
    """Tables of contents, found as runs of index-like lines.

    A run is an index under an index title, with leaders or page numbers, or when it lists
    articles that the body has again.

    `articles` maps the index of every line shaped like an article heading to its number and
    `divisions` holds those shaped like a titolo or capo, in or out of sequence.
    """
    titled_from: dict[int, str] = {}
    listed = dict(articles)  # line → the article it lists, with "12 - Rubrica .... 7" entries
    kinds: list[str] = []
    title: str | None = None
    for i, line in enumerate(lines):
        if is_index_title(line):
            title = line
        bare = _BARE_ENTRY.match(line) if title is not None and i not in articles else None
        if bare and _ends_with_leader(line):
            listed[i] = bare["num"].lstrip("0") or "0"
        kinds.append(_kind(line, listed.get(i), i in divisions))
        if i and kinds[-1] == "prose" and _MENTION_CUT.search(lines[i - 1]):
            kinds[-1] = "entry"  # "... Art." / "28 - Autonomia finanziaria;" wrapped
        title = None if kinds[-1] == "prose" else title
        if title is not None:
            titled_from[i] = title
    weights = [_weight(line, kind) for line, kind in zip(lines, kinds, strict=True)]
    occurrences = Counter(articles.values())
    zones = []
    for start, end in _runs(kinds, weights):
        while kinds[start] in ("filler", "wrap") and not is_index_title(lines[start]):
            start += 1
        end = _restart(lines, listed, divisions, start, end)
        while end > start and kinds[end - 1] == "filler":
            end -= 1
        entries = _entries(lines, listed, start, end)
        items = [i for i in range(start, end) if kinds[i] in ("entry", "division")]
        leaders = sum(1 for i in items if _has_leader(lines[i]))
        inside = Counter(articles[i] for i in range(start, end) if i in articles)
        repeated = sum(1 for number in entries if occurrences[number] > inside[number])
        title = titled_from.get(start)
        indexed = (
            (title is not None and sum(weights[start:end]) >= 2)
            or (len(items) >= 3 and leaders * 2 >= len(items))
            or (len(entries) >= 3 and repeated * 3 >= len(entries) * 2)
        )
        if indexed:
            first = _title_line(lines, start) if title else start
            zones.append(IndexZone(first, end, title, tuple(entries)))
    return zones


def _weight(line: str, kind: str) -> int:
    """How many articles or divisions a line lists (several when run together)."""
    if kind == "entry":
        return max(1, len(_mentions(line)))
    return 1 if kind == "division" else 0


def _mentions(line: str) -> list[re.Match[str]]:
    """Articles named with a capitalised keyword, as indexes do ("art. 50 del TUEL" is prose)."""
    if "art" not in line.lower():  # every mention holds it; no other letter matches a, r, t
        return []
    return [m for m in _ARTICLE_MENTION.finditer(line) if m.group(0)[0].isupper()]


def _has_leader(line: str) -> bool:
    """Leaders or a page number after the entry: the article's own number is no page number."""
    return _ends_with_leader(_ARTICLE_MENTION.sub("", line, count=1))


def _entries(lines: Sequence[str], listed: dict[int, str], start: int, end: int) -> list[str]:
    """The article numbers an index lists, in order, however its entries are laid out."""
    numbers: dict[str, None] = {}
    for i in range(start, end):
        if not _mentions(lines[i]) and i in listed:  # "12 - Rubrica ..... 7"
            numbers[listed[i]] = None
    # Mentions are read on the joined lines: "... Art." and "28 - Autonomia" are one.
    for match in _mentions(" ".join(lines[start:end])):
        suffix = f" {match['suf'].lower()}" if match["suf"] else ""
        numbers.setdefault((match["num"].lstrip("0") or "0") + suffix)
    return sorted(numbers, key=article_key)


def _title_line(lines: Sequence[str], start: int) -> int:
    """The index title's line at or above `start` (only blank lines and fillers between)."""
    i = start
    while i > 0 and not is_index_title(lines[i]):
        i -= 1
    return i


def is_annex(line: str) -> bool:
    """An annex's title after the statute ("ALLEGATO A - Stemma"), not a header naming the act."""
    return _ANNEX.match(line) is not None and not _ANNEX_OF_ACT.search(line)


def is_end_matter(line: str, following: str = "") -> bool:
    """Signatures, "Letto, approvato e sottoscritto", publication and entry-into-force stamps.

    A line that goes on in lower case on the next one is a sentence of the body instead.
    """
    if following[:1].islower():
        return False
    return _END_MATTER.match(line) is not None or _SIGNATURE.match(line) is not None


def is_note_start(line: str) -> bool:
    """A note title or an amendment history line ("Articolo modificato con deliberazione ...")."""
    if _NOTE_TITLE.match(line):
        return True
    if not line or not (line[0].isupper() or line[0] in "([*¹²³"):
        return False
    return _NOTE_LINE.match(line) is not None


def is_note_title(line: str) -> bool:
    """A line that titles notes ("Note:", "Nota all'articolo 6:"), no note of its own."""
    return _NOTE_TITLE.match(line) is not None


def is_footnote(line: str) -> bool:
    """A footnote's own line, "(1) ..." or "[2] ...", once notes have begun."""
    return _FOOTNOTE.match(line) is not None


def deliberation_span(lines: Sequence[str], end: int) -> tuple[int, int] | None:
    """Lines [first, last] of an adopting deliberation among the first `end` lines, if any.

    It runs from its heading to "DELIBERA" and the points that follow it, written in lower case
    ("di approvare il nuovo statuto ...") or numbered.
    """
    first = next((i for i in range(end) if _DELIBERATION_START.match(lines[i])), None)
    if first is None:
        return None
    last = next((i for i in range(first, end) if _DELIBERATION_END.match(lines[i])), end - 1)
    while last + 1 < end and (not lines[last + 1] or _DISPOSITIVE.match(lines[last + 1])):
        last += 1
    while last > first and not lines[last]:
        last -= 1
    return first, last


_DISPOSITIVE = re.compile(r"^(?:[a-zà-ù]|\d{1,2}\s*[.)-]|[-•])")
