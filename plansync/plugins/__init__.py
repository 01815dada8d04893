"""The public plugin API: ``hookimpl`` and the records plugins register.

A plugin needs nothing else from plansync::

    from plansync.plugins import Format, hookimpl

    @hookimpl
    def register_formats(register):
        register(Format(name="toml", extensions=(".toml",), read=..., dump=...))
"""

import pluggy

from plansync.plugins.types import (
    Exporter,
    Format,
    ImportPlan,
    Importer,
    RecordProblem,
    Rule,
)

hookimpl = pluggy.HookimplMarker("plansync")

__all__ = ["Exporter", "Format", "ImportPlan", "Importer", "RecordProblem", "Rule", "hookimpl"]
