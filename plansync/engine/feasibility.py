"""Assembly feasibility: can the goods be put together from what is made?

One pool per finished unit (and, in produced mode, one per finished good
already assembled) serves every good, so a cookie is never counted twice.
Allocation is greedy in plan order (goods the event lists, in file order,
then goods that come through recipient packages): each good, in turn,
takes what the largest number of WHOLE goods it can assemble uses, and
leaves the rest for the goods after it. A good first uses assembled stock
of itself (and of any sub-good), then builds the remainder from units.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from fractions import Fraction
from math import floor
from typing import Literal

from plansync.engine.model import AssemblyRun, Catalog, Event, ProductionRun
from plansync.errors import RefusedError

from .batches import DEFAULT_WASTE_THRESHOLD
from .explode import MAX_GOOD_DEPTH, Exploder, good
from .plan import PlanResult, compute_plan
from .rounding import json_number, text

Status = Literal["can_assemble", "partial", "cannot_assemble"]


@dataclass(frozen=True, slots=True)
class UnitShortfall:
    finished_unit: str
    needed: Fraction
    available: Fraction

    @property
    def short(self) -> Fraction:
        return self.needed - self.available

    def to_json(self) -> dict:
        return {
            "finished_unit": self.finished_unit,
            "needed": json_number(self.needed),
            "available": json_number(self.available),
            "short": json_number(self.short),
        }


@dataclass(frozen=True, slots=True)
class GoodFeasibility:
    finished_good: str
    quantity: Fraction
    can_assemble: Fraction
    shortfalls: tuple[UnitShortfall, ...] = ()

    @property
    def status(self) -> Status:
        if self.can_assemble >= self.quantity:
            return "can_assemble"
        return "partial" if self.can_assemble > 0 else "cannot_assemble"

    def summary(self) -> str:
        """``"30 of 50"``; the shortfall reads ``"need 120 more chocolate-chip-cookie"``."""
        head = f"{text(self.can_assemble)} of {text(self.quantity)}"
        needs = "; ".join(f"need {text(s.short)} more {s.finished_unit}" for s in self.shortfalls)
        return f"{head} ({needs})" if needs else head

    def to_json(self) -> dict:
        return {
            "finished_good": self.finished_good,
            "quantity": json_number(self.quantity),
            "can_assemble": json_number(self.can_assemble),
            "status": self.status,
            "shortfalls": [s.to_json() for s in self.shortfalls],
        }


@dataclass(frozen=True)
class FeasibilityResult:
    finished_goods: tuple[GoodFeasibility, ...]
    #: Finished units left in the pool after every good took its share
    #: (not part of the JSON contract; a report may show it as spare).
    leftover: dict[str, Fraction] = field(default_factory=dict)

    @property
    def status(self) -> Status:
        # No goods (a bulk_count event) means nothing can fail to assemble.
        if all(g.status == "can_assemble" for g in self.finished_goods):
            return "can_assemble"
        if all(g.status == "cannot_assemble" for g in self.finished_goods):
            return "cannot_assemble"
        return "partial"

    def to_json(self) -> dict:
        return {"status": self.status, "finished_goods": [g.to_json() for g in self.finished_goods]}


def _add(pool: dict[str, Fraction], slug: str, quantity: Fraction) -> None:
    pool[slug] = pool.get(slug, Fraction(0)) + quantity


class _Pools:
    def __init__(self, catalog: Catalog, units: dict[str, Fraction], goods: dict[str, Fraction]) -> None:
        self.catalog = catalog
        self.units = units
        self.goods = goods
        self.exploder = Exploder(catalog)

    def requirements(self, slug: str, quantity: Fraction, goods: dict[str, Fraction], depth: int = 1) -> dict:
        """Units needed for ``quantity`` of ``slug``, using (and consuming
        from) ``goods`` stock first, level by level."""
        if not any(goods.values()):
            # No assembled stock left (always so against the planned output):
            # the need is linear in the quantity, the memoised explosion.
            per_good = self.exploder.per_good(slug).finished_units
            return {unit: qty * quantity for unit, qty in per_good.items()} if quantity else {}
        if depth > MAX_GOOD_DEPTH:  # assemble() checked through the explosion first
            raise RefusedError(f"finished goods nest deeper than {MAX_GOOD_DEPTH} levels below '{slug}'")
        from_stock = min(quantity, goods.get(slug, Fraction(0)))
        if from_stock:
            goods[slug] -= from_stock
        rest = quantity - from_stock
        needs: dict[str, Fraction] = {}
        if not rest:
            return needs
        for component in good(self.catalog, slug).components:
            if component.kind == "finished_unit":
                _add(needs, component.ref, rest * component.quantity)
            elif component.kind == "finished_good":
                for unit, qty in self.requirements(component.ref, rest * component.quantity, goods, depth + 1).items():
                    _add(needs, unit, qty)
        return needs

    def _most(self, slug: str, wanted: Fraction) -> Fraction:
        """The most whole goods (or all of a fractional ``wanted``) that fit."""
        if not any(self.goods.values()):
            per_good = self.exploder.per_good(slug).finished_units
            most = min(
                (floor(self.units.get(unit, Fraction(0)) / qty) for unit, qty in per_good.items() if qty),
                default=floor(wanted),
            )
            low = max(0, min(most, floor(wanted)))
        else:
            # Stock makes the need piecewise linear; fits() is still monotone
            # in the quantity, so binary search over 0..floor(wanted).
            low, high = 0, floor(wanted)
            while low < high:
                middle = (low + high + 1) // 2
                low, high = (middle, high) if self.fits(slug, Fraction(middle)) else (low, middle - 1)
        if low < wanted and self.fits(slug, wanted):
            return wanted
        return Fraction(low)

    def fits(self, slug: str, quantity: Fraction) -> bool:
        needs = self.requirements(slug, quantity, dict(self.goods))
        return all(qty <= self.units.get(unit, Fraction(0)) for unit, qty in needs.items())

    def assemble(self, slug: str, wanted: Fraction) -> GoodFeasibility:
        self.exploder.per_good(slug)  # refuses unknown goods, cycles and deep nesting by name
        can = self._most(slug, wanted)
        full = self.requirements(slug, wanted, dict(self.goods))
        shortfalls = tuple(
            UnitShortfall(unit, qty, self.units.get(unit, Fraction(0)))
            for unit, qty in sorted(full.items())
            if qty > self.units.get(unit, Fraction(0))
        )
        for unit, qty in self.requirements(slug, can, self.goods).items():
            self.units[unit] = self.units.get(unit, Fraction(0)) - qty
        return GoodFeasibility(slug, wanted, can, shortfalls)


def planned_pool(plan: PlanResult) -> dict[str, Fraction]:
    """Planned output per finished unit (batches x yield per batch)."""
    return {line.finished_unit: line.total_yield for line in plan.batches}


def produced_pools(
    catalog: Catalog, event: Event, runs: Iterable[ProductionRun], assembly_runs: Iterable[AssemblyRun] = ()
) -> tuple[dict[str, Fraction], dict[str, Fraction]]:
    """(units, goods) on hand: this event's actual yields plus inventory.

    Goods this event already assembled are stock of that good, and the
    units they used are no longer loose (floored at zero in case they came
    from stock nobody recorded), so nothing is counted twice.
    """
    units: dict[str, Fraction] = {}
    goods: dict[str, Fraction] = {}
    for run in runs:
        if run.event == event.slug:
            _add(units, run.finished_unit, run.actual_yield)
    for item in catalog.inventory:
        if item.kind == "finished_unit":
            _add(units, item.ref, item.quantity)
        elif item.kind == "finished_good":
            _add(goods, item.ref, item.quantity)
    exploder = Exploder(catalog)
    for assembled in assembly_runs:
        if assembled.event == event.slug:
            _add(goods, assembled.finished_good, Fraction(assembled.quantity))
            used = exploder.per_good(assembled.finished_good).scaled(Fraction(assembled.quantity))
            for unit, qty in used.finished_units.items():
                units[unit] = max(Fraction(0), units.get(unit, Fraction(0)) - qty)
    return units, goods


def assess(
    catalog: Catalog, goods: dict[str, Fraction], units: dict[str, Fraction], stock: dict[str, Fraction] | None = None
) -> FeasibilityResult:
    """Serve ``goods`` (in their order) from ``units`` and assembled ``stock``."""
    pools = _Pools(catalog, dict(units), dict(stock or {}))
    results = [pools.assemble(slug, quantity) for slug, quantity in goods.items()]
    return FeasibilityResult(tuple(sorted(results, key=lambda r: r.finished_good)), dict(sorted(pools.units.items())))


def compute_feasibility(
    catalog: Catalog,
    event: Event,
    waste_threshold: Fraction | float | str = DEFAULT_WASTE_THRESHOLD,
    *,
    plan: PlanResult | None = None,
    produced: bool = False,
    runs: Iterable[ProductionRun] = (),
    assembly_runs: Iterable[AssemblyRun] = (),
) -> FeasibilityResult:
    """Against planned output, or with ``produced`` against what this
    event's ``runs`` actually yielded plus inventory."""
    if plan is None:
        plan = compute_plan(catalog, event, waste_threshold)
    if produced:
        units, stock = produced_pools(catalog, event, runs, assembly_runs)
        return assess(catalog, plan.goods, units, stock)
    return assess(catalog, plan.goods, planned_pool(plan))
