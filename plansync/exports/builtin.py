"""The ``csv`` and ``markdown`` exporters as a plugin.

Every command that builds the plugin registry imports this module, so the
exporters' own modules are imported only when one of them runs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from plansync.plugins import Exporter, hookimpl

if TYPE_CHECKING:
    from plansync.load.workspace import Workspace


def export_csv(workspace: Workspace, event: str | None) -> dict[str, str]:
    from plansync.exports.csvtables import index_tables  # SQLAlchemy's tables: only when exporting CSV

    return index_tables(workspace, event)


def export_markdown(workspace: Workspace, event: str | None) -> str:
    from plansync.exports.markdown import plan_document  # the planning engine: only when exporting markdown

    return plan_document(workspace, event)


@hookimpl
def register_exporters(register: Callable[[Exporter], None]) -> None:
    register(Exporter("csv", "one CSV file per index table, into a folder (--output DIR)", export_csv, folder=True))
    register(Exporter("markdown", "a readable document: each event's plan, shopping list, packaging and packages", export_markdown))
