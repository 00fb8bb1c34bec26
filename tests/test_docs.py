"""The developer docs stay true to the code, and the project needs no document outside it.

docs/json-contract.md must name every field of the report models and every key of a real
report; docs/verdict-model.md every verdict, fact kind, construction kind and construction
group. The names are read from the models and the catalogue, never listed here, so a new field
or kind fails this test until it is documented. A pointer to a docs page, with or without a
heading's anchor, must lead to a page and heading that exist.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any, get_args

import pytest

from statuti_check import Report, audit_file, load_catalogue

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
_CODE = re.compile(r"```.*?```|`[^`\n]+`", re.DOTALL)
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _named(page: str) -> set[str]:
    """Identifiers written as code (inline or fenced) on a docs page."""
    text = (DOCS / page).read_text(encoding="utf-8")
    return {name for code in _CODE.findall(text) for name in _NAME.findall(code)}


def _item(annotation: Any) -> Any:
    """The model inside `list[Model]` or `Model | None`."""
    return next(arg for arg in get_args(annotation) if arg is not type(None))


def _schema_fields(model: Any) -> set[str]:
    """Every property of a model's JSON schema and of the models it contains."""
    schema = model.model_json_schema()
    return {
        name
        for part in [schema, *schema.get("$defs", {}).values()]
        for name in part.get("properties", {})
    }


def _keys(value: Any) -> set[str]:
    """Every object key anywhere in a JSON value."""
    if isinstance(value, dict):
        return set(value).union(*(_keys(v) for v in value.values()))
    if isinstance(value, list):
        return set().union(*(_keys(v) for v in value))
    return set()


FINDING = _item(Report.model_fields["findings"].annotation)
FACT = _item(FINDING.model_fields["trace"].annotation)
# The bulk failure record sits beside the report in the contract.
FAILURE = sys.modules[Report.__module__].Failure


@pytest.mark.parametrize("model", [Report, FAILURE], ids=lambda model: model.__name__)
def test_contract_names_every_model_field(model: Any) -> None:
    missing = _schema_fields(model) - _named("json-contract.md")
    assert not missing, f"docs/json-contract.md does not name: {sorted(missing)}"


def test_contract_names_every_key_of_a_real_report() -> None:
    report = audit_file(ROOT / "corpus" / "fanano.docx")
    data = json.loads(report.model_dump_json())
    missing = _keys(data) - _named("json-contract.md")
    assert not missing, f"docs/json-contract.md does not name: {sorted(missing)}"
    version = f'"schema_version": "{data["schema_version"]}"'
    assert version in (DOCS / "json-contract.md").read_text(encoding="utf-8")


def test_verdict_model_names_every_verdict_fact_and_construction() -> None:
    constructions = load_catalogue().constructions
    construction = type(constructions.constructions[0])
    terms = {
        "verdict": set(get_args(FINDING.model_fields["verdict"].annotation)),
        "fact kind": set(get_args(FACT.model_fields["fact"].annotation)),
        "construction kind": set(get_args(construction.model_fields["kind"].annotation)),
        "construction group": set(constructions.groups),
        "no construction": {sys.modules[construction.__module__].NO_CONSTRUCTION},
    }
    named = _named("verdict-model.md")
    missing = {what: sorted(names - named) for what, names in terms.items() if names - named}
    assert not missing, f"docs/verdict-model.md does not name: {missing}"
    assert terms["fact kind"] <= _named("json-contract.md")


_EXTERNAL = re.compile(
    r"\b(?:design|wording|domain|style|legal-research|style-research)\.md\b"
    r"|annotation[-]guide|\.\./shared/(?!corpus-dev)"
)
_SOURCES = ("statuti_check", "benchmarks", "tests", "corpus/src")
_TOP = ("app.py", "README.md", "CONTRIBUTING.md")


def _texts() -> list[Path]:
    """The project's own code, data and docs (the generated rule docs included)."""
    files = [ROOT / name for name in _TOP] + sorted(DOCS.rglob("*.md"))
    for folder in _SOURCES:
        files += sorted(
            path for path in (ROOT / folder).rglob("*") if path.suffix in (".py", ".yaml", ".md")
        )
    return files


def test_no_pointer_to_documents_outside_the_project() -> None:
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in _texts()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if _EXTERNAL.search(line)
    ]
    assert not found, "point to docs/ instead:\n" + "\n".join(found)


def _anchor(heading: str) -> str:
    """GitHub's anchor of a heading: lower case, punctuation dropped, spaces as hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def _anchors(page: Path) -> set[str]:
    text = page.read_text(encoding="utf-8")
    return {_anchor(h) for h in re.findall(r"^#{1,6} (.+)$", text, flags=re.MULTILINE)}


_POINTER = re.compile(r"docs/([\w-]+\.md)(?:#([\w-]+))?")
_LINK = re.compile(r"\]\(((?:[\w-]+\.md)?)(?:#([\w-]+))?\)")  # between docs pages


def _pointers(path: Path) -> list[tuple[Path, str]]:
    """The docs pages (and anchors) a file points to."""
    text = path.read_text(encoding="utf-8")
    found = [(DOCS / page, anchor) for page, anchor in _POINTER.findall(text)]
    if path.parent == DOCS:
        found += [(DOCS / page if page else path, anchor) for page, anchor in _LINK.findall(text)]
    return found


def test_pointers_into_docs_lead_somewhere() -> None:
    broken = [
        f"{path.relative_to(ROOT)} -> {target.relative_to(ROOT)}#{anchor}"
        for path in _texts()
        for target, anchor in _pointers(path)
        if not target.exists() or (anchor and anchor not in _anchors(target))
    ]
    assert not broken, "\n".join(broken)


def test_every_path_the_architecture_names_exists() -> None:
    """The map of docs/architecture.md follows the folders as they are."""
    text = (DOCS / "architecture.md").read_text(encoding="utf-8")
    named = set(re.findall(r"`((?:statuti_check|benchmarks|tests|docs)/[\w./-]*|app\.py)`", text))
    assert named, "docs/architecture.md names no path"
    assert not sorted(p for p in named if not (ROOT / p).exists())
