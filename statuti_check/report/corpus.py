"""The corpus summary: many audits as one matrix of authorities × rules, ranked, and its CSV.

A provincial body reads it to see at a glance which statutes lack which norms; the ranking puts
first the authorities with most gaps on legal obligations, where a motion is most urgent.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass
from pathlib import PurePath

from statuti_check.contract import (
    GAPS,
    TYPE_LABELS,
    VERDICTS,
    Failure,
    Report,
    display_name,
    effective,
    verdict_counts,
)
from statuti_check.names import name_key
from statuti_check.numbers import plural
from statuti_check.report.common import compliance_score, csv_cell, file_label, unreadable


@dataclass(frozen=True)
class RuleColumn:
    """A rule as a column of the matrix."""

    id: str
    title: str
    kind: str


@dataclass(frozen=True)
class Row:
    """One authority's line of the matrix."""

    report: Report
    name: str
    verdicts: dict[str, str]
    obligation_gaps: int
    obligation_missing: int
    score: float | None
    note: str
    file: str  # the file name; with as many folders as tell two files of one name apart


@dataclass(frozen=True)
class CorpusSummary:
    """Rules in catalogue order, rows ranked by gaps on obligations, and the unread files."""

    rules: list[RuleColumn]
    rows: list[Row]
    failures: list[Failure]

    @property
    def provinces(self) -> list[str]:
        """Provinces present, sorted; authorities without one are grouped under "non indicata"."""
        return sorted({province_of(row) for row in self.rows})

    def rule_counts(self) -> dict[str, Counter[str]]:
        """How many authorities got each verdict, per rule."""
        counts: dict[str, Counter[str]] = {rule.id: Counter() for rule in self.rules}
        for row in self.rows:
            for rule_id, verdict in row.verdicts.items():
                counts[rule_id][verdict] += 1
        return counts


def province_of(row: Row) -> str:
    """The row's province, or "non indicata" (sheet and filter names need a value)."""
    return row.report.authority.province or "non indicata"


def row_note(report: Report) -> str:
    """Why a line deserves a look, the most pressing reason first.

    Unreadable text, an unknown or ambiguous name, no population, pages left unread, or text
    read by OCR (which may misread a word; it is read, so never "non leggibile").
    """
    authority, source = report.authority, report.source
    if unreadable(source):
        return (
            "testo non leggibile (documento scansionato, non letto con l'OCR): esiti da verificare"
        )
    if authority.candidates:
        return "nome ambiguo nell'elenco ISTAT: " + ", ".join(authority.candidates)
    if authority.name is None:
        opening = report.statute.opening
        return "ente non riconosciuto nel testo" + (
            f"; inizio del documento: «{opening}»" if opening else ""
        )
    if authority.population is None:
        return "popolazione non nota"
    if source.unread_pages:
        pages = plural(
            len(source.unread_pages), "pagina senza testo non letta", "pagine senza testo non lette"
        )
        return f"{pages}: alcuni esiti da verificare"
    if source.ocr_used:
        return "testo letto con il riconoscimento ottico (OCR): possibili errori di lettura"
    return ""


def file_labels(paths: list[str]) -> list[str]:
    """Each file's name, with just enough of its folders to tell apart files of one name.

    Summaries travel without the folders, yet two "statuto.pdf" from two comuni must not read
    as one: "modena/statuto.pdf" and "carpi/statuto.pdf".
    """
    parts = [PurePath(path.replace("\\", "/")).parts for path in paths]
    depth = [1] * len(paths)
    while True:
        labels = [
            "/".join(file_label(part) for part in p[-d:]) for p, d in zip(parts, depth, strict=True)
        ]
        counts = Counter(labels)
        clashing = [
            i for i, label in enumerate(labels) if counts[label] > 1 and depth[i] < len(parts[i])
        ]
        if not clashing:
            return labels
        for i in clashing:
            depth[i] += 1


def _row(report: Report, file: str) -> Row:
    obligations = [f for f in report.findings if f.kind == "obbligo"]
    return Row(
        report=report,
        name=display_name(report.authority)
        if report.authority.name
        else file_label(report.source.path),
        verdicts={f.rule_id: effective(f) for f in report.findings},
        obligation_gaps=sum(effective(f) in GAPS for f in obligations),
        obligation_missing=sum(effective(f) == "assente" for f in obligations),
        score=compliance_score(report),
        note=row_note(report),
        file=file,
    )


def summarise(reports: list[Report], failures: list[Failure] | None = None) -> CorpusSummary:
    """Rank authorities: most gaps on obligations first, then most missing norms, then name."""
    rules = [
        RuleColumn(f.rule_id, f.title, f.kind) for f in (reports[0].findings if reports else [])
    ]
    labels = file_labels([report.source.path for report in reports])
    rows = sorted(
        (_row(report, label) for report, label in zip(reports, labels, strict=True)),
        key=lambda row: (-row.obligation_gaps, -row.obligation_missing, row.name.casefold()),
    )
    return CorpusSummary(rules=rules, rows=rows, failures=list(failures or []))


def percent(score: float | None) -> int | None:
    """A score as a whole percentage; None (an empty cell) when no obligation applies."""
    return None if score is None else round(score * 100)


FIXED_COLUMNS = (
    "ente", "tipo", "provincia", "regione", "popolazione", "fonte_popolazione",
    "lacune_obblighi", "punteggio_obblighi", "file", "note",
)  # fmt: skip


FIXED_LABELS = {
    "ente": "Ente", "tipo": "Tipo", "provincia": "Provincia", "regione": "Regione",
    "popolazione": "Popolazione", "fonte_popolazione": "Fonte della popolazione",
    "lacune_obblighi": "Lacune negli obblighi", "punteggio_obblighi": "Punteggio obblighi (%)",
    "file": "File", "note": "Note",
}  # fmt: skip


def fixed_values(row: Row) -> dict[str, str | int | None]:
    """The row's values for FIXED_COLUMNS."""
    authority = row.report.authority
    return {
        "ente": row.name, "tipo": TYPE_LABELS.get(authority.type or "", authority.type),
        "provincia": authority.province,
        "regione": authority.region, "popolazione": authority.population,
        "fonte_popolazione": authority.population_source, "lacune_obblighi": row.obligation_gaps,
        "punteggio_obblighi": percent(row.score), "file": row.file, "note": row.note,
    }  # fmt: skip


def failure_values(failure: Failure) -> dict[str, str | int | None]:
    """An unread file's line: its name and the reason; every rule stays to be checked."""
    return {"file": file_label(failure.path), "note": f"file non letto: {failure.reason}"}


def render_csv(summary: CorpusSummary) -> str:
    """The matrix as CSV for spreadsheets set to Italian: ';' separated, verdicts as codes.

    Unread files are listed with every rule "da_verificare": nobody saw their text, so no gap
    may be claimed. No cell can start a formula (common.csv_cell). The caller writes it with a
    UTF-8 BOM ("utf-8-sig") so Excel shows accents.
    """
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow([csv_cell(name) for name in (*FIXED_COLUMNS, *(r.id for r in summary.rules))])
    lines = [(fixed_values(row), row.verdicts) for row in summary.rows] + [
        (failure_values(failure), {}) for failure in summary.failures
    ]
    for values, verdicts in lines:
        cells = [values.get(column) for column in FIXED_COLUMNS]
        cells += [verdicts.get(rule.id, "da_verificare") for rule in summary.rules]
        writer.writerow([csv_cell(cell) for cell in cells])
    return out.getvalue()


def verdict_totals(summary: CorpusSummary) -> dict[str, int]:
    """Findings per verdict across the corpus (for the summary's headline)."""
    totals: Counter[str] = Counter()
    for row in summary.rows:
        totals.update(verdict_counts(row.report.findings))
    return {verdict: totals.get(verdict, 0) for verdict in VERDICTS}


@dataclass(frozen=True)
class Change:
    """A rule whose verdict differs between two versions of one authority's statute."""

    authority: str
    rule: str
    before: str
    after: str
    before_file: str
    after_file: str


def _version_order(report: Report) -> tuple[str, str]:
    statute = report.statute
    return (statute.last_amended or statute.adopted or "", report.audit_date)


def _versions(reports: list[Report]) -> list[list[Report]]:
    """Reports grouped by authority (ISTAT code, else type and name), oldest version first.

    Versions are ordered by their last amendment (or adoption) date, then audit date. Reports of
    unrecognised authorities stay alone: nothing says two of them are the same authority.
    """
    groups: dict[str, list[Report]] = {}
    for index, report in enumerate(reports):
        authority = report.authority
        key = authority.istat_code or (name_key(authority.name) if authority.name else None)
        groups.setdefault(f"{authority.type}:{key}" if key else f"#{index}", []).append(report)
    return [sorted(versions, key=_version_order) for versions in groups.values()]


def latest_versions(reports: list[Report]) -> list[Report]:
    """Each authority once, by its newest statute version (the heatmap's rows)."""
    return [versions[-1] for versions in _versions(reports)]


def several_versions(reports: list[Report]) -> bool:
    """Whether any authority was audited on more than one version (file) of its statute."""
    return any(len({r.source.sha256 for r in versions}) > 1 for versions in _versions(reports))


def changes(reports: list[Report]) -> list[Change]:
    """For authorities audited on more than one version of their statute: what changed.

    The oldest version is compared with the newest, rule by rule, on the verdicts a council
    acts on (a reviewer's, where there is one).
    """
    found = []
    for versions in _versions(reports):
        first, last = versions[0], versions[-1]
        if first.source.sha256 == last.source.sha256:
            continue
        before = {f.rule_id: f for f in first.findings}
        for finding in last.findings:
            old = before.get(finding.rule_id)
            if old is not None and effective(old) != effective(finding):
                found.append(Change(
                    authority=display_name(last.authority), rule=finding.title,
                    before=effective(old), after=effective(finding),
                    before_file=file_label(first.source.path),
                    after_file=file_label(last.source.path),
                ))  # fmt: skip
    return found
