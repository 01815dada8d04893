"""Packaging needs: material units of a plan as amounts of their materials.

A material unit ("6-inch red ribbon") is a slice of a material ("red satin
ribbon", counted in inches): 92 bags x one 6-inch ribbon need 552 inch of
the material, and that is what is on the spool, bought and shopped for.
Several material units of one material (6-inch and 12-inch ribbon) draw
on the same material. A material unit whose material has no file (older
repositories) is its own material, counted in the material unit's unit.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

from plansync.errors import RefusedError
from plansync.engine.model import Catalog, MaterialUnit

from .rounding import json_number, text
from .units import convert, normalise


@dataclass(frozen=True, slots=True)
class MaterialNeed:
    """Need, have and buy of one material, in ``unit``."""

    material: str
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
            "kind": "material",
            "material": self.material,
            "unit": self.unit,
            "need": json_number(self.need),
            "have": json_number(self.have),
            "buy": json_number(self.buy),
            "status": self.status,
        }


def material_unit(catalog: Catalog, slug: str) -> MaterialUnit:
    found = catalog.material_units.get(slug)
    if found is None:
        raise RefusedError(f"unknown material unit '{slug}'")
    return found


def material_unit_name(catalog: Catalog, slug: str) -> str:
    found = catalog.material_units.get(slug)
    return found.name if found is not None else slug


def material_unit_of(catalog: Catalog, material: str) -> str:
    """The canonical unit ``material`` is counted in: its file's, else the
    unit of the first material unit (by slug) that names it, else each."""
    known = catalog.materials.get(material)
    if known is not None:
        return normalise(known.unit)
    for slug in sorted(catalog.material_units):
        mu = catalog.material_units[slug]
        if mu.material == material:
            return normalise(mu.unit)
    return normalise(None)


def material_share(catalog: Catalog, slug: str) -> tuple[str, str, Fraction | None]:
    """(material, its unit, amount of it in ONE ``slug``); the amount is
    None when the material unit's unit does not convert to the material's."""
    mu = material_unit(catalog, slug)
    unit = material_unit_of(catalog, mu.material)
    return mu.material, unit, convert(mu.quantity_per_unit, mu.unit, unit)


def material_pool(catalog: Catalog) -> dict[str, Fraction]:
    """Material on hand per material, in its unit, from the inventory lines
    (lines in a unit that does not convert are left out; stock reports them)."""
    pool: dict[str, Fraction] = {}
    for item in catalog.inventory:
        if item.kind != "material":
            continue
        amount = convert(item.quantity, item.unit, material_unit_of(catalog, item.ref))
        if amount is not None:
            pool[item.ref] = pool.get(item.ref, Fraction(0)) + amount
    return pool


def material_needs(
    catalog: Catalog, material_units: Mapping[str, Fraction]
) -> tuple[tuple[MaterialNeed, ...], tuple[str, ...]]:
    """Need (sum of units needed x quantity_per_unit), have and buy per
    material, by slug, for ``material_units`` (slug -> units needed, as in
    ``PlanResult.materials``); warnings for what does not convert.

    A material unit whose unit cannot become its material's is listed on a
    line of its own, in its own unit, with a warning naming it.
    """
    needs: dict[tuple[str, str], Fraction] = {}
    warnings: list[str] = []
    for slug, quantity in material_units.items():
        mu = material_unit(catalog, slug)
        material, unit, share = material_share(catalog, slug)
        if share is None:
            own = normalise(mu.unit)
            warnings.append(
                f"{material}: material unit {slug} is counted in {own}, which does not convert to {unit}; listed separately"
            )
            unit, share = own, mu.quantity_per_unit
        key = (material, unit)
        needs[key] = needs.get(key, Fraction(0)) + share * quantity
    have: dict[tuple[str, str], Fraction] = {}
    for item in catalog.inventory:
        if item.kind != "material":
            continue
        lines = [key for key in needs if key[0] == item.ref]
        target = next((key for key in lines if convert(item.quantity, item.unit, key[1]) is not None), None)
        if target is None:
            if lines:
                warnings.append(
                    f"{item.ref}: inventory of {text(item.quantity)} {normalise(item.unit)} cannot be counted "
                    f"against the need in {', '.join(key[1] for key in lines)}"
                )
            continue
        amount = convert(item.quantity, item.unit, target[1])
        assert amount is not None
        have[target] = have.get(target, Fraction(0)) + amount
    lines = tuple(MaterialNeed(m, u, need, have.get((m, u), Fraction(0))) for (m, u), need in sorted(needs.items()))
    return lines, tuple(warnings)
