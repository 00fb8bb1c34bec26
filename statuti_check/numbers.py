"""Numbers as Italian readers write them."""


def thousands(value: int) -> str:
    """Italian digit grouping: 39885 → "39.885"."""
    return f"{value:,}".replace(",", ".")
