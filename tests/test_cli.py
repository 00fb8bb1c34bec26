import json
import subprocess
import sys

from statuti_check.cli import main

TEXT = (
    "COMUNE DI SOLIERA\nProvincia di Modena\n"
    "Approvato con deliberazione C.C. n. 10 del 12.03.2001\n\n"
    "TITOLO I - PRINCIPI\nArt. 1 - Sede\n1. Il Comune ha sede in Soliera.\n2. Lo stemma è storico.\n"
    "Art. 2 - Finalità\n1. Il Comune promuove lo sviluppo.\n"
)


def test_parse_json_contract(write, capsys):
    assert main(["parse", str(write("soliera.txt", TEXT)), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["authority"]["istat_code"] == "036044"
    assert data["statute"] == {
        "adopted": "2001-03-12",
        "last_amended": None,
        "acts": [
            {
                "kind": "adozione",
                "number": "10",
                "date": "2001-03-12",
                "text": "Approvato con deliberazione C.C. n. 10 del 12.03.2001",
            }
        ],
    }
    first = data["articles"][0]
    assert (first["number"], first["heading"], first["titolo"], first["page_start"]) == (
        "1",
        "Sede",
        "I",
        None,
    )
    assert [c["number"] for c in first["commi"]] == ["1", "2"]
    assert first["commi"][1]["text"] == "Lo stemma è storico."
    assert data["warnings"] == []


def test_parse_text_outline(write, capsys):
    assert main(["parse", str(write("soliera.txt", TEXT))]) == 0
    out = capsys.readouterr().out
    assert "Soliera (Modena, Emilia-Romagna)" in out
    assert "Adottato: 12/03/2001 · Ultima modifica: non indicata" in out
    assert "TITOLO I — PRINCIPI" in out
    assert "  Art. 1      Sede  [2 commi]" in out


def test_unreadable_input_exits_2_with_italian_message_and_no_traceback(write):
    path = write("rotto.pdf", b"%PDF-1.4\nspazzatura")
    run = subprocess.run(
        [sys.executable, "-m", "statuti_check.cli", "parse", str(path)],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 2
    assert "Errore: Il PDF è danneggiato o incompleto" in run.stderr
    assert "rotto.pdf: pdfium cannot open the file" in run.stderr  # the English log line
    assert "Traceback" not in run.stderr


def test_usage_error_exits_1(capsys):
    assert main(["parse"]) == 1
    assert main(["sconosciuto"]) == 1


def test_help_exits_0(capsys):
    assert main(["--help"]) == 0
    assert "parse" in capsys.readouterr().out
