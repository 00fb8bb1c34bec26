"""Whose words the required words are: the topic's, or another body's, subject's or object's.

A statute names many bodies in one sentence; the required words ("entrambi i sessi") count for a
rule only where they are its topic's. This module answers that question for step 4 of reading a
unit (docs/verdict-model.md#reading-a-unit): which mention of the required words is a clause's
core (`find_cores`), where the unit names another rule's body or a collegial body the topic may
act on (`other_topics`, `other_bodies`), which bodies are joined to the topic as one subject
(`co_subjects`), and whether words stand nearer the topic than another body (`nearer_topic`). It
also reads a verb's object, which decides both whether required words only describe the subject
of a duty and the `object` fact (`another_object`). Apart from facts.py because limits.py and
shares.py ask the same questions (`whole_name`, `co_subjects`, `nearer_topic`).
"""

from __future__ import annotations

import re

from statuti_check.contract import Fact
from statuti_check.judge.catalogue import Catalogue, Rule
from statuti_check.judge.matching import Span, Unit
from statuti_check.judge.quantities import SHARE_START
from statuti_check.judge.sentences import (
    ADVERB,
    ARTICLE,
    DATIVE_PREPOSITION,
    LETTER_POINTER,
    PLACE_PREPOSITION,
    Found,
    clause_of,
    inside,
    item_of,
    predicate_of,
    sentence_of,
)
from statuti_check.judge.spans import (
    ASIDE_WORDS,
    PARTICIPLE,
    WORDS,
    construction_hits,
    distance,
    fact,
    one_phrase,
)
from statuti_check.judge.topic import is_excepted

_NAME_GAP = 10  # characters between two mentions of the topic that continue one name
# A sentence that refers back to the topic of the one before ("La Giunta è composta … Essa …"), or
# to the act that forms it ("Tali nomine …"; not "Tali consulte", a body of its own, nor "in modo
# tale che", "a tale scopo").
_ANAPHORA = re.compile(
    r"\b(?:essa|esso|essi|esse|suddett[oaie]|predett[oaie]"
    r"|tal[ei]\s+(?:nomin[ae]|designazion[ei]|composizion[ei]|component[ei]|scelt[ae]|incaric(?:o|hi)))\b",
    re.IGNORECASE,
)
# What may open a sentence before its subject: a number or lettera, an article, and a partner
# joined to it ("2. La Giunta", "b) il Consiglio", "Il Sindaco e gli assessori"), named in both
# genders too ("Il Sindaco o la Sindaca e la Giunta").
_SUBJECT = re.compile(
    r"(?:[\W\d_]|\b[a-z]\))*(?:(?i:il|la|lo|l'|i|gli|le)\s*)?"
    r"(?:[A-Z]\w+(?:\s+o\s+(?i:il|la|lo|l')\s*[A-Z]\w+)?\s+(?:e|ed)\s+(?:(?:il|la|lo|l'|i|gli|le)\s*)?)?",
)
# a verb that makes the subject what is described: "è composta", "sono nominati", "viene eletta"
_PASSIVE = re.compile(r"\b(?:è|sono|viene|vengono|sia|siano|venga|vengano|resta|restano)\b")
# the body as the place of the required words: "entrambi i sessi nelle commissioni"
# a relative clause set between commas, after a preposition too ("…, alla quale devono …,")
_RELATIVE_ASIDE = re.compile(r",\s*(?:\w+\s+)?(?:che|cui|quale|quali)\b[^,;:()]{1,200},", re.I)
_PLACE = re.compile(rf"[^,;:.()]{{0,25}}?\b(?:{PLACE_PREPOSITION}|all'interno\s+d\w+)\s*")
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
_INCLUDED = re.compile(rf"\b{WORDS.inclusions.pattern}\b[^,;:.()]{{0,60}}$", re.IGNORECASE)
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
    rf"|\b{WORDS.procedures.pattern}"
    r"\s+(?:\w+\s+){0,2}?(?:del|dello|della|dell'|dei|degli|delle|il|lo|la|l')?\s*)$",
    re.IGNORECASE,
)
_SHARED_PLACE = re.compile(  # the topic's inside as one of the places: "… come nelle commissioni"
    r"\s*,?\s*(?:(?:come|così\s+come)\s|(?:e|ed|nonché)\s+(?:anche\s+)?(?:in|nel|nella|nei|negli|nelle)\b)",
    re.IGNORECASE,
)
_AGENT = re.compile(r"\b(?:da|dal|dallo|dalla|dall'|dai|dagli|dalle)\s*$", re.IGNORECASE)


def _as_agent(text: str, span: Span, start: int = 0) -> bool:
    """Whether a body is named as an agent ("nominati dalla Giunta"), reading back to `start`."""
    return bool(_AGENT.search(text, max(start, span[0] - 12), span[0]))


def find_cores(
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
    the article's heading when it names no other topic either ("Art. 30 – La Giunta … 4. Le
    commissioni sono composte …" speaks of the commissions).
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
        if sentence in topical or ((titled or previous in topical) and implicit):
            by_sentence.setdefault(sentence, []).append(span)
    cores = [_nearest_own(spans, anchors, others) for spans in by_sentence.values()]
    return [
        core
        for core in cores
        if bodies is None
        or not (
            _only_actor(text, core, anchors, bodies, verbs)
            or _only_agent(text, core, anchors, [*others, *bodies])
        )
    ]


def _only_agent(text: str, core: Span, anchors: list[Span], bodies: list[Span]) -> bool:
    """Whether the topic is named in the core's sentence only as the agent of another body's making.

    "Il comitato è composto da sette membri nominati dalla Giunta, garantendo la presenza di
    entrambi i sessi": the committee is composed, the Giunta only appoints; the presence is the
    committee's. Not when the topic is named otherwise too ("La Giunta, nominata dal Sindaco, …").
    """
    sentence = sentence_of(text, core)
    named = [a for a in anchors if inside(a, sentence)]
    return bool(named) and all(
        _as_agent(text, a, sentence[0])
        and any(inside(b, sentence) and b[1] <= a[0] for b in bodies)
        for a in named
    )


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


# the nominations named right before the pointing back: "nelle nomine e nelle revoche di cui alle"
_NAMED_BACK = re.compile(
    r"\b(?:nomin\w*|designazion\w*|revoc\w*|scelt\w*)\s+(?:(?:e|o)\s+\w+\s+\w+\s+)?"
    r"(?:di\s+cui|previst\w+|indicat\w+)\s+(?:a|al|alla|alle|ai)\s+(?:precedent[ei]\s+)?$",
    re.IGNORECASE,
)


def _points_back(text: str, item: Span) -> bool:
    """Whether a lettera names what another lettera named.

    The nominations pointed back to ("nelle nomine di cui alla lett. a)"), not something else the
    lettera does in the same way ("i rappresentanti presso le aziende, con le modalità di cui
    alla lettera a)").
    """
    back = LETTER_POINTER.search(text, *item)
    if back is None:
        return False
    return _NAMED_BACK.search(text, item[0], back.start()) is not None


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
    assicurando …"), unless it points back to another lettera ("… nelle nomine di cui alla
    lettera a)").
    """
    sentence = sentence_of(text, span)
    if not any(inside(anchor, sentence) for anchor in anchors):
        return False  # the topic is elsewhere (the heading, the sentence before): see find_cores
    clause = clause_of(text, span, verbs, sorted([*anchors, *others]))
    predicate = predicate_of(text, span, verbs)  # "… nomina la Giunta e assicura che nelle …"
    item = item_of(text, span)  # "…: a) nomina gli assessori; … c) nomina i rappresentanti …"
    if _points_back(text, item):
        item = sentence  # "c) … nelle nomine di cui alla lettera a) …"
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
            m.end() <= v[0] and v[1] <= core[0] and not PARTICIPLE.match(text, v[0]) for v in verbs
        )
    ]
    if not named or any(  # "al proprio interno e …", "al proprio interno come nelle commissioni"
        one_phrase(text, m, core) or _SHARED_PLACE.match(text, m[1]) for m in inner
    ):
        return False
    subject = whole_name(text, named)
    rest = [anchor for anchor in named if not inside(anchor, subject)]
    joined = co_subjects(text, subject, sorted([*bodies, *rest]))
    body = _acted_on(text, subject, joined, core, sentence, bodies)
    # the topic named again after that body is acted on in turn ("… le commissioni e il Sindaco
    # nomina gli assessori garantendo …"); joined to the subject, it is part of it ("La Giunta e
    # i singoli assessori nominano i comitati …")
    return body is not None and not any(
        anchor[0] >= body[0] and (anchor[0] < core[0] or _a_place(text, anchor, sentence))
        for anchor in rest
    )


def whole_name(text: str, named: list[Span]) -> Span:
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

    `joined` is where the bodies joined to the topic as one subject end (see co_subjects).
    """
    if not _SUBJECT.fullmatch(text, sentence[0], anchor[0]):
        return None
    return next(
        (
            other
            for other in others
            if inside(other, sentence)
            and joined <= other[0]
            and not _as_agent(text, other)
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
    own = [s for s in spans if distance([s], anchors) <= distance([s], others)]
    return min(own or spans, key=lambda s: (distance([s], anchors), s))


def other_bodies(
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
        for _, span in construction_hits(catalogue, shared, "body")
        if not any(span[0] < e and b < span[1] for b, e in own)
    ]
    merged: list[Span] = []  # "commissioni" inside "commissioni consiliari": one body
    for start, end in sorted(
        span  # "con esclusione della Commissione edilizia": not a body acted on
        for span in [*others, *named]
        if not is_excepted(text, span, exceptions)
    ):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def other_topics(rule: Rule, unit: Unit, catalogue: Catalogue, own: list[Span]) -> list[Span]:
    """Where the unit names another rule's body, outside this rule's own words (`own`)."""
    return [
        span
        for other in catalogue.rules
        if other.id != rule.id and other.body_topic
        for anchor in other.anchors
        for span in unit.hits.get(other.id, {}).get(anchor.name, [])
        if not any(span[0] < end and start < span[1] for start, end in own)
    ]


def co_subjects(text: str, anchor: Span, others: list[Span]) -> int:
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


def nearer_topic(text: str, span: Span, anchors: list[Span], others: list[Span]) -> bool:
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
    return distance(others, [span]) >= distance(anchors, [span])


# the governing verb's object, after an aside: an article, then up to four words
_OBJECT = re.compile(
    rf"\s*(?:,{ASIDE_WORDS},\s*)?(?:{ADVERB}\s+)?(?:(?:il|lo|la|i|gli|le|un|una|uno)\s+|(?:l|un)'\s*)"
    r"(?P<head>[\w']+(?:\s+[\w']+){0,3})",
    re.IGNORECASE,
)
# an infinitive the duty governs, before its own object: "sono tenuti a presentare la …"
# … and whom it is owed to: "a comunicare al Segretario comunale le spese"
_OWED_ACT = re.compile(
    r"\s*(?:(?:a|ad|di)\s+)?(?:(?:essere|venire)\s+[a-zà-ù]+|[a-zà-ù]+(?:are|ere|ire))\b"
    rf"(?:\s+{DATIVE_PREPOSITION}\s*[\w']+(?:\s+(?!(?:il|lo|la|i|gli|le)\b)\w+)?)?",
    re.IGNORECASE,
)
# between the words that describe a subject and its verb: a few words, no punctuation
_SUBJECT_REST = re.compile(r"[^,;:.()]{0,40}")
# the presence and its kin, which a subject may be ("La presenza di entrambi i sessi …")
_PRESENCE_ITSELF = re.compile(rf"\b{WORDS.presence_heads.pattern}\b", re.IGNORECASE)
_PRESENCE_OBJECT = (
    re.compile(  # what a guarantee of presence may have as its object: the people too
        rf"\b(?:{WORDS.presence_heads.pattern}|{WORDS.members.pattern})\b", re.IGNORECASE
    )
)
_PREPOSITION_AFTER = re.compile(
    r"\s+(?:di|del|dello|della|dei|degli|delle|dell'|a|al|alla|ai|agli|alle|all'|in|nel|nella"
    r"|nei|negli|nelle|nell'|su|sul|sulla|sui|per|con|da|dal|dalla|dai)\b",
    re.IGNORECASE,
)


# a dative right after the verb, up to the required words: "assicura agli assessori di …"
_TO_WHOM = re.compile(
    rf"\s*(?:,{ASIDE_WORDS},\s*)?(?:{ADVERB}\s+)?{DATIVE_PREPOSITION}[^,;:.()]*$", re.IGNORECASE
)


def another_object(text: str, found: Found, core: Span, named: list[Span]) -> list[Fact]:
    """The binding form's own object, when it is no presence and the required words describe it.

    "Il Sindaco deve garantire la pubblicazione dei curricula degli assessori di entrambi i
    sessi": what is guaranteed is a publication; "… alla quale devono essere trasmesse le
    proposte … sulla presenza di entrambi i sessi": what is owed is a transmission. A body rule's
    guarantee has a closed list of objects (see _owed_elsewhere); a that-clause or a share
    ("assicura che …", "almeno il 40 per cento") is read as before. When the required words
    stand in a dative before the object, the object follows them ("assicura agli assessori di
    entrambi i sessi le risorse necessarie": what is assured is resources, to people).
    """
    construction, verb = found
    span = _object_after(text, verb[1], core[0]) if verb[1] <= core[0] else None
    if span is None and verb[1] <= core[0] and _TO_WHOM.match(text, verb[1], core[0]):
        span = _object_at(text, core[1], sentence_of(text, core)[1])
    if (
        span is None
        or not _owed_elsewhere(text, span, named)
        or _PRESENCE_OBJECT.match(text, core[0])
    ):
        return []  # "la presenza …", "una equilibrata presenza di donne e uomini"
    return [fact("object", construction.id, span, f"construction:{construction.id}", text)]


def _object_after(text: str, verb_end: int, end: int) -> Span | None:
    """The object of a verb, past the infinitive it governs ("sono tenuti a presentare la …")."""
    owed = _OWED_ACT.match(text, verb_end, end)
    return _object_at(text, owed.end() if owed else verb_end, end)


def _owed_elsewhere(text: str, span: Span, named: list[Span]) -> bool:
    """Whether an object is other than what a guarantee of presence may have as its object.

    What it may have is the presence and its kin, the seats among them (vocabulary
    `presence_heads`), the people who sit (`members`), and the topic itself ("devono comporre la
    Giunta").
    """
    return not (
        _PRESENCE_OBJECT.search(text, *span) or any(inside(anchor, span) for anchor in named)
    )


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
    presence may have (see _owed_elsewhere: "Entrambi i sessi devono comporre la Giunta"); a
    share is read by quantities.py (_object_at gives none); a verb with no object of its own
    ("devono essere rappresentati", "è garantita dal Sindaco") binds the presence the words
    name, and so does any verb when the subject is the presence itself ("La presenza di
    entrambi i sessi nella Giunta costituisce un valore").
    """
    sentence = sentence_of(text, span)
    if any(sentence[0] <= verb[0] < span[0] for verb in verbs):
        return False  # a verb before the words governs them (see another_object)
    if _PRESENCE_ITSELF.search(text, sentence[0], span[0]):
        return False  # "La presenza di entrambi i sessi …": the presence is the subject
    verb = next((v for v in sorted(verbs) if v[0] >= span[1]), None)
    if verb is None or not _SUBJECT_REST.fullmatch(text, span[1], verb[0]):
        return False
    words = _object_after(text, verb[1], sentence[1])
    return words is not None and _owed_elsewhere(text, words, anchors)
