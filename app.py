"""statuti-check web app (Streamlit) for the members of the Conferenza delle Elette.

Only layout lives here: reading, judging, storing and rendering are in the package
(`statuti_check.uploads`, `statuti_check.highlight`, `statuti_check.report`). Every error reaches
the page as an Italian message; the precise one goes to the log.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from html import escape
from pathlib import Path
from typing import get_args

import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from statuti_check import sessions
from statuti_check.accounts import MAX_NOTE, Account, can
from statuti_check.assessment import Finding, explain
from statuti_check.audit import Report, verdict_counts
from statuti_check.authority import ISTAT_ATTRIBUTION, TYPE_LABELS, display_name
from statuti_check.bulk import start_fork_server
from statuti_check.catalogue import VERDICTS, Catalogue, load_catalogue
from statuti_check.errors import InputError
from statuti_check.extract import SUPPORTED_SUFFIXES
from statuti_check.frontmatter import AuthorityType
from statuti_check.highlight import page_image
from statuti_check.numbers import plural
from statuti_check.report import baseline
from statuti_check.report.common import (
    KIND_WORDS,
    SCORE_DEFINITION,
    VERDICT_COLOURS,
    VERDICT_WORDS,
    effective,
    italian_date,
    population_text,
    quote_label,
    review_note,
    scores,
    where,
)
from statuti_check.report.corpus import changes, latest_versions, province_of, summarise
from statuti_check.report.html import marked_html
from statuti_check.settings import Limits
from statuti_check.store import RunInfo, Store, StoredReview
from statuti_check.uploads import (
    DOWNLOADS,
    Audited,
    audit_upload,
    choice_of,
    comune_choices,
    corrected,
    remember,
    render,
    report_file_name,
    review,
    zip_reports,
)

log = logging.getLogger("statuti_check.app")

# Streamlit's markdown colours; the verdict word always goes with them (no emoji: browsers
# without an emoji font would show empty boxes).
BADGES = {
    "conforme": "green",
    "parziale": "orange",
    "assente": "red",
    "non_applicabile": "gray",
    "da_verificare": "violet",
}
TYPES = {kind: label.capitalize() for kind, label in TYPE_LABELS.items()}
LIMITS = Limits(
    max_file_bytes=int(os.environ.get("STATUTI_CHECK_MAX_FILE_MB", "100")) * 1024 * 1024,
    max_pages=int(os.environ.get("STATUTI_CHECK_MAX_PAGES", str(Limits().max_pages))),
)
DATABASE = Path(os.environ.get("STATUTI_CHECK_DB", "out/statuti.sqlite"))


def badge(verdict: str) -> str:
    """Colour and word together (markdown): colour is never the only signal."""
    return f":{BADGES[verdict]}-background[{VERDICT_WORDS[verdict]}]"


def coloured(column: pd.Series) -> list[str]:
    """Table cells shaded with the verdict colours of the reports."""
    words = {word: verdict for verdict, word in VERDICT_WORDS.items()}
    return [
        f"background-color: #{VERDICT_COLOURS[words[value.split(' · ')[0]]]}" for value in column
    ]


@st.cache_resource
def catalogue() -> Catalogue:
    """The rules, loaded and compiled once per server (spaCy loads with the first audit)."""
    return load_catalogue()


@st.cache_resource
def workers_ready() -> bool:
    """Start the worker fork server with the first page view, before anyone uploads."""
    start_fork_server()
    return True


@contextmanager
def store() -> Iterator[Store]:
    """The results store, opened per script run (SQLite connections stay in their thread)."""
    opened = Store(DATABASE)
    try:
        yield opened
    finally:
        opened.close()


@st.cache_data(max_entries=64, show_spinner=False)
def cached_page(data: bytes, page: int, quote: str) -> tuple[bytes, bool]:
    """A page image with the clause boxed, computed once per page and quote."""
    return page_image(data, page, quote)


def ocr_progress(slot: DeltaGenerator, name: str, done: int, total: int) -> None:
    """A scan's pages read by OCR so far, as a bar under the spinner."""
    slot.progress(done / total, text=f"«{name}»: lettura ottica (OCR), {done} di {total} pagine")


def uploaded() -> list[Audited]:
    """Audit each uploaded file once; a file that cannot be read gets its own message."""
    files = st.file_uploader(
        "Caricare uno o più statuti (PDF, DOCX, ODT, HTML o TXT)",
        type=[suffix.lstrip(".") for suffix in SUPPORTED_SUFFIXES],
        accept_multiple_files=True,
        help=f"Al massimo {LIMITS.max_file_bytes // (1024 * 1024)} MB e "
        f"{LIMITS.max_pages} pagine per file.",
    )
    audits: dict[str, Audited] = st.session_state.setdefault("audits", {})
    results = []
    # The OCR bar's place exists on every run, read or not, so that the widgets below keep their
    # place in the page (an expander that moved would close).
    bar = st.empty()
    for file in files or []:
        key = f"{file.name}:{file.file_id}"
        if key not in audits:
            try:
                with st.spinner(f"Lettura e verifica di «{file.name}»…"):
                    try:
                        audits[key] = audit_upload(
                            file.name, file.getvalue(), catalogue(), LIMITS,
                            partial(ocr_progress, bar, file.name),
                        )  # fmt: skip
                    finally:
                        bar.empty()
                with store() as opened:
                    audits[key] = remember(opened, audits[key], member())
            except InputError as exc:
                log.error("%s: %s", file.name, exc.log_message)
                st.error(f"«{file.name}»: {exc.user_message}")
                continue
        elif audits[key].run_id is None and member():  # audited anonymously, then signed in
            with store() as opened:
                audits[key] = remember(opened, audits[key], member())
        results.append(audits[key])
    return results


def replace(update: Audited) -> None:
    """Show the new judgement of a statute wherever it was uploaded, then redraw the page."""
    audits = st.session_state["audits"]
    for key, value in audits.items():
        if value.sha256 == update.sha256:
            audits[key] = update
    st.rerun()


def authority_form(audited: Audited, key: str) -> None:
    """The authority as recognised, for the user to confirm or correct."""
    authority = audited.report.authority
    unsure = bool(authority.candidates) or authority.population is None
    with st.expander("Ente e popolazione (verificare)", expanded=unsure):
        if authority.candidates:
            st.warning("Nome ambiguo: " + ", ".join(authority.candidates) + ". Scegliere l'ente.")
        with st.form(f"authority-{key}"):
            kinds = list(get_args(AuthorityType))
            kind = st.selectbox(
                "Tipo di ente", kinds, index=kinds.index(authority.type or "comune"),
                format_func=TYPES.__getitem__,
            )  # fmt: skip
            options = comune_choices()
            current = choice_of(authority)
            choice = st.selectbox(
                "Comune (elenco ISTAT: digitare per cercare)", options,
                index=options.index(current) if current in options else None,
                placeholder="Scegliere il comune", help="Solo per i comuni.",
            )  # fmt: skip
            name = st.text_input("Nome dell'ente (province, città metropolitane, unioni)",
                                 value=authority.name or "")  # fmt: skip
            population = st.number_input(
                "Popolazione", min_value=0, step=1, value=authority.population,
                help=f"Fonte attuale: {authority.population_source or 'non nota'}.",
            )  # fmt: skip
            if st.form_submit_button("Conferma e ricalcola"):
                update = corrected(
                    audited, catalogue(), choice=choice, name=name or None, authority_type=kind,
                    population=int(population) if population is not None else None,
                )  # fmt: skip
                with store() as opened:
                    replace(remember(opened, update, member()))


def summary(audited: Audited) -> None:
    """Counts by verdict, then the scores with their definition."""
    report = audited.report
    counts = verdict_counts(report.findings)
    for column, (verdict, count) in zip(st.columns(len(counts)), counts.items(), strict=True):
        column.metric(badge(verdict), count)
    st.caption(
        " · ".join(f"Punteggio per {label}: **{score}%**" for label, score in scores(report))
        + f". {SCORE_DEFINITION}"
    )


def scorecard(findings: list[Finding]) -> None:
    """A row per rule: verdict (colour and word), rule, kind, severity, legal basis link."""
    table = pd.DataFrame(
        [
            {
                "Esito": VERDICT_WORDS[effective(f)]
                + (" · verificato manualmente" if f.review else ""),
                "Regola": f.title,
                "Tipo": KIND_WORDS[f.kind],
                "Gravità": f.severity,
                "Base normativa": f.legal_basis[0],
                "Collegamento": next((url for url in f.legal_links if url), None),
            }
            for f in findings
        ]
    )
    st.dataframe(
        table.style.apply(coloured, subset=["Esito"]), hide_index=True, width="stretch",
        column_config={"Collegamento": st.column_config.LinkColumn(display_text="Normattiva")},
    )  # fmt: skip


def evidence(audited: Audited, finding: Finding, key: str) -> None:
    """Quotes with matched words marked; the page image with the clause boxed for PDFs."""
    if not finding.evidence:
        st.write("Nessuna norma pertinente è stata trovata nello statuto.")
        return
    count = len(finding.evidence)
    index = 0
    if count > 1:
        index = st.radio(
            "Citazione", range(count), horizontal=True, key=f"ev-{key}",
            format_func=lambda i: f"{i + 1} di {count}",
        )  # fmt: skip
    item = finding.evidence[index]
    text, page = st.columns([2, 3])
    quote = marked_html(item.quote, item.highlights)
    text.markdown(f"**{quote_label(finding)}**")
    text.markdown(f"<blockquote>{quote}</blockquote>", unsafe_allow_html=True)
    text.caption(where(item))
    pdf = audited.report.source.format == "pdf"
    if pdf and item.page and text.toggle("Mostra la pagina con la clausola", key=f"pg-{key}"):
        image, found = cached_page(audited.data, item.page, item.quote)
        page.image(image, caption=f"Pagina {item.page}", width="stretch")
        if not found:
            page.info("La clausola non è stata localizzata con precisione su questa pagina.")
    if text.toggle("Perché questo esito", key=f"why-{key}"):
        # full width, as words that wrap: the meaning is what a councillor reads
        st.markdown(
            "\n".join(
                f"- **{element}**" + (f": «{escape(found)}»" if found else "") + f" — {meaning}"
                for element, found, meaning in explain(finding, catalogue())
            )
        )


def review_form(audited: Audited, finding: Finding, key: str) -> None:
    """Confirm or change the verdict with a note, in the signed-in member's name.

    A member's review is a proposal until a reviewer confirms it; a reviewer's counts at once.
    """
    account = member()
    if account is None or not can(account, "propose"):
        st.caption("Per proporre una verifica manuale occorre accedere (barra laterale).")
        return
    confirms = can(account, "confirm")
    with st.form(f"review-{key}", clear_on_submit=True):
        st.write("**Verifica manuale**" if confirms else "**Proposta di revisione**")
        verdict = st.selectbox(
            "Esito verificato", VERDICTS, index=VERDICTS.index(effective(finding)),
            format_func=lambda v: VERDICT_WORDS[v].capitalize(),
        )  # fmt: skip
        note = st.text_area(
            "Nota (obbligatoria)", max_chars=MAX_NOTE,
            placeholder="Motivo della conferma o della modifica dell'esito",
        )  # fmt: skip
        st.caption(
            f"Sarà registrata a nome di {account.label}"
            + (
                "."
                if confirms
                else "; cambierà l'esito nei rapporti dopo la conferma di una revisora."
            )
        )
        if st.form_submit_button("Registra la verifica" if confirms else "Proponi la revisione"):
            try:
                with store() as opened:
                    report = review(opened, audited, finding.rule_id, verdict, note, account)
            except InputError as exc:
                log.warning(exc.log_message)
                st.error(exc.user_message)
                return
            replace(audited.model_copy(update={"report": report}))


def plain(text: str) -> None:
    """People's words (review notes, names) shown as text, never read as Markdown or HTML."""
    with st.container(border=True):
        st.text(text, width="stretch")


def review_state(audited: Audited) -> tuple[dict[str, StoredReview], dict[str, StoredReview]]:
    """The confirmed review and the pending proposal of each rule (none for anonymous users)."""
    if member() is None:
        return {}, {}
    with store() as opened:
        return opened.confirmed_reviews(audited.sha256), opened.proposals(audited.sha256)


def review_actions(
    audited: Audited, confirmed: StoredReview | None, proposal: StoredReview | None, key: str
) -> None:
    """A pending proposal with its confirm button; deletion of either for an administrator."""
    account = member()
    if proposal:
        author = f"{proposal.author} ({proposal.role})" if proposal.role else (
            f"«{proposal.author}» (nome indicato prima degli account)")  # fmt: skip
        st.warning(
            f"Proposta di revisione di {author}: "
            f"{VERDICT_WORDS[proposal.verdict]}, in attesa di conferma. Nota:"
        )
        plain(proposal.note)
        if can(account, "confirm") and st.button("Conferma la proposta", key=f"ok-{key}"):
            with store() as opened:
                opened.confirm_review(account, proposal.id)
                replace(audited.model_copy(update={"report": opened.reviewed(audited.report)}))
    standing = [r for r in (confirmed, proposal) if r]
    if can(account, "delete") and standing:
        with st.form(f"del-review-{key}"):
            chosen = st.selectbox(
                "Revisione da eliminare", standing,
                format_func=lambda r: f"n. {r.id} di {r.author} ({r.status})",
            )  # fmt: skip
            if why := deletion_reason("Elimina la revisione"):
                with store() as opened:
                    opened.delete_review(account, chosen.id, why)
                    replace(audited.model_copy(update={"report": opened.reviewed(audited.report)}))


def deletion_reason(button: str) -> str | None:
    """In a form: the reason for a deletion, once its button is pressed with one given."""
    why = st.text_input("Motivo dell'eliminazione (obbligatorio)", max_chars=MAX_NOTE).strip()
    if not st.form_submit_button(button):
        return None
    if not why:
        st.error("Indicare il motivo dell'eliminazione.")
    return why or None


def details(audited: Audited, findings: list[Finding], key: str) -> None:
    """One expander per rule: reason, review, legal basis, evidence, proposal, review form."""
    confirmed, proposals = review_state(audited)
    for finding in findings:
        with st.expander(f"{badge(effective(finding))} — {finding.title}"):
            st.write(finding.reason)
            if note := review_note(finding):
                plain(note)
            review_actions(
                audited, confirmed.get(finding.rule_id), proposals.get(finding.rule_id),
                f"{key}-{finding.rule_id}",
            )  # fmt: skip
            if finding.explanation:
                st.write(f"**La norma in breve.** {finding.explanation}")
            st.caption("Base normativa: " + "; ".join(finding.legal_basis))
            evidence(audited, finding, f"{key}-{finding.rule_id}")
            if finding.proposal and effective(finding) != "conforme":
                st.write("**Proposta di modifica** (copiabile con il pulsante in alto a destra)")
                st.code(finding.proposal, language=None, wrap_lines=True)
            review_form(audited, finding, f"{key}-{finding.rule_id}")


def downloads(audited: Audited, key: str) -> None:
    """The report in each format, generated only when its button is clicked."""
    st.write("**Scarica il rapporto**")
    columns = st.columns(len(DOWNLOADS))
    for column, (fmt, (label, mime)) in zip(columns, DOWNLOADS.items(), strict=True):
        column.download_button(
            label, data=partial(render, audited.report, fmt),
            file_name=report_file_name(audited.report, fmt), mime=mime, key=f"dl-{key}-{fmt}",
            on_click="ignore",
        )  # fmt: skip


def draft_resolution(audited: Audited, key: str) -> None:
    """The "Proposta di deliberazione": the member ticks the gaps, the draft is checked first.

    Obligations are ticked by default, good practices on request. The amended statute is read
    and audited again; a draft that fails is not offered, the reason is logged.
    """
    import hashlib

    from statuti_check.amendments import build_draft, draftable_rules
    from statuti_check.report.delibera import render_delibera

    candidates = draftable_rules(audited.report)
    st.write("**Proposta di deliberazione**")
    if not candidates:
        st.caption("Lo statuto non presenta lacune da colmare con una modifica.")
        return
    st.caption(
        "Scegliere le lacune da colmare: gli obblighi di legge sono già selezionati, le buone "
        "pratiche si aggiungono a richiesta. La proposta contiene premesse, dispositivo e testo "
        "a fronte, ed è offerta solo se lo statuto modificato, riletto, risulta conforme."
    )
    chosen = [
        finding.rule_id for finding in candidates
        if st.checkbox(
            f"{finding.title} ({KIND_WORDS[finding.kind]}; "
            f"{VERDICT_WORDS[effective(finding)].lower()})",
            value=finding.kind == "obbligo", key=f"draft-{key}-{finding.rule_id}",
        )
    ]  # fmt: skip
    # a corrected authority or a review changes the report, and with it the draft
    version = hashlib.sha256(audited.report.model_dump_json().encode()).hexdigest()[:12]
    state = f"draft-{key}-{version}-{'/'.join(chosen)}"
    prepare = st.button(
        "Prepara la proposta di deliberazione", key=f"draft-go-{key}", disabled=not chosen
    )
    if prepare:
        try:
            st.session_state[state] = build_draft(
                audited.parsed, audited.report, catalogue(), chosen
            )
        except InputError as exc:
            log.error("%s: %s", audited.file_name, exc.log_message)
            st.error(exc.user_message)
            return
    draft = st.session_state.get(state)
    if draft is None:
        return
    if not draft.check.passed:
        log.error("%s: draft failed its re-audit: %s", audited.file_name, draft.check.problems)
        st.error(
            "La proposta non viene offerta: lo statuto modificato, riletto, non risulterebbe "
            "conforme su tutte le norme scelte. Togliere le norme indicate o redigere la "
            "modifica con gli uffici. " + " ".join(draft.check.problems)
        )
        return
    st.success(
        f"Proposta pronta: {plural(len(draft.amendments), 'modifica', 'modifiche')}, verificata "
        "rileggendo lo statuto modificato."
    )
    st.download_button(
        "Scarica la proposta di deliberazione (DOCX)", data=partial(render_delibera, draft),
        file_name=report_file_name(audited.report, "docx").replace("verifica-", "delibera-", 1),
        mime=DOWNLOADS["docx"][1], key=f"draft-dl-{key}", on_click="ignore",
    )  # fmt: skip


def statute_view(audited: Audited, key: str) -> None:
    """Everything about one statute, top to bottom in the order a councillor reads it."""
    report = audited.report
    st.subheader(display_name(report.authority))
    place = ", ".join(p for p in (report.authority.province, report.authority.region) if p)
    st.caption(
        f"{place + ' · ' if place else ''}{population_text(report.authority)} · "
        f"{plural(report.statute.articles, 'articolo', 'articoli')} · file {report.source.path}"
    )
    if report.source.warnings:
        with st.expander(f"Avvisi sulla lettura del documento ({len(report.source.warnings)})"):
            for warning in report.source.warnings:
                st.write(f"- {warning}")
    authority_form(audited, key)
    summary(audited)
    left, right = st.columns(2)
    only_gaps = left.toggle("Solo le lacune", key=f"gaps-{key}")
    only_duties = right.toggle("Solo gli obblighi di legge", key=f"duties-{key}")
    findings = [
        f for f in report.findings
        if (not only_gaps or effective(f) in ("parziale", "assente", "da_verificare"))
        and (not only_duties or f.kind == "obbligo")
    ]  # fmt: skip
    scorecard(findings)
    details(audited, findings, key)
    downloads(audited, key)
    draft_resolution(audited, key)


def check_page() -> None:
    """Upload, then one tab per statute."""
    st.title("Verifica di uno statuto")
    st.caption(
        "Caricare lo statuto dell'ente: in pochi secondi si vede, regola per regola, che cosa "
        "contiene e che cosa manca delle norme antidiscriminatorie e di pari opportunità, con le "
        "proposte di modifica da allegare a una mozione."
    )
    audits = uploaded()
    if not audits:
        return
    if len(audits) > 1:
        st.download_button(
            "Scarica tutti i rapporti (ZIP: PDF e DOCX)",
            data=lambda: zip_reports([a.report for a in audits]),
            file_name="verifiche-statuti.zip", mime="application/zip", on_click="ignore",
        )  # fmt: skip
    if len(audits) == 1:
        statute_view(audits[0], "0")
        return
    tabs = st.tabs([a.file_name for a in audits])
    for index, (tab, audited) in enumerate(zip(tabs, audits, strict=True)):
        with tab:
            statute_view(audited, str(index))


def modena_baseline(reports: list[Report]) -> None:
    """The 47 comuni of Modena in March 2009 beside the audits in the store."""
    st.subheader("Provincia di Modena: dal marzo 2009 a oggi")
    rows = baseline.compare(reports)
    st.write(baseline.headline(rows))
    frame = pd.DataFrame(baseline.table(rows), columns=list(baseline.COLUMNS))
    colours = {VERDICT_WORDS[v]: f"background-color: #{c}" for v, c in VERDICT_COLOURS.items()}
    st.dataframe(frame.style.map(colours.get), hide_index=True, width="stretch")
    st.caption(baseline.SOURCE)


def corpus_page() -> None:
    """The store as a heatmap authorities × rules, per-rule counts and changes over time."""
    st.title("Quadro d'insieme")
    with store() as opened:
        stored = opened.latest_reports()
    reports = latest_versions(stored)
    if not reports:
        st.info(
            "L'archivio non contiene ancora verifiche condivise: vi compaiono le verifiche in "
            "blocco (`statuti-check audit CARTELLA --out out`) e gli statuti caricati che una "
            "revisora ha pubblicato dall'«Archivio delle verifiche»."
        )
        modena_baseline(stored)
        return
    regions = sorted({r.authority.region or "non indicata" for r in reports})
    chosen_regions = st.multiselect("Regione", regions, placeholder="Tutte le regioni")
    reports = [
        r
        for r in reports
        if not chosen_regions or (r.authority.region or "non indicata") in chosen_regions
    ]
    data = summarise(reports)
    provinces = data.provinces
    chosen = st.multiselect("Provincia", provinces, placeholder="Tutte le province")
    rows = [row for row in data.rows if not chosen or province_of(row) in chosen]
    count = plural(len(rows), "ente", "enti")
    st.caption(f"{count} · ordinati per numero di lacune negli obblighi di legge")
    matrix = pd.DataFrame(
        [[VERDICT_WORDS[row.verdicts[rule.id]] for rule in data.rules] for row in rows],
        index=[row.name for row in rows],
        columns=[rule.title for rule in data.rules],
    )
    colours = {VERDICT_WORDS[v]: f"background-color: #{c}" for v, c in VERDICT_COLOURS.items()}
    st.dataframe(matrix.style.map(colours.get), width="stretch")
    counts = data.rule_counts()
    st.write("**Esiti per regola**")
    st.dataframe(
        pd.DataFrame(
            [[rule.title, *(counts[rule.id][v] for v in VERDICTS)] for rule in data.rules],
            columns=["Regola", *(VERDICT_WORDS[v] for v in VERDICTS)],
        ),
        hide_index=True, width="stretch",
    )  # fmt: skip
    history = changes(stored)
    st.write("**Che cosa è cambiato tra due versioni dello statuto**")
    if history:
        st.dataframe(
            pd.DataFrame(
                [(c.authority, c.rule, VERDICT_WORDS[c.before], VERDICT_WORDS[c.after],
                  c.before_file, c.after_file) for c in history],
                columns=["Ente", "Regola", "Prima", "Dopo", "Versione precedente",
                         "Versione successiva"],
            ),
            hide_index=True, width="stretch",
        )  # fmt: skip
    else:
        st.caption("Nessun ente è stato verificato su più versioni del proprio statuto.")
    st.caption(ISTAT_ATTRIBUTION)
    modena_baseline(stored)  # all of them: the 2009 list is Modena's, whatever the filters


def member() -> Account | None:
    """The account signed in on this page run (checked against the store by `sign_in_box`)."""
    account = st.session_state.get("account")
    return account if isinstance(account, Account) else None


def oidc_configured() -> bool:
    """Whether `.streamlit/secrets.toml` configures an identity provider for `st.login`."""
    try:
        return "auth" in st.secrets
    except FileNotFoundError:  # no secrets file at all
        return False


def sign_in_box() -> None:
    """The sidebar's sign-in (password, or the identity provider) or who is signed in.

    The store decides on every run: an expired session, a disabled account or a sign-out
    elsewhere ends the member's access at once.
    """
    token = st.session_state.get("session")
    with store() as opened:
        account = sessions.current(opened, token)
        if account is None and oidc_configured() and st.user.is_logged_in:
            try:
                email, verified = st.user.get("email"), st.user.get("email_verified")
                token = sessions.sign_in_oidc(opened, str(email or ""), verified is not False)
                account = sessions.current(opened, token)
            except InputError as exc:
                st.sidebar.error(exc.user_message)
    if token and account is None:
        st.session_state.pop("session", None)
        st.sidebar.warning("La sessione è scaduta o è stata chiusa: accedere di nuovo.")
    st.session_state["session"] = token if account else None
    st.session_state["account"] = account
    st.sidebar.markdown("**Accesso**")
    if account:
        st.sidebar.text(f"{account.name}\nruolo: {account.role}")
        if st.sidebar.button("Esci"):
            with store() as opened:
                opened.close_session(token or "")
            st.session_state["session"] = st.session_state["account"] = None
            if oidc_configured() and st.user.is_logged_in:
                st.logout()
            st.rerun()
        return
    with st.sidebar.form("sign-in"):
        username = st.text_input("Nome utente")
        password = st.text_input("Password", type="password")
        if st.form_submit_button("Accedi"):
            try:
                with store() as opened:
                    st.session_state["session"] = sessions.sign_in(opened, username, password)
                st.rerun()
            except InputError as exc:
                st.error(exc.user_message)
    if oidc_configured():
        st.sidebar.button("Accedi con l'account dell'ente (OIDC)", on_click=st.login)
    st.sidebar.caption(
        "Senza accesso si può verificare uno statuto e scaricarne il rapporto: nulla viene "
        "registrato né condiviso."
    )


def upload_row(account: Account, run: RunInfo, reports: list[Report]) -> None:
    """One stored upload: file, authority, owner and state, with what the member may do."""
    with st.container(border=True):
        st.text(
            f"Verifica {run.label}\n"
            + "\n".join(f"{r.source.path}: {display_name(r.authority)}" for r in reports)
            + (
                f"\nPubblicata da {run.published_by} il {italian_date(run.published[:10])}"
                if run.published
                else ""
            )
        )
        left, right = st.columns(2)
        if can(account, "publish"):
            label = (
                "Ritira dal quadro d'insieme" if run.published else "Pubblica nel quadro d'insieme"
            )
            if left.button(label, key=f"pub-{run.id}"):
                with store() as opened:
                    opened.publish(account, run.id, published=not run.published)
                st.rerun()
        if can(account, "delete"):
            with right.popover("Elimina la verifica"), st.form(f"del-run-{run.id}"):
                if why := deletion_reason("Elimina definitivamente"):
                    with store() as opened:
                        opened.delete_run(account, run.id, why)
                    st.rerun()


def archive_page() -> None:
    """A member's stored uploads (all of them for a reviewer), to publish or delete; the log."""
    account = member()
    st.title("Archivio delle verifiche")
    if account is None:
        st.info("Accedere per vedere le verifiche registrate.")
        return
    st.caption(
        "Le verifiche caricate restano visibili solo a chi le ha caricate e alle revisore finché "
        "una revisora non le pubblica nel «Quadro d'insieme». Le verifiche in blocco (make audit, "
        "statuti-check audit CARTELLA) vi compaiono sempre."
    )
    with store() as opened:
        uploads = [(run, opened.reports(run.id)) for run in opened.uploads(account)]
        entries = opened.log_entries() if can(account, "manage") else []
    if not uploads:
        st.info(
            "Nessuna verifica registrata: caricare uno statuto nella pagina «Verifica di uno "
            "statuto»."
        )
    for run, reports in uploads:
        upload_row(account, run, reports)
    if entries:
        st.subheader("Registro delle operazioni")
        st.caption("Ogni revisione, conferma, pubblicazione ed eliminazione; non modificabile.")
        st.dataframe(
            pd.DataFrame(
                [(f"{italian_date(e.at[:10])} {e.at[11:16]}", e.actor, e.action, e.subject, e.why)
                 for e in reversed(entries)],
                columns=["Quando (UTC)", "Chi", "Operazione", "Oggetto", "Motivo"],
            ),
            hide_index=True, width="stretch",
        )  # fmt: skip


# Streamlit has no Italian for its file uploader: its English words are hidden and ours shown.
_DROPZONE = '[data-testid="stFileUploaderDropzone"]'
ITALIAN_WIDGETS = f"""<style>
{_DROPZONE} button [data-testid="stMarkdownContainer"] p {{ font-size: 0; }}
{_DROPZONE} button [data-testid="stMarkdownContainer"] p::after {{
  content: "Scegliere i file"; font-size: 0.875rem; }}
[data-testid="stFileUploaderDropzoneInstructions"] span {{ font-size: 0; }}
[data-testid="stFileUploaderDropzoneInstructions"] span::after {{
  content: "oppure trascinarli qui · al massimo {LIMITS.max_file_bytes // 1048576} MB per file";
  font-size: 0.875rem; }}
</style>"""


def main() -> None:
    """Page set-up, navigation and the last line of defence against tracebacks."""
    st.set_page_config(page_title="statuti-check", page_icon="⚖️", layout="wide")
    st.html(ITALIAN_WIDGETS)
    workers_ready()
    pages = {"Verifica di uno statuto": check_page, "Quadro d'insieme": corpus_page}
    choice = st.sidebar.radio("Sezione", [*pages, "Archivio delle verifiche"])
    pages["Archivio delle verifiche"] = archive_page
    st.sidebar.caption(
        "statuti-check verifica le norme antidiscriminatorie e di pari opportunità negli "
        "statuti degli enti locali. L'esito automatico non sostituisce il parere degli uffici."
    )
    try:
        sign_in_box()
        pages[choice]()
    except InputError as exc:
        log.error(exc.log_message)
        st.error(exc.user_message)
    except Exception:
        log.exception("unexpected failure in the app")
        st.error(
            "Si è verificato un errore imprevisto. Il problema è stato registrato: riprovare o "
            "segnalarlo indicando l'ora."
        )


# Streamlit runs this file as __main__; worker processes re-import it as __mp_main__ and must
# not lay out a page.
if __name__ == "__main__":
    main()
