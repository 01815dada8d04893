"""The one-screen summary of an event (``plansync status``): state,
shopping, production and assembly, packages (domain.md, "Event summary")."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from plansync.engine import ProgressResult
from plansync.engine.money import json_money
from plansync.engine.progress import progress_from
from plansync.engine.rounding import json_percent
from plansync.load.workspace import Workspace
from plansync.plan.inputs import PlanningInputs
from plansync.plan.stock import event_cost, left_to_buy, shopping_in_packages


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
    #: What buying the rest costs, and the plan's cost at replacement price
    #: (None: a price is unknown).
    to_buy_cost: Fraction | None = None
    planned_cost: Fraction | None = None
    currency: str = "USD"

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
            "shopping": {"completed_at": self.shopping_completed_at, "to_buy": self.to_buy, "to_buy_cost": json_money(self.to_buy_cost)},
            "planned_cost": json_money(self.planned_cost),
            "currency": self.currency,
            "production_pct": json_percent(self.production_pct),
            "assembly_pct": json_percent(self.assembly_pct),
            "status": self.progress.status,
            "packages": dict(self.progress.packages),
        }


def summarize(workspace: Workspace, inputs: PlanningInputs) -> EventSummary:
    event = inputs.event
    plan = inputs.plan
    # The full list, as the baker shops from it before baking; after
    # shopping is marked done the count is still shown, for what was missed.
    shopping = shopping_in_packages(workspace, inputs)
    to_buy, to_buy_cost = left_to_buy(shopping)
    progress = progress_from(plan, event, inputs.production_runs, inputs.assembly_runs)
    cost = event_cost(workspace, inputs)
    return EventSummary(
        event=event.slug,
        name=event.name,
        date=event.date,
        state=event.plan_state,
        shopping_completed_at=event.shopping_completed_at,
        to_buy=sum(1 for line in shopping.items if line.kind == "ingredient" and line.buy > 0),
        progress=progress,
        to_buy_cost=to_buy_cost if to_buy else Fraction(0),
        planned_cost=cost.planned_total,
        currency=cost.currency,
    )
