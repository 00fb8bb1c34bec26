"""The README's "Use as a library" example runs as written, on a corpus/ statute."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def library_example() -> str:
    """The python block of the README's "Use as a library" section."""
    section = ROOT.joinpath("README.md").read_text("utf-8").split("## Use as a library", 1)[1]
    found = re.search(r"```python\n(.*?)```", section, re.DOTALL)
    assert found, "the README's library section has no python example"
    return found.group(1)


def test_readme_library_example_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "corpus").symlink_to(ROOT / "corpus")
    monkeypatch.chdir(tmp_path)
    exec(compile(library_example(), "README.md", "exec"), {})
    printed = capsys.readouterr().out
    assert printed.startswith("Sassuolo {")
    assert (tmp_path / "sassuolo.docx").read_bytes().startswith(b"PK")
