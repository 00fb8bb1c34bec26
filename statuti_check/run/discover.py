"""Which statute files the inputs of a bulk audit hold, and the base name of each one's reports."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from statuti_check.contract import Failure
from statuti_check.names import file_stem
from statuti_check.read.extract import SUPPORTED_SUFFIXES


@dataclass
class Discovery:
    """What the inputs hold: statute files, inputs that do not exist, hidden files passed over."""

    files: list[Path]
    missing: list[Failure]
    hidden: list[Path]


def discover(inputs: list[Path]) -> Discovery:
    """Statute files under the inputs (folders walked), in a stable order.

    Hidden entries (".git", "._statuto.pdf" left by macOS) are passed over but counted, so the
    summary can say so; a file named explicitly is taken whatever its suffix (format sniffing
    decides); a missing input is a failure to report, not a reason to stop.
    """
    found: dict[Path, None] = {}
    result = Discovery([], [], [])
    for item in inputs:
        if item.is_dir():
            for path in sorted(item.rglob("*")):
                if not path.is_file() or path.suffix.lower() not in SUPPORTED_SUFFIXES:
                    continue
                if any(part.startswith(".") for part in path.relative_to(item).parts):
                    result.hidden.append(path)
                else:
                    found.setdefault(path, None)
        elif item.is_file():
            found.setdefault(item, None)
        else:
            result.missing.append(
                Failure(
                    path=str(item),
                    reason="Il file o la cartella non esiste.",
                    detail=f"{item}: no such file or directory",
                )
            )
    result.files = list(found)
    return result


def output_names(files: list[Path]) -> dict[Path, str]:
    """A safe, unique base name per file for its reports (names never come from documents)."""
    names: dict[Path, str] = {}
    taken: set[str] = set()
    for path in files:
        base = file_stem(path.stem)
        name, number = base, 2
        while name.casefold() in taken:
            name, number = f"{base}-{number}", number + 1
        taken.add(name.casefold())
        names[path] = name
    return names
