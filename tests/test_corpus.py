"""Every sample statute of corpus/ parses to exactly its ground truth, in every input format."""

from __future__ import annotations

import dataclasses
import functools
import json
import shutil
from pathlib import Path

import pytest

from statuti_check.read.extract import PdfEngine
from statuti_check.read.model import ParsedStatute
from statuti_check.read.parse import parse_file
from tests.support.compare import expected, intended_verdicts, summary
from tests.support.corpus_build import CORPUS, Style, load_source, load_styles, render, sidecar

STYLES = load_styles()
# A scanned statute is read by Tesseract: those cases are marked `ocr`.
SLUGS = [
    pytest.param(slug, marks=pytest.mark.ocr) if style.scan else slug
    for slug, style in STYLES.items()
]
FORMATS = ["pdf", "docx", "odt", "html", "txt"]


def test_corpus_has_every_format_and_enough_statutes():
    assert len(STYLES) >= 8
    assert {style.format for style in STYLES.values()} == set(FORMATS)


@pytest.mark.parametrize("slug", SLUGS)
def test_committed_document_and_sidecar_are_up_to_date(slug):
    source, style = load_source(slug), STYLES[slug]
    document = CORPUS / f"{slug}.{style.format}"
    assert document.read_bytes() == render(source, style), "run `make corpus`"
    truth = json.loads((CORPUS / f"{slug}.expected.json").read_text(encoding="utf-8"))
    assert truth == json.loads(json.dumps(sidecar(source, style))), "run `make corpus`"


@functools.cache
def parse_committed(slug: str, engine: PdfEngine = "pypdfium2") -> ParsedStatute:
    """The committed document parsed once per engine (a scan is read by OCR, which is slow)."""
    return parse_file(CORPUS / f"{slug}.{STYLES[slug].format}", engine=engine)


def parse_rendered(slug: str, style: Style, directory: Path, engine: PdfEngine) -> ParsedStatute:
    """The statute rendered in `style`; the committed file when that is what it renders to
    (test_committed_document_and_sidecar_are_up_to_date holds them equal)."""
    if style == STYLES[slug]:
        return parse_committed(slug, engine)
    path = directory / f"{slug}.{style.format}"
    path.write_bytes(render(load_source(slug), style))
    return parse_file(path, engine=engine)


@pytest.mark.parametrize("slug", SLUGS)
def test_committed_document_parses_to_its_sidecar(slug):
    truth = json.loads((CORPUS / f"{slug}.expected.json").read_text(encoding="utf-8"))
    parsed = parse_committed(slug)
    assert summary(parsed) == expected(truth)
    assert parsed.statute.warnings == []


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("slug", SLUGS)
@pytest.mark.slow
def test_every_statute_in_every_format(slug, fmt, tmp_path: Path):
    style = dataclasses.replace(STYLES[slug], format=fmt)
    parsed = parse_rendered(slug, style, tmp_path, "pypdfium2")
    assert summary(parsed) == expected(sidecar(load_source(slug), style))


@pytest.mark.parametrize("slug", SLUGS)
@pytest.mark.slow
def test_pdfplumber_engine_agrees(slug, tmp_path: Path):
    style = dataclasses.replace(STYLES[slug], format="pdf")
    parsed = parse_rendered(slug, style, tmp_path, "pdfplumber")
    assert summary(parsed) == expected(sidecar(load_source(slug), style))


@pytest.mark.parametrize("sidecar", sorted(CORPUS.glob("*.expected.json")), ids=lambda p: p.name)
def test_every_sidecar_has_an_intended_verdict_for_every_rule(sidecar: Path):
    """Without reading any statute: a new rule's missing verdicts show in `make test-fast`."""
    from statuti_check.judge.catalogue import load_catalogue

    intended_verdicts(sidecar, [rule.id for rule in load_catalogue().rules])


@pytest.mark.parametrize("slug", SLUGS)
@pytest.mark.slow
def test_corpus_verdicts_equal_their_sidecars(slug):
    from statuti_check.judge.audit import audit_parsed

    report = audit_parsed(parse_committed(slug))
    got = {finding.rule_id: finding.verdict for finding in report.findings}
    # Every rule of the catalogue is judged; the sidecars also cover rules still to be written.
    assert got == intended_verdicts(CORPUS / f"{slug}.expected.json", got)


def test_a_rule_missing_from_a_sidecar_is_named_with_what_to_do(tmp_path: Path):
    from statuti_check.judge.catalogue import RULES_DIR, load_catalogue

    rules = tmp_path / "rules"
    shutil.copytree(RULES_DIR, rules)
    shutil.copy(
        Path(__file__).parent / "fixtures" / "new-rule" / "toponomastica-genere.yaml", rules
    )
    catalogue = load_catalogue(rules)
    slug = next(iter(STYLES))
    with pytest.raises(AssertionError) as caught:
        intended_verdicts(CORPUS / f"{slug}.expected.json", [r.id for r in catalogue.rules])
    message = str(caught.value)
    assert (
        f"{slug}.expected.json has no intended verdict for the rule(s) toponomastica-genere"
        in message
    )
    assert f"corpus/src/{slug}.yaml" in message and "make corpus" in message
    assert "python -m tests.support.corpus_verdicts toponomastica-genere" in message
