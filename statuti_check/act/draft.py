"""The draft resolution's model: what act/amendments.py builds and report/delibera.py writes.

Kept apart from the code that builds a draft (which audits the amended statute again), so the
DOCX writer and the app's download read a draft without loading the pipeline.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from statuti_check.act.procedure import Procedure
from statuti_check.contract import Authority, StatuteInfo, Verdict
from statuti_check.read.model import Act

AmendmentKind = Literal["insert_comma", "insert_article", "replace_words"]


class NewComma(BaseModel):
    """A comma an amendment inserts: its number (None where the article numbers none)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    number: str | None
    text: str
    rule_id: str


class Amendment(BaseModel):
    """One numbered point of the operative part ("DELIBERA … 1. All'articolo 7 …")."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    number: int
    kind: AmendmentKind
    article: str  # the article amended, or the one the new article follows
    comma: str | None = None  # the comma amended or followed ("3", "3 bis"); None if unnumbered
    comma_position: int | None = None  # its place among the article's commi, from 1
    new_article: str | None = None  # "5 bis"
    new_heading: str | None = None
    commi: list[NewComma] = []  # what insert_comma and insert_article add
    old_words: str | None = None  # what replace_words replaces …
    new_words: str | None = None  # … and with what
    rule_ids: list[str]
    citations: list[str]
    formula: str  # the operative sentence, before the quoted text
    start: int  # offsets into the statute's text: where the change goes
    end: int


class RuleCheck(BaseModel):
    """A rule's machine verdict before and after the amendments."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    rule_id: str
    before: Verdict
    after: Verdict


class SelfCheck(BaseModel):
    """The amended statute audited again: included rules conforme, nothing worse."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    passed: bool
    rules: list[RuleCheck]
    problems: list[str]  # Italian, one per rule that fails


class DraftRule(BaseModel):
    """A gap the draft closes, as the premises cite it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    rule_id: str
    title: str
    kind: str
    verdict: Verdict
    reason: str
    legal_basis: list[str]
    amendments: list[int]  # the numbers of the amendments that close it


class Run(BaseModel):
    """A piece of text in the testo a fronte: unchanged, inserted or deleted."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    text: str
    style: Literal["plain", "inserted", "deleted"] = "plain"


class SynopsisRow(BaseModel):
    """One article side by side: the text in force and the proposed text, paragraph by paragraph."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    article: str
    in_force: list[list[Run]]
    proposed: list[list[Run]]


class Draft(BaseModel):
    """The draft resolution: who, which statute, which gaps, the amendments and their check."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    authority: Authority
    statute: StatuteInfo
    acts: list[Act]  # the adoption and amending acts named in the statute's front matter
    source: str
    audit_date: str
    procedure: Procedure
    rules: list[DraftRule]
    amendments: list[Amendment]
    synopsis: list[SynopsisRow]
    check: SelfCheck


def display_number(number: str) -> str:
    """A number as an amendment writes it: "5 bis" becomes "5-bis"."""
    return number.replace(" ", "-")
