"""Which share a unit states for the sexes of the rule's topic: the `quantity` fact.

quantities.py finds shares in a text and reads their value ("un terzo", "40 per cento"); this
module decides which of them is the floor for each sex of the rule's topic: near a mention of the
sexes or as the measure of a presence, nearer the topic than another body, and not a share of
anything else (an allowance, a quorum, posts given to others). Read once per unit for all its
clauses; docs/verdict-model.md#reading-a-unit, step 6.
"""

from __future__ import annotations

import re

from statuti_check.contract import Fact
from statuti_check.judge.catalogue import Rule
from statuti_check.judge.matching import EACH, Span, Unit
from statuti_check.judge.quantities import Share, binding_floor, reaches
from statuti_check.judge.sentences import inside
from statuti_check.judge.spans import ASIDE_WORDS, WORDS, one_phrase
from statuti_check.judge.topic import traps
from statuti_check.judge.whose import co_subjects, nearer_topic

# "in misura non inferiore al", "con una percentuale minima del", "per una quota non inferiore al",
# "secondo la proporzione minima del": a share that is the measure of a presence just named (not
# "con una quota di assessori esterni non superiore al": the measure of something else)
_MEASURE = re.compile(
    rf"\b(?:in|nella|con|per|secondo)\s+(?:una\s+|la\s+)?{WORDS.measure_nouns.pattern}"
    r"(?:\s+(?:minima|minimo|complessiva|non|inferiore|pari|almeno|ad?|al|alla|ai|del|della|dei"
    r"|degli|delle|di|il|lo|la|i|gli|le))*\s*$"
)
_MEASURE_WORDS = re.compile(  # (a comma too: "… vi siano rappresentati, per non meno del 40%")
    r"\s*(?:(?:in|nella|nel|con|per|secondo|una|un|il|lo|la|i|gli|le|l'|minima|minimo|non"
    r"|inferiore|meno|pari|almeno|ad?|ai|al|alla|del|della|dei|degli|delle|di|ciascuno|ciascuna"
    rf"|ognuno|{WORDS.measure_nouns.pattern}|{WORDS.share_bridge.pattern}"
    # the few phrases that join a measure to the sexes: "e maschile", "è assicurata", "in numero
    # non inferiore", ", a ciascuno dei quali deve essere attribuito"
    r"|(?:e|ed)\s+(?:maschile|femminile)|(?:è|sono)\s+(?:assicurata|garantita|riservat[oaie])"
    r"|in\s+numero\s+non\s+inferiore|e\s+riservando|(?:deve|devono)\s+essere\s+(?:presenti|pari)"
    r"|(?:deve|devono|dovranno)\s+essere(?=\s+(?:almeno|pari|non))"  # "devono essere almeno il 40%"
    r"|(?:vi\s+)?(?:sia|siano)\s+(?:rappresentat[oaie]|presenti)"
    r"|(?:è|sono|sia|siano|(?:deve|devono)\s+essere)\s+ciascun[oa]"
    r"|,?\s*(?:a|ad)\s+ciascun[oa]\s+(?:dei\s+quali|di\s+ess[ie])"
    r"(?:\s+(?:(?:deve|devono)\s+essere\s+|è\s+|sono\s+)?(?:attribuit|riservat)[oaie]"
    r"|\s+(?:spetta|spettano|va|vanno))?)\b\s*)*"
)
# an aside between the sexes and their share: "a componenti di sesso femminile, salva
# l'impossibilità da motivare, almeno un terzo dei posti"
_ASIDE = re.compile(rf",{ASIDE_WORDS},")
_ADDS = re.compile(r",\s*(?:nonché|e|ed|oltre|o|oppure)\b", re.IGNORECASE)
_BETWEEN_COMMAS = re.compile(rf",(?=({ASIDE_WORDS}),)")  # every aside, overlapping ones too
_PLACE_ASIDE = re.compile(r",\s*(?:in|nel|nello|nella|nei|negli|nelle|presso|per)\b", re.I)
# a pause crossed only when the share is given to each sex: "… vi siano rappresentati, per non meno
# del 40 per cento ciascuno", "… siano presenti, ciascuno, in numero non inferiore al 40 per cento"
# (not "… di entrambi i sessi, per almeno la metà consiglieri comunali")
_OF_EACH = re.compile(r"\s*\b(?:ciascun[oa]|ognun[oa])\b", re.IGNORECASE)
# What a composition share is of, or given to: seats, members, the sexes (a closed list; see
# _measures_else).
_SEATS = re.compile(WORDS.seats.pattern, re.IGNORECASE)
# an article, then determiners and possessives before the noun a share is of or given to
_DETERMINED = (
    r"(?:(?:il|lo|la|i|gli|le|tutti|tutte|relativi|relative|rispettivi|rispettive|suoi|sue|suo"
    r"|sua|propri|proprie|proprio|propria|loro)\b\s*|l')*"
)
_SHARE_OF = re.compile(
    rf"\s*(?:dell'|(?:di|del|della|dello|dei|degli|delle)\s+){_DETERMINED}(?P<what>\w+)",
    re.IGNORECASE,
)
_GIVEN_TO = re.compile(  # "… a consiglieri", "… è riservata a dirigenti", "… è scelto tra esperti"
    rf"(?:\s+(?:è|sono|viene|vengono|(?:deve|devono)\s+essere)\s+{WORDS.allocations.pattern})?"
    rf"\s*(?:all'|(?:a|ad|al|alla|allo|ai|agli|alle|tra|fra)\s+){_DETERMINED}"
    r"(?!(?:sensi|norma|termini)\b)(?P<who>\w+)",  # not "ai sensi della legge"
    re.IGNORECASE,
)
# a quorum or a vote in the share's phrase: "delibera con la presenza di almeno la metà", "le sue
# deliberazioni sono valide con l'intervento della metà dei componenti"
_QUORUM = re.compile(rf"\b{WORDS.quorum.pattern}\b[^,;:.()]*$", re.IGNORECASE)
SHARE_REACH = 150  # characters from words about the sexes within which a share is theirs


def topic_share(
    rule: Rule, unit: Unit, hits: dict[str, list[Span]], others: list[Span]
) -> Fact | None:
    """The lowest floor for each sex the unit states for the rule's topic (once per unit).

    "assicura la presenza di entrambi i sessi nella Giunta e, nelle nomine presso enti,
    riserva al genere meno rappresentato almeno il 40 per cento": the share stands nearer the
    nominations than the Giunta, so it is not the Giunta's.
    """
    if not rule.quantity:
        return None
    mentions = hits.get(rule.quantity.near, [])
    each = unit.hits.get(rule.id, {}).get(EACH, []) if rule.quantity.each else mentions
    trapped = traps(unit.text, unit.hits.get(rule.id, {}))  # "nelle liste dei candidati …"
    anchors = [span for a in rule.anchors for span in hits.get(a.name, [])]
    # a body named with the topic in one phrase shares its share ("delle commissioni consultive
    # e di quelle di concorso"), as does one joined to it as one subject ("La Giunta, al pari
    # degli altri organi collegiali, …"); one in another phrase has its own
    ends = [(a[1], co_subjects(unit.text, a, others)) for a in anchors]
    asides = [  # "…, salva l'impossibilità da motivare nell'atto di nomina, …" names no body of the
        # share; a place does (", nelle commissioni comunali, una presenza …")
        (m.start(), m.end(1) + 1)
        for m in _BETWEEN_COMMAS.finditer(unit.text)
        if not _PLACE_ASIDE.match(unit.text, m.start())
    ]
    others = [
        o
        for o in others
        if not any(one_phrase(unit.text, o, a) for a in anchors)
        and not any(start <= o[0] and o[1] <= end for start, end in ends)
        and not any(inside(o, aside) for aside in asides)
    ]

    def own(share: Share) -> bool:
        """Whether a share measures the sexes of the topic, not another quantity.

        It does when it stands near a mention of each sex, in one phrase with any mention of the
        sexes ("entrambi i sessi in misura non inferiore al 40 per cento"), or as the measure of a
        presence the sentence names ("… entrambi i sessi (e, ove possibile, in misura non
        inferiore al 40 per cento)"), and nearer the topic than another body. "La Giunta, che
        comprende entrambi i sessi, delibera con la presenza del 50 per cento dei componenti" is
        a quorum.
        """
        span = (share.start, share.end)
        measure = share.kind != "ceiling" and _MEASURE.search(
            unit.text, max(0, share.start - 45), share.start
        )
        theirs = any(
            reaches(share, m[0], SHARE_REACH) for m in [*each, *(mentions if measure else [])]
        )
        theirs = theirs or any(_measures(unit.text, m, share) for m in mentions)
        return (
            theirs
            and not any(inside(span, t) for t in trapped)
            and not _measures_else(unit.text, share)
            and (not anchors or nearer_topic(unit.text, span, anchors, others))
        )

    near = [start for start, _ in [*mentions, *each]]
    share = binding_floor(unit.text, near, SHARE_REACH, keep=own)
    if share is None:
        return None
    return Fact(fact="quantity", value=f"{share.value:.4f}", span=(share.start, share.end),
                pattern="quantities.binding_floor", text=share.text)  # fmt: skip


def _measures_else(text: str, share: Share) -> bool:
    """Whether a share measures something other than the seats of a body.

    A composition share is of seats, members or the sexes ("il 40 per cento dei componenti",
    "un terzo di donne"), or given to a sex ("riservando il 40 per cento dei posti al genere
    meno rappresentato"). Of anything else, or given to anyone else, it is another quantity ("un'
    indennità pari al 50 per cento di quella del Sindaco", "il 50 per cento dei posti a
    consiglieri comunali"), and so is a quorum or a majority ("delibera con la presenza della
    metà dei componenti", "con il voto della metà dei consiglieri").
    """
    of = _SHARE_OF.match(text, share.end)
    if of and not _SEATS.fullmatch(of.group("what")):
        return True
    given = _GIVEN_TO.match(text, of.end() if of else share.end)
    if given and not _SEATS.fullmatch(given.group("who")):
        return True
    return bool(_QUORUM.search(text, max(0, share.start - 80), share.start))


def _measures(text: str, mention: Span, share: Share) -> bool:
    """Whether a share is stated right with a mention of the sexes, as their measure.

    After the mention only words of measure may come between ("entrambi i sessi in misura non
    inferiore al 40 per cento"; not "di entrambi i sessi restano in carica per una quota del
    mandato pari al 50 per cento"), and a comma only for a share of each (see _OF_EACH); before
    it, one phrase ("almeno un terzo di donne").
    """
    if mention[1] <= share.start:
        gap = _ASIDE.sub(_unless_measured, text[mention[1] : share.start])
        each = _OF_EACH.search(gap) or _OF_EACH.match(text, share.end)
        return bool(_MEASURE_WORDS.fullmatch(gap.replace(",", " ") if each else gap))
    return mention[0] < share.end or one_phrase(text, mention, (share.start, share.end))


def _unless_measured(aside: re.Match[str]) -> str:
    """An aside between the sexes and their share, skipped unless it adds what the share measures.

    "a componenti di sesso femminile, salva l'impossibilità da motivare, almeno un terzo" keeps
    the share the women's; "entrambi i sessi, nonché assessori esterni, in numero non inferiore
    al 40 per cento" gives it to the external assessori.
    """
    words = aside.group()
    return words if _ADDS.match(words) or _SEATS.search(words) else " "
