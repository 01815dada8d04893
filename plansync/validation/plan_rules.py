"""Rules over an event's computed plan: what only planning can tell."""

from __future__ import annotations

from typing import Iterator

from plansync.engine import compute_plan, fromdata, model
from plansync.errors import PlansyncError, Problem
from plansync.plan.inputs import definitions_for, waste_threshold
from plansync.plugins.types import RuleContext


def _decision_index(data: dict, finished_unit: str) -> int | None:
    # The engine keeps the last decision written for a unit (a later line
    # wins), so that is the one whose batches fall short.
    found = None
    for index, decision in enumerate(data.get("batch_decisions", ())):
        if decision.get("finished_unit") == finished_unit:
            found = index
    return found


def batch_shortfall(context: RuleContext) -> Iterator[Problem]:
    """A batch decision below the need must say ``accept_shortfall: true``."""
    workspace = context.workspace
    threshold = waste_threshold(workspace)
    for doc in context.valid("event"):
        if not doc.data.get("batch_decisions"):
            continue
        event = fromdata.event_from(doc.data)
        try:
            catalog, _source = definitions_for(workspace, event)
            plan = compute_plan(catalog, event, threshold)
        except PlansyncError:
            continue  # an unknown good, a cycle, a broken snapshot...: other rules say why, at the right line
        for shortfall in plan.unaccepted_shortfalls:
            index = _decision_index(doc.data, shortfall.finished_unit)
            if index is not None:
                yield doc.problem(("batch_decisions", index, "batches"), "batch-shortfall", shortfall.message())
