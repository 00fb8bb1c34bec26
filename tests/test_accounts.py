"""Accounts, roles, sessions, reviews with accountability, publication and the audit log."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from statuti_check.contract import Report
from statuti_check.errors import InputError
from statuti_check.judge.audit import audit_file
from statuti_check.members.accounts import MAX_NOTE, Account, hash_password, password_matches
from statuti_check.members.sessions import current, sign_in, sign_in_oidc
from statuti_check.report.common import review_note
from statuti_check.report.markdown import render_markdown
from statuti_check.run.store import Outcome, Store, now
from tests.support.corpus_build import CORPUS

pytestmark = pytest.mark.slow  # each test hashes its accounts' passwords with Argon2

RULE = "giunta-quota-40"
PASSWORD = "una password lunga"


def person(username: str, role: str, name: str | None = None) -> Account:
    return Account(username=username, name=name or username.capitalize(), role=role, created=now())  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def fanano() -> Report:
    return audit_file(CORPUS / "fanano.docx")


@pytest.fixture
def store(tmp_path):
    opened = Store(tmp_path / "s.sqlite")
    for username, role in (("bice", "socia"), ("carla", "revisora"), ("anna", "amministratrice")):
        opened.add_account(person(username, role), hash_password(PASSWORD), "test")
    yield opened
    opened.close()


def accounts(store: Store) -> tuple[Account, Account, Account]:
    found = {a.username: a for a in store.accounts()}
    return found["bice"], found["carla"], found["anna"]


def refusal(call) -> str:
    """The Italian message an action is refused with."""
    with pytest.raises(InputError) as caught:
        call()
    return caught.value.user_message


def upload(store: Store, report: Report, owner: str | None, source: str = "app") -> int:
    run = store.start_run("v", "c", {}, source=source, owner=owner)  # type: ignore[arg-type]
    store.record(run, Outcome(path="fanano.docx", sha256=report.source.sha256, report=report),
                 "pdfium", "t")  # fmt: skip
    store.finish_run(run)
    return run


def test_passwords_are_argon2_hashes_and_short_ones_are_refused():
    hashed = hash_password(PASSWORD)
    assert hashed.startswith("$argon2id$") and PASSWORD not in hashed
    assert password_matches(hashed, PASSWORD) and not password_matches(hashed, PASSWORD + "!")
    assert not password_matches(None, PASSWORD) and not password_matches("rotto", PASSWORD)
    assert "almeno 12 caratteri" in refusal(lambda: hash_password("breve"))


def test_sign_in_opens_a_session_that_expires_and_ends_when_the_account_is_disabled(store):
    token = sign_in(store, "Bice ", PASSWORD)
    assert current(store, token) == store.account("bice")
    assert store.db.execute("SELECT count(*) FROM sessions WHERE token_sha256 = ?",
                            (token,)).fetchone() == (0,)  # fmt: skip  # only its hash is kept
    expired = store.open_session("bice", hours=-1)
    assert current(store, expired) is None
    store.update_account("bice", "test", disabled=True)
    assert current(store, token) is None
    with pytest.raises(InputError) as disabled:
        sign_in(store, "bice", PASSWORD)
    with pytest.raises(InputError) as wrong:
        sign_in(store, "carla", "un'altra password")
    with pytest.raises(InputError) as unknown:
        sign_in(store, "nessuna", PASSWORD)
    # one message for all three: names cannot be probed
    assert disabled.value.user_message == wrong.value.user_message == unknown.value.user_message


def test_a_new_password_closes_the_open_sessions(store):
    token = sign_in(store, "carla", PASSWORD)
    store.update_account("carla", "test", password_hash=hash_password("nuova password lunga"))
    assert current(store, token) is None
    assert current(store, sign_in(store, "carla", "nuova password lunga")) is not None


def test_a_member_proposes_a_reviewer_confirms_and_only_then_the_verdict_changes(store, fanano):
    bice, carla, _ = accounts(store)
    run = upload(store, fanano, "bice")
    sha = fanano.source.sha256
    proposal = store.add_review(bice, sha, RULE, "conforme", "parziale", "Delibera 2024.", run)
    assert proposal.status == "proposta" and proposal.author == "Bice" and proposal.role == "socia"
    assert store.reviews(sha) == {} and set(store.proposals(sha)) == {RULE}
    assert RULE not in {f.rule_id for f in store.reviewed(fanano).findings if f.review}
    assert "«socia» non basta per confermare" in refusal(
        lambda: store.confirm_review(bice, proposal.id)
    )
    confirmed = store.confirm_review(carla, proposal.id, "Verificata la delibera.")
    assert confirmed.confirmed_by == "Carla (revisora)" and store.proposals(sha) == {}
    finding = next(f for f in store.reviewed(fanano).findings if f.rule_id == RULE)
    note = review_note(finding) or ""
    assert note.startswith("Verificato manualmente da Bice (socia) il ")
    assert ", confermato da Carla (revisora) il " in note
    assert f"Registrata sulla verifica n. {run}; vale anche per le verifiche successive" in note
    assert "CONFORME (verificato manualmente; esito automatico: PARZIALE)" in render_markdown(
        store.reviewed(fanano)
    )


def test_a_reviewers_review_counts_at_once_and_an_administrator_deletes_it(store, fanano):
    _, carla, anna = accounts(store)
    sha = fanano.source.sha256
    stored = store.add_review(carla, sha, RULE, "conforme", "parziale", "Quota al 40%.")
    assert stored.status == "confermata" and store.reviews(sha)[RULE].role == "revisora"
    assert "«revisora» non basta per eliminare" in refusal(
        lambda: store.delete_review(carla, stored.id, "errore")
    )
    store.delete_review(anna, stored.id, "Nota sullo statuto sbagliato.")
    assert store.reviews(sha) == {}
    actions = [(e.actor, e.action, e.why) for e in store.log_entries()[3:]]
    assert actions == [
        ("carla", "revisione", "Quota al 40%."),
        ("anna", "eliminazione di revisione", "Nota sullo statuto sbagliato."),
    ]
    deletion = store.log_entries()[-1]
    assert deletion.before["note"] == "Quota al 40%." and deletion.after is None


def test_a_changed_review_is_logged_with_the_state_before(store, fanano):
    _, carla, anna = accounts(store)
    sha = fanano.source.sha256
    store.add_review(carla, sha, RULE, "conforme", "parziale", "Prima nota.")
    store.add_review(anna, sha, RULE, "assente", "parziale", "Seconda nota.")
    change = store.log_entries()[-1]
    assert (change.before["verdict"], change.after["verdict"]) == ("conforme", "assente")
    assert store.reviews(sha)[RULE].verdict == "assente"


def test_a_note_is_bounded_and_required(store, fanano):
    bice, _, _ = accounts(store)
    sha = fanano.source.sha256
    assert f"al massimo {MAX_NOTE} caratteri" in refusal(
        lambda: store.add_review(bice, sha, RULE, "conforme", "parziale", "x" * (MAX_NOTE + 1))
    )
    assert "scrivere una nota" in refusal(
        lambda: store.add_review(bice, sha, RULE, "conforme", "parziale", "   ")
    )
    assert store.stored_reviews(sha) == []


def test_the_log_cannot_be_changed(store):
    assert store.log_entries()
    for statement in ("UPDATE log SET why = 'altro'", "DELETE FROM log"):
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            store.db.execute(statement)


def test_uploads_are_private_until_a_reviewer_publishes_them(store, fanano):
    bice, carla, anna = accounts(store)
    run = upload(store, fanano, "bice")
    assert store.latest_reports() == [] and len(store.latest_reports(shared_only=False)) == 1
    assert [r.id for r in store.uploads(bice)] == [run] and store.uploads(carla)[0].id == run
    assert store.uploads(person("dora", "socia")) == []
    assert "«socia» non basta per pubblicare" in refusal(lambda: store.publish(bice, run))
    store.publish(carla, run)
    assert [r.source.sha256 for r in store.latest_reports()] == [fanano.source.sha256]
    assert store.run(run).published_by == "Carla (revisora)"  # type: ignore[union-attr]
    assert "«revisora» non basta per eliminare" in refusal(
        lambda: store.delete_run(carla, run, "doppione")
    )
    store.delete_run(anna, run, "Statuto caricato per errore.")
    assert store.run(run) is None and store.latest_reports() == []
    assert store.log_entries()[-1].before["files"] == [
        {"path": "fanano.docx", "sha256": fanano.source.sha256}
    ]


def test_bulk_runs_are_shared_and_kept_apart_from_uploads(store, fanano):
    bulk = upload(store, fanano, None, source="bulk")
    upload(store, fanano, "bice")
    assert len(store.latest_reports()) == 1
    assert store.latest_run() == bulk and store.unfinished_run() is None
    assert [r.source for r in store.runs()] == ["app", "bulk"]


def test_a_store_of_the_previous_version_is_migrated_and_its_reviews_await_confirmation(
    tmp_path, fanano
):
    path = tmp_path / "old.sqlite"
    old = sqlite3.connect(path)
    old.executescript((Path(__file__).parent / "fixtures" / "store-v2.sql").read_text())
    old.executescript(
        "PRAGMA user_version = 2;"
        "INSERT INTO runs VALUES (1, '2026-01-10', '2026-01-10', 'v', 'c', '{}');"
        "INSERT INTO runs VALUES (2, '2026-02-10', '2026-02-10', 'v', 'c', '{\"source\": \"app\"}');"
    )
    for run in (1, 2):
        old.execute(
            "INSERT INTO documents (run_id, path, sha256, status, report, finished)"
            " VALUES (?, 'fanano.docx', ?, 'done', ?, '2026-01-10')",
            (run, fanano.source.sha256, fanano.model_dump_json()),
        )
    old.execute(
        "INSERT INTO overrides (sha256, rule_id, verdict, original_verdict, note, author, created)"
        " VALUES (?, ?, 'conforme', 'parziale', 'Delibera 2024.', 'Presidente', '2026-02-11')",
        (fanano.source.sha256, RULE),
    )
    old.commit()
    old.close()
    store = Store(path)
    assert store.db.execute("PRAGMA user_version").fetchone() == (3,)
    assert [(r.id, r.source, r.published) for r in store.runs()] == [
        (2, "app", None),
        (1, "bulk", None),
    ]
    assert len(store.latest_reports()) == 1  # the bulk run; the old upload is not published
    legacy = store.proposals(fanano.source.sha256)[RULE]
    assert (legacy.author, legacy.username, legacy.role) == ("Presidente", None, None)
    assert store.reviews(fanano.source.sha256) == {}  # a name typed by anyone changes nothing
    assert store.log_entries()[0].action == "migrazione"
    store.add_account(person("carla", "revisora"), None, "test")
    store.confirm_review(store.account("carla"), legacy.id)  # type: ignore[arg-type]
    finding = next(f for f in store.reviewed(fanano).findings if f.rule_id == RULE)
    assert (review_note(finding) or "").startswith(
        "Verificato manualmente da «Presidente» (nome indicato senza account, prima "
        "dell'introduzione degli account) il 11/02/2026, confermato da Carla (revisora)"
    )
    store.close()
    assert Store(path).db.execute("PRAGMA user_version").fetchone() == (3,)  # opened again


def test_an_identity_provider_signs_in_the_account_with_its_e_mail(store):
    store.add_account(
        Account(username="dora", name="Dora", role="socia", email="dora@ente.it", created=now()),
        None, "test",
    )  # fmt: skip
    assert current(store, sign_in_oidc(store, "Dora@Ente.it")).username == "dora"  # type: ignore[union-attr]
    assert "non corrisponde ad alcun account attivo" in refusal(
        lambda: sign_in_oidc(store, "altra@ente.it")
    )
    assert "non corrisponde" in refusal(lambda: sign_in_oidc(store, None))
    assert "non corretti" in refusal(lambda: sign_in(store, "dora", ""))  # no password to match
    store.update_account("dora", "test", disabled=True)
    assert "non corrisponde" in refusal(lambda: sign_in_oidc(store, "dora@ente.it"))


def test_guessing_is_paused_after_five_failures_and_each_is_logged(store):
    for _ in range(5):
        refusal(lambda: sign_in(store, "bice", "tentativo sbagliato"))
    assert "Troppi tentativi" in refusal(lambda: sign_in(store, "bice", PASSWORD))
    assert current(store, sign_in(store, "carla", PASSWORD)) is not None  # others go on
    failures = [e for e in store.log_entries() if e.action == "accesso non riuscito"]
    assert [e.subject for e in failures] == ["bice"] * 5


def test_an_address_the_provider_has_not_verified_opens_nothing(store):
    store.add_account(
        Account(username="dora", name="Dora", role="socia", email="dora@ente.it", created=now()),
        None, "test",
    )  # fmt: skip
    assert "non corrisponde" in refusal(lambda: sign_in_oidc(store, "dora@ente.it", False))
