"""Planned cost of an event, at replacement price, and its actual cost.

Planned: every planned batch (extra included: it is baked) is priced at
the chosen products' prices per unit (see purchasing); a finished unit
costs its batch cost / its yield per batch; a finished good the sum of its
components (finished units, sub-goods, material units); a package the sum
of its goods; the event its batches plus its packaging. Actual: the FIFO
cost of the event's runs (see stock). Everything is exact; ``to_json``
rounds each figure once, a total from its exact parts. An unknown price is
listed by slug and makes every total it touches unknown, never cheaper.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from plansync.errors import RefusedError
from plansync.engine.model import Catalog, Event

from .batches import DEFAULT_WASTE_THRESHOLD, BatchLine
from .explode import good
from .money import Money, json_money, times, total
from .packaging import material_share
from .plan import PlanResult, compute_plan
from .purchasing import replacement_price
from .recipes import MAX_SUB_RECIPE_DEPTH, recipe
from .rounding import json_number
from .stock import StockResult
from .units import normalise


class Pricer:
    """Prices against one catalog, remembering each recipe, unit and good,
    and the slugs of ingredients and materials with no known price."""

    def __init__(self, catalog: Catalog, plan: PlanResult | None = None) -> None:
        self.catalog = catalog
        self.plan = plan
        self.unknown: set[str] = set()
        self._recipes: dict[str, Money | None] = {}
        self._goods: dict[str, Money | None] = {}

    def ingredient(self, slug: str, quantity: Fraction, unit: str) -> Money | None:
        price = replacement_price(self.catalog, "ingredient", slug, normalise(unit))
        if price is None:
            self.unknown.add(slug)
        return times(quantity, price)

    def recipe_batch(self, slug: str, depth: int = 0) -> Money | None:
        """One batch of recipe ``slug``: its lines plus its sub-recipes."""
        if slug in self._recipes:
            return self._recipes[slug]
        if depth > MAX_SUB_RECIPE_DEPTH:
            raise RefusedError(f"sub-recipes nest deeper than {MAX_SUB_RECIPE_DEPTH} levels below '{slug}'")
        found = recipe(self.catalog, slug)
        parts = [self.ingredient(line.ingredient, line.quantity, line.unit) for line in found.ingredients]
        parts += [times(sub.batches, self.recipe_batch(sub.recipe, depth + 1)) for sub in found.components]
        self._recipes[slug] = total(parts)
        return self._recipes[slug]

    def _option(self, finished_unit: str) -> tuple[Fraction, Fraction]:
        """(items per batch, recipe batches per batch) the plan chose, else the first option."""
        line = self.plan.line(finished_unit) if self.plan is not None else None
        if line is not None:
            return line.per_batch, line.batch_multiplier
        unit = self.catalog.finished_units.get(finished_unit)
        if unit is None:
            raise RefusedError(f"unknown finished unit '{finished_unit}'")
        if unit.mode == "batch_portion":
            return unit.portions_per_batch, Fraction(1)
        if not unit.options:
            raise RefusedError(f"finished unit '{unit.slug}' has no yield options")
        return unit.options[0].per_batch, unit.options[0].batch_multiplier

    def batch(self, finished_unit: str) -> Money | None:
        """One batch of the finished unit's chosen option (a 2x option is two recipes)."""
        _per, multiplier = self._option(finished_unit)
        return times(multiplier, self.recipe_batch(self.catalog.finished_units[finished_unit].recipe))

    def finished_unit(self, slug: str) -> Money | None:
        per_batch, _multiplier = self._option(slug)
        batch = self.batch(slug)
        return None if batch is None else batch / per_batch

    def material_unit(self, slug: str) -> Money | None:
        material, unit, share = material_share(self.catalog, slug)
        price = replacement_price(self.catalog, "material", material, unit) if share is not None else None
        if price is None:
            self.unknown.add(material)
            return None
        return share * price

    def finished_good(self, slug: str, path: tuple[str, ...] = ()) -> Money | None:
        if slug in self._goods:
            return self._goods[slug]
        if slug in path:
            raise RefusedError(f"finished good cycle: {' -> '.join((*path, slug))}")
        parts: list[Money | None] = []
        for component in good(self.catalog, slug).components:
            if component.kind == "finished_unit":
                parts.append(times(component.quantity, self.finished_unit(component.ref)))
            elif component.kind == "material_unit":
                parts.append(times(component.quantity, self.material_unit(component.ref)))
            else:
                parts.append(times(component.quantity, self.finished_good(component.ref, (*path, slug))))
        self._goods[slug] = total(parts)
        return self._goods[slug]


@dataclass(frozen=True, slots=True)
class BatchCost:
    line: BatchLine
    #: One batch of the chosen option.
    batch_cost: Money | None

    @property
    def unit_cost(self) -> Money | None:
        return None if self.batch_cost is None else self.batch_cost / self.line.per_batch

    @property
    def cost(self) -> Money | None:
        return times(self.line.batches, self.batch_cost)

    def to_json(self) -> dict:
        return {
            "finished_unit": self.line.finished_unit, "recipe": self.line.recipe, "batches": self.line.batches,
            "batch_cost": json_money(self.batch_cost), "unit_cost": json_money(self.unit_cost),
        }  # fmt: skip


@dataclass(frozen=True, slots=True)
class GoodCost:
    finished_good: str
    quantity: Fraction
    unit_cost: Money | None

    @property
    def cost(self) -> Money | None:
        return times(self.quantity, self.unit_cost)

    def to_json(self) -> dict:
        return {"finished_good": self.finished_good, "quantity": json_number(self.quantity),
                "unit_cost": json_money(self.unit_cost), "cost": json_money(self.cost)}  # fmt: skip


@dataclass(frozen=True)
class CostResult:
    event: str
    batches: tuple[BatchCost, ...]
    finished_goods: tuple[GoodCost, ...]
    #: (package slug, cost of one package)
    packages: tuple[tuple[str, Money | None], ...]
    #: Planned packaging (every material unit the plan needs).
    packaging: Money | None
    actual_total: Money | None = None
    unknown: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    currency: str = "USD"

    @property
    def ingredients(self) -> Money | None:
        return total(b.cost for b in self.batches)

    @property
    def planned_total(self) -> Money | None:
        return total([self.ingredients, self.packaging])

    def to_json(self) -> dict:
        return {
            "event": self.event,
            "currency": self.currency,
            "batches": [b.to_json() for b in self.batches],
            "finished_goods": [g.to_json() for g in self.finished_goods],
            "packages": [{"package": slug, "unit_cost": json_money(cost)} for slug, cost in self.packages],
            "ingredients": json_money(self.ingredients),
            "packaging": json_money(self.packaging),
            "planned_total": json_money(self.planned_total),
            "actual_total": json_money(self.actual_total),
            "unknown": list(self.unknown),
            "warnings": list(self.warnings),
        }


def compute_cost(
    catalog: Catalog,
    event: Event,
    waste_threshold: Fraction | float | str = DEFAULT_WASTE_THRESHOLD,
    *,
    plan: PlanResult | None = None,
    stock: StockResult | None = None,
    currency: str = "USD",
) -> CostResult:
    """The event's planned cost; with ``stock`` (see ``compute_stock``) also
    the actual cost of its runs."""
    if plan is None:
        plan = compute_plan(catalog, event, waste_threshold)
    pricer = Pricer(catalog, plan)
    batches = tuple(BatchCost(line, pricer.batch(line.finished_unit)) for line in plan.batches)
    goods = tuple(GoodCost(slug, qty, pricer.finished_good(slug)) for slug, qty in plan.goods.items())
    seen: dict[str, Money | None] = {}
    for entry in event.recipients if event.output_mode != "bulk_count" else ():
        package = catalog.packages.get(entry.package)
        if package is not None and package.slug not in seen:
            seen[package.slug] = total(times(line.quantity, pricer.finished_good(line.finished_good)) for line in package.contents)
    packaging = total(times(line.quantity, pricer.material_unit(line.material_unit)) for line in plan.materials)
    unknown = tuple(sorted(pricer.unknown))
    warnings = tuple(f"no known price for {slug}: the totals that use it are unknown" for slug in unknown)
    actual = stock.actual_cost(event.slug) if stock is not None else None
    return CostResult(
        event.slug, batches, goods, tuple(sorted(seen.items())), packaging, actual, unknown, warnings, currency
    )
