"""The rule catalogue: one YAML file per rule in rules/, validated by pydantic, versioned by hash.

A rule says what a statute must contain, to whom it applies, why (legal basis) and what to
propose when it is missing. What it must contain is said with components made of patterns
(`patterns.py`), read by `assessment.py`:

- `anchors`: what the clause is about (the Giunta, nominations …); all must match in one unit
  (or, with `heading_anchors`, in the heading of its article);
- `requires`: what makes it `conforme`; all must match in the same unit as the anchors;
- `partial`: wording that, with the anchors, makes it `parziale` (a generic principle …);
- `binding`: the constructions of rules/_constructions.yaml (ids or groups) that make a complete
  clause `conforme` when one of them governs the required words; any other governing form, or
  none, makes it `parziale` (`needs_construction: false` lets a clause with no construction at
  all count, for rules whose requirement is a way of writing rather than a duty);
- `limits`: wording that narrows a complete clause to less than the rule asks ("only for the
  Giunta"), unless one of the component's `unless` patterns is there too ("in ogni campo");
- `exclude`: trap contexts whose sentence is no evidence at all (electoral lists …), unless one
  of `exclude_unless` is there too ("a tal fine istituisce la Commissione": the body serves a
  principle stated before it);
- `others`: wording that makes the body named by an anchor someone else's ("gli organi collegiali
  delle associazioni"): an anchor it overlaps or follows closely is not the rule's topic;
- `quantity`: a share to find near a component and compare with the legal minimum.

A pattern written "@name" stands for the list `name` of `rules/_patterns.yaml`, shared by rules
that recognise the same wording (e.g. "both sexes").

How these fields decide a verdict: docs/verdict-model.md#matching.
"""

from __future__ import annotations

import hashlib
import json
import re
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationError,
    field_validator,
    model_validator,
)

from statuti_check.contract import AUTHORITY_TYPES, AUTHORITY_WORDS, AuthorityType, Verdict
from statuti_check.errors import ToldError
from statuti_check.judge.constructions import Constructions, load_constructions, safe_yaml
from statuti_check.judge.patterns import checked_patterns

RULES_DIR = Path(__file__).resolve().parents[1] / "rules"  # inside the package: the wheel ships it
SHORT_TITLE_WIDTH = 12  # characters of a heatmap column head at 1366 px
_LINK_BREAKERS = re.compile(r"[\s<>()\"'`\\\x00-\x1f\x7f]")


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class LegalBasis(_Strict):
    """A citation users can follow; `url` points to normattiva.it where the act is there."""

    citation: str
    url: str | None = None

    @field_validator("url")
    @classmethod
    def _https_only(cls, url: str | None) -> str | None:
        """Only https:// addresses: every report turns the link into something to click.

        A `javascript:`, `file:` or `data:` link in a user's rule file would run or open
        something on the reader's machine; characters that could end a Markdown or HTML link
        early are refused too.
        """
        if url is None:
            return None
        parts = urlsplit(url)
        if parts.scheme != "https" or not parts.hostname or _LINK_BREAKERS.search(url):
            raise ValueError(
                f"il collegamento «{url}» non è ammesso: i file delle regole possono collegare "
                "solo indirizzi https:// completi (per esempio https://www.normattiva.it/...)"
            )
        return url


class AppliesTo(_Strict):
    """Which authorities the rule binds: types, population bounds, date in force."""

    types: list[AuthorityType] = Field(default_factory=lambda: list(AUTHORITY_TYPES))
    min_population: int | None = Field(None, description="applies above this many inhabitants")
    in_force_from: date | None = None


class Component(_Strict):
    """A part of the required clause: any of its patterns matching counts as present."""

    name: str
    label: str = Field(
        description="Italian words for reasons, e.g. 'la presenza di entrambi i sessi'"
    )
    patterns: list[str]
    unless: list[str] = Field(default_factory=list, description="patterns that cancel a limit")

    @field_validator("patterns", "unless")
    @classmethod
    def _compilable(cls, patterns: list[str]) -> list[str]:
        return checked_patterns(patterns)


class Quantity(_Strict):
    """A share to extract near a component and compare with the legal minimum."""

    minimum: float = Field(gt=0, le=1)
    near: str = Field(description="component whose matches the share must be close to")
    each: list[str] = Field(
        default_factory=list,
        description="patterns naming each sex on its own ('ciascun sesso', 'il genere meno "
        "rappresentato'): a share anywhere near them is theirs; with this list, a mention of both "
        "sexes together ('entrambi i sessi') owns only a share in its own phrase",
    )
    label: str = Field(description="Italian, e.g. 'quota minima per ciascun sesso nella Giunta'")
    basis: str = Field(description="Italian, after 'previsto': e.g. 'dalla L. 56/2014'")


class Example(_Strict):
    """A clause written by us, with the verdict the rule must give on it alone."""

    name: str
    text: str
    verdict: Verdict
    values: dict[str, float | str] = Field(default_factory=dict)
    known_miss: str | None = Field(
        None,
        description="why the engine still gets this case wrong; the tests expect it to fail "
        "until it is fixed (a limit stated, never a label bent to the engine)",
    )


class Rule(_Strict):
    """One requirement or good practice; its whole behaviour is this data."""

    id: str
    title: str
    short_title: str | None = Field(
        None,
        min_length=1,
        max_length=SHORT_TITLE_WIDTH,
        description="Italian column head where the title does not fit (the app's heatmap), "
        "e.g. 'Quota 40%'; without it the title is cut",
    )
    kind: Literal["obbligo", "raccomandazione"]
    severity: Literal["alta", "media", "bassa"]
    legal_basis: list[LegalBasis] = Field(min_length=1)
    explanation: str
    proposal: str = Field(
        description="the amendment text to adopt; {Ente}, {ente}, {dell_ente}, {Capo}, {capo} "
        "and {esecutivo} name the authority it is written for (Il Comune, la Provincia ...)"
    )
    applies_to: AppliesTo = Field(default_factory=AppliesTo)
    unit: Literal["comma", "articolo"] = "comma"
    window: int | None = Field(
        250, description="characters within which required words must follow or precede an anchor"
    )
    heading_anchors: bool = Field(
        False, description="the article heading may supply the anchors ('Commissioni consiliari')"
    )
    body_topic: bool = Field(
        False,
        description="the anchors name a body (the Giunta, collegial bodies, nominations …): a "
        "sentence naming another rule's body speaks of that body, and a share near it is its own",
    )
    authority_subject: bool = Field(
        False,
        description="the rule asks for the authority's own commitment: a clause whose verb has "
        "another body as subject ('la Commissione promuove …') is that body's task, not a norm",
    )
    anchors: list[Component] = Field(min_length=1)
    requires: list[Component] = Field(default_factory=list)
    partial: list[Component] = Field(default_factory=list)
    binding: list[str] = Field(
        default_factory=lambda: ["vincolanti"],
        description="constructions (ids or groups of rules/_constructions.yaml) that make a "
        "complete clause conforme when one governs the required words",
    )
    needs_construction: bool = Field(
        True, description="false: a complete clause with no governing construction is conforme"
    )
    allowed_provisos: list[str] = Field(
        default_factory=list,
        description="provisos (construction ids) that the law itself contains, so they do not "
        "weaken a clause of this rule ('salva motivata impossibilità' in art. 57 D.Lgs. 165/2001)",
    )
    limits: list[Component] = Field(default_factory=list)
    exclude: list[str] = Field(default_factory=list)
    exclude_unless: list[str] = Field(
        default_factory=list, description="patterns that keep a sentence an exclude would drop"
    )
    others: list[str] = Field(
        default_factory=list,
        description="patterns that make a body named by an anchor someone else's; the anchor "
        "they overlap or closely follow is not the topic",
    )
    quantity: Quantity | None = None
    examples: list[Example] = Field(min_length=2)

    @field_validator("proposal")
    @classmethod
    def _known_words(cls, proposal: str) -> str:
        try:
            proposal.format_map(AUTHORITY_WORDS["comune"])
        except (KeyError, ValueError, IndexError) as exc:
            known = ", ".join("{" + word + "}" for word in AUTHORITY_WORDS["comune"])
            raise ValueError(f"unknown placeholder {exc} in the proposal; known: {known}") from exc
        return proposal

    def proposal_for(self, authority_type: str | None) -> str:
        """The amendment text worded for this kind of authority (a comune when unknown)."""
        return self.proposal.format_map(
            AUTHORITY_WORDS.get(authority_type or "", AUTHORITY_WORDS["comune"])
        )

    @model_validator(mode="after")
    def _consistent(self) -> Rule:
        names = [c.name for c in [*self.anchors, *self.requires, *self.partial, *self.limits]]
        if len(names) != len(set(names)):
            raise ValueError("component names must be unique within a rule")
        reserved = [n for n in names if n in ("exclude", "others") or n.endswith(".unless")]
        if reserved:
            raise ValueError(f"component names {reserved} are reserved for the matcher's own hits")
        if self.quantity and self.quantity.near not in names:
            raise ValueError(f"quantity.near {self.quantity.near!r} is not a component name")
        for name in ("exclude", "exclude_unless", "others"):
            Component(name=name, label=name, patterns=getattr(self, name))
        if self.quantity:
            Component(name="each", label="each", patterns=self.quantity.each)
        return self

    def all_components(self) -> list[Component]:
        """Every component, in the order the matcher registers them."""
        return [*self.anchors, *self.requires, *self.partial, *self.limits]


class Catalogue(_Strict):
    """The rules in force for an audit, with a version that changes whenever any rule does."""

    version: str
    sha256: str
    rules: list[Rule]
    constructions: Constructions
    _resolved: dict[tuple[str, str], frozenset[str]] = PrivateAttr(default_factory=dict)

    def accepted(self, rule: Rule) -> frozenset[str]:
        """The construction ids that make a complete clause of this rule binding."""
        return self._resolve(rule, "binding")

    def accepted_provisos(self, rule: Rule) -> frozenset[str]:
        """The provisos the law itself contains for this rule (they weaken nothing)."""
        return self._resolve(rule, "allowed_provisos")

    def _resolve(self, rule: Rule, field: str) -> frozenset[str]:
        key = (rule.id, field)
        if key not in self._resolved:  # asked for every unit of every statute: resolve once
            self._resolved[key] = self.constructions.resolve(getattr(rule, field))
        return self._resolved[key]

    def rule(self, rule_id: str) -> Rule:
        """The rule with this id (KeyError if there is none)."""
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)


class CatalogueError(ToldError):
    """A rule file that cannot be used: both messages name the file, line and field.

    The Italian `user_message` is for the legal expert who wrote the rule (the CLI prints it);
    the English `log_message` for whoever debugs (-v).
    """


# What a field-level error means, in the words of someone who writes rules rather than code.
_ERROR_WORDS = {
    "missing": "campo obbligatorio mancante",
    "extra_forbidden": "campo sconosciuto (i campi ammessi: statuti_check/rules/schema.json)",
    "string_type": "deve essere un testo",
    "int_type": "deve essere un numero intero",
    "int_parsing": "deve essere un numero intero",
    "float_type": "deve essere un numero",
    "float_parsing": "deve essere un numero",
    "bool_type": "deve essere true oppure false",
    "bool_parsing": "deve essere true oppure false",
    "list_type": "deve essere un elenco (righe che iniziano con «- »)",
    "dict_type": "deve essere una sezione di campi (nome: valore)",
    "model_type": "deve essere una sezione di campi (nome: valore)",
    "date_type": "deve essere una data nella forma AAAA-MM-GG",
    "date_parsing": "deve essere una data nella forma AAAA-MM-GG",
    "date_from_datetime_parsing": "deve essere una data nella forma AAAA-MM-GG",
    "too_short": "servono più elementi",
    "string_too_short": "non può essere vuoto",
    "string_too_long": "è troppo lungo",
    "greater_than": "numero fuori dall'intervallo ammesso",
    "less_than_equal": "numero fuori dall'intervallo ammesso",
}
_VALUE_WORDS = {
    "patterns": "modello di ricerca non valido (la sintassi è in statuti_check/patterns.py)",
    "unless": "modello di ricerca non valido (la sintassi è in statuti_check/patterns.py)",
    "url": "collegamento non ammesso: solo indirizzi https:// completi",
    "proposal": "segnaposto sconosciuto nella proposta; ammessi: "
    + ", ".join("{" + word + "}" for word in AUTHORITY_WORDS["comune"]),
}


def _italian(error: Any) -> str:
    """One pydantic error in Italian: what is wrong with the field, with the limit it broke."""
    kind, ctx = error["type"], error.get("ctx") or {}
    if kind == "literal_error":
        return f"valore non ammesso: deve essere {ctx['expected'].replace(' or ', ' oppure ')}"
    if kind == "value_error":
        field = next((part for part in reversed(error["loc"]) if isinstance(part, str)), "")
        if not field:  # a check across fields (Rule._consistent)
            return "regola incoerente: " + _consistency_words(str(ctx.get("error", "")))
        return _VALUE_WORDS.get(field, "valore non valido")
    words = _ERROR_WORDS.get(kind, "valore non valido")
    if "min_length" in ctx:
        return f"{words} (almeno {ctx['min_length']})"
    if "max_length" in ctx:
        return f"{words} (al massimo {ctx['max_length']} caratteri)"
    return words


def _consistency_words(detail: str) -> str:
    if "unique" in detail:
        return "due componenti hanno lo stesso nome"
    if "reserved" in detail:
        return "un componente usa un nome riservato (exclude, others, …unless)"
    if "quantity.near" in detail:
        return "quantity.near non è il nome di un componente"
    return "un modello di exclude, exclude_unless o others non è valido"


def _line_of(text: str, location: tuple[int | str, ...]) -> int | None:
    """Best-effort line number of a field path in a YAML file, for error messages."""
    node = yaml.compose(text)
    for key in location:
        if node is None:
            return None
        if isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if k.value == key), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            node = node.value[key]
        else:
            break
    return node.start_mark.line + 1 if node is not None else None


SHARED_PATTERNS = "_patterns.yaml"
_PATTERN_LISTS = ("anchors", "requires", "partial", "limits")


def _read_yaml(path: Path) -> tuple[str, Any]:
    text = path.read_text(encoding="utf-8")
    try:
        return text, safe_yaml(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f", riga {mark.line + 1}" if mark else ""
        raise CatalogueError(
            f"{path}{where}: il file non è YAML valido (controllare rientri, due punti e "
            "virgolette)",
            f"{path}: not valid YAML: {exc}",
        ) from exc


def load_shared(directory: Path) -> dict[str, list[str]]:
    """Named pattern lists (rules/_patterns.yaml) that rules cite as "@name"."""
    path = directory / SHARED_PATTERNS
    if not path.exists():
        return {}
    _, data = _read_yaml(path)
    if not isinstance(data, dict) or not all(
        isinstance(v, list) and all(isinstance(p, str) for p in v) for v in data.values()
    ):
        raise CatalogueError(
            f"{path}: deve associare a ogni nome un elenco di modelli di ricerca",
            f"{path}: expected a mapping of names to lists of patterns",
        )
    shared = {str(name): list(patterns) for name, patterns in data.items()}
    # a list may cite a list defined above it ("@ciascun_sesso" in "entrambi_sessi"): one level,
    # so a reader finds every pattern of a list at most one hop away
    for name, patterns in shared.items():
        shared[name] = _expand(path, patterns, {k: v for k, v in shared.items() if k != name})
    return shared


def _expand(path: Path, patterns: Any, shared: dict[str, list[str]]) -> Any:
    if not isinstance(patterns, list):
        return patterns
    expanded: list[Any] = []
    for pattern in patterns:
        if isinstance(pattern, str) and pattern.startswith("@"):
            if pattern[1:] not in shared:
                known = ", ".join(f"@{name}" for name in shared)
                raise CatalogueError(
                    f"{path}: l'insieme di modelli «{pattern}» non esiste in {SHARED_PATTERNS} "
                    f"(esistono: {known or 'nessuno'})",
                    f"{path}: unknown pattern set {pattern!r} (known: {known or 'none'})",
                )
            expanded.extend(shared[pattern[1:]])
        else:
            expanded.append(pattern)
    return expanded


def _expand_rule(path: Path, data: Any, shared: dict[str, list[str]]) -> Any:
    """Replace every "@name" in a rule's pattern lists with the shared list it names."""
    if not isinstance(data, dict):
        return data
    for key in _PATTERN_LISTS:
        for component in data.get(key) or []:
            if isinstance(component, dict):
                for field in ("patterns", "unless"):
                    if field in component:
                        component[field] = _expand(path, component[field], shared)
    for key in ("exclude", "exclude_unless", "others"):
        if key in data:
            data[key] = _expand(path, data[key], shared)
    if isinstance(data.get("quantity"), dict) and "each" in data["quantity"]:
        data["quantity"]["each"] = _expand(path, data["quantity"]["each"], shared)
    return data


def load_rule(path: Path, shared: dict[str, list[str]] | None = None) -> Rule:
    """Read one rule file with safe YAML; errors say file, line, field and what was expected."""
    text, data = _read_yaml(path)
    data = _expand_rule(path, data, shared if shared is not None else load_shared(path.parent))
    try:
        rule = Rule.model_validate(data)
    except ValidationError as exc:
        raise _invalid(path, text, exc) from exc
    if rule.id != path.stem:
        raise CatalogueError(
            f"{path}, campo «id»: «{rule.id}» deve essere uguale al nome del file («{path.stem}»); "
            "ogni regola ha un file suo",
            f"{path}: id {rule.id!r} must equal the file name {path.stem!r}",
        )
    return rule


def _invalid(path: Path, text: str, exc: ValidationError) -> CatalogueError:
    """Every field error of a rule file, each with its line, in Italian and in English."""
    italian, english = [], []
    for error in exc.errors():
        where = ".".join(str(part) for part in error["loc"]) or "(root)"
        line = _line_of(text, tuple(error["loc"]))
        field = f"campo «{where}»" if error["loc"] else "regola"
        place = f", riga {line}" if line else ""
        italian.append(f"{path}{place}, {field}: {_italian(error)}")
        english.append(f"{path}:{line or '?'}: {where}: {error['msg']}")
    return CatalogueError("\n".join(italian), "\n".join(english))


def load_catalogue(directory: str | Path | None = None) -> Catalogue:
    """All rules of a directory (default: the project's rules/): obligations first, then by id.

    Loaded once per process and content: an edited rule file is read again.
    """
    folder = Path(directory or RULES_DIR).resolve()
    digest = hashlib.sha256()
    for path in sorted(folder.glob("*.yaml")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return _load(str(folder), digest.hexdigest())


@cache
def _load(directory: str, _content: str) -> Catalogue:
    files = sorted(p for p in Path(directory).glob("*.yaml") if not p.name.startswith("_"))
    if not files:
        raise CatalogueError(
            f"{directory}: nessun file di regole (*.yaml) nella cartella",
            f"{directory}: no rule files (*.yaml)",
        )
    shared = load_shared(Path(directory))
    constructions = _constructions_for(Path(directory))
    # Obligations first, as councils read them: what the law requires, then good practice.
    rules = sorted(
        (load_rule(path, shared) for path in files), key=lambda r: (r.kind != "obbligo", r.id)
    )
    for rule in rules:
        for field in ("binding", "allowed_provisos"):
            _check_constructions(f"{directory}/{rule.id}.yaml", field, rule, constructions)
    digest = hashlib.sha256()
    for rule in rules:
        digest.update(json.dumps(rule.model_dump(mode="json"), sort_keys=True).encode())
    digest.update(json.dumps(constructions.model_dump(mode="json"), sort_keys=True).encode())
    sha = digest.hexdigest()
    return Catalogue(version=sha[:12], sha256=sha, rules=rules, constructions=constructions)


def _check_constructions(path: str, field: str, rule: Rule, constructions: Constructions) -> None:
    """Every name of `binding` or `allowed_provisos` is a construction or a group of the list."""
    try:
        constructions.resolve(getattr(rule, field))
    except ValueError as exc:
        known = {*constructions.groups, *(c.id for c in constructions.constructions)}
        unknown = ", ".join(f"«{name}»" for name in getattr(rule, field) if name not in known)
        raise CatalogueError(
            f"{path}, campo «{field}»: {unknown} non è una costruzione né un gruppo di "
            "_constructions.yaml",
            f"{path}: {field}: {exc}",
        ) from exc


def _constructions_for(directory: Path) -> Constructions:
    """A catalogue's own constructions, or the project's when it has none (a user's rules)."""
    own = directory / "_constructions.yaml"
    try:
        return load_constructions(directory if own.exists() else RULES_DIR)
    except ValueError as exc:
        raise CatalogueError(
            f"{directory}: il file _constructions.yaml manca o non è valido", str(exc)
        ) from exc


def json_schema() -> str:
    """The JSON Schema of a rule file (written to rules/schema.json for editors)."""
    return json.dumps(Rule.model_json_schema(), ensure_ascii=False, indent=2) + "\n"
