"""Production and assembly runs, grouped into one run log per event.

Each run's ``snapshot`` is the content hash of the definition it used. An
import has no planning snapshot to take it from, so it is the hash of the
finished unit (or good) as imported, the same as ``plansync record`` takes
for an event that is not locked.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from fractions import Fraction
from typing import Any

from plansync.plugins import content_sha256
from plansync_bake_tracker.catalog import items_per_batch
from plansync_bake_tracker.context import Conversion
from plansync_bake_tracker.events import EVENT_REF, unit_for
from plansync_bake_tracker.shapes import set_text, timestamp
from plansync_bake_tracker.values import (
    BadRecord,
    Number,
    first,
    not_negative,
    positive_int,
)

#: A run before numbering: (when, order in the export, entry).
Timed = tuple[datetime, int, dict[str, Any]]


class RunLogs:
    """Runs by event slug (``None``: runs for no event)."""

    def __init__(self) -> None:
        self.production: dict[str | None, list[Timed]] = defaultdict(list)
        self.assembly: dict[str | None, list[Timed]] = defaultdict(list)

    def document(self, event: str | None) -> dict[str, Any] | None:
        """The run log of one event, or None when it has no runs."""
        if not self.production.get(event) and not self.assembly.get(event):
            return None
        return {
            "kind": "runs",
            "event": event,
            "production": _numbered(self.production.get(event, [])),
            "assembly": _numbered(self.assembly.get(event, [])),
        }


def _numbered(runs: list[Timed]) -> list[dict[str, Any]]:
    return [{"seq": seq, **entry} for seq, (_, _, entry) in enumerate(sorted(runs, key=lambda r: r[:2]), start=1)]


def build_runs(conv: Conversion) -> RunLogs:
    logs = RunLogs()
    position = 0
    for key, words, when_key, convert, into in (
        ("production_runs", "production run", "produced_at", _production, logs.production),
        ("production_records", "production record", "produced_at", _production, logs.production),
        ("assembly_runs", "assembly run", "assembled_at", _assembly, logs.assembly),
    ):
        for raw in conv.items(key, words):
            position += 1
            label = f'{words} "{_run_name(raw)}"'
            try:
                event = _event_of(conv, raw)
                at, when = timestamp(_required(raw, when_key, "at"), when_key)
                entry = convert(conv, raw, label)
            except BadRecord as exc:
                conv.problem(label, str(exc))
                continue
            into[event].append((when, position, {"at": at, **entry}))
    return logs


def _run_name(raw: dict[str, Any]) -> str:
    what = first(raw, "finished_unit_slug", "recipe_slug", "recipe_name", "finished_good_slug", "finished_good_name")
    when = first(raw, "produced_at", "assembled_at", "at")
    return f"{what or '?'} at {when}" if when else str(what or "?")


def _required(raw: dict[str, Any], *keys: str) -> Any:
    value = first(raw, *keys)
    if value is None:
        raise BadRecord(f"has no {keys[0]}")
    return value


def _event_of(conv: Conversion, raw: dict[str, Any]) -> str | None:
    reference = first(raw, *EVENT_REF)
    return None if reference is None else conv.kept("event", reference).record.slug


def _production(conv: Conversion, raw: dict[str, Any], label: str) -> dict[str, Any]:
    unit = unit_for(conv, raw, label)
    batches = positive_int(first(raw, "num_batches", "batches_produced", "batches"), "batches")
    stated = first(raw, "expected_yield")
    if stated is not None:
        expected = not_negative(stated, "expected_yield")
    else:
        expected = _number(batches * items_per_batch(unit.data))
    produced = first(raw, "actual_yield", "units_produced")
    actual = expected if produced is None else not_negative(produced, "actual_yield")
    if actual > expected:
        if stated is not None:
            raise BadRecord(f"actual_yield {produced!r} is more than expected_yield {stated!r}")
        # The yield was worked out here from the unit's first option; the
        # baker's count of what came out is the better number.
        expected = actual
    entry = {
        "finished_unit": unit.record.slug,
        "recipe": unit.data["recipe"],
        "batches": batches,
        "expected_yield": expected,
        "actual_yield": actual,
        "loss_status": "complete" if actual == expected else "total_loss" if actual == 0 else "partial_loss",
        "snapshot": content_sha256(unit.data),
    }
    set_text(entry, "note", raw, "notes", "note")
    return entry


def _assembly(conv: Conversion, raw: dict[str, Any], label: str) -> dict[str, Any]:
    good = conv.kept("finished_good", first(raw, "finished_good_slug", "finished_good_name", "finished_good"))
    entry = {
        "finished_good": good.record.slug,
        "quantity": positive_int(first(raw, "quantity_assembled", "quantity"), "quantity_assembled"),
        "snapshot": content_sha256(good.data),
    }
    set_text(entry, "note", raw, "notes", "note")
    return entry


def _number(value: Fraction) -> Number:
    return int(value) if value.denominator == 1 else float(value)
