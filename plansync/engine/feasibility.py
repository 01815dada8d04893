"""Assembly feasibility: can the goods be put together from what is made?

One pool per finished unit (and, in produced mode, one per finished good
already assembled, as many as the units allowed) serves every good, so a cookie is never counted twice.
Allocation is greedy in plan order (goods the event lists, in file order,
then goods that come through recipient packages): each good, in turn,
takes what the largest number of WHOLE goods it can assemble uses, and
leaves the rest for the goods after it. A good first uses assembled stock
of itself (and of any sub-good), then builds the remainder from units.

Material units (ribbon, bags) are components too, checked only when the
caller hands in material stock (material slug -> amount in its unit): all
material units of one material draw from that one pool, and a shortfall
names the material unit ("need 4 more 6-inch red ribbon"). Without
material stock, packaging is assumed bought (the shopping list's job) and
results are exactly what they were before materials were counted.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from math import floor
from typing import Literal

from plansync.engine.model import AssemblyRun, Catalog, Event, ProductionRun
from plansync.errors import RefusedError

from .batches import DEFAULT_WASTE_THRESHOLD
from .explode import MAX_GOOD_DEPTH, Exploder, good
from .packaging import material_share, material_unit_name
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

    @property
    def label(self) -> str:
        return self.finished_unit

    def to_json(self) -> dict:
        return {
            "finished_unit": self.finished_unit,
            "needed": json_number(self.needed),
            "available": json_number(self.available),
            "short": json_number(self.short),
        }


@dataclass(frozen=True, slots=True)
class MaterialShortfall:
    """Material units a good needs vs what its material's pool still holds,
    both counted in material units (120 inch left = 20 six-inch ribbons)."""

    material_unit: str
    needed: Fraction
    available: Fraction
    name: str = ""

    @property
    def short(self) -> Fraction:
        return self.needed - self.available

    @property
    def label(self) -> str:
        return self.name or self.material_unit

    def to_json(self) -> dict:
        return {
            "material_unit": self.material_unit,
            "needed": json_number(self.needed),
            "available": json_number(self.available),
            "short": json_number(self.short),
        }


@dataclass(frozen=True, slots=True)
class GoodFeasibility:
    finished_good: str
    quantity: Fraction
    can_assemble: Fraction
    shortfalls: tuple[UnitShortfall | MaterialShortfall, ...] = ()

    @property
    def status(self) -> Status:
        if self.can_assemble >= self.quantity:
            return "can_assemble"
        return "partial" if self.can_assemble > 0 else "cannot_assemble"

    def summary(self) -> str:
        """``"30 of 50"``; the shortfall reads ``"need 120 more chocolate-chip-cookie"``."""
        head = f"{text(self.can_assemble)} of {text(self.quantity)}"
        needs = "; ".join(f"need {text(s.short)} more {s.label}" for s in self.shortfalls)
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


def _add(pool: dict, slug: object, quantity: Fraction) -> None:
    pool[slug] = pool.get(slug, Fraction(0)) + quantity


_MU = "material_unit"
_ZERO = Fraction(0)


class _Pools:
    """Requirements are keyed by finished unit slug, and (only when
    ``materials`` is given) by ``("material_unit", slug)``."""

    def __init__(
        self,
        catalog: Catalog,
        units: dict[str, Fraction],
        goods: dict[str, Fraction],
        materials: dict[str, Fraction] | None = None,
    ) -> None:
        self.catalog = catalog
        self.units = units
        self.goods = goods
        self.materials = materials
        self.exploder = Exploder(catalog)
        self._shares: dict[str, tuple[str, Fraction | None]] = {}

    def _share(self, slug: str) -> tuple[str, Fraction | None]:
        if slug not in self._shares:
            material, _unit, share = material_share(self.catalog, slug)
            self._shares[slug] = (material, share)
        return self._shares[slug]

    def _material_amounts(self, needs: dict) -> dict[str, Fraction | None]:
        """Material per material for the material units in ``needs``; None
        when one of them does not convert (it can never be served)."""
        amounts: dict[str, Fraction | None] = {}
        for key, qty in needs.items():
            if isinstance(key, tuple) and qty:
                material, share = self._share(key[1])
                known = amounts.get(material, _ZERO)
                amounts[material] = None if share is None or known is None else known + share * qty
        return amounts

    def _materials_fit(self, needs: dict) -> bool:
        if self.materials is None:
            return True
        return all(
            amount is not None and amount <= self.materials.get(material, _ZERO)
            for material, amount in self._material_amounts(needs).items()
        )

    def requirements(self, slug: str, quantity: Fraction, goods: dict[str, Fraction], depth: int = 1) -> dict:
        """Units needed for ``quantity`` of ``slug``, using (and consuming
        from) ``goods`` stock first, level by level."""
        if not any(goods.values()):
            # No assembled stock left (always so against the planned output):
            # the need is linear in the quantity, the memoised explosion.
            one = self.exploder.per_good(slug)
            if not quantity:
                return {}
            linear: dict = {unit: qty * quantity for unit, qty in one.finished_units.items()}
            if self.materials is not None:
                linear.update({(_MU, mu): qty * quantity for mu, qty in one.material_units.items()})
            return linear
        if depth > MAX_GOOD_DEPTH:  # assemble() checked through the explosion first
            raise RefusedError(f"finished goods nest deeper than {MAX_GOOD_DEPTH} levels below '{slug}'")
        from_stock = min(quantity, goods.get(slug, Fraction(0)))
        if from_stock:
            goods[slug] -= from_stock
        rest = quantity - from_stock
        needs: dict = {}
        if not rest:
            return needs
        for component in good(self.catalog, slug).components:
            if component.kind == "finished_unit":
                _add(needs, component.ref, rest * component.quantity)
            elif component.kind == "material_unit":
                if self.materials is not None:
                    _add(needs, (_MU, component.ref), rest * component.quantity)
            elif component.kind == "finished_good":
                for unit, qty in self.requirements(component.ref, rest * component.quantity, goods, depth + 1).items():
                    _add(needs, unit, qty)
        return needs

    def _most(self, slug: str, wanted: Fraction) -> Fraction:
        """The most whole goods (or all of a fractional ``wanted``) that fit."""
        if not any(self.goods.values()):
            one = self.exploder.per_good(slug)
            limits = [floor(self.units.get(unit, Fraction(0)) / qty) for unit, qty in one.finished_units.items() if qty]
            if self.materials is not None:
                per_one = self._material_amounts({(_MU, mu): qty for mu, qty in one.material_units.items()})
                limits += [
                    floor(self.materials.get(material, _ZERO) / amount) if amount is not None else 0
                    for material, amount in per_one.items()
                    if amount != 0
                ]
            most = min(limits, default=floor(wanted))
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
        units_fit = all(qty <= self.units.get(unit, Fraction(0)) for unit, qty in needs.items() if isinstance(unit, str))
        return units_fit and self._materials_fit(needs)

    def _material_shortfalls(self, full: dict) -> tuple[MaterialShortfall, ...]:
        if self.materials is None:
            return ()
        amounts = self._material_amounts(full)
        found = []
        for key, qty in sorted((k, q) for k, q in full.items() if isinstance(k, tuple)):
            material, share = self._share(key[1])
            amount = amounts.get(material)
            pool = self.materials.get(material, _ZERO)
            if amount is not None and amount <= pool:
                continue
            available = pool / share if share else _ZERO
            if qty > available or share is None:
                found.append(MaterialShortfall(key[1], qty, available, material_unit_name(self.catalog, key[1])))
        return tuple(found)

    def assemble(self, slug: str, wanted: Fraction) -> GoodFeasibility:
        self.exploder.per_good(slug)  # refuses unknown goods, cycles and deep nesting by name
        can = self._most(slug, wanted)
        full = self.requirements(slug, wanted, dict(self.goods))
        shortfalls: tuple[UnitShortfall | MaterialShortfall, ...] = tuple(
            UnitShortfall(unit, qty, self.units.get(unit, Fraction(0)))
            for unit, qty in sorted((u, q) for u, q in full.items() if isinstance(u, str))
            if qty > self.units.get(unit, Fraction(0))
        )
        shortfalls += self._material_shortfalls(full)
        used = self.requirements(slug, can, self.goods)
        for unit, qty in used.items():
            if isinstance(unit, str):
                self.units[unit] = self.units.get(unit, Fraction(0)) - qty
        if self.materials is not None:
            for material, amount in self._material_amounts(used).items():
                self.materials[material] = self.materials.get(material, _ZERO) - (amount or _ZERO)
        return GoodFeasibility(slug, wanted, can, shortfalls)

    def make(self, slug: str, quantity: Fraction) -> Fraction:
        """Assemble up to ``quantity`` new ``slug`` from the units and
        sub-goods in the pools; how many were made. Stock of ``slug``
        itself is no part (it is what the goods are added to)."""
        self.exploder.per_good(slug)  # refuses unknown goods, cycles and deep nesting by name
        own = self.goods.pop(slug, _ZERO)
        made = self._most(slug, quantity)
        for unit, qty in self.requirements(slug, made, self.goods).items():
            if isinstance(unit, str):
                self.units[unit] = self.units.get(unit, _ZERO) - qty
        self.goods[slug] = own + made
        return made


def planned_pool(plan: PlanResult) -> dict[str, Fraction]:
    """Planned output per finished unit (batches x yield per batch)."""
    return {line.finished_unit: line.total_yield for line in plan.batches}


def _replayed(
    catalog: Catalog, event: str, runs: Iterable[ProductionRun], assembly_runs: Iterable[AssemblyRun]
) -> _Pools:
    """The pools of ``event``'s produced stock after replaying its assembly
    runs, in order, against it.

    A run counts only the goods the units (and sub-goods) on hand allow
    (domain.md, "Assembly feasibility": produced stock is what was baked
    plus inventory): 50 bags recorded from the cookies for 10 are 10 bags,
    and the units they used are no longer loose, so nothing counts twice.
    """
    units: dict[str, Fraction] = {}
    goods: dict[str, Fraction] = {}
    for run in runs:
        if run.event == event:
            _add(units, run.finished_unit, run.actual_yield)
    for item in catalog.inventory:
        if item.kind == "finished_unit":
            _add(units, item.ref, item.quantity)
        elif item.kind == "finished_good":
            _add(goods, item.ref, item.quantity)
    pools = _Pools(catalog, units, goods)
    for assembled in assembly_runs:
        if assembled.event == event:
            pools.make(assembled.finished_good, Fraction(assembled.quantity))
    return pools


def produced_pools(
    catalog: Catalog, event: Event, runs: Iterable[ProductionRun], assembly_runs: Iterable[AssemblyRun] = ()
) -> tuple[dict[str, Fraction], dict[str, Fraction]]:
    """(units, goods) on hand: this event's actual yields plus inventory,
    with its assembly runs counted as far as those units allow."""
    pools = _replayed(catalog, event.slug, runs, assembly_runs)
    return pools.units, pools.goods


def assembly_allowed(
    catalog: Catalog,
    event: str,
    runs: Iterable[ProductionRun],
    assembly_runs: Iterable[AssemblyRun],
    finished_good: str,
    quantity: Fraction,
) -> Fraction:
    """How many of a new assembly run of ``quantity`` ``finished_good``
    the event's produced stock allows, after its recorded assembly runs
    (``quantity`` when all of them)."""
    return _replayed(catalog, event, runs, assembly_runs).make(finished_good, quantity)


def assess(
    catalog: Catalog,
    goods: dict[str, Fraction],
    units: dict[str, Fraction],
    stock: dict[str, Fraction] | None = None,
    materials: Mapping[str, Fraction] | None = None,
) -> FeasibilityResult:
    """Serve ``goods`` (in their order) from ``units`` and assembled
    ``stock``; with ``materials`` (material -> amount in its unit) material
    units are served from those pools too."""
    pools = _Pools(catalog, dict(units), dict(stock or {}), None if materials is None else dict(materials))
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
    material_stock: Mapping[str, Fraction] | None = None,
) -> FeasibilityResult:
    """Against planned output, or with ``produced`` against what this
    event's ``runs`` actually yielded plus inventory. ``material_stock``
    (e.g. ``packaging.material_pool(catalog)``) makes material units count."""
    if plan is None:
        plan = compute_plan(catalog, event, waste_threshold)
    if produced:
        units, stock = produced_pools(catalog, event, runs, assembly_runs)
        return assess(catalog, plan.goods, units, stock, material_stock)
    return assess(catalog, plan.goods, planned_pool(plan), materials=material_stock)
