"""Rules over units: a unit that is probably a typo is found by ``validate``,
not by a shopping list that quietly splits an ingredient over it."""

from __future__ import annotations

from typing import Iterator

from plansync.engine import units
from plansync.engine.model import Amount
from plansync.errors import Pointer, Problem
from plansync.load.documents import Document
from plansync.plugins.types import RuleContext


#: The kinds whose units are checked, in the order the rule reports them.
_KINDS = ("recipe", "inventory", "product", "material", "material_unit", "ingredient")


def _unit_fields(doc: Document) -> Iterator[tuple[Pointer, str]]:
    """Every unit a baker writes for an amount in ``doc`` (a finished unit's
    item name, "cookie", is a name, not an amount, and is left alone)."""
    kind = doc.kind
    if kind == "recipe":
        for index, line in enumerate(doc.data.get("ingredients", ())):
            yield ("ingredients", index, "unit"), line["unit"]
    elif kind == "inventory":
        for index, item in enumerate(doc.data["items"]):
            if "unit" in item:
                yield ("items", index, "unit"), item["unit"]
    elif kind == "product":
        yield ("package", "unit"), doc.data["package"]["unit"]
    elif kind in ("material", "material_unit"):
        yield ("unit",), doc.data["unit"]


def unknown_units(context: RuleContext) -> Iterator[Problem]:
    """A count spelled like a misspelt measure (``cupz``) is a warning at
    the unit: as written it never converts to cups or grams. So is a
    density whose sides are not a volume and a mass: it would be ignored."""
    for kind in _KINDS:
        for doc in context.valid(kind):
            yield from unknown_units_in(doc)


def unknown_units_in(doc: Document) -> Iterator[Problem]:
    """:func:`unknown_units` of one document (its answer follows from the
    document alone)."""
    if not doc.valid or doc.kind not in _KINDS:
        return
    for pointer, unit in _unit_fields(doc):
        meant = units.likely_meant(unit)
        if meant is not None:
            yield doc.problem(
                pointer,
                "unknown-unit",
                f"unknown unit {unit!r} (did you mean {meant!r}?): as written it is a count, "
                f"which never converts to {meant} or any other measure",
                severity="warning",
            )
    if doc.kind == "ingredient":
        yield from _density_units(doc)


def _density_units(doc: Document) -> Iterator[Problem]:
    density = doc.data.get("density")
    if density is None:
        return
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
