"""How each type of authority approves, publishes and brings into force a statute amendment.

The texts live in data/procedure.yaml with their legal sources, so a change in the law is a
change of data. Where the law leaves a step to the authority's own statute (unioni, città
metropolitane) the texts say so rather than invent a rule.
"""

from __future__ import annotations

from functools import cache

import yaml
from pydantic import BaseModel, ConfigDict

from statuti_check.contract import AuthorityType
from statuti_check.data import read_text


class Premise(BaseModel):
    """A "Visto …" or "Considerato …" line of the resolution's premises, with its source."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    text: str
    citation: str


class Procedure(BaseModel):
    """Organs, majority, publication and entry into force of a statute amendment."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    adopt: str  # the first point of DELIBERA, before the amendments
    council: str  # the body the draft is addressed to: "Consiglio comunale"
    council_of: str  # "del Consiglio comunale"
    approving_body: str  # who adopts the amendment: the council, or the assembly of mayors
    premises: list[Premise]
    approval: str
    publication: str
    entry_into_force: str
    citations: list[str]


@cache
def _procedures() -> dict[str, Procedure]:
    data = yaml.safe_load(read_text("procedure.yaml"))
    return {kind: Procedure.model_validate(entry) for kind, entry in data.items()}


def procedure_for(authority_type: AuthorityType | None) -> Procedure:
    """The procedure for an authority type; a comune's when the type was not recognised."""
    return _procedures()[authority_type or "comune"]
