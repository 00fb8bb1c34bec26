"""Adding a rule is data only: a 15th rule file in a copy of the catalogue goes through the whole
pipeline (validation, examples, docs, audit, every report format, corpus summary, the draft
resolution and the app's heatmap head) with no code change. CONTRIBUTING.md walks through it."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from statuti_check.cli import main
from statuti_check.judge.catalogue import RULES_DIR, Catalogue, load_catalogue
from statuti_check.report.common import short_title
from tests.support.corpus_build import CORPUS

NEW_RULE = Path(__file__).parent / "fixtures" / "new-rule" / "toponomastica-genere.yaml"


@pytest.fixture
def rules(tmp_path: Path) -> Path:
    """The project's catalogue with the new rule file added, as an expert would add it."""
    folder = tmp_path / "rules"
    shutil.copytree(RULES_DIR, folder)
    shutil.copy(NEW_RULE, folder)
    return folder


def _new_rule(catalogue: Catalogue) -> str:
    (rule_id,) = {r.id for r in catalogue.rules} - {r.id for r in load_catalogue().rules}
    return rule_id


@pytest.mark.slow
def test_the_new_rule_is_validated_tested_and_documented(rules, tmp_path, capsys):
    catalogue = load_catalogue(rules)
    assert len(catalogue.rules) == len(load_catalogue().rules) + 1
    assert main(["rules", "validate", str(rules)]) == 0
    assert f"{len(catalogue.rules)} regole valide" in capsys.readouterr().out
    assert main(["rules", "test", str(rules)]) == 0
    assert main(["rules", "docs", "--rules", str(rules), str(tmp_path / "docs")]) == 0
    rule = catalogue.rule(_new_rule(catalogue))
    index = (tmp_path / "docs" / "README.md").read_text(encoding="utf-8")
    assert (tmp_path / "docs" / f"{rule.id}.md").exists() and rule.title in index
    assert short_title(rule.id, rule.title, catalogue) == rule.short_title


@pytest.mark.slow
def test_every_report_and_the_corpus_summary_carry_the_new_rule(rules, tmp_path, capsys):
    catalogue = load_catalogue(rules)
    rule = catalogue.rule(_new_rule(catalogue))
    statutes = tmp_path / "statuti"
    statutes.mkdir()
    for name in ("zocca.txt", "fanano.docx"):
        shutil.copy(CORPUS / name, statutes / name)
    out = tmp_path / "out"
    formats = "pdf,docx,html,md,json"
    command = ["audit", str(statutes), "--out", str(out), "--formats", formats, "--rules"]
    assert main([*command, str(rules), "--workers", "1"]) == 0
    for report in out.rglob("*.json"):
        findings = json.loads(report.read_text(encoding="utf-8"))["findings"]
        assert len(findings) == len(catalogue.rules) and rule.id in {f["rule_id"] for f in findings}
    for suffix in ("html", "md"):
        assert all(rule.title in p.read_text(encoding="utf-8") for p in out.rglob(f"*.{suffix}"))
    assert len(list(out.rglob("*.pdf"))) == len(list(out.rglob("*.docx"))) == 2
    with (out / "sintesi.csv").open(encoding="utf-8") as handle:
        assert rule.id in next(csv.reader(handle, delimiter=";"))
    sheets = load_workbook(out / "sintesi.xlsx").worksheets
    assert any(rule.title in (c.value or "") for c in sheets[0][1] if isinstance(c.value, str))
    assert rule.title in (out / "sintesi.html").read_text(encoding="utf-8")
    capsys.readouterr()
    assert main(["audit", str(statutes / "zocca.txt"), "--rules", str(rules)]) == 0
    assert rule.title in capsys.readouterr().out
    draft = tmp_path / "delibera.json"
    include = ["--include", rule.id, "--format", "delibera-json", "-o", str(draft)]
    assert main(["report", str(statutes / "zocca.txt"), "--rules", str(rules), *include]) == 0
    assert rule.id in {r["rule_id"] for r in json.loads(draft.read_text("utf-8"))["rules"]}
