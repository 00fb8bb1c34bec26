"""Numbers and dates as Italian readers write them."""

from __future__ import annotations

from datetime import date


def thousands(value: int) -> str:
    """Italian digit grouping: 39885 → "39.885"."""
    return f"{value:,}".replace(",", ".")


def plural(count: int, one: str, many: str) -> str:
    """A count with its noun in agreement: "1 file non letto", "3 statuti verificati"."""
    return f"{thousands(count)} {one if count == 1 else many}"


def italian_list(items: list[str]) -> str:
    """Items joined the Italian way: "3, 4 e 7"."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " e " + items[-1]


def italian_date(value: date | str | None) -> str:
    """dd/mm/yyyy, or "non indicata"."""
    if isinstance(value, str):
        value = date.fromisoformat(value)
    return value.strftime("%d/%m/%Y") if value else "non indicata"
