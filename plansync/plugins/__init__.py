"""The public plugin API: ``hookimpl``, the records plugins register, and
the few helpers a plugin needs. A plugin imports nothing else from plansync::

    from plansync.plugins import Format, hookimpl

    @hookimpl
    def register_formats(register):
        register(Format(name="toml", extensions=(".toml",), read=..., dump=...))

- :class:`PlansyncError`: raise it (with a message a baker can act on) for
  a file the plugin cannot read; :class:`LoadError` when it knows the line
  and column.
- :func:`content_sha256`: the hash plansync's snapshots and runs name a
  definition by, for an importer that writes runs.
- :func:`check_documents`: what ``plansync validate`` would find in an
  importer's documents before they are written.
- :func:`export_scope`: the documents an exporter writes for the whole
  repository or for one event (``--event``) and what it reaches.
- :func:`read_source`: the bytes of the file an importer converts, read
  from the file it opened and never past the import's size bound (a file
  that grows after the host checked it is refused, not read on).
"""

from typing import Any, Iterable

import pluggy

from plansync.errors import LoadError, PlansyncError, Problem
from plansync.formats.canonical import content_sha256
from plansync.plugins.scope import Scoped, export_scope
from plansync.plugins.sources import MAX_IMPORT_BYTES, read_source
from plansync.plugins.types import (
    Exporter,
    Format,
    Importer,
    ImportPlan,
    RecordProblem,
    Rule,
    RuleContext,
)

hookimpl = pluggy.HookimplMarker("plansync")


def check_documents(documents: Iterable[tuple[str, Any]]) -> list[Problem]:
    """Every problem ``plansync validate`` would find in ``(path, data)``
    documents taken as a repository of their own (see :mod:`plansync.plugins.checking`)."""
    from plansync.plugins.checking import check_documents as check  # the load stage: only when an importer checks

    return check(documents)

__all__ = [
    "MAX_IMPORT_BYTES",
    "Exporter",
    "Format",
    "ImportPlan",
    "Importer",
    "LoadError",
    "PlansyncError",
    "Problem",
    "RecordProblem",
    "Rule",
    "RuleContext",
    "Scoped",
    "check_documents",
    "content_sha256",
    "export_scope",
    "hookimpl",
    "read_source",
]
