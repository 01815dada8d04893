"""What a production run should have given, and what was lost.

The expected yield uses the yield option the event's plan chose for the
unit, so "record 2 batches" of a unit planned at 48 per batch expects 96;
a run for no event (or for a unit its event does not plan) uses the unit's
first option, the one a baker lists as the usual batch.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

from plansync.engine.model import Catalog, Event, FinishedUnit
from plansync.errors import RefusedError

from .batches import DEFAULT_WASTE_THRESHOLD
from .plan import PlanResult, compute_plan
from .rounding import text
from .wording import plural

LossStatus = Literal["complete", "partial_loss", "total_loss"]


@dataclass(frozen=True, slots=True)
class RunYield:
    finished_unit: str
    recipe: str
    batches: int
    expected_yield: Fraction
    actual_yield: Fraction

    @property
    def loss(self) -> Fraction:
        return self.expected_yield - self.actual_yield

    @property
    def loss_status(self) -> LossStatus:
        return loss_status(self.expected_yield, self.actual_yield)


def loss_status(expected: Fraction, actual: Fraction) -> LossStatus:
    if actual >= expected:
        return "complete"
    return "total_loss" if actual == 0 else "partial_loss"


def _unit(catalog: Catalog, slug: str) -> FinishedUnit:
    unit = catalog.finished_units.get(slug)
    if unit is None:
        raise RefusedError(f"unknown finished unit '{slug}'")
    return unit


def per_batch(
    catalog: Catalog,
    finished_unit: str,
    event: Event | None = None,
    waste_threshold: Fraction | float | str = DEFAULT_WASTE_THRESHOLD,
    *,
    plan: PlanResult | None = None,
) -> Fraction:
    """Items one batch of ``finished_unit`` gives for ``event``'s plan."""
    unit = _unit(catalog, finished_unit)
    if unit.mode == "batch_portion":
        if unit.batch_percentage is None or unit.batch_percentage <= 0:
            raise RefusedError(f"finished unit '{unit.slug}' has no batch_percentage")
        return unit.portions_per_batch
    if event is not None:
        if plan is None:
            plan = compute_plan(catalog, event, waste_threshold)
        line = plan.line(finished_unit)
        if line is not None:
            return line.per_batch
    if not unit.options:
        raise RefusedError(f"finished unit '{unit.slug}' has no yield options")
    return unit.options[0].per_batch


def production_yield(
    catalog: Catalog,
    finished_unit: str,
    batches: int,
    event: Event | None = None,
    actual_yield: Fraction | int | None = None,
    waste_threshold: Fraction | float | str = DEFAULT_WASTE_THRESHOLD,
    *,
    plan: PlanResult | None = None,
) -> RunYield:
    """Expected and actual yield of a run about to be recorded; without
    ``actual_yield`` nothing was lost. Refuses what cannot have happened."""
    if isinstance(batches, bool) or not isinstance(batches, int) or batches <= 0:
        raise RefusedError(f"production of {finished_unit}: batches must be a whole number above 0, not {batches}")
    unit = _unit(catalog, finished_unit)
    expected = batches * per_batch(catalog, finished_unit, event, waste_threshold, plan=plan)
    actual = expected if actual_yield is None else Fraction(actual_yield)
    if actual < 0:
        raise RefusedError(f"production of {finished_unit}: actual yield {text(actual)} is below 0")
    if actual_yield is not None and unit.mode == "discrete_count" and actual.denominator != 1:
        # A counted unit comes out in whole items; a fraction of one would
        # be a loss nobody can see, and progress and stock would carry it.
        raise RefusedError(
            f"production of {finished_unit}: actual yield {text(actual)} is not a whole number; "
            f"{finished_unit} is counted in whole {plural(unit.unit)}, give how many came out (0 or more)"
        )
    if actual > expected:
        raise RefusedError(
            f"production of {finished_unit}: actual yield {text(actual)} is more than the expected "
            f"{text(expected)} ({batches} batches x {text(expected / batches)}); record more batches instead"
        )
    return RunYield(finished_unit, unit.recipe, batches, expected, actual)
