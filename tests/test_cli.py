import json
import logging
import subprocess
import sys

import pytest

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


def test_parse_of_a_statute_with_an_index_lists_exactly_the_body_articles(capsys):
    from tests.support.corpus_build import CORPUS, load_source

    written = [
        (item["articolo"]["number"], item["articolo"]["heading"], len(item["articolo"]["commi"]))
        for item in load_source("crevalcore")["body"]
        if "articolo" in item
    ]
    assert main(["parse", str(CORPUS / "crevalcore.pdf")]) == 0
    out = capsys.readouterr().out
    rows = [line.strip() for line in out.splitlines() if line.strip().startswith("Art. ")]
    assert [row.split("[")[0].strip().split(None, 2)[1:] for row in rows] == [
        [number, heading] for number, heading, _ in written
    ]
    assert [int(row.split("[")[1].split()[0]) for row in rows] == [n for _, _, n in written]
    assert f"Indice, p. 2: {len(written)} voci, non lette come articoli" in out
    assert "indice" not in out.split("Avvisi:")[-1].lower()  # no disagreement to report


@pytest.mark.slow
def test_unreadable_input_exits_2_with_italian_message_and_no_traceback(write):
    path = write("rotto.pdf", b"%PDF-1.4\nspazzatura")
    command = [sys.executable, "-m", "statuti_check.cli"]
    run = subprocess.run([*command, "parse", str(path)], capture_output=True, text=True)
    assert run.returncode == 2
    assert run.stderr == "Errore: Il PDF è danneggiato o incompleto e non può essere letto.\n"
    verbose = subprocess.run([*command, "-v", "parse", str(path)], capture_output=True, text=True)
    assert "rotto.pdf: pdfium cannot open the file" in verbose.stderr  # the precise English line
    assert "Traceback" not in verbose.stderr


def test_usage_error_exits_1(capsys):
    assert main(["parse"]) == 1
    assert main(["sconosciuto"]) == 1


def test_help_exits_0(capsys):
    assert main(["--help"]) == 0
    assert "parse" in capsys.readouterr().out


def test_audit_json_follows_the_report_contract(write, capsys):
    path = write(
        "soliera.txt",
        TEXT
        + "Art. 3 - Giunta\n1. Il Sindaco nomina gli assessori garantendo la presenza di entrambi i sessi.\n",
    )
    assert main(["audit", str(path), "--format", "json", "--population", "15061"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["schema_version"] == "1"
    assert set(report) >= {
        "tool",
        "catalogue",
        "source",
        "authority",
        "statute",
        "summary",
        "findings",
    }
    assert report["authority"]["population"] == 15061
    assert report["authority"]["population_source"] == "indicata dall'utente"
    giunta = next(f for f in report["findings"] if f["rule_id"] == "giunta-entrambi-sessi")
    assert giunta["verdict"] == "conforme"
    assert giunta["evidence"][0]["article"] == "3" and giunta["evidence"][0]["comma"] == "1"
    assert sum(report["summary"].values()) == report["catalogue"]["rules"]


def test_audit_text_scorecard_and_fail_on(write, capsys):
    path = write("soliera.txt", TEXT)
    assert main(["audit", str(path), "--fail-on", "assente"]) == 3
    out = capsys.readouterr().out
    assert "ASSENTE" in out and "Base normativa:" in out
    assert "\033[" not in out  # no colour codes when not on a terminal


def test_rules_commands(capsys):
    assert main(["rules", "list"]) == 0
    assert "giunta-entrambi-sessi" in capsys.readouterr().out
    assert main(["rules", "show", "giunta-entrambi-sessi"]) == 0
    assert "normattiva.it" in capsys.readouterr().out
    assert main(["rules", "validate"]) == 0
    assert main(["rules", "test"]) == 0
    assert main(["rules", "show", "inesistente"]) == 1


def test_a_broken_user_catalogue_is_a_clear_error(tmp_path, capsys, caplog):
    (tmp_path / "rotta.yaml").write_text("id: rotta\n  : [", encoding="utf-8")
    with caplog.at_level(logging.INFO, logger="statuti_check"):
        assert main(["rules", "validate", str(tmp_path)]) == 1
    assert "rotta.yaml, riga 2: il file non è YAML valido" in capsys.readouterr().err
    assert "rotta.yaml: not valid YAML" in caplog.text  # the English detail, shown with -v


RULE = """id: prova
title: Prova
kind: obbligo
severity: alta
legal_basis: [{citation: "L. 1/2000", url: "https://www.normattiva.it/"}]
explanation: Una spiegazione.
proposal: "{Ente} garantisce la presenza di entrambi i sessi nella Giunta."
anchors: [{name: giunta, label: la Giunta, patterns: [giunta]}]
binding: [vincolanti]
examples:
  - {name: a, text: "La Giunta garantisce entrambi i sessi.", verdict: conforme}
  - {name: b, text: "Nessuna norma.", verdict: assente}
"""


@pytest.mark.parametrize(
    ("change", "italian", "english"),
    [
        (("explanation: Una spiegazione.\n", ""), "prova.yaml, campo «explanation»: campo obbligatorio mancante", "explanation: Field required"),
        (("kind: obbligo", "kind: obbligatorio"), "riga 3, campo «kind»: valore non ammesso: deve essere 'obbligo' oppure 'raccomandazione'", "Input should be"),
        (("severity: alta", "severity: alta\nheading_anchors: forse"), "campo «heading_anchors»: deve essere true oppure false", "heading_anchors: Input should be a valid boolean"),
        (("title: Prova", "title: Prova\ntitolo: Prova"), "riga 3, campo «titolo»: campo sconosciuto", "Extra inputs are not permitted"),
        (("title: Prova", "title: Prova\nshort_title: Un titolo breve troppo lungo"), "campo «short_title»: è troppo lungo (al massimo 12 caratteri)", "at most 12 characters"),
        (("patterns: [giunta]", "patterns: ['gi*']"), "riga 8, campo «anchors.0.patterns»: modello di ricerca non valido", "prefix needs at least"),
        (("https://www.normattiva.it/", "javascript:alert(1)"), "riga 5, campo «legal_basis.0.url»: collegamento non ammesso: solo indirizzi https://", "Value error, il collegamento «javascript:alert(1)»"),
        (("{Ente} garantisce", "{Assessore} garantisce"), "campo «proposal»: segnaposto sconosciuto nella proposta; ammessi: {Ente}", "unknown placeholder 'Assessore'"),
        (("binding: [vincolanti]", "binding: [vincolanti, garantiscie]"), "prova.yaml, campo «binding»: «garantiscie» non è una costruzione né un gruppo", "unknown construction or group 'garantiscie'"),
        (("patterns: [giunta]", "patterns: ['@giunte']"), "l'insieme di modelli «@giunte» non esiste in _patterns.yaml", "unknown pattern set '@giunte'"),
        (("id: prova", "id: altra"), "campo «id»: «altra» deve essere uguale al nome del file («prova»)", "must equal the file name"),
    ],
    ids=["missing", "literal", "type", "unknown-field", "too-long", "pattern", "link", "placeholder", "construction", "pattern-set", "duplicate-id"],
)  # fmt: skip
def test_an_invalid_rule_is_told_in_italian_with_file_and_field(
    tmp_path, capsys, caplog, change, italian, english
):
    (tmp_path / "prova.yaml").write_text(RULE.replace(*change), encoding="utf-8")
    (tmp_path / "_patterns.yaml").write_text("giunta: [giunta]\n", encoding="utf-8")
    with caplog.at_level(logging.INFO, logger="statuti_check"):
        assert main(["rules", "validate", str(tmp_path)]) == 1
    told = capsys.readouterr().err
    assert told.startswith("Errore nel catalogo delle regole:\n" + str(tmp_path / "prova.yaml"))
    assert italian in told and english not in told
    assert english in caplog.text


def test_a_valid_rule_file_passes_the_check(tmp_path, capsys):
    (tmp_path / "prova.yaml").write_text(RULE, encoding="utf-8")
    assert main(["rules", "validate", str(tmp_path)]) == 0
    assert "1 regole valide" in capsys.readouterr().out


def test_a_missing_norm_points_to_the_article_on_the_topic(write, capsys):
    text = (
        TEXT
        + "Art. 3 - Organi\n1. Sono organi il Consiglio, la Giunta e il Sindaco.\nArt. 4 - La Giunta\n1. La Giunta è composta dal Sindaco e da quattro assessori.\n"
    )
    assert main(["audit", str(write("soliera.txt", text)), "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    giunta = next(f for f in report["findings"] if f["rule_id"] == "giunta-entrambi-sessi")
    assert giunta["verdict"] == "assente"
    assert "all'art. 4, comma 1, dove la nuova norma può essere inserita" in giunta["reason"]
    assert giunta["proposal"].startswith("Il Sindaco nomina i componenti della Giunta")


def test_audit_reference_date(write, capsys):
    path = write("soliera.txt", TEXT)
    assert main(["audit", str(path), "--format", "json", "--date", "2013-01-01"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["audit_date"] == "2013-01-01"
    quota = next(f for f in report["findings"] if f["rule_id"] == "giunta-quota-40")
    assert quota["verdict"] == "non_applicabile"
    assert main(["audit", str(path), "--date", "ieri"]) == 1


def test_scorecard_marks_the_matched_words():
    from statuti_check.report.text import marked

    quote = "Il Sindaco promuove la presenza di entrambi i sessi."
    assert marked(quote, [(11, 19), (35, 51), (35, 44)], colour=False) == (
        "Il Sindaco *promuove* la presenza di *entrambi i sessi*."
    )
    assert (
        marked(quote, [(11, 19)], colour=True)
        == "Il Sindaco \033[1mpromuove\033[0m la presenza di entrambi i sessi."
    )


@pytest.mark.slow
def test_the_command_caps_time_and_memory_of_its_own_run():
    import subprocess
    import sys

    from tests.support.corpus_build import CORPUS

    command = [sys.executable, "-m", "statuti_check.cli", "audit", str(CORPUS / "sassuolo.pdf")]
    slow = subprocess.run([*command, "--timeout", "0.05"], capture_output=True, text=True)
    assert slow.returncode == 2 and "Traceback" not in slow.stderr
    assert (
        "Errore: La verifica ha superato il tempo massimo di 0,05 secondi per file." in slow.stderr
    )
    small = subprocess.run([*command, "--memory-mb", "200"], capture_output=True, text=True)
    assert small.returncode == 1 and "è troppo basso" in small.stderr
    fine = subprocess.run([*command, "--memory-mb", "2048"], capture_output=True, text=True)
    assert fine.returncode == 0 and "Comune di Sassuolo" in fine.stdout


def test_a_path_that_cannot_be_written_gets_an_italian_reason(tmp_path, capsys):
    taken = tmp_path / "occupato"
    taken.write_text("x")
    from tests.support.corpus_build import CORPUS

    zocca = str(CORPUS / "zocca.txt")
    assert main(["audit", zocca, "--out", str(taken)]) == 2
    assert "esiste già un file con quel nome" in capsys.readouterr().err
    assert main(["report", zocca, "--format", "md", "-o", str(tmp_path / "no" / "r.md")]) == 2
    assert (
        "«" + str(tmp_path / "no" / "r.md") + "» (la cartella non esiste)"
        in capsys.readouterr().err
    )
    (tmp_path / "cartella").mkdir()
    assert (
        main(["audit", zocca, "--out", str(tmp_path / "o"), "--db", str(tmp_path / "cartella")])
        == 2
    )
    assert "non è un database valido" in capsys.readouterr().err


def test_the_command_line_speaks_italian_even_where_argparse_would_not(capsys):
    assert main(["-h"]) == 0
    shown = capsys.readouterr().out
    assert shown.startswith("uso: statuti-check") and "mostra questo aiuto ed esce" in shown
    assert "usage:" not in shown and "options:" not in shown
    for argv, said in [
        (["audit"], "errore: mancano i parametri obbligatori: FILE"),
        (
            ["audit", "x.pdf", "--format", "xml"],
            "valore non ammesso 'xml' (ammessi: 'text', 'json')",
        ),
        (["audit", "x.pdf", "--bogus"], "errore: parametri non riconosciuti: --bogus"),
        (["audit", "x.pdf", "--population"], "il parametro --population richiede un valore"),
    ]:
        assert main(argv) == 1
        assert said in capsys.readouterr().err
