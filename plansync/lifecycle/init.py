"""Creating a new plan repository (``plansync init``)."""

from __future__ import annotations

import shutil
from pathlib import Path

from plansync.errors import RefusedError
from plansync.formats.modeline import SCHEMA_FOLDER, modeline
from plansync.git.io import is_work_tree, run_git
from plansync.repo import schemas
from plansync.repo.layout import FOLDERS
from plansync.repo.repository import SETTINGS_FILE, STATE_DIR
from plansync.store.atomic import write_atomic

SETTINGS_TEXT = """\
version: 1
# Largest acceptable extra, as a share of the need, when plansync picks a
# yield option: 0.15 accepts 336 cookies for a need of 300.
waste_threshold: 0.15
# Commit the files plansync writes (as with --commit on each command).
auto_commit: false
"""

INVENTORY_TEXT = """\
kind: inventory
# Stock on hand, for example:
#   - {ingredient: all-purpose-flour, quantity: 10, unit: cup}
#   - {finished_unit: chocolate-chip-cookie, quantity: 24}
items: []
"""


def copy_schemas(root: Path) -> list[str]:
    """Copy the JSON Schemas into ``.schemas/`` (refreshing older copies)."""
    target = root / SCHEMA_FOLDER
    target.mkdir(exist_ok=True)
    written = []
    for kind in (*schemas.KINDS, schemas.SETTINGS):
        source = schemas.schema_file(kind)
        destination = target / source.name
        if not destination.exists() or destination.read_bytes() != source.read_bytes():
            shutil.copyfile(source, destination)
            written.append(f"{SCHEMA_FOLDER}/{source.name}")
    return written


def init_repository(root: Path) -> list[str]:
    """Create settings, folders, .gitignore and schemas; returns what was created.

    Refuses a folder that already holds ``plansync.yaml``.
    """

    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as exc:  # a read-only file system, a file in the way, no permission
        raise RefusedError(f"cannot create the plan repository {root}: {exc.strerror}") from None
    if (root / SETTINGS_FILE).exists():
        raise RefusedError(f"{root} is already a plan repository ({SETTINGS_FILE} exists)")
    created: list[str] = []
    if not is_work_tree(root):
        run_git(root, "init", "--quiet")
        created.append(".git/ (git init)")
    write_atomic(root / SETTINGS_FILE, modeline(SETTINGS_FILE, schemas.SETTINGS) + SETTINGS_TEXT)
    created.append(SETTINGS_FILE)
    gitignore = root / ".gitignore"
    lines = gitignore.read_text(encoding="utf-8").splitlines() if gitignore.exists() else []
    if f"{STATE_DIR}/" not in lines:
        lines.append(f"{STATE_DIR}/")
        write_atomic(gitignore, "\n".join(lines) + "\n")
        created.append(".gitignore")
    for folder in [*FOLDERS.values(), "events"]:
        path = root / folder
        path.mkdir(parents=True, exist_ok=True)
        keep = path / ".gitkeep"
        if not any(path.iterdir()):
            keep.touch()
            created.append(f"{folder}/")
    if not (root / "inventory.yaml").exists():
        write_atomic(root / "inventory.yaml", modeline("inventory.yaml", "inventory") + INVENTORY_TEXT)
        created.append("inventory.yaml")
    created.extend(copy_schemas(root))
    return created
