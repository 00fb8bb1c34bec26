"""The closed lists that decide how a clause binds: rules/_constructions.yaml.

A verdict of `conforme` needs positive evidence that a clause commands: a binding construction
("garantisce", "deve", "è composta da", "almeno") that the rule accepts, governing the rule's
required words. Aims ("promuove", "si impegna"), provisos ("ove possibile"), negations and
exceptions are listed here too, so the assessment can name what it found; none of them is Python.
Each construction carries examples, phrases it must be found in (tests/test_constructions.py).

Kinds, groups and what a rule accepts: docs/verdict-model.md#constructions.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from statuti_check.judge.patterns import checked_patterns

ConstructionKind = Literal[
    "binding",
    "aim",
    "proviso",
    "negation",
    "exception",
    "referral",
    "condition",
    "subject",
    "remedy",
    "back_reference",
    "sense",
    "body",
]
FILE_NAME = "_constructions.yaml"
NO_CONSTRUCTION = "nessuna"  # the modality of a clause no construction governs: a reserved id
# The kinds that can govern a rule's required words (the others restrict, deny or move a norm).
MODAL_KINDS: tuple[ConstructionKind, ...] = ("binding", "aim")


class Construction(BaseModel):
    """One way a clause binds, promises, restricts, denies, excepts or refers."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(pattern=r"^[a-z][a-z_]*$")
    kind: ConstructionKind
    label: str = Field(description="Italian words for reasons")
    patterns: list[str] = Field(min_length=1)
    examples: list[str] = Field(min_length=1, description="phrases the construction is found in")
    governs_verbs: bool = Field(
        False, description="an aim that takes a verb ('si impegna a garantire') governs that verb"
    )
    scope: Literal["sentence", "phrase"] = Field(
        "sentence",
        description="'phrase': governs only words before the next comma (a negation: denies only "
        "its phrase)",
    )
    names_its_norm: bool = Field(
        False,
        description="a proviso that says what it takes back ('può derogare'): it weakens a norm "
        "anywhere in the norm's article, not only in the norm's sentence",
    )
    owed_only: bool = Field(
        False,
        description="an act that only a duty right before it can owe ('vigilare', 'motivata' in "
        "'deve essere motivata'): on its own it governs nothing ('con decreto motivato')",
    )
    in_object: bool = Field(
        False,
        description="a form that stands in a verb's object ('almeno un terzo'): it governs only "
        "when no other construction before it in the sentence does ('promuove la presenza di "
        "almeno un terzo di donne' is an aim)",
    )
    weakest: bool = Field(
        False,
        description="an aim that still decides under another aim that governs it ('si impegna a "
        "studiare l'introduzione' is a study, not a commitment)",
    )
    cancels: bool = Field(
        False,
        description="for a sense: a proviso or a negation inside its words restricts or denies "
        "nothing ('non solo … ma anche', 'è abolito il requisito')",
    )
    absence: bool = Field(
        False,
        description="an aim whose clause states an absence ('indica le ragioni per cui … non è "
        "rappresentato'): it governs the required words after it in its sentence, and a negation "
        "there is the absence it speaks of, not a denial",
    )
    position: Literal["before", "after"] = Field(
        "before",
        description="for an exception: before its body ('fatta eccezione per la Giunta') or "
        "right after it ('la Giunta esclusa')",
    )

    @field_validator("patterns")
    @classmethod
    def _compilable(cls, patterns: list[str]) -> list[str]:
        return checked_patterns(patterns)


class Constructions(BaseModel):
    """Every construction, and named groups of them that rules accept by name."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    constructions: list[Construction]
    groups: dict[str, list[str]] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _consistent(self) -> Constructions:
        ids = [c.id for c in self.constructions]
        if len(ids) != len(set(ids)):
            raise ValueError("construction ids must be unique")
        if NO_CONSTRUCTION in ids:
            raise ValueError(f"{NO_CONSTRUCTION!r} is reserved for a clause with no construction")
        for group, members in self.groups.items():
            if group in ids:
                raise ValueError(f"group {group!r} has the name of a construction")
            unknown = sorted(set(members) - set(ids))
            if unknown:
                raise ValueError(f"group {group!r} names unknown constructions: {unknown}")
        return self

    def get(self, construction_id: str) -> Construction:
        """The construction with this id (KeyError if there is none)."""
        for construction in self.constructions:
            if construction.id == construction_id:
                return construction
        raise KeyError(construction_id)

    def resolve(self, names: list[str]) -> frozenset[str]:
        """Construction ids named directly or through a group; ValueError on an unknown name."""
        ids = {c.id for c in self.constructions}
        resolved: set[str] = set()
        for name in names:
            if name in self.groups:
                resolved.update(self.groups[name])
            elif name in ids:
                resolved.add(name)
            else:
                known = ", ".join([*self.groups, *sorted(ids)])
                raise ValueError(f"unknown construction or group {name!r} (known: {known})")
        return frozenset(resolved)


def safe_yaml(text: str) -> Any:
    """YAML as `yaml.safe_load` reads it, through libyaml when PyYAML was built with it.

    The pure-Python parser took a third of a second for the rule files, in every process that
    loads the catalogue; libyaml builds the same data (the same safe constructor) in a twentieth.
    """
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def load_constructions(directory: Path) -> Constructions:
    """The constructions of a rules directory; ValueError naming the file when malformed."""
    path = directory / FILE_NAME
    if not path.exists():
        raise ValueError(f"{path}: missing (the closed list of binding and weakening forms)")
    try:
        data = safe_yaml(path.read_text(encoding="utf-8"))
        return Constructions.model_validate(data)
    except yaml.YAMLError as exc:
        raise ValueError(f"{path}: not valid YAML: {exc}") from exc
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in error['loc'])}: {error['msg']}" for error in exc.errors()
        )
        raise ValueError(f"{path}: {problems}") from exc
