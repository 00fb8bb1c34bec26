"""The parsed statute in the shape of a ground-truth sidecar, for exact comparisons."""

from __future__ import annotations

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
