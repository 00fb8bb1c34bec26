"""The Province of Modena in March 2009 beside today's audits (the corpus view's baseline)."""

from __future__ import annotations

from collections import Counter

from statuti_check.contract import Report, Review
from statuti_check.judge.catalogue import load_catalogue
from statuti_check.read.authority import comuni
from statuti_check.report.baseline import (
    NOT_AUDITED,
    compare,
    compared,
    entries,
    headline,
    table,
)
from statuti_check.report.corpus import latest_versions

COMPARED = [rule.id for rule in compared()]
OWN = COMPARED[0]  # the release's own norm


def test_the_rules_compared_are_data_and_in_the_catalogue():
    """The data file names the rules; a catalogue without one of them is a packaging error."""
    assert COMPARED and set(COMPARED) <= {rule.id for rule in load_catalogue().rules}


def with_verdict(
    report: Report, rule_id: str, verdict: str, review: Review | None = None
) -> Report:
    findings = [
        f.model_copy(update={"verdict": verdict, "review": review}) if f.rule_id == rule_id else f
        for f in report.findings
    ]
    return report.model_copy(update={"findings": findings})


def by_name(rows, name: str):
    return next(row for row in rows if row.entry.name == name)


def test_the_list_is_the_2009_release_of_47_comuni_with_istat_populations():
    istat = {c.istat_code: c for c in comuni()}
    assert len(entries()) == 47 == len({e.istat_code for e in entries()})
    assert (
        Counter(e.state for e in entries())["statuto_modificato"] == 20
    )  # "già modificato lo statuto in 20 comuni"
    for entry in entries():
        assert istat[entry.istat_code].province == "Modena"
        assert istat[entry.istat_code].population == entry.population


def test_every_comune_is_listed_and_audited_ones_carry_their_giunta_verdicts(corpus_reports):
    reports = latest_versions(corpus_reports)
    rows = compare(reports)
    assert [row.entry.name for row in rows] == [e.name for e in entries()]
    audited = {
        r.authority.istat_code: r for r in reports
        if r.authority.province == "Modena" and r.authority.type == "comune"
    }  # fmt: skip
    assert len(audited) == 7  # the Modena comuni among the samples
    for row in rows:
        report = audited.get(row.entry.istat_code)
        if report is None:
            assert row.verdicts == {} and row.note == "statuto non ancora verificato"
            continue
        expected = {f.rule_id: f.verdict for f in report.findings if f.rule_id in COMPARED}
        assert row.verdicts == expected and row.file == report.source.path.rsplit("/", 1)[-1]


def test_notes_read_the_2009_state_against_todays_verdict(corpus_reports):
    castelnuovo = next(r for r in corpus_reports if r.authority.name == "Castelnuovo Rangone")
    fanano = next(r for r in corpus_reports if r.authority.name == "Fanano")
    cases = [
        # modified by 2009 and still there
        (castelnuovo, "conforme", "Castelnuovo Rangone", "norma presente, come nel 2009"),
        # modified by 2009 but missing in the statute audited: the wrong version, or a loss
        (castelnuovo, "assente", "Castelnuovo Rangone", "nel 2009 risultava modificato"),
        # order of the day rejected in 2009, norm adopted since
        (fanano, "conforme", "Fanano", "norma introdotta dopo il 2009"),
        (fanano, "assente", "Fanano", "norma ancora da introdurre"),
        (fanano, "parziale", "Fanano", "norma da completare"),
        (fanano, "da_verificare", "Fanano", "esito da controllare a mano"),
    ]
    for report, verdict, name, note in cases:
        row = by_name(compare([with_verdict(report, OWN, verdict)]), name)
        assert row.note.startswith(note), (verdict, name, row.note)


def test_a_reviewers_verdict_is_the_one_compared(corpus_reports):
    fanano = next(r for r in corpus_reports if r.authority.name == "Fanano")
    review = Review(verdict="conforme", original_verdict="assente", author="Anna Rossi",
                    note="Norma approvata nel 2024.", created="2026-11-20T10:00:00+00:00")  # fmt: skip
    row = by_name(compare([with_verdict(fanano, OWN, "assente", review)]), "Fanano")
    assert row.verdicts[OWN] == "conforme"
    assert row.note == "norma introdotta dopo il 2009"


def test_only_comuni_are_matched(corpus_reports):
    bologna = next(r for r in corpus_reports if r.authority.type == "citta_metropolitana")
    rows = compare([bologna])
    assert Counter(row.note for row in rows) == {"statuto non ancora verificato": 47}


def test_the_headline_counts_then_and_now(corpus_reports):
    rows = compare(latest_versions(corpus_reports))
    present = sum(
        f.rule_id == OWN and f.verdict == "conforme"
        for r in corpus_reports if r.authority.province == "Modena" and r.authority.type == "comune"
        for f in r.findings
    )  # fmt: skip
    assert headline(rows).endswith(
        f"Comuni modenesi verificati qui: 7; con la norma oggi: {present}."
    )
    assert headline(compare([])).endswith(
        "Nessuno statuto di un comune modenese è stato ancora verificato qui."
    )


def test_the_table_puts_audited_comuni_first(corpus_reports):
    lines = table(compare(latest_versions(corpus_reports)))
    audited = [line for line in lines if line[3] != NOT_AUDITED]
    assert len(lines) == 47 and lines[: len(audited)] == audited and len(audited) == 7
    assert [line[0] for line in audited] == sorted(line[0] for line in audited)


def test_of_two_versions_of_a_statute_the_newest_is_compared(corpus_reports):
    sassuolo = next(r for r in corpus_reports if r.authority.name == "Sassuolo")
    statute = sassuolo.statute
    old = with_verdict(sassuolo, OWN, "conforme").model_copy(
        update={"statute": statute.model_copy(update={"last_amended": "2005-01-01"})}
    )
    new = with_verdict(sassuolo, OWN, "assente").model_copy(
        update={"statute": statute.model_copy(update={"last_amended": "2020-01-01"})}
    )
    for order in ([old, new], [new, old]):
        row = by_name(compare(order), "Sassuolo")
        assert row.verdicts[OWN] == "assente"
