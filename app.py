"""statuti-check web app (Streamlit) for the members of the Conferenza delle Elette.

Only layout lives here: reading, judging, storing and rendering are in the package
(`statuti_check.run.uploads`, `statuti_check.read.highlight`, `statuti_check.report`). Every error
reaches the page as an Italian message; the precise one goes to the log.
"""

from __future__ import annotations

import logging
import os
import re
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import replace as replaced
from functools import partial
from html import escape
from importlib.machinery import ModuleSpec
from pathlib import Path

import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from statuti_check import (
    Catalogue,
    Finding,
    InputError,
    Report,
    SourceInfo,
    load_catalogue,
    render,
)
from statuti_check.contract import (
    AUTHORITY_TYPES,
    GAPS,
    ISTAT_ATTRIBUTION,
    KIND_WORDS,
    TYPE_LABELS,
    VERDICT_BADGES,
    VERDICT_COLOURS,
    VERDICT_WORDS,
    VERDICTS,
    display_name,
    effective,
    verdict_counts,
)
from statuti_check.judge.assessment import explain
from statuti_check.members import sessions
from statuti_check.members.accounts import MAX_NOTE, Account, can
from statuti_check.numbers import italian_date, plural
from statuti_check.read.extract import declared_format
from statuti_check.report import baseline
from statuti_check.report.common import (
    SCORE_DEFINITION,
    no_quote,
    population_text,
    quote_label,
    review_note,
    scores,
    short_title,
    unreadable,
    where,
)
from statuti_check.report.corpus import (
    CorpusSummary,
    changes,
    latest_versions,
    province_of,
    several_versions,
    summarise,
)
from statuti_check.report.html import SHORT_WORDS, marked_html
from statuti_check.report.markdown import markdown_text
from statuti_check.run.forkserver import APP, start_fork_server
from statuti_check.run.store import STORE_VERSION, RunInfo, Store, StoredReview
from statuti_check.run.uploads import (
    DOWNLOADS,
    Audited,
    PagePicture,
    audit_upload,
    choice_of,
    comune_choices,
    corrected,
    page_picture,
    remember,
    report_file_name,
    review,
    zip_reports,
)
from statuti_check.settings import Limits

log = logging.getLogger("statuti_check.app")

if __name__ == "__main__":
    # Worker processes (multiprocessing) import the main script's file again, as __mp_main__,
    # unless its spec names it "__main__". Here that import cost a second of each upload and
    # made st.cache_data, decorating with no Streamlit runtime, log "No runtime found".
    __spec__ = ModuleSpec("__main__", None)

ROW_HEIGHT = 35  # pixels of a table row, header included
TYPES = {kind: label.capitalize() for kind, label in TYPE_LABELS.items()}
LIMITS = Limits(
    max_file_bytes=int(os.environ.get("STATUTI_CHECK_MAX_FILE_MB", "100")) * 1024 * 1024,
    max_pages=int(os.environ.get("STATUTI_CHECK_MAX_PAGES", str(Limits().max_pages))),
)
DATABASE = Path(os.environ.get("STATUTI_CHECK_DB", "out/statuti.sqlite"))
# The heatmap's rule columns are narrow: each holds a short verdict word, explained here.
HEATMAP_LEGEND = "Legenda: " + "; ".join(
    f"«{SHORT_WORDS[verdict]}» {word.lower()}" for verdict, word in VERDICT_WORDS.items()
)


# A quote looks as Streamlit draws a Markdown quote, though it is drawn as HTML (st.html).
QUOTE_STYLE = (
    'style="margin: 0 0 0.5rem 0; padding: 0 0 0 1rem; '
    'border-left: 0.25rem solid rgba(49, 51, 63, 0.2)"'
)


def badge(verdict: str) -> str:
    """Colour and word together (markdown): colour is never the only signal."""
    return f":{VERDICT_BADGES[verdict]}-background[{VERDICT_WORDS[verdict]}]"


def coloured(column: pd.Series) -> list[str]:
    """Table cells shaded with the verdict colours of the reports."""
    words = {word: verdict for verdict, word in VERDICT_WORDS.items()}
    return [f"background-color: #{VERDICT_COLOURS[words[value]]}" for value in column]


@st.cache_resource(show_spinner="Caricamento del catalogo delle regole…")
def catalogue() -> Catalogue:
    """The rules, loaded once per server (their matcher is compiled in the workers)."""
    return load_catalogue()


@st.cache_resource(show_spinner="Avvio dell'applicazione…")
def workers_ready() -> bool:
    """Start the worker fork server with the first page view, before anyone uploads.

    The PDF renderer is loaded too (its import takes most of a second): the first download is
    then quick.
    """
    start_fork_server(APP)
    import weasyprint  # noqa: F401

    return True


def database() -> Path:
    """The results store of this session: STATUTI_CHECK_DB, or the one chosen in the settings."""
    return Path(st.session_state.get("database", DATABASE))


@contextmanager
def store(path: Path = DATABASE) -> Iterator[Store]:
    """A results store, opened per script run (SQLite connections stay in their thread).

    Accounts, uploads, reviews and the log always live in the app's own store (DATABASE); only
    the corpus view may read another one, chosen in the settings (`database()`).
    """
    opened = Store(path)
    try:
        yield opened
    finally:
        opened.close()


@st.cache_data(max_entries=64, show_spinner=False)
def cached_page(pages: str, page: int, quote: str) -> PagePicture:
    """A page image with the clause boxed, or why it is refused, once per page and quote.

    Drawn in a worker process under the audit's limits (statuti_check.run.uploads.page_picture).
    """
    return page_picture(pages, page, quote, LIMITS)


def ocr_progress(slot: DeltaGenerator, name: str, done: int, total: int) -> None:
    """A scan's pages read by OCR so far, as a bar under the spinner."""
    shown = markdown_text(name)
    slot.progress(done / total, text=f"«{shown}»: lettura ottica (OCR), {done} di {total} pagine")


def uploaded() -> list[Audited]:
    """Audit each uploaded file once; a file that cannot be read gets its own message."""
    # No `type=`: Streamlit would refuse other files in English; ours says it in Italian.
    files = st.file_uploader(
        "Caricare uno o più statuti (PDF, DOCX, ODT, HTML o TXT)",
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
                declared_format(Path(file.name))
                with st.spinner(f"Lettura e verifica di «{markdown_text(file.name)}»…"):
                    try:
                        audits[key] = audit_upload(
                            file.name, file.getvalue(), LIMITS,
                            partial(ocr_progress, bar, file.name),
                        )  # fmt: skip
                    finally:
                        bar.empty()
                with store() as opened:
                    audits[key] = remember(opened, audits[key], member())
            except InputError as exc:
                log.error("%s: %s", file.name, exc.log_message)
                st.error(markdown_text(f"«{file.name}»: {exc.user_message}"))
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
            kinds = list(AUTHORITY_TYPES)
            kind = st.selectbox(
                "Tipo di ente", kinds, index=kinds.index(authority.type or "comune"),
                format_func=TYPES.__getitem__, placeholder="Scegliere il tipo di ente",
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
        " · ".join(f"Punteggio per {label}: **{score}%**" for label, score in scores(report)),
        help=SCORE_DEFINITION,
    )


def full_height(table: pd.DataFrame) -> int:
    """A table's height in pixels with every row shown: no scrollbar inside the page."""
    return ROW_HEIGHT * (len(table) + 1) + 3


def anchor(key: str, finding: Finding) -> str:
    """The HTML id of a rule's details, the target of its line in the gaps list."""
    return f"regola-{key}-{finding.rule_id}"


def first_sentence(text: str, limit: int = 160) -> str:
    """A reason cut to one line: its first sentence, at most `limit` characters."""
    sentence = re.split(r"(?<=[.;])\s+(?=[A-ZÀ-Ý«])", text, maxsplit=1)[0]
    return sentence if len(sentence) <= limit else sentence[: limit - 1].rstrip() + "…"


def gap_reason(finding: Finding) -> str:
    """One line of why an obligation is a gap.

    The law that asks for a missing norm, or the first sentence of what an incomplete one lacks.
    """
    if effective(finding) == "assente":
        return f"nessuna norma nello statuto (base normativa: {finding.legal_basis[0]})."
    return first_sentence(finding.reason)


def gaps_first(report: Report, key: str) -> None:
    """Right under the counts: the legal obligations missing or incomplete.

    Each with one line of why and a link to its details further down: what a motion has to ask
    for, seen without scrolling.
    """
    lacking = [
        f
        for f in report.findings
        if f.kind == "obbligo" and effective(f) in ("assente", "parziale")
    ]
    if not lacking:
        doubtful = sum(
            f.kind == "obbligo" and effective(f) == "da_verificare" for f in report.findings
        )
        st.markdown(
            "**Obblighi di legge assenti o parziali: "
            + (f"nessuno accertato; {plural(doubtful, 'obbligo', 'obblighi')} da verificare.**"
               if doubtful else "nessuno.**")
        )  # fmt: skip
        return
    st.markdown(f"**Obblighi di legge assenti o parziali ({len(lacking)})**")
    st.markdown(
        "\n".join(
            f"- {badge(effective(f))} **{f.title}**"
            + (" (verificato manualmente)" if f.review else "")
            + f": {gap_reason(f)} [Dettagli](#{anchor(key, f)})"
            for f in lacking
        )
    )


def scorecard(findings: list[Finding]) -> None:
    """A row per rule: verdict (colour and word), rule, kind, severity, legal basis link.

    Every row shows without an inner scrollbar: the height follows the row count.
    """
    table = pd.DataFrame(
        [
            {
                "Esito": VERDICT_WORDS[effective(f)],
                "Regola": f.title,
                "Verificato": "sì" if f.review else "",
                "Tipo": KIND_WORDS[f.kind],
                "Gravità": f.severity,
                "Base normativa": f.legal_basis[0],
                "Collegamento": next((url for url in f.legal_links if url), None),
            }
            for f in findings
        ]
    )
    if table.empty:
        return
    st.dataframe(
        table.style.apply(coloured, subset=["Esito"]), hide_index=True, width="stretch",
        height=full_height(table), row_height=ROW_HEIGHT,
        column_config={
            "Esito": st.column_config.TextColumn(width=130),  # "NON APPLICABILE" whole
            "Verificato": st.column_config.TextColumn(
                width=90, help="Esito verificato manualmente"
            ),
            "Regola": st.column_config.TextColumn(width="large"),
            "Collegamento": st.column_config.LinkColumn(display_text="Normattiva"),
        },
    )  # fmt: skip


def evidence(audited: Audited, finding: Finding, key: str) -> None:
    """Quotes with matched words marked; the page image with the clause boxed for PDFs."""
    if not finding.evidence:
        st.write(no_quote(audited.report))
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
    text.markdown(f"**{quote_label(finding)}**")
    # Statute text as text: escaped HTML whose only tags are ours (never Markdown).
    text.html(f"<blockquote {QUOTE_STYLE}>{marked_html(item.quote, item.highlights)}</blockquote>")
    text.caption(markdown_text(where(item)))
    toggle = partial(text.toggle, "Mostra la pagina con la clausola", key=f"pg-{key}")
    if audited.pages and item.page and toggle():
        page_view(page, audited.pages, item.page, item.quote)
    if text.toggle("Perché questo esito", key=f"why-{key}"):
        # full width, as words that wrap: the meaning is what a councillor reads
        st.html(
            "<ul>"
            + "".join(
                f"<li><strong>{escape(element)}</strong>"
                + (f": «{escape(found)}»" if found else "")
                + f" — {escape(meaning)}</li>"
                for element, found, meaning in explain(finding, catalogue())
            )
            + "</ul>"
        )


def page_view(slot: DeltaGenerator, pages: str, number: int, quote: str) -> None:
    """The page with the clause boxed, or an Italian refusal: the page stays up either way."""
    try:
        picture = cached_page(pages, number, quote)
    except InputError as exc:  # a busy server, a copy no longer kept: worth another try
        log.error(exc.log_message)
        slot.error(exc.user_message)
        return
    if picture.png is None:
        slot.error(picture.refusal or "La pagina non può essere mostrata.")
        return
    slot.image(picture.png, caption=f"Pagina {number}", width="stretch")
    if not picture.found:
        slot.info("La clausola non è stata localizzata con precisione su questa pagina.")


def review_form(audited: Audited, finding: Finding, key: str) -> None:
    """Confirm or change the verdict with a note, in the signed-in member's name.

    A member's review is a proposal until a reviewer confirms it; a reviewer's counts at once.
    """
    account = member()
    if account is None or not can(account, "propose"):
        st.caption(
            "Per proporre una verifica manuale occorre accedere («Accesso», in alto a destra)."
        )
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
        # an empty mark the gaps list links to (an expander takes no id of its own)
        st.html(f'<span class="rule-anchor" id="{anchor(key, finding)}"></span>')
        with st.expander(f"{badge(effective(finding))} — {finding.title}"):
            st.text(finding.reason)  # built from the statute's words: never Markdown
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
                st.write("**Proposta di modifica** (copiabile con il pulsante a destra)")
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


def reading_banner(source: SourceInfo) -> None:
    """A scan nobody could read says so at the top, not in a folded notice.

    Every rule of it is to be checked, and no norm is claimed missing.
    """
    if unreadable(source):
        st.error(
            "**Testo non leggibile.** Il documento è una scansione senza testo e non è stato "
            "letto con il riconoscimento ottico dei caratteri (OCR): nessuna norma ha potuto "
            "essere cercata e ogni regola resta da verificare. Caricare una versione con il "
            "testo (il PDF esportato dal programma di scrittura, o il DOCX) oppure chiedere "
            "di attivare l'OCR."
        )
    elif source.unread_pages:
        pages = plural(len(source.unread_pages), "pagina", "pagine")
        st.warning(
            f"**Lettura incompleta.** {pages} senza testo (scansioni) non "
            f"{'è stata letta' if len(source.unread_pages) == 1 else 'sono state lette'}: "
            "le norme non trovate nelle altre pagine restano da verificare."
        )


def draft_resolution(audited: Audited, key: str) -> None:
    """The "Proposta di deliberazione": the member ticks the gaps, the draft is checked first.

    Obligations are ticked by default, good practices on request. The amended statute is read
    and audited again; a draft that fails is not offered, the reason is logged.
    """
    import hashlib

    from statuti_check.act.amendments import build_draft, draftable_rules
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
    st.subheader(markdown_text(display_name(report.authority)))
    place = ", ".join(p for p in (report.authority.province, report.authority.region) if p)
    st.caption(
        markdown_text(
            f"{place + ' · ' if place else ''}{population_text(report.authority)} · "
            f"{plural(report.statute.articles, 'articolo', 'articoli')} · file {report.source.path}"
        )
    )
    reading_banner(report.source)
    summary(audited)
    gaps_first(report, key)
    downloads(audited, key)
    authority_form(audited, key)
    if report.source.warnings:
        with st.expander(f"Avvisi sulla lettura del documento ({len(report.source.warnings)})"):
            for warning in report.source.warnings:
                st.text(f"- {warning}")
    st.markdown("**Quadro delle regole**")
    left, right = st.columns(2)
    only_gaps = left.toggle("Solo le lacune", value=True, key=f"gaps-{key}")
    only_duties = right.toggle("Solo gli obblighi di legge", key=f"duties-{key}")
    findings = [
        f for f in report.findings
        if (not only_gaps or effective(f) in GAPS)
        and (not only_duties or f.kind == "obbligo")
    ]  # fmt: skip
    scorecard(findings)
    details(audited, findings, key)
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
    tabs = st.tabs([markdown_text(a.file_name) for a in audits])
    for index, (tab, audited) in enumerate(zip(tabs, audits, strict=True)):
        with tab:
            statute_view(audited, str(index))


def modena_baseline(reports: list[Report]) -> None:
    """The 47 comuni of Modena in March 2009 beside the audits in the store."""
    st.subheader("Provincia di Modena: dal marzo 2009 a oggi")
    rows = baseline.compare(reports)
    st.write(baseline.headline(rows))
    frame = pd.DataFrame(baseline.table(rows), columns=list(baseline.columns()))
    colours = {VERDICT_WORDS[v]: f"background-color: #{c}" for v, c in VERDICT_COLOURS.items()}
    st.dataframe(frame.style.map(colours.get), hide_index=True, width="stretch")
    st.caption(baseline.SOURCE)


def heatmap(data: CorpusSummary) -> None:
    """Authorities × rules, every rule seen at 1366 px (the heads are the rules' `short_title`).

    Short words in the cells, short rule names over the columns, the full name on hover.
    """
    count = plural(len(data.rows), "ente", "enti")
    st.caption(f"{count} · ordinati per numero di lacune negli obblighi di legge")
    matrix = pd.DataFrame(
        [[SHORT_WORDS[row.verdicts[rule.id]] for rule in data.rules] for row in data.rows],
        index=[row.name for row in data.rows],
        columns=[rule.id for rule in data.rules],
    )
    colours = {SHORT_WORDS[v]: f"background-color: #{c}" for v, c in VERDICT_COLOURS.items()}
    st.dataframe(
        matrix.style.map(colours.get), width="stretch",
        column_config={
            "_index": st.column_config.TextColumn("Ente", width=190),
            **{
                rule.id: st.column_config.TextColumn(
                    short_title(rule.id, rule.title, catalogue()), help=rule.title, width=72
                )
                for rule in data.rules
            },
        },
    )  # fmt: skip
    st.caption(HEATMAP_LEGEND)


def corpus_page() -> None:
    """The store as a heatmap authorities × rules, per-rule counts and changes over time."""
    st.title("Quadro d'insieme")
    with store(database()) as opened:
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
    chosen_regions = st.multiselect(
        "Regione", regions, placeholder="Tutte le regioni", select_all=False
    )
    reports = [
        r
        for r in reports
        if not chosen_regions or (r.authority.region or "non indicata") in chosen_regions
    ]
    data = summarise(reports)
    provinces = data.provinces
    chosen = st.multiselect(
        "Provincia", provinces, placeholder="Tutte le province", select_all=False
    )
    # one filtered summary for the heatmap and the per-rule counts alike
    data = replaced(
        data, rows=[row for row in data.rows if not chosen or province_of(row) in chosen]
    )
    heatmap(data)
    counts = data.rule_counts()
    st.write("**Esiti per regola**")
    per_rule = pd.DataFrame(
        [[rule.title, *(counts[rule.id][v] for v in VERDICTS)] for rule in data.rules],
        columns=["Regola", *(VERDICT_WORDS[v] for v in VERDICTS)],
    )
    st.dataframe(per_rule, hide_index=True, width="stretch", height=full_height(per_rule))
    history = changes(stored)
    st.write("**Che cosa è cambiato tra due versioni dello statuto**")
    # said only when true: otherwise versions were compared and no verdict changed
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
    elif several_versions(stored):
        st.caption("Nessun esito è cambiato tra le versioni degli statuti verificati.")
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


def sign_in_box(area: DeltaGenerator) -> None:
    """The sign-in (password, or the identity provider) or who is signed in, in `area`.

    At the top right of every page, not in a sidebar: a sidebar takes 300 px a 1366 px screen
    needs for the heatmap, and on a phone it stays open over the page. The store decides on
    every run: an expired session, a disabled account or a sign-out elsewhere ends the
    member's access at once.
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
                area.error(exc.user_message)
    if token and account is None:
        st.session_state.pop("session", None)
        area.warning("La sessione è scaduta o è stata chiusa: accedere di nuovo.")
    st.session_state["session"] = token if account else None
    st.session_state["account"] = account
    if account:
        name, leave = area.columns([3, 1], vertical_alignment="center")
        name.text(f"{account.name}\nruolo: {account.role}")
        if leave.button("Esci"):
            with store() as opened:
                opened.close_session(token or "")
            st.session_state["session"] = st.session_state["account"] = None
            if oidc_configured() and st.user.is_logged_in:
                st.logout()
            st.rerun()
        return
    with area.popover("Accesso", width="stretch"):
        with st.form("sign-in"):
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
            st.button("Accedi con l'account dell'ente (OIDC)", on_click=st.login)
        st.caption(
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


def store_problem(path: Path) -> str | None:
    """Why `path` is not a results store, in Italian; None when it is one.

    Checked read-only before the app opens it: opening a store creates its tables, and the app
    must never write them into some other file.
    """
    if not path.is_file():
        log.warning("%s: no such results store", path)
        return f"Il file «{path}» non esiste."
    try:
        with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as db:
            (version,) = db.execute("PRAGMA user_version").fetchone()
            runs = db.execute("SELECT count(*) FROM sqlite_master WHERE name = 'runs'").fetchone()
    except sqlite3.DatabaseError as exc:
        log.warning("%s: not a results store: %s", path, exc)
        return f"Il file «{path}» non è un archivio dei risultati di statuti-check."
    if not runs[0]:
        log.warning("%s: SQLite without the store's tables", path)
        return f"Il file «{path}» non è un archivio dei risultati di statuti-check."
    if version != STORE_VERSION:
        log.warning("%s: store schema %s, expected %s", path, version, STORE_VERSION)
        return f"L'archivio «{path}» è stato creato da un'altra versione di statuti-check."
    return None


def settings_page() -> None:
    """Which results store the corpus view reads: the app's own, or one a bulk audit wrote.

    Only an administrator chooses (the path is a file on the server); accounts, uploads,
    reviews and the log stay in the app's own store whatever is chosen.
    """
    st.title("Impostazioni")
    account = member()
    if account is None or not can(account, "manage"):
        st.info(
            "Solo un'amministratrice può scegliere l'archivio dei risultati mostrato nel «Quadro "
            "d'insieme»."
        )
        return
    st.caption(f"Archivio in uso: {database()}")
    with st.form("settings"):
        path = st.text_input(
            "Archivio dei risultati (file SQLite)", value=str(database()),
            help="Il file scritto da una verifica di più statuti (statuti-check audit CARTELLA "
            "--out out scrive out/statuti.sqlite). Il «Quadro d'insieme» ne mostra i risultati; "
            "le verifiche caricate, le revisioni e gli account restano nell'archivio dell'app.",
        )  # fmt: skip
        if st.form_submit_button("Apri l'archivio"):
            chosen = Path(path.strip()).expanduser()
            if problem := store_problem(chosen):
                st.error(problem)
                return
            st.session_state["database"] = str(chosen)
            st.success(f"Archivio aperto: {chosen}. Il «Quadro d'insieme» ne mostra i risultati.")
    if "database" in st.session_state and st.button("Torna all'archivio predefinito"):
        del st.session_state["database"]
        st.rerun()


# Streamlit has no Italian for its own words (file uploader, "No results"): they are hidden and
# ours shown ("Stop" and the menus go with client.toolbarMode in .streamlit/config.toml). The
# rest lays the page out: the gaps list seen without scrolling at 1366×768, the rule marks the
# gaps list links to taking no room, the copy icon clear of the proposal's text, no table
# toolbar with English tooltips.
_DROPZONE = '[data-testid="stFileUploaderDropzone"]'
ITALIAN_WIDGETS = f"""<style>
.block-container {{ padding-top: 4rem; }}
[data-testid="stMetricValue"] {{ font-size: 1.75rem; }}
[data-testid="stElementContainer"]:has(.rule-anchor) {{ margin-bottom: -1rem; }}
.rule-anchor {{ display: block; scroll-margin-top: 4rem; }}
[data-testid="stCode"] pre {{ padding-right: 3rem; }}
[data-testid="stElementToolbar"] {{ display: none; }}
[role="option"][style*="display: contents"] > span {{ font-size: 0; }}
[role="option"][style*="display: contents"] > span::after {{
  content: "Nessun risultato"; font-size: 0.875rem; }}
{_DROPZONE} button [data-testid="stMarkdownContainer"] p {{ font-size: 0; }}
{_DROPZONE} button [data-testid="stMarkdownContainer"] p::after {{
  content: "Scegliere i file"; font-size: 0.875rem; }}
[data-testid="stFileUploaderDropzoneInstructions"] span {{ font-size: 0; }}
[data-testid="stFileUploaderDropzoneInstructions"] span::after {{
  content: "oppure trascinarli qui · al massimo {LIMITS.max_file_bytes // 1048576} MB ciascuno";
  font-size: 0.875rem; }}
</style>"""
# A "Dettagli" link of the gaps list scrolls to the rule's mark (the browser does) and opens the
# expander right after it, which no Streamlit call can do from a link. Our own script, no user text.
OPEN_DETAILS = """<script>
if (!window.statutiDetails) {
  window.statutiDetails = true;
  window.parent.document.addEventListener("click", (event) => {
    const link = event.target.closest('a[href^="#regola-"]');
    const mark = link && link.ownerDocument.getElementById(link.getAttribute("href").slice(1));
    const box = mark && mark.closest('[data-testid="stElementContainer"]');
    const next = box && box.nextElementSibling;
    const details = next && next.querySelector("details");
    if (details && !details.open) details.querySelector("summary").click();
  });
}
</script>"""


def main() -> None:
    """Page set-up, navigation and the last line of defence against tracebacks."""
    st.set_page_config(page_title="statuti-check", page_icon="⚖️", layout="wide")
    st.html(ITALIAN_WIDGETS)
    st.html(OPEN_DETAILS, unsafe_allow_javascript=True)
    workers_ready()
    pages = {
        "Verifica di uno statuto": check_page,
        "Quadro d'insieme": corpus_page,
        "Archivio delle verifiche": archive_page,
        "Impostazioni": settings_page,
    }
    # At the top of the page, not in a sidebar: on a phone a sidebar stays open over the page
    # after a choice.
    sections, access = st.columns([3, 1], vertical_alignment="center")
    choice = sections.radio("Sezione", list(pages), horizontal=True, label_visibility="collapsed")
    try:
        sign_in_box(access)
        pages[choice]()
    except InputError as exc:
        log.error(exc.log_message)
        st.error(markdown_text(exc.user_message))
    except Exception:
        log.exception("unexpected failure in the app")
        st.error(
            "Si è verificato un errore imprevisto. Il problema è stato registrato: riprovare o "
            "segnalarlo indicando l'ora."
        )
    st.caption(
        "statuti-check verifica le norme antidiscriminatorie e di pari opportunità negli "
        "statuti degli enti locali. L'esito automatico non sostituisce il parere degli uffici."
    )


# Streamlit runs this file as __main__; worker processes re-import it as __mp_main__ and must
# not lay out a page.
if __name__ == "__main__":
    main()
