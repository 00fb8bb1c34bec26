"""The parsed statute in the shape of a ground-truth sidecar, for exact comparisons."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from statuti_check.read.model import ParsedStatute


def summary(parsed: ParsedStatute) -> dict[str, Any]:
    """The parsed statute in the sidecar's shape."""
    statute, front = parsed.statute, parsed.statute.front_matter
    return {
        "authority": {"name": parsed.authority.name, "type": parsed.authority.type},
        "adopted": front.adopted.isoformat() if front.adopted else None,
        "last_amended": front.last_amended.isoformat() if front.last_amended else None,
        "divisions": [
            {"kind": d.kind, "number": d.number, "heading": d.heading} for d in statute.divisions
        ],
        "articles": [
            {
                "number": a.number,
                "heading": a.heading,
                "titolo": a.titolo,
                "capo": a.capo,
                "sezione": a.sezione,
                "commi": [{"number": c.number, "letters": len(c.letters)} for c in a.commi],
                "notes": len(a.notes),
            }
            for a in statute.articles
        ],
        "indexes": [{"title": i.title, "entries": i.entries} for i in statute.indexes],
        "other_matter": [matter.kind for matter in statute.other_matter],
    }


def expected(truth: dict[str, Any]) -> dict[str, Any]:
    return {
        key: truth[key]
        for key in (
            "authority",
            "adopted",
            "last_amended",
            "divisions",
            "articles",
            "indexes",
            "other_matter",
        )
    }


def intended_verdicts(sidecar: Path, rule_ids: Iterable[str]) -> dict[str, str]:
    """The verdict each rule should give on a corpus statute, as its sidecar records it.

    A rule the sidecar does not cover (a rule just added to the catalogue) fails with what to do,
    not with a KeyError: the intended verdict is what the statute was written to contain, so a
    person decides it in the statute's source.
    """
    intended = json.loads(sidecar.read_text(encoding="utf-8"))["intended_verdicts"]
    rule_ids = list(rule_ids)
    missing = [rule_id for rule_id in rule_ids if rule_id not in intended]
    if missing:
        slug = sidecar.name.removesuffix(".expected.json")
        raise AssertionError(
            f"{sidecar.name} has no intended verdict for the rule(s) {', '.join(missing)}. "
            f"Write what the statute was written to contain under `intended_verdicts:` in "
            f"corpus/src/{slug}.yaml, e.g. `{missing[0]}: {{verdict: assente, articles: [], "
            f"note: ...}}` (`python -m tests.support.corpus_verdicts {missing[0]}` lists what "
            "the engine finds in every corpus statute today, to check), then run `make corpus`."
        )
    return {rule_id: intended[rule_id]["verdict"] for rule_id in rule_ids}
