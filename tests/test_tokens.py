"""The tokenizer of matching (statuti_check.judge.tokens): the rules by example, and the tokens
and hits of spaCy's Italian tokenizer, which the matcher was built and measured with, recorded
by `python -m benchmarks.tokens --record` (spaCy is no dependency: the record stands for it)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from statuti_check.judge import matching
from statuti_check.judge.audit import _matcher
from statuti_check.judge.catalogue import load_catalogue
from statuti_check.judge.tokens import Tokens, tokenize

RECORD = Path(__file__).parent / "fixtures" / "tokens" / "spacy.json.gz"

# Each text with the tokens the rules of statuti_check/judge/tokens.py give it, written by hand.
CASES = [
    # elision: the article keeps its apostrophe, the word after it is a token of its own
    ("Dell'ente", ["dell'", "ente"]),
    ("un'altra", ["un'", "altra"]),
    ("all'8 marzo", ["all'", "8", "marzo"]),
    ("l’ente", ["l’", "ente"]),
    ("un' altra", ["un", "'", "altra"]),  # an apostrophe ending a chunk is a quote
    # abbreviations are exceptions, whole or inside a chunk
    ("l'art. 5", ["l'", "art.", "5"]),
    ("sull'art. 5", ["sull'", "art.", "5"]),
    ("(art. 6)", ["(", "art.", "6", ")"]),
    ("n. 267/2000", ["n.", "267/2000"]),
    ("c.d. quote rosa", ["c.d.", "quote", "rosa"]),
    ("uomini e/o donne,", ["uomini", "e/o", "donne", ","]),
    ("S.p.A.", ["s.p.a."]),
    ("S.r.l.", ["s.r.l", "."]),
    ("po' di", ["po'", "di"]),
    ("n° 5", ["n°", "5"]),
    # a full stop between letters stays inside; at the end after a letter it is a token
    ("D.Lgs. 198/2006", ["d.lgs", ".", "198/2006"]),
    ("art.6", ["art.6"]),
    ("il comune.", ["il", "comune", "."]),
    ("vedi 5/.", ["vedi", "5/."]),  # not after a slash
    ("n°.", ["n°", "."]),  # a symbol is cut out anywhere: "n", "°", "." and "n°" joined again
    ("e così via...", ["e", "così", "via", "..."]),
    # numbers, shares, units
    ("il 40% dei", ["il", "40", "%", "dei"]),
    ("1/3 dei componenti", ["1/3", "dei", "componenti"]),
    ("1,5 e 1-2", ["1,5", "e", "1", "-", "2"]),
    ("3° comma", ["3°", "comma"]),
    ("'20", ["'20"]),
    ("10km", ["10", "km"]),
    # brackets, quotes and marks at both ends
    ("«pari opportunità»", ["«", "pari", "opportunità", "»"]),
    ("comma 1:", ["comma", "1", ":"]),
    ("(vedi sopra);", ["(", "vedi", "sopra", ")", ";"]),
    # hyphens, commas and slashes between letters
    ("uomini-donne", ["uomini", "-", "donne"]),
    ("Art. 1 - Finalità", ["art.", "1", "-", "finalità"]),
    ("il/la Sindaco/a", ["il", "/", "la", "sindaco", "/", "a"]),
    ("donne,uomini", ["donne", ",", "uomini"]),
    # emoticons among the exceptions: a numbered item, a bracket closed before a colon
    ("8) la Giunta", ["8)", "la", "giunta"]),
    ("7) la Giunta", ["7", ")", "la", "giunta"]),
    ("(art. 5): il", ["(", "art.", "5", "):", "il"]),
    # addresses are not split
    ("www.comune.bologna.it", ["www.comune.bologna.it"]),
    ("pari-opportunita@comune.it", ["pari-opportunita@comune.it"]),
    # whitespace other than one space between chunks is a token
    ("a\nb", ["a", "\n", "b"]),
    ("a  b", ["a", " ", "b"]),
    (" a", [" ", "a"]),
    ("a \n b", ["a", "\n ", "b"]),
    ("a ", ["a"]),
    # quotes: "''" is an exception, kept whole unless a run across chunks goes first
    ("''x", ["''", "x"]),
    ("' ''x", ["'", "'", "'", "x"]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_the_rules_by_example(text: str, expected: list[str]) -> None:
    tokens = tokenize(text)
    assert tokens.words == expected
    lower = text.lower()
    assert [lower[start:end] for start, end in tokens.spans] == expected
    assert all(a[1] <= b[0] for a, b in zip(tokens.spans, tokens.spans[1:], strict=False))


def _recorded() -> list[tuple[str, Tokens]]:
    rows = json.loads(gzip.decompress(RECORD.read_bytes()))
    return [
        (text, Tokens([text.lower()[a:b] for a, b in spans], [(a, b) for a, b in spans]))
        for text, spans in rows
    ]


def test_tokens_are_spacys():
    """On texts holding every kind of chunk of the rules, fixtures, judgements and statutes."""
    recorded = _recorded()
    assert len(recorded) > 1000
    different = [text for text, theirs in recorded if tokenize(text) != theirs]
    assert not different, different[:5]


def test_hits_are_those_of_spacys_tokens(monkeypatch):
    """Whatever the catalogue: the matcher reads the recorded tokens and ours alike."""
    recorded = _recorded()
    texts = [text for text, _ in recorded]
    matcher = _matcher(load_catalogue())
    ours = matcher.hits(texts)
    monkeypatch.setattr(matching, "tokenize", dict(recorded).__getitem__)
    assert matcher.hits(texts) == ours
    assert sum(bool(found) for found in ours) > len(texts) / 2  # the texts do hold rule words
