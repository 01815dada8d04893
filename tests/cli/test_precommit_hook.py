"""The pre-commit hook, run by the real ``pre-commit`` from a git root whose
plan repository is the folder ``plans/``, as the README shows it.

The hook definition is read from the project's own .pre-commit-hooks.yaml;
only ``language`` becomes ``system`` (the installed plansync), because a
``python`` hook makes pre-commit pip-install the project into a fresh
environment, which needs the network.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from tests.conftest import PROJECT, copy_example
from tests.helpers import git

pytest.importorskip("pre_commit")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A git repository with its plan repository in ``plans/`` and the hook installed."""
    root = tmp_path / "bakery"
    root.mkdir()
    copy_example(root / "plans")
    (hook,) = YAML(typ="safe").load(PROJECT / ".pre-commit-hooks.yaml")
    program, _, command = hook["entry"].partition(" ")
    assert program == "plansync"
    installed = shutil.which("plansync", path=os.path.dirname(sys.executable)) or shutil.which("plansync")
    # What the README tells a user to add: args for the folder, files to keep to it.
    hook.update(language="system", entry=f"{installed} {command}", args=["--repo", "plans"], files="^plans/")
    config = {"repos": [{"repo": "local", "hooks": [hook]}]}
    with open(root / ".pre-commit-config.yaml", "w", encoding="utf-8") as stream:
        YAML().dump(config, stream)
    git(root, "init", "-q")
    pre_commit(root, "install")
    git(root, "add", "-A")
    commit(root, "the plans", check=True)
    return root


def pre_commit(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", *args], cwd=root, env=_env(root), capture_output=True, text=True, check=True
    )


def commit(root: Path, message: str, check: bool = False) -> subprocess.CompletedProcess:
    """``git commit``; what the hooks printed (git shows it on stderr) is in ``.stdout``."""
    done = subprocess.run(
        ["git", "commit", "-m", message], cwd=root, env=_env(root), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    if check:
        assert done.returncode == 0, done.stdout
    return done


def _env(root: Path) -> dict[str, str]:
    # pre-commit keeps its own cache; keep it out of the developer's home.
    return {**os.environ, "PRE_COMMIT_HOME": str(root.parent / "pre-commit-home")}


def test_a_good_change_is_committed(project):
    flour = project / "plans/catalog/ingredients/all-purpose-flour.yaml"
    flour.write_text(flour.read_text() + "notes: Unbleached.\n")
    git(project, "add", "-A")
    done = commit(project, "flour notes")
    assert done.returncode == 0, done.stdout
    assert "plansync validate" in done.stdout and "Passed" in done.stdout


def test_a_broken_staged_file_is_refused_at_its_line(project):
    flour = project / "plans/catalog/ingredients/all-purpose-flour.yaml"
    flour.write_text(flour.read_text() + "colour: white\n")
    git(project, "add", "-A")
    done = commit(project, "a typo")
    assert done.returncode == 1
    assert "catalog/ingredients/all-purpose-flour.yaml:8:1: error: unknown field 'colour'" in done.stdout
    assert git(project, "log", "--format=%s") == "the plans\n"


def test_a_commit_that_only_deletes_a_referenced_file_is_refused(project):
    git(project, "rm", "-q", "plans/catalog/finished-units/sugar-cookie.yaml")
    done = commit(project, "drop sugar cookies")
    assert done.returncode == 1, done.stdout
    assert "error: finished unit 'sugar-cookie' does not exist [unknown-reference]" in done.stdout
    assert git(project, "log", "--format=%s") == "the plans\n"


def test_files_outside_the_plan_folder_do_not_run_into_it(project):
    (project / "notes.yaml").write_text("shopping: tuesday\n")
    git(project, "add", "-A")
    done = commit(project, "notes")
    assert done.returncode == 0, done.stdout
