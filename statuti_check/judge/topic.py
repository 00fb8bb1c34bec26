"""Which of a rule's matched words a unit is about: the topic and the words that count near it.

Steps 1 to 3 of reading a unit (docs/verdict-model.md#reading-a-unit), and the filter of step 5:
the rule's words in another sense ("di ogni genere") or in a cited act's title are set aside, a
trap's predicate is no evidence, an exception or another's body ("delle associazioni") takes a
mention out of the topic, and the other components count only near the topic and, for a list of
grounds, only in the clauses of the cores. An exception right after the topic that leaves part
of it out is the `exception` fact (`topic_cut`). These filters work on the hits before any clause
is read, so they are apart from the clause facts (facts.py); shares.py reads the same traps.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from itertools import accumulate

from statuti_check.contract import Fact
from statuti_check.judge.catalogue import Rule
from statuti_check.judge.matching import EXCLUDE, Span
from statuti_check.judge.sentences import (
    DATIVE_PREPOSITION,
    PLACE_PREPOSITION,
    Found,
    antecedent,
    clause_of,
    inside,
    phrase_end,
    predicate_of,
    sentence_of,
    subject_end,
)
from statuti_check.judge.spans import AUTHORITY, PARENTHESIS, WORDS, distance, fact

EXCEPTION_REACH = 30  # characters after "fatta eccezione per" within which a body is excepted
OTHERS_REACH = 30  # characters after a body within which "delle associazioni" makes it theirs
_NO_BREAK = re.compile(r"[^,;:()]*")  # an exception reaches its body only within one phrase
# the topic's own words, then an exception: "Le consulte comunali, eccetto", "…, con esclusione"
_TOPIC_THEN = re.compile(r"(?:\s+[\w']+){0,2}\s*,\s*(?:(?:fatta|fatte|fatto|fatti|ad|con|a)\s+)?")
_PHRASE_END = re.compile(r"[^,;:.()]{0,80}")
_FIXED = re.compile(  # "quelli composti esclusivamente da membri di diritto"
    r"\bcompost[oaie]\s+(?:(?:esclusivamente|unicamente|soltanto|solo)\s+)?da\s+(?:[\w']+\s+){0,2}?"
    rf"{WORDS.fixed_membership.pattern}\b",
    re.IGNORECASE,
)


def on_topic(rule: Rule, hits: dict[str, list[Span]], titled: dict[str, list[Span]]) -> bool:
    """Some anchor of the rule is found in the unit, or in its article's heading."""
    return bool(hits or titled) and any(a.name in hits or a.name in titled for a in rule.anchors)


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
# … or going on to the sexes after the other sense's words: "pari opportunità alle persone con
# disabilità e alle donne", "la parità di accesso dei disabili e tra uomini e donne"
_LIST_THEN = re.compile(
    rf"\s*,?\s*(?:e|ed|nonché)\s+(?:(?:{DATIVE_PREPOSITION}|tra|fra|per)\s*)?(?:(?:i|gli|le)\s+)?",
    re.IGNORECASE,
)
# … to the sexes as such, which no word qualifies: "alle donne in ogni ambito", "tra uomini e
# donne che accedono ai servizi" (not "alle donne vittime di violenza", "alle donne imprenditrici")
_SEX = r"(?:donn[ae]|uom[oi]|uomini|sess[oi]|gener[ei])"
_FIELD_NEXT = (  # … then a stop, or the field or people they are owed in or to
    rf"(?=\s*(?:[,.;:)]|$)|\s+(?:{PLACE_PREPOSITION}|{DATIVE_PREPOSITION}|per|di\s+ogni|senza)\b)"
)
_THE_SEXES = re.compile(
    rf"{_SEX}(?:{_FIELD_NEXT}|\s+(?:e|ed)\s+(?:(?:{DATIVE_PREPOSITION}|tra|fra)\s*)?"
    rf"(?:(?:i|gli|le)\s+)?{_SEX}(?:{_FIELD_NEXT}|\s+che\b))",
    re.IGNORECASE,
)


def in_their_sense(
    text: str, hits: dict[str, list[Span]], senses: list[Found], required: list[str]
) -> dict[str, list[Span]]:
    """A rule's words, except where they have another sense ("di ogni genere", "lingue straniere").

    The topic words of the rules (genere, uomo, straniero …) also mean other things; a closed
    list of those other senses (constructions of kind `sense`) takes the words they cover out,
    unless the rule's required words read on past them through a list of the same kind ("la
    violenza sui minori e sulle donne", "delle donne e dei minori vittime di violenza": the women
    are among the victims; "pari opportunità alle persone con disabilità e alle donne"; not "la
    violenza sugli animali, nonché le discriminazioni contro le donne").
    """
    longer = [span for name in required for span in hits.get(name, [])]
    covered = [
        span
        for _, span in senses
        if not any(
            (r[0] < span[1] < r[1] and _LIST_GOES_ON.fullmatch(text, span[1], r[1]))
            or (r[0] < span[0] < span[1] <= r[1] and _LIST_BEFORE.fullmatch(text, r[0], span[0]))
            or (
                span[1] <= r[0]
                and _LIST_THEN.fullmatch(text, span[1], r[0])
                and _THE_SEXES.match(text, r[0])
            )
            for r in longer
        )
    ]
    return _kept(hits, lambda _, span: bool(distance([span], covered)))


# an act's title after its citation: "…, n. 198, recante il Codice delle pari opportunità …", "legge
# n. 215/2012 (riequilibrio delle rappresentanze di genere …)", "… n. 125 «Azioni positive …»"
# (… and its amendments: "n. 198, e successive modificazioni, recante …", "n. 165 e s.m.i., …")
_AMENDED = (
    r"(?:,?\s*e\s+(?:successive|ss\.)\s*(?:modificazioni|modifiche|mm\.)"
    r"(?:\s+e\s+integrazioni|\s*e?\s*ii\.)?|,?\s*e\s+s\.\s?m\.\s?i\.?)?"
)
_CITED = (
    rf"(?:(?:\bn\.\s*\d+(?:/\d{{2,4}})?|\b\d+/\d{{2,4}})(?:\s+del\s+\d{{4}})?{_AMENDED}"
    r"|\b(?:legge|decreto\s+legislativo|testo\s+unico))\s*,?\s*"
)  # … or an act named without its number: "dalla legge recante il Codice …"
# a title after "recante" ends at punctuation or where the citing sentence's subject begins ("…
# il Codice delle pari opportunità il Comune garantisce …")
_SUBJECT_AHEAD = rf"\s(?:il|la|lo|l')\s*{WORDS.authorities.pattern}\b"
_ACT_TITLE = re.compile(
    rf"{_CITED}(?:recant[ei]\s+(?P<named>(?:(?!{_SUBJECT_AHEAD})[^,;:.()]){{1,200}})"
    r"|\((?P<bracketed>[^()]{1,300})\)|[«“\"](?P<quoted>[^»”\"]{1,300})[»”\"])",
    re.IGNORECASE,
)


def outside_titles(text: str, hits: dict[str, list[Span]]) -> dict[str, list[Span]]:
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


def traps(text: str, hits: dict[str, list[Span]]) -> list[Span]:
    """The predicates holding one of a rule's traps, unless an `exclude_unless` word is there."""
    if f"{EXCLUDE}.unless" in hits:
        return []
    return [_trapped(text, span) for span in hits.get(EXCLUDE, [])]


def _trapped(text: str, span: Span) -> Span:
    """From a trap's predicate to the end of what its subject says: the predicates before stand.

    So does a predicate with a subject of its own after it ("La Consulta femminile è abolita e le
    sue funzioni sono affidate alla Commissione …"). A trap in a relative clause is said of the
    phrase before it, and reaches back only to that phrase's start: "È istituita la Commissione
    …, che sostituisce la Consulta femminile, la quale è soppressa" does away with the Consulta;
    and forward only to its end: "La Consulta delle donne, che è soppressa, è sostituita dalla
    Commissione …" leaves the Commissione. A trap the authority says of what it acts on covers its
    predicate only: "Il Comune scioglie la Consulta delle donne e istituisce la Commissione …".
    """
    said_of = antecedent(text, span)
    if said_of is None:
        start, end = predicate_of(text, span)
        if AUTHORITY.search(text, start, span[0]):  # said by the authority of what it acts on
            return start, end
        return start, subject_end(text, span)
    return said_of[0], phrase_end(text, span[1], subject_end(text, span))  # "…, che è soppressa, …"


def outside_traps(text: str, hits: dict[str, list[Span]]) -> dict[str, list[Span]]:
    """The rule's words outside the sentences that hold one of its traps (`exclude`).

    A trap makes its own sentence no evidence ("2. La Commissione esprime parere sui bandi di
    concorso"), not the sentences beside it ("1. È istituita la Commissione comunale per le pari
    opportunità"), nor another predicate of its sentence ("Il Comune assicura pari opportunità
    tra donne e uomini in ogni ambito e istituisce la Consulta delle donne").
    """
    trapped = traps(text, hits)
    return _kept(hits, lambda _, span: not any(inside(span, t) for t in trapped))


def _kept(hits: dict[str, list[Span]], keep: Callable[[str, Span], bool]) -> dict[str, list[Span]]:
    """The hits a test keeps, by component name; a component left with none is dropped."""
    return {
        name: kept for name, spans in hits.items() if (kept := [s for s in spans if keep(name, s)])
    }


def unexcepted(
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

    kept = {
        name: [s for s in spans if not is_excepted(text, s, exceptions) and not foreign(s)]
        for name, spans in anchors.items()
    }
    bodies = [s for spans in kept.values() for s in spans if not _MEMBERS.fullmatch(text, *s)]
    return {
        name: spans
        for name, all_spans in kept.items()
        if (spans := [s for s in all_spans if not _their_members(text, s, others, bodies)])
    }


_MEMBERS = re.compile(rf"{WORDS.members.pattern}", re.IGNORECASE)


def _their_members(text: str, span: Span, others: list[Span], bodies: list[Span]) -> bool:
    """Members named after another's body, in a sentence that names none of the authority's own.

    "La Giunta dell'Unione comprende assessori di entrambi i sessi": the assessori are the
    Unione's; not in "Il Sindaco, che presiede anche la Giunta dell'Unione, nomina gli assessori",
    where the authority's own organ is named too.
    """
    sentence = sentence_of(text, span)
    own = [m.span() for m in AUTHORITY.finditer(text, *sentence)]
    return (
        bool(_MEMBERS.fullmatch(text, *span))
        and any(inside(o, sentence) and o[1] <= span[0] for o in others)
        and not any(inside(b, sentence) for b in bodies)
        and all(any(inside(organ, o) for o in others) for organ in own)
    )


def is_excepted(text: str, span: Span, exceptions: list[Found]) -> bool:
    """Whether an exception names the body at span (see unexcepted)."""
    return any(
        (
            construction.position == "before"
            and 0 <= span[0] - end <= EXCEPTION_REACH
            and _NO_BREAK.fullmatch(text, end, span[0])
        )
        or (construction.position == "after" and 0 <= start - span[1] <= 3)
        for construction, (start, end) in exceptions
    )


def topic_cut(
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
    that names the topic itself (see unexcepted), nor one in another sentence than the
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
                and any(
                    start < e[0] and is_excepted(text, e, [(c, (start, end))]) for e in excepted
                )
            )
        )
        if cut and not any(o[0] >= end and _NO_BREAK.fullmatch(text, end, o[0]) for o in others):
            what = _PHRASE_END.match(text, end)  # quoted up to the phrase's end: what is left out
            span = (start, what.end() if what else end)
            if not _FIXED.search(text, *span):
                return [fact("exception", c.id, span, f"construction:{c.id}", text)]
    return []


def near_anchors(
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
            else [s for s in spans if distance([aside(s)], anchors) <= rule.window]
        )
        if near:
            kept[name] = near
    return kept


def _without_asides(text: str) -> Callable[[Span], Span]:
    """Maps a span to offsets in the text with its parentheses taken out (see near_anchors)."""
    cuts = [(m.start(), m.end()) for m in PARENTHESIS.finditer(text)]
    ends = [end for _, end in cuts]
    removed = list(accumulate(end - start for start, end in cuts))

    def shift(offset: int) -> int:
        done = bisect_right(ends, offset)
        before = removed[done - 1] if done else 0
        if done < len(cuts) and cuts[done][0] < offset:  # inside a parenthesis: its start
            return cuts[done][0] - before
        return offset - before

    return lambda span: (shift(span[0]), shift(span[1]))


def in_clauses(
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
