"""From a gap report to the amendments of a draft council resolution, checked by re-audit.

For each chosen rule the rule's proposal is placed where the structure says the topic lives:

1. a weak or negated clause (`parziale`, or `assente` because the statute denies the norm) has
   its sentence replaced ("le parole «…» sono sostituite dalle seguenti: «…»");
2. otherwise the proposal becomes a new comma after the comma the audit pointed to (the article
   that treats the topic, "Dove inserire la norma" in the reports), or at the end of an article
   whose heading names the topic;
3. otherwise it goes, with the other proposals that have no place of their own, into a new
   article after the article of general principles.

Existing articles and commi are never renumbered: a new comma after comma 3 is "3-bis" (or
"3-ter" when "3-bis" exists), one after the last comma takes the next number, a new article
after article 5 is "5-bis". Each placement is kept only if the amended statute, parsed and
audited again, makes the rule `conforme` and leaves no other verdict worse; a rule already
satisfied by an earlier amendment gets none of its own. `self_check` repeats the whole test on
the final list; a draft that fails it is never offered.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import date

from statuti_check.act.draft import (
    Amendment,
    AmendmentKind,
    Draft,
    DraftRule,
    NewComma,
    RuleCheck,
    Run,
    SelfCheck,
    SynopsisRow,
    display_number,
)
from statuti_check.act.procedure import procedure_for
from statuti_check.contract import (
    GAPS,
    Evidence,
    Finding,
    Report,
    Verdict,
    effective,
)
from statuti_check.errors import InputError
from statuti_check.judge.audit import _matcher, audit_parsed
from statuti_check.judge.catalogue import Catalogue
from statuti_check.judge.constructions import NO_CONSTRUCTION
from statuti_check.read.model import Article, Comma, Document, Page, ParsedStatute, Statute
from statuti_check.read.nonbody import SUFFIXES, article_key
from statuti_check.read.structure import parse_statute

log = logging.getLogger(__name__)

# How much worse a verdict is, for "no other verdict may get worse"
_RANK: dict[Verdict, int] = {
    "conforme": 0,
    "non_applicabile": 0,
    "parziale": 1,
    "da_verificare": 2,
    "assente": 3,
}
# Facts of the best passage whose words locate the sentence to replace, most telling first.
_LOCATING_FACTS = ("negation", "proviso", "modality", "quantity", "limit", "partial", "requirement")
_ORDINALS = ("primo", "secondo", "terzo", "quarto", "quinto", "sesto", "settimo", "ottavo",
             "nono", "decimo", "undicesimo", "dodicesimo", "tredicesimo", "quattordicesimo",
             "quindicesimo", "sedicesimo", "diciassettesimo", "diciottesimo", "diciannovesimo",
             "ventesimo")  # fmt: skip
_PRINCIPLES_HEADING = re.compile(r"princip|finalit|valori|obiettiv", re.IGNORECASE)
# A sentence ends at a full stop or semicolon before a capital: "art. 6", "n. 267", "D.Lgs. 267"
# and the clauses after a semicolon stay inside their sentence.
_SENTENCE_END = re.compile(r"(?<=[.;])\s+(?=[A-ZÀ-Ý«\"“])")
NEW_ARTICLE_HEADING = "Pari opportunità e non discriminazione"


class DraftError(InputError):
    """A draft that cannot be written for this statute (no structure, unknown rules …)."""


@dataclass(frozen=True)
class _Placement:
    """Where one rule's proposal goes, before numbering (indices into the parsed statute)."""

    rule_id: str
    kind: AmendmentKind
    article: int
    comma: int | None  # the comma replaced in, or inserted after (None: at the article's end)
    text: str
    old: str | None = None  # replaced words, as in the comma's text
    span: tuple[int, int] | None = None  # their offsets in the statute's text
    alone: bool = False  # a new article of its own, shared with no other rule


def default_rules(report: Report) -> list[str]:
    """The legal obligations with gaps: what a draft includes unless told otherwise."""
    return [f.rule_id for f in report.findings if f.kind == "obbligo" and _draftable(f)]


def _draftable(finding: Finding) -> bool:
    return effective(finding) in GAPS and finding.proposal is not None


def draftable_rules(report: Report) -> list[Finding]:
    """The findings a member may include: every gap with a proposal."""
    return [f for f in report.findings if _draftable(f)]


def _ordinal(position: int) -> str:
    return _ORDINALS[position - 1] if position <= len(_ORDINALS) else f"{position}°"


# ---------------------------------------------------------------------------------------------
# Placing each rule


def _article_index(statute: Statute, number: str | None) -> int | None:
    return next((i for i, a in enumerate(statute.articles) if a.number == number), None)


def _comma_index(article: Article, evidence: Evidence) -> int | None:
    """The comma the evidence quotes: by number, or by its words where commi are unnumbered."""
    if evidence.comma is not None:
        return next((i for i, c in enumerate(article.commi) if c.number == evidence.comma), None)
    words = evidence.quote.strip("…").strip()[:60]
    return next((i for i, c in enumerate(article.commi) if words and words in c.text), None)


def _words_pattern(words: str) -> re.Pattern[str]:
    """The words as they may be laid out in the statute's text (reflowed lines, hyphens kept)."""
    parts = [re.escape(part).replace("'", r"'\s*") for part in words.split()]
    return re.compile(r"\s+".join(parts))


def _sentence(comma: Comma, finding: Finding) -> str | None:
    """The sentence of the comma that holds the weak wording, without its closing mark.

    Only a whole sentence starting with a capital is replaced (a proposal is one); a sentence
    inside a list of lettere is left alone, and the proposal goes in a comma of its own.
    """
    marker = next(
        (
            fact.text
            for name in _LOCATING_FACTS
            for fact in finding.trace
            if fact.fact == name and fact.text and fact.value != NO_CONSTRUCTION
        ),
        None,
    )
    if not marker:
        return None
    for sentence in _SENTENCE_END.split(comma.text):
        if marker.lower() in sentence.lower():
            words = sentence.rstrip(".;:, ")
            return words if words[:1].isupper() and "\n" not in words else None
    return None


def _replacement(statute: Statute, text: str, finding: Finding, proposal: str) -> _Placement | None:
    """Replacing the weak sentence the audit quoted, where it can be found whole."""
    if not finding.evidence or finding.evidence[0].letter:
        return None
    evidence = finding.evidence[0]
    index = _article_index(statute, evidence.article)
    if index is None:
        return None
    article = statute.articles[index]
    position = _comma_index(article, evidence)
    if position is None:
        return None
    comma = article.commi[position]
    old = _sentence(comma, finding)
    found = _words_pattern(old).search(text, comma.start, comma.end) if old else None
    if not old or not found:
        return None
    return _Placement(
        finding.rule_id, "replace_words", index, position, proposal.rstrip(". "), old,
        (found.start(), found.end()),
    )  # fmt: skip


def _heading_article(statute: Statute, finding: Finding, catalogue: Catalogue) -> int | None:
    """The first article whose heading names the rule's topic ("Partecipazione popolare")."""
    rule = catalogue.rule(finding.rule_id)
    anchors = {component.name for component in rule.anchors}
    hits = _matcher(catalogue).hits([a.heading or "" for a in statute.articles])
    return next((i for i, found in enumerate(hits) if anchors & set(found.get(rule.id, {}))), None)


def _principles_article(statute: Statute) -> int:
    """Where a new article goes: after the article of general principles, else the first."""
    return next(
        (i for i, a in enumerate(statute.articles) if _PRINCIPLES_HEADING.search(a.heading or "")),
        0,
    )


def _candidates(
    statute: Statute, text: str, finding: Finding, catalogue: Catalogue, proposal: str
) -> list[_Placement]:
    """Where the rule's proposal may go, best first."""
    rule_id, candidates = finding.rule_id, []
    weak = effective(finding) == "parziale" or any(f.fact == "negation" for f in finding.trace)
    if weak and (replacement := _replacement(statute, text, finding, proposal)):
        candidates.append(replacement)
    evidence = finding.evidence[0] if finding.evidence else None
    index = _article_index(statute, evidence.article) if evidence else None
    if evidence and index is not None:
        position = _comma_index(statute.articles[index], evidence)
        candidates.append(_Placement(rule_id, "insert_comma", index, position, proposal))
    heading = _heading_article(statute, finding, catalogue)
    if heading is not None and heading != index:
        commi = statute.articles[heading].commi
        last = len(commi) - 1 if commi else None
        candidates.append(_Placement(rule_id, "insert_comma", heading, last, proposal))
    # A rule judged on whole articles can be spoilt by a neighbour's words (a limit, a proviso
    # said elsewhere in the article): then it gets an article of its own.
    principles = _principles_article(statute)
    candidates += [
        _Placement(rule_id, "insert_article", principles, None, proposal),
        _Placement(rule_id, "insert_article", principles, None, proposal, alone=True),
    ]
    return candidates


# ---------------------------------------------------------------------------------------------
# Numbering and wording the amendments


def _next_free(numbers: list[str], after: int) -> tuple[int, list[str]]:
    """Where new items go after item `after` and their numbers, colliding with none.

    Items sharing the base number of `after` ("3", "3 bis") stay together: the new ones follow
    the last of them with the next suffix; after the very last item they take the next integer.
    """
    base, suffix = article_key(numbers[after])
    while after + 1 < len(numbers) and article_key(numbers[after + 1])[0] == base:
        after += 1
        suffix = article_key(numbers[after])[1]
    if after == len(numbers) - 1:
        return after, [str(base + k) for k in range(1, len(SUFFIXES) + 1)]
    return after, [f"{base} {name}" for name in SUFFIXES[suffix:]]


def _numbered(commi: list[Comma]) -> bool:
    return bool(commi) and all(c.number is not None for c in commi)


def _insert_commi(
    statute: Statute, index: int, position: int | None, group: list[_Placement]
) -> tuple[int | None, list[NewComma], int]:
    """The comma the new ones follow, the new commi numbered, and the offset where they go."""
    article = statute.articles[index]
    commi = article.commi
    if position is None or not commi:
        position = len(commi) - 1 if commi else None
    if position is None:
        return (
            None,
            [NewComma(number=None, text=p.text, rule_id=p.rule_id) for p in group],
            (article.end),
        )
    if not _numbered(commi):
        new = [NewComma(number=None, text=p.text, rule_id=p.rule_id) for p in group]
        return position, new, commi[position].end
    position, numbers = _next_free([c.number or "" for c in commi], position)
    new = [
        NewComma(number=number, text=p.text, rule_id=p.rule_id)
        for number, p in zip(numbers, group, strict=False)
    ]
    return position, new, commi[position].end


def _comma_words(article: Article, position: int) -> str:
    """The comma named as amendments do: "il comma 3", or "il terzo comma" if unnumbered."""
    comma = article.commi[position]
    if comma.number is not None:
        return f"il comma {display_number(comma.number)}"
    return f"il {_ordinal(position + 1)} comma"


def _insert_formula(article: Article, position: int | None, count: int) -> str:
    at_end = position is None or position == len(article.commi) - 1
    verb = (
        ("è aggiunto il seguente" if count == 1 else "sono aggiunti i seguenti")
        if at_end
        else ("è inserito il seguente" if count == 1 else "sono inseriti i seguenti")
    )
    if position is None:
        noun = "comma" if count == 1 else "commi"
        return f"All'articolo {display_number(article.number)} {verb} {noun}:"
    return (
        f"All'articolo {display_number(article.number)}, dopo "
        f"{_comma_words(article, position)}, {verb}:"
    )


def _replace_formula(article: Article, position: int) -> str:
    comma = article.commi[position]
    where = (
        f"Al comma {display_number(comma.number)}"
        if comma.number is not None
        else f"Al {_ordinal(position + 1)} comma"
    )
    return f"{where} dell'articolo {display_number(article.number)}, le parole"


def _new_article_number(statute: Statute, index: int, earlier: int) -> tuple[int, str, str]:
    """The article a new one follows (its index), the new number, and the number it follows.

    The `earlier`-th new article after the same place follows the one before it ("1-ter"
    after "1-bis").
    """
    index, numbers = _next_free([a.number for a in statute.articles], index)
    follows = numbers[earlier - 1] if earlier else statute.articles[index].number
    return index, numbers[earlier], follows


def _compose(
    statute: Statute, placements: list[_Placement], findings: dict[str, Finding]
) -> list[Amendment]:
    """Numbered, worded amendments in the statute's order, one per place."""
    groups: dict[tuple[str, int, int | str | None], list[_Placement]] = {}
    for placement in sorted(placements, key=lambda p: p.alone):
        key: tuple[str, int, int | str | None]
        key = (placement.kind, placement.article, placement.comma)
        if placement.kind == "replace_words":  # one per replaced sentence
            key = (placement.kind, placement.article, placement.span[0] if placement.span else 0)
        elif placement.kind == "insert_comma" and placement.comma is None:
            commi = statute.articles[placement.article].commi
            key = (placement.kind, placement.article, len(commi) - 1 if commi else None)
        elif placement.alone:
            key = (placement.kind, placement.article, placement.rule_id)
        groups.setdefault(key, []).append(placement)
    new_articles: dict[int, int] = {}  # new articles already numbered after each article
    drafts = []
    for group in groups.values():
        follows = group[0].article
        drafts.append(_amendment(statute, group, findings, new_articles.get(follows, 0)))
        if group[0].kind == "insert_article":
            new_articles[follows] = new_articles.get(follows, 0) + 1
    drafts.sort(key=_text_order)
    return [a.model_copy(update={"number": n}) for n, a in enumerate(drafts, start=1)]


_KIND_ORDER: dict[str, int] = {"replace_words": 0, "insert_comma": 1, "insert_article": 2}


def _text_order(amendment: Amendment) -> tuple[int, int, tuple[int, int]]:
    """Where an amendment's text goes: at one offset a new comma precedes a new article."""
    article = article_key(amendment.new_article) if amendment.new_article else (0, 0)
    return amendment.start, _KIND_ORDER[amendment.kind], article


def _cited(group: list[_Placement], findings: dict[str, Finding]) -> list[str]:
    return list(dict.fromkeys(c for p in group for c in findings[p.rule_id].legal_basis))


def _amendment(
    statute: Statute, group: list[_Placement], findings: dict[str, Finding], earlier: int = 0
) -> Amendment:
    """The amendment for one place; `earlier` new articles already follow the same article."""
    first = group[0]
    article = statute.articles[first.article]
    common = {"number": 0, "rule_ids": [p.rule_id for p in group],
              "citations": _cited(group, findings)}  # fmt: skip
    if first.kind == "replace_words" and first.comma is not None and first.span:
        comma = article.commi[first.comma]
        return Amendment(
            kind="replace_words", article=article.number, comma=comma.number,
            comma_position=first.comma + 1, old_words=first.old, new_words=first.text,
            formula=_replace_formula(article, first.comma), start=first.span[0],
            end=first.span[1], **common,
        )  # fmt: skip
    if first.kind == "insert_article":
        index, number, follows = _new_article_number(statute, first.article, earlier)
        heading = _new_heading(group, findings)
        after = statute.articles[index]
        numbered = _numbered(after.commi) or not after.commi  # as the statute writes its commi
        new = [
            NewComma(number=str(k) if numbered else None, text=p.text, rule_id=p.rule_id)
            for k, p in enumerate(group, start=1)
        ]
        verb = "è aggiunto" if index == len(statute.articles) - 1 else "è inserito"
        return Amendment(
            kind="insert_article", article=after.number, new_article=number,
            new_heading=heading, commi=new,
            formula=f"Dopo l'articolo {display_number(follows)} {verb} il seguente:",
            start=after.end, end=after.end, **common,
        )  # fmt: skip
    position, new, offset = _insert_commi(statute, first.article, first.comma, group)
    return Amendment(
        kind="insert_comma", article=article.number,
        comma=article.commi[position].number if position is not None else None,
        comma_position=position + 1 if position is not None else None, commi=new,
        formula=_insert_formula(article, position, len(new)), start=offset, end=offset,
        **common,
    )  # fmt: skip


def _new_heading(group: list[_Placement], findings: dict[str, Finding]) -> str:
    """A new article's heading: the rule's title when it holds one norm, else the general one."""
    return findings[group[0].rule_id].title if len(group) == 1 else NEW_ARTICLE_HEADING


# ---------------------------------------------------------------------------------------------
# Applying and checking


def _with_number(comma: NewComma) -> str:
    return (f"{display_number(comma.number)}. " if comma.number else "") + comma.text


def _inserted_text(amendment: Amendment) -> str:
    """What an insertion adds to the statute's text, laid out as the parser reads statutes."""
    commi = [_with_number(c) for c in amendment.commi]
    # unnumbered commi are paragraphs: a blank line keeps each apart
    glue = "\n" if all(c.number for c in amendment.commi) else "\n\n"
    if amendment.kind == "insert_article":
        number = display_number(amendment.new_article or "")
        return f"\n\nArt. {number} – {amendment.new_heading}\n" + glue.join(commi) + "\n"
    return "".join(glue + comma for comma in commi)


def amended_text(text: str, amendments: list[Amendment]) -> str:
    """The statute's text with the amendments applied (offsets of the original text)."""
    for amendment in sorted(amendments, key=_text_order, reverse=True):
        insert = (
            amendment.new_words or ""
            if amendment.kind == "replace_words"
            else _inserted_text(amendment)
        )
        text = text[: amendment.start] + insert + text[amendment.end :]
    return text


def reaudit(
    parsed: ParsedStatute, report: Report, amendments: list[Amendment], catalogue: Catalogue
) -> Report:
    """The amended statute parsed and audited again, as of the report's date."""
    text = amended_text(parsed.document.text, amendments)
    source = parsed.document.source.model_copy(update={"pages": 1, "paginated": False})
    document = Document(source=source, pages=[Page(number=1, text=text)])
    amended = ParsedStatute(
        document=document, statute=parse_statute(document), authority=report.authority
    )
    on = date.fromisoformat(report.audit_date)
    return audit_parsed(amended, catalogue, report.authority, on)


def _checks(report: Report, after: Report) -> list[RuleCheck]:
    verdicts = {f.rule_id: f.verdict for f in after.findings}
    return [
        RuleCheck(rule_id=f.rule_id, before=f.verdict, after=verdicts.get(f.rule_id, "assente"))
        for f in report.findings
    ]


def _problems(checks: list[RuleCheck], included: list[str]) -> list[str]:
    problems = []
    for check in checks:
        if check.rule_id in included and check.after != "conforme":
            problems.append(
                f"«{check.rule_id}»: dopo le modifiche l'esito sarebbe {check.after}, non conforme."
            )
        elif check.rule_id not in included and _RANK[check.after] > _RANK[check.before]:
            problems.append(
                f"«{check.rule_id}»: le modifiche peggiorerebbero l'esito da {check.before} "
                f"a {check.after}."
            )
    return problems


def self_check(
    parsed: ParsedStatute,
    report: Report,
    amendments: list[Amendment],
    included: list[str],
    catalogue: Catalogue,
) -> SelfCheck:
    """Apply, re-parse, re-audit: every included rule `conforme`, no other verdict worse."""
    checks = _checks(report, reaudit(parsed, report, amendments, catalogue))
    problems = _problems(checks, included)
    return SelfCheck(passed=not problems, rules=checks, problems=problems)


# ---------------------------------------------------------------------------------------------
# The draft


def _chosen(report: Report, include: list[str] | None, catalogue: Catalogue) -> list[Finding]:
    """The findings to draft, in catalogue order; a rule that is no gap is refused."""
    wanted = default_rules(report) if include is None else include
    by_id = {f.rule_id: f for f in report.findings}
    unknown = [rule for rule in wanted if rule not in by_id]
    if unknown:
        raise DraftError(
            f"Regole sconosciute: {', '.join(unknown)} (vedi: statuti-check rules list).",
            f"unknown rules in --include: {unknown}",
        )
    closed = [rule for rule in wanted if not _draftable(by_id[rule])]
    if closed:
        raise DraftError(
            f"Queste regole non presentano lacune da colmare: {', '.join(closed)}.",
            f"rules without a gap to draft: {closed}",
        )
    return [f for f in report.findings if f.rule_id in wanted]


def _place(
    parsed: ParsedStatute, report: Report, chosen: list[Finding], catalogue: Catalogue
) -> tuple[list[_Placement], list[str]]:
    """Each rule's placement, the first that re-audits well; rules no placement satisfies."""
    statute, text = parsed.statute, parsed.document.text
    findings = {f.rule_id: f for f in report.findings}
    kept: list[_Placement] = []
    failed: list[str] = []
    done: list[str] = []  # rules the amendments so far satisfy
    for finding in chosen:
        current = _compose(statute, kept, findings)
        if kept and not _problems(
            _checks(report, reaudit(parsed, report, current, catalogue)), [*done, finding.rule_id]
        ):
            done.append(finding.rule_id)  # an earlier amendment already satisfies this rule
            continue
        proposal = finding.proposal or ""
        for candidate in _candidates(statute, text, finding, catalogue, proposal):
            if _overlaps(candidate, kept):
                continue
            trial = _compose(statute, [*kept, candidate], findings)
            checks = _checks(report, reaudit(parsed, report, trial, catalogue))
            if not _problems(checks, [*done, finding.rule_id]):
                kept.append(candidate)
                done.append(finding.rule_id)
                break
            log.debug("placement %s %s rejected: %s", finding.rule_id, candidate.kind,
                      _problems(checks, [*done, finding.rule_id]))  # fmt: skip
        else:
            failed.append(finding.rule_id)
            log.warning("no placement of %s re-audits as conforme", finding.rule_id)
    return kept, failed


def _overlaps(candidate: _Placement, kept: list[_Placement]) -> bool:
    """Whether a replacement touches words another replacement already rewrites."""
    if candidate.span is None:
        return False
    start, end = candidate.span
    return any(p.span and p.span[0] < end and start < p.span[1] for p in kept)


def build_draft(
    parsed: ParsedStatute,
    report: Report,
    catalogue: Catalogue,
    include: list[str] | None = None,
) -> Draft:
    """The draft resolution for the chosen gaps (default: the legal obligations with gaps).

    Raises DraftError when the statute has no articles to amend or no rule is chosen. The
    draft's `check` says whether the amended statute passes the re-audit; callers offer a
    draft only when it does.
    """
    if not parsed.statute.articles:
        raise DraftError(
            "Lo statuto non è stato suddiviso in articoli: non è possibile collocare le "
            "modifiche. Verificare che il file contenga il testo dello statuto.",
            "draft requested for a statute without articles",
        )
    chosen = _chosen(report, include, catalogue)
    if not chosen:
        raise DraftError(
            "Nessuna lacuna scelta: la proposta di deliberazione non avrebbe contenuto.",
            "draft requested with no rule to include",
        )
    placements, failed = _place(parsed, report, chosen, catalogue)
    findings = {f.rule_id: f for f in report.findings}
    amendments = _compose(parsed.statute, placements, findings)
    included = [f.rule_id for f in chosen]
    check = self_check(parsed, report, amendments, included, catalogue)
    if failed and check.passed:  # cannot happen: a failed rule is not conforme after
        check = check.model_copy(update={"passed": False})
    return Draft(
        authority=report.authority,
        statute=report.statute,
        acts=parsed.statute.front_matter.acts,
        source=report.source.path,
        audit_date=report.audit_date,
        procedure=procedure_for(report.authority.type),
        rules=[_draft_rule(f, amendments) for f in chosen],
        amendments=amendments,
        synopsis=synopsis(parsed.statute, amendments),
        check=check,
    )


def _draft_rule(finding: Finding, amendments: list[Amendment]) -> DraftRule:
    return DraftRule(
        rule_id=finding.rule_id,
        title=finding.title,
        kind=finding.kind,
        verdict=effective(finding),
        reason=finding.reason,
        legal_basis=finding.legal_basis,
        amendments=[a.number for a in amendments if finding.rule_id in a.rule_ids],
    )


# ---------------------------------------------------------------------------------------------
# Testo a fronte


def _heading_line(article: Article) -> str:
    return f"Art. {display_number(article.number)}" + (
        f" – {article.heading}" if article.heading else ""
    )


def _comma_runs(comma: Comma, replaced: Amendment | None, side: str) -> list[Run]:
    prefix = f"{display_number(comma.number)}. " if comma.number else ""
    if replaced is None or not replaced.old_words or replaced.old_words not in comma.text:
        return [Run(text=prefix + comma.text)]
    before, _, after = comma.text.partition(replaced.old_words)
    changed = (
        Run(text=replaced.old_words, style="deleted")
        if side == "in_force"
        else Run(text=replaced.new_words or "", style="inserted")
    )
    return [Run(text=prefix + before), changed, Run(text=after)]


def _new_comma_runs(comma: NewComma) -> list[Run]:
    prefix = f"{display_number(comma.number)}. " if comma.number else ""
    return [Run(text=prefix + comma.text, style="inserted")]


def _article_row(article: Article, amendments: list[Amendment]) -> SynopsisRow:
    in_force: list[list[Run]] = [[Run(text=_heading_line(article))]]
    proposed: list[list[Run]] = [[Run(text=_heading_line(article))]]
    inserts = [a for a in amendments if a.kind == "insert_comma"]
    for position, comma in enumerate(article.commi, start=1):
        replaced = next(
            (a for a in amendments if a.kind == "replace_words" and a.comma_position == position),
            None,
        )
        in_force.append(_comma_runs(comma, replaced, "in_force"))
        proposed.append(_comma_runs(comma, replaced, "proposed"))
        for amendment in inserts:
            if amendment.comma_position == position:
                proposed += [_new_comma_runs(c) for c in amendment.commi]
    for amendment in inserts:
        if amendment.comma_position is None:
            proposed += [_new_comma_runs(c) for c in amendment.commi]
    return SynopsisRow(article=article.number, in_force=in_force, proposed=proposed)


def _new_article_row(amendment: Amendment) -> SynopsisRow:
    number = amendment.new_article or ""
    heading = f"Art. {display_number(number)} – {amendment.new_heading}"
    proposed = [[Run(text=heading, style="inserted")]]
    proposed += [_new_comma_runs(c) for c in amendment.commi]  # numbered as the statute does
    return SynopsisRow(
        article=number, in_force=[[Run(text="(articolo di nuova introduzione)")]], proposed=proposed
    )


def synopsis(statute: Statute, amendments: list[Amendment]) -> list[SynopsisRow]:
    """The testo a fronte: every article an amendment touches, and every new article, in order."""
    rows = []
    for article in statute.articles:
        touching = [a for a in amendments if a.article == article.number]
        changed = [a for a in touching if a.kind != "insert_article"]
        if changed:
            rows.append(_article_row(article, changed))
        rows += [_new_article_row(a) for a in touching if a.kind == "insert_article"]
    return rows
