"""How one unit of a statute reads against one rule: its structured facts.

`read_unit` collects facts (the topic, the required words, the construction that governs them,
provisos, negations, limits, a quantity), each with its span and the pattern or construction
that found it; levels.py decides the level from those facts alone. The Italian reason is written
from the same facts afterwards (assessment.py), so no decision ever depends on the wording of a
message.

A wrong `conforme` hides a gap, so the default is turned around: a complete clause is `full` only
when the construction governing its required words is one the rule accepts (rules/
_constructions.yaml); an aim, an unknown verb or no verb at all leave it `weak`.

`read_unit` runs the steps of docs/verdict-model.md#reading-a-unit in order, and each question
has its own module:
- topic.py: which of the rule's words the unit is about (steps 1 to 3, and the filter of step 5);
- whose.py: whose the required words are: the clause cores (step 4) and the `object` fact;
- this module: the component facts (step 5) and the facts of one clause (step 6): the governing
  form, the remedy of a condition, provisos, negations, referrals, conditions, another subject,
  the bodies the sentence names;
- limits.py, shares.py, escapes.py: the `limit`, `quantity` and `escape` facts of step 6;
- levels.py: the level the facts reach (docs/verdict-model.md#levels);
- spans.py: the small helpers and patterns several of them share.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from statuti_check.contract import Fact, FactKind
from statuti_check.judge.catalogue import Catalogue, Component, Rule
from statuti_check.judge.constructions import MODAL_KINDS, NO_CONSTRUCTION
from statuti_check.judge.escapes import denied, escape, escapes_in, own_target
from statuti_check.judge.levels import LEVELS, Reading, level_of
from statuti_check.judge.limits import limits
from statuti_check.judge.matching import EXCLUDE, GLOBAL, OTHERS, Span, Unit
from statuti_check.judge.sentences import (
    NOMINAL,
    RELATIVE_OPENING,
    Found,
    antecedent,
    governing,
    inside,
    phrase_end,
    predicate_of,
    sentence_of,
)
from statuti_check.judge.shares import topic_share
from statuti_check.judge.spans import (
    AUTHORITY,
    PARENTHESIS,
    PARTICIPLE,
    WORDS,
    construction_hits,
    fact,
    one_phrase,
)
from statuti_check.judge.topic import (
    in_clauses,
    in_their_sense,
    is_excepted,
    near_anchors,
    on_topic,
    outside_titles,
    outside_traps,
    topic_cut,
    unexcepted,
)
from statuti_check.judge.whose import another_object, find_cores, other_bodies, other_topics

_WORD = re.compile(r"\w")
# what a taking back is limited to: "… non si applica ai comuni con meno di 3.000 abitanti"
_NARROWED = re.compile(
    r"\s*(?:(?:a|ai|agli|alle|al|allo|alla|nei|negli|nelle|nel|nello|nella|per|fino|sotto|oltre|"
    r"qualora|quando|se|ove)\b|all'|nell'|in\s+caso)",
    re.IGNORECASE,
)
_NORM_NOUN = re.compile(rf"\b{WORDS.norm_nouns.pattern}\b", re.IGNORECASE)
_RELATIVE = re.compile(rf",\s*(?:{RELATIVE_OPENING})\b[^,;:()]{{1,160}},")
# the authority joined to a body as one subject: "Le associazioni e il Comune perseguono"
_JOINT = re.compile(
    rf"\b(?:e|ed|con|insieme\s+al?)\s+(?:(?:il|la|lo|l')\s*)?{WORDS.authorities.pattern}\b"
)
_THEIR_VERB = re.compile(rf"\b(?:{RELATIVE_OPENING})\s+\S+$", re.I)  # a relative's own verb


def read_unit(rule: Rule, unit: Unit, catalogue: Catalogue) -> Reading | None:
    """The facts of a unit that touches the rule's topic (None when it does not)."""
    own = unit.hits.get(rule.id, {})
    titled = unit.heading_hits.get(rule.id, {}) if rule.heading_anchors else {}
    if not on_topic(rule, own, titled):
        return None  # most units: not about the topic at all (asked first: it is quick)
    shared = unit.hits.get(GLOBAL, {})
    senses = construction_hits(catalogue, shared, "sense")
    hits = outside_titles(unit.text, in_their_sense(unit.text, own, senses, _required(rule)))
    if not on_topic(rule, hits, titled):
        return None  # the topic's words all had another sense
    if EXCLUDE in hits and f"{EXCLUDE}.unless" not in hits:
        hits = outside_traps(unit.text, hits)
        if not on_topic(rule, hits, titled):
            return None
    exceptions = construction_hits(catalogue, shared, "exception")
    anchor_names = [a.name for a in rule.anchors]
    anchors = {n: hits.pop(n) for n in anchor_names if n in hits}
    excepted = [
        s for spans in anchors.values() for s in spans if is_excepted(unit.text, s, exceptions)
    ]
    hits.update(unexcepted(unit.text, anchors, exceptions, hits.get(OTHERS, [])))
    if not all(name in hits or name in titled for name in anchor_names):
        return None
    from_heading = any(name not in hits for name in anchor_names)
    if from_heading and OTHERS in hits:  # "Aziende speciali": their statutes speak of their bodies
        return None
    hits = near_anchors(rule, hits, from_heading, unit.text)
    text = unit.text
    mine = [span for spans in own.values() for span in spans]
    others = other_topics(rule, unit, catalogue, mine)
    bodies = (
        other_bodies(text, catalogue, shared, mine, others, exceptions) if rule.body_topic else None
    )
    verbs = [span for _, span in construction_hits(catalogue, shared, *MODAL_KINDS)]
    foreign = sorted(
        [*others, *hits.get(OTHERS, [])]
    )  # "i propri organi", "gli statuti delle aziende"
    cores = _clause_cores(rule, text, hits, from_heading, foreign, bodies, verbs)
    if rule.requires and not cores:
        # the required words stand in no sentence about the topic: they speak of something else
        hits = {name: spans for name, spans in hits.items() if name not in _required(rule)}
    elif len(rule.requires) > 1 and not from_heading and rule.unit != "articolo":
        hits = in_clauses(text, hits, rule, cores, verbs)
    facts = _component_facts("topic", rule, rule.anchors, hits, text)
    if not facts:  # the topic is in the heading ("Art. 12 - Commissioni consiliari")
        facts = [
            Fact(fact="topic", value=a.name, pattern=f"{rule.id}/{a.name}", text=unit.heading_text)
            for a in rule.anchors
        ]
    facts += _component_facts("requirement", rule, rule.requires, hits, text)
    facts += _component_facts("partial", rule, rule.partial, hits, text)
    if all(c.name in hits for c in rule.requires):
        facts += _clause_facts(rule, unit, catalogue, hits, cores, others)
        facts += topic_cut(text, hits, rule, cores, exceptions, others, excepted)
    return Reading(unit, tuple(_as_written(unit, facts)), level_of(rule, facts, catalogue))


def _as_written(unit: Unit, facts: list[Fact]) -> list[Fact]:
    """The facts with the statute's own letters, not those the judge read (matching.as_read).

    A fact quotes what the statute says, and the draft amendment finds its sentence by these
    words.
    """
    if unit.written is None:
        return facts
    return [
        fact.model_copy(update={"text": unit.written[fact.span[0] : fact.span[1]]})
        if fact.span and fact.text is not None
        else fact
        for fact in facts
    ]


def _component_facts(
    kind: FactKind, rule: Rule, components: list[Component], hits: dict[str, list[Span]], text: str
) -> list[Fact]:
    """One fact per component found: its first mention."""
    return [
        fact(kind, c.name, span, f"{rule.id}/{c.name}", text)
        for c in components
        for span in hits.get(c.name, [])[:1]
    ]


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
    """The mentions of the required words that open a clause (see whose.find_cores)."""
    required = sorted({s for name in _required(rule) for s in hits.get(name, [])})
    if not required:
        return [(0, 0)]
    anchors = sorted({s for a in rule.anchors for s in hits.get(a.name, [])})
    titled = from_heading or rule.unit == "articolo"
    return find_cores(text, required, anchors, titled, others, bodies, verbs)


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
    share = topic_share(rule, unit, hits, others)
    escapes = escapes_in(rule, unit, catalogue)  # the unit's, whichever sentence a clause is in
    clauses = [_clause(rule, unit, catalogue, hits, core, share, escapes) for core in cores]
    return min(
        clauses, key=lambda facts: LEVELS.index(level_of(rule, facts, catalogue)), default=[]
    )


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
        return construction_hits(self.catalogue, self.shared, *kinds)

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
            fact(kind, c.id, span, f"construction:{c.id}", text)
            for c, span in found
            if inside(span, self.bounds)
            and not any(b != span and inside(span, b) for b in binding)
            and not any(
                inside(span, aside) and _WORD.search(text, aside[0], span[0])
                for aside in self.asides
            )
            and span[0] != core[0]  # a word opening the required words is theirs ("un solo sesso")
        ]


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
        for pattern in (PARENTHESIS, _RELATIVE)
        for m in pattern.finditer(text, *bounds)
        if m.end() <= core[0]
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

    The share (shares.py) and the escapes (escapes.py) are the unit's, found once for all its
    clauses.
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
        fact("modality", found[0].id, found[1], f"construction:{found[0].id}", text)
        if found
        else Fact(fact="modality", value=NO_CONSTRUCTION)
    ]
    if rule.body_topic and found and found[0].kind == "binding" and not found[0].in_object:
        facts += another_object(text, found, core, named)
    facts += _provisos(rule, here)
    # another sentence of the unit that takes the norm back ("2. La disposizione del comma 1 non
    # si applica qualora …", "il Sindaco può derogare")
    binding = [span for c, span in modal if c.kind == "binding"]
    # … or in this sentence, beside the norm named again ("… e la presente disposizione non è
    # applicata ai comuni con meno di 3.000 abitanti"): a part taken back, not a denial (nor a
    # remedy's condition: "qualora la composizione di cui al comma 1 non assicuri …")
    taken_back = [
        span
        for c, span in escapes
        if inside(span, bounds)
        and c.kind == "negation"
        and _NARROWED.match(text, span[1])  # "… non è applicata ai comuni …", not "… applicata."
        and not any(inside(span, other) for other in binding + triggers)
    ]
    facts += [
        escape(c, span, text)
        for c, span in escapes
        if not inside(span, bounds) or span in taken_back
    ]
    facts += _negations(here, binding + triggers, taken_back)
    facts += here.facts(here.constructions("referral"), "referral", [])
    facts += here.facts(here.constructions("condition"), "condition", triggers)
    if rule.authority_subject:
        subjects = here.constructions("subject")
        bodies = named if rule.body_topic else []  # "la Consigliera di parità" is no principle
        facts += _foreign_subjects(text, subjects, bounds, found[1] if found else core, bodies)
    verbs = [span for _, span in modal if not NOMINAL.search(text, span[0], span[1])]
    facts += limits(rule, hits, core, found[1] if found else None, text, verbs)
    facts += _scope(unit, catalogue, bounds)
    return [*facts, share] if share else facts


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
_UNDONE = re.compile(rf"\b{WORDS.negators.pattern}\b", re.IGNORECASE)
# The act of a remedy, opening the main clause: its subject (a word or two) and a finite verb of
# appointment, or the passive ("il Presidente integra", "il Sindaco nomina", "è nominato").
_REMEDY_ACT = re.compile(
    rf"\s*(?:(?:il|la|lo|l')\s*\w+(?:\s+\w+)?\s+{WORDS.remedies.pattern}"
    rf"|(?:è|sono|viene|vengono)\s+{WORDS.remedied.pattern})\b",
    re.IGNORECASE,
)


def _provisos(rule: Rule, here: _Sentence) -> list[Fact]:
    """The provisos that restrict the clause in its sentence (from elsewhere: escapes.py).

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
        and not denied(here.text, c)
        and not any(inside(c[1], sense) for sense in cancelling)
        and (not c[0].names_its_norm or own_target(here.text, c[1], back))
    ]
    return here.facts(provisos, "proviso", [])


def _negations(here: _Sentence, kept: list[Span], taken_back: list[Span]) -> list[Fact]:
    """The negations that deny the clause (not those inside a binding form or a trigger, `kept`).

    A negation of a phrase denies only it ("partecipa …, ma non vota"); one in another sense
    denies nothing ("è abolito il requisito della cittadinanza"), nor one of another predicate
    or of a relative clause on another phrase (see _said_of_core), nor one beside the norm named
    again, which takes a part of it back (`taken_back`, an escape).
    """
    cancelling = here.cancelling()
    negations = [
        (c, span)
        for c, span in here.constructions("negation")
        if span not in taken_back
        and (c.scope == "sentence" or one_phrase(here.text, span, here.core))
        and not any(span[0] < end and start < span[1] for start, end in cancelling)
        and _said_of_core(here.text, span, here.core)
    ]
    return here.facts(negations, "negation", kept)


def _said_of_core(text: str, span: Span, core: Span) -> bool:
    """Whether a negation is said of the required words.

    Not when it is another predicate's ("La Consulta femminile è abolita e le sue funzioni sono
    affidate alla Commissione …"), nor in a relative clause when they are neither in it nor in the
    phrase it is said of ("La Consulta, che è soppressa, è sostituita dalla Commissione …"),
    unless that phrase names the norm itself ("…, secondo le norme del presente articolo, le
    quali non si applicano …").
    """
    said_of = antecedent(text, span)
    closed = phrase_end(text, span[1], sentence_of(text, span)[1])
    ours = said_of is None or said_of[0] <= core[0] < closed
    of_the_norm = said_of is not None and bool(_NORM_NOUN.search(text, *said_of))
    start, end = predicate_of(text, span)
    return (ours or of_the_norm) and start < core[1] and core[0] < end


# up to two more words of a body's name, none an auxiliary ("… consultivi istituiti")
_NAME_GOES_ON = re.compile(
    rf"(?:\s+(?!{WORDS.auxiliaries.pattern}\b)[\w']+){{0,2}}\s+", re.IGNORECASE
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
        and bool(PARTICIPLE.fullmatch(text, *span))
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
            and (relative or not AUTHORITY.search(text, bounds[0], span[0]))
            and not _JOINT.search(text, *span)  # "Le associazioni e il Comune perseguono"
        ):
            facts.append(fact("subject", c.id, span, f"construction:{c.id}", text))
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
                    named[span] = fact("scope", name, span, name, unit.text)
    return list(named.values())
