"""The lemmas a catalogue can use, kept on disk: matching must read every word as with the whole
table (statuti_check.judge.lemmas)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from statuti_check.judge.audit import cache_version
from statuti_check.judge.catalogue import load_catalogue
from statuti_check.judge.lemmas import _read, compiled_matcher
from statuti_check.judge.nlp import whole_lemma_table

ROOT = Path(__file__).resolve().parents[1]


def _kept_part(cache_home: Path) -> dict[str, str]:
    (path,) = (cache_home / "statuti-check" / "lemmas").glob("*.json")
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.slow  # reads the whole table, then fills 6,000 words
def test_every_word_fills_the_same_terms_with_the_kept_part(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    matcher = compiled_matcher(load_catalogue(), cache_version())
    whole, part = whole_lemma_table(), _kept_part(tmp_path)
    assert 0 < len(part) < len(whole) / 10  # the point: a small file
    assert all(part.get(word) == whole.get(word) for word in matcher.words())
    left_out = sorted(form for form, lemma in whole.items() if part.get(form) != lemma)
    for form in left_out[::50]:  # fuzzy matching makes every word cost; a sample of 6,000
        assert matcher._fill(part.get(form, form), form) == matcher._fill(whole[form], form)


def test_a_damaged_file_is_not_read(tmp_path):
    damaged = tmp_path / "lemmas.json"
    for content in ("{", "[1, 2]", '{"donne": 1}'):
        damaged.write_text(content, encoding="utf-8")
        assert _read(damaged) is None
    assert _read(tmp_path / "missing.json") is None


@pytest.mark.slow  # two fresh interpreters audit a statute
def test_an_audit_from_the_kept_lemmas_equals_one_from_the_whole_table(tmp_path):
    """The first process reads the whole table and keeps the part; the second reads only that."""
    script = (
        "import json, sys; from statuti_check import audit_file; "
        "r = audit_file(sys.argv[1]); "
        "print(json.dumps([f.model_dump(mode='json') for f in r.findings]))"
    )
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    runs = []
    for _ in range(2):
        done = subprocess.run(
            [sys.executable, "-c", script, str(ROOT / "corpus" / "budrio.txt")],
            env=env, capture_output=True, text=True, check=True,
        )  # fmt: skip
        runs.append(json.loads(done.stdout))
        assert _kept_part(tmp_path)
    assert runs[0] == runs[1]
