"""Recipes expanded into ingredient amounts.

One batch of a recipe uses its ingredient lines once and each sub-recipe
``batches`` times; the expansion multiplies down the chain and merges a
recipe reached from several places into one batch count, so its lines are
counted once each (which is also what "the unit the recipes use most"
counts in shopping).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction

from plansync.engine.model import Catalog, Recipe
from plansync.errors import RefusedError

#: domain.md: sub-recipes nest at most 3 deep. Counted as levels BELOW the
#: recipe a finished unit names (unit recipe -> child -> grandchild ->
#: great-grandchild is the deepest accepted), the lenient reading, so the
#: engine never refuses what validation accepts.
MAX_SUB_RECIPE_DEPTH = 3


@dataclass(frozen=True, slots=True)
class IngredientUse:
    """``quantity`` of ``unit`` of ``ingredient`` used by ``recipe`` in total."""

    ingredient: str
    quantity: Fraction
    unit: str
    recipe: str


def recipe(catalog: Catalog, slug: str, context: str = "") -> Recipe:
    found = catalog.recipes.get(slug)
    if found is None:
        where = f"{context}: " if context else ""
        raise RefusedError(f"{where}unknown recipe '{slug}'")
    return found


def prepared_stock(catalog: Catalog) -> dict[str, Fraction]:
    """Batches of prepared components on hand (inventory lines naming a
    ``recipe``: frozen dough, a batch of buttercream), per recipe."""
    stock: dict[str, Fraction] = {}
    for item in catalog.inventory:
        if item.kind == "recipe" and item.quantity > 0:
            stock[item.ref] = stock.get(item.ref, Fraction(0)) + item.quantity
    return stock


def recipe_batches(
    catalog: Catalog,
    wanted: Iterable[tuple[str, Fraction]],
    prepared: dict[str, Fraction] | None = None,
    used: dict[str, Fraction] | None = None,
) -> dict[str, Fraction]:
    """Total batches per recipe, sub-recipes included, in first-seen order
    (each wanted recipe, then its sub-recipes depth first as listed).

    ``prepared`` (batches on hand per recipe, not changed) is used before
    new batches wherever that recipe is a SUB-recipe, first reached first
    served; only the batches left to make are expanded further, so their
    ingredients drop out of the total. ``used`` receives what was taken.
    """
    totals: dict[str, Fraction] = {}
    available = dict(prepared or {})

    def walk(slug: str, batches: Fraction, path: tuple[str, ...]) -> None:
        if slug in path:
            raise RefusedError(f"recipe cycle: {' -> '.join((*path[path.index(slug):], slug))}")
        if len(path) > MAX_SUB_RECIPE_DEPTH:
            chain = " -> ".join((*path, slug))
            raise RefusedError(f"sub-recipes nest deeper than {MAX_SUB_RECIPE_DEPTH} levels: {chain}")
        found = recipe(catalog, slug, f"recipe '{path[-1]}'" if path else "")
        if path and available.get(slug, 0) > 0:
            take = min(batches, available[slug])
            available[slug] -= take
            batches -= take
            if used is not None:
                used[slug] = used.get(slug, Fraction(0)) + take
            if not batches:
                return
        totals[slug] = totals.get(slug, Fraction(0)) + batches
        for sub in found.components:
            walk(sub.recipe, batches * sub.batches, (*path, slug))

    for slug, batches in wanted:
        if batches:
            walk(slug, Fraction(batches), ())
    return totals


def ingredient_uses(catalog: Catalog, batches_by_recipe: dict[str, Fraction]) -> list[IngredientUse]:
    """Every ingredient line x its recipe's batches, in recipe then line order."""
    uses: list[IngredientUse] = []
    for slug, batches in batches_by_recipe.items():
        for line in catalog.recipes[slug].ingredients:
            if line.ingredient not in catalog.ingredients:
                raise RefusedError(f"recipe '{slug}': unknown ingredient '{line.ingredient}'")
            uses.append(IngredientUse(line.ingredient, line.quantity * batches, line.unit, slug))
    return uses
