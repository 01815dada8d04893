"""Rules over what is bought: products hold something plansync can convert,
and the purchase log numbers its lines."""

from __future__ import annotations

from typing import Iterator

from plansync.engine import units
from plansync.engine.model import ingredient_from
from plansync.errors import Problem
from plansync.load.documents import Document
from plansync.plugins.types import RuleContext


def _ingredient_units(context: RuleContext) -> dict[str, set[str]]:
    """ingredient -> every unit recipes and the inventory use it in."""
    used: dict[str, set[str]] = {}
    for doc in context.valid("recipe"):
        for line in doc.data.get("ingredients", ()):
            used.setdefault(line["ingredient"], set()).add(line["unit"])
    for doc in context.valid("inventory"):
        for item in doc.data["items"]:
            if "ingredient" in item:
                used.setdefault(item["ingredient"], set()).add(item["unit"])
    return used


def product_units(context: RuleContext) -> Iterator[Problem]:
    """A product's package converts to what it holds: the material's unit,
    or (density allowed) a unit the ingredient is used in."""
    workspace = context.workspace
    used = None
    for doc in context.valid("product"):
        unit = doc.data["package"]["unit"]
        if "material" in doc.data:
            material = workspace.get("material", doc.data["material"])
            if material is None or not material.valid:
                continue  # unknown-material says so
            target = material.data["unit"]
            if not units.convertible(unit, target):
                yield doc.problem(
                    ("package", "unit"),
                    "product-unit",
                    f"package unit {unit!r} does not convert to {target!r}, the unit material "
                    f"{doc.data['material']!r} is counted in",
                )
            continue
        ingredient = workspace.get("ingredient", doc.data["ingredient"])
        if ingredient is None or not ingredient.valid:
            continue  # unknown-reference says so
        used = _ingredient_units(context) if used is None else used
        wanted = sorted(used.get(doc.data["ingredient"], ()))
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
