"""Auditing: a parsed statute against a catalogue, giving the report of docs/json-contract.md."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import date
from functools import cache
from importlib import resources
from importlib.abc import Traversable
from importlib.metadata import version
from pathlib import Path

from statuti_check.contract import (
    Authority,
    AuthorityType,
    CatalogueInfo,
    Finding,
    Report,
    SourceInfo,
    StatuteInfo,
    ToolInfo,
    verdict_counts,
)
from statuti_check.judge.assessment import assess
from statuti_check.judge.catalogue import Catalogue, Rule, load_catalogue
from statuti_check.judge.lemmas import compiled_matcher
from statuti_check.judge.matching import RuleMatcher, units_of
from statuti_check.judge.references import find_outdated
from statuti_check.read.authority import resolve_authority
from statuti_check.read.extract import PdfEngine
from statuti_check.read.extract.clean import clean_pages
from statuti_check.read.extract.ocr import OcrMode
from statuti_check.read.model import Document, Page, ParsedStatute, Statute
from statuti_check.read.parse import parse_file
from statuti_check.read.structure import parse_statute
from statuti_check.settings import DEFAULT_LIMITS, Limits

_OPENING_LINES = 3
_OPENING_CHARS = 160


def opening_lines(text: str) -> str:
    """The first few lines of a document, so a user can tell which statute was not recognised."""
    lines = [line.strip() for line in text.splitlines() if line.strip()][:_OPENING_LINES]
    shown = " / ".join(lines)
    return shown if len(shown) <= _OPENING_CHARS else shown[: _OPENING_CHARS - 1].rstrip() + "…"


_MATCHERS: dict[str, RuleMatcher] = {}


def _matcher(catalogue: Catalogue) -> RuleMatcher:
    """One compiled matcher per catalogue version and process."""
    if catalogue.sha256 not in _MATCHERS:
        _MATCHERS[catalogue.sha256] = compiled_matcher(catalogue, cache_version())
    return _MATCHERS[catalogue.sha256]


def tool_version() -> str:
    """The installed package version (reports cite it)."""
    return version("statuti-check")


@cache
def cache_version() -> str:
    """The version plus a fingerprint of the code and data: what cached results depend on.

    Between releases the version stays put while the readers and the engine change; results
    cached by an older build must not be served as if this one had made them.
    """
    digest = hashlib.sha256()
    package = resources.files("statuti_check")
    for path in sorted(_package_files(package), key=str):
        digest.update(str(path).encode("utf-8") + b"\0" + path.read_bytes())
    return f"{tool_version()}+{digest.hexdigest()[:12]}"


def _package_files(folder: Traversable) -> Iterator[Traversable]:
    for entry in folder.iterdir():
        if entry.is_dir() and entry.name != "__pycache__":
            yield from _package_files(entry)
        elif entry.is_file() and entry.name.endswith((".py", ".yaml", ".csv", ".j2", ".css")):
            yield entry


def findings_for(
    statute: Statute,
    authority: Authority,
    catalogue: Catalogue,
    text: str = "",
    readable: bool = True,
    on: date | None = None,
    unread: tuple[int, ...] = (),
) -> list[Finding]:
    """One finding per rule; `text` stands in as a single unit when no article was found."""
    comma_units, article_units = units_of(statute, _matcher(catalogue), fallback_text=text)
    return [
        assess(rule, comma_units, article_units, authority, catalogue, readable, on, unread)
        for rule in catalogue.rules
    ]


def text_document(text: str, name: str = "testo") -> Document:
    """A clause or an article as a one-page document, cleaned as an extracted file would be."""
    (cleaned,), _ = clean_pages([text], running_lines=False)
    source = SourceInfo(path=name, sha256="", format="txt", pages=1, paginated=False,
                        has_text_layer=True, engine="txt")  # fmt: skip
    return Document(source=source, pages=[Page(number=1, text=cleaned)])


def assess_text(rule: Rule, text: str, authority: Authority, catalogue: Catalogue) -> Finding:
    """A rule's finding on a clause or an article alone (rule examples, accuracy harness).

    Text written as an article ("Art. 27 – Giunta", then its commi "1. …", "2. …") is parsed as
    a statute would be, heading and commi apart; a bare clause is one unit.
    """
    document = text_document(text)
    comma_units, article_units = units_of(
        parse_statute(document), _matcher(catalogue), document.text
    )
    return assess(rule, comma_units, article_units, authority, catalogue)


def with_overrides(
    authority: Authority,
    name: str | None = None,
    authority_type: AuthorityType | None = None,
    population: int | None = None,
) -> Authority:
    """Apply the user's corrections; a new name is looked up again in the ISTAT list."""
    if name is not None or authority_type is not None:
        authority = resolve_authority(name or authority.name, authority_type or authority.type)
    if population is not None:
        authority = authority.model_copy(
            update={"population": population, "population_source": "indicata dall'utente"}
        )
    return authority


def _with_structure_warnings(parsed: ParsedStatute) -> SourceInfo:
    """The source with what the parser noticed about the structure.

    An index that disagrees with the body, articles without commi: the reading notice every
    report shows must say it, never pass it in silence.
    """
    source = parsed.document.source
    extra = [w for w in parsed.statute.warnings if w not in source.warnings]
    return source.model_copy(update={"warnings": source.warnings + extra}) if extra else source


def _readable(parsed: ParsedStatute) -> bool:
    """Text good enough to judge: a text layer or OCR, and some articles or prose."""
    source = parsed.document.source
    return (source.has_text_layer or source.ocr_used) and len(parsed.document.text.strip()) > 200


def audit_parsed(
    parsed: ParsedStatute,
    catalogue: Catalogue | None = None,
    authority: Authority | None = None,
    on: date | None = None,
) -> Report:
    """Judge an already parsed statute as of `on` (default today); bulk audits cache parses."""
    catalogue = catalogue or load_catalogue()
    authority = authority or parsed.authority
    statute = parsed.statute
    on = on or date.today()
    text = parsed.document.text
    unread = tuple(parsed.document.source.unread_pages)
    findings = findings_for(statute, authority, catalogue, text, _readable(parsed), on, unread)
    front = statute.front_matter
    return Report(
        audit_date=on.isoformat(),
        tool=ToolInfo(version=tool_version()),
        catalogue=CatalogueInfo(
            version=catalogue.version, sha256=catalogue.sha256, rules=len(catalogue.rules)
        ),
        source=_with_structure_warnings(parsed),
        authority=authority,
        statute=StatuteInfo(
            articles=len(statute.articles),
            adopted=front.adopted.isoformat() if front.adopted else None,
            last_amended=front.last_amended.isoformat() if front.last_amended else None,
            opening=opening_lines(text),
        ),
        summary=verdict_counts(findings),
        findings=findings,
        machine_summary=verdict_counts(findings, reviewed=False),
        outdated_references=find_outdated(statute),
    )


def audit_file(
    path: str | Path,
    catalogue: Catalogue | None = None,
    *,
    name: str | None = None,
    authority_type: AuthorityType | None = None,
    population: int | None = None,
    engine: PdfEngine = "pypdfium2",
    limits: Limits = DEFAULT_LIMITS,
    on: date | None = None,
    ocr: OcrMode = "auto",
) -> Report:
    """Read, structure and judge one statute file (raises InputError when it cannot be read)."""
    parsed = parse_file(path, engine=engine, limits=limits, ocr=ocr)
    authority = with_overrides(parsed.authority, name, authority_type, population)
    return audit_parsed(parsed, catalogue, authority, on)
