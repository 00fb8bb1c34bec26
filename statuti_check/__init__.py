"""statuti-check: audit Italian local-authority statutes for equal-opportunity norms.

The public API (README, "Use as a library"):

- `parse_file(path)`: a statute file read into a `ParsedStatute` (read/);
- `audit_file(path)`: a file read and judged against the catalogue into a `Report` (judge/);
- `audit_many(inputs, out_dir, options)`: a bulk audit with workers and the store (bulk.py);
- `load_catalogue(directory=None)`: the rule catalogue (statuti_check/rules/ by default);
- `render(report, fmt)`: a report's bytes as PDF, DOCX, HTML, Markdown or JSON (report/);
- the report contract (contract.py): `Report`, `Finding`, `Evidence`, `Review`, `Failure` …

The contract types and `render` are imported at once; the functions that need pdfium or the
matcher are imported on first use, so `import statuti_check` (and `statuti-check --help`)
stays fast.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

from statuti_check.contract import (
    GAPS,
    VERDICTS,
    Authority,
    Evidence,
    Failure,
    Finding,
    Report,
    Review,
    SourceInfo,
    Verdict,
)
from statuti_check.errors import InputError
from statuti_check.report import render

if TYPE_CHECKING:
    from statuti_check.judge.audit import audit_file
    from statuti_check.judge.catalogue import Catalogue, load_catalogue
    from statuti_check.read.model import ParsedStatute
    from statuti_check.read.parse import parse_file
    from statuti_check.run.bulk import BulkOptions
    from statuti_check.run.bulk import run_bulk as audit_many

# Public name → (module, name there): loaded by __getattr__ on first use.
_LAZY: dict[str, tuple[str, str]] = {
    "parse_file": ("statuti_check.read.parse", "parse_file"),
    "ParsedStatute": ("statuti_check.read.model", "ParsedStatute"),
    "audit_file": ("statuti_check.judge.audit", "audit_file"),
    "load_catalogue": ("statuti_check.judge.catalogue", "load_catalogue"),
    "Catalogue": ("statuti_check.judge.catalogue", "Catalogue"),
    "audit_many": ("statuti_check.run.bulk", "run_bulk"),
    "BulkOptions": ("statuti_check.run.bulk", "BulkOptions"),
}


def __getattr__(name: str) -> object:
    """The heavy half of the API, imported when first asked for (PEP 562)."""
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module, attribute = _LAZY[name]
    value = getattr(import_module(module), attribute)
    globals()[name] = value
    return value


__all__ = [
    "GAPS",
    "VERDICTS",
    "Authority",
    "BulkOptions",
    "Catalogue",
    "Evidence",
    "Failure",
    "Finding",
    "InputError",
    "ParsedStatute",
    "Report",
    "Review",
    "SourceInfo",
    "Verdict",
    "audit_file",
    "audit_many",
    "load_catalogue",
    "parse_file",
    "render",
]
