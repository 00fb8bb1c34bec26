"""The Streamlit app through AppTest: upload, authority, scorecard, review, downloads, corpus."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from statuti_check.accounts import Account, hash_password
from statuti_check.bulk import BulkOptions, run_bulk
from statuti_check.store import Store, now
from tests.support.corpus_build import CORPUS

APP = str(Path(__file__).resolve().parents[1] / "app.py")
PDF = (CORPUS / "sassuolo.pdf").read_bytes()
PASSWORD = "una password lunga"
RULE = "giunta-quota-40"


@pytest.fixture
def members(tmp_path, monkeypatch) -> Path:
    """A store with a member, a reviewer and an administrator, used by the app."""
    database = tmp_path / "app.sqlite"
    store = Store(database)
    for username, name, role in (
        ("bice", "Bice Verdi", "socia"), ("carla", "Carla Neri", "revisora"),
        ("anna", "Anna Rossi", "amministratrice"),
    ):  # fmt: skip
        account = Account(username=username, name=name, role=role, created=now())
        store.add_account(account, hash_password(PASSWORD), "test")
    store.close()
    monkeypatch.setenv("STATUTI_CHECK_DB", str(database))
    return database


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
    assert app.sidebar.radio[0].options == [
        "Verifica di uno statuto", "Quadro d'insieme", "Archivio delle verifiche"
    ]  # fmt: skip
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
    quote = next(m.value for m in quota.markdown if "<blockquote>" in m.value)
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
    facts = next(m.value for m in quota.markdown if m.value.startswith("- **"))
    lines = facts.splitlines()
    assert any(
        line.startswith("- **Argomento**") and line.endswith("— la Giunta") for line in lines
    )
    assert any(
        line.startswith("- **Formula**") and line.endswith("(basta per questa regola)")
        for line in lines
    )
    assert any(line.startswith("- **Quota**") and line.endswith("— 40%") for line in lines)


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


def sign_in(app: AppTest, username: str, password: str = PASSWORD) -> AppTest:
    app.sidebar.text_input[0].input(username)
    app.sidebar.text_input[1].input(password)
    return next(b for b in app.sidebar.button if b.label == "Accedi").click().run()


def propose(section, verdict: str, note: str) -> None:
    section.selectbox[0].set_value(verdict)
    section.text_area[0].input(note)
    section.button[-1].click().run()


def test_signing_in_and_out(members):
    app = AppTest.from_file(APP, default_timeout=90).run()
    sign_in(app, "carla", "password sbagliata")
    assert app.sidebar.error[0].value == (
        "Nome utente o password non corretti, oppure account disattivato."
    )
    sign_in(app, "carla")
    assert not app.exception and not app.sidebar.error
    assert app.sidebar.text[0].value == "Carla Neri\nruolo: revisora"
    assert app.sidebar.radio[0].options[-1] == "Archivio delle verifiche"
    next(b for b in app.sidebar.button if b.label == "Esci").click().run()
    assert [t.label for t in app.sidebar.text_input] == ["Nome utente", "Password"]


def test_an_anonymous_audit_is_not_stored_and_cannot_be_reviewed(app, tmp_path):
    upload(app, ("fanano.docx", (CORPUS / "fanano.docx").read_bytes()))
    section = expander(app, "Quota minima del 40% per ciascun sesso nella Giunta")
    assert not section.text_area and not section.button
    assert "occorre accedere" in section.caption[-1].value
    assert Store(tmp_path / "app.sqlite").runs() == []
    assert [b.label for b in app.download_button] == ["PDF", "DOCX", "HTML", "JSON"]


def test_an_audit_made_before_signing_in_is_stored_once_signed_in(members):
    app = upload(AppTest.from_file(APP, default_timeout=90).run(),
                 ("zocca.txt", (CORPUS / "zocca.txt").read_bytes()))  # fmt: skip
    assert Store(members).runs() == []
    sign_in(app, "bice")
    assert not app.exception
    assert [(r.source, r.owner, r.published) for r in Store(members).runs()] == [
        ("app", "bice", None)
    ]


def test_a_members_review_is_a_proposal_in_her_name_until_a_reviewer_confirms_it(members):
    app = sign_in(AppTest.from_file(APP, default_timeout=90).run(), "bice")
    upload(app, ("fanano.docx", (CORPUS / "fanano.docx").read_bytes()))
    title = "Quota minima del 40% per ciascun sesso nella Giunta"
    section = expander(app, title)
    assert section.label.startswith(":orange-background[PARZIALE]")
    assert section.selectbox[0].options == [
        "Conforme", "Parziale", "Assente", "Non applicabile", "Da verificare"
    ]  # fmt: skip
    assert not section.text_input  # no name to type: the author is the account
    propose(section, "conforme", "Modificato con **delibera** del 2024: <b>vedi</b>")
    assert not app.exception
    section = expander(app, title)
    assert section.label.startswith(":orange-background[PARZIALE]")  # a proposal changes nothing
    assert section.warning[0].value.startswith("Proposta di revisione di Bice Verdi (socia)")
    assert section.text[0].value == "Modificato con **delibera** del 2024: <b>vedi</b>"
    assert not any(b.label == "Conforma la proposta" for b in section.button)
    store = Store(members)
    sha = store.latest_reports(shared_only=False)[0].source.sha256
    assert store.proposals(sha)[RULE].username == "bice" and store.reviews(sha) == {}

    reviewer = sign_in(AppTest.from_file(APP, default_timeout=90).run(), "carla")
    upload(reviewer, ("fanano.docx", (CORPUS / "fanano.docx").read_bytes()))
    section = expander(reviewer, title)
    next(b for b in section.button if b.label == "Conferma la proposta").click().run()
    assert not reviewer.exception
    section = expander(reviewer, title)
    assert section.label.startswith(":green-background[CONFORME]")
    note = section.text[0].value
    assert note.startswith("Verificato manualmente da Bice Verdi (socia) il ")
    assert "confermato da Carla Neri (revisora)" in note and "esito automatico: PARZIALE" in note
    assert [e.action for e in store.log_entries()] == [
        "nuovo account", "nuovo account", "nuovo account", "proposta di revisione",
        "conferma di revisione",
    ]  # fmt: skip


def test_a_review_needs_a_note(members):
    app = sign_in(AppTest.from_file(APP, default_timeout=90).run(), "carla")
    upload(app, ("fanano.docx", (CORPUS / "fanano.docx").read_bytes()))
    section = expander(app, "Quota minima del 40% per ciascun sesso nella Giunta")
    section.button[-1].click().run()
    assert not app.exception
    assert "scrivere una nota che la motivi" in app.error[0].value


def test_publishing_needs_a_reviewer_and_deleting_an_administrator(members):
    app = sign_in(AppTest.from_file(APP, default_timeout=90).run(), "bice")
    upload(app, ("zocca.txt", (CORPUS / "zocca.txt").read_bytes()))
    app.sidebar.radio[0].set_value("Quadro d'insieme").run()
    assert "non contiene ancora verifiche" in app.info[0].value  # private until published
    app.sidebar.radio[0].set_value("Archivio delle verifiche").run()
    assert not app.exception
    assert "zocca.txt: Comune di Zocca" in app.main.text[0].value
    # a member neither publishes, deletes nor reads the log
    assert not app.main.button and not app.main.dataframe

    reviewer = sign_in(AppTest.from_file(APP, default_timeout=90).run(), "carla")
    reviewer.sidebar.radio[0].set_value("Archivio delle verifiche").run()
    assert [b.label for b in reviewer.main.button] == ["Pubblica nel quadro d'insieme"]
    reviewer.main.button[0].click().run()
    reviewer.sidebar.radio[0].set_value("Quadro d'insieme").run()
    assert "Comune di Zocca" in reviewer.dataframe[0].value.index

    admin = sign_in(AppTest.from_file(APP, default_timeout=90).run(), "anna")
    admin.sidebar.radio[0].set_value("Archivio delle verifiche").run()
    admin.main.text_input[0].input("Caricato per errore.")
    next(b for b in admin.main.button if b.label == "Elimina definitivamente").click().run()
    assert not admin.exception
    log = admin.dataframe[0].value
    assert list(log["Operazione"][:2]) == ["eliminazione di verifica", "pubblicazione"]
    assert log["Motivo"][0] == "Caricato per errore." and set(log["Chi"][:2]) == {"anna", "carla"}
    assert Store(members).latest_reports() == []


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
