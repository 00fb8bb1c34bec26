"""Authority metadata: the ISTAT list of comuni (Fonte: ISTAT, CC BY 3.0 IT) looked up by name."""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from functools import cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict
from rapidfuzz import fuzz, process

from statuti_check.contract import ISTAT_SOURCE, Authority, AuthorityType
from statuti_check.data import csv_rows
from statuti_check.errors import InputError
from statuti_check.names import name_key

_FUZZY_CUTOFF = 92.0


class Comune(BaseModel):
    """One row of the ISTAT list."""

    model_config = ConfigDict(frozen=True)

    istat_code: str
    name: str
    province: str
    province_code: str
    region: str
    population: int


@cache
def comuni() -> tuple[Comune, ...]:
    """The ISTAT list, read once per process."""
    return tuple(
        Comune(
            istat_code=row["codice_istat"],
            name=row["nome"],
            province=row["provincia"],
            province_code=row["sigla"],
            region=row["regione"],
            population=int(row["popolazione_2011"]),
        )
        for row in csv_rows("comuni_istat_2011.csv")
    )


@cache
def _by_key() -> dict[str, list[Comune]]:
    index: dict[str, list[Comune]] = defaultdict(list)
    for comune in comuni():
        index[name_key(comune.name)].append(comune)
    return dict(index)


def _province_matches(comune: Comune, province: str) -> bool:
    wanted = {name_key(part) for part in province.split("/")}
    known = {name_key(part) for part in comune.province.split("/")} | {
        name_key(comune.province_code)
    }
    return bool(wanted & known)


def find_comuni(name: str, province: str | None = None) -> list[Comune]:
    """Comuni whose name matches any part of a bilingual "A / B" name, exactly or nearly."""
    index = _by_key()
    parts = [part for part in re.split(r"\s*/\s*", name) if name_key(part)]
    found = [c for part in parts for c in index.get(name_key(part), [])]
    if not found:
        for part in parts:
            best = process.extractOne(name_key(part), index.keys(), scorer=fuzz.ratio)
            if best and best[1] >= _FUZZY_CUTOFF:
                found.extend(index[best[0]])
    if province and len(found) > 1:
        narrowed = [c for c in found if _province_matches(c, province)]
        found = narrowed or found
    return found


_MAX_NAME_WORDS = 5  # "Trinità d'Agultu e Vignola": longer is a sentence, not a name


def _comune_name(name: str, province: str | None) -> tuple[str | None, list[Comune]]:
    """The comune a name read from the text stands for, trimmed to the ISTAT name it starts with.

    A name taken from a sentence ("Treviso ispira la propria azione") is cut to the longest
    opening that is a comune ("Treviso"); a long name no comune matches is prose, not a name.
    """
    found = find_comuni(name, province)
    if found:
        return name, found
    words = name.split()
    for size in range(len(words) - 1, 0, -1):
        opening = " ".join(words[:size])
        if name_key(opening) in _by_key():
            return opening, find_comuni(opening, province)
    return (None, []) if len(words) > _MAX_NAME_WORDS else (name, [])


def province_population(province: str) -> int | None:
    """A province's 2011 population as the sum of its comuni (ISTAT has no row for it)."""
    total = sum(c.population for c in comuni() if _province_matches(c, province))
    return total or None


def resolve_authority(
    name: str | None, kind: AuthorityType | None, province_hint: str | None = None
) -> Authority:
    """Fill ISTAT code, province, region and population for a name read from the statute."""
    if not name:
        return Authority(type=kind)
    if kind == "comune":
        name, found = _comune_name(name, province_hint)
        if name is None:
            return Authority(type=kind)
        if len(found) == 1:
            c = found[0]
            return Authority(
                name=c.name, type="comune", istat_code=c.istat_code, province=c.province,
                region=c.region, population=c.population, population_source=ISTAT_SOURCE,
            )  # fmt: skip
        return Authority(
            name=name, type=kind, candidates=[f"{c.name} ({c.province_code})" for c in found]
        )
    if kind in ("provincia", "citta_metropolitana"):
        population = province_population(name)
        source = f"{ISTAT_SOURCE}, somma dei comuni" if population else None
        return Authority(name=name, type=kind, province=name if population else None,
                         population=population, population_source=source)  # fmt: skip
    return Authority(name=name, type=kind)


CSV_SOURCE = "indicata nel file degli enti"


class AuthorityRow(BaseModel):
    """One line of `--authorities CSV`; empty cells leave what the statute says."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    file: str | None = None
    name: str | None = None
    type: AuthorityType | None = None
    istat_code: str | None = None
    population: int | None = None

    def apply(self, found: Authority) -> Authority:
        """The authority read from the statute, corrected by this row."""
        known = next((c for c in comuni() if c.istat_code == self.istat_code), None)
        if known:
            found = resolve_authority(known.name, "comune", known.province)
        elif self.name or self.type:
            found = resolve_authority(self.name or found.name, self.type or found.type)
        if self.population is not None:
            found = found.model_copy(
                update={"population": self.population, "population_source": CSV_SOURCE}
            )
        return found


class AuthorityTable(BaseModel):
    """Authority metadata given by the user for a bulk audit, found by file name or by name.

    A row names a statute file (column `file`) or an authority (column `name`, matched with the
    name the statute gives itself); its population wins over the ISTAT figure.
    """

    model_config = ConfigDict(frozen=True)

    by_file: dict[str, AuthorityRow] = {}
    by_name: dict[str, AuthorityRow] = {}

    def file_row(self, file_name: str) -> AuthorityRow | None:
        """The user's row naming this file (by name, or by name without its suffix)."""
        stem = file_name.rsplit(".", 1)[0]
        return next(
            (self.by_file[k] for k in (file_name.casefold(), stem.casefold()) if k in self.by_file),
            None,
        )

    def lookup(self, file_name: str, found: Authority) -> Authority:
        """The authority for a file: the statute's own, corrected by the user's row if any."""
        row = self.file_row(file_name) or (
            self.by_name.get(name_key(found.name)) if found.name else None
        )
        return row.apply(found) if row else found


def _row(line: dict[str, str]) -> AuthorityRow:
    cells = {key.strip().lower(): (value or "").strip() for key, value in line.items() if key}
    if cells.get("population"):
        cells["population"] = cells["population"].replace(".", "").replace(" ", "")
    return AuthorityRow.model_validate({key: value for key, value in cells.items() if value})


def load_authority_table(path: str | Path) -> AuthorityTable:
    """Read `--authorities CSV` (columns file, name, type, istat_code, population; ',' or ';')."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
        dialect = csv.Sniffer().sniff(text.splitlines()[0], delimiters=",;\t")
        rows = [_row(line) for line in csv.DictReader(text.splitlines(), dialect=dialect)]
    except (OSError, UnicodeDecodeError, csv.Error, IndexError, ValueError) as exc:
        raise InputError(
            f"Il file degli enti «{path.name}» non è leggibile: serve un CSV in UTF-8 con le "
            "colonne file, name, type (comune, provincia, citta_metropolitana, unione), "
            "istat_code, population (in cifre).",
            f"{path}: authorities CSV unreadable: {exc!r}",
        ) from exc
    return AuthorityTable(
        by_file={row.file.casefold(): row for row in rows if row.file},
        by_name={name_key(row.name): row for row in rows if row.name and not row.file},
    )
