"""Clauses inside a sentence: where a comma opens a clause with a subject of its own."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from statuti_check.judge.sentences import clause_of, predicate_of, sentence_of


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
