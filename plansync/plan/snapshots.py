"""Planning and baseline snapshots: what they hold, where, and reading them.

``lock`` writes ``snapshots/planning.yaml``: every definition the plan
reaches (``definitions:``, by kind then slug, each the entity's data plus
its own ``sha256``) and the plan as locked (``plan:``). ``start`` writes
``snapshots/baseline.yaml``: the plan itself with every finished unit's
batches. ``content_sha256`` is the sha256 of the canonical JSON of the
payload (``{"definitions": ..., "plan": ...}``, whichever the file holds),
so any edit after creation is detected.

Once an event is past draft, :func:`snapshot_catalog` is what every
computation for it reads (through :func:`plansync.plan.inputs.definitions_for`):
the planning snapshot's definitions, plus those an ``add_fg`` amendment
froze, plus the live inventory (stock on hand is never frozen).
"""

from __future__ import annotations

import copy
import posixpath
from dataclasses import dataclass, field, fields
from typing import Any, Iterable, Iterator

from plansync.engine import fromdata, model
from plansync.engine.references import references
from plansync.engine.rounding import json_number
from plansync.errors import RefusedError
from plansync.formats.canonical import content_sha256
from plansync.load.documents import Document
from plansync.load.workspace import Workspace
from plansync.plan.amendlog import added_definitions, logged
from plansync.plan.states import state_of
from plansync.repo import schemas
from plansync.store import clock

PLANNING = "planning"
BASELINE = "baseline"
PAYLOAD_KEYS = ("definitions", "plan")

#: Plan lists frozen at lock -> the fields of an entry that are frozen.
PLAN_FIELDS = {
    "finished_goods": ("finished_good", "quantity"),
    "finished_units": ("finished_unit", "quantity"),
    "batch_decisions": ("finished_unit", "batches", "accept_shortfall", "note"),
}

Definitions = dict[str, dict[str, dict[str, Any]]]


def snapshot_path(folder: str, snapshot_type: str) -> str:
    return posixpath.join(folder, "snapshots", f"{snapshot_type}.yaml")


def find_snapshot(workspace: Workspace, event: str, snapshot_type: str) -> Document | None:
    """The event's (schema-valid) snapshot of ``snapshot_type``; the one at
    its usual path when there are several."""
    found = [d for d in workspace.event_documents("snapshot", event) if d.data.get("snapshot_type") == snapshot_type]
    if not found:
        return None
    expected = snapshot_path(workspace.event_folder(event), snapshot_type) if workspace.has("event", event) else ""
    return next((d for d in found if d.path.rsplit(".", 1)[0] == expected.rsplit(".", 1)[0]), found[0])


def payload_of(data: dict[str, Any]) -> dict[str, Any]:
    return {key: data[key] for key in PAYLOAD_KEYS if key in data}


def payload_hash(data: dict[str, Any]) -> str:
    return content_sha256(payload_of(data))


def snapshot_document(snapshot_type: str, event: str, payload: dict[str, Any]) -> dict[str, Any]:
    """A complete snapshot file's data for ``payload``."""
    return {
        "kind": "snapshot",
        "snapshot_type": snapshot_type,
        "event": event,
        "created_at": clock.utc_now(),
        "content_sha256": content_sha256(payload),
        **payload,
    }


# --- what a plan reaches -------------------------------------------------------


def definition_entry(data: dict[str, Any]) -> dict[str, Any]:
    """A frozen definition: its own hash, then the entity's data as written
    (without the ``$schema`` key a JSON file names its editor's schema by)."""
    kept = {key: value for key, value in data.items() if key != schemas.EDITOR_KEY}
    return {"sha256": content_sha256(kept), **copy.deepcopy(kept)}


def entity_data(entry: dict[str, Any]) -> dict[str, Any]:
    """The entity's data of a frozen definition (without its hash)."""
    return {key: value for key, value in entry.items() if key != "sha256"}


def _edges(kind: str, data: dict[str, Any]) -> Iterable[tuple[str, str]]:
    # A recipe's `base` names the recipe it is a variant of: a note, not an
    # ingredient of the plan, so it is not frozen.
    for pointer, target, slug in references(kind, data):
        if pointer and pointer[0] != "base":
            yield target, slug


def reach(
    workspace: Workspace, start: Iterable[tuple[str, str]], frozen: Definitions | None = None
) -> Definitions:
    """Every catalog definition reachable from ``start`` (kind, slug) pairs,
    by kind then slug, each as a frozen entry; walking stops at what
    ``frozen`` already holds (with everything below it)."""
    frozen = frozen or {}
    found: dict[tuple[str, str], dict[str, Any]] = {}
    queue = list(start)
    while queue:
        kind, slug = queue.pop()
        if (kind, slug) in found or slug in frozen.get(kind, {}):
            continue
        doc = workspace.get(kind, slug)
        if doc is None or not doc.valid:
            raise RefusedError(f"{kind.replace('_', ' ')} {slug!r} does not exist (or is broken) in the catalog")
        found[(kind, slug)] = doc.data
        queue.extend(_edges(kind, doc.data))
    result: Definitions = {}
    for kind, slug in sorted(found):
        result.setdefault(kind, {})[slug] = definition_entry(found[(kind, slug)])
    return result


def event_definitions(workspace: Workspace, event_data: dict[str, Any]) -> Definitions:
    """What the event's plan reaches: goods recursively, units, recipes with
    sub-recipes, material units, ingredients, and the packages and
    recipients it names."""
    return reach(workspace, list(_edges("event", event_data)))


def locked_plan(event_data: dict[str, Any]) -> dict[str, Any]:
    """The plan as locked: output mode, goods, units, batch decisions and
    recipient packages (not their fulfillment status, which moves on)."""
    plan: dict[str, Any] = {"output_mode": event_data.get("output_mode")}
    for name, keys in PLAN_FIELDS.items():
        plan[name] = [{key: entry[key] for key in keys if key in entry} for entry in event_data.get(name, ())]
    plan["recipients"] = [recipient_key(entry) for entry in event_data.get("recipients", ())]
    return plan


def recipient_key(entry: dict[str, Any]) -> dict[str, Any]:
    """What of a recipient entry is the plan: who gets which package, how many."""
    return {"recipient": entry.get("recipient"), "package": entry.get("package"), "quantity": entry.get("quantity", 1)}


# --- reading a planning snapshot ---------------------------------------------


def frozen_findings(definitions: Any) -> Iterator[tuple[tuple, str]]:
    """(pointer below ``definitions``, message) for every frozen definition
    that is not a sound entity of its kind: a snapshot edited by hand, even
    with its hashes recomputed, is read only when its definitions are as
    sound as catalog files."""

    if not isinstance(definitions, dict):
        return
    for kind, by_slug in definitions.items():
        if not isinstance(by_slug, dict) or kind not in schemas.KINDS:
            continue
        for slug, entry in by_slug.items():
            if not isinstance(entry, dict):
                continue
            data = entity_data(entry)
            if data.get("kind") != kind or data.get("slug") != slug:
                yield (kind, slug), f"the frozen {kind} {slug!r} holds kind {data.get('kind')!r}, slug {data.get('slug')!r}"
                continue
            for finding in schemas.check(kind, data):
                yield (kind, slug, *finding.pointer), f"frozen {kind} {slug!r}: {finding.message}"



@dataclass(frozen=True)
class SnapshotCatalog(model.Catalog):
    """A catalog read from a planning snapshot, with each definition's hash."""

    path: str = ""
    content_sha256: str = ""
    #: (kind, slug) -> sha256 of the frozen definition (runs name it).
    hashes: dict[tuple[str, str], str] = field(default_factory=dict)


def frozen_definitions(workspace: Workspace, event: str) -> tuple[Document, Definitions] | None:
    """The planning snapshot of ``event`` and every definition frozen for
    it (the snapshot's, then those ``add_fg`` amendments added); None when
    the event has no planning snapshot."""
    document = find_snapshot(workspace, event, PLANNING)
    if document is None:
        return None
    definitions: Definitions = {kind: dict(by_slug) for kind, by_slug in (document.data.get("definitions") or {}).items()}
    for kind, slug, entry in added_definitions(logged(workspace, event)):
        definitions.setdefault(kind, {}).setdefault(slug, entry)
    return document, definitions


def kept_definitions(workspace: Workspace, document: Document) -> set[tuple[str, str]]:
    """(kind, slug) of every definition a locked event's snapshot keeps, for
    that event's file or a run log of that event: what they may still name
    after the catalog dropped it. Empty for anything else (a draft event,
    an event without a planning snapshot, a catalog file)."""

    data = document.data if isinstance(document.data, dict) else {}
    if document.kind == "event":
        event, event_document = document.slug, document
    elif document.kind == "runs" and isinstance(data.get("event"), str):
        event = data["event"]
        event_document = workspace.get("event", event)
    else:
        return set()
    if not event or event_document is None or state_of(event_document) == "draft":
        return set()
    found = frozen_definitions(workspace, event)
    if found is None:
        return set()
    return {(kind, slug) for kind, by_slug in found[1].items() if isinstance(by_slug, dict) for slug in by_slug}


def snapshot_catalog(workspace: Workspace, event: str) -> SnapshotCatalog | None:
    """The definitions a locked event is planned from; None without a
    planning snapshot."""
    found = frozen_definitions(workspace, event)
    if found is None:
        return None
    document, definitions = found
    for pointer, message in frozen_findings(definitions):
        where = "/".join(map(str, pointer))
        raise RefusedError(
            f"cannot read the planning snapshot {document.path}: {message} (at definitions/{where}); "
            "restore the file from git"
        )
    entities = {kind: {slug: entity_data(entry) for slug, entry in by_slug.items()} for kind, by_slug in definitions.items()}
    try:
        catalog = fromdata.catalog_from(entities, [d.data for d in workspace.valid("inventory")])
    except (KeyError, TypeError, ValueError, AttributeError, StopIteration, ZeroDivisionError) as exc:
        raise RefusedError(
            f"cannot read the planning snapshot {document.path}: a definition is malformed ({type(exc).__name__}: {exc}); "
            "restore the file from git"
        ) from None
    hashes = {
        (kind, slug): str(entry.get("sha256", "")) for kind, by_slug in definitions.items() for slug, entry in by_slug.items()
    }
    parts = {f.name: getattr(catalog, f.name) for f in fields(model.Catalog)}
    # What is bought and its prices are live like the inventory: a locked
    # plan is shopped and costed at today's products and purchases.
    live = workspace.catalog
    parts.update(materials=live.materials, products=live.products, suppliers=live.suppliers, purchases=live.purchases)
    return SnapshotCatalog(**parts, path=document.path, content_sha256=str(document.data.get("content_sha256", "")), hashes=hashes)


# --- the baseline ------------------------------------------------------------


def baseline_plan(event_data: dict[str, Any], plan: Any, planning_sha256: str) -> dict[str, Any]:
    """The plan at production start: goods and quantities, batch decisions,
    and every finished unit's batches with per-batch and total yield and
    its recipe (``plan`` is the engine's PlanResult)."""

    frozen = locked_plan(event_data)
    frozen.pop("recipients")
    return {
        "planning_snapshot": planning_sha256,
        **frozen,
        "batches": [
            {
                "finished_unit": line.finished_unit,
                "recipe": line.recipe,
                "per_batch": json_number(line.per_batch),
                "batch_multiplier": json_number(line.batch_multiplier),
                "batches": line.batches,
                "total_yield": json_number(line.total_yield),
                "decision": line.decision,
            }
            for line in plan.batches
        ],
    }
