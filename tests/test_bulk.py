"""Bulk audits: discovery, workers, failures as data, the store, caching, kill and resume."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from rich.console import Console

from statuti_check.cli import main
from statuti_check.judge.audit import audit_file
from statuti_check.judge.catalogue import RULES_DIR, load_catalogue
from statuti_check.run.bulk import BulkOptions, run_bulk
from statuti_check.run.console import final_summary
from statuti_check.run.discover import discover, output_names
from statuti_check.run.store import Store
from statuti_check.settings import Limits
from tests.support.corpus_build import CORPUS

pytestmark = pytest.mark.slow  # bulk runs in worker processes and CLI subprocesses

RULE_COUNT = len(load_catalogue().rules)  # a finding per rule of the catalogue

SAMPLES = ("fanano.docx", "zocca.txt", "sassuolo.pdf")
CLI = [sys.executable, "-m", "statuti_check.cli"]


@pytest.fixture
def folder(tmp_path):
    """Three corpus statutes and a broken PDF in a folder, plus a hidden file to ignore."""
    statutes = tmp_path / "statuti"
    (statutes / "modena").mkdir(parents=True)
    for name in SAMPLES:
        shutil.copy(CORPUS / name, statutes / "modena" / name)
    (statutes / "rotto.pdf").write_bytes(b"%PDF-1.7\n" + os.urandom(2000))
    (statutes / ".nascosto.txt").write_text("non va letto", encoding="utf-8")
    (statutes / "note.xlsx").write_bytes(b"PK")
    return statutes


def rows(database: Path, query: str, *params: object) -> list[tuple]:
    with sqlite3.connect(database) as db:
        return db.execute(query, params).fetchall()


def test_discover_walks_folders_skips_hidden_and_reports_missing(folder, tmp_path):
    found = discover([folder, folder / "modena" / "zocca.txt", tmp_path / "nessuno"])
    assert [p.name for p in found.files] == [
        "fanano.docx",
        "sassuolo.pdf",
        "zocca.txt",
        "rotto.pdf",
    ]
    assert [f.reason for f in found.missing] == ["Il file o la cartella non esiste."]
    assert [p.name for p in found.hidden] == [".nascosto.txt"]


def test_output_names_are_safe_and_unique():
    names = output_names(
        [Path("a/Statuto Zocca.pdf"), Path("b/Statuto Zocca.pdf"), Path("c/..pdf"),
         Path("d/\x07evil\nname.txt"), Path("e/" + "x" * 300 + ".pdf")]
    )  # fmt: skip
    values = list(names.values())
    assert values[:2] == ["Statuto_Zocca", "Statuto_Zocca-2"]
    assert values[2] == "statuto" and values[3] == "evil_name" and len(values[4]) == 80
    assert all("/" not in v and ".." not in v for v in values)


@pytest.fixture(scope="module")
def finished_run(tmp_path_factory):
    """One bulk run over the folder, with two workers and JSON and Markdown reports."""
    tmp = tmp_path_factory.mktemp("bulk")
    statutes = tmp / "statuti"
    statutes.mkdir()
    for name in SAMPLES:
        shutil.copy(CORPUS / name, statutes / name)
    (statutes / "rotto.pdf").write_bytes(b"%PDF-1.7\n" + b"\x00garbage" * 300)
    out = tmp / "out"
    result = run_bulk(
        [statutes, tmp / "assente.pdf"], out, BulkOptions(formats=("json", "md")), workers=2
    )
    return result, out


def test_run_records_every_file_once_and_goes_on_past_failures(finished_run):
    result, out = finished_run
    database = out / "statuti.sqlite"
    recorded = rows(database, "SELECT path, status FROM documents WHERE run_id = ?", result.run_id)
    assert sorted(status for _, status in recorded) == ["done"] * 3 + ["failed"] * 2
    assert len({path for path, _ in recorded}) == 5
    reasons = {Path(f.path).name: f.reason for f in result.failures}
    assert set(reasons) == {"rotto.pdf", "assente.pdf"}
    assert "PDF" in reasons["rotto.pdf"] and "non esiste" in reasons["assente.pdf"]
    assert rows(database, "SELECT finished IS NOT NULL FROM runs") == [(1,)]
    assert rows(database, "PRAGMA journal_mode") == [("wal",)]


def test_reports_and_summary_agree_with_the_store(finished_run):
    _, out = finished_run
    database = out / "statuti.sqlite"
    stored = {
        (Path(path).name, rule): verdict
        for path, rule, verdict in rows(database, "SELECT path, rule_id, verdict FROM findings")
    }
    for name in SAMPLES:
        report = json.loads((out / "rapporti" / f"{Path(name).stem}.json").read_text())
        assert {(name, f["rule_id"]): f["verdict"] for f in report["findings"]}.items() <= (
            stored.items()
        )
        assert (out / "rapporti" / f"{Path(name).stem}.md").read_text().startswith("# Verifica")
    table = list(
        csv.DictReader(io.StringIO((out / "sintesi.csv").read_text("utf-8-sig")), delimiter=";")
    )
    assert len(table) == 5
    for line in table[:3]:
        assert all(line[rule] == stored[(line["file"], rule)] for _, rule in stored if rule in line)
    assert (out / "sintesi.xlsx").read_bytes().startswith(b"PK")
    assert "rotto.pdf" in (out / "sintesi.html").read_text()


def test_verdicts_equal_a_single_file_audit(finished_run):
    result, _ = finished_run
    for report in result.reports:
        alone = audit_file(report.source.path)
        assert [f.verdict for f in report.findings] == [f.verdict for f in alone.findings]


def test_rerun_after_catalogue_change_reuses_structures(finished_run, tmp_path):
    result, out = finished_run
    rules = tmp_path / "rules"
    shutil.copytree(RULES_DIR, rules)
    (rules / "violenza-genere.yaml").unlink()
    paths = [Path(report.source.path) for report in result.reports]
    again = run_bulk(paths, out, BulkOptions(rules=str(rules)), workers=1)
    database = out / "statuti.sqlite"
    cached = rows(database, "SELECT cached FROM documents WHERE run_id = ?", again.run_id)
    assert cached == [(1,)] * 3
    assert {len(report.findings) for report in again.reports} == {len(load_catalogue(rules).rules)}


def test_an_unchanged_rerun_reuses_reports_and_a_new_date_rejudges(finished_run):
    result, out = finished_run
    paths = [Path(report.source.path) for report in result.reports]
    database = out / "statuti.sqlite"
    same = run_bulk(paths, out, BulkOptions(), workers=1)
    keys = "SELECT path, cached, cache_key FROM documents WHERE run_id = ? ORDER BY path"
    first = {path: key for path, _, key in rows(database, keys, result.run_id)}
    assert [(p, c, first[p]) for p, c, _ in rows(database, keys, same.run_id)] == rows(
        database, keys, same.run_id
    ) and {c for _, c, _ in rows(database, keys, same.run_id)} == {1}
    assert [r.findings for r in same.reports] == [r.findings for r in result.reports]
    later = run_bulk(paths, out, BulkOptions(on=date(2012, 1, 1)), workers=1)
    assert not set(first.values()) & {k for _, _, k in rows(database, keys, later.run_id)}
    quota = {f.rule_id: f.verdict for f in later.reports[0].findings}["giunta-quota-40"]
    assert quota == "non_applicabile"  # L. 56/2014 was not yet in force


def test_timed_out_files_are_failures_and_the_run_finishes(tmp_path):
    shutil.copy(CORPUS / "sassuolo.pdf", tmp_path / "a.pdf")
    shutil.copy(CORPUS / "formigine.pdf", tmp_path / "b.pdf")
    options = BulkOptions(formats=("pdf",), limits=Limits(timeout_seconds=0.01))
    result = run_bulk(
        [tmp_path / "a.pdf", tmp_path / "b.pdf"], tmp_path / "out", options, workers=1
    )
    assert [f.reason for f in result.failures] == [
        "La verifica ha superato il tempo massimo di 0,01 secondi per file."
    ] * 2
    assert result.reports == []


def test_a_memory_cap_too_low_for_any_worker_stops_with_a_message(tmp_path, capsys):
    code = main(["audit", str(CORPUS / "zocca.txt"), "--out", str(tmp_path), "--memory-mb", "64"])
    assert code == 1  # a setting no file could meet: a usage error
    assert "--memory-mb" in capsys.readouterr().err


def statutes_for_kill(folder: Path, count: int) -> None:
    """Distinct small statutes (each its own sha256), slow enough with PDF reports."""
    folder.mkdir()
    text = (CORPUS / "zocca.txt").read_bytes()
    for index in range(count):
        (folder / f"s{index:02}.txt").write_bytes(text + b"\n" * (index + 1))


def recorded_so_far(database: Path) -> int:
    """Files a running audit has recorded (0 while the database is still being created)."""
    try:
        return rows(database, "SELECT count(*) FROM documents")[0][0] if database.exists() else 0
    except sqlite3.OperationalError:
        return 0


def test_a_killed_run_resumes_with_every_file_exactly_once(tmp_path):
    statutes, out = tmp_path / "statuti", tmp_path / "out"
    statutes_for_kill(statutes, 12)
    command = [
        *CLI,
        "audit",
        str(statutes),
        "--out",
        str(out),
        "--formats",
        "pdf",
        "--workers",
        "1",
    ]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True)  # fmt: skip
    database = out / "statuti.sqlite"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if recorded_so_far(database) >= 3:
            break
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGKILL)  # the parent and its workers, as `kill -9` would
    process.wait()
    before = rows(database, "SELECT count(*) FROM documents")[0][0]
    assert 3 <= before < 12, "the run should have been killed mid-way"
    resumed = subprocess.run([*command, "--resume"], capture_output=True, text=True, timeout=300)
    assert resumed.returncode == 0, resumed.stderr
    assert f"Ripresa: {before} file già verificati." in resumed.stderr
    recorded = rows(database, "SELECT run_id, path, status FROM documents")
    assert len(recorded) == 12 and {run for run, _, _ in recorded} == {1}
    assert sorted(Path(path).name for _, path, _ in recorded) == [f"s{i:02}.txt" for i in range(12)]
    assert {status for _, _, status in recorded} == {"done"}
    assert rows(database, "SELECT count(*) FROM findings")[0][0] == 12 * RULE_COUNT
    assert rows(database, "SELECT count(*), min(finished IS NOT NULL) FROM runs") == [(1, 1)]
    assert len(list((out / "rapporti").glob("*.pdf"))) == 12


def test_two_audits_on_one_database_at_once(tmp_path):
    statutes, database = tmp_path / "statuti", tmp_path / "shared.sqlite"
    statutes_for_kill(statutes, 6)
    processes = [
        subprocess.Popen(
            [
                *CLI,
                "audit",
                str(statutes),
                "--out",
                str(tmp_path / f"out{i}"),
                "--db",
                str(database),
                "--workers",
                "1",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i in range(2)
    ]
    for process in processes:
        assert process.wait(timeout=300) == 0, process.stderr.read() if process.stderr else ""
    assert rows(database, "PRAGMA integrity_check") == [("ok",)]
    per_run = rows(database, "SELECT run_id, count(*) FROM documents GROUP BY run_id")
    assert sorted(count for _, count in per_run) == [6, 6] and len(per_run) == 2
    assert rows(database, "SELECT count(*) FROM findings")[0][0] == 2 * 6 * RULE_COUNT


def test_cli_exit_codes_and_fail_on(folder, tmp_path, capsys):
    assert main(["audit", str(folder), "--out", str(tmp_path / "a"), "--workers", "1"]) == 2
    printed = capsys.readouterr().out
    assert "Verifica completata" in printed and "rotto.pdf" in printed
    assert "1 file nascosto (il nome inizia con un punto) non è stato verificato" in printed
    (folder / "rotto.pdf").unlink()
    good = ["audit", str(folder), "--out", str(tmp_path / "b"), "--workers", "1"]
    assert main(good) == 0
    assert main([*good, "--fail-on", "assente"]) == 3
    assert main([*good, "--formats", "pdf,odt"]) == 1
    assert "formato sconosciuto: odt" in capsys.readouterr().err


def test_authorities_csv_sets_population_and_its_source(tmp_path):
    table = tmp_path / "enti.csv"
    table.write_text("file;name;type;istat_code;population\nzocca.txt;;;;2.500\n", "utf-8")
    out = tmp_path / "out"
    assert main(["audit", str(CORPUS / "zocca.txt"), "--out", str(out), "--authorities",
                 str(table), "--workers", "1"]) == 0  # fmt: skip
    report = Store(out / "statuti.sqlite").reports(1)[0]
    assert report.authority.population == 2500
    assert report.authority.population_source == "indicata nel file degli enti"
    assert report.authority.name == "Zocca"
    quota = next(f for f in report.findings if f.rule_id == "giunta-quota-40")
    assert quota.verdict == "non_applicabile"


def test_store_commands(finished_run, tmp_path, capsys):
    _, out = finished_run
    database = str(out / "statuti.sqlite")
    assert main(["store", "list", "--db", database]) == 0
    assert "verificati" in capsys.readouterr().out
    assert main(["store", "show", "1", "--db", database]) == 0
    shown = capsys.readouterr().out
    assert "Comune di Fanano" in shown and "NON LETTO" in shown
    target = tmp_path / "export.json"
    assert (
        main(["store", "export", "1", "--db", database, "--format", "json", "-o", str(target)]) == 0
    )
    exported = json.loads(target.read_text())
    assert len(exported["reports"]) == 3 and len(exported["failures"]) == 2
    assert main(["store", "show", "99", "--db", database]) == 2
    assert main(["store", "show", "--db", str(tmp_path / "none.sqlite")]) == 2


def test_a_malformed_authorities_csv_is_refused_in_italian(tmp_path, capsys):
    table = tmp_path / "enti.csv"
    table.write_text("file,type\nzocca.txt,comunità\n", "utf-8")
    code = main(
        ["audit", str(CORPUS / "zocca.txt"), "--out", str(tmp_path), "--authorities", str(table)]
    )
    assert code == 2
    assert "Il file degli enti «enti.csv» non è leggibile" in capsys.readouterr().err


def test_a_database_of_another_schema_is_refused_not_misread(tmp_path):
    database = tmp_path / "vecchio.sqlite"
    Store(database).close()
    with sqlite3.connect(database) as db:
        db.execute("PRAGMA user_version = 1")
    code = main(["audit", str(CORPUS / "zocca.txt"), "--db", str(database), "--out", str(tmp_path)])
    assert code == 2


def test_copies_told_apart_by_the_authorities_csv_never_share_a_cached_report(tmp_path):
    folder = tmp_path / "statuti"
    folder.mkdir()
    for name in ("a.txt", "b.txt"):
        shutil.copy(CORPUS / "zocca.txt", folder / name)
    table = tmp_path / "enti.csv"
    table.write_text("file,population\nb.txt,1500\n", encoding="utf-8")
    database = tmp_path / "statuti.sqlite"
    for out in ("primo", "secondo"):  # the second run takes what it can from the store
        code = main(["audit", str(folder), "--out", str(tmp_path / out), "--db", str(database),
                     "--authorities", str(table), "--workers", "1", "--formats", "json"])  # fmt: skip
        assert code == 0
        b = json.loads((tmp_path / out / "rapporti" / "b.json").read_text())
        a = json.loads((tmp_path / out / "rapporti" / "a.json").read_text())
        assert b["authority"]["population"] == 1500 and a["authority"]["population"] == 4883


def test_a_cached_statute_copied_under_a_wrong_suffix_is_still_refused(tmp_path):
    database = tmp_path / "statuti.sqlite"
    run_bulk([CORPUS / "zocca.txt"], tmp_path / "uno", BulkOptions(), workers=1, database=database)
    shutil.copy(CORPUS / "zocca.txt", tmp_path / "zocca.pdf")
    result = run_bulk([tmp_path / "zocca.pdf"], tmp_path / "due", BulkOptions(), workers=1,
                      database=database)  # fmt: skip
    assert [f.reason for f in result.failures] == [
        "Il file non è un PDF valido: il contenuto non corrisponde all'estensione."
    ]


def interrupted_run(tmp_path: Path, count: int = 4, keep: int = 2) -> tuple[Path, Path]:
    """A run over `count` statutes that recorded only `keep` before it was killed."""
    statutes, database = tmp_path / "statuti", tmp_path / "statuti.sqlite"
    statutes_for_kill(statutes, count)
    run_bulk([statutes], tmp_path / "out", BulkOptions(), workers=1, database=database)
    with sqlite3.connect(database) as db:
        db.execute("UPDATE runs SET finished = NULL")
        db.execute("DELETE FROM documents WHERE path NOT IN "
                   "(SELECT path FROM documents ORDER BY path LIMIT ?)", (keep,))  # fmt: skip
    return statutes, database


def test_resuming_through_another_spelling_of_the_folder_redoes_nothing(tmp_path, monkeypatch):
    _, database = interrupted_run(tmp_path)
    monkeypatch.chdir(tmp_path)
    result = run_bulk([Path("statuti")], tmp_path / "out", BulkOptions(), workers=1,
                      database=database, resume=True)  # fmt: skip
    assert result.skipped == 2 and len(result.reports) == 4
    assert rows(database, "SELECT count(*) FROM documents")[0][0] == 4


def test_a_run_started_otherwise_is_not_resumed(tmp_path, capsys):
    statutes, database = interrupted_run(tmp_path)
    code = main(["audit", str(statutes), "--out", str(tmp_path / "out"), "--db", str(database),
                 "--resume", "--date", "2005-01-01"])  # fmt: skip
    assert code == 1 and "avviata con altre impostazioni" in capsys.readouterr().err
    (statutes / "nuovo.txt").write_bytes((CORPUS / "zocca.txt").read_bytes())  # files changed
    code = main(["audit", str(statutes), "--out", str(tmp_path / "out"), "--db", str(database),
                 "--resume"])  # fmt: skip
    assert code == 1
    assert rows(database, "SELECT count(*) FROM documents")[0][0] == 2  # nothing mixed in


def test_a_run_still_going_in_another_process_is_not_taken_over(tmp_path, capsys):
    statutes, database = interrupted_run(tmp_path)
    owner = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)", "statuti"])
    try:
        with sqlite3.connect(database) as db:
            (options,) = db.execute("SELECT options FROM runs").fetchone()
            settings = {**json.loads(options), "owner": {"pid": owner.pid, "host": os.uname()[1]}}
            db.execute("UPDATE runs SET options = ?", (json.dumps(settings),))
        code = main(["audit", str(statutes), "--out", str(tmp_path / "out"), "--db",
                     str(database), "--resume"])  # fmt: skip
        assert code == 1 and "ancora in corso" in capsys.readouterr().err
    finally:
        owner.kill()
        owner.wait()
    assert main(["audit", str(statutes), "--out", str(tmp_path / "out"), "--db", str(database),
                 "--resume"]) == 0  # fmt: skip
    assert rows(database, "SELECT count(*) FROM documents")[0][0] == 4


def test_a_mistyped_fail_on_verdict_is_a_usage_error(capsys):
    assert main(["audit", str(CORPUS / "zocca.txt"), "--fail-on", "asente"]) == 1
    assert "esito sconosciuto: asente" in capsys.readouterr().err


def test_the_final_summary_fits_80_columns_with_every_column(finished_run):
    result, out = finished_run
    console = Console(width=80, record=True, file=io.StringIO())
    final_summary(result, out, console)
    lines = console.export_text().splitlines()
    assert max(len(line) for line in lines) <= 80
    header = next(line for line in lines if line.strip().startswith("Regola"))
    assert header.split() == ["Regola", "Tipo", "Conf.", "Parz.", "Ass.", "N.a.", "Verif."]
    assert any(line.split()[:4] == ["Ente", "Lacune", "Assenti", "File"] for line in lines)
    assert any(line.strip().startswith("Comune di") and "1" in line for line in lines)


def test_a_report_folder_that_cannot_be_written_keeps_the_audits_and_resume_writes_them(
    tmp_path, capsys
):
    statutes, out, database = tmp_path / "statuti", tmp_path / "out", tmp_path / "statuti.sqlite"
    statutes.mkdir()
    for name in ("zocca.txt", "fanano.docx"):
        shutil.copy(CORPUS / name, statutes / name)
    out.mkdir()
    (out / "rapporti").write_text("un file, non una cartella")  # unwritable even for root
    command = ["audit", str(statutes), "--out", str(out), "--db", str(database),
               "--formats", "json", "--workers", "1"]  # fmt: skip
    assert main(command) == 2
    printed = "".join(capsys.readouterr().out.split())  # long paths wrap
    target = out / "rapporti" / "zocca.json"
    assert "Rapportinonscritti" in printed
    assert f"rapportononscrittoin«{target}»(ilpercorsononèunacartella)" in printed
    # Audited and recorded as done, the write failure apart: nothing is "unread".
    assert sorted(rows(database, "SELECT status, count(*) FROM documents GROUP BY status")) == [
        ("done", 2)
    ]
    store = Store(database)
    run_id = store.latest_run()
    assert len(store.reports(run_id)) == 2 and store.failures(run_id) == []
    assert [Path(f.path).name for f in store.unwritten(run_id)] == ["fanano.docx", "zocca.txt"]
    assert store.done_paths(run_id) == set()  # a resume must write them
    store.close()
    with sqlite3.connect(database) as db:  # as if the run had been killed before its end
        db.execute("UPDATE runs SET finished = NULL")
    (out / "rapporti").unlink()
    assert main([*command, "--resume"]) == 0
    assert json.loads(target.read_text())["authority"]["name"] == "Zocca"
    assert (out / "rapporti" / "fanano.json").exists()
    assert rows(database, "SELECT count(*), sum(cached), count(reason) FROM documents") == [
        (2, 2, 0)  # the same run, its reports taken from the store, no failure left
    ]


def test_a_bulk_runs_parent_does_not_load_the_matcher():
    """The tokenizer's rules and the lemmas are loaded with the first matcher (the workers' fork
    server), not with modules; spaCy is imported nowhere."""
    code = (
        "import sys, statuti_check.cli, statuti_check.run.bulk, statuti_check.run.console; "
        "from statuti_check.judge import nlp, tokens; "
        "print('spacy' in sys.modules, len(nlp._lemmas), tokens._rules.cache_info().currsize)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False 0 0"
