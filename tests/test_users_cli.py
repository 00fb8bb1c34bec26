"""`statuti-check users …`, and what `store export` and `store backup` say about runs and the log."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pytest

from statuti_check.cli import main
from statuti_check.members.sessions import current, sign_in
from statuti_check.run.bulk import BulkOptions, run_bulk
from statuti_check.run.store import Store
from tests.support.corpus_build import CORPUS

PASSWORD = "una password lunga"


def users(database, *args: str, stdin: str = "") -> int:
    """`statuti-check users …` with the password on standard input, as a script gives it."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sys, "stdin", io.StringIO(stdin))
        return main(["users", *args, "--db", str(database)])


@pytest.mark.slow
def test_add_list_disable_enable_and_passwd(tmp_path, capsys):
    database = tmp_path / "s.sqlite"
    assert users(database, "add", "anna", "--name", "Anna Rossi", "--role", "amministratrice",
                 stdin=PASSWORD + "\n") == 0  # fmt: skip
    assert capsys.readouterr().out == "Account «anna» creato: Anna Rossi (amministratrice).\n"
    assert users(database, "add", "bice", "--name", "Bice Verdi", "--role", "socia",
                 "--email", "Bice@Comune.IT", "--no-password") == 0  # fmt: skip
    assert users(database, "list") == 0
    lines = capsys.readouterr().out.splitlines()[2:]  # after "creato" and the header
    assert [line.split()[:4] for line in lines] == [
        ["anna", "amministratrice", "attivo", "-"],
        ["bice", "socia", "attivo", "bice@comune.it"],
    ]
    store = Store(database)
    token = sign_in(store, "anna", PASSWORD)
    assert users(database, "disable", "anna") == 0
    assert current(store, token) is None
    assert users(database, "enable", "anna") == 0
    assert users(database, "passwd", "anna", stdin="un'altra password lunga\n") == 0
    assert current(store, sign_in(store, "anna", "un'altra password lunga")) is not None
    actions = [(e.action, e.subject) for e in store.log_entries()]
    assert actions == [
        ("nuovo account", "anna"), ("nuovo account", "bice"), ("account disattivato", "anna"),
        ("account riattivato", "anna"), ("nuova password", "anna"),
    ]  # fmt: skip
    assert all(e.actor.startswith("riga di comando (") for e in store.log_entries())
    assert PASSWORD not in json.dumps([e.model_dump() for e in store.log_entries()])
    store.close()


def test_refusals_are_italian_and_exit_with_2(tmp_path, capsys):
    database = tmp_path / "s.sqlite"
    assert users(database, "add", "anna", "--name", "A", "--role", "socia", stdin="breve\n") == 2
    assert "La password deve avere almeno 12 caratteri." in capsys.readouterr().err
    assert users(database, "add", "Anna Rossi", "--name", "A", "--role", "socia") == 2
    assert "Nome utente «Anna Rossi» non valido" in capsys.readouterr().err
    assert users(database, "disable", "nessuna") == 2
    assert "Nessun account con il nome utente «nessuna»." in capsys.readouterr().err
    users(database, "add", "anna", "--name", "A", "--role", "socia", "--no-password")
    assert users(database, "add", "anna", "--name", "B", "--role", "socia", "--no-password") == 2
    assert "Esiste già un account" in capsys.readouterr().err
    assert users(database, "add", "carla", "--name", "C", "--role", "capa") == 1  # not a role


@pytest.mark.slow
def test_a_script_pipes_the_password_never_passes_it_as_an_argument(tmp_path):
    database = tmp_path / "s.sqlite"
    command = [sys.executable, "-m", "statuti_check.cli", "users", "add", "carla",
               "--name", "Carla Neri", "--role", "revisora", "--db", str(database)]  # fmt: skip
    done = subprocess.run(command, input=PASSWORD + "\n", capture_output=True, text=True,
                          check=False, timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stderr
    store = Store(database)
    assert current(store, sign_in(store, "carla", PASSWORD)) is not None
    store.close()


@pytest.mark.slow
def test_export_says_which_run_and_carries_the_log(tmp_path, capsys):
    database = tmp_path / "s.sqlite"
    run_bulk([CORPUS / "zocca.txt"], tmp_path / "out", BulkOptions(), workers=1, database=database)
    users(database, "add", "anna", "--name", "Anna Rossi", "--role", "socia", "--no-password")
    capsys.readouterr()
    exported = tmp_path / "export.json"
    assert main(["store", "export", "--db", str(database), "--format", "json",
                 "-o", str(exported)]) == 0  # fmt: skip
    out = capsys.readouterr().out
    assert out.startswith("Verifica n. 1 (verifica in blocco, del ")
    data = json.loads(exported.read_text())
    assert data["run_info"]["source"] == "bulk" and data["run"] == 1
    assert [e["action"] for e in data["log"]] == ["nuovo account"]
    copy = tmp_path / "copia.sqlite"
    assert main(["store", "backup", "--db", str(database), "-o", str(copy)]) == 0
    assert [a.username for a in Store(copy).accounts()] == ["anna"]
    assert main(["store", "backup", "--db", str(database), "-o", str(copy)]) == 2  # no overwrite
