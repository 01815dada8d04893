"""Registers the ``bake-tracker`` importer.

Every plansync command loads plugins, so this module imports nothing heavy:
the conversion code is imported only when an import actually runs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

from plansync.plugins import Importer, ImportPlan, hookimpl


def _convert(path: Path, current: Callable[[str], Any] | None = None) -> ImportPlan:
    from plansync_bake_tracker.convert import convert

    return convert(path, current)


@hookimpl
def register_importers(register: Callable[[Importer], None]) -> None:
    register(
        Importer(
            name="bake-tracker",
            description="bake-tracker desktop files (JSON): full export 4.0-4.3, catalog files, mobile purchases and counts",
            convert=_convert,
            reads_repository=True,
        )
    )
