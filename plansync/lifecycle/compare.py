"""``compare``: the baseline (the plan at production start) against the plan now.

Each finished good the event lists and each finished unit's batch count is
``unchanged``, ``modified`` (original -> current), ``added`` (original
null) or ``dropped`` (current null); ``total_changes`` counts all but the
unchanged. Without a baseline (not started yet) there is nothing to compare.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from plansync.load.workspace import Workspace
from plansync.plan.snapshots import BASELINE, find_snapshot
from plansync.validation.guard import planning_inputs


@dataclass(frozen=True)
class Comparison:
    event: str
    state: str
    has_baseline: bool
    finished_goods: list[dict[str, Any]] = field(default_factory=list)
    batches: list[dict[str, Any]] = field(default_factory=list)

    @property
    def total_changes(self) -> int:
        return sum(1 for entry in (*self.finished_goods, *self.batches) if entry["status"] != "unchanged")

    def to_json(self) -> dict[str, Any]:
        return {
            "has_baseline": self.has_baseline,
            "finished_goods": self.finished_goods,
            "batches": self.batches,
            "total_changes": self.total_changes,
        }


def _status(original: Any, current: Any) -> str:
    if original is None:
        return "added"
    if current is None:
        return "dropped"
    return "unchanged" if original == current else "modified"


def _entries(key: str, original: dict[str, Any], current: dict[str, Any]) -> list[dict[str, Any]]:
    """One entry per slug: the original's order first, then what was added."""
    slugs = [*original, *(slug for slug in current if slug not in original)]
    return [
        {key: slug, "status": _status(original.get(slug), current.get(slug)), "original": original.get(slug), "current": current.get(slug)}
        for slug in slugs
    ]


def _quantities(entries: Any, key: str, value: str) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for entry in entries or ():
        if isinstance(entry, dict) and isinstance(entry.get(key), str):
            result.setdefault(entry[key], entry.get(value))
    return result


def compare_event(workspace: Workspace, slug: str) -> Comparison:
    document = workspace.event(slug)
    state = str(document.data.get("plan_state", "draft"))
    baseline = find_snapshot(workspace, slug, BASELINE)
    if baseline is None or not isinstance(baseline.data.get("plan"), dict):
        return Comparison(slug, state, False)
    inputs = planning_inputs(workspace, slug, action=f"compare {slug}")
    frozen = baseline.data["plan"]
    goods = _entries(
        "finished_good",
        _quantities(frozen.get("finished_goods"), "finished_good", "quantity"),
        {g.finished_good: g.quantity for g in inputs.event.finished_goods},
    )
    batches = _entries(
        "finished_unit",
        _quantities(frozen.get("batches"), "finished_unit", "batches"),
        {line.finished_unit: line.batches for line in inputs.plan.batches},
    )
    return Comparison(slug, inputs.event.plan_state, True, goods, sorted(batches, key=lambda e: e["finished_unit"]))
