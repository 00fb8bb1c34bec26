"""A normal install works: the wheel ships the rule catalogue and every data file (issue 15).

`pip install .` once installed a package without the rules, and every command failed with "no
rule files". The wheel is built, installed into a folder of its own, and run from another folder.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # builds the wheel and installs it in a fresh venv

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = (
    "statuti_check/rules/giunta-entrambi-sessi.yaml",
    "statuti_check/rules/_constructions.yaml",
    "statuti_check/rules/_patterns.yaml",
    "statuti_check/data/comuni_istat_2011.csv",
    "statuti_check/data/procedure.yaml",
)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel `pip wheel .` builds (in isolation, as `pip install .` does)."""
    out = tmp_path_factory.mktemp("wheel")
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)],
        capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    if build.returncode and "connection" in build.stderr.lower():
        pytest.skip("no package registry to fetch the build requirements from")
    assert build.returncode == 0, build.stderr
    return next(out.glob("statuti_check-*.whl"))


def test_the_wheel_ships_the_rules_and_the_data(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert [name for name in SHIPPED if name not in names] == []
    assert any(name.startswith("statuti_check/report/templates/") for name in names)


def test_the_installed_package_lists_the_rules_and_audits_from_another_folder(wheel, tmp_path):
    site = tmp_path / "site"
    install = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(site),
         str(wheel)],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert install.returncode == 0, install.stderr
    elsewhere = tmp_path / "altrove"
    elsewhere.mkdir()
    shutil.copy(ROOT / "corpus" / "zocca.txt", elsewhere / "zocca.txt")
    env = {**os.environ, "PYTHONPATH": str(site)}  # before the development checkout

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        command = "import sys, statuti_check.cli as c; print(c.__file__, file=sys.stderr); " \
            "sys.exit(c.main(sys.argv[1:]))"  # fmt: skip
        return subprocess.run(
            [sys.executable, "-c", command, *args], cwd=elsewhere, env=env,
            capture_output=True, text=True, timeout=300,
        )  # fmt: skip

    listed = cli("rules", "list")
    assert listed.returncode == 0, listed.stderr
    assert str(site) in listed.stderr  # the installed copy ran, not the checkout
    assert "giunta-entrambi-sessi" in listed.stdout
    audited = cli("audit", "zocca.txt", "--format", "json")
    assert audited.returncode == 0, audited.stderr
    assert '"name": "Zocca"' in audited.stdout
