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
from plansync_bake_tracker.checks import validated
from plansync_bake_tracker.collect import STUB, collect
from plansync_bake_tracker.context import CATALOG_ORDER, KINDS, Conversion
from plansync_bake_tracker.events import build_events
from plansync_bake_tracker.inventory import build_inventory
from plansync_bake_tracker.purchases import purchase_lines, purchases_document
from plansync_bake_tracker.reader import is_transactions, read_export, read_json
from plansync_bake_tracker.recipes import build_recipe
from plansync_bake_tracker.runs import RunLogs, build_runs
from plansync_bake_tracker.skipped import skipped_note
from plansync_bake_tracker.stock import build_material, build_product, build_supplier
from plansync_bake_tracker.transactions import Current, convert_transactions

Documents = list[tuple[str, dict[str, Any]]]

BUILDERS = {
    "supplier": build_supplier,
    "material": build_material,
    "product": build_product,
    "ingredient": build_ingredient,
    "recipe": build_recipe,
    "finished_unit": build_finished_unit,
    "material_unit": build_material_unit,
    "finished_good": build_finished_good,
    "package": build_package,
    "recipient": build_recipient,
}


def convert(path: Path, current: Current | None = None) -> ImportPlan:
    """Read a bake-tracker file (a full export, a catalog file, a mobile
    transaction file: told apart by what it holds); raises PlansyncError
    for a file it cannot read. ``current`` reads the repository's files as
    they are (transaction files add to them)."""
    data = read_json(Path(path))
    if is_transactions(data):
        return convert_transactions(data, current, str(path))
    export, header_notes = read_export(Path(path), data)
    conv = Conversion(export)
    collect(conv)
    for kind in CATALOG_ORDER:
        for record in conv.tables[kind]:
            conv.build(record, partial(BUILDERS[kind], conv))
    conv.cascade()
    build_events(conv)
    runs = build_runs(conv)
    inventory = build_inventory(conv)
    purchases = purchases_document(purchase_lines(conv))
    documents = _documents(conv, runs, inventory, purchases)
    documents = validated(conv, documents, _labels(conv))
    return ImportPlan(
        documents=documents,
        problems=conv.problems,
        notes=_notes(conv, header_notes),
        create_only=_stand_ins(conv),
    )


def _labels(conv: Conversion) -> dict[str, str]:
    """Each document's path -> the record it comes from, for problems."""
    labels = {"inventory.yaml": "inventory", "purchases.yaml": "purchases", "runs.yaml": "runs with no event"}
    for (kind, slug), built in conv.built.items():
        labels[KINDS[kind][2].format(slug)] = built.record.label
        if kind == "event":
            labels[f"events/{slug}/runs.yaml"] = f"runs of {built.record.label}"
    return labels


def _stand_ins(conv: Conversion) -> set[str]:
    """Ingredients made up from references: never written over a real file."""
    path = KINDS["ingredient"][2]
    return {path.format(record.slug) for record in conv.tables["ingredient"] if STUB in record.raw}


def _documents(
    conv: Conversion, runs: RunLogs, inventory: dict[str, Any] | None, purchases: dict[str, Any] | None
) -> Documents:
    """Catalog first, then stock and purchases, then each event followed by its run log."""
    documents: Documents = []
    for kind in CATALOG_ORDER:
        documents += conv.documents(kind)
    if inventory is not None:
        documents.append(("inventory.yaml", inventory))
    if purchases is not None:
        documents.append(("purchases.yaml", purchases))
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
    for kind in (*CATALOG_ORDER, "event"):
        notes += conv.tables[kind].notes
    return notes
