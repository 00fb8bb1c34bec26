"""The closed word lists of judge/vocabulary.yaml: well formed, and each shown by its examples."""

from __future__ import annotations

import re

import pytest
from pydantic import ValidationError

from statuti_check.judge.vocabulary import Vocabulary, WordList, vocabulary

LISTS = sorted(Vocabulary.model_fields)


@pytest.mark.parametrize("name", LISTS)
def test_every_example_holds_a_word_of_its_list(name: str) -> None:
    words = getattr(vocabulary(), name)
    flags = 0 if name == "authorities" else re.IGNORECASE
    found = re.compile(rf"(?<!\w){words.pattern}(?!\w)", flags)
    for example in words.examples:
        assert found.search(example), f"{name}: no word of the list in {example!r}"


def test_a_longer_word_wins_over_its_beginning() -> None:
    words = WordList(
        why="a list of two words, one the start of the other",
        words=["nomina", "nominati"],
        examples=["x"],
    )
    assert re.match(words.pattern, "nominati").group() == "nominati"


def test_a_star_stands_for_any_ending_and_a_space_for_any_spaces() -> None:
    words = WordList(
        why="a stem and a phrase, to show the syntax",
        words=["nominat*", "a tal fine"],
        examples=["x"],
    )
    pattern = re.compile(rf"{words.pattern}$")
    assert pattern.match("nominatissimi")
    assert pattern.match("a  tal\nfine")
    assert not pattern.match("a tal punto")


@pytest.mark.parametrize(
    "words", [["due parole  staccate"], ["con|alternativa"], ["pari", "pari"], ["*"]]
)
def test_malformed_lists_are_refused(words: list[str]) -> None:
    with pytest.raises(ValidationError):
        WordList(why="a list that cannot be read as written", words=words, examples=["x"])


def test_the_authorities_keep_their_capitals() -> None:
    """A capital tells the body from the common noun ("il Comune" vs "in comune")."""
    authorities = re.compile(rf"\b{vocabulary().authorities.pattern}\b")
    assert authorities.search("Il Comune promuove")
    assert not authorities.search("hanno in comune")
