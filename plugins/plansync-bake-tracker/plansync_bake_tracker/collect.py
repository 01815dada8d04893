"""Finding every record in the export and giving it a plansync slug.

Real exports put records in more places than the spec says: finished units
at the top level and nested in recipes (often both, for the same unit),
recipe variants as flat recipes or nested under their base, finished-good
contents in a separate ``compositions`` list. This module gathers them all
into one slug table per kind before anything is converted, so every
reference can be resolved whatever order the export lists things in.
"""

from __future__ import annotations

from typing import Any

from plansync_bake_tracker.context import Conversion
from plansync_bake_tracker.slugs import Record, fold
from plansync_bake_tracker.stock import collect_stock
from plansync_bake_tracker.values import BadRecord, first, listed, text

INGREDIENT_REF = ("ingredient_slug", "ingredient_name", "ingredient")

#: Marks an ingredient made from a reference (its raw record holds the reference).
STUB = "_made_from_reference"


def collect(conv: Conversion) -> None:
    recipes = _recipes(conv)
    _ingredients(conv, recipes)
    _finished_units(conv, recipes)
    for kind, key, words in (
        ("material", "materials", "material"),
        ("material_unit", "material_units", "material unit"),
        ("finished_good", "finished_goods", "finished good"),
        ("package", "packages", "package"),
        ("recipient", "recipients", "recipient"),
        ("event", "events", "event"),
    ):
        for raw in conv.items(key, words):
            conv.record(kind, raw, text(raw, "display_name", "name"), text(raw, "slug"))
    collect_stock(conv)
    _compositions(conv)
    _package_contents(conv)


def _recipes(conv: Conversion) -> list[Record]:
    recipes = []
    for raw in conv.items("recipes", "recipe"):
        recipe = conv.record("recipe", raw, text(raw, "name", "display_name"), text(raw, "slug"))
        recipes.append(recipe)
        # A spec-style variant nested in its base recipe becomes a recipe of
        # its own with `base`, as plansync (and bake-tracker's own flat
        # export) spell variants.
        for variant in conv.nested(recipe, "variants"):
            label = text(variant, "name", "variant_name") or "variant"
            name = f"{recipe.name or recipe.export_slug} ({label})"
            recipes.append(conv.record("recipe", variant, name, None, parent=recipe))
    return recipes


def _ingredients(conv: Conversion, recipes: list[Record]) -> None:
    if "ingredients" in conv.export:
        for raw in conv.items("ingredients", "ingredient"):
            conv.record("ingredient", raw, text(raw, "display_name", "name"), text(raw, "slug"))
        return
    # An export without an ingredient list (a recipes-only file) still names
    # ingredients by slug. Stub ingredients keep those recipes importable.
    for reference in _ingredient_references(conv, recipes):
        if conv.tables["ingredient"].find(reference) is None:
            looks_like_slug = reference == reference.lower() and " " not in reference
            name = reference.replace("_", " ").replace("-", " ").strip().capitalize() if looks_like_slug else reference
            conv.record("ingredient", {STUB: reference}, name, reference if looks_like_slug else None)
    if len(conv.tables["ingredient"]):
        conv.note(
            f"the export lists no ingredients: made {len(conv.tables['ingredient'])} from the references"
            " in recipes, products and inventory (names made from slugs; check them)"
        )


def _ingredient_references(conv: Conversion, recipes: list[Record]) -> list[str]:
    lines: list[Any] = []
    for recipe in recipes:
        for keys in (("ingredients", "base_ingredients"), ("ingredient_changes",)):
            try:
                lines += listed(recipe.raw, *keys)
            except BadRecord:
                pass  # reported when the recipe is built
    for key in ("inventory_items", "products", "purchases"):
        lines += conv.export.get(key) or []
    found = (text(line, *INGREDIENT_REF) for line in lines if isinstance(line, dict))
    return [reference for reference in found if reference and fold(reference)]


def _finished_units(conv: Conversion, recipes: list[Record]) -> None:
    table = conv.tables["finished_unit"]
    by_export_slug: dict[str, Record] = {}
    for raw in conv.items("finished_units", "finished unit"):
        unit = conv.record("finished_unit", raw, text(raw, "display_name", "name"), text(raw, "slug"))
        if unit.export_slug:
            by_export_slug.setdefault(unit.export_slug, unit)
    for recipe in recipes:
        for raw in conv.nested(recipe, "finished_units"):
            slug = text(raw, "slug")
            if slug and slug in by_export_slug:
                # Full exports list each unit twice: at the top level and in
                # its recipe. The top-level copy has more fields; the nested
                # one only says which recipe it belongs to.
                twin = by_export_slug[slug]
                if twin.parent is None and first(twin.raw, "recipe_slug", "recipe_name", "recipe") is None:
                    twin.parent = recipe
                continue
            unit = conv.record("finished_unit", raw, text(raw, "display_name", "name"), slug, parent=recipe)
            if slug:
                by_export_slug[slug] = unit
    for recipe in recipes:
        bound = text(recipe.raw, "finished_unit_slug") if recipe.parent else None
        unit = table.find(bound)
        if unit is not None:
            unit.parent = recipe


def _compositions(conv: Conversion) -> None:
    for raw in conv.items("compositions", "composition"):
        parent = first(raw, "assembly_slug", "finished_good_slug", "assembly_name")
        if parent is None and first(raw, "package_name", "package_slug") is not None:
            conv.skip("package packaging compositions")
            continue
        good = conv.tables["finished_good"].find(parent)
        if good is None:
            shown = parent if parent is not None else "?"
            conv.problem(f'composition "{shown}"', f"finished good {shown!r} is not in the export")
            continue
        good.parts.append(raw)
    for good in conv.tables["finished_good"]:
        good.parts[:0] = conv.nested(good, "components")


def _package_contents(conv: Conversion) -> None:
    for raw in conv.items("package_finished_goods", "package content"):
        parent = first(raw, "package_slug", "package_name")
        package = conv.tables["package"].find(parent)
        if package is None:
            shown = parent if parent is not None else "?"
            conv.problem(f'package content "{shown}"', f"package {shown!r} is not in the export")
            continue
        package.parts.append(raw)
    for package in conv.tables["package"]:
        package.parts[:0] = conv.nested(package, "contents", "finished_goods")
