"""Recipes: ingredient lines, sub-recipes and variants."""

from __future__ import annotations

from typing import Any

from plansync_bake_tracker.collect import INGREDIENT_REF
from plansync_bake_tracker.context import Conversion
from plansync_bake_tracker.shapes import add_notes, head, set_text
from plansync_bake_tracker.slugs import Record
from plansync_bake_tracker.units import normalise_unit
from plansync_bake_tracker.values import BadRecord, first, listed, positive, text

_SUB_RECIPE_REF = ("recipe_slug", "recipe_name", "component_recipe_name", "recipe")


def build_recipe(conv: Conversion, record: Record, needs: list[Record]) -> dict[str, Any]:
    if record.parent is not None:
        return _nested_variant(conv, record, needs)
    raw = record.raw
    data = head(record)
    set_text(data, "category", raw, "category")
    set_text(data, "source", raw, "source")
    base = first(raw, "base_recipe_slug", "base_recipe_name", "base_recipe", "base")
    if base is not None:
        data["base"] = conv.ref("recipe", base, needs, "base recipe")
        if data["base"] == record.slug:
            raise BadRecord("is its own base recipe")
    set_text(data, "variant", raw, "variant_name", "variant")
    data["ingredients"] = _ingredients(conv, _lines(raw), needs)
    components = _components(conv, record, raw, needs)
    if components:
        data["components"] = components
    add_notes(data, raw, "description", "notes", "instructions")
    return data


def _lines(raw: dict[str, Any]) -> list[Any]:
    return listed(raw, "ingredients", "base_ingredients")


def _ingredients(conv: Conversion, lines: list[Any], needs: list[Record]) -> list[dict[str, Any]]:
    converted = []
    for position, line in enumerate(lines, start=1):
        if not isinstance(line, dict):
            raise BadRecord(f"ingredient line {position} is not an object")
        converted.append(_ingredient_line(conv, line, needs))
    return converted


def _ingredient_line(conv: Conversion, line: dict[str, Any], needs: list[Record]) -> dict[str, Any]:
    reference = first(line, *INGREDIENT_REF)
    entry: dict[str, Any] = {"ingredient": conv.ref("ingredient", reference, needs)}
    what = f"ingredient {str(reference)!r}"
    entry["quantity"] = positive(first(line, "quantity"), f"{what} quantity")
    unit = normalise_unit(text(line, "unit"))
    if unit is None:
        raise BadRecord(f"{what} has no unit")
    entry["unit"] = unit
    set_text(entry, "note", line, "notes", "note")
    return entry


def _components(conv: Conversion, record: Record, raw: dict[str, Any], needs: list[Record]) -> list[dict[str, Any]]:
    components = []
    for position, component in enumerate(listed(raw, "components"), start=1):
        if not isinstance(component, dict):
            raise BadRecord(f"sub-recipe {position} is not an object")
        reference = first(component, *_SUB_RECIPE_REF)
        slug = conv.ref("recipe", reference, needs, "sub-recipe")
        if slug == record.slug:
            raise BadRecord("uses itself as a sub-recipe")
        batches = positive(first(component, "quantity", "batches"), f"sub-recipe {str(reference)!r} quantity")
        components.append({"recipe": slug, "batches": batches})
    return components


def _nested_variant(conv: Conversion, record: Record, needs: list[Record]) -> dict[str, Any]:
    """A spec-style variant: its base recipe's lines with the variant's changes."""
    base = record.parent
    assert base is not None
    data = head(record)
    set_text(data, "category", base.raw, "category")
    set_text(data, "source", base.raw, "source")
    needs.append(base)
    data["base"] = base.slug
    data["variant"] = text(record.raw, "name", "variant_name") or "variant"
    unit = first(record.raw, "finished_unit_slug")
    if unit is not None:
        conv.find("finished_unit", unit)
    lines = _ingredients(conv, _lines(base.raw), needs)
    for change in listed(record.raw, "ingredient_changes"):
        if not isinstance(change, dict):
            raise BadRecord("an ingredient change is not an object")
        lines = _apply(conv, lines, change, needs)
    data["ingredients"] = lines
    components = _components(conv, record, base.raw, needs)
    if components:
        data["components"] = components
    add_notes(data, record.raw, "description", "notes")
    return data


def _apply(
    conv: Conversion, lines: list[dict[str, Any]], change: dict[str, Any], needs: list[Record]
) -> list[dict[str, Any]]:
    action = (text(change, "action") or "").lower()
    if action not in ("add", "remove", "modify"):
        raise BadRecord(f"unknown ingredient change action {text(change, 'action')!r}")
    if action == "remove":
        slug = conv.ref("ingredient", first(change, *INGREDIENT_REF), needs)
        return [line for line in lines if line["ingredient"] != slug]
    new = _ingredient_line(conv, change, needs)
    if action == "modify" and any(line["ingredient"] == new["ingredient"] for line in lines):
        # A modified line keeps its preparation note unless the change gives one.
        return [{**line, **new} if line["ingredient"] == new["ingredient"] else line for line in lines]
    return [*lines, new]
