"""The house's layering holds: the import-linter contracts in pyproject.toml,
no import cycle between stages (local imports included), few loose modules."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[1]
PACKAGE = PROJECT / "plansync"


def test_the_import_linter_contracts_are_kept():
    linter = Path(sys.executable).with_name("lint-imports")
    if not linter.exists():
        pytest.fail("import-linter is a test dependency: pip install -e '.[test]'")
    result = subprocess.run(
        [str(linter), "--no-cache", "--config", "pyproject.toml"], cwd=PROJECT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_no_import_cycle_between_stages_counting_local_imports():
    result = subprocess.run(
        [sys.executable, "scripts/import_cycles.py"], cwd=PROJECT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "stage cycles: 0" in result.stdout


def test_at_most_three_loose_modules_at_the_top_of_the_package():
    loose = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert loose == ["__init__.py", "__main__.py", "errors.py"]


def test_every_stage_is_a_package_named_in_the_layers_contract():
    stages = sorted(p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file())
    contract = (PROJECT / "pyproject.toml").read_text(encoding="utf-8")
    assert [s for s in stages if f'"plansync.{s}' not in contract and f"| plansync.{s}" not in contract] == []
