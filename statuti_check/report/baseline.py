"""The Province of Modena in March 2009 beside today's audits: where the conference started.

In 2009 the Conferenza delle Elette counted which of the 47 comuni had written the norm on both
sexes in the Giunta into their statute (statuti_check/data/README.md). Set against the audits
in the store, it shows which comuni have caught up since, and flags the ones whose audited
statute lacks a norm they were said to have adopted: the version audited may be the wrong one.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any, Literal, cast, get_args

import yaml

from statuti_check.contract import GAPS, VERDICT_WORDS, Report, Verdict, effective
from statuti_check.data import csv_rows, read_text
from statuti_check.report.common import file_label
from statuti_check.report.corpus import latest_versions

State = Literal[
    "statuto_modificato",
    "norma_generica",
    "odg_approvato_modifica_in_corso",
    "odg_non_approvato",
    "non_indicato",
]
STATE_WORDS: dict[State, str] = {
    "statuto_modificato": "statuto già modificato",
    "norma_generica": "solo una norma generica",
    "odg_approvato_modifica_in_corso": "ordine del giorno approvato, modifica in corso",
    "odg_non_approvato": "ordine del giorno non approvato",
    "non_indicato": "non indicato nel comunicato",
}
SOURCE = (
    "Stato degli statuti nel marzo 2009: Provincia di Modena, comunicato del 25 marzo 2009 "
    "«Bilancio della Conferenza delle elette di Modena – Già modificato lo statuto in 20 comuni "
    "virtuosi». Popolazione: fonte ISTAT, censimento 2011 (CC BY 3.0 IT)."
)
NOT_AUDITED = "non verificato"


@dataclass(frozen=True)
class Compared:
    """A rule of the catalogue set beside the 2009 release, and its column's heading."""

    id: str
    column: str


@cache
def _release() -> dict[str, Any]:
    """What the release counted and the rules compared with it (a data file, not code)."""
    loaded: dict[str, Any] = yaml.safe_load(read_text("modena_conferenza_elette_2009.yaml"))
    return loaded


@cache
def compared() -> tuple[Compared, ...]:
    """The rules compared, the release's own norm first."""
    return tuple(Compared(id=r["id"], column=r["column"]) for r in _release()["rules"])


def columns() -> tuple[str, ...]:
    """The comparison's headings: the comune, its 2009 state, one column per rule compared."""
    return (
        "Comune",
        "Abitanti (2011)",
        "Marzo 2009",
        *(rule.column for rule in compared()),
        "Che cosa significa",
        "Statuto verificato",
    )


@dataclass(frozen=True)
class Entry:
    """One comune as the 2009 release saw it."""

    istat_code: str
    name: str
    population: int
    state: State


@dataclass(frozen=True)
class Comparison:
    """One comune: its 2009 state, today's verdicts on the Giunta rules, and what that means."""

    entry: Entry
    verdicts: dict[str, Verdict]  # empty when no statute of the comune is in the store
    file: str | None
    note: str


def _state(value: str, comune: str) -> State:
    """The file is shipped with the package: an unknown state is a packaging bug."""
    if value not in get_args(State):
        raise ValueError(f"unknown 2009 state {value!r} for {comune}")
    return cast(State, value)


@cache
def entries() -> tuple[Entry, ...]:
    """The 47 comuni, read once per process."""
    return tuple(
        Entry(
            istat_code=row["codice_istat"],
            name=row["comune"],
            population=int(row["popolazione_2011"]),
            state=_state(row["stato_marzo_2009"], row["comune"]),
        )
        for row in csv_rows("modena_conferenza_elette_2009.csv")
    )


def _note(state: State, verdict: Verdict | None) -> str:
    """What the 2009 state and today's verdict together tell the conference."""
    if verdict is None:
        return "statuto non ancora verificato"
    if verdict == "conforme":
        modified = state == "statuto_modificato"
        return "norma presente, come nel 2009" if modified else "norma introdotta dopo il 2009"
    if state == "statuto_modificato" and verdict in GAPS:
        return "nel 2009 risultava modificato: controllare che sia verificata la versione vigente"
    return {
        "assente": "norma ancora da introdurre",
        "parziale": "norma da completare",
        "da_verificare": "esito da controllare a mano",
    }.get(verdict, "regola non applicabile")


def compare(reports: list[Report]) -> list[Comparison]:
    """Every comune of the 2009 list, with the newest audited statute of it (by ISTAT code).

    Of several versions of one statute the newest counts (corpus.latest_versions); the verdicts
    are those a council acts on, a reviewer's where a person checked the finding.
    """
    by_code = {
        r.authority.istat_code: r for r in latest_versions(reports) if r.authority.type == "comune"
    }
    ids = {rule.id for rule in compared()}
    own = compared()[0].id
    result = []
    for entry in entries():
        report = by_code.get(entry.istat_code)
        verdicts = (
            {f.rule_id: effective(f) for f in report.findings if f.rule_id in ids} if report else {}
        )
        result.append(
            Comparison(
                entry=entry,
                verdicts=verdicts,
                file=file_label(report.source.path) if report else None,
                note=_note(entry.state, verdicts.get(own)),
            )
        )
    return result


def headline(rows: list[Comparison]) -> str:
    """The comparison in one sentence, for the page and the workbook."""
    adopted = sum(row.entry.state == "statuto_modificato" for row in rows)
    audited = [row for row in rows if row.verdicts]
    present = sum(row.verdicts.get(compared()[0].id) == "conforme" for row in audited)
    then = (
        f"Nel marzo 2009 {adopted} comuni su {len(rows)} avevano già inserito nello statuto "
        f"{_release()['norm']}."
    )
    if not audited:
        return f"{then} Nessuno statuto di un comune modenese è stato ancora verificato qui."
    return f"{then} Comuni modenesi verificati qui: {len(audited)}; con la norma oggi: {present}."


def table(rows: list[Comparison]) -> list[tuple[str | int | None, ...]]:
    """One line per comune in the order of columns(), verdicts as words; audited comuni first."""
    ordered = sorted(rows, key=lambda row: not row.verdicts)  # stable: release order within
    return [
        (row.entry.name, row.entry.population, STATE_WORDS[row.entry.state],
         *(VERDICT_WORDS[row.verdicts[r.id]] if r.id in row.verdicts else NOT_AUDITED
           for r in compared()),
         row.note, row.file)
        for row in ordered
    ]  # fmt: skip
