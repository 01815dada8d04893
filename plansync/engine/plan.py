"""The plan of an event: demand exploded into batches and packaging.

Everything else (shopping, feasibility, progress, run yields) starts from a
:class:`PlanResult`, and each accepts one computed earlier so a command that
shows several reports explodes the event once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

from plansync.engine.model import BatchDecision, Catalog, Event
from plansync.errors import RefusedError

from .batches import (
    DEFAULT_WASTE_THRESHOLD,
    BatchLine,
    Shortfall,
    line_shortfall,
    plan_batches,
)
from .explode import Demand, event_demand, event_goods
from .rounding import as_fraction, json_number


@dataclass(frozen=True, slots=True)
class MaterialLine:
    material_unit: str
    quantity: Fraction

    def to_json(self) -> dict:
        return {"material_unit": self.material_unit, "quantity": json_number(self.quantity)}


@dataclass(frozen=True)
class PlanResult:
    batches: tuple[BatchLine, ...]
    materials: tuple[MaterialLine, ...]
    warnings: tuple[str, ...]
    #: Overrides below the need; those not ``accepted`` are errors a caller
    #: (validate, lock) should refuse on. Their text is also in ``warnings``.
    shortfalls: tuple[Shortfall, ...] = ()
    #: Exact exploded demand, before rounding to whole items.
    demand: Demand = field(default_factory=Demand)
    #: Goods to assemble (bundled), in plan order: listed, then via packages.
    goods: dict[str, Fraction] = field(default_factory=dict)

    def line(self, finished_unit: str) -> BatchLine | None:
        return next((line for line in self.batches if line.finished_unit == finished_unit), None)

    @property
    def unaccepted_shortfalls(self) -> tuple[Shortfall, ...]:
        return tuple(s for s in self.shortfalls if not s.accepted)

    def to_json(self) -> dict:
        """design.md's ``plan`` keys; the CLI adds event, state and source."""
        return {
            "batches": [line.to_json() for line in self.batches],
            "materials": [line.to_json() for line in self.materials],
            "warnings": list(self.warnings),
        }


def _decisions(event: Event) -> dict[str, BatchDecision]:
    # Validation flags duplicate decisions; should one slip through, the
    # last one written wins, as a later line in a file usually does.
    return {decision.finished_unit: decision for decision in event.batch_decisions}


def _mode_warnings(event: Event) -> list[str]:
    if event.output_mode == "bundled" and event.finished_units:
        return [f"event {event.slug} is bundled: its finished_units are ignored (plan finished_goods instead)"]
    if event.output_mode == "bulk_count" and (event.finished_goods or event.recipients):
        return [f"event {event.slug} is bulk_count: its finished_goods and recipients are ignored"]
    return []


def compute_plan(
    catalog: Catalog, event: Event, waste_threshold: Fraction | float | str = DEFAULT_WASTE_THRESHOLD
) -> PlanResult:
    """Batches for every finished unit the event needs, packaging, warnings."""
    threshold = as_fraction(waste_threshold)
    demand = event_demand(catalog, event)
    decisions = _decisions(event)
    warnings = _mode_warnings(event)
    needs = dict(demand.finished_units)
    for slug in decisions:
        if slug not in needs:
            # The baker asked for batches of something no good needs: bake
            # them (the decision is explicit) but say so.
            needs[slug] = Fraction(0)
            warnings.append(f"batch decision for {slug}: the plan does not need it")
    lines: list[BatchLine] = []
    for slug in sorted(needs):
        unit = catalog.finished_units.get(slug)
        if unit is None:
            raise RefusedError(f"event '{event.slug}': unknown finished unit '{slug}'")
        line, line_warnings = plan_batches(unit, needs[slug], threshold, decisions.get(slug))
        lines.append(line)
        warnings.extend(line_warnings)
    shortfalls = tuple(s for s in (line_shortfall(line) for line in lines) if s is not None)
    materials = tuple(MaterialLine(slug, qty) for slug, qty in demand.material_units.items())
    return PlanResult(tuple(lines), materials, tuple(warnings), shortfalls, demand, event_goods(catalog, event))
