"""How one unit of a statute reads against one rule: structured facts, then a level.

`read_unit` collects facts (the topic, the required words, the construction that governs them,
provisos, negations, limits, a quantity), each with its span and the pattern or construction
that found it; `level_of` decides from those facts alone. The Italian reason is written from the
same facts afterwards (assessment.py), so no decision ever depends on the wording of a message.

A wrong `conforme` hides a gap, so the default is turned around: a complete clause is `full` only
when the construction governing its required words is one the rule accepts (rules/
_constructions.yaml); an aim, an unknown verb or no verb at all leave it `weak`.

The facts, the levels and their order: docs/verdict-model.md#facts and #levels.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from itertools import accumulate
from typing import Literal

from statuti_check.contract import Fact, FactKind
from statuti_check.judge.catalogue import Catalogue, Component, Rule
from statuti_check.judge.constructions import MODAL_KINDS, NO_CONSTRUCTION, Construction
from statuti_check.judge.matching import CONSTRUCTION, EACH, EXCLUDE, GLOBAL, OTHERS, Span, Unit
from statuti_check.judge.quantities import SHARE_START, Share, binding_floor, reaches
from statuti_check.judge.sentences import (
    ARTICLE,
    NOMINAL,
    Found,
    clause_of,
    governing,
    inside,
    item_of,
    predicate_of,
    sentence_of,
)
from statuti_check.judge.vocabulary import vocabulary

_WORDS = vocabulary()

Level = Literal["full", "low_quantity", "weak", "partial", "negated", "anchor"]
LEVELS: tuple[Level, ...] = ("full", "low_quantity", "weak", "partial", "negated", "anchor")
EXCEPTION_REACH = 30  # characters after "fatta eccezione per" within which a body is excepted
# "in misura non inferiore al", "con una percentuale minima del", "per una quota non inferiore al",
# "secondo la proporzione minima del": a share that is the measure of a presence just named (not
# "con una quota di assessori esterni non superiore al": the measure of something else)
_MEASURE = re.compile(
    rf"\b(?:in|nella|con|per|secondo)\s+(?:una\s+|la\s+)?{_WORDS.measure_nouns.pattern}"
    r"(?:\s+(?:minima|minimo|complessiva|non|inferiore|pari|almeno|ad?|al|alla|ai|del|della|dei"
    r"|degli|delle|di|il|lo|la|i|gli|le))*\s*$"
)
_MEASURE_WORDS = re.compile(  # (a comma too: "… vi siano rappresentati, per non meno del 40%")
    r"\s*(?:(?:in|nella|nel|con|per|secondo|una|un|il|lo|la|i|gli|le|l'|minima|minimo|non"
    r"|inferiore|meno|pari|almeno|ad?|ai|al|alla|del|della|dei|degli|delle|di|ciascuno|ciascuna"
    rf"|ognuno|{_WORDS.measure_nouns.pattern}|{_WORDS.share_bridge.pattern}"
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
_ASIDE_WORDS = r"[^,;:.()]{1,80}"  # the words of an aside between two commas (one width for all)
_ASIDE = re.compile(rf",{_ASIDE_WORDS},")
_ADDS = re.compile(r",\s*(?:nonché|e|ed|oltre|o|oppure)\b", re.IGNORECASE)
_BETWEEN_COMMAS = re.compile(rf",(?=({_ASIDE_WORDS}),)")  # every aside, overlapping ones too
_PLACE_ASIDE = re.compile(r",\s*(?:in|nel|nello|nella|nei|negli|nelle|presso|per)\b", re.I)
# a pause crossed only when the share is given to each sex: "… vi siano rappresentati, per non meno
# del 40 per cento ciascuno", "… siano presenti, ciascuno, in numero non inferiore al 40 per cento"
# (not "… di entrambi i sessi, per almeno la metà consiglieri comunali")
_OF_EACH = re.compile(r"\s*\b(?:ciascun[oa]|ognun[oa])\b", re.IGNORECASE)
_ARTICLE_OR_PREPOSITION = (
    r"(?:il|lo|la|i|gli|le|l'|un|una|uno|in|nel|nello|nella|nei|negli|nelle|del|dello|della|dei"
    r"|degli|delle|dell')\b"
)
# a limit word right after the widening word qualifies it: "tutte le attività sportive", "tutte
# le attività educative e sportive", "tutte le attività, sportive e ricreative", "tutti i settori
# del personale", "le politiche comunali in materia di sport" (not "tutte le politiche e
# l'organizzazione degli uffici": a conjunction before an article or a preposition opens another
# item)
_NARROWS = re.compile(
    r"\s*,\s*|\s+(?:(?:di|del|della|dello|dei|degli|delle|dell'|per|a\s+favore\s+d\w+"
    r"|rivolt[aei]\s+a\w*|in\s+(?:materia|tema)\s+di|nel\s+(?:campo|settore)\s+d\w*)\s*)?"
    rf"(?:(?!(?:e|ed)\s+{_ARTICLE_OR_PREPOSITION})[\w']+\s+){{0,3}}?"
)
# A widening word with a complement of its own names a field, not the whole ("tutte le attività di
# formazione"), unless the complement is the authority's action or the life of the community: the
# closed list of wide complements ("ogni ambito della vita sociale", "tutte le attività di
# competenza del Comune", "ogni settore di intervento").
_FIELD = re.compile(rf"\b{_WORDS.field_nouns.pattern}$", re.IGNORECASE)
_NARROWED = re.compile(
    r"\s+(?:dell'|(?:di|del|della|dello|dei|degli|delle)\b)\s*"
    rf"(?!(?:propri[oaie]|sua|suo|sue|suoi|{_WORDS.wide_complements.pattern})\b)\w",
    re.IGNORECASE,
)
# whom a guarantee is for: "ai dipendenti", "per il personale", "a favore dei"
_DATIVE = re.compile(
    r"\b(?:a|ad|al|allo|alla|ai|agli|alle|all'|per|verso|nei\s+confronti\s+d\w+|a\s+favore\s+d\w+)"
    r"\s*(?:\w+\s+){0,2}$",
    re.IGNORECASE,
)
_LATER_ITEM = re.compile(r"(?:\s*,\s*|\s+(?:e|ed)\s+)[^,;:.()]{0,30}")
# the next item of a list: "nella scuola e nella società", "del lavoro e della vita sociale"
_ITEMS = r"(?:nella|nel|nello|nei|negli|nelle|della|del|dei|degli|delle|di|in|a|ad|ogni)\s+"
_ITEM_PREPOSITION = re.compile(_ITEMS)
_NEXT_ITEM = re.compile(  # … or a later one: "nel lavoro, nella famiglia e nella vita sociale"
    rf"(?:[^,;:.()]{{0,15}}?(?:\s*,\s*|\s+(?:e|ed)\s+)(?:e\s+)?(?:{_ITEMS})+){{1,4}}"
)
# What a composition share is of, or given to: seats, members, the sexes (a closed list; see
# _measures_else).
_SEATS = re.compile(_WORDS.seats.pattern, re.IGNORECASE)
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
    rf"(?:\s+(?:è|sono|viene|vengono|(?:deve|devono)\s+essere)\s+{_WORDS.allocations.pattern})?"
    rf"\s*(?:all'|(?:a|ad|al|alla|allo|ai|agli|alle|tra|fra)\s+){_DETERMINED}"
    r"(?!(?:sensi|norma|termini)\b)(?P<who>\w+)",  # not "ai sensi della legge"
    re.IGNORECASE,
)
# a quorum or a vote in the share's phrase: "delibera con la presenza di almeno la metà", "le sue
# deliberazioni sono valide con l'intervento della metà dei componenti"
_QUORUM = re.compile(rf"\b{_WORDS.quorum.pattern}\b[^,;:.()]*$", re.IGNORECASE)
SHARE_REACH = 150  # characters from words about the sexes within which a share is theirs
_NAME_GAP = 10  # characters between two mentions of the topic that continue one name
OTHERS_REACH = 30  # characters after a body within which "delle associazioni" makes it theirs
_NO_BREAK = re.compile(r"[^,;:()]*")  # an exception reaches its body only within one phrase
# the topic's own words, then an exception: "Le consulte comunali, eccetto", "…, con esclusione"
_TOPIC_THEN = re.compile(r"(?:\s+[\w']+){0,2}\s*,\s*(?:(?:fatta|fatte|fatto|fatti|ad|con|a)\s+)?")
_PHRASE_END = re.compile(r"[^,;:.()]{0,80}")
_FIXED = re.compile(  # "quelli composti esclusivamente da membri di diritto"
    r"\bcompost[oaie]\s+(?:(?:esclusivamente|unicamente|soltanto|solo)\s+)?da\s+(?:[\w']+\s+){0,2}?"
    rf"{_WORDS.fixed_membership.pattern}\b",
    re.IGNORECASE,
)
# A sentence that refers back to the topic of the one before ("La Giunta è composta … Essa …").
_ANAPHORA = re.compile(r"\b(?:essa|esso|essi|esse|suddett[oaie]|predett[oaie])\b", re.IGNORECASE)


@dataclass(frozen=True)
class Reading:
    """The facts of one unit for one rule, and the level they decide."""

    unit: Unit
    facts: tuple[Fact, ...]
    level: Level

    @property
    def spans(self) -> list[Span]:
        """The words to mark in the quote: every fact with a span."""
        return sorted({fact.span for fact in self.facts if fact.span})

    def of(self, kind: FactKind) -> list[Fact]:
        """The facts of one kind."""
        return [fact for fact in self.facts if fact.fact == kind]


def _distance(spans: list[Span], targets: list[Span]) -> float:
    """Characters between the closest pair of spans (0 when they overlap)."""
    return min(
        (max(0, s - e2, s2 - e) for s, e in spans for s2, e2 in targets), default=float("inf")
    )


def _fact(kind: FactKind, value: str, span: Span, pattern: str, text: str) -> Fact:
    """A fact with the words it was found in."""
    return Fact(fact=kind, value=value, span=span, pattern=pattern, text=text[span[0] : span[1]])


def _component_facts(
    kind: FactKind, rule: Rule, components: list[Component], hits: dict[str, list[Span]], text: str
) -> list[Fact]:
    """One fact per component found: its first mention."""
    return [
        _fact(kind, c.name, span, f"{rule.id}/{c.name}", text)
        for c in components
        for span in hits.get(c.name, [])[:1]
    ]


def _construction_hits(
    catalogue: Catalogue, shared: dict[str, list[Span]], *kinds: str
) -> list[Found]:
    """Every construction of these kinds found in a unit, with its span."""
    return [
        (construction, span)
        for construction in catalogue.constructions.constructions
        if construction.kind in kinds
        for span in shared.get(CONSTRUCTION + construction.id, [])
    ]


def _unexcepted(
    text: str, anchors: dict[str, list[Span]], exceptions: list[Found], others: list[Span]
) -> dict[str, list[Span]]:
    """Anchor spans that no exception names and that are the authority's own bodies.

    "fatta eccezione per la Giunta" and "la Giunta esclusa" take the Giunta out of a clause (an
    exception before its body reaches it only within one phrase: "Ad esclusione della Giunta,
    gli organi collegiali …" still binds the collegial bodies); "gli organi collegiali delle
    associazioni" and "i propri consigli di amministrazione" are someone else's bodies.
    """

    def foreign(span: Span) -> bool:
        return any(start < span[1] + OTHERS_REACH and span[0] < end for start, end in others)

    return {
        name: spans
        for name, all_spans in anchors.items()
        if (
            spans := [s for s in all_spans if not _excepted(text, s, exceptions) and not foreign(s)]
        )
    }


def _excepted(text: str, span: Span, exceptions: list[Found]) -> bool:
    """Whether an exception names the body at span (see _unexcepted)."""
    return any(
        (
            construction.position == "before"
            and 0 <= span[0] - end <= EXCEPTION_REACH
            and _NO_BREAK.fullmatch(text, end, span[0])
        )
        or (construction.position == "after" and 0 <= start - span[1] <= 3)
        for construction, (start, end) in exceptions
    )


def _near_anchors(
    rule: Rule, hits: dict[str, list[Span]], titled: bool, text: str
) -> dict[str, list[Span]]:
    """Hits of the other components kept only within `rule.window` characters of an anchor.

    "La Giunta è composta da sei assessori. … Il Comune promuove la parità tra donne e uomini
    nella vita sociale" mentions both, but the second sentence is not about the Giunta. A
    parenthesis is an aside and is not counted ("nomina gli assessori (anche al di fuori dei
    componenti del Consiglio, …) assicurando …").
    """
    if titled or rule.window is None:
        return hits
    anchor_names = {a.name for a in rule.anchors}
    aside = _without_asides(text)
    anchors = sorted({aside(s) for name in anchor_names for s in hits.get(name, [])})
    kept = {}
    for name, spans in hits.items():
        near = (
            spans
            if name in anchor_names
            else [s for s in spans if _distance([aside(s)], anchors) <= rule.window]
        )
        if near:
            kept[name] = near
    return kept


_PARENTHESIS = re.compile(r"\([^()]{1,400}\)")
_WORD = re.compile(r"\w")
_RELATIVE_OPENING = r"che|cui|il quale|la quale|i quali|le quali"
_RELATIVE = re.compile(rf",\s*(?:{_RELATIVE_OPENING})\b[^,;:()]{{1,160}},")
# an aside that describes the subject or names a partner, not the clause's field: a relative
# clause, a collaboration ("Il Comune, che gestisce i servizi scolastici, …", ", con la
# collaborazione del Comitato unico di garanzia del personale,"); not a role (", in qualità di
# datore di lavoro," confines the principle to employment)
_DESCRIBES = re.compile(
    rf",\s*(?:{_RELATIVE_OPENING}|{_WORDS.partners.pattern})\b[^,;:()]{{1,160}},",
    re.IGNORECASE,
)
# The authority and its organs as the subject a clause's commitment needs (see _foreign_subjects).
_AUTHORITIES = rf"{_WORDS.authorities.pattern}\b"
_AUTHORITY = re.compile(rf"\b{_AUTHORITIES}")
# the authority joined to a body as one subject: "Le associazioni e il Comune perseguono"
_JOINT = re.compile(rf"\b(?:e|ed|con|insieme\s+al?)\s+(?:(?:il|la|lo|l')\s*)?{_AUTHORITIES}")
# What may open a sentence before its subject: a number or lettera, an article, and a partner
# joined to it ("2. La Giunta", "b) il Consiglio", "Il Sindaco e gli assessori").
_SUBJECT = re.compile(
    r"(?:[\W\d_]|\b[a-z]\))*(?:(?i:il|la|lo|l'|i|gli|le)\s*)?"
    r"(?:[A-Z]\w+\s+(?:e|ed)\s+(?:(?:il|la|lo|l'|i|gli|le)\s*)?)?",
)
_THEIR_VERB = re.compile(rf"\b(?:{_RELATIVE_OPENING})\s+\S+$", re.I)  # a relative's own verb
# a verb that makes the subject what is described: "è composta", "sono nominati", "viene eletta"
_PASSIVE = re.compile(r"\b(?:è|sono|viene|vengono|sia|siano|venga|vengano|resta|restano)\b")
# the body as the place of the required words: "entrambi i sessi nelle commissioni"
# a relative clause set between commas, after a preposition too ("…, alla quale devono …,")
_RELATIVE_ASIDE = re.compile(r",\s*(?:\w+\s+)?(?:che|cui|quale|quali)\b[^,;:()]{1,200},", re.I)
_PLACE = re.compile(
    r"[^,;:.()]{0,25}?\b(?:in|nel|nello|nella|nell'|nei|negli|nelle|presso|all'interno\s+d\w+)\s*"
)
# a body joined to the topic as one more subject: "La Giunta e le commissioni", "come ogni altro
# organo" (the body itself follows the conjunction; not "La Giunta e il Sindaco nominano le …")
_BESIDE = re.compile(
    r"[\s,]*(?:(?:comunale|comunali|provinciale|provinciali)[\s,]+)?"
    r"(?:(?:e|ed|nonché|come|così\s+come|al\s+pari\s+d\w*|analogamente\s+a\w*)\s+(?:[\w']+\s+){0,3}?"
    # "La Giunta, le commissioni e le consulte sono …", "La Giunta, organo collegiale, è …"
    r"|(?<=,)\s*(?:(?:il|la|lo|i|gli|le|l')\s*)?)",
    re.IGNORECASE,
)
# a body included in what the subject names: "Le nomine, compresi i componenti delle commissioni, …"
_INCLUDED = re.compile(rf"\b{_WORDS.inclusions.pattern}\b[^,;:.()]{{0,60}}$", re.IGNORECASE)
# … and the list going on: ", delle consulte", "e degli altri organi" (articles, prepositions and
# determiners only: ", designano i rappresentanti" is a verb and its object)
_LIST_ON = re.compile(
    r"\s*(?:,|e|ed|nonché)\s+(?:(?:il|lo|la|i|gli|le|l'|di|del|dello|della|dei|degli|delle|dell'"
    r"|nel|nello|nella|nei|negli|nelle|nell'|altri|altre|altro|altra|ogni|tutti|tutte|suoi|sue"
    r"|propri|proprie)\s*){0,2}",
    re.IGNORECASE,
)
_OWN_INSIDE = re.compile(r"\b(?:al\s+proprio|al\s+suo)\s+interno\b", re.IGNORECASE)
_AGENT_AFTER = re.compile(  # "… e la Giunta ne prende atto", "…, su proposta dell'assessore"
    rf"(?:\b(?:e|ed|mentre|ma)\s+{ARTICLE}"
    rf"|\b{_WORDS.procedures.pattern}"
    r"\s+(?:\w+\s+){0,2}?(?:del|dello|della|dell'|dei|degli|delle|il|lo|la|l')?\s*)$",
    re.IGNORECASE,
)
_SHARED_PLACE = re.compile(  # the topic's inside as one of the places: "… come nelle commissioni"
    r"\s*,?\s*(?:(?:come|così\s+come)\s|(?:e|ed|nonché)\s+(?:anche\s+)?(?:in|nel|nella|nei|negli|nelle)\b)",
    re.IGNORECASE,
)
# a limit added or stressed, not confining: "anche nella", "con particolare riguardo ai", "non
# solo nel"
_ADDED = re.compile(
    # "specie" alone stresses unless it is the noun ("una specie di")
    rf"(?:\b(?:{_WORDS.stress.pattern}|specie(?!\s+d[ie]\b|\s+d'))"
    rf"|(?:,\s*|\b(?:e|ed)\s+){_WORDS.stress_adverbs.pattern}"
    rf"|,\s*anche|,\s*{_WORDS.inclusions.pattern}"  # ", compreso l'accesso agli impieghi"
    r"|\bnon\s+(?:solo|soltanto|solamente))\b,?"  # "e, in particolare, assicura …"
    r"(?!\s+(?:esclusivamente|solo|soltanto|unicamente)\b)[^.;:,]{0,60}$",
    re.IGNORECASE,
)
_BACK = re.compile(
    r"\b(?:in|a|per|da)\s+(?:esso|essa|essi|esse)\b|\bivi\b|\ba\s+tal\s+fine\b", re.I
)
# a gerund after the principle, past a comma, says how it is pursued: its object is a means, not
# the principle's field ("… pari opportunità tra donne e uomini, garantendo la presenza di
# entrambi i sessi nella Giunta"); so is what is done "a tal fine"
_MEANS = re.compile(
    r"[^.;:()]*(?:,\s*(?:anche\s+)?(?!quando\b)[a-zà-ù]+(?:ando|endo)(?:si|lo|la|li|le|ne)?"
    # … or what is done for it: "… e, a tal fine, adotta il piano per il proprio personale"
    rf"|\b{_WORDS.purposes.pattern})\b",
    re.IGNORECASE,
)
# another principle in the verb's list of objects, with a field of its own: "assicura l'effettiva
# parità tra uomo e donna, pari opportunità lavorative, pari dignità" (not ", nel lavoro": a
# complement; not ", il Sindaco attribuisce …": another clause)
_PRINCIPLE = re.compile(rf"\b{_WORDS.principle_words.pattern}\b", re.IGNORECASE)
_NEW_OBJECT = re.compile(
    rf",\s*(?:e\s+)?(?:(?:la|le|l')\s*)?{_WORDS.principle_words.pattern}\b[^,;:.()]*$",
    re.IGNORECASE,
)
# what follows the whole principle and is no field of it: another object or predicate joined by
# "e" ("… e la partecipazione delle donne al lavoro", "… e ne riferisce al Consiglio con una
# relazione della Giunta"), a relative clause on how it is pursued ("…, che sostiene anche
# attraverso le società"); not a bare "anche" ("anche ai propri dipendenti" is the only field)
_ANOTHER = re.compile(
    rf"(?:\s*,?\s*(?:e|ed|nonché)\s+(?:{ARTICLE}|(?:ne|vi|ci|si)\s+[a-zà-ù]+)"
    rf"|\s*,\s*(?:{_RELATIVE_OPENING})\b)[^;:.()]*$",
    re.IGNORECASE,
)
_COORDINATED = re.compile(r"\b(?:e|ed)\s+(?:(?:si|ne|ci|vi|lo|la|li|le)\s+){0,2}$", re.IGNORECASE)
# a clitic before the governing verb points back to the earlier object: "valorizza lo sport e vi
# garantisce la parità", "valorizza il personale e ne assicura la parità"
_CLITIC_BACK = re.compile(r"\b(?:vi|ne|ci)\s+$", re.IGNORECASE)
# a list of victims going on: " e sulle donne", ", sulle donne e sui minori", " e nei confronti
# delle donne", " e quella contro le donne" (the violence named again by its pronoun)
_VICTIMS = r"(?:sui|sugli|sulle|sul|sullo|contro|verso|delle|dei|degli|di|nei\s+confronti\s+d\w+)"
_LIST_GOES_ON = re.compile(
    rf"(?:\s*,?\s*(?:e|ed)?\s*(?:quell[ae]\s+)?{_VICTIMS}\s+(?:[\w']+\s*){{1,2}}?)+",
    re.IGNORECASE,
)
# … or beginning before the other victims: "delle donne e dei minori vittime di violenza" (the women
# themselves, not "le donne imprenditrici e i minori vittime di violenza")
_LIST_BEFORE = re.compile(rf"[\w']+(?:,\s*|\s+(?:e|ed)\s+)(?:{_VICTIMS}\s+|(?:i|gli|le)\s+)?", re.I)
_AGENT = re.compile(r"\b(?:da|dal|dallo|dalla|dall'|dai|dagli|dalle)\s*$", re.IGNORECASE)
_PARTICIPLE = re.compile(r"[a-zà-ù]+(?:at|it|ut)[oaie]\b", re.IGNORECASE)


def _without_asides(text: str) -> Callable[[Span], Span]:
    """Maps a span to offsets in the text with its parentheses taken out (see _near_anchors)."""
    cuts = [(m.start(), m.end()) for m in _PARENTHESIS.finditer(text)]
    ends = [end for _, end in cuts]
    removed = list(accumulate(end - start for start, end in cuts))

    def shift(offset: int) -> int:
        done = bisect_right(ends, offset)
        before = removed[done - 1] if done else 0
        if done < len(cuts) and cuts[done][0] < offset:  # inside a parenthesis: its start
            return cuts[done][0] - before
        return offset - before

    return lambda span: (shift(span[0]), shift(span[1]))


def _cores(
    text: str,
    required: list[Span],
    anchors: list[Span],
    titled: bool,
    others: list[Span],
    bodies: list[Span] | None,
    verbs: list[Span],
) -> list[Span]:
    """The mentions of the required words that make a clause: one per sentence, nearest the topic.

    "garantisce la presenza di entrambi i sessi negli organi collegiali e la promuove nella
    Giunta": within a sentence the mention nearest the topic is the Giunta's. The topic must be
    in the sentence ("La Giunta è nominata dal Sindaco. Le commissioni sono composte da membri
    di entrambi i sessi" says nothing of the Giunta), or in the one before when this one refers
    back to it ("Essa …") or names no other topic (`others`: "1. La Giunta è composta da sei
    assessori. 2. Nessuno dei due generi può avere meno di due quinti dei componenti"), or in
    the article's heading.
    """
    topical = {sentence_of(text, span) for span in anchors}
    elsewhere = {sentence_of(text, span) for span in others}
    by_sentence: dict[Span, list[Span]] = {}
    for span in required:
        sentence = sentence_of(text, span)
        previous = sentence_of(text, (sentence[0] - 1, sentence[0] - 1)) if sentence[0] else None
        implicit = sentence not in elsewhere or _ANAPHORA.search(text, *sentence)
        if bodies is not None and (
            _in_another_clause(text, span, anchors, [*others, *bodies], verbs)
            or _placed_elsewhere(text, span, anchors, [*others, *bodies])
            or _subject_bound_elsewhere(text, span, anchors, verbs)
        ):
            continue
        if titled or sentence in topical or (previous in topical and implicit):
            by_sentence.setdefault(sentence, []).append(span)
    cores = [_nearest_own(spans, anchors, others) for spans in by_sentence.values()]
    return [
        core
        for core in cores
        if bodies is None or not _only_actor(text, core, anchors, bodies, verbs)
    ]


def _a_place(text: str, anchor: Span, sentence: Span) -> bool:
    """Whether a later mention of the topic in the sentence shares the required words' place.

    It does ("… e nella Giunta", "…, ivi compresa la Giunta"), unless it opens a clause of its
    own ("… e la Giunta ne prende atto") or names who proposes or is heard ("…, su proposta
    dell'assessore competente").
    """
    return inside(anchor, sentence) and not _AGENT_AFTER.search(
        text, max(0, anchor[0] - 25), anchor[0]
    )


def _placed_elsewhere(text: str, span: Span, anchors: list[Span], others: list[Span]) -> bool:
    """Whether required words are placed in another rule's body, with the topic not among them.

    "Il Consiglio nomina i rappresentanti presso enti e aziende e garantisce la presenza di
    entrambi i sessi nelle commissioni consiliari": the presence is the commissions'. With the
    topic named after the words ("… nella Giunta e negli organi collegiali") or its own inside
    ("… al proprio interno e nelle commissioni") it is shared, unless the words stand in a
    relative clause and the topic outside it.
    """
    sentence = sentence_of(text, span)
    relative = next(
        (m.span() for m in _RELATIVE_ASIDE.finditer(text, *sentence) if inside(span, m.span())),
        None,
    )
    # "La Giunta, cui spetta garantire … nelle commissioni di valutazione, è composta …"
    if relative:
        sentence = relative
    if any(anchor[0] >= span[1] and _a_place(text, anchor, sentence) for anchor in anchors):
        return False
    return any(
        o[0] >= span[1]
        and _PLACE.fullmatch(text, span[1], o[0])
        and not _OWN_INSIDE.search(text, span[1], o[0])  # "al proprio interno e nelle …"
        for o in others
    )


def _in_another_clause(
    text: str, span: Span, anchors: list[Span], others: list[Span], verbs: list[Span]
) -> bool:
    """Whether required words stand in a clause of their own about another body.

    "Il Sindaco nomina la Giunta, le commissioni consiliari sono composte garantendo la presenza
    di entrambi i sessi": the sentence names the Giunta, but the clause that holds the required
    words has a subject of its own, another body (see sentences.clause_of); so does another
    predicate of the subject ("… nomina la Giunta e assicura che nelle commissioni …", "…
    nomina gli assessori e, nei comitati da lui presieduti, assicura …"), and so does a lettera
    of a list ("Il Sindaco: a) nomina gli assessori; b) nomina i rappresentanti presso enti …,
    assicurando …").
    """
    sentence = sentence_of(text, span)
    if not any(inside(anchor, sentence) for anchor in anchors):
        return False  # the topic is elsewhere (the heading, the sentence before): see _cores
    clause = clause_of(text, span, verbs, sorted([*anchors, *others]))
    predicate = predicate_of(text, span, verbs)  # "… nomina la Giunta e assicura che nelle …"
    item = item_of(text, span)  # "…: a) nomina gli assessori; … c) nomina i rappresentanti …"
    clause = (max(clause[0], predicate[0], item[0]), min(clause[1], predicate[1], item[1]))
    if any(inside(anchor, clause) for anchor in anchors):
        return False
    return any(inside(other, clause) for other in others)


def _only_actor(
    text: str, core: Span, anchors: list[Span], bodies: list[Span], verbs: list[Span]
) -> bool:
    """Whether the topic is named in the core's sentence only as the actor on another body.

    "La Giunta, nel nominare i componenti delle commissioni tecniche, garantisce la presenza di
    entrambi i sessi", "Il Consiglio assicura la parità di genere negli organi del Comune": the
    topic is the subject of the sentence and acts, and another rule's body, named after it, is
    what the guarantee is about (before the required words, or as their place: "… di entrambi i
    sessi nelle commissioni"). The clause is that body's norm. The topic is described, not
    acting, when a passive or copular verb follows it ("La Consulta è composta da membri nominati
    dalla Giunta …"); "La Giunta, composta da assessori di entrambi i sessi, nomina le
    commissioni" still describes the Giunta; a body named as an agent ("nominati dalla Giunta")
    acts on the topic instead of being acted on, and a body named beside the topic ("La Giunta e
    le commissioni sono composte …", "La Giunta, come ogni altro organo collegiale, …") shares
    its subject. "Al proprio interno" keeps the topic the place of the guarantee only when no
    verb stands between it and the required words ("La Giunta individua al proprio interno un
    assessore … e garantisce la presenza … nelle commissioni": the inside is another verb's; a
    participle describes a body, "nei comitati da essa istituiti").
    """
    sentence = sentence_of(text, core)
    named = [a for a in anchors if inside(a, sentence)]
    inner = [
        m.span()
        for m in _OWN_INSIDE.finditer(text, *sentence)
        if not any(
            m.end() <= v[0] and v[1] <= core[0] and not _PARTICIPLE.match(text, v[0]) for v in verbs
        )
    ]
    if not named or any(  # "al proprio interno e …", "al proprio interno come nelle commissioni"
        _one_phrase(text, m, core) or _SHARED_PLACE.match(text, m[1]) for m in inner
    ):
        return False
    subject = _whole_name(text, named)
    rest = [anchor for anchor in named if not inside(anchor, subject)]
    joined = _co_subjects(text, subject, sorted([*bodies, *rest]))
    body = _acted_on(text, subject, joined, core, sentence, bodies)
    # the topic named again after that body is acted on in turn ("… le commissioni e il Sindaco
    # nomina gli assessori garantendo …"); joined to the subject, it is part of it ("La Giunta e
    # i singoli assessori nominano i comitati …")
    return body is not None and not any(
        anchor[0] >= body[0] and (anchor[0] < core[0] or _a_place(text, anchor, sentence))
        for anchor in rest
    )


def _whole_name(text: str, named: list[Span]) -> Span:
    """The first mention of the topic with the mentions that continue its name.

    "Le nomine presso enti, aziende e istituzioni": the topic's words follow one another a few
    characters apart, within one phrase, and name one subject.
    """
    start, end = named[0]
    for anchor in sorted(named[1:]):
        if anchor[0] - end > _NAME_GAP or re.search(r"[;:.()]", text[end : anchor[0]]):
            break
        end = max(end, anchor[1])
    return start, end


def _acted_on(
    text: str, anchor: Span, joined: int, core: Span, sentence: Span, others: list[Span]
) -> Span | None:
    """The first other body that the topic, as the sentence's subject, acts on.

    `joined` is where the bodies joined to the topic as one subject end (see _co_subjects).
    """
    if not _SUBJECT.fullmatch(text, sentence[0], anchor[0]):
        return None
    return next(
        (
            other
            for other in others
            if inside(other, sentence)
            and joined <= other[0]
            and not _AGENT.search(text, max(0, other[0] - 12), other[0])
            and not _INCLUDED.search(text, max(sentence[0], other[0] - 80), other[0])
            and not _PASSIVE.search(text, anchor[1], other[0])
            and (other[0] < core[0] or bool(_PLACE.fullmatch(text, core[1], other[0])))
        ),
        None,
    )


def _nearest_own(spans: list[Span], anchors: list[Span], others: list[Span]) -> Span:
    """Of a sentence's mentions, the nearest the topic among those nearer it than another body.

    "assicura la presenza di entrambi i sessi nelle commissioni, nei comitati e nelle consulte e
    promuove la presenza di donne e uomini negli organismi esterni": the second mention stands
    next to the external bodies (another rule's), the first belongs to the consulte.
    """
    own = [s for s in spans if _distance([s], anchors) <= _distance([s], others)]
    return min(own or spans, key=lambda s: (_distance([s], anchors), s))


def _limits(
    rule: Rule,
    hits: dict[str, list[Span]],
    core: Span,
    governing: Span | None,
    text: str,
    verbs: list[Span],
) -> list[Fact]:
    """Limits that narrow the clause, unless one of their `unless` words widens it again.

    A limit narrows when it stands in the governed words ("favorisce l'occupazione femminile
    come condizione della parità tra uomini e donne": between the verb and the required words),
    or when it is closer to the required words than any `unless` word ("la Giunta è nominata nel
    rispetto del principio di pari opportunità"; "in ogni campo della vita sociale" widens, "in
    tutte le attività di formazione" names a field of its own and widens nothing).
    Only a limit that confines the clause counts (see _confines).
    """
    governed = (governing[1], core[0]) if governing and governing[1] <= core[0] else None
    asides = [m.span() for m in _DESCRIBES.finditer(text) if m.end() <= core[0]]
    named = [c.name for c in (*rule.anchors, *rule.requires)]  # "parità tra donne e uomini"
    later = [s for n in named for s in hits.get(n, []) if s > core]
    whole = _whole_name(text, [core, *sorted(s for s in later if "," not in text[core[1] : s[0]])])
    facts = []
    for limit in rule.limits:
        spans = [
            s
            for s in hits.get(limit.name, [])
            if _confines(text, s, core, governing, verbs, whole[1])
            and not any(inside(s, aside) for aside in asides)
        ]
        widening = [  # "in tutte le attività sportive", "nelle attività di nomina" widen nothing
            w
            for w in hits.get(f"{limit.name}.unless", [])
            if not any(_NARROWS.fullmatch(text, w[1], s[0]) for s in spans)
            and not (_FIELD.search(text, *w) and _NARROWED.match(text, w[1]))
            and not any(inside(w, aside) for aside in asides)
        ]
        # a limit whose list goes on to a widening word ("nella scuola e nella società")
        # … or a later item of a list the widening word opens ("in tutte le sue attività e nei
        # confronti del proprio personale", "in tutti i settori, per il personale")
        spans = [
            s
            for s in spans
            if not any(
                _next_item(text, s, w) or _LATER_ITEM.fullmatch(text, w[1], s[0]) for w in widening
            )
        ]
        between = _within(spans, governed) if not _within(widening, governed) else []
        if between or (spans and _distance(spans, [core]) < _distance(widening, [core])):
            span = between[0] if between else min(spans, key=lambda s: _distance([s], [core]))
            facts.append(_fact("limit", limit.name, span, f"{rule.id}/{limit.name}", text))
    return facts


def _next_item(text: str, limit: Span, widening: Span) -> bool:
    """Whether a widening word is a later item of the limit's list ("… e nella società")."""
    opening = _ITEM_PREPOSITION.match(text, widening[0])  # the widening words' own "nella"
    return bool(_NEXT_ITEM.fullmatch(text, limit[1], opening.end() if opening else widening[0]))


def _confines(
    text: str, span: Span, core: Span, governing: Span | None, verbs: list[Span], end: int
) -> bool:
    """Whether a limit word confines the clause rather than adding to it or belonging elsewhere.

    A principle stated for one field is only partly the principle; but statutes name fields in
    many ways that take nothing away from a principle stated whole, and each such way is listed
    here, so that only a limit no family explains confines.

    Added or stressed after the principle, it takes nothing away ("…, anche nella composizione
    degli organi", "… e in particolare l'occupazione femminile", "…, con particolare riguardo ai
    servizi per l'infanzia"); a bare "anche" with no comma makes it the principle's only field
    ("è assicurata anche ai dipendenti comunali"). A limit in another object after a comma has a
    field of its own (", pari opportunità lavorative"). A limit after a gerund that follows the
    principle names a means ("…, garantendo la presenza di entrambi i sessi nella Giunta"); so
    does another object or predicate joined by "e" after the whole principle ("… tra donne e
    uomini e la partecipazione delle donne al lavoro", "… e ne riferisce al Consiglio con una
    relazione della Giunta"), or a relative clause after it ("…, che sostiene anche attraverso
    le società partecipate"): `end` is where the principle's words end. A limit
    with a widening word as the next item of its list confines nothing ("nella famiglia, nella
    scuola e nella società"). The object of another
    verb joined by "e" is that verb's ("tutela la famiglia e l'infanzia e promuove la parità",
    "… e favorisce la pratica sportiva") unless the norm points back to it ("sostiene lo sport e
    promuove in esso la parità"); the main verb's is the clause's ("Per garantire pari
    opportunità … è assicurata la partecipazione delle dipendenti"). A fronted complement with
    no verb of its own before it confines ("Nella promozione delle attività sportive il Comune
    garantisce …").
    """
    if _ADDED.search(text, max(0, span[0] - 70), span[0]) and not (
        span[1] <= core[0] and _DATIVE.search(text, max(0, span[0] - 30), span[0])
    ):  # stress, after the principle or before it, but for whom it is given: "garantisce,
        # specie ai dipendenti con figli minori, la parità" names the recipients
        return False
    if span[0] > core[1] and (
        _MEANS.match(text, core[1], span[0])
        or (span[0] > end and _ANOTHER.match(text, end, span[0]))
        or (
            _NEW_OBJECT.search(text, core[1], span[0])
            and _PRINCIPLE.search(text, max(0, core[0] - 60), core[1])
        )
    ):
        return False
    before = [
        v for v in verbs if v[1] <= span[0] and sentence_of(text, v) == sentence_of(text, span)
    ]
    own = max(before, key=lambda v: v[1], default=None)
    if own is None or governing is None or (own[0] < governing[1] and governing[0] < own[1]):
        return True
    if _BACK.search(text, governing[0], max(core[1], governing[1])) or _CLITIC_BACK.search(
        text, max(0, governing[0] - 6), governing[0]
    ):
        return True
    later = max(own, governing)  # two clauses joined by "e": each verb has its own objects
    return not _COORDINATED.search(text, max(0, later[0] - 6), later[0])


def _within(spans: list[Span], bounds: Span | None) -> list[Span]:
    """The spans inside bounds (none without bounds)."""
    return [span for span in spans if bounds and inside(span, bounds)]


def _asides(text: str, core: Span, bounds: Span) -> list[Span]:
    """Parentheses and relative clauses between commas before the required words: asides.

    A proviso inside one belongs to the word it describes ("nomina gli assessori (scelti anche
    fuori dal Consiglio, purché eleggibili) garantendo …", "La Giunta, che normalmente si
    riunisce in seduta non pubblica, è composta …"); a parenthesis after the required words
    qualifies the clause ("garantendo la presenza di entrambi i sessi (e comunque ove
    possibile)").
    """
    return [
        (m.start(), m.end())
        for pattern in (_PARENTHESIS, _RELATIVE)
        for m in pattern.finditer(text, *bounds)
        if m.end() <= core[0]
    ]


def _on_topic(rule: Rule, hits: dict[str, list[Span]], titled: dict[str, list[Span]]) -> bool:
    """Some anchor of the rule is found in the unit, or in its article's heading."""
    return bool(hits or titled) and any(a.name in hits or a.name in titled for a in rule.anchors)


def read_unit(rule: Rule, unit: Unit, catalogue: Catalogue) -> Reading | None:
    """The facts of a unit that touches the rule's topic (None when it does not)."""
    own = unit.hits.get(rule.id, {})
    titled = unit.heading_hits.get(rule.id, {}) if rule.heading_anchors else {}
    if not _on_topic(rule, own, titled):
        return None  # most units: not about the topic at all (asked first: it is quick)
    shared = unit.hits.get(GLOBAL, {})
    senses = _construction_hits(catalogue, shared, "sense")
    hits = _outside_titles(unit.text, _in_their_sense(unit.text, own, senses, _required(rule)))
    if not _on_topic(rule, hits, titled):
        return None  # the topic's words all had another sense
    if EXCLUDE in hits and f"{EXCLUDE}.unless" not in hits:
        hits = _outside_traps(unit.text, hits)
        if not _on_topic(rule, hits, titled):
            return None
    exceptions = _construction_hits(catalogue, shared, "exception")
    anchor_names = [a.name for a in rule.anchors]
    anchors = {n: hits.pop(n) for n in anchor_names if n in hits}
    excepted = [
        s for spans in anchors.values() for s in spans if _excepted(unit.text, s, exceptions)
    ]
    hits.update(_unexcepted(unit.text, anchors, exceptions, hits.get(OTHERS, [])))
    if not all(name in hits or name in titled for name in anchor_names):
        return None
    from_heading = any(name not in hits for name in anchor_names)
    if from_heading and OTHERS in hits:  # "Aziende speciali": their statutes speak of their bodies
        return None
    hits = _near_anchors(rule, hits, from_heading, unit.text)
    text = unit.text
    mine = [span for spans in own.values() for span in spans]
    others = _other_topics(rule, unit, catalogue, mine)
    bodies = _bodies(text, catalogue, shared, mine, others, exceptions) if rule.body_topic else None
    verbs = [span for _, span in _construction_hits(catalogue, shared, *MODAL_KINDS)]
    foreign = sorted(
        [*others, *hits.get(OTHERS, [])]
    )  # "i propri organi", "gli statuti delle aziende"
    cores = _clause_cores(rule, text, hits, from_heading, foreign, bodies, verbs)
    if rule.requires and not cores:
        # the required words stand in no sentence about the topic: they speak of something else
        hits = {name: spans for name, spans in hits.items() if name not in _required(rule)}
    elif len(rule.requires) > 1 and not from_heading and rule.unit != "articolo":
        hits = _in_clauses(text, hits, rule, cores, verbs)
    facts = _component_facts("topic", rule, rule.anchors, hits, text)
    if not facts:  # the topic is in the heading ("Art. 12 - Commissioni consiliari")
        facts = [
            Fact(fact="topic", value=a.name, pattern=f"{rule.id}/{a.name}") for a in rule.anchors
        ]
    facts += _component_facts("requirement", rule, rule.requires, hits, text)
    facts += _component_facts("partial", rule, rule.partial, hits, text)
    if all(c.name in hits for c in rule.requires):
        facts += _clause_facts(rule, unit, catalogue, hits, cores, others)
        facts += _topic_cut(text, hits, rule, cores, exceptions, others, excepted)
    return Reading(unit, tuple(facts), level_of(rule, facts, catalogue))


def _topic_cut(
    text: str,
    hits: dict[str, list[Span]],
    rule: Rule,
    cores: list[Span],
    exceptions: list[Found],
    others: list[Span],
    excepted: list[Span],
) -> list[Fact]:
    """An exception right after the topic takes part of it out: the clause covers less.

    "Le commissioni comunali, con esclusione della Commissione edilizia, sono formate …" binds
    all commissions but one. An exception that takes out another rule's body ("Gli organi
    collegiali, esclusa la Giunta, …": the Giunta has rules of its own) cuts nothing, nor one
    that names the topic itself (see _unexcepted), nor one in another sentence than the
    required words ("I componenti della Giunta, ad eccezione del Vicesindaco, sono nominati dal
    Sindaco" speaks of who appoints). Leaving out bodies whose members no one chooses cuts
    nothing ("fatta eccezione per quelli composti esclusivamente da membri di diritto").
    """
    topic = [span for a in rule.anchors for span in hits.get(a.name, [])]
    sentences = [sentence_of(text, core) for core in cores]
    for c, (start, end) in exceptions:
        if not any(inside((start, end), sentence) for sentence in sentences):
            continue
        cut = c.position == "before" and (
            any(_TOPIC_THEN.fullmatch(text, t[1], start) for t in topic)
            # … or, anywhere in the sentence, one that names a body of the topic's own kind while
            # the topic stands ("…, ad eccezione della commissione edilizia")
            or (
                bool(topic)
                and any(start < e[0] and _excepted(text, e, [(c, (start, end))]) for e in excepted)
            )
        )
        if cut and not any(o[0] >= end and _NO_BREAK.fullmatch(text, end, o[0]) for o in others):
            what = _PHRASE_END.match(text, end)  # quoted up to the phrase's end: what is left out
            span = (start, what.end() if what else end)
            if not _FIXED.search(text, *span):
                return [_fact("exception", c.id, span, f"construction:{c.id}", text)]
    return []


def _in_clauses(
    text: str, hits: dict[str, list[Span]], rule: Rule, cores: list[Span], verbs: list[Span]
) -> dict[str, list[Span]]:
    """A rule's required words only in the clauses of its cores.

    Words that merely co-occur are no evidence: "Il Comune garantisce pari dignità senza
    distinzione di sesso, razza, religione. Le consulte giovanili sono aperte ai residenti di età
    compresa tra …" names age in another sentence, "…, e assicura ai disabili il trasporto
    scolastico" in another predicate, not as a ground of the list.
    """
    clauses = [clause_of(text, core, verbs, []) for core in cores]
    required = {c.name for c in rule.requires}
    return _kept(
        hits, lambda name, span: name not in required or any(inside(span, c) for c in clauses)
    )


def _kept(hits: dict[str, list[Span]], keep: Callable[[str, Span], bool]) -> dict[str, list[Span]]:
    """The hits a test keeps, by component name; a component left with none is dropped."""
    return {
        name: kept for name, spans in hits.items() if (kept := [s for s in spans if keep(name, s)])
    }


def _trapped(text: str, hits: dict[str, list[Span]]) -> list[Span]:
    """The predicates holding one of a rule's traps, unless an `exclude_unless` word is there."""
    if f"{EXCLUDE}.unless" in hits:
        return []
    return [  # from the trap's predicate to the sentence's end: the predicates before it stand
        (predicate_of(text, span)[0], sentence_of(text, span)[1]) for span in hits.get(EXCLUDE, [])
    ]


def _outside_traps(text: str, hits: dict[str, list[Span]]) -> dict[str, list[Span]]:
    """The rule's words outside the sentences that hold one of its traps (`exclude`).

    A trap makes its own sentence no evidence ("2. La Commissione esprime parere sui bandi di
    concorso"), not the sentences beside it ("1. È istituita la Commissione comunale per le pari
    opportunità"), nor another predicate of its sentence ("Il Comune assicura pari opportunità
    tra donne e uomini in ogni ambito e istituisce la Consulta delle donne").
    """
    trapped = _trapped(text, hits)
    return _kept(hits, lambda _, span: not any(inside(span, t) for t in trapped))


def _in_their_sense(
    text: str, hits: dict[str, list[Span]], senses: list[Found], required: list[str]
) -> dict[str, list[Span]]:
    """A rule's words, except where they have another sense ("di ogni genere", "lingue straniere").

    The topic words of the rules (genere, uomo, straniero …) also mean other things; a closed
    list of those other senses (constructions of kind `sense`) takes the words they cover out,
    unless the rule's required words read on past them through a list of the same kind ("la
    violenza sui minori e sulle donne", "delle donne e dei minori vittime di violenza": the women
    are among the victims; not "la violenza sugli animali, nonché le discriminazioni contro le
    donne").
    """
    longer = [span for name in required for span in hits.get(name, [])]
    covered = [
        span
        for _, span in senses
        if not any(
            (r[0] < span[1] < r[1] and _LIST_GOES_ON.fullmatch(text, span[1], r[1]))
            or (r[0] < span[0] < span[1] <= r[1] and _LIST_BEFORE.fullmatch(text, r[0], span[0]))
            for r in longer
        )
    ]
    return _kept(hits, lambda _, span: bool(_distance([span], covered)))


# an act's title after its citation: "…, n. 198, recante il Codice delle pari opportunità …", "legge
# n. 215/2012 (riequilibrio delle rappresentanze di genere …)", "… n. 125 «Azioni positive …»"
_CITED = r"(?:\bn\.\s*\d+(?:/\d{2,4})?|\b\d+/\d{2,4})\s*,?\s*"
_ACT_TITLE = re.compile(
    rf"\brecant[ei]\s+(?P<named>[^,;:.()]{{1,200}})"
    rf"|{_CITED}(?:\((?P<bracketed>[^()]{{1,300}})\)|[«“\"](?P<quoted>[^»”\"]{{1,300}})[»”\"])",
    re.IGNORECASE,
)


def _outside_titles(text: str, hits: dict[str, list[Span]]) -> dict[str, list[Span]]:
    """The rule's words outside the titles of the acts a unit cites.

    "ai sensi della legge n. 215/2012 (riequilibrio delle rappresentanze di genere nei consigli e
    nelle giunte …)", "in conformità al decreto legislativo n. 198, recante il Codice delle pari
    opportunità tra uomo e donna, …": a title names the act; whether the authority binds itself
    to anything is said by the words outside it.
    """
    titles = [
        next(m.span(g) for g in ("named", "bracketed", "quoted") if m.group(g))
        for m in _ACT_TITLE.finditer(text)
    ]
    return _kept(hits, lambda _, span: not any(inside(span, title) for title in titles))


def _clause_facts(
    rule: Rule,
    unit: Unit,
    catalogue: Catalogue,
    hits: dict[str, list[Span]],
    cores: list[Span],
    others: list[Span],
) -> list[Fact]:
    """Modality, provisos, negations, limits and quantity of a clause with all required words.

    Each sentence holding the required words and the topic is read as a clause; the one that
    binds best stands for the unit (a unit may repeat a norm weakly and then state it firmly).
    A unit whose required words are nowhere near its topic holds no clause.
    """
    share = _share(rule, unit, hits, others)
    escapes = _escapes(rule, unit, catalogue)  # the unit's, whichever sentence a clause is in
    clauses = [_clause(rule, unit, catalogue, hits, core, share, escapes) for core in cores]
    return min(
        clauses, key=lambda facts: LEVELS.index(level_of(rule, facts, catalogue)), default=[]
    )


def _required(rule: Rule) -> list[str]:
    """The components a clause must hold: the required ones, or the anchors when none is."""
    return [c.name for c in rule.requires] or [a.name for a in rule.anchors]


def _clause_cores(
    rule: Rule,
    text: str,
    hits: dict[str, list[Span]],
    from_heading: bool,
    others: list[Span],
    bodies: list[Span] | None,
    verbs: list[Span],
) -> list[Span]:
    """The mentions of the required words that open a clause (see _cores)."""
    required = sorted({s for name in _required(rule) for s in hits.get(name, [])})
    if not required:
        return [(0, 0)]
    anchors = sorted({s for a in rule.anchors for s in hits.get(a.name, [])})
    titled = from_heading or rule.unit == "articolo"
    return _cores(text, required, anchors, titled, others, bodies, verbs)


def _bodies(
    text: str,
    catalogue: Catalogue,
    shared: dict[str, list[Span]],
    own: list[Span],
    others: list[Span],
    exceptions: list[Found],
) -> list[Span]:
    """Every body a body rule's topic may act on: other rules' bodies and collegial bodies by name.

    "La Giunta nomina le commissioni garantendo …": the commissions are no rule's topic words
    (they name no authority), yet they are what the Giunta acts on. A body inside the rule's own
    words (`own`) is its topic, not another body.
    """
    named = [
        span
        for _, span in _construction_hits(catalogue, shared, "body")
        if not any(span[0] < e and b < span[1] for b, e in own)
    ]
    merged: list[Span] = []  # "commissioni" inside "commissioni consiliari": one body
    for start, end in sorted(
        span  # "con esclusione della Commissione edilizia": not a body acted on
        for span in [*others, *named]
        if not _excepted(text, span, exceptions)
    ):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _other_topics(rule: Rule, unit: Unit, catalogue: Catalogue, own: list[Span]) -> list[Span]:
    """Where the unit names another rule's body, outside this rule's own words (`own`)."""
    return [
        span
        for other in catalogue.rules
        if other.id != rule.id and other.body_topic
        for anchor in other.anchors
        for span in unit.hits.get(other.id, {}).get(anchor.name, [])
        if not any(span[0] < end and start < span[1] for start, end in own)
    ]


def _one_phrase(text: str, first: Span, second: Span) -> bool:
    """Whether no comma or stronger stop stands between two spans."""
    start, end = sorted([first, second])
    return not re.search(r"[,;:.()]", text[start[1] : end[0]])


def _share(rule: Rule, unit: Unit, hits: dict[str, list[Span]], others: list[Span]) -> Fact | None:
    """The lowest floor for each sex the unit states for the rule's topic (once per unit).

    "assicura la presenza di entrambi i sessi nella Giunta e, nelle nomine presso enti,
    riserva al genere meno rappresentato almeno il 40 per cento": the share stands nearer the
    nominations than the Giunta, so it is not the Giunta's.
    """
    if not rule.quantity:
        return None
    mentions = hits.get(rule.quantity.near, [])
    each = unit.hits.get(rule.id, {}).get(EACH, []) if rule.quantity.each else mentions
    trapped = _trapped(unit.text, unit.hits.get(rule.id, {}))  # "nelle liste dei candidati …"
    anchors = [span for a in rule.anchors for span in hits.get(a.name, [])]
    # a body named with the topic in one phrase shares its share ("delle commissioni consultive
    # e di quelle di concorso"), as does one joined to it as one subject ("La Giunta, al pari
    # degli altri organi collegiali, …"); one in another phrase has its own
    ends = [(a[1], _co_subjects(unit.text, a, others)) for a in anchors]
    asides = [  # "…, salva l'impossibilità da motivare nell'atto di nomina, …" names no body of the
        # share; a place does (", nelle commissioni comunali, una presenza …")
        (m.start(), m.end(1) + 1)
        for m in _BETWEEN_COMMAS.finditer(unit.text)
        if not _PLACE_ASIDE.match(unit.text, m.start())
    ]
    others = [
        o
        for o in others
        if not any(_one_phrase(unit.text, o, a) for a in anchors)
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
            and (not anchors or _nearer_topic(unit.text, span, anchors, others))
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
    return mention[0] < share.end or _one_phrase(text, mention, (share.start, share.end))


def _unless_measured(aside: re.Match[str]) -> str:
    """An aside between the sexes and their share, skipped unless it adds what the share measures.

    "a componenti di sesso femminile, salva l'impossibilità da motivare, almeno un terzo" keeps
    the share the women's; "entrambi i sessi, nonché assessori esterni, in numero non inferiore
    al 40 per cento" gives it to the external assessori.
    """
    words = aside.group()
    return words if _ADDS.match(words) or _SEATS.search(words) else " "


def _co_subjects(text: str, anchor: Span, others: list[Span]) -> int:
    """Where the bodies joined to the topic as one subject end.

    "La Giunta, al pari delle commissioni e delle consulte, …": the bodies after them are what
    the subject acts on.
    """
    end = anchor[1]
    for other in sorted(others):
        joined = _BESIDE.fullmatch(text, end, other[0]) or (
            end != anchor[1] and _LIST_ON.fullmatch(text, end, other[0])
        )
        if other[0] >= end and joined:
            end = other[1]
    return end


def _nearer_topic(text: str, span: Span, anchors: list[Span], others: list[Span]) -> bool:
    """Whether words belong to the topic rather than to another body named near them.

    The body named in the words' own sentence decides ("Nella Giunta ciascun sesso è
    rappresentato per un terzo; nelle nomine presso enti per il 40 per cento": each share has
    its body); with both or neither there, the nearer one.
    """
    sentence = sentence_of(text, span)
    own = [a for a in anchors if inside(a, sentence)]
    foreign = [o for o in others if inside(o, sentence)]
    if bool(own) != bool(foreign):
        return bool(own)
    return _distance(others, [span]) >= _distance(anchors, [span])


@dataclass(frozen=True)
class _Sentence:
    """The sentence one clause is read in: the unit's text, the required words, their bounds."""

    text: str
    core: Span  # the required words
    bounds: Span  # their sentence
    asides: list[Span]  # what the sentence sets apart (see _asides)
    shared: dict[str, list[Span]]  # the unit's construction hits
    catalogue: Catalogue

    def constructions(self, *kinds: str) -> list[Found]:
        """The unit's constructions of these kinds."""
        return _construction_hits(self.catalogue, self.shared, *kinds)

    def cancelling(self) -> list[Span]:
        """The words of senses in which a proviso or negation restricts or denies nothing."""
        return [span for c, span in self.constructions("sense") if c.cancels]

    def facts(self, found: list[Found], kind: FactKind, binding: list[Span]) -> list[Fact]:
        """Facts of the constructions in the sentence, except those set apart.

        A negation inside a binding form ("non può essere composta da assessori di un solo
        sesso") is part of a prohibition, not a denial; a construction inside an aside is the
        aside's, unless it opens it ("garantisce (ove possibile) …").
        """
        text, core = self.text, self.core
        return [
            _fact(kind, c.id, span, f"construction:{c.id}", text)
            for c, span in found
            if inside(span, self.bounds)
            and not any(b != span and inside(span, b) for b in binding)
            and not any(
                inside(span, aside) and _WORD.search(text, aside[0], span[0])
                for aside in self.asides
            )
            and span[0] != core[0]  # a word opening the required words is theirs ("un solo sesso")
        ]


def _clause(
    rule: Rule,
    unit: Unit,
    catalogue: Catalogue,
    hits: dict[str, list[Span]],
    core: Span,
    share: Fact | None,
    escapes: list[Found],
) -> list[Fact]:
    """The facts of one clause: the sentence around one mention of the required words.

    The share and the escapes (see _escapes) are the unit's, found once for all its clauses.
    """
    text = unit.text
    bounds = sentence_of(text, core)
    here = _Sentence(
        text, core, bounds, _asides(text, core, bounds), unit.hits.get(GLOBAL, {}), catalogue
    )
    named = [span for a in rule.anchors for span in hits.get(a.name, []) if inside(span, bounds)]
    modal = [
        found
        for found in here.constructions(*MODAL_KINDS)
        if not (rule.body_topic and _describes_body(text, found[1], bounds, named))
    ]
    found, triggers = _governing_form(here, modal, bool(unit.letter))
    facts = [
        _fact("modality", found[0].id, found[1], f"construction:{found[0].id}", text)
        if found
        else Fact(fact="modality", value=NO_CONSTRUCTION)
    ]
    if rule.body_topic and found and found[0].kind == "binding" and not found[0].in_object:
        facts += _another_object(text, found, core, named)
    facts += _provisos(rule, here)
    # another sentence of the unit that takes the norm back ("2. La disposizione del comma 1 non
    # si applica qualora …", "il Sindaco può derogare")
    facts += [_escape(c, span, text) for c, span in escapes if not inside(span, bounds)]
    binding = [span for c, span in modal if c.kind == "binding"]
    facts += _negations(here, binding + triggers)
    facts += here.facts(here.constructions("referral"), "referral", [])
    facts += here.facts(here.constructions("condition"), "condition", triggers)
    if rule.authority_subject:
        subjects = here.constructions("subject")
        bodies = named if rule.body_topic else []  # "la Consigliera di parità" is no principle
        facts += _foreign_subjects(text, subjects, bounds, found[1] if found else core, bodies)
    verbs = [span for _, span in modal if not NOMINAL.search(text, span[0], span[1])]
    facts += _limits(rule, hits, core, found[1] if found else None, text, verbs)
    facts += _scope(unit, catalogue, bounds)
    return [*facts, share] if share else facts


# the governing verb's object, after an aside: an article, then up to four words
_OBJECT = re.compile(
    rf"\s*(?:,{_ASIDE_WORDS},\s*)?(?:(?:il|lo|la|i|gli|le|un|una|uno)\s+|(?:l|un)'\s*)"
    r"(?P<head>[\w']+(?:\s+[\w']+){0,3})",
    re.IGNORECASE,
)
# an infinitive the duty governs, before its own object: "sono tenuti a presentare la …"
# … and whom it is owed to: "a comunicare al Segretario comunale le spese"
_INFINITIVE = re.compile(
    r"\s*(?:(?:a|ad|di)\s+)?(?:(?:essere|venire)\s+[a-zà-ù]+|[a-zà-ù]+(?:are|ere|ire))\b"
    r"(?:\s+(?:(?:a|ad|al|allo|alla|ai|agli|alle)\s+|all')[\w']+(?:\s+(?!(?:il|lo|la|i|gli|le)\b)\w+)?)?",
    re.IGNORECASE,
)
# between the words that describe a subject and its verb: a few words, no punctuation
_SUBJECT_REST = re.compile(r"[^,;:.()]{0,40}")
_PRESENCE_WORDS = re.compile(rf"\b{_WORDS.presence_heads.pattern}\b", re.IGNORECASE)
_PRESENCE = re.compile(  # what a guarantee of presence may have as its object
    rf"\b(?:{_WORDS.presence_heads.pattern}|{_WORDS.members.pattern})\b", re.IGNORECASE
)
_PREPOSITION_AFTER = re.compile(
    r"\s+(?:di|del|dello|della|dei|degli|delle|dell'|a|al|alla|ai|agli|alle|all'|in|nel|nella"
    r"|nei|negli|nelle|nell'|su|sul|sulla|sui|per|con|da|dal|dalla|dai)\b",
    re.IGNORECASE,
)


def _another_object(text: str, found: Found, core: Span, named: list[Span]) -> list[Fact]:
    """The binding form's own object, when it is no presence and the required words describe it.

    "Il Sindaco deve garantire la pubblicazione dei curricula degli assessori di entrambi i
    sessi": what is guaranteed is a publication; "… alla quale devono essere trasmesse le
    proposte … sulla presenza di entrambi i sessi": what is owed is a transmission. A body rule's
    guarantee has a closed list of objects (see _owed_elsewhere); a that-clause or a share
    ("assicura che …", "almeno il 40 per cento") is read as before.
    """
    construction, verb = found
    span = _object_after(text, verb[1], core[0]) if verb[1] <= core[0] else None
    if span is None or not _owed_elsewhere(text, span, named) or _PRESENCE.match(text, core[0]):
        return []  # "la presenza …", "una equilibrata presenza di donne e uomini"
    return [_fact("object", construction.id, span, f"construction:{construction.id}", text)]


def _object_after(text: str, verb_end: int, end: int) -> Span | None:
    """The object of a verb, past the infinitive it governs ("sono tenuti a presentare la …")."""
    infinitive = _INFINITIVE.match(text, verb_end, end)
    return _object_at(text, infinitive.end() if infinitive else verb_end, end)


def _owed_elsewhere(text: str, span: Span, named: list[Span]) -> bool:
    """Whether an object is none a guarantee of presence may have.

    Those are the presence and its kin, the seats among them (vocabulary `presence_heads`), the
    people who sit (`members`), and the topic itself ("devono comporre la Giunta").
    """
    return not (_PRESENCE.search(text, *span) or any(inside(anchor, span) for anchor in named))


def _object_at(text: str, start: int, end: int) -> Span | None:
    """The object a verb ending at `start` governs, up to its first preposition ("la pubblicità").

    None when no article opens one before `end`, or when it is a share ("il 40 per cento dei
    posti"), which quantities.py reads.
    """
    head = _OBJECT.match(text, start, end)
    if head is None or SHARE_START.match(head.group("head")):
        return None
    first = _PREPOSITION_AFTER.search(text, head.start("head"), head.end("head"))
    return head.start("head"), first.start() if first else head.end("head")


def _subject_bound_elsewhere(text: str, span: Span, anchors: list[Span], verbs: list[Span]) -> bool:
    """Whether required words describe the sentence's subject, whose verb binds another object.

    "Gli assessori di entrambi i sessi sono tenuti a presentare la dichiarazione dei redditi",
    "Agli assessori di ambo i sessi spetta un'indennità": the words name the people a duty or a
    due falls on; what is owed is no presence. The verb's object must be one a guarantee of
    presence may have (see _owed_elsewhere: "Entrambi i sessi devono comporre la Giunta") or a
    share; a verb with no object of its own ("devono essere rappresentati", "è
    garantita dal Sindaco") binds the presence the words name, and so does any verb when the
    subject is the presence itself ("La presenza di entrambi i sessi nella Giunta costituisce un
    valore").
    """
    sentence = sentence_of(text, span)
    if any(sentence[0] <= verb[0] < span[0] for verb in verbs):
        return False  # a verb before the words governs them (see _another_object)
    if _PRESENCE_WORDS.search(text, sentence[0], span[0]):
        return False  # "La presenza di entrambi i sessi …": the presence is the subject
    verb = next((v for v in sorted(verbs) if v[0] >= span[1]), None)
    if verb is None or not _SUBJECT_REST.fullmatch(text, span[1], verb[0]):
        return False
    words = _object_after(text, verb[1], sentence[1])
    return words is not None and _owed_elsewhere(text, words, anchors)


def _governing_form(
    here: _Sentence, modal: list[Found], in_letter: bool
) -> tuple[Found | None, list[Span]]:
    """The construction that governs the required words, and the spans that state an absence.

    A remedy's condition states what is missing ("qualora … non assicuri la presenza"): it is
    neither a denial nor a limit, and the remedy's main clause governs (see _remedied). So do
    the reasons of an absence, up to the sentence's end ("dà conto dei motivi per i quali le
    consulte non comprendono entrambi i sessi"), which govern the required words after them.
    """
    text, core = here.text, here.core
    absence = [(c, span) for c, span in modal if c.absence and span[1] <= core[0]]
    if absence:  # "indica le ragioni per cui … non è rappresentato": the absence is the clause's
        reasons = max(absence, key=lambda m: m[1][1])
        return reasons, [(reasons[1][0], here.bounds[1])]
    intro_end = text.find("\n") if in_letter else 0  # a lettera's opening words
    found = _main_aim(text, governing(text, core, modal, max(intro_end, 0)), modal, here.bounds)
    remedy = _remedied(
        text,
        core,
        here.bounds,
        here.constructions("condition"),
        here.constructions("remedy"),
        modal,
    )
    if remedy:
        return remedy[0], [remedy[1]]
    return found, []


def _provisos(rule: Rule, here: _Sentence) -> list[Fact]:
    """The provisos that restrict the clause in its sentence (from elsewhere: _escapes).

    Not a proviso the law itself contains for the rule (`allowed_provisos`), one the text rules
    out ("senza deroghe"), one inside words that cancel it ("non solo … ma anche"), nor a
    derogation aimed at another norm ("in deroga all'articolo 28").
    """
    allowed = here.catalogue.accepted_provisos(rule)
    cancelling = here.cancelling()
    back = [span for _, span in here.constructions("back_reference")]
    provisos = [
        c
        for c in here.constructions("proviso")
        if c[0].id not in allowed
        and not _denied(here.text, c)
        and not any(inside(c[1], sense) for sense in cancelling)
        and (not c[0].names_its_norm or _own_target(here.text, c[1], back))
    ]
    return here.facts(provisos, "proviso", [])


def _negations(here: _Sentence, kept: list[Span]) -> list[Fact]:
    """The negations that deny the clause (not those inside a binding form or a trigger, `kept`).

    A negation of a phrase denies only it ("partecipa …, ma non vota"); one in another sense
    denies nothing ("è abolito il requisito della cittadinanza").
    """
    cancelling = here.cancelling()
    negations = [
        (c, span)
        for c, span in here.constructions("negation")
        if (c.scope == "sentence" or _one_phrase(here.text, span, here.core))
        and not any(span[0] < end and start < span[1] for start, end in cancelling)
    ]
    return here.facts(negations, "negation", kept)


def _main_aim(text: str, found: Found | None, modal: list[Found], bounds: Span) -> Found | None:
    """A purpose's verb is the aim of the main clause: an aim there decides.

    "Il Comune, al fine di promuovere le pari opportunità, può avvalersi delle associazioni": the
    principle is only what a faculty is for. The main clause's construction is the first after
    the purpose's phrase (past its comma) in the sentence.
    """
    if found is None:
        return None
    purpose = [
        span
        for c, span in modal
        if c.scope == "phrase" and c.kind == "aim" and 0 <= found[1][0] - span[1] <= 2
    ]
    if not purpose:
        return found
    comma = text.find(",", found[1][1], bounds[1])
    after = [m for m in modal if comma >= 0 and comma < m[1][0] < bounds[1]]
    main = min(after, key=lambda m: m[1][0], default=None)
    return main if main is not None and main[0].kind == "aim" else found


def _remedied(
    text: str,
    core: Span,
    bounds: Span,
    conditions: list[Found],
    remedies: list[Found],
    modal: list[Found],
) -> tuple[Found, Span] | None:
    """A condition that finds the required words missing, and a main clause that makes up for it.

    "Qualora la composizione non assicuri la presenza di entrambi i sessi, il Presidente integra
    la Giunta con un assessore del sesso non rappresentato": the words stand in the condition,
    whose negation states the trigger, not a denial; the norm is the consequence. What governs
    is the main clause's own construction before the remedy ("può integrare" stays a faculty),
    else the remedy itself, and only when the main clause opens with the act that makes up for
    the missing sex ("il Presidente integra", "è nominato"): "il Sindaco motiva la scelta di non
    nominare un assessore del sesso non rappresentato" remedies nothing. Returns the construction
    and the condition's span (up to its comma).
    """
    for _, start in conditions:
        comma = text.find(",", core[1], bounds[1])
        if not (bounds[0] <= start[0] <= core[0] and comma >= 0):
            continue
        trigger = (start[0], comma)
        cure = next((r for r in remedies if comma < r[1][0] and r[1][1] <= bounds[1]), None)
        if cure is None:
            continue
        if _UNDONE.search(text, comma, cure[1][0]):
            continue  # "ne indica le ragioni per cui non è stato nominato un assessore del sesso …"
        main = [m for m in modal if comma < m[1][0] < cure[1][0]]
        if main:
            return max(main, key=lambda m: m[1][1]), trigger
        if _REMEDY_ACT.match(text, comma + 1, cure[1][0]):
            return cure, trigger
    return None


# A main clause that speaks of the remedy as not done or not needed remedies nothing.
_UNDONE = re.compile(rf"\b{_WORDS.negators.pattern}\b", re.IGNORECASE)
# The act of a remedy, opening the main clause: its subject (a word or two) and a finite verb of
# appointment, or the passive ("il Presidente integra", "il Sindaco nomina", "è nominato").
_REMEDY_ACT = re.compile(
    rf"\s*(?:(?:il|la|lo|l')\s*\w+(?:\s+\w+)?\s+{_WORDS.remedies.pattern}"
    rf"|(?:è|sono|viene|vengono)\s+{_WORDS.remedied.pattern})\b",
    re.IGNORECASE,
)


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
        _escape(c, span, unit.text)
        for unit in units
        if unit.article is reading.unit.article and unit.comma is not reading.unit.comma
        for c, span in _escapes(rule, unit, catalogue)
    ]
    if not found:
        return reading
    facts = [*reading.facts, *found[:1]]
    return Reading(reading.unit, tuple(facts), level_of(rule, facts, catalogue))


def _escapes(rule: Rule, unit: Unit, catalogue: Catalogue) -> list[Found]:
    """The provisos, negations and aims of a unit that take back a norm said elsewhere.

    Each must speak of the norm: a back reference right beside it, with no comma between ("ove
    la garanzia di cui al comma 1 non possa essere assicurata", "il comma 1 si applica ove
    possibile", "per le consulte di frazione il rispetto del comma 1 è raccomandato"), or a
    derogation that names no other target ("il Sindaco può derogare", not "in deroga
    all'articolo 28"). "Il Vicesindaco, nominato ai sensi del comma 1, non è tenuto a essere
    consigliere" takes nothing back.
    """
    shared = unit.hits.get(GLOBAL, {})
    back = [span for _, span in _construction_hits(catalogue, shared, "back_reference")]
    allowed = catalogue.accepted_provisos(rule)  # the law's own proviso takes nothing back
    return [
        (c, span)
        for c, span in _construction_hits(catalogue, shared, "proviso", "negation", "aim")
        if c.id not in allowed
        and not _denied(unit.text, (c, span))
        and (
            any(_beside(unit.text, span, other) for other in back)
            or (c.names_its_norm and _own_target(unit.text, span, back))
        )
    ]


_REACH_BACK = 30  # characters between a back reference and the proviso or negation it carries
_TARGET = re.compile(r"\s+(?:all'|(?:alla|alle|allo|agli|ad|al|ai|a)\b)", re.IGNORECASE)
_OWN = re.compile(
    r"\s*(?:quanto\s+previsto\s+)?(?:dal\s+|nel\s+)?(?:comma|commi|precedente)\b", re.I
)


def _beside(text: str, span: Span, other: Span) -> bool:
    """Two spans a few words apart in one phrase."""
    return _distance([span], [other]) <= _REACH_BACK and _one_phrase(text, span, other)


def _own_target(text: str, span: Span, back: list[Span]) -> bool:
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
    rf"\b{_WORDS.negators.pattern}\b"
    rf"(?:\s+(?!{_SUBORDINATOR})[^\s,;:]+){{0,5}}\s*$",  # not across "… che non …"
    re.I,
)


def _denied(text: str, found: Found) -> bool:
    """Whether a derogation is denied by the words right before it.

    Not by a negation of a dependent clause: "Il Sindaco che non trovi donne disponibili può
    derogare" still derogates.
    """
    construction, span = found
    before = text[max(0, span[0] - 40) : span[0]]
    denial = _DENIAL.search(before) if construction.names_its_norm else None
    return denial is not None and not _DEPENDENT.search(before, 0, denial.start())


def _escape(construction: Construction, span: Span, text: str) -> Fact:
    """A taking-back said outside the norm's sentence: its words, with no place in the quote."""
    return Fact(
        fact="escape", value=construction.id, pattern=f"construction:{construction.id}",
        text=text[span[0] : span[1]],
    )  # fmt: skip


# up to two more words of a body's name, none an auxiliary ("… consultivi istituiti")
_NAME_GOES_ON = re.compile(
    r"(?:\s+(?!(?:è|sono|viene|vengono|sia|siano|venga|vengano|resta|restano|essere|deve|devono"
    r"|può|possono|sarà|saranno|verrà|verranno|sarebbe|sarebbero|fosse|fossero|stato|stata|stati"
    r"|state|dovrà|dovranno|potrà|potranno)\b)[\w']+){0,2}\s+",
    re.IGNORECASE,
)


def _describes_body(text: str, span: Span, bounds: Span, named: list[Span]) -> bool:
    """A participle in or right after the name of a body describes it.

    "nei comitati istituiti dal Comune", "negli organismi consultivi istituiti dalla Città
    metropolitana": the participle is not the clause's verb; a finite verb or an aim caught
    inside a body's pattern ("il Consiglio si impegna affinché il Presidente …") still is, and so
    is a participle after an auxiliary ("le commissioni sono costituite …").
    """
    return (
        inside(span, bounds)
        and bool(_PARTICIPLE.fullmatch(text, *span))
        and any(
            inside(span, body) or _NAME_GOES_ON.fullmatch(text, body[1], span[0]) for body in named
        )
    )


def _foreign_subjects(
    text: str, subjects: list[Found], bounds: Span, verb: Span, named: list[Span]
) -> list[Fact]:
    """Another body as the subject of the clause's verb: the body's task, not the authority's.

    "La Commissione ha lo scopo di promuovere la parità", "la Consulta formula proposte affinché
    nella Giunta …": the subject stands before the governing verb in its sentence, with no comma
    between them and no authority named before it (then the body is an object or a partner:
    "Il Comune, d'intesa con le associazioni, promuove …"), unless the body is the subject of a
    relative clause whose verb governs ("Il Comune sostiene le associazioni che promuovono la
    parità"). A body the rule is about is no other subject ("le commissioni comunali hanno …").
    """
    facts = []
    for c, span in subjects:
        relative = bool(_THEIR_VERB.search(text, *span)) and verb[0] < span[1] <= verb[1]
        if (
            inside(span, bounds)
            and (span[0] < verb[0] or relative)
            and not any(span[0] < end and start < span[1] for start, end in named)
            and "," not in text[span[0] : span[1]]  # "d'intesa con le associazioni, promuove"
            and (relative or not _AUTHORITY.search(text, bounds[0], span[0]))
            and not _JOINT.search(text, *span)  # "Le associazioni e il Comune perseguono"
        ):
            facts.append(_fact("subject", c.id, span, f"construction:{c.id}", text))
    return facts


def _scope(unit: Unit, catalogue: Catalogue, bounds: Span) -> list[Fact]:
    """The bodies the clause's sentence names (the Giunta, collegial bodies, nominations …).

    Informative: one clause may bind one body and only promote another, and each body's rule
    reads the clause on its own; the trace shows which bodies the sentence covers.
    """
    named: dict[Span, Fact] = {}  # rules that share a body (the Giunta's two) name it once
    for other in catalogue.rules:
        for anchor in other.anchors if other.body_topic else []:
            for span in unit.hits.get(other.id, {}).get(anchor.name, [])[:1]:
                name = f"{other.id}/{anchor.name}"
                if inside(span, bounds) and span not in named:
                    named[span] = _fact("scope", name, span, name, unit.text)
    return list(named.values())


def level_of(rule: Rule, facts: list[Fact], catalogue: Catalogue) -> Level:
    """The level a unit's facts reach for a rule: a function of the facts alone."""
    kinds = {fact.fact for fact in facts}
    present = {fact.value for fact in facts if fact.fact == "requirement"}
    missing = [c for c in rule.requires if c.name not in present]
    if kinds & {"referral", "subject"}:  # the norm is elsewhere, or another body's task
        return "anchor"
    if missing or "modality" not in kinds:
        partial = "partial" in kinds or (present and rule.quantity is None)
        return "partial" if partial else "anchor"
    if "negation" in kinds:
        return "negated"
    quantity = next((float(f.value) for f in facts if f.fact == "quantity"), None)
    if rule.quantity and quantity is None:  # a rule on a share needs the share
        return "partial" if "partial" in kinds else "anchor"
    weakening = {"proviso", "limit", "escape", "exception", "object"}
    if not _binds(rule, facts, catalogue) or kinds & weakening:
        return "weak"
    if rule.quantity and quantity is not None and quantity < rule.quantity.minimum:
        return "low_quantity"
    return "full"


def _binds(rule: Rule, facts: list[Fact], catalogue: Catalogue) -> bool:
    """Whether the governing construction is one the rule accepts (or none is needed)."""
    modality = next(fact.value for fact in facts if fact.fact == "modality")
    if modality == NO_CONSTRUCTION:
        return not rule.needs_construction
    return modality in catalogue.accepted(rule)
