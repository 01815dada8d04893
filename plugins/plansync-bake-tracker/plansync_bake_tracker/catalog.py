"""Ingredients, finished units and material units.

Each ``build_*`` turns one export record into a plansync document or raises
:class:`BadRecord`; references go through ``conv.ref`` so the cascade knows
what each document needs.
"""

from __future__ import annotations

import re
from fractions import Fraction
from typing import Any

from plansync_bake_tracker.collect import STUB
from plansync_bake_tracker.context import Conversion
from plansync_bake_tracker.shapes import add_notes, head, set_text
from plansync_bake_tracker.slugs import Record, fold
from plansync_bake_tracker.stock import material_unit
from plansync_bake_tracker.units import normalise_unit
from plansync_bake_tracker.values import BadRecord, decimal_text, first, positive, text

_DENSITY_KEYS = ("density_volume_value", "density_volume_unit", "density_weight_value", "density_weight_unit")
_AMOUNT = re.compile(r"^[0-9]+(\.[0-9]+)? ?[A-Za-z][A-Za-z .]*$")



def build_ingredient(conv: Conversion, record: Record, needs: list[Record]) -> dict[str, Any]:
    raw = record.raw
    data = head(record)
    if STUB in raw:
        data["notes"] = f"made by import from the reference {raw[STUB]!r}; the export had no ingredient record"
        return data
    set_text(data, "category", raw, "category")
    set_text(data, "description", raw, "description")
    density = _density(conv, record)
    if density:
        data["density"] = density
    add_notes(data, raw, "notes")
    return data


def _density(conv: Conversion, record: Record) -> dict[str, str] | None:
    given = [key for key in _DENSITY_KEYS if first(record.raw, key) is not None]
    if not given:
        return None
    if len(given) < len(_DENSITY_KEYS):
        conv.note(f"{record.label}: density left out (only {len(given)} of its 4 fields are given)")
        return None
    raw = record.raw
    try:
        volume = _amount(raw["density_volume_value"], raw["density_volume_unit"], "density volume")
        mass = _amount(raw["density_weight_value"], raw["density_weight_unit"], "density weight")
    except BadRecord as exc:
        # A bad density only costs the conversion it allows; leaving the
        # ingredient out would take every recipe that uses it along.
        conv.note(f"{record.label}: density left out ({exc})")
        return None
    return {"volume": volume, "mass": mass}


def _amount(value: Any, unit: Any, what: str) -> str:
    amount = f"{decimal_text(positive(value, what))} {normalise_unit(str(unit))}"
    if not _AMOUNT.match(amount):
        raise BadRecord(f"{what} {amount!r} is not an amount plansync reads")
    return amount


def build_finished_unit(conv: Conversion, record: Record, needs: list[Record]) -> dict[str, Any]:
    raw = record.raw
    data = head(record)
    if record.parent is not None:
        needs.append(record.parent)
        data["recipe"] = record.parent.slug
    else:
        data["recipe"] = conv.ref("recipe", first(raw, "recipe_slug", "recipe_name", "recipe"), needs)
    set_text(data, "category", raw, "category")
    data["yield"] = _yield(conv, record)
    add_notes(data, raw, "description", "notes", "production_notes")
    return data


def _yield(conv: Conversion, record: Record) -> dict[str, Any]:
    raw = record.raw
    written = text(raw, "yield_mode")
    mode = written.lower() if written else None
    if mode is None:
        # Older exports leave the mode out when the fields make it plain.
        if first(raw, "items_per_batch") is not None:
            mode = "discrete_count"
        elif first(raw, "batch_percentage") is not None:
            mode = "batch_portion"
        else:
            raise BadRecord("has no yield_mode")
    if mode == "discrete_count":
        per_batch = positive(first(raw, "items_per_batch", "unit_yield_quantity", "per_batch"), "items_per_batch")
        unit = text(raw, "item_unit", "unit_yield_unit")
        if unit is None:
            unit = "each"
            conv.note(f"{record.label}: no item unit given; counted as 'each'")
        return {"mode": "discrete_count", "unit": unit, "options": [{"per_batch": per_batch}]}
    if mode == "batch_portion":
        value = first(raw, "batch_percentage", "unit_yield_quantity")
        percentage = positive(value, "batch_percentage")
        if percentage > 100:
            raise BadRecord(f"batch_percentage {value!r} is more than 100")
        portion = text(raw, "portion_description", "unit_yield_unit", "portion") or record.name or record.slug
        return {"mode": "batch_portion", "batch_percentage": percentage, "portion": portion}
    raise BadRecord(f"unknown yield_mode {written!r}")


def build_material_unit(conv: Conversion, record: Record, needs: list[Record]) -> dict[str, Any]:
    raw = record.raw
    data = head(record)
    material, base_unit = material_of(conv, first(raw, "material_slug", "material_name", "material"), needs)
    data["material"] = material
    data["quantity_per_unit"] = positive(first(raw, "quantity_per_unit"), "quantity_per_unit")
    data["unit"] = normalise_unit(text(raw, "unit")) or base_unit
    add_notes(data, raw, "description", "notes")
    return data


def material_of(conv: Conversion, reference: Any, needs: list[Record] | None = None) -> tuple[str, str]:
    """The plansync material slug a reference means, and the material's unit."""
    if len(conv.tables["material"]):
        material = conv.find("material", reference)
        if needs is not None:
            needs.append(material)
        return material.slug, material_unit(material.raw)
    # Without a material list the reference is the only trace of the material.
    slug = fold(str(reference or ""))
    if not slug:
        raise BadRecord("names no material")
    return slug, "each"


def items_per_batch(unit: dict[str, Any]) -> Fraction:
    """What one batch of a finished unit gives: its first option, or portions."""
    made = unit["yield"]
    if made["mode"] == "discrete_count":
        return Fraction(str(made["options"][0]["per_batch"]))
    return Fraction(100) / Fraction(str(made["batch_percentage"]))
