"""Limits that keep hostile or oversized inputs from exhausting a worker (see the README)."""

from pydantic import BaseModel, ConfigDict


class Limits(BaseModel):
    """Bounds checked before expensive work starts, so a bad file fails fast and cheaply."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    max_file_bytes: int = 100 * 1024 * 1024
    max_pages: int = 2000


DEFAULT_LIMITS = Limits()
