"""Opening a plan repository for a command, with its settings remembered.

Every command reads ``plansync.yaml`` first; parsing it needs the YAML
reader and the schema validator, which a warm ``plan`` would not otherwise
import. Valid settings are kept in the cache's settings section under the
text's key (:mod:`plansync.cache.settings`), so only a changed file is
parsed again; settings with problems are always parsed, so each problem is
still reported with its location.
"""

from __future__ import annotations

import os
from pathlib import Path

from plansync.cache import settings as settingscache
from plansync.formats.builtin import BUILTIN
from plansync.formats.format import FormatTable
from plansync.repo.repository import PlanRepo, find_root, read_settings_text


def open_repository(path: Path | None = None, formats: FormatTable = BUILTIN, *, search: bool = True) -> PlanRepo:
    """The repository holding ``path`` (``search``: the nearest folder with
    ``plansync.yaml`` from there up; else ``path`` itself), read with
    ``formats``."""
    root = find_root(path) if search else Path(os.path.abspath(path or Path.cwd()))
    text = read_settings_text(root)
    remembered = settingscache.recall(root, text)
    if remembered is not None:
        return PlanRepo(root, remembered, [], formats)
    repo = PlanRepo.open(root, text, formats)
    if not repo.settings_problems:
        settingscache.remember(root, text, repo.settings)
    return repo
