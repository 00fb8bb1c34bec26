"""Front matter: who the statute belongs to and which council acts adopted and amended it."""

from __future__ import annotations

import re
from datetime import date

from statuti_check.contract import AuthorityType
from statuti_check.read.model import Act, ActKind, FrontMatter

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("gennaio",), ("febbraio",), ("marzo",), ("aprile",), ("maggio",), ("giugno",),
            ("luglio",), ("agosto",), ("settembre",), ("ottobre",), ("novembre",), ("dicembre",),
        ],
        start=1,
    )
    for name in names
}  # fmt: skip
_MONTH = "|".join(MONTHS)
_DATE = re.compile(
    rf"(?P<d>\d{{1,2}})\s*°?\s*(?:(?P<m_word>{_MONTH})\s+|[./-](?P<m>\d{{1,2}})[./-])(?P<y>\d{{4}}|\d{{2}})\b",
    re.IGNORECASE,
)
_ACT = re.compile(
    r"(?P<body>deliberazion[ei]|delibera|D\.?\s?C\.?\s?C\.?|C\.\s?C\.|atto)"
    r"[^\n;]{0,80}?\bn(?:\.|um\.|umero)?\s*°?\s*(?P<number>\d+(?:/\d+)?)"
    r"\s*(?:,\s*)?(?:del|dd\.|in data|dell'|datata)?\s*(?P<date>[^\n;]{0,40})",
    re.IGNORECASE,
)
_AMENDMENT_WORDS = re.compile(r"modific|integra|aggiorna|variazion|revision|emendat", re.IGNORECASE)

_NAME = r"(?P<name>[^\n,;(]{2,80})"
_AUTHORITY_PATTERNS: tuple[tuple[AuthorityType, str], ...] = (
    ("unione", r"\bUNIONE\s+(?:DEI|DI|DELLE)?\s*(?P<name>[^\n]{2,80})"),
    ("citta_metropolitana", rf"\bCITT[AÀ]'?\s+METROPOLITANA\s+DI\s+{_NAME}"),
    ("provincia", rf"\bPROVINCIA\s+(?:AUTONOMA\s+)?DI\s+{_NAME}"),
    ("comune", rf"\b(?:COMUNE|CITT[AÀ]'?)\s+DI\s+{_NAME}"),
)
_AUTHORITY = tuple((kind, re.compile(rx, re.IGNORECASE)) for kind, rx in _AUTHORITY_PATTERNS)
_PROVINCE = dict(_AUTHORITY)["provincia"]


def parse_date(text: str) -> date | None:
    """The first Italian date in `text`: "17 novembre 2014", "26.04.2004", "3/2/2009"."""
    for match in _DATE.finditer(text):
        month = MONTHS[match["m_word"].lower()] if match["m_word"] else int(match["m"])
        year = int(match["y"])
        year += 1900 if year >= 50 and year < 100 else 2000 if year < 100 else 0
        try:
            return date(year, month, int(match["d"]))
        except ValueError:
            continue
    return None


# A line that goes on in lower case or with a number may continue an act begun above it.
_GOES_ON = re.compile(r"^[a-zà-ÿ\d]")


# A line ending inside a further act: "... e n. 30 del 27" / "giugno 2017".
_DANGLING_ACT = re.compile(
    r"\bn\.?\s*\d+\s*(?:del|dd\.|in data)?\s*(?:\d{1,2}\s*)?$", re.IGNORECASE
)


def _complete_act(line: str) -> bool:
    return any(parse_date(match["date"]) for match in _ACT.finditer(line))


def _join_wrapped(text: str) -> str:
    """Lines of an act wrapped in a narrow column joined; complete acts keep their own lines."""
    lines: list[str] = []
    for line in text.split("\n"):
        previous = lines[-1] if lines else ""
        cut = not _complete_act(previous) or _DANGLING_ACT.search(previous)
        if previous.strip() and _GOES_ON.match(line) and cut:
            lines[-1] = f"{lines[-1]} {line}"
        else:
            lines.append(line)
    return "\n".join(lines)


# "deliberazioni n. 14 del 9 marzo 2012 e n. 30 del 27 giugno 2017": the acts after the first.
_FURTHER_ACT = re.compile(
    r"^\s*(?:,|\be\b|\bed\b)\s*(?:con\s+)?(?:la\s+)?(?:deliberazione\s+)?"
    r"n(?:\.|um\.|umero)?\s*°?\s*(?P<number>\d+(?:/\d+)?)\s*(?:,\s*)?(?:del|dd\.|in data)?\s*"
    r"(?P<date>\d{1,2}\s*°?\s*(?:[a-z]+\s+|[./-]\d{1,2}[./-])\d{2,4})",
    re.IGNORECASE,
)


def _date_end(text: str) -> int:
    """Where the first valid date in `text` ends."""
    return next((m.end() for m in _DATE.finditer(text) if parse_date(m.group(0))), len(text))


def _further_acts(rest: str, kind: ActKind) -> list[Act]:
    """Acts listed after a first one on its line, of the same kind."""
    acts = []
    while (match := _FURTHER_ACT.match(rest)) and (when := parse_date(match["date"])):
        acts.append(Act(kind=kind, number=match["number"], date=when, text=match.group(0).strip()))
        rest = rest[match.end() :]
    return acts


def parse_acts(text: str) -> list[Act]:
    """Council acts with a number and a date; the kind comes from the words around them.

    Wrapped lines are joined first: in a narrow column "deliberazione del Consiglio / comunale
    n. 18 del 14 marzo 2003" is one act over two lines.
    """
    text = _join_wrapped(text)
    acts: list[Act] = []
    for match in _ACT.finditer(text):
        when = parse_date(match["date"])
        if when is None:
            continue
        line_start = text.rfind("\n", 0, match.start()) + 1
        context = text[line_start : match.end()]
        kind: ActKind = "modifica" if _AMENDMENT_WORDS.search(context) else "adozione"
        acts.append(Act(kind=kind, number=match["number"], date=when, text=context.strip()))
        date_end = match.start("date") + _date_end(match["date"])
        line_end = text.find("\n", date_end)
        acts += _further_acts(text[date_end : None if line_end < 0 else line_end], kind)
    adoptions = sorted(act.date for act in acts if act.kind == "adozione")
    # Several "adoption" dates with no amendment wording: the first adopted, the others amended.
    return [
        act.model_copy(update={"kind": "modifica"})
        if act.kind == "adozione" and adoptions and act.date > adoptions[0]
        else act
        for act in acts
    ]


_SMALL_WORDS = frozenset(
    re.findall(
        r"\w+",
        "di da del dello della dei degli delle d al allo alla ai agli alle in nel nella nei "
        "sul sullo sulla sui e ed con per tra fra a an der",
    )
)


def _title_case(name: str) -> str:
    """Italian title case for names written in capitals: "CASTELL'ARQUATO" → "Castell'Arquato"."""
    words = []
    for i, word in enumerate(name.lower().split()):
        parts = word.split("'")
        parts = [
            part if (j < len(parts) - 1 or i) and part in _SMALL_WORDS else part.capitalize()
            for j, part in enumerate(parts)
        ]
        words.append("'".join(parts))
    return " ".join(words)


def _tidy_name(name: str) -> str:
    name = re.split(r"\s+[-–—]\s+|\s{2,}", name.strip())[0].strip(" .:'\"")
    return _title_case(name) if name.isupper() else name


def find_authority(text: str) -> tuple[str | None, AuthorityType | None]:
    """The first authority named: "COMUNE DI X", "Provincia di Y", "Unione dei Comuni Z"."""
    best: tuple[int, str, AuthorityType] | None = None
    for kind, pattern in _AUTHORITY:
        match = pattern.search(text)
        if match and (best is None or match.start() < best[0]):
            name = match.group(0) if kind == "unione" else match["name"]
            best = (match.start(), _tidy_name(name), kind)
    return (best[1], best[2]) if best else (None, None)


def parse_front_matter(front: str, full_text: str) -> FrontMatter:
    """Read authority and acts from the front matter, falling back to the text's opening and end."""
    opening = front or full_text[:3000]
    name, kind = find_authority(opening)
    if name is None and front:  # a front page without the name: the opening articles may say it
        name, kind = find_authority(full_text[:3000])
    province = None
    if kind == "comune" and (match := _PROVINCE.search(opening)):
        province = _tidy_name(match["name"])
    acts = parse_acts(front) or parse_acts(full_text[-3000:])
    return FrontMatter(
        text=front.strip(), authority_name=name, authority_type=kind, province=province, acts=acts
    )
