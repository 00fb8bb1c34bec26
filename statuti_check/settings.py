"""Limits that keep hostile or oversized inputs from exhausting a worker (see the README).

And where the per-user caches live (OCR text, the lemmas a catalogue uses).
"""

import os
from pathlib import Path

from pydantic import BaseModel, ConfigDict


class Limits(BaseModel):
    """Bounds checked before expensive work starts, so a bad file fails fast and cheaply."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    max_file_bytes: int = 100 * 1024 * 1024
    max_pages: int = 2000
    max_unzipped_bytes: int = 100 * 1024 * 1024  # DOCX and ODT content once decompressed
    max_text_chars: int = 5_000_000  # about 2,000 dense pages; a statute has some 250,000
    ocr_max_pages: int = 300  # scanned pages read by OCR per file (some 3 s each)
    timeout_seconds: float = 120.0
    memory_mb: int = 2048  # address space per bulk worker (RLIMIT_AS), not resident memory


DEFAULT_LIMITS = Limits()


def user_cache_dir() -> Path:
    """The per-user cache folder: `$XDG_CACHE_HOME/statuti-check` (`~/.cache/statuti-check`)."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "statuti-check"
