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
#: The planning screen's own lists (4.1) come first: they are the plan the
#: baker saved last; older targets only add what they do not say.
_PLAN_LISTS = {
    "goods": ("event_finished_goods", "event_finished_goods", "event finished good"),
    "decisions": ("batch_decisions", "batch_decisions", "batch decision"),
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
    elif entries["goods"] or entries["assembly"] or entries["recipients"]:
        # Goods and recipient packages are what a bundled event plans.
        data["output_mode"] = "bundled"
        conv.note(f"{record.label} has no output_mode; it plans finished goods or packages: imported as bundled")
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
        # A locked plan is one with a planning snapshot, which only
        # `plansync lock` writes: the import cannot make one honestly.
        conv.note(
            f"{record.label} is {state} in the export; imported as a draft"
            " (run `plansync lock` to lock it here: that takes its planning snapshot)"
        )
    return "draft"


def _plan(conv: Conversion, record: Record, data: dict[str, Any], entries: Entries) -> None:
    mode = data.get("output_mode")
    lists: dict[str, list[dict[str, Any]]] = {"finished_goods": [], "finished_units": [], "batch_decisions": []}
    for group, convert in (
        ("goods", _finished_good),
        ("assembly", _finished_good),
        ("decisions", _decision),
        ("production", _production_target),
    ):
        for raw in entries[group]:
            try:
                for key, entry in convert(conv, record, raw, mode):
                    _add_once(conv, record, lists[key], entry, _ENTRY_KEY[key])
            except BadRecord as exc:
                conv.problem(record.label, f'{_PLAN_LISTS[group][2]} "{_entry_name(raw)}": {exc}')
    recipients = []
    for raw in entries["recipients"]:
        try:
            if mode == "bulk_count":
                raise BadRecord("a bulk_count event plans finished units, not recipient packages")
            recipients.append(_recipient_package(conv, raw))
        except BadRecord as exc:
            conv.problem(record.label, f'recipient package "{_entry_name(raw)}": {exc}')
    for key, found in (*lists.items(), ("recipients", recipients)):
        if found:
            data[key] = found


def _add_once(conv: Conversion, record: Record, found: list[dict[str, Any]], entry: dict[str, Any], key: str) -> None:
    # plansync plans each good or unit once; bake-tracker's key is the same,
    # but its planning screen and its older targets may both name one.
    existing = next((e for e in found if e[key] == entry[key]), None)
    if existing is None:
        found.append(entry)
    elif any(existing.get(k) != v for k, v in entry.items() if k != "accept_shortfall"):
        shown = ", ".join(f"{k} {v}" for k, v in existing.items() if k != key)
        conv.note(f"{record.label}: {key.replace('_', ' ')} {entry[key]} is planned twice; kept the planning screen's ({shown})")


Converted = list[tuple[str, dict[str, Any]]]


def _finished_good(conv: Conversion, record: Record, raw: dict[str, Any], mode: str | None) -> Converted:
    if mode == "bulk_count":
        raise BadRecord("a bulk_count event plans finished units, not finished goods (set output_mode: bundled)")
    good = conv.kept("finished_good", first(raw, "finished_good_slug", "finished_good_name", "finished_good"))
    quantity = positive_int(first(raw, "quantity", "target_quantity"), "quantity")
    return [("finished_goods", {"finished_good": good.record.slug, "quantity": quantity})]


def _decision(conv: Conversion, record: Record, raw: dict[str, Any], mode: str | None) -> Converted:
    unit = unit_for(conv, raw, f"{record.label}: batch decision")
    entry: dict[str, Any] = {"finished_unit": unit.record.slug, "batches": positive_int(first(raw, "batches"), "batches")}
    if first(raw, "confirmed_shortfall", "accept_shortfall") is True:
        entry["accept_shortfall"] = True
    return [("batch_decisions", entry)]


def _production_target(conv: Conversion, record: Record, raw: dict[str, Any], mode: str | None) -> Converted:
    unit = unit_for(conv, raw, f"{record.label}: production target")
    batches = positive_int(first(raw, "target_batches", "batches"), "target_batches")
    decision = ("batch_decisions", {"finished_unit": unit.record.slug, "batches": batches})
    if mode != "bulk_count":
        # A bundled event plans goods; the units come from them. The target
        # still says how many batches the baker chose: that is a decision.
        conv.note(f"{record.label}: production target of {batches} batch(es) of {unit.record.slug} kept as a batch decision")
        return [decision]
    # bake-tracker targets batches of a recipe; plansync plans items of a
    # finished unit. Planning exactly those batches' output and deciding
    # those batches keeps the baker's number.
    quantity = max(1, math.floor(batches * items_per_batch(unit.data)))
    return [("finished_units", {"finished_unit": unit.record.slug, "quantity": quantity}), decision]


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
