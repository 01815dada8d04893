"""Registers the ``bake-tracker`` importer.

Every plansync command loads plugins, so this module imports nothing heavy:
the conversion code is imported only when an import actually runs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from plansync.plugins import Importer, ImportPlan, hookimpl


def _convert(path: Path) -> ImportPlan:
    from plansync_bake_tracker.convert import convert

    return convert(path)


@hookimpl
def register_importers(register: Callable[[Importer], None]) -> None:
    register(
        Importer(
            name="bake-tracker",
            description="bake-tracker desktop export (JSON, versions 4.0 to 4.3)",
            convert=_convert,
        )
    )
