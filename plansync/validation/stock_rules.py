"""Rules over what is bought: products hold something plansync can convert,
and the purchase log numbers its lines."""

from __future__ import annotations

from typing import Callable, Iterator

from plansync.engine import units
from plansync.engine.fromdata import ingredient_from
from plansync.errors import Problem
from plansync.load.documents import Document
from plansync.load.workspace import Workspace
from plansync.plugins.types import RuleContext


def _ingredient_units(context: RuleContext) -> dict[str, set[str]]:
    """ingredient -> every unit recipes and the inventory use it in."""
    used: dict[str, set[str]] = {}
    for doc in context.valid("recipe") + context.valid("inventory"):
        for ingredient, unit in ingredient_lines(doc):
            used.setdefault(ingredient, set()).add(unit)
    return used


def ingredient_lines(doc: Document) -> list[tuple[str, str]]:
    """(ingredient, unit) of each line of a valid recipe or inventory naming an ingredient."""
    if doc.valid and doc.kind == "recipe":
        return [(line["ingredient"], line["unit"]) for line in doc.data.get("ingredients", ())]
    if doc.valid and doc.kind == "inventory":
        return [(item["ingredient"], item["unit"]) for item in doc.data["items"] if "ingredient" in item]
    return []


def product_units(context: RuleContext) -> Iterator[Problem]:
    """A product's package converts to what it holds: the material's unit,
    or (density allowed) a unit the ingredient is used in."""
    used: dict[str, set[str]] | None = None

    def units_of(ingredient: str) -> set[str]:
        nonlocal used
        used = _ingredient_units(context) if used is None else used
        return used.get(ingredient, set())

    for doc in context.valid("product"):
        yield from product_units_in(context.workspace, doc, units_of)


def product_units_in(workspace: Workspace, doc: Document, units_of: Callable[[str], set[str]]) -> Iterator[Problem]:
    """product-unit for one product; ``units_of(ingredient)``: every unit
    recipes and the inventory use it in."""
    if doc.kind != "product" or not doc.valid:
        return
    unit = doc.data["package"]["unit"]
    if "material" in doc.data:
        material = workspace.get("material", doc.data["material"])
        if material is None or not material.valid:
            return  # unknown-material says so
        target = material.data["unit"]
        if not units.convertible(unit, target):
            yield doc.problem(
                ("package", "unit"),
                "product-unit",
                f"package unit {unit!r} does not convert to {target!r}, the unit material "
                f"{doc.data['material']!r} is counted in",
            )
        return
    ingredient = workspace.get("ingredient", doc.data["ingredient"])
    if ingredient is None or not ingredient.valid:
        return  # unknown-reference says so
    wanted = sorted(units_of(doc.data["ingredient"]))
    density = ingredient_from(ingredient.data).density
    if wanted and not any(units.convertible(unit, target, density) for target in wanted):
        yield doc.problem(
            ("package", "unit"),
            "product-unit",
            f"package unit {unit!r} does not convert to {', '.join(map(repr, wanted))}, the unit(s) "
            f"{doc.data['ingredient']!r} is used in"
            + ("" if density else " (a density on the ingredient would convert mass and volume)"),
        )


def purchase_numbers(context: RuleContext) -> Iterator[Problem]:
    """Purchase lines are numbered 1, 2, 3... once each, as `buy` writes them."""
    # Where a number was first seen is located only for a duplicate: each
    # location is a position-keeping parse of the file (60 lines cost 0.2 s).
    seen: dict[int, tuple[Document, int]] = {}
    for doc in context.valid("purchases"):
        for index, line in enumerate(doc.data["purchases"]):
            seq = line["seq"]
            if seq in seen:
                first, at = seen[seq]
                where = f"{first.path}, line {first.locate(('purchases', at))[0]}"
                yield doc.problem(("purchases", index, "seq"), "duplicate-entry", f"purchase {seq} is also at {where}")
            else:
                seen[seq] = (doc, index)
