"""The example plan repository that ``plansync init --example`` writes.

A wheel carries it as ``plansync/example`` (pyproject maps the checkout's
``plans/`` there); an editable install reads ``plans/`` itself.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from plansync.errors import RefusedError
from plansync.git.io import is_work_tree, run_git
from plansync.repo.repository import SETTINGS_FILE, STATE_DIR
from plansync.repo.schemas import shipped


def example_dir() -> Path:
    """The folder holding the example repository (packaged first, else the checkout's)."""
    return shipped("example", "plans")


def write_example(root: Path) -> list[str]:
    """Copy the example repository into ``root``; returns the files written.

    Refuses a folder that already holds files other than ``.git``.
    """

    root.mkdir(parents=True, exist_ok=True)
    if (root / SETTINGS_FILE).exists():
        raise RefusedError(f"{root} is already a plan repository ({SETTINGS_FILE} exists)")
    source = example_dir()
    written = []
    # The local index and caches of the checkout are not part of the example.
    for path in sorted(source.rglob("*")):
        relative = path.relative_to(source)
        if relative.parts[0] == STATE_DIR or path.is_dir():
            continue
        destination = root / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, destination)
        written.append(relative.as_posix())
    if not is_work_tree(root):
        run_git(root, "init", "--quiet")
    return written


def first_commit(root: Path, message: str) -> str | None:
    """Commit everything under ``root`` once; returns the commit, or None when git cannot.

    Only when the repository has no commit yet, so ``init`` inside an
    existing project never commits that project's other changes.
    """

    if run_git(root, "rev-parse", "--verify", "-q", "HEAD", check=False).strip():
        return None
    run_git(root, "add", "--", ".")
    run_git(root, "commit", "--quiet", "-m", message, "--", ".")
    return run_git(root, "rev-parse", "HEAD").decode().strip()
