"""Whether a norm is taken back outside its sentence: the `escape` fact.

A proviso, a negation or an aim elsewhere in the unit, or in another comma of the same article,
takes a binding norm back when it speaks of it: a back reference beside it ("quanto previsto dal
comma 1") or a derogation with no other target ("il Sindaco può derogare"). The article is read
after every unit of it has been read (`with_escapes`), so this step stands apart from the reading
of one clause (facts.py); facts.py also asks it whether a proviso's derogation is denied or aimed
at its own norm. docs/verdict-model.md#facts, the `escape` row.
"""

from __future__ import annotations

import re

from statuti_check.contract import Fact
from statuti_check.judge.catalogue import Catalogue, Rule
from statuti_check.judge.constructions import Construction
from statuti_check.judge.levels import Reading, level_of
from statuti_check.judge.matching import GLOBAL, Span, Unit
from statuti_check.judge.sentences import Found
from statuti_check.judge.spans import WORDS, construction_hits, distance, one_phrase


def with_escapes(rule: Rule, reading: Reading, units: list[Unit], catalogue: Catalogue) -> Reading:
    """A binding norm that its article takes back elsewhere binds no more.

    "1. Nella Giunta è garantita la presenza di entrambi i sessi. 2. Il Sindaco può derogare al
    comma 1": a proviso or a negation in another comma of the article counts when it says what
    it takes back: it points back to a norm ("quanto previsto dal comma 1") or it is a
    derogation. A comma that only speaks of the same topic with a proviso of its own ("di
    norma") qualifies itself, not the norm.
    """
    if reading.level != "full" or reading.unit.article is None:
        return reading
    found = [
        escape(c, span, unit.quoted)
        for unit in units
        if unit.article is reading.unit.article and unit.comma is not reading.unit.comma
        for c, span in escapes_in(rule, unit, catalogue)
    ]
    if not found:
        return reading
    facts = [*reading.facts, *found[:1]]
    return Reading(reading.unit, tuple(facts), level_of(rule, facts, catalogue))


def escapes_in(rule: Rule, unit: Unit, catalogue: Catalogue) -> list[Found]:
    """The provisos, negations and aims of a unit that take back a norm said elsewhere.

    Each must speak of the norm: a back reference right beside it, with no comma between ("ove
    la garanzia di cui al comma 1 non possa essere assicurata", "il comma 1 si applica ove
    possibile", "per le consulte di frazione il rispetto del comma 1 è raccomandato"), or a
    derogation that names no other target ("il Sindaco può derogare", not "in deroga
    all'articolo 28"). "Il Vicesindaco, nominato ai sensi del comma 1, non è tenuto a essere
    consigliere" takes nothing back. An aim takes the norm back only with the norm as its subject,
    before it ("l'osservanza del comma 1 è auspicata"); with the norm as its object it carries the
    norm out ("al fine di garantire quanto previsto dal comma 1, il Sindaco …").
    """
    shared = unit.hits.get(GLOBAL, {})
    back = [span for _, span in construction_hits(catalogue, shared, "back_reference")]
    allowed = catalogue.accepted_provisos(rule)  # the law's own proviso takes nothing back
    return [
        (c, span)
        for c, span in construction_hits(catalogue, shared, "proviso", "negation", "aim")
        if c.id not in allowed
        and not denied(unit.text, (c, span))
        and (
            any(
                _beside(unit.text, span, other)
                and (c.kind != "aim" or other[1] <= span[0] or _its_subject(unit.text, span, other))
                for other in back
            )
            or (c.names_its_norm and own_target(unit.text, span, back))
        )
    ]


_REACH_BACK = 30  # characters between a back reference and the proviso or negation it carries
_TARGET = re.compile(r"\s+(?:all'|(?:alla|alle|allo|agli|ad|al|ai|a)\b)", re.IGNORECASE)
_OWN = re.compile(
    r"\s*(?:quanto\s+previsto\s+)?(?:dal\s+|nel\s+)?(?:comma|commi|precedente)\b", re.I
)


# the norm named right after an aim in the passive or impersonal, as its subject: "è auspicato il
# rispetto del comma 1", "si raccomanda l'osservanza del comma 1" (not the object of an active verb:
# "per assicurare l'attuazione del comma 1", "il Sindaco promuove l'applicazione del comma 1")
_ONLY_ARTICLE = re.compile(r"\s*(?:(?:il|lo|la|i|gli|le)\s+|l')", re.IGNORECASE)
_PASSIVE = re.compile(r"(?:[aiu]t[oaie]|[ai]bil[ei])$", re.IGNORECASE)
_IMPERSONAL = re.compile(r"\bsi\s+$", re.IGNORECASE)


def _its_subject(text: str, span: Span, other: Span) -> bool:
    """A back reference right after a passive or impersonal aim, only an article between."""
    between = _ONLY_ARTICLE.match(text, span[1])
    return (
        between is not None
        and between.end() == other[0]
        and bool(_PASSIVE.search(text, *span) or _IMPERSONAL.search(text, 0, span[0]))
    )


def _beside(text: str, span: Span, other: Span) -> bool:
    """Two spans a few words apart in one phrase."""
    return distance([span], [other]) <= _REACH_BACK and one_phrase(text, span, other)


def own_target(text: str, span: Span, back: list[Span]) -> bool:
    """A derogation with no target of its own, or one whose target points back to a norm."""
    target = _TARGET.match(text, span[1])
    if target is None:
        return True
    return bool(_OWN.match(text, target.end())) or any(_beside(text, span, b) for b in back)


# what opens a dependent clause, whose negation is its own ("il Sindaco che non trovi …")
_SUBORDINATOR = r"(?:che|se|qualora|ove|cui|quando|purché)\b"
_DEPENDENT = re.compile(rf"\b{_SUBORDINATOR}\s+$", re.IGNORECASE)
# A derogation the text itself rules out: "non sono ammesse deroghe", "senza deroghe",
# "nessuna deroga è consentita", "non è derogabile" bind harder, they take nothing back. The
# denial may stand a few words before, within the phrase: "in nessun caso la Giunta comunale può".
_DENIAL = re.compile(
    rf"\b{WORDS.negators.pattern}\b"
    rf"(?:\s+(?!{_SUBORDINATOR})[^\s,;:]+){{0,5}}\s*$",  # not across "… che non …"
    re.I,
)


def denied(text: str, found: Found) -> bool:
    """Whether a derogation is denied by the words right before it.

    Not by a negation of a dependent clause: "Il Sindaco che non trovi donne disponibili può
    derogare" still derogates.
    """
    construction, span = found
    before = text[max(0, span[0] - 40) : span[0]]
    denial = _DENIAL.search(before) if construction.names_its_norm else None
    return denial is not None and not _DEPENDENT.search(before, 0, denial.start())


def escape(construction: Construction, span: Span, text: str) -> Fact:
    """A taking-back said outside the norm's sentence: its words, with no place in the quote."""
    return Fact(
        fact="escape", value=construction.id, pattern=f"construction:{construction.id}",
        text=text[span[0] : span[1]],
    )  # fmt: skip
