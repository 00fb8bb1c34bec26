"""Data shipped with the package; sources and licences are in README.md beside this file."""

from __future__ import annotations

import csv
import io
from importlib import resources


def read_text(name: str) -> str:
    """A data file's text (works from a wheel as from a checkout)."""
    return resources.files(__name__).joinpath(name).read_text(encoding="utf-8")


def csv_rows(name: str) -> list[dict[str, str]]:
    """A data CSV's rows, by column name."""
    return list(csv.DictReader(io.StringIO(read_text(name))))
