"""Clauses inside a sentence: where a comma opens a clause with a subject of its own."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from statuti_check.judge.sentences import antecedent, clause_of, predicate_of, sentence_of


def _span(text: str, words: str) -> tuple[int, int]:
    start = text.index(words)
    return start, start + len(words)


@pytest.mark.parametrize(
    ("text", "words", "clause"),
    [
        (  # a new subject and its auxiliary after the comma
            "Il Sindaco nomina la Giunta, le commissioni sono composte da membri di entrambi i sessi.",
            "entrambi i sessi",
            " le commissioni sono composte da membri di entrambi i sessi.",
        ),
        (  # and the clause before it, seen from its own words
            "Il Sindaco nomina la Giunta, le commissioni sono composte da membri di entrambi i sessi.",
            "Giunta",
            "Il Sindaco nomina la Giunta",
        ),
        (  # another predicate of the same subject, a verb the constructions found
            "Il Comune contrasta le discriminazioni di sesso e di religione, e assicura ai disabili il "
            "trasporto gratuito.",
            "disabili",
            " e assicura ai disabili il trasporto gratuito.",
        ),
        (  # "mentre" and a verb the constructions found
            "La Giunta garantisce la parità, mentre le consulte promuovono la presenza di donne.",
            "presenza di donne",
            " mentre le consulte promuovono la presenza di donne.",
        ),
    ],
)
def test_a_comma_before_a_subject_and_its_verb_opens_a_clause(text: str, words: str, clause: str):
    verbs = [_span(text, v) for v in ("promuovono", "assicura") if v in text]
    names = [_span(text, n) for n in ("Giunta", "commissioni", "consulte") if n in text]
    bounds = clause_of(text, _span(text, words), verbs, names)
    assert text[bounds[0] : bounds[1]] == clause


@pytest.mark.parametrize(
    "text",
    [
        # a list of bodies is one subject, not a clause
        "La Giunta, le commissioni e le consulte sono composte da membri di entrambi i sessi.",
        # no verb after the article's words: an apposition or an object
        "Il Comune garantisce la presenza di entrambi i sessi nella Giunta, le commissioni e le consulte.",
        # a verb too far from the article: the words are no subject
        "Il Sindaco nomina la Giunta, la quale nella prima seduta utile dopo la nomina dei suoi componenti è "
        "composta da membri di entrambi i sessi.",
    ],
)
def test_a_comma_without_a_subject_and_verb_of_its_own_opens_no_clause(text: str):
    names = [_span(text, n) for n in ("Giunta", "commissioni", "consulte") if n in text]
    bounds = clause_of(text, _span(text, "entrambi i sessi"), [], names)
    assert bounds == (0, len(text))


@pytest.mark.parametrize(
    ("around", "text", "words", "expected"),
    [
        (  # a list line that lost its stop, then a new sentence
            sentence_of,
            "Sono organi del Comune: il Consiglio la Giunta il Sindaco Le consulte sono composte da donne e uomini.",
            "donne e uomini",
            "Le consulte sono composte da donne e uomini.",
        ),
        (  # an article after a preposition opens a name ("La casa delle donne", an association)
            sentence_of,
            "Il Comune collabora con La casa delle donne per la parità tra donne e uomini.",
            "parità",
            "Il Comune collabora con La casa delle donne per la parità tra donne e uomini.",
        ),
        (  # "e", a verb and its object: another predicate of the same subject
            predicate_of,
            "Il Comune assicura pari opportunità in ogni ambito e istituisce la Consulta delle donne.",
            "Consulta",
            "e istituisce la Consulta delle donne.",
        ),
        (  # and the one before it
            predicate_of,
            "Il Comune assicura pari opportunità in ogni ambito e istituisce la Consulta delle donne.",
            "pari opportunità",
            "Il Comune assicura pari opportunità in ogni ambito",
        ),
        (  # "e" before an article joins two objects of one verb
            predicate_of,
            "Il Comune promuove la parità e la partecipazione delle donne.",
            "partecipazione",
            "Il Comune promuove la parità e la partecipazione delle donne.",
        ),
    ],
)
def test_the_sentence_or_predicate_around_words(
    around: Callable[[str, tuple[int, int]], tuple[int, int]], text: str, words: str, expected: str
):
    """A lost stop starts a sentence; "e", a verb and its object start another predicate."""
    start, end = around(text, _span(text, words))
    assert text[start:end].strip() == expected


@pytest.mark.parametrize(
    ("text", "words", "expected"),
    [
        (  # the relative after the span's own phrase: said of the phrase before "la quale"
            "È istituito il Consiglio delle donne, che sostituisce la Consulta femminile, la quale è "
            "soppressa.",
            "è soppressa",
            "che sostituisce la Consulta femminile",
        ),
        (  # a span that holds the relative pronoun: the same phrase
            "La Consulta per le pari opportunità, che è soppressa, consegna i propri atti.",
            "opportunità, che è",
            "La Consulta per le pari opportunità",
        ),
        (  # no relative clause: nothing
            "Il Consiglio delle donne è soppresso e le sue funzioni passano al Comitato.",
            "è soppresso",
            None,
        ),
        (  # a relative that a comma closes before the span: not the span's clause
            "La Consulta, che ha sede in Municipio, è soppressa.",
            "è soppressa",
            None,
        ),
    ],
)
def test_a_relative_clause_is_said_of_the_phrase_before_it(
    text: str, words: str, expected: str | None
):
    """The phrase a relative clause describes, so that what it denies stays with that phrase."""
    said_of = antecedent(text, _span(text, words))
    assert (text[said_of[0] : said_of[1]].strip() if said_of else None) == expected


def test_and_a_subject_of_its_own_after_a_finite_verb_start_another_predicate():
    """ "… è abolita e le sue funzioni sono affidate …" is two predicates; two bodies are one subject."""
    two = "La Consulta femminile è abolita e le sue funzioni sono affidate alla Commissione."
    start, end = predicate_of(two, _span(two, "Commissione"))
    assert two[start:end].strip() == "e le sue funzioni sono affidate alla Commissione."
    one = "La Giunta e le commissioni comunali sono composte garantendo la presenza di entrambi i sessi."
    assert predicate_of(one, _span(one, "commissioni")) == sentence_of(one, _span(one, "Giunta"))
