"""The Streamlit app through AppTest: upload, authority, scorecard, review, downloads, corpus."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image
from streamlit.testing.v1 import AppTest

from statuti_check.judge.catalogue import load_catalogue
from statuti_check.members.accounts import Account, hash_password
from statuti_check.run.bulk import BulkOptions, run_bulk
from statuti_check.run.store import Store, now
from tests.support.corpus_build import CORPUS

pytestmark = pytest.mark.slow  # every test starts the app in Streamlit's AppTest

APP = str(Path(__file__).resolve().parents[1] / "app.py")
PDF = (CORPUS / "sassuolo.pdf").read_bytes()
PASSWORD = "una password lunga"
RULE = "giunta-quota-40"
RULES = len(load_catalogue().rules)  # a scorecard or heatmap shows every rule of the catalogue


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


def upload(app: AppTest, *files: tuple[str, bytes], every_rule: bool = True) -> AppTest:
    """Upload files; with `every_rule`, "Solo le lacune" (on by default) is switched off."""
    app.file_uploader[0].set_value(
        [(name, data, "application/octet-stream") for name, data in files]
    )
    app.run()
    if every_rule:
        for toggle in app.toggle:
            if toggle.label == "Solo le lacune":
                toggle.set_value(False)
        app.run()
    return app


def expander(app: AppTest, rule_title: str):
    return next(e for e in app.expander if e.label.endswith(rule_title))


def test_start_page_is_italian_with_two_sections(app):
    assert not app.exception
    assert app.title[0].value == "Verifica di uno statuto"
    assert app.radio[0].options == [
        "Verifica di uno statuto", "Quadro d'insieme", "Archivio delle verifiche", "Impostazioni"
    ]  # fmt: skip
    assert not app.sidebar  # on a phone a sidebar would stay open over the page
    assert any("Caricare lo statuto" in caption.value for caption in app.caption)


def test_upload_shows_authority_counts_scorecard_and_evidence(app):
    upload(app, ("sassuolo.pdf", PDF))
    assert not app.exception and not app.error
    assert app.subheader[0].value == "Comune di Sassuolo"
    assert "39.885 abitanti (fonte: ISTAT, censimento 2011)" in population(app)
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
        len(scorecard) == RULES
        and scorecard["Esito"].str.contains("CONFORME|ASSENTE|PARZIALE").all()
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
    assert "2.500 abitanti (popolazione indicata dall'utente)" in population(app)


def population(app: AppTest) -> str:
    """The caption under the authority's name that states its population and its source."""
    return next(caption.value for caption in app.caption if "abitanti" in caption.value)


def page_buttons(app: AppTest) -> list:
    """The page's buttons, without the sign-out at the top."""
    return [button for button in app.main.button if button.label != "Esci"]


def page_texts(app: AppTest) -> list[str]:
    """The page's plain texts, without who is signed in at the top."""
    return [text.value for text in app.main.text if "\nruolo: " not in text.value]


def sign_in(app: AppTest, username: str, password: str = PASSWORD) -> AppTest:
    next(t for t in app.text_input if t.label == "Nome utente").input(username)
    next(t for t in app.text_input if t.label == "Password").input(password)
    return next(b for b in app.button if b.label == "Accedi").click().run()


def propose(section, verdict: str, note: str) -> None:
    section.selectbox[0].set_value(verdict)
    section.text_area[0].input(note)
    section.button[-1].click().run()


def test_signing_in_and_out(members):
    app = AppTest.from_file(APP, default_timeout=90).run()
    sign_in(app, "carla", "password sbagliata")
    assert app.error[0].value == (
        "Nome utente o password non corretti, oppure account disattivato."
    )
    sign_in(app, "carla")
    assert not app.exception and not app.error
    assert app.text[0].value == "Carla Neri\nruolo: revisora"
    assert "Archivio delle verifiche" in app.radio[0].options
    next(b for b in app.button if b.label == "Esci").click().run()
    assert [t.label for t in app.text_input][:2] == ["Nome utente", "Password"]


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
    texts = [text.value for text in section.text]  # the reason first, then the proposal's note
    assert "Modificato con **delibera** del 2024: <b>vedi</b>" in texts
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
    note = next(t.value for t in section.text if t.value.startswith("Verificato manualmente"))
    assert note.startswith("Verificato manualmente da Bice Verdi (socia) il ")
    assert "confermato da Carla Neri (revisora)" in note and "esito automatico: PARZIALE" in note
    assert [e.action for e in store.log_entries()] == [
        "nuovo account", "nuovo account", "nuovo account", "proposta di revisione",
        "conferma di revisione",
    ]  # fmt: skip
    # the scorecard's Esito cell holds the word alone; the review has a column of its own
    scorecard = reviewer.dataframe[0].value.set_index("Regola")
    assert tuple(scorecard.loc[title, ["Esito", "Verificato"]]) == ("CONFORME", "sì")


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
    app.radio[0].set_value("Quadro d'insieme").run()
    assert "non contiene ancora verifiche" in app.info[0].value  # private until published
    app.radio[0].set_value("Archivio delle verifiche").run()
    assert not app.exception
    assert "zocca.txt: Comune di Zocca" in page_texts(app)[0]
    # a member neither publishes, deletes nor reads the log
    assert not page_buttons(app) and not app.main.dataframe

    reviewer = sign_in(AppTest.from_file(APP, default_timeout=90).run(), "carla")
    reviewer.radio[0].set_value("Archivio delle verifiche").run()
    assert [b.label for b in page_buttons(reviewer)] == ["Pubblica nel quadro d'insieme"]
    page_buttons(reviewer)[0].click().run()
    reviewer.radio[0].set_value("Quadro d'insieme").run()
    assert "Comune di Zocca" in reviewer.dataframe[0].value.index

    admin = sign_in(AppTest.from_file(APP, default_timeout=90).run(), "anna")
    admin.radio[0].set_value("Archivio delle verifiche").run()
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
    app.radio[0].set_value("Quadro d'insieme").run()
    assert not app.exception
    heatmap = app.dataframe[0].value
    assert "Comune di Zocca" in heatmap.index and heatmap.shape[1] == RULES
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
    app.radio[0].set_value("Quadro d'insieme").run()
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
    assert "1.000 abitanti (fonte: ISTAT, censimento 2011)" in population(app)
    assert "indicata dall'utente" not in population(app)
    assert expander(app, "Quota minima del 40% per ciascun sesso nella Giunta").label.startswith(
        ":gray-background[NON APPLICABILE]"
    )
    form = next(e for e in app.expander if e.label.startswith("Ente e popolazione"))
    assert form.number_input[0].value == 1000
    form.selectbox[1].set_value("Sassuolo (MO)")  # back over 3.000: the quota applies again
    form.button[0].click().run()
    assert "39.885 abitanti (fonte: ISTAT, censimento 2011)" in population(app)
    assert expander(app, "Quota minima del 40% per ciascun sesso nella Giunta").label.startswith(
        ":green-background[CONFORME]"
    )


def blank_scan() -> bytes:
    """A scanned page with nothing on it: no text layer, and OCR (if installed) reads nothing."""
    out = io.BytesIO()
    Image.new("L", (170, 240), 255).save(out, "PDF", resolution=20)
    return out.getvalue()


def test_a_scan_nobody_could_read_says_so_at_the_top_and_proposes_nothing(app):
    upload(app, ("scansione.pdf", blank_scan()))
    assert not app.exception
    assert app.error[0].value.startswith("**Testo non leggibile.**")  # a banner, not folded
    assert app.markdown[0].value == (
        "**Obblighi di legge assenti o parziali: nessuno accertato; 6 obblighi da verificare.**"
    )
    assert not any(e.label.startswith("Avvisi") and app.error[0] in e.error for e in app.expander)
    rule = expander(app, "Bilancio di genere e rendicontazione sociale attenta al genere")
    assert rule.label.startswith(":violet-background[DA VERIFICARE]")
    said = [m.value for m in rule.markdown]
    assert "Testo non leggibile: la norma non ha potuto essere cercata." in said
    assert not any("Nessuna norma pertinente" in text for text in said)
    assert not rule.code  # no proposal for a norm nobody could look for


def test_the_gaps_first_with_a_link_to_each_one_evidence(app):
    upload(app, ("fanano.docx", (CORPUS / "fanano.docx").read_bytes()), every_rule=False)
    assert not app.exception
    heading, lines = (m.value for m in app.markdown[:2])
    assert heading == "**Obblighi di legge assenti o parziali (2)**"
    gaps = lines.splitlines()
    assert gaps[0].startswith(
        "- :orange-background[PARZIALE] **Quota minima del 40% per ciascun sesso nella Giunta**: "
        "Lo statuto, all'art. 8, comma 2, indica una quota minima (un terzo: 33,3%)"
    )
    targets = [line.rsplit("(#", 1)[1].rstrip(")") for line in gaps]
    anchors = [element.proto.body for element in app.get("html")]
    assert all(any(f'id="{target}"' in body for body in anchors) for target in targets)
    # "solo le lacune" is on: the scorecard lists the gaps only, every rule once switched off
    assert next(t for t in app.toggle if t.label == "Solo le lacune").value
    shown = app.dataframe[0].value
    assert set(shown["Esito"]) <= {"PARZIALE", "ASSENTE", "DA VERIFICARE"} and len(shown) < RULES
    upload(app, ("fanano.docx", (CORPUS / "fanano.docx").read_bytes()))
    assert len(app.dataframe[0].value) == RULES


def test_a_file_of_another_type_is_refused_in_italian(app):
    upload(app, ("foto.png", b"\x89PNG\r\n\x1a\n"))
    assert not app.exception
    assert app.error[0].value.startswith("«foto.png»: Formato «.png» non supportato")


def corpus_store(tmp_path: Path, files: list[Path]) -> Path:
    database = tmp_path / "corpus.sqlite"
    run_bulk(files, tmp_path / "out", BulkOptions(), workers=1, database=database)
    return database


def test_only_an_administrator_chooses_the_store_of_the_corpus_view(members):
    for username in (None, "bice", "carla"):  # anonymous, socia, revisora
        app = AppTest.from_file(APP, default_timeout=90).run()
        if username:
            sign_in(app, username)
        app.radio[0].set_value("Impostazioni").run()
        assert "Solo un'amministratrice" in app.info[0].value
        assert "Archivio dei risultati (file SQLite)" not in [t.label for t in app.text_input]


def test_the_settings_open_the_store_a_bulk_audit_wrote(members, tmp_path):
    database = corpus_store(tmp_path, [CORPUS / "zocca.txt", CORPUS / "fanano.docx"])
    not_a_store = tmp_path / "note.sqlite"
    not_a_store.write_text("appunti")
    app = sign_in(AppTest.from_file(APP, default_timeout=90).run(), "anna")
    app.radio[0].set_value("Impostazioni").run()

    def open_store(path: Path) -> None:
        app.main.text_input[0].set_value(str(path))
        next(b for b in app.main.button if b.label == "Apri l'archivio").click().run()

    for wrong in (tmp_path / "manca.sqlite", not_a_store):
        open_store(wrong)
        assert not app.exception and "non" in app.error[0].value
    assert not_a_store.read_text() == "appunti"  # never opened for writing
    open_store(database)
    assert not app.exception and not app.error, [e.value for e in app.error]
    assert app.success[0].value.startswith("Archivio aperto")
    app.radio[0].set_value("Quadro d'insieme").run()
    assert set(app.dataframe[0].value.index) == {"Comune di Zocca", "Comune di Fanano"}
    assert "Nessun ente è stato verificato su più versioni" in " ".join(
        c.value for c in app.caption
    )


def test_the_province_filter_applies_to_the_counts_per_rule_too(tmp_path, monkeypatch):
    copy = tmp_path / "zocca-copia.txt"  # a second version of Zocca's statute, same verdicts
    copy.write_text((CORPUS / "zocca.txt").read_text(encoding="utf-8") + "\n", encoding="utf-8")
    files = [CORPUS / "zocca.txt", CORPUS / "budrio.txt", copy]
    monkeypatch.setenv("STATUTI_CHECK_DB", str(corpus_store(tmp_path, files)))
    app = AppTest.from_file(APP, default_timeout=90).run()
    app.radio[0].set_value("Quadro d'insieme").run()
    assert not app.exception
    assert set(app.dataframe[1].value.drop(columns="Regola").sum(axis=1)) == {2}
    captions = " ".join(c.value for c in app.caption)
    assert "Nessun esito è cambiato tra le versioni" in captions
    assert "Nessun ente è stato verificato su più versioni" not in captions
    app.multiselect[1].set_value(["Bologna"]).run()
    assert list(app.dataframe[0].value.index) == ["Comune di Budrio"]
    assert set(app.dataframe[1].value.drop(columns="Regola").sum(axis=1)) == {1}
