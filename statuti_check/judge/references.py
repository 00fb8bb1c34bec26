"""Outdated legal references in a statute (laws repealed or replaced), for the report's appendix.

They are information, not verdicts: a statute citing L. 142/1990 is not unlawful for that, but
the council amending it should update the citation too.
"""

from __future__ import annotations

import re
from functools import cache

import yaml

from statuti_check.contract import OutdatedReference
from statuti_check.data import read_text
from statuti_check.read.model import Statute


@cache
def _catalogue() -> list[tuple[dict[str, str], re.Pattern[str]]]:
    text = read_text("outdated_references.yaml")
    return [(entry, re.compile(entry["pattern"], re.IGNORECASE)) for entry in yaml.safe_load(text)]


@cache
def _any_act() -> re.Pattern[str]:
    """Any of the acts at once: most commi cite none, and one search rules them all out."""
    return re.compile("|".join(f"(?:{pattern.pattern})" for _, pattern in _catalogue()), re.I)


def find_outdated(statute: Statute) -> list[OutdatedReference]:
    """Every comma citing a superseded act (one entry per act and comma)."""
    found = []
    for article in statute.articles:
        for comma in article.commi:
            if not _any_act().search(comma.text):
                continue
            for entry, pattern in _catalogue():
                match = pattern.search(comma.text)
                if match:
                    start = max(0, match.start() - 80)
                    quote = ("…" if start else "") + comma.text[start : match.end() + 80].strip()
                    found.append(
                        OutdatedReference(
                            id=entry["id"],
                            label=entry["label"],
                            replace_with=entry["replace_with"],
                            article=article.number,
                            comma=comma.number,
                            page=comma.page_start,
                            quote=quote + ("…" if match.end() + 80 < len(comma.text) else ""),
                        )
                    )
    return found
