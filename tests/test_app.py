"""The Streamlit app through AppTest: upload, authority, scorecard, review, downloads, corpus."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from statuti_check.bulk import BulkOptions, run_bulk
from statuti_check.store import Store
from tests.support.corpus_build import CORPUS

APP = str(Path(__file__).resolve().parents[1] / "app.py")
PDF = (CORPUS / "sassuolo.pdf").read_bytes()


@pytest.fixture
def app(tmp_path, monkeypatch):
    monkeypatch.setenv("STATUTI_CHECK_DB", str(tmp_path / "app.sqlite"))
    return AppTest.from_file(APP, default_timeout=90).run()


def upload(app: AppTest, *files: tuple[str, bytes]) -> AppTest:
    app.file_uploader[0].set_value(
        [(name, data, "application/octet-stream") for name, data in files]
    )
    return app.run()


def expander(app: AppTest, rule_title: str):
    return next(e for e in app.expander if e.label.endswith(rule_title))


def test_start_page_is_italian_with_two_sections(app):
    assert not app.exception
    assert app.title[0].value == "Verifica di uno statuto"
    assert app.sidebar.radio[0].options == ["Verifica di uno statuto", "Quadro d'insieme"]
    assert "Caricare lo statuto" in app.caption[0].value


def test_upload_shows_authority_counts_scorecard_and_evidence(app):
    upload(app, ("sassuolo.pdf", PDF))
    assert not app.exception and not app.error
    assert app.subheader[0].value == "Comune di Sassuolo"
    assert "39.885 abitanti (fonte: ISTAT, censimento 2011)" in app.caption[1].value
    labels = [metric.label for metric in app.metric]
    assert labels == [
        ":green-background[CONFORME]",
        ":orange-background[PARZIALE]",
        ":red-background[ASSENTE]",
        ":gray-background[NON APPLICABILE]",
        ":violet-background[DA VERIFICARE]",
    ]
    scorecard = app.dataframe[0].value
    assert (
        len(scorecard) == 14 and scorecard["Esito"].str.contains("CONFORME|ASSENTE|PARZIALE").all()
    )
    quota = expander(app, "Quota minima del 40% per ciascun sesso nella Giunta")
    assert quota.label.startswith(":green-background[CONFORME]")
    quote = next(h.value for h in quota.html if "<blockquote" in h.value)
    assert "<mark>" in quote and "due quinti" in quote
    assert [b.label for b in app.download_button] == ["PDF", "DOCX", "HTML", "JSON"]


def test_page_image_with_the_clause_boxed(app):
    upload(app, ("sassuolo.pdf", PDF))
    quota = expander(app, "Quota minima del 40% per ciascun sesso nella Giunta")
    quota.toggle[0].set_value(True).run()
    quota = expander(app, "Quota minima del 40% per ciascun sesso nella Giunta")
    assert not app.exception
    assert quota.get("image")[0].captions == ["Pagina 2"]
    assert not quota.info  # the clause was found on its page


def test_why_this_verdict_lists_the_facts_in_italian(app):
    upload(app, ("sassuolo.pdf", PDF))
    quota = expander(app, "Quota minima del 40% per ciascun sesso nella Giunta")
    why = next(t for t in quota.toggle if t.label == "Perché questo esito")
    why.set_value(True).run()
    quota = expander(app, "Quota minima del 40% per ciascun sesso nella Giunta")
    assert not app.exception
    facts = next(h.value for h in quota.html if h.value.startswith("<ul>"))
    lines = facts.removeprefix("<ul><li>").removesuffix("</li></ul>").split("</li><li>")
    assert any(
        line.startswith("<strong>Argomento</strong>") and line.endswith("— la Giunta")
        for line in lines
    )
    assert any(
        line.startswith("<strong>Formula</strong>") and line.endswith("(basta per questa regola)")
        for line in lines
    )
    assert any(
        line.startswith("<strong>Quota</strong>") and line.endswith("— 40%") for line in lines
    )


def test_confirming_a_smaller_population_makes_the_quota_not_applicable(app):
    upload(app, ("sassuolo.pdf", PDF))
    form = next(e for e in app.expander if e.label.startswith("Ente e popolazione"))
    form.number_input[0].set_value(2500)
    form.button[0].click().run()
    assert not app.exception
    assert expander(app, "Quota minima del 40% per ciascun sesso nella Giunta").label.startswith(
        ":gray-background[NON APPLICABILE]"
    )
    assert "2.500 abitanti (popolazione indicata dall'utente)" in app.caption[1].value


def test_a_review_is_stored_and_shown_next_to_the_machine_verdict(app, tmp_path):
    upload(app, ("fanano.docx", (CORPUS / "fanano.docx").read_bytes()))
    title = "Quota minima del 40% per ciascun sesso nella Giunta"
    section = expander(app, title)
    assert section.label.startswith(":orange-background[PARZIALE]")
    section.selectbox[0].set_value("conforme")
    section.text_area[0].input("Modificato con delibera del 2024.")
    section.text_input[0].input("Anna Rossi")
    section.button[0].click().run()
    assert not app.exception
    section = expander(app, title)
    assert section.label.startswith(":green-background[CONFORME]")
    assert "Verificato manualmente da Anna Rossi" in section.info[0].value
    assert "esito automatico: PARZIALE" in section.info[0].value
    store = Store(tmp_path / "app.sqlite")
    sha = store.latest_reports()[0].source.sha256
    assert store.reviews(sha)["giunta-quota-40"].original_verdict == "parziale"


def test_a_review_needs_a_note_and_a_name(app):
    upload(app, ("fanano.docx", (CORPUS / "fanano.docx").read_bytes()))
    section = expander(app, "Quota minima del 40% per ciascun sesso nella Giunta")
    section.button[0].click().run()
    assert not app.exception
    assert "indicare il proprio nome e una nota" in app.error[0].value


def test_unreadable_files_get_an_italian_message_and_the_others_go_on(app):
    upload(
        app,
        ("rotto.pdf", b"%PDF-1.7\n" + bytes(range(256)) * 20),
        ("zocca.txt", (CORPUS / "zocca.txt").read_bytes()),
    )
    assert not app.exception
    assert app.error[0].value.startswith("«rotto.pdf»: ")
    assert [tab.label for tab in app.tabs] == []  # one readable statute: no tabs needed
    assert app.subheader[0].value == "Comune di Zocca"


def test_several_statutes_get_tabs_and_a_zip(app):
    upload(app, ("sassuolo.pdf", PDF), ("zocca.txt", (CORPUS / "zocca.txt").read_bytes()))
    assert not app.exception
    assert [tab.label for tab in app.tabs] == ["sassuolo.pdf", "zocca.txt"]
    assert app.download_button[0].label.startswith("Scarica tutti i rapporti")


def test_corpus_view_shows_the_heatmap_and_what_changed(tmp_path, monkeypatch):
    older = tmp_path / "zocca-2005.txt"
    text = (CORPUS / "zocca.txt").read_text(encoding="utf-8")
    older.write_text(text.replace("entrambi i sessi", "assessori esterni"), encoding="utf-8")
    database = tmp_path / "corpus.sqlite"
    run_bulk([CORPUS, older], tmp_path / "out", BulkOptions(), workers=1, database=database)
    monkeypatch.setenv("STATUTI_CHECK_DB", str(database))
    app = AppTest.from_file(APP, default_timeout=90).run()
    app.sidebar.radio[0].set_value("Quadro d'insieme").run()
    assert not app.exception
    heatmap = app.dataframe[0].value
    assert "Comune di Zocca" in heatmap.index and heatmap.shape[1] == 14
    history = app.dataframe[2].value
    assert set(history["Ente"]) == {"Comune di Zocca"}
    app.multiselect[1].set_value(["Bologna"]).run()
    assert set(app.dataframe[0].value.index) == {
        "Comune di Sant'Agata Bolognese", "Città metropolitana di Bologna", "Comune di Budrio",
        "Comune di Crevalcore",
    }  # fmt: skip
    baseline = app.dataframe[3].value
    zocca = baseline[baseline["Comune"] == "Zocca"].iloc[0]
    assert len(baseline) == 47
    assert zocca["Marzo 2009"] == "ordine del giorno approvato, modifica in corso"
    assert zocca["Giunta: entrambi i sessi (oggi)"] in {"CONFORME", "PARZIALE", "ASSENTE"}
    assert "Provincia di Modena" in app.subheader[-1].value
    # the 2009 list is Modena's: filters on the heatmap leave it whole
    app.multiselect[1].set_value([]).run()
    app.multiselect[0].set_value(["non indicata"]).run()
    filtered = app.dataframe[-1].value
    assert (
        filtered[filtered["Comune"] == "Zocca"].iloc[0]["Giunta: entrambi i sessi (oggi)"]
        == (zocca["Giunta: entrambi i sessi (oggi)"])
    )


def test_an_empty_store_still_shows_the_2009_baseline(app):
    app.sidebar.radio[0].set_value("Quadro d'insieme").run()
    assert not app.exception and "non contiene ancora verifiche" in app.info[0].value
    baseline = app.dataframe[0].value
    assert len(baseline) == 47 and set(baseline["Giunta: entrambi i sessi (oggi)"]) == {
        "non verificato"
    }
    assert any("Nel marzo 2009 20 comuni su 47" in text.value for text in app.markdown)


def test_the_quote_of_an_absent_norm_says_where_to_insert_it(app):
    upload(app, ("fanano.docx", (CORPUS / "fanano.docx").read_bytes()))
    absent = expander(app, "Bilancio di genere e rendicontazione sociale attenta al genere")
    assert absent.label.startswith(":red-background[ASSENTE]")
    labels = [m.value for m in absent.markdown]
    assert "**Dove inserire la norma**" in labels
    assert not any("Che cosa dice lo statuto" in label for label in labels)
    present = expander(app, "Quota minima del 40% per ciascun sesso nella Giunta")
    assert "**Che cosa dice lo statuto**" in [m.value for m in present.markdown]


def test_choosing_another_comune_loads_its_istat_population_and_applicability(app):
    upload(app, ("sassuolo.pdf", PDF))
    form = next(e for e in app.expander if e.label.startswith("Ente e popolazione"))
    form.selectbox[1].set_value("Montecreto (MO)")  # the population field still shows 39.885
    form.button[0].click().run()
    assert not app.exception
    assert app.subheader[0].value == "Comune di Montecreto"
    assert "1.000 abitanti (fonte: ISTAT, censimento 2011)" in app.caption[1].value
    assert "indicata dall'utente" not in app.caption[1].value
    assert expander(app, "Quota minima del 40% per ciascun sesso nella Giunta").label.startswith(
        ":gray-background[NON APPLICABILE]"
    )
    form = next(e for e in app.expander if e.label.startswith("Ente e popolazione"))
    assert form.number_input[0].value == 1000
    form.selectbox[1].set_value("Sassuolo (MO)")  # back over 3.000: the quota applies again
    form.button[0].click().run()
    assert "39.885 abitanti (fonte: ISTAT, censimento 2011)" in app.caption[1].value
    assert expander(app, "Quota minima del 40% per ciascun sesso nella Giunta").label.startswith(
        ":green-background[CONFORME]"
    )
