"""statuti-check: audit Italian local-authority statutes for equal-opportunity norms.

Public API: `load_catalogue()`, `parse_file()`, `audit_file()`.
"""

from statuti_check.contract import Report
from statuti_check.errors import InputError
from statuti_check.judge.audit import audit_file
from statuti_check.judge.catalogue import Catalogue, load_catalogue
from statuti_check.read.model import ParsedStatute
from statuti_check.read.parse import parse_file

__all__ = [
    "Catalogue",
    "InputError",
    "ParsedStatute",
    "Report",
    "audit_file",
    "load_catalogue",
    "parse_file",
]
