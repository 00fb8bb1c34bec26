"""spaCy loaded without its command line (statuti_check.judge.nlp) tokenises exactly as spaCy
imported the ordinary way: same tokens, same offsets, on every text the corpus and the rule
examples hold."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
OURS = (
    "import json, sys; from statuti_check.judge.nlp import tokenize; "
    "texts = json.load(open(sys.argv[1], encoding='utf-8')); "
    "print(json.dumps([[(t.text, t.idx) for t in doc] for doc in tokenize(texts)]))"
)
SPACY = (
    "import json, sys, spacy; nlp = spacy.blank('it'); "
    "texts = json.load(open(sys.argv[1], encoding='utf-8')); "
    "print(json.dumps([[(t.text, t.idx) for t in nlp.make_doc(x.lower())] for x in texts]))"
)


def _texts_in(node: object) -> list[str]:
    if isinstance(node, dict):
        own = [node["text"]] if isinstance(node.get("text"), str) else []
        return own + [t for value in node.values() for t in _texts_in(value)]
    if isinstance(node, list):
        return [t for item in node for t in _texts_in(item)]
    return []


def _example_texts() -> list[str]:
    files = sorted((ROOT / "tests" / "fixtures" / "rules").glob("*.yaml"))
    files += sorted((ROOT / "statuti_check" / "rules").glob("*.yaml"))
    return [t for path in files for t in _texts_in(yaml.safe_load(path.read_text("utf-8")))]


def _corpus_texts() -> list[str]:
    from statuti_check.read.parse import parse_file

    statutes = sorted(p for p in (ROOT / "corpus").iterdir() if p.is_file() and p.suffix != ".json")
    return [page.text for path in statutes for page in parse_file(path).document.pages]


def _tokens(script: str, texts: Path) -> list[list[list[object]]]:
    done = subprocess.run(
        [sys.executable, "-c", script, str(texts)], capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout)


@pytest.mark.slow  # reads the corpus, then two fresh interpreters tokenise it
def test_tokens_equal_those_of_spacy_imported_with_its_command_line(tmp_path):
    texts = _example_texts() + _corpus_texts()
    assert len(texts) > 1000
    path = tmp_path / "texts.json"
    path.write_text(json.dumps(texts), encoding="utf-8")
    assert _tokens(OURS, path) == _tokens(SPACY, path)


def test_spacy_command_line_still_importable_after():
    script = (
        "import sys; from statuti_check.judge.nlp import pipeline; pipeline(); "
        "assert 'typer' not in sys.modules; from spacy.cli.info import info; "
        "assert callable(info) and 'typer' in sys.modules"
    )
    subprocess.run([sys.executable, "-c", script], check=True)
