"""A generated statute of a chosen length for benchmarks: filler text, real layout."""

from __future__ import annotations

import random
from typing import Any

_SENTENCES = [
    "Il Comune esercita le funzioni proprie e quelle conferite dalla legge statale e regionale",
    "secondo il principio di sussidiarietà e nel rispetto dell'autonomia delle formazioni sociali",
    "Il Consiglio comunale approva i regolamenti previsti dalla legge e dal presente statuto",
    "la Giunta collabora con il Sindaco nel governo del Comune e delibera in forma collegiale",
    "gli atti sono pubblicati all'albo pretorio online per quindici giorni consecutivi",
    "ai sensi dell'art. 6 del decreto legislativo 18 agosto 2000, n. 267, e successive modifiche",
    "il regolamento disciplina le modalità di accesso agli atti e ai documenti amministrativi",
    "la partecipazione dei cittadini è assicurata mediante consultazioni, istanze e petizioni",
]


def synthetic_source(articles: int = 150, seed: int = 7, name: str = "Vignola") -> dict[str, Any]:
    """A corpus/src-style statute of comune `name` with `articles` articles in titoli of 15."""
    rng = random.Random(seed)
    body: list[dict[str, Any]] = []
    for number in range(1, articles + 1):
        if number % 15 == 1:
            body.append({"titolo": {"number": str(number // 15 + 1), "heading": "Disposizioni"}})
        commi = [
            ", ".join(rng.sample(_SENTENCES, rng.randint(1, 4))).capitalize() + "."
            for _ in range(rng.randint(1, 5))
        ]
        body.append({"articolo": {"number": str(number), "heading": "Disciplina", "commi": commi}})
    return {
        "slug": "sintetico",
        "front_matter": [
            f"COMUNE DI {name.upper()}",
            "Statuto comunale",
            "Approvato con deliberazione C.C. n. 1 del 10.01.2001",
        ],
        "authority": {"name": name, "type": "comune"},
        "adopted": "2001-01-10",
        "body": body,
    }
