"""Plain helpers shared by the test modules (the fixtures are in conftest.py).

Each takes a :class:`tests.conftest.PlanRepoFixture` (or a folder) and runs
a command, checks its result or edits a file, exactly as the test modules
that used to carry their own copies did.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

from click.testing import CliRunner, Result

from plansync.cli.main import cli

# --- the small catalog: flour, sugar, cookies, a cookie, a ribbon -------------------

FLOUR = """
kind: ingredient
slug: flour
name: Flour
density: {volume: 1 cup, mass: 4.25 oz}
"""
SUGAR = """
kind: ingredient
slug: sugar
name: Sugar
"""
COOKIES = """
kind: recipe
slug: cookies
name: Cookies
ingredients:
  - {ingredient: flour, quantity: 2.25, unit: cup}
  - {ingredient: sugar, quantity: 1, unit: cup}
"""
COOKIE = """
kind: finished_unit
slug: cookie
name: Cookie
recipe: cookies
yield:
  mode: discrete_count
  unit: cookie
  options:
    - {per_batch: 48}
"""
RIBBON = """
kind: material_unit
slug: ribbon
name: Ribbon
material: red-ribbon
quantity_per_unit: 6
unit: inch
"""

#: The files of the small catalog, repository-relative (the ``catalog`` fixture writes them).
CATALOG = {
    "catalog/ingredients/flour.yaml": FLOUR,
    "catalog/ingredients/sugar.yaml": SUGAR,
    "catalog/recipes/cookies.yaml": COOKIES,
    "catalog/finished-units/cookie.yaml": COOKIE,
    "catalog/material-units/ribbon.yaml": RIBBON,
}


# --- running commands ---------------------------------------------------------------


def ok(repo, *args: str) -> str:
    """Run a command that must succeed; its stdout."""
    result = repo.run(*args)
    assert result.exit_code == 0, result.output
    return result.stdout


def refused(repo, *args: str, code: int = 1) -> str:
    """Run a command that must be refused: exit code, no stdout, no change."""
    result = repo.run(*args)
    assert result.exit_code == code, (result.stdout, result.stderr)
    assert result.stdout == ""
    assert repo.git("status", "--porcelain") == ""
    return result.stderr


def valid(repo) -> None:
    """`plansync validate` finds nothing at all."""
    result = repo.run("validate")
    assert result.exit_code == 0, result.stdout
    assert result.stdout.endswith(" checked: 0 error(s), 0 warning(s)\n"), result.stdout
    assert len(result.stdout.splitlines()) == 1, result.stdout


def validate_lines(repo, exit_code: int = 1) -> list[str]:
    """The problem lines `plansync validate` prints (the verdict line left
    off), after checking its exit code."""
    result = repo.run("validate")
    assert result.exit_code == exit_code, (result.stdout, result.stderr)
    return result.stdout.splitlines()[:-1]


def to_state(repo, state: str) -> None:
    """Move ``party`` forward to ``state``, committing each step."""
    for command, reached in (("lock", "locked"), ("start", "in_production"), ("complete", "completed")):
        if state == "draft":
            return
        ok(repo, command, "party", "--commit")
        if reached == state:
            return


def run_db(repo, url: str, *args: str) -> Result:
    """`plansync --repo REPO --db URL ARGS`."""
    return CliRunner().invoke(cli, ["--repo", str(repo.root), "--db", url, *args], catch_exceptions=False)


def run_on(repo, url: str | None, *args: str) -> Result:
    """Run a command on the index at ``url``, or on the repository's own index when ``url`` is None."""
    return run_db(repo, url, *args) if url else repo.run(*args)


# --- files and git ------------------------------------------------------------------


def edit(repo, path: str, old: str, new: str) -> None:
    """Replace the first ``old`` in the file at ``path``, which must hold it."""
    text = repo.read(path)
    assert old in text, old
    repo.write(path, text.replace(old, new, 1))


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, text=True).stdout


def last_commit(repo) -> tuple[str, list[str]]:
    """The subject of HEAD and the files it changed."""
    subject = repo.git("log", "-1", "--format=%s").strip()
    return subject, repo.git("show", "--name-only", "--format=", "HEAD").split()


def write_export(path: Path, files: list[dict]) -> None:
    """A `plansync export --to json` document holding ``files``."""
    path.write_text(json.dumps({"format": "plansync-export", "version": 1, "files": files}))


# --- a full disk: RLIMIT_FSIZE in the command's own process ------------------------

FULL_DISK = textwrap.dedent(
    """
    import resource, signal, sys
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    limit = int(sys.argv[1])
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    from plansync.cli.main import cli
    cli(["--repo", sys.argv[2], *sys.argv[3:]], prog_name="plansync")
    """
)


def run_on_a_full_disk(root: Path, limit: int, *args: str) -> subprocess.CompletedProcess:
    """``plansync --repo root ARGS`` in a child whose files cannot grow past
    ``limit`` bytes (SIGXFSZ ignored: writes fail with EFBIG, as on a full disk)."""
    project = Path(__file__).resolve().parent.parent
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "PYTHONPATH": str(project)}
    env.pop("PLANSYNC_DEBUG", None)
    return subprocess.run(
        [sys.executable, "-c", FULL_DISK, str(limit), str(root), *args], capture_output=True, text=True, env=env
    )
