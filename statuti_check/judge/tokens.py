"""Tokens for matching: the rules of spaCy's blank Italian tokenizer, in plain Python.

Matching counts tokens (a pattern's gap skips at most so many), stops gaps at punctuation tokens
and reports the character span of the tokens it matched, so the tokens decide the hits. They are
the tokens the matcher was written and measured with, spaCy 3's Italian tokenizer on lower-cased
text; importing spaCy and building its pipeline cost every worker a third of a second, and its
tokenizer a third of the matching time, for a job these rules do alone.

How a text is cut (each step as spaCy does it):

1. **Chunks.** The text is cut at whitespace. One space after a chunk only separates; any other
   run of whitespace is a token of its own (a line break, two spaces), minus that one space.
2. **Exceptions.** A chunk that is an exception (`_SPECIAL`: abbreviations such as "art.",
   "c.d.", "n.", "s.p.a.", "e/o", emoticons such as "8)" or "):") is kept as the exception says.
3. **Prefixes and suffixes.** Otherwise punctuation is peeled off both ends, one piece at a
   time, until an exception is left or nothing more comes off: brackets, quotes and marks
   ("(", "«", ",", ";", "…"), symbols ("°", "§", "€"), a full stop after a letter, a digit, a
   bracket or a quote ("comune." but not "n°."), a unit or currency after a digit ("40%",
   "10km"), "'20" and "3°" as a whole.
4. **Infixes.** What is left, unless it is an exception or a web or e-mail address, is split
   around dots in a row, a hyphen or a comma between letters ("uomini-donne", "a,b"), a colon,
   slash or "=<>" between a letter or digit and a letter ("il/la", "art:b"), an arithmetic sign
   between digits ("2-3"), and after an elided article ("dell'" + "ente", "l'" + "8"). A full
   stop between letters stays inside ("d.lgs", "art.6"), and so do "1/3" and "267/2000".
5. **Exceptions again.** Pieces of one chunk that spell an exception as the steps above would
   cut it are joined as the exception says ("sull'art." gives "sull'" and "art.").

Only what lower-cased text can hold is kept: exceptions with capitals, and rules that need a
capital letter, cannot apply. Letters are Unicode letters; spaCy's own lists of letters differ
from them only outside the Latin alphabets (Greek, Cyrillic, ...), and its list of symbols from
Unicode's "other symbol" category only in symbols added lately; units in Cyrillic or Arabic
script, symbols beyond the first 65,536 code points and addresses written as IP numbers are left
out. None of these occurs in an Italian statute. `tests/test_tokens.py` holds the rules by
example, and `python -m benchmarks.tokens` compares them with spaCy where it is installed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from functools import cache
from itertools import accumulate, count
from operator import add
from typing import NamedTuple

Span = tuple[int, int]


class Tokens(NamedTuple):
    """A text's tokens: lower-cased words and their character spans in the lower-cased text."""

    words: list[str]
    spans: list[Span]


_RUNS = re.compile(r"\S+|\s+")

_PUNCT = "…,:;!?¿؟¡()[]{}<>_#*&。？！，、；：～·।،۔؛٪"
_QUOTES = "'\"”“`‘´’‚,„»«「」『』（）〔〕【】《》〈〉〈〉⟦⟧"
_CURRENCY = "$£€¥฿₽﷼₴\u20a0-\u20bf"
_HYPHENS = "-|–|—|--|---|——|~"
_ELISION = "'’"
_UNITS = r"(?:k|d|c|m)?m[²³]?|ha|µm|nm|yd|in|ft|kg|g|mg|µg|t|lb|oz|m/s|km/h|kmh|mph|mbar|[mkgt]b|%"

# Exceptions that stay one token (a chunk, or pieces of one chunk spelling them); a list of 150
# strings would fill a page.
_WHOLE = (  # noqa: SIM905
    "a. b. c. d. e. f. g. h. i. j. k. l. m. n. o. p. q. r. s. t. u. v. w. x. y. z. ä. ö. ü. "
    "al. art. artt. att. avv. c.d. cm. col. distr. ecc. etc. pag. prof. sett. ss. tel. s.p.a. "
    "n° po' po’ all-path by-pass centro-sinistra check-up e-mail nord-est week-end c/c e/o de\" "
    ".. .... — ' ’ '' ’’ "
    # emoticons: "8)" and "):" do occur in statutes ("8) il Sindaco", "(art. 5):")
    "(*_*) (-8 (-: (-; (-_-) (._.) (: (; (= (>_<) (^_^) (o: (¬_¬) )-: ): ._. 8) 8-) "
    ":'( :') :'-( :'-) :( :(( :((( :() :) :)) :))) :* :-( :-(( :-((( :-) :-)) :-))) :-* :-/ "
    ":-0 :-3 :-> :-] :-o :-p :-x :-| :-} :/ :0 :1 :3 :> :] :o :o) :p :x :| :} :’( :’) :’-( "
    ":’-) ;) ;-) ;_; <.< </3 <3 <33 <333 <space> =( =) =/ =3 =[ =] =| >.< >.> >:( >:o "
    '><(((*> [-: [: [= \\") ]='
).split()
# Exceptions of several tokens.
_SPLIT = {
    **{f"{article}{mark}art.": (f"{article}{mark}", "art.")
       for article in ("all", "dall", "dell", "l", "nell") for mark in _ELISION},
    "sett..": ("sett.", "."),
    **{f"°{scale}.": ("°", scale, ".") for scale in "cfk"},
}  # fmt: skip
_SPECIAL: dict[str, tuple[str, ...]] = {**{word: (word,) for word in _WHOLE}, **_SPLIT}


# A letter: Unicode's letters but for those spaCy does not count ("ª", "º", "µ", "²", modifiers).
_LETTER = r"(?![\x80-\xbf\u01c0-\u01c3\u02b0-\u036f])[^\W\d_]"


class _Rules(NamedTuple):
    prefix: re.Pattern[str]
    suffix: re.Pattern[str]
    infix: re.Pattern[str]
    url: re.Pattern[str]


@cache
def _rules() -> _Rules:
    """The compiled rules; the class of symbols is read from Unicode on first use."""
    icons = "".join(
        re.escape(chr(code)) for code in range(0x10000) if unicodedata.category(chr(code)) == "So"
    )
    punct, quotes, letter = re.escape(_PUNCT), re.escape(_QUOTES), _LETTER
    single = re.escape("§%=—–" + _PUNCT + _QUOTES)
    prefix = rf"'[0-9][0-9]|[0-9]+°|\+(?![0-9])|\.\.+|[{single}{_CURRENCY}{icons}]"
    suffix = (
        rf"(?:……|\.\.+|[{punct}{quotes}{icons}—–]|['’]s|(?<=[0-9])[+{_CURRENCY}]"
        rf"|(?<=°[fck])\.|(?<=[0-9])(?:{_UNITS})|(?<=[0-9%²\-+{punct}|(?:{quotes}]|{letter})\.)$"
    )
    infix = (
        rf"\.\.+|…|[{icons}]|(?<=[0-9])[+\-*^](?=[0-9-])|(?<=[{quotes}]|{letter})\.(?=[{quotes}])"
        rf"|(?<={letter}),(?={letter})|(?<={letter})(?:{_HYPHENS})(?={letter})"
        rf"|(?<=[0-9]|{letter})[:<>=/](?={letter})|(?<={letter}[{_ELISION}])(?={letter}|[0-9\"])"
    )
    host = r"[a-z0-9\u00a1-\uffff]"
    url = (
        rf"(?:[\w+\-.]{{2,}}://)?(?:\S+(?::\S*)?@)?(?:(?:{host}[a-z0-9\u00a1-\uffff_-]{{0,62}})?"
        rf"{host}\.)+(?:{letter}){{2,63}}(?::\d{{2,5}})?(?:[/?#]\S*)?"
    )
    return _Rules(re.compile(prefix), re.compile(suffix), re.compile(infix), re.compile(url))


def _affixes(chunk: str, specials: dict[str, tuple[str, ...]]) -> list[str]:
    """Steps 2 to 4 for one chunk: its pieces before exceptions are looked for among them."""
    rules = _rules()
    prefixes: list[str] = []
    suffixes: list[str] = []
    string, last = chunk, 0
    while string and len(string) != last and string not in specials:
        last = len(string)
        found = rules.prefix.match(string)
        pre = found.end() if found else 0
        if pre and string[pre:] in specials:
            prefixes.append(string[:pre])
            string = string[pre:]
            break
        found = rules.suffix.search(string[pre:])
        suf = found.end() - found.start() if found else 0
        if suf and string[:-suf] in specials:
            suffixes.append(string[-suf:])
            string = string[:-suf]
            break
        if pre:
            prefixes.append(string[:pre])
        if suf:
            suffixes.append(string[-suf:])
        string = string[pre : len(string) - suf]
    return [*prefixes, *_middle(string, specials), *reversed(suffixes)]


def _middle(string: str, specials: dict[str, tuple[str, ...]]) -> list[str]:
    """Step 4: what the prefixes and suffixes leave, split at its infixes."""
    if not string:
        return []
    if string in specials:
        return list(specials[string])
    rules = _rules()
    if rules.url.fullmatch(string):
        return [string]
    pieces, start = [], 0
    for infix in rules.infix.finditer(string):
        if infix.start() == 0:
            continue
        pieces.append(string[start : infix.start()])
        pieces.append(infix.group())
        start = infix.end()
    pieces.append(string[start:])
    return [piece for piece in pieces if piece]


_Runs = dict[str, list[tuple[tuple[str, ...], tuple[str, ...]]]]


@cache
def _respelled() -> _Runs:
    """Step 5's table: by first piece, the exceptions of several pieces as steps 2-4 cut them."""
    table: _Runs = {}
    for word, pieces in _SPECIAL.items():
        cut = tuple(_affixes(word, {}))
        if len(cut) > 1:
            table.setdefault(cut[0], []).append((cut, pieces))
    return table


def _runs(words: list[str]) -> list[tuple[int, int, tuple[str, ...]]]:
    """Every run of tokens that spells an exception as steps 2-4 cut it: start, end, exception."""
    table = _respelled()
    return [
        (start, start + len(cut), exception)
        for start, word in enumerate(words)
        for cut, exception in table.get(word, ())
        if tuple(words[start : start + len(cut)]) == cut
    ]


def _rejoined(lower: str, tokens: Tokens) -> Tokens:
    """Step 5 over a whole text: runs of one chunk that spell an exception, as it says.

    As spaCy does it: runs are found over the text's tokens, chunk or not; a longer run goes
    first, of two as long the earlier; a run is dropped when its first or last token is in a run
    gone before, taken or dropped; a run taken is rewritten only when its tokens touch (one
    chunk). So a run across chunks can keep one inside a chunk apart ("' ''x": "'", "'", "'", "x").
    """
    seen: set[int] = set()
    taken: dict[int, tuple[int, tuple[str, ...]]] = {}
    for start, end, exception in sorted(_runs(tokens.words), key=lambda r: (r[0] - r[1], r[0])):
        if start not in seen and end - 1 not in seen:
            taken[start] = (end, exception)
        seen.update(range(start, end))
    words: list[str] = []
    spans: list[Span] = []
    index = 0
    while index < len(tokens.words):
        end, exception = taken.get(index, (index + 1, ()))
        first, last = tokens.spans[index][0], tokens.spans[end - 1][1]
        if exception and lower[first:last] == "".join(exception):
            for piece in exception:
                words.append(piece)
                spans.append((first, first + len(piece)))
                first += len(piece)
        else:
            words.extend(tokens.words[index:end])
            spans.extend(tokens.spans[index:end])
        index = end
    return Tokens(words, spans)


# A chunk's tokens (word, start, end in the chunk) and whether step 5 may change the text;
# None for a chunk that is one token, as most are. Chunks repeat: each is cut once per process.
_Cut = tuple[tuple[tuple[str, int, int], ...], bool] | None
_CUTS: dict[str, _Cut] = {}
_MAX_CUTS = 1 << 17  # distinct chunks kept (some thousands a statute): bounds a worker's memory
_MISSING: _Cut = ((), False)  # (a value no chunk has)


def _cut(chunk: str) -> _Cut:
    """Steps 2-4 for one chunk, remembered.

    Step 5 can change only a text with a chunk holding a run that spells an exception otherwise.
    A chunk of letters only is one token: no rule cuts between letters, no exception is letters.
    """
    pieces = [chunk] if chunk.isalpha() else _affixes(chunk, _SPECIAL)
    cut: _Cut = None
    if pieces != [chunk]:
        tokens, start = [], 0
        for piece in pieces:
            tokens.append((piece, start, start + len(piece)))
            start += len(piece)
        changes = any(tuple(pieces[first:end]) != said for first, end, said in _runs(pieces))
        cut = (tuple(tokens), changes)
    if len(_CUTS) >= _MAX_CUTS:
        _CUTS.clear()
    _CUTS[chunk] = cut
    return cut


# Whitespace other than one space between chunks: the text takes the slower way (`_runs_of`).
_IRREGULAR = re.compile(r"[^\S ]|  |^ | $")


def tokenize(text: str) -> Tokens:
    """The tokens of a text, lower-cased, with spans that are offsets in `text.lower()`.

    Each chunk is looked up among those already cut; most texts are chunks between single
    spaces, which `str.split` finds in a third of the time of a regular expression's matches.
    """
    lower = text.lower()
    if _IRREGULAR.search(lower):
        chunks: Iterable[tuple[str, int]] = _runs_of(lower)
    else:
        split = lower.split(" ")
        chunks = zip(split, map(add, accumulate(map(len, split), initial=0), count()), strict=False)
    words: list[str] = []
    spans: list[Span] = []
    respell, cuts = False, _CUTS
    for chunk, start in chunks:
        cut = cuts.get(chunk, _MISSING)
        if cut is _MISSING:
            cut = _cut(chunk)
        if cut is None:
            words.append(chunk)
            spans.append((start, start + len(chunk)))
        else:
            respell |= cut[1]
            for word, first, last in cut[0]:
                words.append(word)
                spans.append((start + first, start + last))
    tokens = Tokens(words, spans)
    return _rejoined(lower, tokens) if respell else tokens


def _runs_of(lower: str) -> Iterator[tuple[str, int]]:
    """Chunks and runs of whitespace with their starts; a run is one token, less one space."""
    for run in _RUNS.finditer(lower):
        chunk, start = run.group(), run.start()
        if chunk[0] == " " and start:  # the space that only separates
            chunk, start = chunk[1:], start + 1
        if chunk:
            yield chunk, start
