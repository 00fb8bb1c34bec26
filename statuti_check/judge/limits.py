"""Whether a limit narrows a clause: the `limit` fact.

A principle stated for one field ("nel lavoro") is only partly the principle, but statutes name
fields in many ways that take nothing away from a principle stated whole: added or stressed
("anche nella composizione"), a means after a gerund, another object, a list going on to a
widening word. The closed list of those ways is long and is read only for limits, so it lives
here apart from the other clause facts (facts.py); docs/verdict-model.md#reading-a-unit, step 6.
"""

from __future__ import annotations

import re

from statuti_check.contract import Fact
from statuti_check.judge.catalogue import Rule
from statuti_check.judge.matching import Span
from statuti_check.judge.sentences import (
    ARTICLE,
    DATIVE_PREPOSITION,
    GERUND,
    RELATIVE_OPENING,
    VERB_AND_OBJECT,
    inside,
    sentence_of,
)
from statuti_check.judge.spans import WORDS, distance, fact
from statuti_check.judge.whose import whole_name

_ARTICLE_OR_PREPOSITION = (
    r"(?:il|lo|la|i|gli|le|l'|un|una|uno|in|nel|nello|nella|nei|negli|nelle|nell'|del|dello|della"
    r"|dei|degli|delle|dell'|al|allo|alla|ai|agli|alle|all')\b"
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
_FIELD = re.compile(rf"\b{WORDS.field_nouns.pattern}$", re.IGNORECASE)
_NARROWED = re.compile(
    r"\s+(?:dell'|(?:di|del|della|dello|dei|degli|delle)\b)\s*"
    rf"(?!(?:propri[oaie]|sua|suo|sue|suoi|{WORDS.wide_complements.pattern})\b)\w",
    re.IGNORECASE,
)
# whom a guarantee is for: "ai dipendenti", "per il personale", "a favore dei"
_DATIVE = re.compile(
    rf"\b(?:{DATIVE_PREPOSITION}|per|verso|nei\s+confronti\s+d\w+|a\s+favore\s+d\w+)"
    r"\s*(?:\w+\s+){0,2}$",
    re.IGNORECASE,
)
_LATER_ITEM = re.compile(r"(?:\s*,\s*|\s+(?:e|ed)\s+)[^,;:.()]{0,30}")
# the next item of a list: "nella scuola e nella società", "del lavoro e della vita sociale", "al
# lavoro, alla cultura e alla vita pubblica", "all'istruzione e all'economia"
_ITEMS = (
    r"(?:(?:nella|nel|nello|nei|negli|nelle|della|del|dello|dei|degli|delle|alla|al|allo|ai|agli"
    r"|alle|di|in|a|ad|ogni)\s+|(?:nell|dell|all)'\s*)"
)
_ITEM_PREPOSITION = re.compile(_ITEMS)
_NEXT_ITEM = re.compile(  # … or a later one: "nel lavoro, nella famiglia e nella vita sociale"
    rf"(?:[^,;:.()]{{0,15}}?(?:\s*,\s*|\s+(?:e|ed)\s+)(?:e\s+)?(?:{_ITEMS})+){{1,4}}"
)
# an aside that describes the subject or names a partner, not the clause's field: a relative
# clause, a collaboration ("Il Comune, che gestisce i servizi scolastici, …", ", con la
# collaborazione del Comitato unico di garanzia del personale,"); not a role (", in qualità di
# datore di lavoro," confines the principle to employment)
_DESCRIBES = re.compile(
    rf",\s*(?:{RELATIVE_OPENING}|{WORDS.partners.pattern})\b[^,;:()]{{1,160}},",
    re.IGNORECASE,
)
# a limit added or stressed, not confining: "anche nella", "con particolare riguardo ai", "non
# solo nel"
_ADDED = re.compile(
    # "specie" alone stresses unless it is the noun ("una specie di")
    rf"(?:\b(?:{WORDS.stress.pattern}|specie(?!\s+d[ie]\b|\s+d'))"
    rf"|(?:,\s*|\b(?:e|ed)\s+){WORDS.stress_adverbs.pattern}"
    rf"|,\s*anche|,\s*{WORDS.inclusions.pattern}"  # ", compreso l'accesso agli impieghi"
    r"|\bnon\s+(?:solo|soltanto|solamente))\b,?"  # "e, in particolare, assicura …"
    r"(?!\s+(?:esclusivamente|solo|soltanto|unicamente)\b)[^.;:,]{0,60}$",
    re.IGNORECASE,
)
_BACK = re.compile(
    r"\b(?:in|a|per|da)\s+(?:esso|essa|essi|esse)\b|\bivi\b|\ba\s+tal\s+fine\b", re.I
)
# a gerund after the principle, past a comma, says how it is pursued: its object is a means, not
# the principle's field ("… pari opportunità tra donne e uomini, garantendo la presenza di
# entrambi i sessi nella Giunta"), also past the full stops of a citation's numbers and dates
# ("… ai sensi della legge 23.11.2012 n. 215, garantendo …": a full stop before a word ends the
# phrase); so is what is done "a tal fine"
_MEANS = re.compile(
    r"(?:[^.;:()]|\.(?!\s+(?:[^\W\d_]|[«\"“(])))*"
    rf"(?:,\s*(?:anche\s+)?(?!quando\b){GERUND}"
    # … or what is done for it: "… e, a tal fine, adotta il piano per il proprio personale"
    rf"|\b{WORDS.purposes.pattern})\b",
    re.IGNORECASE,
)
# another principle in the verb's list of objects, with a field of its own: "assicura l'effettiva
# parità tra uomo e donna, pari opportunità lavorative, pari dignità" (not ", nel lavoro": a
# complement; not ", il Sindaco attribuisce …": another clause)
_PRINCIPLE = re.compile(rf"\b{WORDS.principle_words.pattern}\b", re.IGNORECASE)
_NEW_OBJECT = re.compile(
    rf",\s*(?:e\s+)?(?:(?:la|le|l')\s*)?{WORDS.principle_words.pattern}\b[^,;:.()]*$",
    re.IGNORECASE,
)
# what follows the whole principle and is no field of it: another object or predicate joined by
# "e" ("… e la partecipazione delle donne al lavoro", "… e ne riferisce al Consiglio con una
# relazione della Giunta", "… e promuove la presenza di entrambi i sessi negli organi", "… e, in
# occasione dell'8 marzo, organizza iniziative"), a relative clause on how it is pursued ("…, che
# sostiene anche attraverso le società"); not a bare "anche" ("anche ai propri dipendenti" is the
# only field)
_ANOTHER = re.compile(
    rf"(?:\s*,?\s*(?:e|ed|nonché)\s+(?:{ARTICLE}|(?:ne|vi|ci|si)\s+[a-zà-ù]+|{VERB_AND_OBJECT})"
    r"|\s*,?\s*(?:e|ed)\s*,"
    rf"|\s*,\s*(?:{RELATIVE_OPENING})\b)[^;:.()]*$",
    re.IGNORECASE,
)
_COORDINATED = re.compile(r"\b(?:e|ed)\s+(?:(?:si|ne|ci|vi|lo|la|li|le)\s+){0,2}$", re.IGNORECASE)
# a clitic before the governing verb points back to the earlier object: "valorizza lo sport e vi
# garantisce la parità", "valorizza il personale e ne assicura la parità"
_CLITIC_BACK = re.compile(r"\b(?:vi|ne|ci)\s+$", re.IGNORECASE)


def limits(
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
    whole = whole_name(text, [core, *sorted(s for s in later if "," not in text[core[1] : s[0]])])
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
        # confronti del proprio personale", "in tutti i settori, per il personale"); not an item
        # narrowed in its own words ("agli impianti sportivi e alle attività sportive comunali")
        items = [w for w in widening if not any(inside(s, w) for s in spans)]
        spans = [
            s
            for s in spans
            if not any(
                _next_item(text, s, w) or _LATER_ITEM.fullmatch(text, w[1], s[0]) for w in items
            )
        ]
        between = _within(spans, governed) if not _within(widening, governed) else []
        if between or (spans and distance(spans, [core]) < distance(widening, [core])):
            span = between[0] if between else min(spans, key=lambda s: distance([s], [core]))
            facts.append(fact("limit", limit.name, span, f"{rule.id}/{limit.name}", text))
    return facts


def _next_item(text: str, limit: Span, widening: Span) -> bool:
    """Whether a widening word is a later item of the limit's list ("… e nella società")."""
    opening = _ITEM_PREPOSITION.match(text, widening[0])  # the widening words' own "nella"
    return bool(_NEXT_ITEM.fullmatch(text, limit[1], opening.end() if opening else widening[0]))


# a later sentence that points back to the principle: "nel rispetto di tale principio"
_APPLIES = re.compile(
    r"\b(?:tale|tali|detto|detti|suddetto|suddetti|predetto|predetti|medesimo|medesimi)\s+princip(?:io|i)\b",
    re.IGNORECASE,
)


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
    stop = max(text.rfind(";", core[1], span[0]), text.rfind(".", core[1], span[0]))
    if stop >= 0 and _APPLIES.search(text, stop, sentence_of(text, span)[1]):
        return False  # "…; le commissioni sono composte nel rispetto di tale principio" applies it
    if _ADDED.search(text, max(0, span[0] - 70), span[0]) and not (
        span[1] <= core[0] and _DATIVE.search(text, max(0, span[0] - 30), span[0])
    ):  # stress, after the principle or before it, but for whom it is given: "garantisce,
        # specie ai dipendenti con figli minori, la parità" names the recipients
        return False
    if span[0] > core[1] and (
        # up to the limit's end: the limit may be the gerund itself ("…, nominando gli assessori")
        _MEANS.match(text, core[1], span[1])
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
