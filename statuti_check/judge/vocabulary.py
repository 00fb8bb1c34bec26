"""The closed word lists the reading of a clause relies on: judge/vocabulary.yaml.

The reading (facts.py and the modules it calls) and sentences.py place a clause's facts with a
small grammar of regular expressions (articles, prepositions, commas). The words that grammar
needs about the domain (what a share is of, which nouns name a field, who the authority is, which
phrases stress rather than confine) are data: a maintainer extends a list in YAML, with the family
of wordings it covers, and no pattern in Python changes. The lists are read once per process
(`vocabulary` is cached), when the reading's modules are imported.

How the reading uses them: docs/verdict-model.md#vocabulary.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, field_validator

from statuti_check.judge.constructions import safe_yaml

PATH = Path(__file__).with_name("vocabulary.yaml")
_WORD = re.compile(r"[\w'’]+(?: [\w'’]+)*\*?")


class WordList(BaseModel):
    """One closed list: its words, the family of wordings it covers, phrases that show it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    why: str = Field(min_length=20, description="the family of real wordings the list covers")
    words: list[str] = Field(min_length=1)
    examples: list[str] = Field(min_length=1, description="phrases with one of the words")

    @field_validator("words")
    @classmethod
    def _plain_words(cls, words: list[str]) -> list[str]:
        malformed = [w for w in words if not _WORD.fullmatch(w)]
        if malformed:
            raise ValueError(f"only words, single spaces and a final '*': {malformed}")
        if len(words) != len(set(words)):
            raise ValueError("a word is listed twice")
        return words

    @property
    def pattern(self) -> str:
        """A regular-expression alternation of the words, longest first.

        Longest first, so that a word is never cut short by another it begins with ("nominati"
        before "nomina") where no word boundary follows; a space matches any run of spaces, "*"
        any ending.
        """
        ordered = sorted(self.words, key=len, reverse=True)
        pieces = [re.escape(w.rstrip("*")).replace(r"\ ", r"\s+") for w in ordered]
        endings = [r"\w*" if w.endswith("*") else "" for w in ordered]
        return "(?:" + "|".join(p + e for p, e in zip(pieces, endings, strict=True)) + ")"


class Vocabulary(BaseModel):
    """Every list the reading uses, by name: a missing or unknown list is an error on load."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    seats: WordList
    quorum: WordList
    measure_nouns: WordList
    share_bridge: WordList
    allocations: WordList
    field_nouns: WordList
    wide_complements: WordList
    body_aspects: WordList
    make_up: WordList
    appointing: WordList
    principle_words: WordList
    authorities: WordList
    remedies: WordList
    remedied: WordList
    partners: WordList
    procedures: WordList
    stress: WordList
    stress_adverbs: WordList
    purposes: WordList
    negators: WordList
    subjunctive_duties: WordList
    fixed_membership: WordList
    presence_heads: WordList
    members: WordList
    auxiliaries: WordList
    inclusions: WordList
    norm_nouns: WordList
    verb_adverbs: WordList
    number_takers: WordList
    subject_pronouns: WordList
    excepting: WordList
    possessives: WordList
    passed_on: WordList


@cache
def vocabulary() -> Vocabulary:
    """The package's lists (a malformed file fails the import of the reading, loudly)."""
    return Vocabulary.model_validate(safe_yaml(PATH.read_text(encoding="utf-8")))
