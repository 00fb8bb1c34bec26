"""Where sentences end and which construction governs a clause's required words.

The verdict turns on one question (facts.py): which form governs the words a rule requires —
a guarantee ("garantisce la presenza di entrambi i sessi"), an aim ("promuove …"), or nothing.
Italian statutes answer it with word order: the governing verb comes before its object, a
modal or an aim governs the verb it introduces ("può adottare", "si impegna a garantire"), a
purpose ("al fine di garantire") governs nothing, and an infinitive binds only under a finite
form that binds ("deve garantire"). This module reads that order; it knows no rule.

The steps around it: docs/verdict-model.md#reading-a-unit.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import lru_cache

from statuti_check.judge.constructions import Construction
from statuti_check.judge.vocabulary import vocabulary

Span = tuple[int, int]
Found = tuple[Construction, Span]

# "." or ":" before a capital ends a sentence, and ";" does unless the next lettera of a list
# follows ("a) …; b) …" is one list under its opening words); an abbreviation's full stop
# ("D. Lgs. 198/2006", "art. 6", "L. 56/2014") and a comma's number ("2. Essi …") do not.
# A line opening a numbered comma: a heading or a comma ends where the next comma begins.
NUMBERED_LINE = re.compile(r"\n(?=\s*\d{1,3}\s*[.)°]\s)")
_END = re.compile(
    r"(?:[.:](?=\s+[A-ZÀ-Ý0-9«\"“(])|;(?!\s*(?:[a-z]{1,2}|\d{1,2})\)))\s|" + NUMBERED_LINE.pattern
)
_ABBREVIATION = re.compile(
    r"(?:\b[A-Za-z]{1,3}|\b(?:artt?|lett|Lgs|lgs|Cost|cost|cfr|ecc|pagg?|Reg|reg|Dott|dott|Sig)"
    r"|(?:^|\n)\s*\d{1,3})$"
)
# An aim reaches the verb it introduces ("si impegna a comporre la Giunta in modo che …",
# "si adopera affinché nelle designazioni presso enti e società sia rispettato …") unless
# punctuation or a conjunction right before the verb starts another clause ("promuove la
# collegialità e garantisce …"); an incidental phrase between two commas does not ("si impegna,
# nella nomina degli assessori, a garantire …").
_REACH = 90
_NEW_CLAUSE = re.compile(r"[,;:()]|\b(?:e|ed|o|oppure|nonché)\s*$", re.IGNORECASE)
# the adverbs that stand between a verb and what it governs ("garantisce altresì", "assicura
# comunque agli assessori …", "deve inoltre")
ADVERB = vocabulary().verb_adverbs.pattern
# between a duty and the act it owes: "deve essere motivata", "è tenuto a valutare", "deve inoltre"
# ("spetta al Sindaco, nell'esercizio del potere di nomina, valutare", "è compito della Conferenza
# dei capigruppo verificare": to or of whom, and an aside)
_OWED_GAP = re.compile(
    r"\s*(?:(?:a|al|alla|allo|ai|agli|alle|all'|del|della|dello|dei|degli|delle|dell')\s*"
    r"(?:[\w']+\s+){0,3}?[\w']+\s*)?(?:,[^,;:()]{1,100},\s*)?"
    rf"(?:(?:essere|a|ad|di|{ADVERB})\s+){{0,2}}",
    re.IGNORECASE,
)
# a second act owed by the same duty: "motivare la scelta e a garantire", "ricercare e garantire"
_ALSO_OWED = re.compile(r"[^;:.]{0,60}?\b(?:e|ed)\s+(?:(?:a|ad|di)\s+)?$", re.IGNORECASE)
# "garantendo", "ispirandosi" (not "quando", "bando", "comando")
GERUND = r"(?!(?:quando|bando|comando|contrabbando)\b)[a-zà-ù]+(?:ando|endo)(?:si|ne|lo|la|li|le)?"
# the prepositions of a place ("nei comitati", "presso le aziende") and of whom a thing is for
# ("agli assessori", "all'organo")
PLACE_PREPOSITION = r"(?:in|nel|nello|nella|nell'|nei|negli|nelle|presso)"
DATIVE_PREPOSITION = r"(?:(?:a|ad|al|allo|alla|ai|agli|alle)\b|all')"
RELATIVE_OPENING = r"che|cui|il quale|la quale|i quali|le quali"
# a verb and its object: a word that is no article, preposition, adverb or gerund, then an article
# ("nomina la Giunta", "istituisce altresì la Commissione"; a gerund right after "e" is the same
# verb's manner: "… e garantendo la …")
VERB_AND_OBJECT = (
    rf"(?!(?:il|lo|la|i|gli|le|un|una|uno|di|a|ad|in|con|per|da|su|tra|fra|non|{ADVERB}"
    r"|ogni|tutti|tutte|ciascun|ciascuno|ciascuna|più|meno)\b)"
    r"(?:(?:ha|hanno|è|sono)\s+)?"  # a compound tense: "ha costituito il …"
    rf"(?!{GERUND}\s)[a-zà-ù]+(?:\s+{ADVERB})?\s+(?:(?:il|lo|la|i|gli|le|un|una|uno)\b|l')"
)
# another predicate of the subject, its verb unknown to the lists: "e", a verb and its object
# ("… e nomina la Giunta")
_OTHER_PREDICATE = re.compile(rf"\b(?:e|ed)\s+{VERB_AND_OBJECT}", re.IGNORECASE)
_ASIDE_WIDTH = 60  # characters of an aside between "e," and a verb ("e, nei comitati …, assicura")
# … or after "e," and an aside, a verb no construction found, with its object ("… nomina gli
# assessori e, sentiti i capigruppo, designa i rappresentanti …"; not "e, sentiti i capigruppo,
# assicura la presenza …", whose verb the constructions know: see predicate_of)
_ASIDE_PREDICATE = re.compile(
    rf"\b(?:e|ed)\s*,[^,;:.()]{{1,{_ASIDE_WIDTH}}},\s+(?P<verb>{VERB_AND_OBJECT})", re.IGNORECASE
)
_GERUND_VERB = re.compile(rf"{GERUND}$", re.IGNORECASE)
# … "e" right before the verb, or before a place that precedes it ("e, nei comitati, assicura";
# not a procedural aside: "e, sentiti i capigruppo, assicura" is still the first predicate's)
_AND_VERB = re.compile(
    rf"\b(?:e|ed)\s*(?:,\s*(?:{PLACE_PREPOSITION}|per)\b"
    rf"[^,;:.()]{{1,{_ASIDE_WIDTH}}})?"
    r",?\s+(?:(?:ne|vi|ci|si)\s+)?$",
    re.IGNORECASE,
)
# where a floor starts a phrase of its own: a comma or stronger stop, or "e con", "e nella" …
_PHRASE_BREAK = re.compile(r"[,;:()]|\b(?:e|ed)\s+(?:con|nel|nella|nei|nelle|in|per)\b", re.I)
# a construction named in passing, not a clause's verb: a noun ("promozione", "riconoscimento",
# "ispiratore"), a gerund ("ispirandosi") or a phrase after a preposition ("nel rispetto del …")
NOMINAL = re.compile(
    r"(?:zione|zioni|mento|menti|tore|tori|trice|trici|ando|endo|andosi|endosi)$", re.IGNORECASE
)
_PREPOSITION = re.compile(r"\b(?:nel|nella|nell'|nei|negli|nelle|in|per|al|alla|ai)\s*$", re.I)
# an aside between commas: a few words, or a reference to the law of any length (", ai sensi
# dell'art. 6 del testo unico delle leggi sull'ordinamento degli enti locali,"), whose own commas
# the reading has made blank (matching.as_read)
_INCIDENTAL = re.compile(
    r",(?:\s*(?:ai\s+sensi|a\s+norma|in\s+attuazione|in\s+conformità|secondo\s+quanto|di\s+cui"
    r"|come\s+previsto|conformemente)\b[^,;:()]{1,200}"
    # … not an item of a list, which begins with its article ("tutela la famiglia, la maternità e
    # l'infanzia e promuove, …"), unless it is a relative's ("…, la quale …"), nor one word (",
    # garantisce, nel rispetto della legge, …": the verb between two asides)
    r"|(?!\s*(?:(?:il|lo|la|i|gli|le|un|una|uno)\s+(?!qual[ei]\b)|(?:l|un)'))"
    r"(?=[^,;:()]*\w\s+\w)[^,;:()]{1,60}),",
    re.IGNORECASE,
)
# An infinitive ("garantire", "assicurarne") binds only under a finite form right before it
# ("deve garantire", "è tenuto ad assicurare", "in modo da garantire").
_INFINITIVE = re.compile(
    # … or truncated before its object: "a far parte", "esser garantito"
    r"(?:[a-zà-ù]+(?:are|ere|ire)|far|aver|esser|dar|dover|poter|tener|venir)(?:ne|lo|la|li|le|si|vi)?",
    re.IGNORECASE,
)
_UNDER = re.compile(r"\s*(?:(?:a|ad|di|da)\s+)?", re.IGNORECASE)
# The subjunctive of a dependent clause: its own verb, or the auxiliary right before a participle
# ("che assicurino", "nella quale siano rappresentati", "che sia sempre garantita").
_SUBJUNCTIVE = re.compile(vocabulary().subjunctive_duties.pattern, re.IGNORECASE)
_AUXILIARY = re.compile(r"\b(?:sia|siano|venga|vengano|risulti|risultino)\s+(?:\w+\s+)?$", re.I)


# A sentence whose stop was lost with a line's end ("… il Sindaco Le commissioni sono …"): a
# capitalised article right after a lower-case word that is no preposition ("Comune di La Spezia")
_LOST_STOP = re.compile(
    r"(?<=[a-zà-ù])(?<!\bdi)(?<!\bda)(?<!\ba)(?<!\bin)(?<!\bsu)(?<!\bper)(?<!\btra)(?<!\bfra)"
    r"(?<!\bcon)\s+(?=(?:Il|Lo|La|Gli|Le)\s+[a-zà-ù])"
)


@lru_cache(maxsize=4096)
def _ends(text: str) -> tuple[int, ...]:
    """Offsets where sentences end (exclusive), computed once per text."""
    stops = [
        match.start() + 1
        for match in _END.finditer(text)
        if not (text[match.start()] == "." and _ABBREVIATION.search(text, 0, match.start()))
    ]
    return tuple(sorted([*stops, *(m.start() for m in _LOST_STOP.finditer(text))]))


def predicate_of(text: str, span: Span, verbs: list[Span] | None = None) -> Span:
    """The predicate around a span: its sentence, cut where the subject's other predicates start.

    "Il Comune assicura pari opportunità in ogni ambito e istituisce la Consulta delle donne":
    "e istituisce la …" starts another predicate of the same subject (see _OTHER_PREDICATE), as
    does "e" before a verb the constructions found ("… nomina la Giunta e assicura che …"); a
    gerund right after "e" is the same verb's manner ("… secondo gli indirizzi e garantendo …"),
    a gerund aside after "e," before another verb is not ("… e, garantendo …, nomina …").
    """
    sentence = sentence_of(text, span)
    starts = [m.start() for m in _OTHER_PREDICATE.finditer(text, *sentence)]
    starts += _new_subjects(text, sentence)
    starts += [
        m.start()
        for m in _ASIDE_PREDICATE.finditer(text, *sentence)
        if not any(verb[0] <= m.start("verb") < verb[1] for verb in verbs or [])
    ]
    for verb in verbs or []:
        joined = _AND_VERB.search(text, max(sentence[0], verb[0] - _ASIDE_WIDTH - 20), verb[0])
        if not joined or not sentence[0] <= verb[0] < sentence[1]:
            continue
        if _GERUND_VERB.search(text, *verb) and "," not in joined.group():
            continue  # "… e assicurando …": the same verb's manner (not "e, garantendo …, nomina")
        starts.append(joined.start())
    starts.sort()
    start = max((s for s in starts if s <= span[0]), default=sentence[0])
    return start, min((s for s in starts if s >= span[1]), default=sentence[1])


def _new_subjects(text: str, sentence: Span) -> list[int]:
    """Where "e" and a subject of its own open another predicate of a sentence (_AND_SUBJECT)."""
    return [
        m.start()
        for m in _AND_SUBJECT.finditer(text, *sentence)
        if _A_FINITE.search(text, sentence[0], m.start())
    ]


def subject_end(text: str, span: Span) -> int:
    """Where what the span's subject says ends: at another subject's predicate, or the stop.

    "La Commissione … è istituita e assicura …" says both of the Commissione; "La Consulta
    femminile è abolita e le sue funzioni sono affidate …" stops saying things of the Consulta at
    "e le sue funzioni".
    """
    sentence = sentence_of(text, span)
    return min((s for s in _new_subjects(text, sentence) if s >= span[1]), default=sentence[1])


# a lettera pointing to others of its list: "di cui alla lettera a)", "alle lettere a), b) e c)",
# "al punto c)" (the names: LETTER_NAME)
LETTER_POINTER = re.compile(
    r"\b(?:letter[ae]|lett\.|punt[oi])\s+(?P<names>[a-z]{1,2}\)(?:\s*(?:,|e|ed)\s*[a-z]{1,2}\))*)",
    re.IGNORECASE,
)
LETTER_NAME = re.compile(r"([a-z]{1,2})\)", re.IGNORECASE)
# where a lettera of a list begins: "; b) …", ": a) …", or a line "c) …"
_ITEM_START = re.compile(r"(?:[;:]|\n)\s*(?:[a-z]{1,2}|\d{1,2})\)\s")


def item_of(text: str, span: Span) -> Span:
    """The lettera of a list around a span, within its sentence (the sentence if it has none).

    "Il Sindaco: a) nomina gli assessori; … c) nomina i rappresentanti presso enti …,
    assicurando …": the lettere of one list are one sentence (see _END), each an item of its own.
    """
    start, end = sentence_of(text, span)
    starts = [m.start() for m in _ITEM_START.finditer(text, start, end)]
    return (
        max((s for s in starts if s <= span[0]), default=start),
        min((s for s in starts if s >= span[1]), default=end),
    )


def sentence_of(text: str, span: Span) -> Span:
    """The sentence around a span."""
    ends = _ends(text)
    before = bisect_right(ends, span[0]) - 1
    start = ends[before] if before >= 0 else 0
    after = bisect_left(ends, span[1])
    return start, ends[after] if after < len(ends) else len(text)


# A comma that opens a clause with a subject of its own: an article, a few words and a finite
# verb before the next stop (", le commissioni sono composte …", ", mentre le consulte
# promuovono …"). The words before the comma must be a clause too, not only a body's name ("La
# Giunta, le commissioni e le consulte sono composte …" is one subject).
ARTICLE = r"(?:(?:il|lo|la|i|gli|le)\b\s*|l')"  # a definite article, "l'" glued to its noun
_NEW_SUBJECT = re.compile(rf",\s*(?:(?:mentre|ma|invece|e|ed)\s+)?{ARTICLE}", re.IGNORECASE)
# … or another predicate of the same subject: ", e assicura …", ", ed è garantita …"
_NEW_PREDICATE = re.compile(r",\s*(?:e|ed)\s+", re.IGNORECASE)
_SUBJECT_WORD = re.compile(r"[^\W\d_][\w']*")
_CONJUNCTION = re.compile(r"e|ed|o|od|oppure|nonché", re.IGNORECASE)
_FINITE = re.compile(r"(?:è|sono|viene|vengono|resta|restano|può|possono|deve|devono|ha|hanno)\b")
_A_FINITE = re.compile(rf"\b{_FINITE.pattern}", re.IGNORECASE)
_FUNCTION_WORD = re.compile(
    r"(?:il|lo|la|i|gli|le|l'|un|una|uno|e|ed|di|del|della|dei|degli|delle|dell'|a|al|alla|ai"
    r"|agli|alle|all'|in|nel|nella|nei|negli|nelle|nell'|per|con|da|dal|dalla|dai|dagli|dalle)",
    re.IGNORECASE,
)
_SUBJECT_WORDS = 5  # words of a subject between its article and its verb
# "e" and a subject of its own before a finite verb start another predicate after one ("… è
# istituita e la Consulta femminile è soppressa"); not a relative clause's ("e i rappresentanti
# che sono …"), a subject of two bodies ("La Giunta e le commissioni sono composte …"), the norm
# named again ("… e la garanzia non è richiesta …"), the act or the presence the norm is about
# ("… e le nomine sono effettuate garantendo …"), nor what belongs to the same subject ("… è
# istituita e le sue proposte sono volte a …"), unless it passes to another ("… è soppressa e le
# sue funzioni sono attribuite al Comitato …")
_POSSESSIVE = rf"{vocabulary().possessives.pattern}\b"
_PASSED_ON = rf"\s+{vocabulary().passed_on.pattern}\b"
_AND_SUBJECT = re.compile(
    rf"\b(?:e|ed)\s+{ARTICLE}(?:(?={_POSSESSIVE}(?:\s+[\w']+){{1,3}}?\s+{_FINITE.pattern}{_PASSED_ON})"
    rf"|(?!{vocabulary().norm_nouns.pattern}\b|{vocabulary().presence_heads.pattern}\b|presente\b"
    rf"|{_POSSESSIVE}))"
    rf"(?:(?!(?:che|cui|quale|quali)\b)[\w']+\s+){{1,{_SUBJECT_WORDS}}}?{_FINITE.pattern}",
    re.IGNORECASE,
)


def clause_of(text: str, span: Span, verbs: list[Span], names: list[Span]) -> Span:
    """The clause of a sentence around a span, where commas open clauses of their own.

    `verbs` are the finite forms the constructions found (a clause's verb may be one of them:
    "le consulte promuovono"); `names` are the bodies named, which alone make no clause.
    """
    sentence = sentence_of(text, span)
    start, end = sentence
    starts = {v[0] for v in verbs}
    for comma in (i for i in range(*sentence) if text[i] == ","):
        opening = _NEW_SUBJECT.match(text, comma)
        predicate = _NEW_PREDICATE.match(text, comma)  # ", e assicura ai disabili …"
        if not (
            (opening and _has_verb(text, opening.end(), starts))
            or (predicate and predicate.end() in starts)
        ):
            continue
        if not _is_clause(text, (start, comma), names):
            continue
        if comma < span[0]:
            start = comma + 1
        else:
            end = comma
            break
    return start, end


def _has_verb(text: str, position: int, starts: set[int]) -> bool:
    """Whether a finite verb follows a subject of a few words from position, before any stop.

    `starts` are where the constructions' verbs begin.
    """
    previous = ""
    for index, word in enumerate(_SUBJECT_WORD.finditer(text, position)):
        if index > _SUBJECT_WORDS or re.search(r"[,;:.()]", text[position : word.start()]):
            return False
        if word.start() in starts or _FINITE.fullmatch(word.group()):
            # a subject stands before the verb; a verb right after "e" is another predicate of
            # the words before the comma ("…, l'età o l'orientamento sessuale e promuove …")
            return index > 0 and not _CONJUNCTION.fullmatch(previous)
        previous = word.group()
    return False


def _is_clause(text: str, segment: Span, names: list[Span]) -> bool:
    """Whether words say more than a body's name: two or more words besides names and articles."""
    words = [
        word
        for word in _SUBJECT_WORD.finditer(text, *segment)
        if not any(inside(word.span(), name) for name in names)
        and not _FUNCTION_WORD.fullmatch(word.group())
    ]
    return len(words) >= 2


# a relative clause opening its phrase: "…, la quale è soppressa", "…, che è abolita"
_RELATIVE_THEN = re.compile(rf",\s*(?:{RELATIVE_OPENING})\b[^,;:]*$", re.IGNORECASE)


def antecedent(text: str, span: Span) -> Span | None:
    """The phrase a relative clause holding the span is said of (None outside one).

    "È istituita la Commissione …, che sostituisce la Consulta femminile, la quale è soppressa":
    "è soppressa" is said of "che sostituisce la Consulta femminile", the phrase before "la
    quale", and reaches no further back.
    """
    sentence = sentence_of(text, span)
    relative = _RELATIVE_THEN.search(text, sentence[0], span[1])  # before the span or in it
    if not relative:
        return None
    start = max(text.rfind(mark, sentence[0], relative.start()) for mark in ",;:(") + 1
    return max(sentence[0], start), relative.start()


_PHRASE_MARK = re.compile(r"[,;:]")


def phrase_end(text: str, start: int, end: int) -> int:
    """Where the phrase going on at `start` ends: the next comma, semicolon or colon, or `end`.

    A relative clause closes there ("La Consulta, che è soppressa, è sostituita …").
    """
    mark = _PHRASE_MARK.search(text, start, end)
    return mark.start() if mark else end


def inside(span: Span, bounds: Span) -> bool:
    """Whether a span lies within bounds."""
    return bounds[0] <= span[0] and span[1] <= bounds[1]


def governing(text: str, core: Span, modal: list[Found], intro_end: int = 0) -> Found | None:
    """The construction that governs the required words (`core`) in their sentence.

    The construction that begins before the words and ends nearest them decides (one that
    opens them counts too: "composte da donne e uomini"); a composition stated after its
    subject ("ciascun sesso è rappresentato almeno per il 40%") is read when none precedes. A
    construction that begins inside the words ("genere meno rappresentato") governs only when
    there is no other; of two ending at the same place the longer wins ("può adottare" over
    "adottare"). A binding infinitive with no finite form over it ("al fine di garantire",
    "cerca di assicurare") governs nothing: the clause reads as unbound.

    `intro_end` marks the opening words of a lettera ("Il Comune persegue i seguenti fini:"):
    an aim there governs every lettera of the list, and the opening words' construction governs
    a lettera that has none of its own.
    """
    bounds = sentence_of(text, core)
    candidates = [
        (c, span)
        for c, span in modal
        if inside(span, bounds) and not (c.scope == "phrase" and "," in text[span[1] : core[0]])
    ]
    intro = [c for c in modal if c[1][1] <= intro_end]
    last = max(intro, key=lambda c: c[1][1]) if intro else None
    if last and last[0].kind == "aim" and last[0].governs_verbs:
        return last
    every = candidates  # with the acts only a duty can owe ("vigilare", "motivata"): see _owed
    candidates = [c for c in every if not c[0].owed_only and _finite(text, c, every)]
    asides = [m.span() for m in _INCIDENTAL.finditer(text, *bounds) if not inside(core, m.span())]
    outside = [c for c in candidates if not any(inside(c[1], a) for a in asides)]
    candidates = outside  # an aside's verb governs the aside ("si impegna, garantendo
    # la trasparenza, affinché …")
    before = _verbs_over_floors(text, [c for c in candidates if c[1][0] <= core[0]])
    after = [c for c in candidates if c[1][0] >= core[1]]
    if before:
        chosen = max(before, key=lambda c: (c[1][1], c[1][1] - c[1][0]))
    elif after:
        chosen = min(after, key=lambda c: (c[1][0], c[1][0] - c[1][1]))
    elif candidates:  # the words hold their own verb: "alle donne è riservato un terzo"
        chosen = min(candidates, key=lambda c: c[1][0])
    else:  # a lettera with no verb of its own: "ispira la propria azione ai principi: b) la parità"
        return last
    return _wrapped(text, chosen, candidates, every, core)


def _verbs_over_floors(text: str, before: list[Found]) -> list[Found]:
    """A floor in a verb's object governs only when no verb before it in its phrase does.

    "promuove la presenza di almeno un terzo di donne" is an aim; in "nel rispetto del principio
    di pari opportunità, con almeno il 40 per cento di assessori di ciascun sesso" the floor has a
    phrase of its own and binds.
    """
    floors = [c for c in before if c[0].in_object]
    verbs = [c for c in before if not c[0].in_object]
    if not floors or not verbs:
        return before
    last = max(verbs, key=lambda c: c[1][1])
    floor = min((c for c in floors if c[1][0] >= last[1][1]), key=lambda c: c[1][0], default=None)
    if floor is None or not _PHRASE_BREAK.search(text, last[1][1], floor[1][0]):
        return verbs
    # across a break, an aim that is the sentence's verb still governs ("promuove la presenza delle
    # donne, con almeno un terzo …"); a principle named in passing does not, nor an aim whose
    # clause another predicate follows ("promuove la parità e nomina la Giunta, con almeno …")
    aim = last[0].kind == "aim" and not in_passing(text, last[1])
    return verbs if aim and not _OTHER_PREDICATE.search(text, last[1][1], floor[1][0]) else before


def in_passing(text: str, span: Span) -> bool:
    """Whether a construction is named in passing (a noun, a gerund, or after a preposition).

    "nel rispetto del principio", "in attuazione", "ispirandosi al principio", "valorizzando la
    differenza" qualify the sentence's act; they are not its verb.
    """
    before = text[max(0, span[0] - 8) : span[0]]
    first = re.match(r"\S+", text[span[0] : span[1]])  # a gerund opening a phrase: "tenendo conto"
    opening = span[0] + (first.end() if first else 0)
    return bool(
        NOMINAL.search(text, span[0], span[1])
        or NOMINAL.search(text, span[0], opening)
        or _PREPOSITION.search(before)
    )


def _linked(text: str, aim: Span, verb: Span) -> bool:
    """Whether an aim reaches a verb after it (see _REACH and _NEW_CLAUSE)."""
    if aim[1] > verb[0]:
        return False
    gap = _INCIDENTAL.sub(" ", text[aim[1] : verb[0]], count=1)
    return len(gap) <= _REACH and not _NEW_CLAUSE.search(gap)


def _wrapped(
    text: str, chosen: Found, candidates: list[Found], every: list[Found], core: Span
) -> Found:
    """An aim that governs the chosen verb governs the clause: "può adottare" is a facoltà.

    Of several such aims the nearest governs; an aim inside a binding form ("può" in "non può
    essere composta") is no aim. The weakest aims decide under any other ("si impegna a studiare
    l'introduzione" is a study).
    """
    if chosen[0].weakest:
        return chosen
    bindings = [span for c, span in candidates if c.kind == "binding"]
    aims = [
        (construction, span)
        for construction, span in candidates
        if construction.kind == "aim"
        and construction.governs_verbs
        and _linked(text, span, chosen[1])
        and not any(b != span and inside(span, b) for b in bindings)
    ]
    if not aims:
        return _owed(text, chosen, every, core)
    construction, span = max(aims, key=lambda c: c[1][1])
    return construction, (span[0], chosen[1][1])


def _owed(text: str, chosen: Found, every: list[Found], core: Span) -> Found:
    """What a duty owes decides: "deve essere valutata", "è tenuto a motivare", "deve promuovere".

    A binding verb whose object is itself an aim is still an aim (docs/verdict-model.md): the
    aim right after a modal ("deve", "è tenuto a", "spetta") is what the duty asks for, unless a
    binding act is owed beside it ("è tenuto a motivare la scelta e a garantire …").
    """
    if chosen[0].kind != "binding":
        return chosen
    owed = [
        (construction, span)
        for construction, span in every
        if construction.kind == "aim" and _OWED_GAP.fullmatch(text, chosen[1][1], span[0])
    ]
    if not owed:
        return chosen
    construction, span = owed[0]
    beside = [  # … owed for the required words ("… e a garantire la presenza", not "la competenza")
        s
        for c, s in every
        if c.kind == "binding" and s[0] < core[0] and _ALSO_OWED.match(text, span[1], s[0])
    ]
    return chosen if beside else (construction, (chosen[1][0], span[1]))


def _finite(text: str, chosen: Found, candidates: list[Found]) -> bool:
    """Whether a construction can govern: no binding infinitive or subjunctive on its own.

    "deve garantire", "è tenuto ad assicurare", "in modo da garantire" bind; "cerca di
    assicurare", "intende garantire", "al fine di garantire" do not, since the verb that would
    make them bind is not in the closed list.
    """
    construction, span = chosen
    first = text[span[0] : span[1]].split(maxsplit=1)[0] if span[1] > span[0] else ""
    if construction.kind != "binding":
        return True
    if _INFINITIVE.fullmatch(first):  # … or a second act the same duty owes ("è tenuto a
        # tenere conto delle competenze e a garantire …", "deve promuovere … e garantire …")
        return any(
            c.kind == "binding"
            and s[1] <= span[0]
            and (_UNDER.fullmatch(text, s[1], span[0]) or _ALSO_OWED.fullmatch(text, s[1], span[0]))
            for c, s in candidates
        )
    if _SUBJUNCTIVE.fullmatch(first) or _AUXILIARY.search(text[max(0, span[0] - 40) : span[0]]):
        # a dependent clause binds through its main clause ("stabilisce che … sia garantita"),
        # never on its own ("punta a che … siano rappresentati", "privilegia soluzioni che
        # assicurino"): the main verb must be in the closed list, and the nearest one before
        # ("ha il compito di vigilare affinché … sia garantita" hangs on "vigilare")
        asides = [m.span() for m in _INCIDENTAL.finditer(text, 0, span[0])]
        main = [  # an aside apart ("garantisce, nel rispetto delle pari opportunità, che …")
            (c, s)
            for c, s in candidates
            if s[1] <= span[0] and not any(a[0] <= s[0] and s[1] <= a[1] for a in asides)
        ]
        return bool(main) and max(main, key=lambda c: c[1][1])[0].kind == "binding"
    return True
