"""The shopping list: ingredient need, what is on hand, what to buy.

Canonical unit, per ingredient: amounts are merged within a dimension into
the unit the plan's recipe lines use most (ties: the first seen, walking
finished units by slug, each recipe before its sub-recipes, lines in file
order). Volume and mass merge into one line only through the ingredient's
density, into the dimension with more recipe lines (ties: first seen).
Counts merge only with the same count unit. Each line left over is listed
separately, with a warning naming the ingredient.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

from plansync.engine.model import Catalog, Event, Ingredient, ProductionRun

from .batches import DEFAULT_WASTE_THRESHOLD
from .plan import PlanResult, compute_plan
from .recipes import IngredientUse, ingredient_uses, prepared_stock, recipe_batches
from .rounding import json_number, text
from .units import convert, convertible, dimension, normalise


@dataclass(frozen=True, slots=True)
class ShoppingItem:
    ingredient: str
    unit: str
    need: Fraction
    have: Fraction = Fraction(0)

    @property
    def buy(self) -> Fraction:
        return max(Fraction(0), self.need - self.have)

    @property
    def status(self) -> Literal["buy", "sufficient"]:
        return "buy" if self.buy > 0 else "sufficient"

    def to_json(self) -> dict:
        return {
            "ingredient": self.ingredient,
            "unit": self.unit,
            "need": json_number(self.need),
            "have": json_number(self.have),
            "buy": json_number(self.buy),
            "status": self.status,
        }


@dataclass(frozen=True)
class ShoppingResult:
    items: tuple[ShoppingItem, ...]
    warnings: tuple[str, ...] = ()

    def to_json(self) -> dict:
        return {"items": [item.to_json() for item in self.items], "warnings": list(self.warnings)}


@dataclass
class _Group:
    """Amounts of one ingredient in one unit, while aggregating."""

    unit: str
    quantity: Fraction = Fraction(0)
    lines: int = 0
    first: int = 0
    have: Fraction = Fraction(0)


def produced_batches(runs: Iterable[ProductionRun], event: str) -> dict[str, int]:
    """Batches recorded for ``event`` per finished unit; runs for another
    event or for none never count."""
    produced: dict[str, int] = {}
    for run in runs:
        if run.event == event:
            produced[run.finished_unit] = produced.get(run.finished_unit, 0) + run.batches
    return produced


def _recipe_wants(plan: PlanResult, produced: dict[str, int] | None) -> list[tuple[str, Fraction]]:
    wants = []
    for line in plan.batches:
        batches = line.batches
        if produced is not None:
            batches = max(0, batches - produced.get(line.finished_unit, 0))
        wants.append((line.recipe, batches * line.batch_multiplier))
    return wants


def _most_used(groups: list[_Group]) -> _Group:
    return min(groups, key=lambda g: (-g.lines, g.first))


def _merge(groups: list[_Group], into: _Group, ingredient: Ingredient) -> None:
    for group in groups:
        if group is into:
            continue
        converted = convert(group.quantity, group.unit, into.unit, ingredient.density)
        assert converted is not None  # callers only merge convertible groups
        into.quantity += converted
        into.lines += group.lines
        into.first = min(into.first, group.first)


def _aggregate(ingredient: Ingredient, uses: list[tuple[int, IngredientUse]]) -> tuple[list[_Group], list[str]]:
    by_unit: dict[str, _Group] = {}
    for order, use in uses:
        unit = normalise(use.unit)
        group = by_unit.setdefault(unit, _Group(unit, first=order))
        group.quantity += use.quantity
        group.lines += 1
    counts = [g for g in by_unit.values() if dimension(g.unit) == "count"]
    measured: list[_Group] = []
    for kind in ("volume", "mass"):
        same = [g for g in by_unit.values() if dimension(g.unit) == kind]
        if same:
            target = _most_used(same)
            _merge(same, target, ingredient)
            measured.append(target)
    if len(measured) == 2 and convertible(measured[0].unit, measured[1].unit, ingredient.density):
        target = _most_used(measured)
        _merge(measured, target, ingredient)
        measured = [target]
    groups = sorted(measured + counts, key=lambda g: g.first)
    warnings = []
    if len(groups) > 1:
        units = ", ".join(g.unit for g in groups)
        reasons = []
        if len(measured) == 2:
            reasons.append("volume and mass need a density")
        if counts:
            reasons.append("count units never convert")
        why = "; ".join(reasons)
        warnings.append(f"{ingredient.slug}: amounts in {units} cannot be combined ({why}); listed separately")
    return groups, warnings


def _apply_inventory(catalog: Catalog, ingredient: Ingredient, groups: list[_Group]) -> list[str]:
    """Counts each inventory line once, against the best matching line:
    same unit, else same dimension, else through the density."""
    warnings = []
    for item in catalog.inventory_by_item.get(("ingredient", ingredient.slug), ()):
        unit = normalise(item.unit)
        candidates = (
            [g for g in groups if g.unit == unit]
            or [g for g in groups if dimension(g.unit) == dimension(unit) != "count"]
            or [g for g in groups if convertible(unit, g.unit, ingredient.density)]
        )
        if not candidates:
            needed_in = ", ".join(g.unit for g in groups)
            warnings.append(
                f"{ingredient.slug}: inventory of {text(item.quantity)} {unit} cannot be counted "
                f"against the need in {needed_in}"
            )
            continue
        target = candidates[0]
        converted = convert(item.quantity, unit, target.unit, ingredient.density)
        assert converted is not None
        target.have += converted
    return warnings


def shopping_list(catalog: Catalog, plan: PlanResult, produced: dict[str, int] | None = None) -> ShoppingResult:
    """Need, have and buy per ingredient for ``plan``'s batches; with
    ``produced`` (batches per finished unit), only the batches still to make."""
    # Prepared components in the freezer replace batches of sub-recipes
    # (no inventory line names a recipe: nothing changes).
    batches = recipe_batches(catalog, _recipe_wants(plan, produced), prepared_stock(catalog))
    per_ingredient: dict[str, list[tuple[int, IngredientUse]]] = {}
    for order, use in enumerate(ingredient_uses(catalog, batches)):
        per_ingredient.setdefault(use.ingredient, []).append((order, use))
    items: list[ShoppingItem] = []
    warnings: list[str] = []
    for slug in sorted(per_ingredient):
        ingredient = catalog.ingredients[slug]
        groups, group_warnings = _aggregate(ingredient, per_ingredient[slug])
        warnings.extend(group_warnings)
        warnings.extend(_apply_inventory(catalog, ingredient, groups))
        items.extend(ShoppingItem(slug, g.unit, g.quantity, g.have) for g in groups)
    return ShoppingResult(tuple(items), tuple(warnings))


@dataclass(frozen=True, slots=True)
class PreparedUse:
    """A recipe of the plan: batches needed, taken from prepared stock, and
    left to make (4 needed, 1 in the freezer -> 3 to make). A recipe below a
    prepared one needs fewer new batches without any stock of its own."""

    recipe: str
    needed: Fraction
    from_stock: Fraction
    to_make: Fraction

    def to_json(self) -> dict:
        return {
            "recipe": self.recipe,
            "needed": json_number(self.needed),
            "from_stock": json_number(self.from_stock),
            "to_make": json_number(self.to_make),
        }


def prepared_components(
    catalog: Catalog, plan: PlanResult, produced: dict[str, int] | None = None
) -> tuple[PreparedUse, ...]:
    """Each recipe the plan needs, with what prepared stock covers, by slug."""
    wants = _recipe_wants(plan, produced)
    needed = recipe_batches(catalog, wants)
    used: dict[str, Fraction] = {}
    to_make = recipe_batches(catalog, wants, prepared_stock(catalog), used)
    zero = Fraction(0)
    return tuple(
        PreparedUse(slug, needed[slug], used.get(slug, zero), to_make.get(slug, zero)) for slug in sorted(needed)
    )


def compute_shopping(
    catalog: Catalog,
    event: Event,
    waste_threshold: Fraction | float | str = DEFAULT_WASTE_THRESHOLD,
    *,
    plan: PlanResult | None = None,
    production_aware: bool = False,
    runs: Iterable[ProductionRun] = (),
) -> ShoppingResult:
    """The event's shopping list. ``production_aware`` subtracts the batches
    ``runs`` already recorded for this event before computing the need."""
    if plan is None:
        plan = compute_plan(catalog, event, waste_threshold)
    produced = produced_batches(runs, event.slug) if production_aware else None
    return shopping_list(catalog, plan, produced)
