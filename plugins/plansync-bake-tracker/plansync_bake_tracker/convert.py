"""bake-tracker export -> plansync documents: the pipeline.

read the file -> collect every record and give it a slug -> build the
catalog -> leave out what needs a left-out record -> build events, runs and
inventory against what is kept -> list the documents. Nothing is written;
the host validates and writes.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any

from plansync.plugins import ImportPlan
from plansync_bake_tracker.assemblies import (
    build_finished_good,
    build_package,
    build_recipient,
)
from plansync_bake_tracker.catalog import (
    build_finished_unit,
    build_ingredient,
    build_material_unit,
)
from plansync_bake_tracker.collect import STUB, collect
from plansync_bake_tracker.context import CATALOG_ORDER, KINDS, Conversion
from plansync_bake_tracker.events import build_events
from plansync_bake_tracker.inventory import build_inventory
from plansync_bake_tracker.reader import read_export
from plansync_bake_tracker.recipes import build_recipe
from plansync_bake_tracker.runs import RunLogs, build_runs
from plansync_bake_tracker.skipped import skipped_note

Documents = list[tuple[str, dict[str, Any]]]

BUILDERS = {
    "ingredient": build_ingredient,
    "recipe": build_recipe,
    "finished_unit": build_finished_unit,
    "material_unit": build_material_unit,
    "finished_good": build_finished_good,
    "package": build_package,
    "recipient": build_recipient,
}


def convert(path: Path) -> ImportPlan:
    """Read a bake-tracker export; raises PlansyncError for a file it cannot read."""
    export, header_notes = read_export(Path(path))
    conv = Conversion(export)
    collect(conv)
    for kind in CATALOG_ORDER:
        for record in conv.tables[kind]:
            conv.build(record, partial(BUILDERS[kind], conv))
    conv.cascade()
    build_events(conv)
    runs = build_runs(conv)
    inventory = build_inventory(conv)
    return ImportPlan(
        documents=_documents(conv, runs, inventory),
        problems=conv.problems,
        notes=_notes(conv, header_notes),
        create_only=_stand_ins(conv),
    )


def _stand_ins(conv: Conversion) -> set[str]:
    """Ingredients made up from references: never written over a real file."""
    path = KINDS["ingredient"][2]
    return {path.format(record.slug) for record in conv.tables["ingredient"] if STUB in record.raw}


def _documents(conv: Conversion, runs: RunLogs, inventory: dict[str, Any] | None) -> Documents:
    """Catalog first, then stock, then each event followed by its run log."""
    documents: Documents = []
    for kind in CATALOG_ORDER:
        documents += conv.documents(kind)
    if inventory is not None:
        documents.append(("inventory.yaml", inventory))
    for event_path, event in conv.documents("event"):
        documents.append((event_path, event))
        log = runs.document(event["slug"])
        if log is not None:
            documents.append((f"events/{event['slug']}/runs.yaml", log))
    unattached = runs.document(None)
    if unattached is not None:
        documents.append(("runs.yaml", unattached))
    return documents


def _notes(conv: Conversion, header_notes: list[str]) -> list[str]:
    """About the file, what was skipped, what was decided, then every renamed slug."""
    skipped = skipped_note(conv)
    notes = header_notes + ([skipped] if skipped else []) + conv.notes
    for kind in (*CATALOG_ORDER, "event", "material"):
        notes += conv.tables[kind].notes
    return notes
