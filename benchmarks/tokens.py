"""Our tokenizer against spaCy's blank Italian one: tokens, hits and time on every text at hand.

    pip install "spacy>=3.7,<4"   # not a dependency of the project: only this check needs it
    python -m benchmarks.tokens [--record]

Texts: every string of the rule files, test fixtures, benchmark judgements and sample statute
sources; the development clauses of ../shared/corpus-dev when present; the units (commi,
lettere, headings) of every `corpus/` statute and of the 60-page statutes of
`benchmarks.bulk --fixed-costs` when generated. For each text it compares the tokens (words and
spans) and the hits of the default catalogue through either tokenizer, prints every text that
differs, and times both tokenizers. `--record` rewrites `tests/fixtures/tokens/spacy.json.gz`:
spaCy's tokens of the shortest texts that together hold every chunk other than a word or a
number with one mark after it, which `tests/test_tokens.py` checks without spaCy.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import yaml

from statuti_check.judge import matching
from statuti_check.judge.audit import cache_version
from statuti_check.judge.catalogue import load_catalogue
from statuti_check.judge.lemmas import compiled_matcher
from statuti_check.judge.matching import units_of
from statuti_check.judge.tokens import Tokens, tokenize
from statuti_check.read.parse import parse_file

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ("statuti_check/rules/*.yaml", "tests/fixtures/**/*.yaml", "benchmarks/*.yaml",
           "corpus/src/*.yaml")  # fmt: skip
SHARED = ROOT.parent / "shared" / "corpus-dev"
RECORD = ROOT / "tests" / "fixtures" / "tokens" / "spacy.json.gz"
PLAIN = re.compile(r"[^\W\d_]+[.,;:]?|[0-9]+[.,;:]?")  # chunks any tokenizer cuts alike


def _strings(node: Any) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from _strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value)


def repository_texts() -> list[str]:
    """Every string with a space in the project's YAML files."""
    found: dict[str, None] = {}
    for pattern in SOURCES:
        for path in sorted(ROOT.glob(pattern)):
            strings = _strings(yaml.safe_load(path.read_text(encoding="utf-8")))
            found.update(dict.fromkeys(s for s in strings if " " in s))
    return list(found)


def unit_texts(files: list[Path]) -> list[str]:
    """The texts matching reads in these statutes: provisions and article headings."""
    texts: list[str] = []
    for path in files:
        parsed = parse_file(path)
        units_of(parsed.statute, _Recorder(texts), parsed.document.text)  # type: ignore[arg-type]
    return texts


class _Recorder:
    """A matcher that only keeps the texts it is given (and finds nothing in them)."""

    article_rules: frozenset[str] = frozenset()

    def __init__(self, texts: list[str]) -> None:
        self.texts = texts

    def hits(self, texts: list[str]) -> list[matching.Hits]:
        self.texts.extend(texts)
        return [{} for _ in texts]


def all_texts() -> list[str]:
    texts = repository_texts()
    for path in sorted(SHARED.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            texts.extend(_strings(json.loads(line)) if line.strip() else ())
    statutes = sorted(p for p in (ROOT / "corpus").iterdir() if p.is_file() and p.suffix != ".json")
    statutes += sorted((Path(tempfile.gettempdir()) / "statuti-bulk" / "fixed-60").glob("*.pdf"))
    texts.extend(unit_texts(statutes))
    return list(dict.fromkeys(texts))


def spacy_tokenizer() -> Callable[[str], Tokens]:
    """spaCy's tokens as the matcher read them before: lower-cased text, offsets in it."""
    import spacy

    nlp = spacy.blank("it")

    def tokens(text: str) -> Tokens:
        doc = nlp.make_doc(text.lower())
        return Tokens([t.lower_ for t in doc], [(t.idx, t.idx + len(t.text)) for t in doc])

    return tokens


def covering(texts: list[str]) -> list[str]:
    """The shortest texts that together hold every chunk PLAIN does not describe."""
    covered: set[str] = set()
    chosen = []
    for text in sorted(texts, key=len):
        odd = {chunk for chunk in text.lower().split() if not PLAIN.fullmatch(chunk)}
        if odd - covered:
            chosen.append(text)
            covered |= odd
    return chosen


def record(theirs: Callable[[str], Tokens]) -> None:
    chosen = covering(repository_texts())
    rows = [[text, [list(span) for span in theirs(text).spans]] for text in chosen]
    RECORD.parent.mkdir(parents=True, exist_ok=True)
    RECORD.write_bytes(gzip.compress(json.dumps(rows, ensure_ascii=False).encode(), mtime=0))
    print(f"{RECORD.relative_to(ROOT)}: spaCy's tokens of {len(rows)} texts")


def compare(theirs: Callable[[str], Tokens]) -> int:
    texts = all_texts()
    differ = [text for text in texts if theirs(text) != tokenize(text)]
    for text in differ:
        print(f"tokens differ: {text[:200]!r}")
    matcher = compiled_matcher(load_catalogue(), cache_version())
    timings = {}
    results = {}
    for name, tokenizer in (("spaCy", theirs), ("ours", tokenize)):
        start = time.perf_counter()
        for text in texts:
            tokenizer(text)
        timings[name] = time.perf_counter() - start
        matching.tokenize = tokenizer  # type: ignore[assignment]
        results[name] = matcher.hits(texts)
    matching.tokenize = tokenize
    pairs = zip(texts, results["spaCy"], results["ours"], strict=True)
    hits = [text for text, theirs_found, ours_found in pairs if theirs_found != ours_found]
    for text in hits:
        print(f"hits differ: {text[:200]!r}")
    print(f"{len(texts)} texts, {sum(map(len, texts))} characters: {len(differ)} differ in "
          f"tokens, {len(hits)} in hits")  # fmt: skip
    print(f"tokenizing all: spaCy {timings['spaCy']:.2f} s, ours {timings['ours']:.2f} s")
    return 1 if differ or hits else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--record", action="store_true", help="rewrite the test's fixture")
    args = parser.parse_args()
    try:
        theirs = spacy_tokenizer()
    except ImportError:
        print('spaCy is not installed: pip install "spacy>=3.7,<4"', file=sys.stderr)
        return 2
    if args.record:
        record(theirs)
        return 0
    return compare(theirs)


if __name__ == "__main__":
    sys.exit(main())
