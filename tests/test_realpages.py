"""The real-pages benchmark's reading of two readers' labels, on articles written by us.

The real pages themselves are third-party text kept outside the repository; these articles only
exercise how labels are merged, how the split falls and what is counted.
"""

from __future__ import annotations

import json
from pathlib import Path

from benchmarks.realpages import Reading, held_out, score
from statuti_check.judge.catalogue import load_catalogue

PRINCIPLE = "pari-opportunita-principio"
GIUNTA = "giunta-entrambi-sessi"


def _write(path: Path, rows: list[dict[str, object]]) -> None:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")


def test_a_label_is_sure_only_when_both_readers_agree_and_neither_doubts():
    first = {"labels": {PRINCIPLE: "conforme", GIUNTA: "parziale"}, "dubbio": []}
    second = {"labels": {PRINCIPLE: "conforme", GIUNTA: "conforme"}, "dubbio": ["violenza-genere"]}
    reading = Reading.of(first, second, [PRINCIPLE, GIUNTA, "violenza-genere", "bilancio-genere"])
    assert reading.sure == {PRINCIPLE: "conforme", "bilancio-genere": "assente"}
    assert reading.unsure == {
        GIUNTA: ("parziale", "conforme"),
        "violenza-genere": ("assente", "assente"),
    }


def test_the_split_names_whole_regions_however_they_are_spelt():
    assert held_out({"regione": "Emilia Romagna"})
    assert held_out({"regione": "Sardegna"})
    assert not held_out({"regione": "Veneto"})


def test_scores_each_part_on_sure_labels_and_counts_the_rest_apart(tmp_path):
    texts = [
        {"id": "x-1", "tipo": "comune", "regione": "Veneto", "article_heading": "Art. 2 – Principi",
         "text": "1. Il Comune garantisce pari opportunità tra donne e uomini in ogni ambito della "
                 "propria azione."},
        {"id": "x-2", "tipo": "comune", "regione": "Marche", "article_heading": "Art. 3 – Finalità",
         "text": "1. Il Comune promuove lo sviluppo economico e la tutela del paesaggio."},
    ]  # fmt: skip
    labels = [
        {"id": "x-1", "labels": {PRINCIPLE: "conforme"}, "dubbio": []},
        {"id": "x-2", "labels": {}, "dubbio": []},
    ]
    _write(tmp_path / "x_texts.jsonl", texts)
    _write(tmp_path / "x_labels1.jsonl", labels)
    # the second reader calls the principle parziale: that label is not sure, and not scored
    _write(
        tmp_path / "x_labels2.jsonl", [{**labels[0], "labels": {PRINCIPLE: "parziale"}}, labels[1]]
    )
    _write(tmp_path / "y_texts.jsonl", texts[:1])  # a group one reader has labelled is left out
    _write(tmp_path / "y_labels1.jsonl", labels[:1])
    parts, agreement = score(tmp_path, load_catalogue())
    tuning, held = parts["tuning"].score, parts["held out"].score
    assert PRINCIPLE not in tuning.tallies  # unsure on x-1, the only tuning article
    assert parts["tuning"].unsure_wrong == 0  # the engine's conforme is one reader's label
    assert held.tallies[PRINCIPLE].n == 1 and held.false_conforme == []
    assert agreement[False] == 1
