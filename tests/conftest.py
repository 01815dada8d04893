"""Shared fixtures: real plan repositories in temporary git repositories."""

from __future__ import annotations

import os
import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from plansync.cli.main import cli
from plansync.lifecycle.init import init_repository
from plansync.plugins import manager
from plansync.store import clock
from tests.helpers import CATALOG
from tests.party import EVENT as PARTY_EVENT_FILE, NOW, PARTY_EVENT, PARTY_FILES

PROJECT = Path(__file__).resolve().parent.parent
EXAMPLE_REPO = PROJECT / "plans"

# Real git, isolated from the developer's own configuration.
os.environ.setdefault("GIT_CONFIG_GLOBAL", os.devnull)
os.environ.setdefault("GIT_CONFIG_NOSYSTEM", "1")
os.environ.setdefault("GIT_AUTHOR_NAME", "Test Baker")
os.environ.setdefault("GIT_AUTHOR_EMAIL", "baker@example.com")
os.environ.setdefault("GIT_COMMITTER_NAME", "Test Baker")
os.environ.setdefault("GIT_COMMITTER_EMAIL", "baker@example.com")
# Bugs must surface as tracebacks in tests, not as tidy messages.
os.environ["PLANSYNC_DEBUG"] = "1"


@pytest.fixture(autouse=True)
def _fresh_plugins():
    manager.reset()
    yield
    manager.reset()


class PlanRepoFixture:
    """A plan repository on disk with helpers to write files and run commands."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def write(self, relative: str, text: str) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    def write_bytes(self, relative: str, data: bytes) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        return path

    def read(self, relative: str) -> str:
        return (self.root / relative).read_text(encoding="utf-8")

    def run(self, *args: str, input: str | None = None) -> Result:
        runner = CliRunner()
        return runner.invoke(cli, ["--repo", str(self.root), *args], input=input, catch_exceptions=False)

    def git(self, *args: str) -> str:
        return subprocess.run(
            ["git", *args], cwd=self.root, check=True, capture_output=True, text=True
        ).stdout

    def commit_all(self, message: str = "test") -> str:
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message)
        return self.git("rev-parse", "HEAD").strip()


@pytest.fixture
def plan_repo(tmp_path: Path) -> PlanRepoFixture:
    """A freshly initialised, empty plan repository."""
    root = tmp_path / "plans"
    init_repository(root)
    return PlanRepoFixture(root)


@pytest.fixture
def catalog(plan_repo: PlanRepoFixture) -> PlanRepoFixture:
    """:func:`plan_repo` with the small catalog of :data:`tests.helpers.CATALOG` written (not committed)."""
    for path, text in CATALOG.items():
        plan_repo.write(path, text)
    return plan_repo


@pytest.fixture
def fixed_clock(monkeypatch):
    """plansync's clock stopped at :data:`tests.party.NOW` (``pytestmark = pytest.mark.usefixtures("fixed_clock")``)."""
    monkeypatch.setattr(clock, "utc_now", lambda: NOW)


@pytest.fixture
def party(tmp_path: Path) -> PlanRepoFixture:
    """A small plan repository, committed: the ``party`` event, draft (see tests/party.py)."""
    repo = PlanRepoFixture(tmp_path / "party")
    for path, text in PARTY_FILES.items():
        repo.write(path, text)
    repo.write(PARTY_EVENT_FILE, PARTY_EVENT)
    repo.git("init", "-q")
    repo.commit_all("party")
    return repo


#: The example repository's plan files, repository-relative (hidden folders left out).
EXAMPLE_PLAN_FILES = sorted(
    p.relative_to(EXAMPLE_REPO).as_posix()
    for p in EXAMPLE_REPO.rglob("*.yaml")
    if not any(part.startswith(".") for part in p.relative_to(EXAMPLE_REPO).parts)
)


def copy_example(root: Path) -> Path:
    """A copy of the example repository at ``root``, without its caches."""
    shutil.copytree(EXAMPLE_REPO, root, ignore=shutil.ignore_patterns(".plansync"))
    return root


def commit_example(root: Path) -> Path:
    """:func:`copy_example` in its own git repository, committed."""
    fixture = PlanRepoFixture(copy_example(root))
    fixture.git("init", "-q")
    fixture.commit_all("example")
    return root


@pytest.fixture
def example_repo(tmp_path: Path) -> PlanRepoFixture:
    """A copy of the example repository in its own git repository, committed."""
    return PlanRepoFixture(commit_example(tmp_path / "example"))


def run_cli(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)
