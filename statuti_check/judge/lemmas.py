"""The part of the lemma table a catalogue's patterns can use, kept on disk between processes.

Reading spacy-lookups-data's whole Italian table (333,000 forms) costs every process that
matches a fifth of a second, on the critical path of a bulk run's start. Matching reads a word's
lemma only to look it up among the pattern words and prefixes (RuleMatcher.uses_lemma): a word
whose lemma is none of them fills the same terms with its lemma as without it. So the first
process to compile a catalogue's matcher reads the whole table and writes down the entries a
pattern word is the form of, or whose lemma a pattern can use; later processes load only those,
and every word fills exactly the terms it would with the whole table.

The file is keyed by the catalogue's hash, the code fingerprint (the matching rules and the
domain lemmas are code) and spacy-lookups-data's version. It lives in the per-user cache folder
beside the OCR cache; it only ever saves time: a missing, damaged or unwritable file means the
whole table is read, as before.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from importlib.metadata import version
from pathlib import Path

from statuti_check.judge.catalogue import Catalogue
from statuti_check.judge.matching import RuleMatcher
from statuti_check.judge.nlp import know_lemmas, whole_lemma_table
from statuti_check.settings import user_cache_dir

log = logging.getLogger(__name__)
KEPT = 16  # files kept: one per catalogue and code version in use


def compiled_matcher(catalogue: Catalogue, code_version: str) -> RuleMatcher:
    """The catalogue's matcher, with the lemmas it can use loaded (from disk when kept there)."""
    path = _path(catalogue.sha256, code_version)
    part = _read(path)
    if part is not None:
        know_lemmas(part)
        return RuleMatcher(catalogue)
    whole = whole_lemma_table()
    matcher = RuleMatcher(catalogue)
    words, usable = matcher.words(), matcher.uses_lemma
    _write(path, {form: lemma for form, lemma in whole.items() if form in words or usable(lemma)})
    return matcher


def _path(catalogue_sha256: str, code_version: str) -> Path:
    key = f"{catalogue_sha256}\0{code_version}\0{version('spacy-lookups-data')}"
    name = hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]
    return user_cache_dir() / "lemmas" / f"{name}.json"


def _read(path: Path) -> dict[str, str] | None:
    try:
        part = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return None
    if not isinstance(part, dict) or not all(isinstance(v, str) for v in part.values()):
        log.warning("lemma cache %s: not a table of lemmas; reading the whole table", path)
        return None
    return part


def _write(path: Path, part: dict[str, str]) -> None:
    """Write atomically (workers may write the same file at once); keep the newest files only."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", dir=path.parent, suffix=".tmp", delete=False) as f:
            json.dump(part, f, ensure_ascii=False, sort_keys=True)
        os.replace(f.name, path)
        older = sorted(path.parent.glob("*.json"), key=lambda p: p.stat().st_mtime)[:-KEPT]
        for stale in older:
            stale.unlink(missing_ok=True)
    except OSError as exc:
        log.warning("lemma cache %s: cannot write (%s); going on without it", path, exc)
