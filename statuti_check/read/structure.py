"""From a Document to a Statute: titoli, capi, sezioni, articoli, commi and lettere.

The parser works line by line on the cleaned text. A line opens an article only when it looks
like an article heading in form (a capitalised "Art."/"Articolo", a number, then nothing, a
delimiter or a capitalised heading) and in sequence (numbers move forward): that is what keeps
cross-references such as "art. 6 del TUEL" or "Art. 12, comma 3" inside their comma.
Every node keeps character offsets into `Document.text` and its page span.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import cache
from typing import Any, NamedTuple, cast

from statuti_check.read import nonbody
from statuti_check.read.frontmatter import parse_front_matter
from statuti_check.read.model import (
    Article,
    Comma,
    Division,
    DivisionKind,
    Document,
    Index,
    Letter,
    NodeKind,
    Note,
    OtherKind,
    OtherMatter,
    Span,
    Statute,
)
from statuti_check.read.nonbody import SUFFIXES, article_key

_SUFFIX = "|".join(SUFFIXES)
_DELIMITER = "-–—:.("
_MAX_JUMP = 15  # an article number further ahead than this is read as a cross-reference

# OCR reads "Art." as "Art," or "Arl.", "ARTICOLO" as "ART1COLO", a 5 as "S" and a 1 as "I" or "l"
# (extract.clean.repair_ocr mends the words of OCR'd pages; headings are tolerated here).
_ARTICLE = re.compile(
    rf"^(?P<kw>ART(?:ICOLO|1COLO|lCOLO)?\b[.,]?|Art(?:icolo)?\b[.,]?|Ar[l1]\b\.?)"
    rf"\s*(?P<num>\d{{1,2}}[SOIl](?=\W|$)|[SIl]\d?(?=\W|$)|\d{{1,3}})\s*°?"
    rf"(?:\s*[-/]?\s*(?P<suf>{_SUFFIX})\b)?\.?\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
_OCR_DIGITS = str.maketrans("SOIl", "5011")
_DIVISION = re.compile(
    r"^(?P<kind>TITOLO|Titolo|CAPO|Capo|SEZIONE|Sezione)\s+"
    r"(?P<num>[IVXLC]+|\d{1,2}|PRIMO|SECONDO|TERZO|QUARTO|QUINTO|SESTO|SETTIMO|OTTAVO|UNICO"
    r"|(?=[IVXLCHl1]*[Hl])[IVXLCHl1]{1,6})"
    r"\b\.?\s*(?P<rest>.*)$"
)
# OCR reads the strokes of a Roman numeral as "H" (II) or "l" and "1" (I): "TITOLO HI" is III.
_OCR_ROMAN = str.maketrans({"H": "II", "l": "I", "1": "I"})
_COMMA_TOKEN = r"{n}\s*(?:[.)](?!\d)|°\)?|[-–](?=\s))[ \t]*"
# Inside a line a comma number follows a sentence ("… efficienza. 2. La Giunta", also without the
# space, "vicesindaco.2. Possono") or, where the full stop was forgotten, a word ("Vice Sindaco
# 2. Gli assessori"); a preceding "comma", "art." or "n." makes it a reference instead.
_COMMA_INLINE = r"(?:(?<=[.;:!?»\"”)])[ \t]*|(?<=[^\W\d])[ \t]+){n}\s*[.)]\s+(?=[A-ZÀ-Ý«\"“(])"
_REFERENCE_BEFORE = re.compile(
    r"(?:\b(?:comma|commi|articolo|articoli|numero|lettera|punto|legge|tuel)\s*"
    r"|\b(?:art|artt|n|nn|lett|l|c|co|d\.\s?lgs|d\.\s?p\.\s?r|r\.\s?d)\.?\s*)$",
    re.IGNORECASE,
)
_PREAMBLE_LINES = 2  # notes such as "(Nuovo)" or "(modificato con delibera …)" before comma 1
_RUN_IN_FIRST_COMMA = re.compile(r"(?:^|\s)(?=1\s*[.)]\s+[A-ZÀ-Ý])")
LETTER_AT_LINE = re.compile(r"^(?P<letter>[a-z]{1,2}(?: bis)?)\)\s+")
_END_PUNCTUATION = (".", ";", ":", ",")
# Words a rubrica never ends with: a heading cut after one goes on on the next line.
_DANGLING = frozenset({
    "di", "del", "dello", "della", "dei", "degli", "delle", "d'", "a", "al", "allo", "alla", "ai",
    "agli", "alle", "da", "dal", "dalla", "dai", "dalle", "in", "nel", "nello", "nella", "nei",
    "negli", "nelle", "su", "sul", "sulla", "per", "con", "tra", "fra", "e", "ed", "o", "il", "lo",
    "la", "i", "gli", "le", "un", "uno", "una",
})  # fmt: skip


class _Line(NamedTuple):  # a tuple: a statute has tens of thousands of lines, split often
    start: int
    text: str  # stripped

    @property
    def end(self) -> int:
        return self.start + len(self.text)


@dataclass(frozen=True)
class _Heading:
    kind: NodeKind
    number: str
    heading: str | None
    first: int  # index of the heading line
    body: int  # index of the first line after the heading
    body_offset: int | None = None  # where the body starts when it shares the heading's line


def _lines(text: str) -> list[_Line]:
    lines, offset = [], 0
    for raw in text.split("\n"):
        lead = len(raw) - len(raw.lstrip())
        lines.append(_Line(offset + lead, raw.strip()))
        offset += len(raw) + 1
    return lines


# Where OCR ran a titolo's heading into the next article: "TITOLO III - PARTECIPAZIONE ARTICOLO 9".
_FUSED_ARTICLE = re.compile(r"\s(?=(?:ARTICOLO|ART\.|Articolo|Art\.)\s*\d{1,3}\b)")


def _split_fused(lines: list[_Line]) -> list[_Line]:
    """A division line with an article heading inside it becomes two lines."""
    out = []
    for line in lines:
        division = _DIVISION.match(line.text)
        fused = _FUSED_ARTICLE.search(line.text, division.end("num")) if division else None
        if fused and _article_form(line.text[fused.end() :]):
            out += [
                _Line(line.start, line.text[: fused.start()].rstrip()),
                _Line(line.start + fused.end(), line.text[fused.end() :]),
            ]
        else:
            out.append(line)
    return out


def _clean_heading(text: str) -> str | None:
    text = text.strip().lstrip("-–—:.").strip()
    while text.startswith("(") and text.endswith(")"):  # "Art. 11 ((abrogato))"
        text = text[1:-1].strip()
    text = text.rstrip(".").strip()
    return text or None


def _is_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 3 and all(c.isupper() for c in letters)


def _starts_comma(text: str) -> bool:
    return re.match(r"^\d{1,3}\s*(?:bis|ter)?\s*(?:[.)]|°|[-–]\s)", text) is not None


def _opens_heading(rest: str) -> bool:
    """After "Art. 5" a heading starts with a delimiter or a capital; "del TUEL" is a citation."""
    return not rest or rest[0] in _DELIMITER or rest[0].isupper() or rest[0] == "«"


def _structural(text: str) -> bool:
    return bool(_ARTICLE.match(text) or _DIVISION.match(text))


def _division_form(text: str) -> re.Match[str] | None:
    match = _DIVISION.match(text)
    return match if match and _opens_heading(match["rest"]) else None


def _article_form(text: str) -> re.Match[str] | None:
    """An article heading in form (capitalised keyword, a heading or nothing after the number)."""
    match = _ARTICLE.match(text)
    if not match or not match["kw"][0].isupper() or not _opens_heading(match["rest"]):
        return None
    return match


def _article_number(match: re.Match[str]) -> str:
    number = match["num"].upper().translate(_OCR_DIGITS).lstrip("0") or "0"
    return f"{number} {match['suf'].lower()}" if match["suf"] else number


class _Parser:
    def __init__(self, document: Document) -> None:
        self.document = document
        self.text = document.text
        self.lines = _split_fused(_lines(self.text))
        self.warnings: list[str] = []
        texts = [line.text for line in self.lines]
        forms = {
            i: _article_form(text) for i, text in enumerate(texts) if text[:3].upper() == "ART"
        }
        articles = {i: _article_number(m) for i, m in forms.items() if m}
        divisions = {i for i, text in enumerate(texts) if _division_form(text)}
        self.indexes = nonbody.index_zones(texts, articles, divisions)
        self.skip = {zone.first: zone.end for zone in self.indexes}
        # Lines where the body stops without a new heading: an index, an annex, end matter.
        self.stops: list[tuple[int, OtherKind | None]] = [(z.first, None) for z in self.indexes]

    def _next_filled(self, index: int) -> int | None:
        for i in range(index, len(self.lines)):
            if self.lines[i].text:
                return i
        return None

    def _parenthesised(self, index: int, first: str) -> tuple[str, int]:
        """A heading in parentheses, possibly wrapped over several lines: text, next line index."""
        parts, i = [first], index
        while ")" not in parts[-1] and i + 1 < len(self.lines) and self.lines[i + 1].text:
            i += 1
            parts.append(self.lines[i].text)
        return " ".join(parts), i + 1

    def _heading_below(self, index: int, kind: NodeKind) -> tuple[str | None, int]:
        """A heading written on the line(s) after "ARTICOLO 5" or "TITOLO I", if there is one."""
        i = self._next_filled(index)
        if i is None:
            return None, index
        line = self.lines[i].text
        if line.startswith("("):
            heading, after = self._parenthesised(i, line)
            return _clean_heading(heading), after
        if _structural(line) or _starts_comma(line) or LETTER_AT_LINE.match(line):
            return None, index
        if _is_upper(line) and len(line) < 160:
            parts, j = [line], i + 1
            while (
                j < len(self.lines)
                and self.lines[j].text
                and _is_upper(self.lines[j].text)
                and not _structural(self.lines[j].text)
            ):
                parts.append(self.lines[j].text)
                j += 1
            return _clean_heading(" ".join(parts)), j
        below = self._next_filled(i + 1)
        followed_by_heading = below is None or _structural(self.lines[below].text)
        short = len(line) < 100 and line[:1].isupper() and not line.endswith(_END_PUNCTUATION)
        # A line that runs on into a lower-case next line is a wrapped paragraph, not a rubrica.
        runs_on = below == i + 1 and self.lines[below].text[:1].islower()
        if short and not runs_on and (kind != "articolo" or not followed_by_heading):
            return _clean_heading(line), i + 1
        return None, index

    def _heading_continues(self, index: int, heading: str) -> tuple[str, int]:
        """A long same-line heading wrapped onto continuation lines.

        A continuation starts in lower case, or follows a heading cut after an article or a
        preposition ("Composizione e nomina della / Giunta"): no rubrica ends so. A dangling
        word takes on one line at most, so a body whose lines end in "la" stays a body.
        """
        dangling = heading.rsplit(None, 1)[-1] in _DANGLING  # case kept: "Capo I" is no "i"
        while index < len(self.lines):
            line = self.lines[index].text
            if not line or LETTER_AT_LINE.match(line) or _structural(line) or _starts_comma(line):
                break
            if not (line[:1].islower() or dangling):
                break
            heading, index, dangling = f"{heading} {line}", index + 1, False
        return heading, index

    def _heading_from(
        self, index: int, rest: str, kind: NodeKind
    ) -> tuple[str | None, int, int | None]:
        """Heading after the number (in parentheses, same line or below), body line, body offset."""
        if rest.startswith("("):
            text, body = self._parenthesised(index, rest)
            return _clean_heading(text), body, None
        run_in = _RUN_IN_FIRST_COMMA.search(rest) if kind == "articolo" else None
        if run_in and run_in.start() > 0:  # "Art. 5 - Finalità 1. Il Comune ..." on one line
            offset = self.lines[index].end - len(rest) + run_in.end()
            return _clean_heading(rest[: run_in.start()]), index + 1, offset
        if _clean_heading(rest):
            text, body = self._heading_continues(index + 1, rest)
            return _clean_heading(text), body, None
        heading, body = self._heading_below(index + 1, kind)
        return heading, body, None

    def _article_at(self, index: int, previous: str | None) -> _Heading | None:
        match = _article_form(self.lines[index].text)
        if not match:
            return None
        number = _article_number(match)
        if previous is not None and not self._in_sequence(previous, number, index):
            return None
        heading, body, offset = self._heading_from(index, match["rest"], "articolo")
        return _Heading("articolo", number, heading, index, body, offset)

    def _in_sequence(self, previous: str, number: str, index: int) -> bool:
        before, now = article_key(previous), article_key(number)
        if before < now <= (before[0] + _MAX_JUMP, 99):
            return True
        # A repeated or backwards number is a numbering slip only where a sentence has ended, or
        # a division's heading: "CAPO III – LA GIUNTA", then "Art. 31" after "Art. 1" in an excerpt.
        prev_line = self._previous_filled(index)
        return now[0] >= before[0] - 1 and (
            prev_line is None
            or prev_line.endswith((".", ")"))
            or _division_form(prev_line) is not None
        )

    def _previous_filled(self, index: int) -> str | None:
        for i in range(index - 1, -1, -1):
            if self.lines[i].text:
                return self.lines[i].text
        return None

    def _division_at(self, index: int) -> _Heading | None:
        match = _division_form(self.lines[index].text)
        if not match:
            return None
        kind = cast(DivisionKind, match["kind"].lower())
        heading, body, _ = self._heading_from(index, match["rest"], kind)
        number = match["num"]
        number = number.translate(_OCR_ROMAN) if not number.isdigit() else number
        return _Heading(kind, number, heading, index, body)

    def _annexes(self, index: int) -> int:
        """Where annexes end: at the end, or at an index printed after them.

        Their articles are their own; each further annex title opens another.
        """
        following = [zone.first for zone in self.indexes if zone.first > index]
        end = min(following, default=len(self.lines))
        self.stops += [
            (i, "allegato") for i in range(index + 1, end) if nonbody.is_annex(self.lines[i].text)
        ]
        return end

    def _closing(self, index: int) -> OtherKind | None:
        """The matter this body line opens, if any: an annex or the act's closing."""
        line = self.lines[index].text
        if nonbody.is_annex(line):
            return "allegato"
        following = self._next_filled(index + 1)
        after = self.lines[following].text if following is not None else ""
        return "chiusura" if nonbody.is_end_matter(line, after) else None

    def _continues_closing(self, found: list[_Heading], kind: OtherKind) -> bool:
        """Signatures after "Letto, approvato e sottoscritto" are one closing, not several."""
        if not self.stops or kind != "chiusura":
            return False
        line, last = self.stops[-1]
        return last == kind and (not found or found[-1].first < line)

    def headings(self) -> list[_Heading]:
        found: list[_Heading] = []
        previous: str | None = None
        index = 0
        while index < len(self.lines):
            if index in self.skip:
                index = self.skip[index]
                continue
            closing = self._closing(index) if previous is not None else None
            if closing is not None:
                if not self._continues_closing(found, closing):
                    self.stops.append((index, closing))
                index = self._annexes(index) if closing == "allegato" else index + 1
                continue
            heading = self._division_at(index) or self._article_at(index, previous)
            if heading is None:
                index += 1
                continue
            if heading.kind == "articolo":
                previous = heading.number
            found.append(heading)
            index = max(heading.body, index + 1)
        return found

    def span(self, start: int, end: int) -> dict[str, Any]:
        """Offsets plus the pages they fall on, as keyword arguments for a node."""
        return {
            "start": start,
            "end": end,
            "page_start": self.document.page_at(start),
            "page_end": self.document.page_at(max(end - 1, start)),
        }


def reflow(raw: str) -> str:
    """Join wrapped lines with spaces; lettere and paragraphs keep a line of their own."""
    out: list[str] = []
    for line in (part.strip() for part in raw.split("\n")):
        if not line:
            if out and out[-1] != "\n":
                out.append("\n")
        elif LETTER_AT_LINE.match(line) and out and out[-1] != "\n":
            out.extend(("\n", line))
        else:
            glue = "" if not out or out[-1] == "\n" or out[-1].endswith("'") else " "
            out.append(glue + line)
    return "".join(out).strip()


@cache
def _comma_pattern(number: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Where comma `number` starts, and its number alone (which every such start contains)."""
    token = re.escape(number).replace(r"\ ", r"\s*[-]?\s*")
    at_line = "^[ \t]*" + _COMMA_TOKEN.format(n=token)
    return re.compile(f"{at_line}|{_COMMA_INLINE.format(n=token)}", re.MULTILINE), re.compile(token)


def _next_numbers(number: str) -> list[str]:
    digits, suffix = article_key(number)
    following = SUFFIXES[suffix] if suffix < len(SUFFIXES) else None
    return [str(digits + 1)] + ([f"{digits} {following}"] if following else [])


def _find_comma(body: str, number: str, position: int) -> re.Match[str] | None:
    """The first place after `position` where comma `number` starts, skipping references.

    The start pattern looks behind at every character; most searches are for a number the rest
    of the article lacks (the comma after the last, a "bis"), which its number alone rules out
    quickly.
    """
    start, number_alone = _comma_pattern(number)
    first = number_alone.search(body, position)
    if not first:
        return None
    for match in start.finditer(body, _blank_run_start(body, first.start(), position)):
        if not _REFERENCE_BEFORE.search(body[max(0, match.start() - 12) : match.start()]):
            return match
    return None


def _blank_run_start(text: str, index: int, floor: int) -> int:
    """Where the spaces and tabs just before `index` begin (not before `floor`).

    A comma's start is its number with at most such a run before it (at a line start, or after
    a sentence or a word): none starts between `floor` and the run before the number's first
    occurrence, so the start pattern, which looks behind at every character, is run from there.
    """
    while index > floor and text[index - 1] in " \t":
        index -= 1
    return index


def _first_comma(body: str) -> re.Match[str] | None:
    """Comma 1 at the start of the body, or after a short note such as "(Nuovo)"."""
    first = _find_comma(body, "1", 0)
    if first is None:
        return None
    before = [line for line in body[: first.start()].split("\n") if line.strip()]
    at_line_start = body[: first.start()].endswith("\n") or not body[: first.start()].strip()
    short_note = len(before) <= _PREAMBLE_LINES and all(len(line) < 80 for line in before)
    return first if at_line_start and short_note else None


def _numbered_commi(body: str) -> list[tuple[str, int, int]]:
    """(number, text start, next comma start) of commi numbered 1, 2, 2 bis, 3 … in order.

    A missing number (a slip: 1, 2, 4) is bridged by looking for the one after it.
    """
    first = _first_comma(body)
    if not first:
        return []
    starts = [("1", first.start(), first.end())]
    while True:
        previous, position = starts[-1][0], starts[-1][2]
        found = [
            (match.start(), match.end(), number)
            for number in _next_numbers(previous)
            if (match := _find_comma(body, number, position))
        ]
        if not found:
            skipped = str(article_key(previous)[0] + 2)
            match = _find_comma(body, skipped, position)
            found = [(match.start(), match.end(), skipped)] if match else []
        if not found:
            break
        begin, end, number = min(found)
        starts.append((number, begin, end))
    return [
        (number, text_start, starts[i + 1][1] if i + 1 < len(starts) else len(body))
        for i, (number, _, text_start) in enumerate(starts)
    ]


def _paragraphs(body: str) -> list[tuple[int, int]]:
    """Paragraph spans: blank lines, or a short line closing a sentence, end a paragraph."""
    lines = _lines(body)
    width = max((len(line.text) for line in lines), default=0)
    spans: list[tuple[int, int]] = []
    start: int | None = None
    for i, line in enumerate(lines):
        if not line.text:
            if start is not None:
                spans.append((start, lines[i - 1].end))
                start = None
            continue
        lettera = LETTER_AT_LINE.match(line.text) is not None
        if start is None:  # a list continues the comma that introduced it
            start = spans.pop()[0] if lettera and spans else line.start
        following = lines[i + 1].text if i + 1 < len(lines) else ""
        closes = line.text.endswith((".", ";", ":")) and len(line.text) < 0.8 * width
        if closes and following[:1].isupper() and not LETTER_AT_LINE.match(following):
            spans.append((start, line.end))
            start = None
    if start is not None:
        spans.append((start, lines[-1].end))
    return spans


_LETTER_INLINE = re.compile(r"(?<=[:;])\s+(?P<letter>[a-z])\)\s+")
# … in a comma typed in capitals, capital lettere too ("IL SINDACO: A) NOMINA …; B) …")
_CAPITALS = 0.6  # the share of capitals among the letters above which a text is typed in them
_LETTER_AT_LINE_CAPITALS = re.compile(LETTER_AT_LINE.pattern, re.IGNORECASE)
_LETTER_INLINE_CAPITALS = re.compile(_LETTER_INLINE.pattern, re.IGNORECASE)


def typed_in_capitals(text: str) -> bool:
    """Whether a text is typed in capitals ("IL SINDACO NOMINA …"), as many old statutes are."""
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) > _CAPITALS * len(letters)


def _letter_starts(raw: str) -> list[tuple[int, str, int]]:
    """(start, letter, text start) of lettere: at line starts, else inline "…: a) …; b) …"."""
    if ")" not in raw:  # both forms close the letter with it: most commi have no lettere
        return []
    capitals = typed_in_capitals(raw)
    at_line = _LETTER_AT_LINE_CAPITALS if capitals else LETTER_AT_LINE
    at_lines = [
        (line.start, match["letter"].lower(), line.start + match.end())
        for line in _lines(raw)
        if (match := at_line.match(line.text))
    ]
    if at_lines:
        return at_lines
    inline, expected = [], "a"
    for match in (_LETTER_INLINE_CAPITALS if capitals else _LETTER_INLINE).finditer(raw):
        if match["letter"].lower() == expected:
            inline.append((match.start("letter"), expected, match.end()))
            expected = chr(ord(expected) + 1)
    return inline if len(inline) >= 2 else []


def _letters(parser: _Parser, raw: str, base: int) -> list[Letter]:
    starts = _letter_starts(raw)
    letters = []
    for i, (start, letter, text_start) in enumerate(starts):
        end = starts[i + 1][0] if i + 1 < len(starts) else len(raw)
        segment_end = start + len(raw[start:end].rstrip())
        letters.append(
            Letter(
                letter=letter,
                text=reflow(raw[text_start:segment_end]),
                **parser.span(base + start, base + segment_end),
            )
        )
    return letters


def _commi(parser: _Parser, body: str, base: int) -> list[Comma]:
    numbered = _numbered_commi(body)
    pieces = (
        [(number, start, end) for number, start, end in numbered]
        if numbered
        else [(None, start, end) for start, end in _paragraphs(body)]
    )
    commi = []
    for number, start, end in pieces:
        raw = body[start:end]
        stripped = raw.rstrip()
        lead = len(stripped) - len(stripped.lstrip())
        stripped = stripped.strip()
        if not stripped:
            continue
        begin = base + start + lead
        commi.append(
            Comma(
                number=number,
                text=reflow(stripped),
                letters=_letters(parser, stripped, begin),
                **parser.span(begin, begin + len(stripped)),
            )
        )
    return commi


def _numbering_warnings(articles: list[Article]) -> list[str]:
    warnings = []
    for before, after in itertools.pairwise(articles):
        (b_num, b_suf), (a_num, a_suf) = article_key(before.number), article_key(after.number)
        if (a_num, a_suf) <= (b_num, b_suf):
            warnings.append(
                f"Articolo {after.number} duplicato o fuori ordine "
                f"(dopo l'articolo {before.number})."
            )
        elif a_num > b_num + 1 or (a_num == b_num + 1 and a_suf):
            warnings.append(
                "Numerazione degli articoli interrotta: "
                f"dopo l'articolo {before.number} segue l'articolo {after.number}."
            )
    return warnings


def _note_spans(body: str) -> list[tuple[int, int]]:
    """Where notes and amendment histories lie in an article's body.

    Only after the article's own text has begun: a short note before comma 1 ("(Nuovo)") stays
    the preamble the comma finder skips. Notes run to the article's end, or, when a footnote sat
    at the foot of a page, to the next comma the article goes on with.
    """
    spans: list[tuple[int, int]] = []
    started, note_start = False, None
    for line in _lines(body):
        if not line.text:
            continue
        if note_start is None and started and nonbody.is_note_start(line.text):
            note_start = line.start
        elif note_start is not None and _starts_comma(line.text):
            spans.append((note_start, line.start))
            note_start = None
        started = True
    return [*spans, (note_start, len(body))] if note_start is not None else spans


def _without(body: str, spans: list[tuple[int, int]]) -> str:
    """The body with these spans blanked (line ends kept), so offsets stay true."""
    pieces, done = [], 0
    for start, end in spans:
        pieces += [body[done:start], re.sub(r"[^\n]", " ", body[start:end])]
        done = end
    return "".join([*pieces, body[done:]])


def _notes(parser: _Parser, body: str, base: int) -> list[Note]:
    """One note per "(1) ..." footnote or history line; a "Note" title is no note of its own."""
    starts = [
        line.start
        for line in _lines(body)
        if nonbody.is_note_start(line.text) or nonbody.is_footnote(line.text)
    ]
    notes = []
    for i, start in enumerate(starts):
        end = starts[i + 1] if i + 1 < len(starts) else len(body)
        text = reflow(body[start:end])
        if not text or nonbody.is_note_title(text):
            continue
        stripped = body[start:end].rstrip()
        notes.append(Note(text=text, **parser.span(base + start, base + len(stripped))))
    return notes


def _index_warnings(indexes: list[Index], articles: list[Article]) -> list[str]:
    """An index that lists other articles than the body has: say so, keep the body."""
    warnings = []
    body = {article.number for article in articles}
    for index in indexes:
        if len(index.entries) < 3:
            continue
        listed = set(index.entries)
        missing = sorted(listed - body, key=article_key)
        extra = sorted(body - listed, key=article_key)
        where = f"L'indice {_pages_phrase(index)}"
        if missing:
            found = "nel testo non sono stati trovati"
            warnings.append(f"{where} elenca articoli che {found}: {_numbers(missing)}.")
        if extra:
            warnings.append(f"{where} non elenca articoli presenti nel testo: {_numbers(extra)}.")
    return warnings


def _numbers(numbers: list[str]) -> str:
    shown = ", ".join(numbers[:10])
    return shown + (f" e altri {len(numbers) - 10}" if len(numbers) > 10 else "")


def _pages_phrase(node: Span) -> str:
    if node.page_start is None:
        return "del documento"
    if node.page_start == node.page_end:
        return f"a pagina {node.page_start}"
    return f"alle pagine {node.page_start}-{node.page_end}"


_REPEALED = re.compile(r"abrogat|soppress", re.IGNORECASE)
_FEW_COMMI_MIN_ARTICLES = 5


def _thin_body_warnings(articles: list[Article], indexes: list[Index]) -> list[str]:
    """A real statute's articles have commi: most articles without any means a misread body."""
    standing = [a for a in articles if not (a.heading and _REPEALED.search(a.heading))]
    empty = [a for a in standing if not a.commi]
    warnings = []
    if len(standing) >= _FEW_COMMI_MIN_ARTICLES and len(empty) * 2 > len(standing):
        warnings.append(
            f"In {len(empty)} articoli su {len(standing)} non è stato riconosciuto alcun comma: "
            "la struttura del testo potrebbe non essere stata letta correttamente e le verifiche "
            "vanno controllate sul documento."
        )
    listed = max((len(index.entries) for index in indexes), default=0)
    if listed >= _FEW_COMMI_MIN_ARTICLES and len(articles) * 4 < listed * 3:
        warnings.append(
            f"L'indice elenca {listed} articoli ma nel testo ne sono stati riconosciuti "
            f"{len(articles)}: parte del testo potrebbe non essere stata letta."
        )
    return warnings


def _article_end(parser: _Parser, first: int, end: int) -> int:
    """An article ends at the next heading or where an index, annex or closing matter begins."""
    following = bisect_right(parser.stops, first, key=lambda stop: stop[0])  # sorted by line
    if following == len(parser.stops):
        return end
    return min(end, parser.lines[parser.stops[following][0]].start)


def _other_matter(parser: _Parser, headings: list[_Heading], front_end: int) -> list[OtherMatter]:
    """The adopting deliberation before the body, annexes and closing matter after articles."""
    text, lines = parser.text, parser.lines
    found: list[OtherMatter] = []
    front_lines = next((i for i, line in enumerate(lines) if line.start >= front_end), len(lines))
    deliberation = nonbody.deliberation_span([line.text for line in lines], front_lines)
    if deliberation:
        start, end = lines[deliberation[0]].start, lines[deliberation[1]].end
        found.append(_matter(parser, "deliberazione", start, end))
    boundaries = sorted(
        {h.first for h in headings} | {line for line, _ in parser.stops} | {len(lines)}
    )
    for line, kind in parser.stops:
        if kind is None:
            continue
        after = boundaries[bisect_right(boundaries, line)]
        end = lines[after].start if after < len(lines) else len(text)
        found.append(_matter(parser, kind, lines[line].start, end))
    return sorted(found, key=lambda matter: matter.start)


def _matter(parser: _Parser, kind: OtherKind, start: int, end: int) -> OtherMatter:
    raw = parser.text[start:end].rstrip()
    return OtherMatter(kind=kind, text=reflow(raw), **parser.span(start, start + len(raw)))


def parse_statute(document: Document) -> Statute:
    """Split a document into its front matter, divisions and articles with commi."""
    parser = _Parser(document)
    headings = parser.headings()
    parser.stops.sort(key=lambda stop: stop[0])
    text = document.text
    divisions: list[Division] = []
    articles: list[Article] = []
    context: dict[str, str | None] = {"titolo": None, "capo": None, "sezione": None}
    for i, heading in enumerate(headings):
        start = parser.lines[heading.first].start
        end = parser.lines[headings[i + 1].first].start if i + 1 < len(headings) else len(text)
        end = _article_end(parser, heading.first, end)
        end = start + len(text[start:end].rstrip())
        if heading.kind != "articolo":
            levels = ["titolo", "capo", "sezione"]
            for lower in levels[levels.index(heading.kind) :]:
                context[lower] = None
            context[heading.kind] = heading.number
            heading_end = (
                parser.lines[heading.body - 1].end if heading.body > heading.first else end
            )
            divisions.append(
                Division(
                    kind=heading.kind,
                    number=heading.number,
                    heading=heading.heading,
                    **parser.span(start, heading_end),
                )
            )
            continue
        if heading.body_offset is not None:
            body_start = heading.body_offset
        else:
            body_start = (
                parser.lines[heading.body].start if heading.body < len(parser.lines) else end
            )
        body_start = min(body_start, end)
        body = text[body_start:end]
        notes = _note_spans(body)
        articles.append(
            Article(
                number=heading.number,
                heading=heading.heading,
                commi=_commi(parser, _without(body, notes), body_start),
                titolo=context["titolo"],
                capo=context["capo"],
                sezione=context["sezione"],
                notes=[n for a, b in notes for n in _notes(parser, body[a:b], body_start + a)],
                **parser.span(start, end),
            )
        )
    first = parser.lines[headings[0].first].start if headings else len(text)
    indexes = [
        Index(
            title=zone.title,
            entries=list(zone.entries),
            **parser.span(
                parser.lines[zone.first].start, parser.lines[max(zone.end - 1, zone.first)].end
            ),
        )
        for zone in parser.indexes
    ]
    warnings = _numbering_warnings(articles)
    if not articles:
        warnings.append("Nessun articolo riconosciuto: il testo potrebbe non essere uno statuto.")
    warnings += _index_warnings(indexes, articles) + _thin_body_warnings(articles, indexes)
    front_end = min([first, *(index.start for index in indexes if index.start < first)])
    return Statute(
        front_matter=parse_front_matter(text[:front_end], text),
        divisions=divisions,
        articles=articles,
        warnings=warnings,
        indexes=indexes,
        other_matter=_other_matter(parser, headings, front_end),
    )
