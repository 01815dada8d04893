"""The one-screen summary of an event (``plansync status``): state,
shopping, production and assembly, packages (domain.md, "Event summary")."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from plansync.engine import ProgressResult, compute_shopping
from plansync.engine.progress import progress_from
from plansync.engine.rounding import json_percent
from plansync.plan.inputs import PlanningInputs


@dataclass(frozen=True)
class EventSummary:
    event: str
    name: str
    date: str
    state: str
    shopping_completed_at: str | None
    #: Ingredients still to buy on the event's shopping list.
    to_buy: int
    progress: ProgressResult

    @property
    def production_pct(self) -> Fraction | None:
        return self.progress.percent("production")

    @property
    def assembly_pct(self) -> Fraction | None:
        return self.progress.percent("assembly")

    def to_json(self) -> dict:
        return {
            "event": self.event,
            "name": self.name,
            "date": self.date,
            "state": self.state,
            "shopping": {"completed_at": self.shopping_completed_at, "to_buy": self.to_buy},
            "production_pct": json_percent(self.production_pct),
            "assembly_pct": json_percent(self.assembly_pct),
            "status": self.progress.status,
            "packages": dict(self.progress.packages),
        }


def summarize(inputs: PlanningInputs) -> EventSummary:
    event = inputs.event
    plan = inputs.plan
    # The full list, as the baker shops from it before baking; after
    # shopping is marked done the count is still shown, for what was missed.
    shopping = compute_shopping(inputs.catalog, event, inputs.waste_threshold, plan=plan)
    progress = progress_from(plan, event, inputs.production_runs, inputs.assembly_runs)
    return EventSummary(
        event=event.slug,
        name=event.name,
        date=event.date,
        state=event.plan_state,
        shopping_completed_at=event.shopping_completed_at,
        to_buy=sum(1 for item in shopping.items if item.status == "buy"),
        progress=progress,
    )
