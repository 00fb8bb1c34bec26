"""Matching: every provision of a statute tokenised once and scanned for every rule's patterns.

The result is, for each unit (a comma, or an article as the union of its commi), which
components of which rules matched and where, as character spans in the unit's text. Rules never
re-tokenise: they read these hits.

Units and components: docs/verdict-model.md#units and #matching.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process, utils

from statuti_check.judge.catalogue import Catalogue
from statuti_check.judge.nlp import lemma_of
from statuti_check.judge.patterns import MIN_STEM, Step, Term, compile_pattern, match_at
from statuti_check.judge.sentences import (
    ARTICLE,
    GERUND,
    LETTER_NAME,
    LETTER_POINTER,
    NUMBERED_LINE,
)
from statuti_check.judge.tokens import Span, Tokens, tokenize
from statuti_check.judge.vocabulary import vocabulary
from statuti_check.read.model import Article, Comma, Division, Letter, Statute
from statuti_check.read.structure import reflow, typed_in_capitals

GLOBAL = "*"  # pseudo-rule of the constructions every rule shares (rules/_constructions.yaml)
EXCLUDE = "exclude"
OTHERS = "others"
EACH = "quantity.each"  # mentions of each sex on its own, which own a share at a distance
CONSTRUCTION = "c:"  # a construction's hits are stored under "c:<id>" in the GLOBAL rule

# No pattern gap skips these: words a full stop, a semicolon or a bracket keeps apart are not one
# phrase. Commas are crossed ("la parità giuridica, sociale ed economica tra donne e uomini").
_BARRIERS = frozenset({";", ":", ".", "(", ")"})
FUZZY_MIN_LENGTH = 7
FUZZY_CUTOFF = 90.0

Hits = dict[str, dict[str, list[Span]]]  # rule id → component name → character spans


@dataclass(frozen=True)
class Unit:
    """A piece of statute text evidence can point to: a comma, or a whole article."""

    article: Article | None
    comma: Comma | None
    text: str  # as read: in sentence case when the statute is typed in capitals (as_read)
    hits: Hits = field(default_factory=dict, compare=False)
    letter: str | None = None
    heading_hits: Hits = field(default_factory=dict, compare=False)
    heading_text: str | None = None  # the heading of those hits: the article's, or its capo's
    from_division: bool = False  # the hits are a capo's or sezione's, not the article's own
    written: str | None = None  # the statute's own letters, when `text` was recased

    @property
    def page(self) -> int | None:
        """First page of the comma (or article); None when the format has no pages."""
        node = self.comma or self.article
        return node.page_start if node else None

    @property
    def quoted(self) -> str:
        """The text as the statute writes it, for quotes (same length and offsets as `text`)."""
        return self.text if self.written is None else self.written


# How the judge reads a unit: the statute's letters with the marks that say nothing of the norm
# made blank, and in sentence case when typed in capitals, always at the same length so that spans
# and quotes stay the statute's.
# A footnote's mark after a word ("la Giunta (1) provinciale", "dei due sessi2") stands between
# words that belong together.
# A number after a word that takes one is the text's own ("al (40) per cento", "almeno (2)").
_FOOTNOTE_MARK = re.compile(
    r"(?<![^\W\d_])(?P<word>[^\W\d_]+)"
    r"(?P<mark>\s?\(\d{1,2}\)|\s?\[\d{1,2}\]|\d{1,2}|[¹²³⁴⁵⁶⁷⁸⁹⁰]{1,2})(?=[\s,.;:)]|$)"
)
_TAKES_A_NUMBER = frozenset(vocabulary().number_takers.words)
# A text typed in capitals ("IL SINDACO NOMINA LA GIUNTA …", as many old statutes are) says
# nothing with its capitals, while the reading relies on them: a capital after a full stop or a
# colon starts a sentence, "il Comune" is the body and "il bene comune" is not. Such a text is
# read in sentence case: capitals only at a sentence's or a line's start and on the organs named
# after an article ("il Comune", "della Giunta"), the way statutes write them.
_SENTENCE_START = re.compile(  # (past a comma's number; a lettera stays lower case: "a) nomina")
    r"(?:^|[.!?]\s+|\n\s*(?:\d{1,3}\s*[.)°]\s*)?)(?![a-z]{1,2}\)|[a-z]\s+bis\))([^\W\d_])"
)
_ORGAN = re.compile(
    r"\b(?:il|lo|la|l'|del|dello|della|dell'|al|allo|alla|all'|dal|dallo|dalla|dall'|nel|nello"
    rf"|nella|nell')\s*(?P<organ>{vocabulary().authorities.pattern})\b",
    re.IGNORECASE,
)


# A citation's own commas ("dell'art. 6, comma 3, del D.Lgs. 18 agosto 2000, n. 267, …") join its
# parts, and open no clause: a comma after a number or a lettera, before the citation goes on.
_ACT = (
    r"(?:legge|l\.|d\.\s?lgs|decreto|testo\s+unico|t\.u\.|codice|statuto|regolamento|costituzione"
    r"|d\.p\.r)"
)
_CITATION_COMMA = re.compile(
    r"(?<=\d|\))\s*,(?=\s*(?:(?:comma|commi|lettera|lettere|punto)\b|n\.|num\.|lett\.|"
    rf"{_ACT}|(?:del|della|dello|dei|degli|delle|dell')\s*(?:presente\s+)?{_ACT}))",
    re.IGNORECASE,
)


def as_read(text: str) -> str:
    """The unit's text as the judge reads it (same length, so spans are the statute's).

    Footnote marks and a citation's own commas are blank, and a text typed in capitals is in
    sentence case.
    """
    blank = _FOOTNOTE_MARK.sub(_blank_mark, _CITATION_COMMA.sub(_blank, text))
    return _sentence_case(blank)


def _blank(mark: re.Match[str]) -> str:
    """As many spaces as the mark has characters."""
    return " " * len(mark.group())


def _blank_mark(found: re.Match[str]) -> str:
    """The word, and its footnote mark blank; after a word that takes a number, only brackets.

    "almeno (1) assessore" reads "almeno  1  assessore": the number is the text's own.
    """
    if found["word"].lower() in _TAKES_A_NUMBER:
        return found["word"] + re.sub(r"[()\[\]]", " ", found["mark"])
    return found["word"] + " " * len(found["mark"])


def _sentence_case(text: str) -> str:
    """The text in sentence case when it is typed in capitals, otherwise itself (same length)."""
    if not typed_in_capitals(text):
        return text
    lower = text.lower()
    if len(lower) != len(text):
        return text
    chars = list(lower)
    for position in [m.start(1) for m in _SENTENCE_START.finditer(lower)] + [
        m.start("organ") for m in _ORGAN.finditer(lower)
    ]:
        upper = chars[position].upper()
        chars[position] = upper if len(upper) == 1 else chars[position]  # "ß" is "SS"
    return "".join(chars)


_Entry = tuple[str, str, tuple[Step, ...], frozenset[Term]]


class RuleMatcher:
    """All patterns of a catalogue, indexed by their first term (built once per catalogue).

    Each distinct word is resolved once per process to the set of terms it fills; a text is
    then scanned only from tokens that can start a pattern. (spaCy's Matcher, used at first,
    evaluated regular expression predicates in Python for every token and pattern: it was most
    of the audit time.)
    """

    def __init__(self, catalogue: Catalogue) -> None:
        # the rules judged on whole articles: an article unit carries only their hits
        self.article_rules = frozenset(
            [GLOBAL, *(rule.id for rule in catalogue.rules if rule.unit == "articolo")]
        )
        # the anchors by which a heading names a rule's topic (see _heading_hits)
        self._heading_topics = {
            rule.id: frozenset(anchor.name for anchor in rule.anchors)
            for rule in catalogue.rules
            if rule.heading_anchors
        }
        # first term -> (rule id, component, steps, terms the match needs)
        self._starting: dict[Term, list[_Entry]] = defaultdict(list)
        self._exact: dict[str, set[Term]] = defaultdict(set)
        self._forms: dict[str, set[Term]] = defaultdict(set)
        self._stems: dict[str, list[tuple[str, Term]]] = defaultdict(list)
        self._fills: dict[str, frozenset[Term]] = {}  # by lower-cased word
        for rule in catalogue.rules:
            for component in rule.all_components():
                self._add(rule.id, component.name, component.patterns)
                if component.unless:
                    self._add(rule.id, f"{component.name}.unless", component.unless)
            if rule.exclude:
                self._add(rule.id, EXCLUDE, rule.exclude)
            if rule.exclude_unless:
                self._add(rule.id, f"{EXCLUDE}.unless", rule.exclude_unless)
            if rule.others:
                self._add(rule.id, OTHERS, rule.others)
            if rule.quantity and rule.quantity.each:
                self._add(rule.id, EACH, rule.quantity.each)
        for construction in catalogue.constructions.constructions:
            self._add(GLOBAL, CONSTRUCTION + construction.id, construction.patterns)
        self._starters = frozenset(self._starting)

    def _add(self, rule_id: str, name: str, patterns: list[str]) -> None:
        for pattern in patterns:
            steps = compile_pattern(pattern)
            needed = frozenset(step.term for step in steps if not step.optional)
            self._starting[steps[0].term].append((rule_id, name, steps, needed))
            for step in steps:
                for word in step.term.words:
                    self._exact[word].add(step.term)
                for form in step.term.forms:
                    self._forms[form].add(step.term)
                for stem in step.term.stems:
                    self._stems[stem[:MIN_STEM]].append((stem, step.term))

    def names_topic(self, hits: Hits) -> bool:
        """Whether hits name the topic of a rule whose topic a heading may supply."""
        return any(
            self._heading_topics[rule_id] & components.keys()
            for rule_id, components in hits.items()
            if rule_id in self._heading_topics
        )

    def words(self) -> frozenset[str]:
        """Every word of the patterns, with its lemma: their own lemmas must be the table's."""
        return frozenset(self._exact)

    def uses_lemma(self, lemma: str) -> bool:
        """Whether a word with this lemma can fill a term through it (as `_fill` reads lemmas).

        When not, the word fills the same terms whether its lemma is known or not, so the lemma
        table need not hold it (statuti_check.judge.lemmas).
        """
        stems = self._stems.get(lemma[:MIN_STEM], ())
        return bool(self._exact.get(lemma)) or any(lemma.startswith(stem) for stem, _ in stems)

    def _fill(self, lemma: str, lower: str) -> frozenset[Term]:
        terms = self._exact.get(lemma, set()) | self._exact.get(lower, set())
        terms |= self._forms.get(lower, set())
        if not terms and len(lower) >= FUZZY_MIN_LENGTH:
            terms = self._fuzzy(lower)
        for word in {lemma, lower}:
            terms |= {
                t for stem, t in self._stems.get(word[:MIN_STEM], ()) if word.startswith(stem)
            }
        return frozenset(terms)

    def _fuzzy(self, lower: str) -> set[Term]:
        """Terms of the closest pattern words, for a long word that is none of them.

        Text damaged by OCR ("rappresentariza") or by a wrong accent ("opportunitá").

        `fuzz.ratio` compares whole words (never `token_set_ratio`, which would call a word
        present when it is only contained); the first letter must agree. Only the closest words
        count: "opportunitá" is "opportunità", not also "opportuna".
        """
        candidates = [word for word in self._exact if word[:1] == lower[:1]]
        close = process.extract(
            lower, candidates, scorer=fuzz.ratio, processor=utils.default_process,
            score_cutoff=FUZZY_CUTOFF, limit=None,
        )  # fmt: skip
        best = max((score for _, score, _ in close), default=0)  # the closest words only:
        return {term for word, score, _ in close if score == best for term in self._exact[word]}

    def _fills_of(self, tokens: Tokens) -> tuple[list[frozenset[Term]], frozenset[int]]:
        """The terms each token fills, and the tokens no gap may skip."""
        known = self._fills
        for word in set(tokens.words) - known.keys():
            known[word] = self._fill(lemma_of(word), word)
        barriers = frozenset(i for i, word in enumerate(tokens.words) if word in _BARRIERS)
        return [known[word] for word in tokens.words], barriers

    def hits(self, texts: list[str]) -> list[Hits]:
        """Hits of every rule component in each text."""
        results: list[Hits] = []
        for text in texts:
            tokens = _without_blanks(tokenize(text))
            fills, barriers = self._fills_of(tokens)
            spans = tokens.spans
            found: Hits = defaultdict(lambda: defaultdict(list))
            for start, entries in self._starts(fills):
                for rule_id, name, steps, _ in entries:
                    end = match_at(steps, fills, start, barriers)
                    if end is not None:
                        found[rule_id][name].append((spans[start][0], spans[end - 1][1]))
            results.append(
                {  # in text order: the first span is the first evidence, whatever the hash seed
                    rule: {name: sorted(spans) for name, spans in components.items()}
                    for rule, components in found.items()
                }
            )
        return results

    def _starts(self, fills: list[frozenset[Term]]) -> Iterator[tuple[int, list[_Entry]]]:
        """Each token that can start a pattern, with the patterns it can start.

        A pattern needing a term the text lacks cannot match: the patterns each present term
        starts are sifted once per text, not at every token that fills the term.
        """
        present = frozenset().union(*fills)
        viable = {
            term: entries
            for term in present & self._starters
            if (entries := [e for e in self._starting[term] if e[3] <= present])
        }
        for start, fill in enumerate(fills if viable else ()):
            for term in fill:
                if term in viable:
                    yield start, viable[term]


@dataclass(frozen=True)
class _Headings:
    """What names an article's topic: its own heading, and its division's (see _heading_hits)."""

    own: Hits
    own_text: str | None
    wide: Hits | None = None  # the sezione's or capo's hits, when they name the topic instead
    wide_text: str = ""


def _heading_hits(statute: Statute, matcher: RuleMatcher) -> dict[int, _Headings]:
    """The hits of the heading that names each article's topic: its own, and its division's.

    "Capo III – La Giunta comunale", then "Art. 31 – Nomina", "1. Il Sindaco nomina i
    componenti …": the article's heading names only an aspect of a body (`body_aspects`), its
    capo names the body. An article whose heading names anything else keeps its own ("Art. 36 –
    Uffici di supporto" in the Giunta's capo speaks of the offices). A sezione comes before its
    capo, and the capo stands in only under a sezione that names nothing else either; a titolo is
    too wide to be read ("Titolo II – Organi"). The division's hits reach only the commi that
    speak of the body (see _heading_of).
    """
    articles = statute.articles
    own = matcher.hits([article.heading or "" for article in articles])
    sezioni, capi = _division_headings(statute)
    distinct = sorted({*sezioni, *capi})  # each division's heading matched once, not per article
    of_division = dict(zip(distinct, matcher.hits(distinct), strict=True))
    named = matcher.names_topic
    chosen: dict[int, _Headings] = {}
    for article, found, sezione, capo in zip(articles, own, sezioni, capi, strict=True):
        chosen[id(article)] = _Headings(found, article.heading)
        if named(found) or not _ASPECT_ONLY.fullmatch(article.heading or ""):
            continue
        if named(of_division[sezione]):
            chosen[id(article)] = _Headings(found, article.heading, of_division[sezione], sezione)
        elif named(of_division[capo]) and _ASPECT_ONLY.fullmatch(sezione):
            chosen[id(article)] = _Headings(found, article.heading, of_division[capo], capo)
    return chosen


def _heading_of(headings: _Headings, text: str) -> tuple[Hits, str | None, bool]:
    """A unit's heading hits and heading: its division's if it opens speaking of the body.

    Under "Capo III – La Giunta", a comma speaks of the Giunta when it opens on the sexes and
    their measure ("Nessuno dei due sessi può esservi rappresentato …"), on the body's make-up or
    its forming with nothing else's name after it ("I componenti sono nominati …", "Nella nomina
    …", not "I componenti dell'ufficio di staff", "La nomina dei revisori"), on an organ
    appointing the make-up ("Il Sindaco nomina i componenti …") or a share of the members
    ("Almeno un terzo dei componenti …"), on the heading's own noun said to be made of or taken
    one by one ("Le commissioni sono composte …", "In ciascuna commissione …" under "Commissioni
    consiliari"), or, in an article on the make-up ("Art. 28 – Composizione e nomina"), on a
    presence required nowhere else ("Deve essere garantita la presenza di entrambi i sessi.").
    A comma that opens on anything else speaks of that ("Alle sedute possono essere invitati
    esperti …", "Per ogni incarico …", "Il bando riserva …"). Even so a comma under a capo may
    speak of anything, so a binding norm found this way is only `da_verificare`
    (`from_division`, judge.assessment): the openings decide what a reader is asked to check.
    """
    if headings.wide is None:
        return headings.own, headings.own_text, False
    of_the_body = (
        (_THE_SEXES.match(text) and _MEASURED.search(text) and not _AMONG_OTHERS.search(text))
        or _MADE_UP_OR_FORMED.match(text)
        or _opens_on_heading_noun(text, headings.wide_text)
        or (_PRESENCE_NOWHERE.match(text) and _MAKE_UP_HEADING.search(headings.own_text or ""))
    )
    if of_the_body:
        return headings.wide, headings.wide_text, True
    return headings.own, headings.own_text, False


def _opens_on_heading_noun(text: str, heading: str) -> bool:
    """Whether a comma opens on the heading's head noun ("Le commissioni" under "Commissioni …").

    A head noun is one no other's complement (not "concorso" in "Commissioni di concorso"),
    compared on their first seven letters, so that the singular names the plural; never an organ
    of the authority ("Il Sindaco" under "Il Sindaco e la Giunta" may speak of anything).
    """
    opening = _HEADING_NOUN_MADE.match(text) or _EACH_OF_KIND.match(text)
    if not opening or _AN_ORGAN.fullmatch(opening["noun"]):
        return False
    stem = opening["noun"].lower()[:7]
    return any(head.lower()[:7] == stem for head in _HEAD_NOUN.findall(heading))


_AN_ORGAN = re.compile(vocabulary().authorities.pattern, re.IGNORECASE)
# a heading's nouns that are no other's complement: "COMMISSIONI" in "Commissioni di concorso", both
# in "Concorsi e commissioni giudicatrici"
_HEAD_NOUN = re.compile(
    r"(?<!\bdi )(?<!\bdel )(?<!\bdei )(?<!\bdella )(?<!\bdelle )(?<!\bdegli )(?<!\bdell')"
    r"\b[^\W\d_]{4,}",
    re.IGNORECASE,
)
_MAKE_UP = vocabulary().make_up.pattern
# the nouns of a body's forming: "nella nomina", "la composizione", "in sede di designazione"
_FORMING = (
    r"(?:nomina|nomine|scelta|designazione|designazioni|composizione|formazione|costituzione)"
)
# no one else's name after the make-up or the forming ("dei revisori", "del comitato tecnico");
# the members, each of the body, or the body by a pronoun are its own ("dei componenti", "di
# ciascuna commissione", "della stessa")
_NO_OTHER = (
    r"(?!\s+(?:di|del|dello|della|dei|degli|delle|dell')(?!\s*(?:ciascun|ogni|ess[aeio]\b|stess"
    rf"|medesim|{_MAKE_UP}|assessor|amministrator|rappresentant)))\b"
)
# the sexes as the subject, with their measure in the comma: "Nessuno dei due sessi …", "Ciascun
# genere …" ("Nessuno dei due sessi può essere escluso dai corsi" measures nothing)
_THE_SEXES = re.compile(
    rf"\W*(?:{ARTICLE})?(?:nessuno|nessuna|ciascuno|ciascuna|ciascun|ognuno|entrambi|ambo)\s+"
    r"(?:(?:dei|degli|i|gli)\s+)?(?:due\s+)?(?:sess[oi]|gener[ei])\b",
    re.IGNORECASE,
)
# … and not among others named: "Entrambi i sessi devono essere rappresentati tra i relatori"
_AMONG_OTHERS = re.compile(
    r"\b(?:tra|fra)\s+(?:i|gli|le)\b|\b(?:dai|dagli|dalle|nei|negli|nelle)\s", re.IGNORECASE
)
_MEASURED = re.compile(
    r"\b(?:rappresentat[oaie]|present[ei]|presenza|misura|per\s+cento|quint[oi]|terz[oi]|metà)\b"
    r"|%",
    re.IGNORECASE,
)
# the make-up or the forming of the body, or an organ appointing the make-up, with no one else's
# name after it
_MADE_UP_OR_FORMED = re.compile(
    rf"\W*(?:(?:{ARTICLE})?(?:(?:sua|loro|propria)\s+)?(?:{_MAKE_UP}){_NO_OTHER}"
    r"|(?:(?:nella|nel|in\s+sede\s+di|all'atto\s+della)\s+|(?:la|le)\s+)"
    rf"{_FORMING}{_NO_OTHER}"
    rf"|(?:{ARTICLE})?{vocabulary().authorities.pattern}\s+(?:\w+\s+)?"
    rf"(?:{vocabulary().appointing.pattern})\s+(?:\w+\s+)?(?:{ARTICLE})?(?:{_MAKE_UP}){_NO_OTHER}"
    # … or a share of the members: "Almeno un terzo dei componenti …" (not "… del comitato tecnico")
    r"|almeno\s+(?:\w+\s+){1,3}?(?:dei|degli|delle)\s+"
    rf"(?:{_MAKE_UP}|assessori|amministratori|rappresentanti){_NO_OTHER})",
    re.IGNORECASE,
)
# each of the heading's kind: "In ciascuna commissione …" (not "Per ogni incarico …")
_EACH_OF_KIND = re.compile(
    r"\W*(?:in|per)\s+(?:ciascun[ao]?|ogni)\s+(?P<noun>[^\W\d_]{5,})", re.IGNORECASE
)
# the heading's own noun said to be made of: "Le commissioni sono composte …"
_HEADING_NOUN_MADE = re.compile(
    rf"\W*(?:ciascun[ao]?\s+|ogni\s+)?(?:{ARTICLE})?(?P<noun>[^\W\d_]{{5,}})\s+"
    rf"(?:(?:è|sono|sia|siano|viene|vengono|deve\s+essere|devono\s+essere)\s+(?:{_MAKE_UP})"
    r"|comprende|comprendono|include|includono)\b",
    re.IGNORECASE,
)
# a presence required of no one named: "Deve (comunque) essere garantita la presenza di entrambi i
# sessi." (not "… tra i candidati valutati", "… negli incarichi"), read only in an article on the
# make-up ("Art. 28 – Composizione e nomina")
_PRESENCE_NOWHERE = re.compile(
    r"\W*(?:deve|devono|va|vanno|è|sono|viene|vengono)\s+(?:(?:comunque|sempre|in\s+ogni\s+caso)\s+)?"
    r"(?:essere\s+)?(?:\w+\s+){0,2}?(?:la\s+|l')(?:presenza|rappresentanza|equilibrio|parità)\b"
    r"(?![^.;]*\b(?:in|nel|nello|nella|nei|negli|nelle|tra|fra)\s)",
    re.IGNORECASE,
)
_MAKE_UP_HEADING = re.compile(rf"\b(?:{_MAKE_UP}|{_FORMING})\b", re.IGNORECASE)


# a heading of aspects of a body only, joined by function words: "Nomina e durata in carica"
_ASPECT_ONLY = re.compile(
    rf"(?:[\W\d_]*\b(?:{vocabulary().body_aspects.pattern}|in|e|ed|di|del|della|dei|degli|delle)\b)*"
    r"[\W\d_]*",
    re.IGNORECASE,
)


def _division_headings(statute: Statute) -> tuple[list[str], list[str]]:
    """For each article, the headings of the sezione and of the capo it stands in ("" if none).

    The parser names an article's capo only while it is open (a new titolo closes it), so the
    last capo heading before the article is its capo's; so for sezioni.
    """
    current: dict[str, str] = {}
    headings: dict[int, tuple[str, str]] = {}
    nodes: list[Article | Division] = [*statute.divisions, *statute.articles]
    for node in sorted(nodes, key=lambda node: node.start):
        if isinstance(node, Division):
            current[node.kind] = node.heading or ""
        else:
            headings[id(node)] = (
                current.get("sezione", "") if node.sezione else "",
                current.get("capo", "") if node.capo else "",
            )
    pairs = [headings[id(article)] for article in statute.articles]
    return [sezione for sezione, _ in pairs], [capo for _, capo in pairs]


def _article_unit(article: Article, own: list[Unit], rules: frozenset[str]) -> Unit:
    """An article as one unit: its commi's texts joined, the hits of `rules` shifted accordingly.

    Only the rules judged on whole articles (and the shared constructions) read article units,
    so the other rules' hits are not copied.
    """
    merged: Hits = defaultdict(lambda: defaultdict(list))
    offset = 0
    for unit in own:
        for rule_id, components in unit.hits.items():
            if rule_id not in rules:
                continue
            for name, spans in components.items():
                merged[rule_id][name].extend((start + offset, end + offset) for start, end in spans)
        offset += len(unit.text) + 1
    text = "\n".join(unit.text for unit in own)
    written = "\n".join(unit.quoted for unit in own)
    merged_hits = {rule: dict(components) for rule, components in merged.items()}
    heading_hits = own[0].heading_hits if own else {}
    heading_text = own[0].heading_text if own else None
    return Unit(article, None, text, merged_hits, heading_hits=heading_hits,
                heading_text=heading_text, from_division=bool(own) and own[0].from_division,
                written=None if written == text else written)  # fmt: skip


# the words by which a lettera names what a lettera before it named: "in esse", "nella stessa",
# "alle medesime", "quest'ultima", "ne assicura" (the clitic before a verb)
_BACK_WORDS = (
    r"(?:in|di|a|da|per|tra|fra|con|su)\s+(?:esso|essa|essi|esse)|quest[aeoi]|quest'ultim[aeoi]"
    r"|(?:nell[ao]|nelle|negli|nei|all[ao]|alle|agli|ai|dell[ao]|delle|degli|dei|la|le|lo|gli|i)"
    r"\s+(?:stess[aeoi]|medesim[aeoi])|ne\s+(?=[a-zà-ù]+(?:a|ano|e|ono)\b)"
)
# the words after a list's last lettera that close every lettera: a gerund or a manner ("a) …; b)
# …; garantendo in ogni caso la presenza di entrambi i sessi"), unless they point back to the last
# lettera only ("…; in modo che questa sia composta …", "garantendone", "in tal caso")
_CLOSING = re.compile(rf";\s+(?P<words>(?:{GERUND}|in\s+modo\s+(?:da|che))\b[^;]*)$", re.IGNORECASE)
_LAST_ONLY = re.compile(rf"^\S*ndone\b|\b(?:{_BACK_WORDS}|tal\s+caso)\b", re.IGNORECASE)


# a comma whose subject is a pronoun for what the comma before named: "2. Essi devono appartenere
# a entrambi i sessi" (the assessori of comma 1; not a determiner: "2. Tali nomine …")
_SUBJECT_BACK = re.compile(rf"\s*{vocabulary().subject_pronouns.pattern}\b", re.IGNORECASE)


def _provisions(comma: Comma, before: Comma | None) -> list[tuple[str | None, str]]:
    """A comma, or each of its lettere with the comma's opening words.

    "Il Comune: a) assicura la parità …; f) promuove la presenza di entrambi i sessi nella
    Giunta" holds separate provisions: a clause must be complete within one of them. A lettera
    also reads the lettere it points to ("c) nelle nomine di cui alla lettera a) garantisce …")
    and the words that close the list after its last lettera ("…; garantendo in ogni caso …");
    a comma whose subject is a pronoun ("Essi …") reads the comma before it. Lettere that
    complete their opening's phrase ("… fondate su: a) sesso; b) razza …") are one provision.
    """
    named = f"{before.text}\n" if before and _SUBJECT_BACK.match(comma.text) else ""
    if not comma.letters:
        return [(None, named + comma.text)]
    opening = re.search(
        rf"(?:^|\s){re.escape(comma.letters[0].letter)}\)\s", comma.text, re.IGNORECASE
    )
    intro = named + (comma.text[: opening.start()].strip() if opening else "")
    if _COMPLETED.search(intro):  # "… fondate su: a) sesso; b) razza …": one clause
        return [(None, named + comma.text)]
    texts = {letter.letter: letter.text for letter in comma.letters}
    closing = _CLOSING.search(comma.letters[-1].text)
    closing = None if closing and _LAST_ONLY.search(closing["words"]) else closing
    return [
        (letter.letter, f"{intro}{_pointed_to(letter, texts)}\n{letter.letter}) {letter.text}"
         + (f" {closing['words']}" if closing and letter is not comma.letters[-1] else ""))
        for letter in comma.letters
    ]  # fmt: skip


# an opening that the lettere complete, as items of one phrase: it ends on a preposition or on the
# noun of a ground ("discriminazioni fondate su:", "a causa:", "per motivi di:"), where "Il
# Sindaco:" or "Il Comune provvede:" open a list of provisions of their own
_COMPLETED = re.compile(
    r"\b(?:di|a|da|in|con|su|per|tra|fra|del|dello|della|dei|degli|delle|al|allo|alla|ai|agli|alle"
    r"|sul|sullo|sulla|sui|sugli|sulle|causa|ragione|ragioni|motivo|motivi)\s*:$",
    re.IGNORECASE,
)
# the words that except what a pointer names: "salvo che nelle nomine di cui alla lettera a)"
_SAVE_FOR = re.compile(rf"\b{vocabulary().excepting.pattern}\b[^;]{{0,60}}$", re.IGNORECASE)
# a lettera that names what the lettera before named ("b) garantisce che in esse siano
# rappresentati entrambi i sessi": the commissions of lettera a)
# … unless the lettera names its own before them: "b) convoca la Giunta e garantisce che in essa …"
_PRONOUN_BACK = re.compile(
    rf"^(?:(?!\b(?:il|lo|la|i|gli|le|l')\s*[a-zà-ù]{{3,}}).)*?\b(?:{_BACK_WORDS})", re.IGNORECASE
)


def _pointed_to(letter: Letter, texts: dict[str, str]) -> str:
    """The other lettere a lettera points to, each on its line, as they read in the comma.

    By name ("di cui alla lettera a)") or, for the lettera before, by a pronoun ("in esse"); not
    by several names, each of which has its own part of the lettera ("nelle nomine di cui alla
    lettera a) … e, in quelle di cui alla lettera b), garantisce …"), nor by one it excepts
    ("salvo che nelle nomine di cui alla lettera a)").
    """
    names = list(texts)
    pointers = list(LETTER_POINTER.finditer(letter.text))
    named = {  # one pointer lends its lettere; several split the lettera's duties among them
        name
        for pointer in (pointers if len(pointers) == 1 else [])
        if not _SAVE_FOR.search(letter.text, 0, pointer.start())
        for name in [found.lower() for found in LETTER_NAME.findall(pointer["names"])]
        if name in texts and name != letter.letter
    }
    at = names.index(letter.letter)
    if at and _PRONOUN_BACK.match(letter.text):
        named.add(names[at - 1])
    return "".join(f"\n{name}) {texts[name]}" for name in names if name in named)


MAX_UNIT_CHARS = 20_000  # far above any real comma; keeps matching's memory bounded


def bounded(text: str, size: int = MAX_UNIT_CHARS) -> list[str]:
    """A text cut at spaces into pieces of at most `size` characters.

    A "comma" of megabytes is a malformed document (a whole statute on one line); judging it
    piece by piece bounds memory (the tokens and the terms each fills are held for a whole text).
    """
    pieces, start = [], 0
    while len(text) - start > size:
        cut = text.rfind(" ", start + size // 2, start + size)
        cut = cut if cut > start else start + size
        pieces.append(text[start:cut])
        start = cut
    return [*pieces, text[start:]]


def _without_blanks(tokens: Tokens) -> Tokens:
    """The tokens but the runs of spaces, which stand where a footnote's mark was made blank.

    "la Giunta (1) provinciale" is read "la Giunta     provinciale": the words stay next to each
    other for the patterns, as they are in the sentence (a line break stays a token).
    """
    if not any(word.startswith(" ") for word in tokens.words):
        return tokens
    kept = [i for i, word in enumerate(tokens.words) if word.strip(" ")]
    return Tokens([tokens.words[i] for i in kept], [tokens.spans[i] for i in kept])


def _written(written: str, read: str) -> str | None:
    """The statute's own letters, kept only when the text is read otherwise (as_read)."""
    return None if written == read else written


def units_of(
    statute: Statute, matcher: RuleMatcher, fallback_text: str = ""
) -> tuple[list[Unit], list[Unit]]:
    """Provision units (commi, or lettere) and article units with their hits.

    A statute without recognised articles becomes units of its whole text, its wrapped lines
    joined as a comma's are (a line break inside "entrambi i sessi" would split the words);
    numbered commi keep a line of their own.

    Article hits are the union of their commi's hits, so article-level rules cost no second pass.
    """
    pieces = [
        (article, comma, letter, piece)
        for article in statute.articles
        for before, comma in zip([None, *article.commi], article.commi, strict=False)
        for letter, text in _provisions(comma, before)
        for piece in bounded(text)
    ]
    if not pieces:
        texts = bounded("\n".join(reflow(part) for part in NUMBERED_LINE.split(fallback_text)))
        read = [as_read(text) for text in texts]
        units = [
            Unit(None, None, text, found, written=_written(written, text))
            for written, text, found in zip(texts, read, matcher.hits(read), strict=True)
        ]
        return units, units
    read = [as_read(text) for *_, text in pieces]
    hits = matcher.hits(read)
    headings = _heading_hits(statute, matcher)
    comma_units = [
        Unit(
            article,
            comma,
            text,
            found,
            letter,
            *_heading_of(headings[id(article)], text),
            written=_written(written, text),
        )
        for (article, comma, letter, written), text, found in zip(pieces, read, hits, strict=True)
    ]
    by_article: dict[int, list[Unit]] = defaultdict(list)
    for unit in comma_units:
        by_article[id(unit.article)].append(unit)
    article_units = [
        _article_unit(article, by_article[id(article)], matcher.article_rules)
        for article in statute.articles
    ]
    return comma_units, article_units
