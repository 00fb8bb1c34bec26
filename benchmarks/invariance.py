"""Verdicts that hold when a clause is written another way: a metamorphic check, no labels needed.

Each rewrite below keeps a clause's meaning, as real statutes vary it: typed in capitals, a
footnote's mark after a word, a citation or a reference to the law between the subject and its
verb, the clause set in an article with a heading, the sexes named in the other order, "ambo"
for "entrambi", an adverb after the verb, lines wrapped and words hyphenated by a PDF. A verdict
that changes under a rewrite shows a reading that depends on something the meaning does not. It
found the families fixed in issue 12's fifth session (capitals: 104 of 2,008 verdicts changed;
footnote marks: 225 of 1,761; citations between subject and verb: 44 of 1,016); what is left is
printed per rewrite.

The clauses are our own: every rule's examples and the red-team clauses that may be read (the
sets `benchmarks.accuracy` shows); never a held-out clause, since the changed ones are printed.

Run: `python -m benchmarks.invariance [--rewrite NAME] [--show]`.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import yaml

from benchmarks.accuracy import REDTEAM_AUTHORITY, redteam_sets
from statuti_check.judge.audit import assess_text
from statuti_check.judge.catalogue import Catalogue, Example, Rule, load_catalogue

FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "rules"
_SUBJECT = re.compile(r"\b(Il Comune|Il Sindaco|La Giunta|La Provincia|L'Unione)\b(?!,)")
_VERB = re.compile(r"\b(garantisce|assicura|promuove|istituisce)\b(?!,)")
_FIRST_NOUN = re.compile(r"\b(Giunta|Comune|sessi|Consiglio)\b")
_LONG_WORD = re.compile(r"\b(\w{5})(\w{5,})\b")
_SEXES = re.compile(r"\b(donne|donna|uomini|uomo)( e )(uomini|uomo|donne|donna)\b")
_ACCENTS = str.maketrans({"à": "a'", "è": "e'", "ì": "i'", "ò": "o'", "ù": "u'"})


def _wrapped(text: str) -> str:
    """A line break after every ninth word, as a PDF's lines give them."""
    words = text.split(" ")
    lines = " ".join(w + ("\n" if i % 9 == 8 else "") for i, w in enumerate(words))
    return lines.replace("\n ", "\n")


def _in_article(text: str) -> str:
    """The clause as the first comma of an article with a heading (its own numbers kept)."""
    if text.lstrip()[:3].lower() == "art":
        return text
    return f"Art. 5 - Disposizioni\n{'' if text.lstrip()[:1].isdigit() else '1. '}{text}"


def _swapped(text: str) -> str:
    """The sexes named in the other order ("uomini e donne" for "donne e uomini")."""
    return _SEXES.sub(lambda m: f"{m[3]}{m[2]}{m[1]}", text)


REWRITES: dict[str, Callable[[str], str]] = {
    "capitals": str.upper,
    "footnote mark": lambda t: _FIRST_NOUN.sub(r"\1 (1)", t, count=1),
    "glued footnote mark": lambda t: _FIRST_NOUN.sub(r"\g<1>1", t, count=1),
    "citation after the subject": lambda t: _SUBJECT.sub(
        r"\1, ai sensi dell'art. 6, comma 3, del D.Lgs. 18 agosto 2000, n. 267,", t, count=1
    ),
    "aside after the verb": lambda t: _VERB.sub(r"\1, nel rispetto della legge,", t, count=1),
    "in an article": _in_article,
    "sexes swapped": _swapped,
    "ambo i sessi": lambda t: t.replace("entrambi i sessi", "ambo i sessi"),
    "altresì after the verb": lambda t: _VERB.sub(r"\1 altresì", t, count=1),
    "wrapped lines": _wrapped,
    "hyphenated words": lambda t: _LONG_WORD.sub(r"\1-\n\2", t, count=3),
    "accents as apostrophes": lambda t: t.translate(_ACCENTS),
    "typographic apostrophes": lambda t: t.replace("'", "\u2019"),
}


def clauses(catalogue: Catalogue) -> Iterator[tuple[str, Rule, str]]:
    """(name, rule, text) of every rule example and every red-team clause that may be shown."""
    for rule in catalogue.rules:
        for example in rule.examples:
            yield f"{rule.id}/{example.name}", rule, example.text
    for path in sorted(FIXTURES.glob("*.yaml")):
        rule = catalogue.rule(path.stem)
        for raw in yaml.safe_load(path.read_text(encoding="utf-8")):
            example = Example.model_validate(raw)
            yield f"{rule.id}/{example.name}", rule, example.text
    for _, rows, shown in redteam_sets():
        for row in rows if shown else []:
            yield row["name"], catalogue.rule(row["rule"]), row["text"]


def changed(
    catalogue: Catalogue, rewrite: Callable[[str], str]
) -> tuple[int, list[tuple[str, str, str, str, str]]]:
    """How many clauses the rewrite alters, and (name, rule, before, after, text) of each changed
    verdict."""
    rewritten, changes = 0, []
    for name, rule, text in clauses(catalogue):
        other = rewrite(text)
        if other == text:
            continue
        rewritten += 1
        before = assess_text(rule, text, REDTEAM_AUTHORITY, catalogue).verdict
        after = assess_text(rule, other, REDTEAM_AUTHORITY, catalogue).verdict
        if before != after:
            changes.append((name, rule.id, before, after, other))
    return rewritten, changes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rewrite", choices=list(REWRITES), help="only this rewrite")
    parser.add_argument("--show", action="store_true", help="print every changed verdict")
    args = parser.parse_args()
    catalogue = load_catalogue()
    print(f"{'rewrite':28} {'clauses':>8} {'changed':>8}")
    for title, rewrite in REWRITES.items():
        if args.rewrite and title != args.rewrite:
            continue
        rewritten, changes = changed(catalogue, rewrite)
        print(f"{title:28} {rewritten:8} {len(changes):8}")
        for name, rule, before, after, text in changes if args.show else []:
            print(f"    {name} {rule}: {before} -> {after} | {' '.join(text.split())[:240]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
