"""Every hostile input through the CLI, a bulk audit and the app: a clear Italian message or a
valid report, never a crash, a traceback, or a lost file."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from statuti_check.cli import main
from statuti_check.judge.audit import audit_file
from statuti_check.run.bulk import BulkOptions, run_bulk
from statuti_check.settings import Limits
from tests.hostile.files import BUILDERS, EXPECT
from tests.support.corpus_build import CORPUS

APP = str(Path(__file__).resolve().parents[2] / "app.py")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    for name, build in BUILDERS.items():
        (folder / name).write_bytes(build())
    return folder


def test_every_case_has_an_expectation():
    assert set(BUILDERS) == set(EXPECT)


@pytest.mark.parametrize("name", sorted(BUILDERS))
@pytest.mark.slow
def test_cli_gives_a_message_or_a_report(hostile, name, capsys):
    code = main(["audit", str(hostile / name)])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err + captured.out
    if EXPECT[name] == "error":
        assert code == 2 and captured.err.startswith("Errore: ")
    else:
        assert code == 0 and "conforme" in captured.out.lower()


@pytest.mark.slow
def test_a_bulk_audit_records_every_file_and_goes_on(hostile, tmp_path):
    formats = ("pdf", "docx", "html", "md", "json")
    options = BulkOptions(formats=formats, limits=Limits(timeout_seconds=60))
    result = run_bulk([hostile], tmp_path / "out", options, workers=2)
    failed = {Path(f.path).name: f.reason for f in result.failures}
    judged = {Path(r.source.path).name for r in result.reports}
    assert set(failed) == {n for n in BUILDERS if EXPECT[n] == "error"}
    assert judged == {n for n in BUILDERS if EXPECT[n] == "report"}
    assert not [reason for reason in failed.values() if "Errore interno" in reason]
    written = sorted(p.name for p in (tmp_path / "out" / "rapporti").iterdir())
    assert len(written) == len(judged) * len(formats) and all(n.isprintable() for n in written)


@pytest.mark.parametrize("name", sorted(BUILDERS))
@pytest.mark.slow
def test_the_app_gives_a_message_or_a_report(hostile, name, tmp_path, monkeypatch):
    monkeypatch.setenv("STATUTI_CHECK_DB", str(tmp_path / "app.sqlite"))
    app = AppTest.from_file(APP, default_timeout=90).run()
    data = (hostile / name).read_bytes()
    app.file_uploader[0].set_value((name, data, "application/octet-stream")).run()
    assert not app.exception
    if EXPECT[name] == "error":
        assert len(app.error) == 1 and "«" in app.error[0].value
    else:
        assert not app.error and app.subheader


@pytest.mark.parametrize("name", ["cp1252.txt", "utf16.txt"])
def test_other_encodings_give_the_same_verdicts(hostile, name):
    expected = [f.verdict for f in audit_file(CORPUS / "zocca.txt").findings]
    assert [f.verdict for f in audit_file(hostile / name).findings] == expected
