"""Rules over units: a unit that is probably a typo is found by ``validate``,
not by a shopping list that quietly splits an ingredient over it."""

from __future__ import annotations

from typing import Iterator

from plansync.engine import units
from plansync.engine.model import Amount
from plansync.errors import Pointer, Problem
from plansync.load.documents import Document
from plansync.plugins.types import RuleContext


def _unit_fields(context: RuleContext) -> Iterator[tuple[Document, Pointer, str]]:
    """Every unit a baker writes for an amount (a finished unit's item name,
    "cookie", is a name, not an amount, and is left alone)."""
    for doc in context.valid("recipe"):
        for index, line in enumerate(doc.data.get("ingredients", ())):
            yield doc, ("ingredients", index, "unit"), line["unit"]
    for doc in context.valid("inventory"):
        for index, item in enumerate(doc.data["items"]):
            if "unit" in item:
                yield doc, ("items", index, "unit"), item["unit"]
    for doc in context.valid("product"):
        yield doc, ("package", "unit"), doc.data["package"]["unit"]
    for kind in ("material", "material_unit"):
        for doc in context.valid(kind):
            yield doc, ("unit",), doc.data["unit"]


def unknown_units(context: RuleContext) -> Iterator[Problem]:
    """A count spelled like a misspelt measure (``cupz``) is a warning at
    the unit: as written it never converts to cups or grams. So is a
    density whose sides are not a volume and a mass: it would be ignored."""
    for doc, pointer, unit in _unit_fields(context):
        meant = units.likely_meant(unit)
        if meant is not None:
            yield doc.problem(
                pointer,
                "unknown-unit",
                f"unknown unit {unit!r} (did you mean {meant!r}?): as written it is a count, "
                f"which never converts to {meant} or any other measure",
                severity="warning",
            )
    yield from _density_units(context)


def _density_units(context: RuleContext) -> Iterator[Problem]:
    for doc in context.valid("ingredient"):
        density = doc.data.get("density")
        if density is None:
            continue
        for side in ("volume", "mass"):
            unit = Amount.parse(density[side]).unit
            if units.dimension(unit) == side:
                continue
            meant = units.likely_meant(unit)
            hint = f" (did you mean {meant!r}?)" if meant else ""
            yield doc.problem(
                ("density", side),
                "unknown-unit",
                f"density {side} {density[side]!r} is not a {side} plansync knows{hint}: the density is "
                "ignored, so this ingredient's volumes and masses do not convert",
                severity="warning",
            )
