"""Events and their plans: targets and recipient packages.

Built after the catalog cascade. A bad target or recipient package costs
only that entry (a problem names the event and the entry); the event keeps
everything else. A left-out event makes each of its entries a problem too.
"""

from __future__ import annotations

import math
from collections import defaultdict
from typing import Any

from plansync_bake_tracker.catalog import items_per_batch
from plansync_bake_tracker.context import Built, Conversion
from plansync_bake_tracker.shapes import add_notes, day, head
from plansync_bake_tracker.slugs import Record
from plansync_bake_tracker.values import BadRecord, first, positive_int, text

OUTPUT_MODES = ("bundled", "bulk_count")
PLAN_STATES = ("draft", "locked", "in_production", "completed")
_STATE_SPELLINGS = {"complete": "completed", "production": "in_production", "in progress": "in_production"}
_STATUSES = {"pending": "pending", "ready": "ready", "assembled": "ready", "delivered": "delivered"}
EVENT_REF = ("event_slug", "event_name", "event")

#: Plan entry lists: export list, the list nested in an event, words for messages.
_PLAN_LISTS = {
    "assembly": ("event_assembly_targets", "assembly_targets", "assembly target"),
    "production": ("event_production_targets", "production_targets", "production target"),
    "recipients": ("event_recipient_packages", "recipient_packages", "recipient package"),
}
Entries = dict[str, list[dict[str, Any]]]

#: Plan list -> the field that identifies an entry in it.
_ENTRY_KEY = {"finished_goods": "finished_good", "finished_units": "finished_unit", "batch_decisions": "finished_unit"}


def build_events(conv: Conversion) -> None:
    plans = _plan_entries(conv)
    for record in conv.tables["event"]:
        entries = plans[record.slug]
        conv.build(record, lambda event, needs: _event(conv, event, entries))
        if (record.kind, record.slug) not in conv.built:
            for group, found in entries.items():
                words = _PLAN_LISTS[group][2]
                for entry in found:
                    conv.problem(f'{words} "{_entry_name(entry)}"', f"uses {record.label}, which was left out")


def _plan_entries(conv: Conversion) -> dict[str, Entries]:
    plans: dict[str, Entries] = defaultdict(lambda: {group: [] for group in _PLAN_LISTS})
    for group, (key, nested, words) in _PLAN_LISTS.items():
        for raw in conv.items(key, words):
            reference = first(raw, *EVENT_REF)
            event = conv.tables["event"].find(reference)
            if event is None:
                conv.problem(f'{words} "{_entry_name(raw)}"', f"event {str(reference)!r} is not in the export")
                continue
            plans[event.slug][group].append(raw)
        for event in conv.tables["event"]:
            plans[event.slug][group] += conv.nested(event, nested)
    return plans


_ENTRY_NAMES = ("finished_good_slug", "finished_unit_slug", "recipe_slug", "recipe_name", "recipient_name", "recipient_slug")


def _entry_name(raw: dict[str, Any]) -> str:
    return str(first(raw, *_ENTRY_NAMES) or "?")


def _event(conv: Conversion, record: Record, entries: Entries) -> dict[str, Any]:
    raw = record.raw
    data = head(record)
    when = first(raw, "event_date", "date")
    if when is None:
        raise BadRecord("has no event_date")
    data["date"] = day(when, "event_date")
    mode = text(raw, "output_mode")
    if mode is not None:
        if mode.lower() not in OUTPUT_MODES:
            raise BadRecord(f"unknown output_mode {mode!r}")
        data["output_mode"] = mode.lower()
    else:
        conv.note(
            f"{record.label} has no output_mode: imported as a draft without one (set it before `plansync lock`)"
        )
    data["plan_state"] = _plan_state(conv, record)
    attendees = first(raw, "expected_attendees", "attendees")
    if attendees is not None:
        data["expected_attendees"] = positive_int(attendees, "expected_attendees")
    _plan(conv, record, data, entries)
    add_notes(data, raw, "notes")
    return data


def _plan_state(conv: Conversion, record: Record) -> str:
    written = text(record.raw, "plan_state", "state")
    if written is None:
        return "draft"
    state = " ".join(written.lower().replace("_", " ").replace("-", " ").split())
    state = _STATE_SPELLINGS.get(state, state.replace(" ", "_"))
    if state not in PLAN_STATES:
        raise BadRecord(f"unknown plan_state {written!r}")
    if state != "draft":
        conv.note(f"{record.label} is {state} in the export; plansync has no planning snapshot for it yet")
    return state


def _plan(conv: Conversion, record: Record, data: dict[str, Any], entries: Entries) -> None:
    lists: dict[str, list[dict[str, Any]]] = {"finished_goods": [], "finished_units": [], "batch_decisions": []}
    for group, convert in (("assembly", _assembly_target), ("production", _production_target)):
        for raw in entries[group]:
            try:
                for key, entry in convert(conv, record, raw):
                    _add_once(lists[key], entry, _ENTRY_KEY[key])
            except BadRecord as exc:
                conv.problem(record.label, f'{_PLAN_LISTS[group][2]} "{_entry_name(raw)}": {exc}')
    recipients = []
    for raw in entries["recipients"]:
        try:
            recipients.append(_recipient_package(conv, raw))
        except BadRecord as exc:
            conv.problem(record.label, f'recipient package "{_entry_name(raw)}": {exc}')
    for key, found in (*lists.items(), ("recipients", recipients)):
        if found:
            data[key] = found


def _add_once(found: list[dict[str, Any]], entry: dict[str, Any], key: str) -> None:
    # plansync plans each good or unit once; bake-tracker's key is the same.
    if any(existing[key] == entry[key] for existing in found):
        raise BadRecord(f"{key.replace('_', ' ')} {entry[key]!r} is listed twice")
    found.append(entry)


def _assembly_target(conv: Conversion, record: Record, raw: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    good = conv.kept("finished_good", first(raw, "finished_good_slug", "finished_good_name", "finished_good"))
    quantity = positive_int(first(raw, "target_quantity", "quantity"), "target_quantity")
    return [("finished_goods", {"finished_good": good.record.slug, "quantity": quantity})]


def _production_target(conv: Conversion, record: Record, raw: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    unit = unit_for(conv, raw, f"{record.label}: production target")
    batches = positive_int(first(raw, "target_batches", "batches"), "target_batches")
    # bake-tracker targets batches of a recipe; plansync plans items of a
    # finished unit. Planning exactly those batches' output and deciding
    # those batches keeps the baker's number.
    quantity = max(1, math.floor(batches * items_per_batch(unit.data)))
    return [
        ("finished_units", {"finished_unit": unit.record.slug, "quantity": quantity}),
        ("batch_decisions", {"finished_unit": unit.record.slug, "batches": batches}),
    ]


def unit_for(conv: Conversion, raw: dict[str, Any], context: str) -> Built:
    """The finished unit a target or run means: named, or its recipe's first."""
    named = first(raw, "finished_unit_slug", "finished_unit_name", "finished_unit")
    if named is not None:
        return conv.kept("finished_unit", named)
    recipe = conv.kept("recipe", first(raw, "recipe_slug", "recipe_name", "recipe"))
    units = conv.units_by_recipe.get(recipe.record.slug, [])
    if not units:
        raise BadRecord(f"{recipe.record.label} has no finished unit")
    if len(units) > 1:
        conv.note(
            f"{context} for {recipe.record.label} uses its first finished unit"
            f" {units[0].record.slug} (it has {len(units)})"
        )
    return units[0]


def _recipient_package(conv: Conversion, raw: dict[str, Any]) -> dict[str, Any]:
    recipient = conv.kept("recipient", first(raw, "recipient_slug", "recipient_name", "recipient"))
    package = conv.kept("package", first(raw, "package_slug", "package_name", "package"))
    quantity = first(raw, "quantity")
    written = text(raw, "fulfillment_status", "status") or "pending"
    status = _STATUSES.get(written.lower())
    if status is None:
        raise BadRecord(f"unknown status {written!r}")
    return {
        "recipient": recipient.record.slug,
        "package": package.record.slug,
        "quantity": 1 if quantity is None else positive_int(quantity, "quantity"),
        "status": status,
    }
