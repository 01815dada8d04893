"""The bake-tracker importer on real exports, a synthetic full export and small inline ones."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator, FormatChecker
from plansync.formats.canonical import content_sha256
from plansync.errors import PlansyncError
from plansync.plugins.types import ImportPlan, RecordProblem
from plansync.formats.yamlread import parse_yaml
from plansync.formats.yamlwrite import dump

from plansync_bake_tracker import plugin
from plansync_bake_tracker.convert import convert
from plansync_bake_tracker.reader import RECORD_LISTS
from plansync_bake_tracker.slugs import fold
from plansync_bake_tracker.units import normalise_unit

HERE = Path(__file__).parent
DATA = HERE / "data"
SCHEMAS = Path(__file__).parents[3] / "schemas"
MIN = DATA / "bake-tracker-export-min.json"
RECIPES = DATA / "bake-tracker-recipes.json"
FULL = DATA / "synthetic-full-export.json"
SLUG = r"^[a-z0-9]+(-[a-z0-9]+)*$"


def _validators() -> dict[str, Draft202012Validator]:
    found = {}
    for path in SCHEMAS.glob("*.schema.json"):
        schema = json.loads(path.read_text(encoding="utf-8"))
        kind = schema["properties"].get("kind", {}).get("const")
        if kind:
            found[kind] = Draft202012Validator(schema, format_checker=FormatChecker())
    return found


VALIDATORS = _validators()


def docs(plan: ImportPlan) -> dict[str, dict[str, Any]]:
    return dict(plan.documents)


def problems(plan: ImportPlan) -> list[tuple[str, str]]:
    return [(p.record, p.message) for p in plan.problems]


def write_export(tmp_path: Path, **lists: Any) -> Path:
    path = tmp_path / "export.json"
    export = {"version": "4.1", "exported_at": "2026-01-06T12:00:00Z", "application": "bake-tracker", **lists}
    path.write_text(json.dumps(export, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def min_plan() -> ImportPlan:
    return convert(MIN)


@pytest.fixture(scope="module")
def recipes_plan() -> ImportPlan:
    return convert(RECIPES)


@pytest.fixture(scope="module")
def full_plan() -> ImportPlan:
    return convert(FULL)


# -- every document is a valid plansync file ------------------------------------


@pytest.mark.parametrize("export", [MIN, RECIPES, FULL], ids=lambda p: p.name)
def test_every_document_validates_against_its_schema(export: Path) -> None:
    plan = convert(export)
    assert plan.documents
    for path, data in plan.documents:
        errors = [e.message for e in VALIDATORS[data["kind"]].iter_errors(data)]
        assert errors == [], path


@pytest.mark.parametrize("export", [MIN, RECIPES, FULL], ids=lambda p: p.name)
def test_paths_follow_the_repository_layout(export: Path) -> None:
    for path, data in convert(export).documents:
        if "slug" in data:
            assert path.endswith(f"/{data['slug']}.yaml") or path == f"events/{data['slug']}/event.yaml"
            assert list(data)[:3] == ["kind", "slug", "name"]


# -- the larger real sample -------------------------------------------------------


def test_min_sample_reports_exactly_its_bad_records(min_plan: ImportPlan) -> None:
    found = problems(min_plan)
    assert found[:2] == [
        ('finished unit "Whole Pie"', "unknown yield_mode 'weight'"),
        ('event "Christmas Gift Boxes 2025"', "unknown output_mode 'packaged'"),
    ]
    # No ingredient list, so no density: products sold by weight of what
    # recipes measure by volume would not validate, and say so.
    assert len(found) == 2 + 13
    assert all(message.endswith("[product-unit]") for _, message in found[2:])


def test_min_sample_leaves_out_only_the_bad_records(min_plan: ImportPlan) -> None:
    paths = set(docs(min_plan))
    assert "catalog/finished-units/pumpkin-pie-whole.yaml" not in paths
    assert "events/christmas-gifts-2025/event.yaml" not in paths
    # The pie's recipe is fine on its own and stays.
    assert "catalog/recipes/pumpkin-pie.yaml" in paths
    assert len([p for p in paths if p.startswith("catalog/recipes/")]) == 7
    assert len([p for p in paths if p.startswith("catalog/finished-units/")]) == 6


def test_min_sample_recipe_ingredients_are_remapped(min_plan: ImportPlan) -> None:
    recipe = docs(min_plan)["catalog/recipes/chocolate-chip-cookies.yaml"]
    assert recipe["name"] == "Chocolate Chip Cookies"
    assert recipe["category"] == "Cookies"
    assert recipe["ingredients"][0] == {"ingredient": "flour-all-purpose", "quantity": 2.25, "unit": "cup"}
    assert {"ingredient": "eggs-large", "quantity": 2, "unit": "count"} in recipe["ingredients"]
    assert recipe["ingredients"][-1] == {"ingredient": "chocolate-chips-semi-sweet", "quantity": 12, "unit": "oz"}


def test_min_sample_variant_recipe_names_its_base(min_plan: ImportPlan) -> None:
    recipe = docs(min_plan)["catalog/recipes/double-chocolate-chip-cookies.yaml"]
    assert recipe["base"] == "chocolate-chip-cookies"
    assert recipe["variant"] == "Double Chocolate"


def test_min_sample_nested_finished_units(min_plan: ImportPlan) -> None:
    unit = docs(min_plan)["catalog/finished-units/chocolate-chip-cookie-batch.yaml"]
    assert unit == {
        "kind": "finished_unit",
        "slug": "chocolate-chip-cookie-batch",
        "name": "Full Batch",
        "recipe": "chocolate-chip-cookies",
        "yield": {"mode": "discrete_count", "unit": "cookies", "options": [{"per_batch": 48}]},
    }


def test_min_sample_events(min_plan: ImportPlan) -> None:
    found = docs(min_plan)
    sale = found["events/holiday-sale-2025/event.yaml"]
    assert (sale["date"], sale["output_mode"], sale["plan_state"]) == ("2025-12-15", "bundled", "draft")
    assert found["events/thanksgiving-2025/event.yaml"]["output_mode"] == "bulk_count"
    swap = found["events/cookie-exchange-2025/event.yaml"]
    assert "output_mode" not in swap and swap["plan_state"] == "draft"
    assert any("Cookie Exchange 2025" in note and "no output_mode" in note for note in min_plan.notes)


def test_min_sample_skips_nothing_and_imports_its_products(min_plan: ImportPlan) -> None:
    assert not any(note.startswith("skipped:") for note in min_plan.notes)
    products = [data for path, data in min_plan.documents if path.startswith("catalog/products/")]
    assert len(products) == 50 - 13
    flour = docs(min_plan)["catalog/products/king-arthur-flour-bread-1lb.yaml"]
    assert flour == {
        "kind": "product", "slug": "king-arthur-flour-bread-1lb", "name": "King Arthur Flour bread, 1 lb",
        "ingredient": "flour-bread", "package": {"quantity": 1, "unit": "lb"}, "brand": "King Arthur",
        "notes": "UPC 071012107025",
    }  # fmt: skip


def test_min_sample_makes_ingredients_from_references(min_plan: ImportPlan) -> None:
    flour = docs(min_plan)["catalog/ingredients/flour-all-purpose.yaml"]
    assert flour["name"] == "Flour all purpose"
    assert "flour_all_purpose" in flour["notes"]
    assert "ingredient flour_all_purpose -> flour-all-purpose" in min_plan.notes


# -- the recipes-only sample -----------------------------------------------------


def test_recipes_sample_slugs_come_from_names(recipes_plan: ImportPlan) -> None:
    recipe = docs(recipes_plan)["catalog/recipes/browned-butter-mini-egg-and-chocolate-chunk-cookies.yaml"]
    assert recipe["name"] == "Browned Butter, Mini Egg, and Chocolate Chunk Cookies"
    assert recipe["source"] == "Bake From Scratch"
    assert {
        "ingredient": "candy-coated-milk-chocolate-eggs",
        "quantity": 1.75,
        "unit": "cup",
        "note": "1 cup (163g) crushed into dough + 0.75 cup (157g) lightly crushed for topping; divided",
    } in recipe["ingredients"]
    assert 'recipe "Hot Cross Buns" -> hot-cross-buns' in recipes_plan.notes


def test_recipes_sample_has_no_problems_and_says_it_has_no_version(recipes_plan: ImportPlan) -> None:
    assert recipes_plan.problems == []
    assert any("names no version" in note for note in recipes_plan.notes)
    buns = docs(recipes_plan)["catalog/recipes/hot-cross-buns.yaml"]
    assert buns["ingredients"][0] == {
        "ingredient": "butter-unsalted",
        "quantity": 12,
        "unit": "tbsp",
        "note": "melted and cooled; plus more for bowl and baking sheet",
    }
    assert len([p for p, _ in recipes_plan.documents if p.startswith("catalog/recipes/")]) == 6


# -- the synthetic full export: every mapping ----------------------------------------


def test_full_export_problems_name_records_and_values(full_plan: ImportPlan) -> None:
    assert problems(full_plan) == [
        ('composition "nope_box"', "finished good 'nope_box' is not in the export"),
        ('recipe "Bad Bread"', "ingredient 'flour_all_purpose' quantity 'two' is not a number"),
        ('recipe "Mystery"', "ingredient 'unobtainium' is not in the export"),
        ('finished unit "Chocolate Cake Slice"', "unknown yield_mode 'weight'"),
        ('finished unit "Loaf"', 'uses recipe "Bad Bread", which was left out'),
        ('finished good "Cake Box"', 'uses finished unit "Chocolate Cake Slice", which was left out'),
        ('finished good "Big Box"', 'uses finished good "Cake Box", which was left out'),
        ('package "Cake Tin"', 'uses finished good "Big Box", which was left out'),
        ('event "Christmas 2026"', 'assembly target "big_box": uses finished good "Big Box", which was left out'),
        ('event "Gifts"', "unknown output_mode 'packaged'"),
        ('recipient package "Mom"', 'uses event "Gifts", which was left out'),
        ('production run "sugar_cookie at 2026-12-01T10:00:00Z"', 'uses event "Gifts", which was left out'),
        ('inventory item "saffron / X"', "ingredient 'saffron' is not in the export"),
        ('purchase "flour_all_purpose"', "has no purchased_at"),
    ]


def test_full_export_ingredients_density_and_folding(full_plan: ImportPlan) -> None:
    found = docs(full_plan)
    assert found["catalog/ingredients/flour-all-purpose.yaml"]["density"] == {"volume": "1 cup", "mass": "4.25 oz"}
    creme = found["catalog/ingredients/creme-fraiche.yaml"]
    assert creme["name"] == "Crème Fraîche" and "density" not in creme
    assert 'ingredient "Crème Fraîche": density left out (only 1 of its 4 fields are given)' in full_plan.notes
    assert found["catalog/ingredients/butter-2.yaml"]["name"] == "Butter!"
    assert "ingredient BUTTER -> butter-2 (butter is taken by another ingredient)" in full_plan.notes


def test_full_export_units_and_references(full_plan: ImportPlan) -> None:
    found = docs(full_plan)
    brulee = found["catalog/recipes/creme-brulee.yaml"]
    assert brulee["ingredients"] == [
        {"ingredient": "creme-fraiche", "quantity": 1, "unit": "fl oz"},
        {"ingredient": "cream-heavy", "quantity": 2, "unit": "qt"},
    ]
    cookie = found["catalog/recipes/sugar-cookie.yaml"]
    flour = {"ingredient": "flour-all-purpose", "quantity": 2, "unit": "cup", "note": "sifted"}
    assert cookie["ingredients"][0] == flour
    assert cookie["components"] == [{"recipe": "creme-brulee", "batches": 0.5}]


def test_full_export_nested_variant_becomes_a_recipe(full_plan: ImportPlan) -> None:
    found = docs(full_plan)
    variant = found["catalog/recipes/sugar-cookie-chocolate-chip.yaml"]
    assert (variant["base"], variant["variant"]) == ("sugar-cookie", "Chocolate Chip")
    assert variant["ingredients"] == [
        {"ingredient": "flour-all-purpose", "quantity": 2, "unit": "cup", "note": "sifted"},
        {"ingredient": "butter", "quantity": 1.5, "unit": "cup"},
        {"ingredient": "cream-heavy", "quantity": 2, "unit": "tbsp"},
    ]
    assert found["catalog/finished-units/chocolate-chip-cookie.yaml"]["recipe"] == "sugar-cookie-chocolate-chip"


def test_full_export_finished_goods_packages_materials(full_plan: ImportPlan) -> None:
    found = docs(full_plan)
    bag = found["catalog/finished-goods/holiday-gift-bag.yaml"]
    assert bag["assembly_type"] == "bundle"
    assert bag["components"] == [  # in sort_order
        {"finished_unit": "plain-sugar-cookie", "quantity": 3},
        {"finished_unit": "chocolate-chip-cookie", "quantity": 6},
        {"material_unit": "red-ribbon-6in", "quantity": 1},
    ]
    assert found["catalog/finished-goods/single-cookie.yaml"]["assembly_type"] == "bare"
    tin = found["catalog/packages/cookie-tin.yaml"]
    assert tin["contents"] == [{"finished_good": "holiday-gift-bag", "quantity": 2}]
    ribbon = found["catalog/material-units/red-ribbon-6in.yaml"]
    assert (ribbon["material"], ribbon["quantity_per_unit"], ribbon["unit"]) == ("red-satin-ribbon", 15.24, "cm")
    assert found["catalog/recipients/zoe-muller.yaml"]["household"] == "Müller household"


def test_full_export_events_targets_and_recipients(full_plan: ImportPlan) -> None:
    found = docs(full_plan)
    christmas = found["events/christmas-2026/event.yaml"]
    # Locked in the program, but a locked plan needs the snapshot only `lock` takes.
    assert christmas["plan_state"] == "draft"
    assert any('"Christmas 2026" is locked in the export; imported as a draft' in note for note in full_plan.notes)
    assert christmas["finished_goods"] == [{"finished_good": "holiday-gift-bag", "quantity": 50}]
    assert christmas["recipients"] == [
        {"recipient": "zoe-muller", "package": "cookie-tin", "quantity": 1, "status": "ready"},
        {"recipient": "mom", "package": "cookie-tin", "quantity": 1, "status": "delivered"},
    ]
    fair = found["events/school-fair/event.yaml"]
    assert (fair["date"], fair["output_mode"]) == ("2026-05-01", "bulk_count")
    assert fair["finished_units"] == [
        {"finished_unit": "plain-sugar-cookie", "quantity": 96},
        {"finished_unit": "brulee-cup", "quantity": 12},
    ]
    assert fair["batch_decisions"] == [
        {"finished_unit": "plain-sugar-cookie", "batches": 2},
        {"finished_unit": "brulee-cup", "batches": 3},
    ]


def test_full_export_runs(full_plan: ImportPlan) -> None:
    found = docs(full_plan)
    log = found["events/christmas-2026/runs.yaml"]
    assert log["event"] == "christmas-2026"
    first, second = log["production"]
    assert (first["seq"], first["at"], first["finished_unit"], first["loss_status"]) == (
        1, "2026-12-19T10:00:00Z", "plain-sugar-cookie", "complete",
    )  # fmt: skip
    assert (second["batches"], second["expected_yield"], second["actual_yield"], second["loss_status"]) == (
        2, 48, 40, "partial_loss",
    )  # fmt: skip
    unit = found["catalog/finished-units/chocolate-chip-cookie.yaml"]
    assert second["snapshot"] == content_sha256(unit)
    assembled = log["assembly"][0]
    assert (assembled["finished_good"], assembled["quantity"]) == ("holiday-gift-bag", 10)
    assert assembled["snapshot"] == content_sha256(found["catalog/finished-goods/holiday-gift-bag.yaml"])
    loose = found["runs.yaml"]
    assert loose["event"] is None
    assert loose["production"][0]["finished_unit"] == "brulee-cup"
    assert loose["production"][0]["expected_yield"] == 4  # 1 batch of 25 % portions


def test_full_export_inventory(full_plan: ImportPlan) -> None:
    stock = docs(full_plan)["inventory.yaml"]
    assert stock["as_of"] == "2026-01-29T10:00:00Z"
    assert stock["items"] == [
        {"ingredient": "flour-all-purpose", "quantity": 4.5, "unit": "lb",
         "note": "King Arthur; Pantry; expires 2026-06-15"},
        {"ingredient": "cream-heavy", "quantity": 1, "unit": "qt", "note": "Generic"},
        {"material": "red-satin-ribbon", "quantity": 350, "unit": "cm", "note": "Offray; Craft drawer"},
        {"finished_unit": "plain-sugar-cookie", "quantity": 6},
    ]


def test_full_export_skipped_counts(full_plan: ImportPlan) -> None:
    assert (
        "skipped: 2 inventory depletions,"
        " 1 packaging-product components of finished goods (plansync has no place for them)"
    ) in full_plan.notes


def test_unknown_lists_are_counted_not_lost(tmp_path: Path) -> None:
    plan = convert(write_export(tmp_path, widgets=[{"a": 1}, {"b": 2}], products=[{}, {}, {}]))
    assert plan.documents == []
    assert problems(plan) == [('product "ingredient"', "names no ingredient")] * 3  # products are never skipped
    assert "skipped: 2 widgets (unknown to this importer) (plansync has no place for them)" in plan.notes


# -- slugs ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("flour_all_purpose", "flour-all-purpose"),
        ("Crème Brûlée", "creme-brulee"),
        ("  Zoë & Björn's  Straße!! ", "zoe-bjorn-s-strasse"),
        ("Cookies -- 9x13 Pan", "cookies-9x13-pan"),
        ("__Weird__", "weird"),
        ("★★★", ""),
    ],
)
def test_fold(text: str, slug: str) -> None:
    assert fold(text) == slug


@given(st.text())
def test_fold_always_gives_a_valid_slug_or_nothing(text: str) -> None:
    slug = fold(text)
    assert slug == "" or re.match(SLUG, slug)


def test_clashes_are_numbered_and_reported(tmp_path: Path) -> None:
    plan = convert(write_export(
        tmp_path,
        recipes=[
            {"name": "Sugar Cookies", "ingredients": []},
            {"name": "Sugar cookies", "slug": "sugar_cookies", "ingredients": []},
            {"name": "Sügar Cookies!", "ingredients": []},
            {"name": "★", "ingredients": []},
        ],
    ))  # fmt: skip
    slugs = [data["slug"] for _, data in plan.documents]
    assert slugs == ["sugar-cookies", "sugar-cookies-2", "sugar-cookies-3", "recipe"]
    assert 'recipe "Sugar Cookies" -> sugar-cookies' in plan.notes
    assert "recipe sugar_cookies -> sugar-cookies-2 (sugar-cookies is taken by another recipe)" in plan.notes
    assert 'recipe "Sügar Cookies!" -> sugar-cookies-3 (sugar-cookies is taken by another recipe)' in plan.notes


def test_long_names_give_slugs_within_the_limit(tmp_path: Path) -> None:
    name = "Very " * 40 + "Long Cake"
    plan = convert(write_export(tmp_path, recipes=[{"name": name[:200], "ingredients": []}] * 2))
    slugs = [data["slug"] for _, data in plan.documents]
    assert all(len(slug) <= 100 for slug in slugs) and slugs[1].endswith("-2")


def test_references_by_slug_name_and_folded_name_meet_one_record(tmp_path: Path) -> None:
    plan = convert(write_export(
        tmp_path,
        ingredients=[{"display_name": "Butter", "slug": "butter_unsalted"}],
        recipes=[
            {"name": "Chocolate Chip Cookies", "ingredients": [
                {"ingredient_slug": "butter_unsalted", "quantity": 1, "unit": "cup"}]},
            # bake-tracker writes base_recipe_slug as the base's name, lower-cased with underscores.
            {"name": "Double Chocolate", "base_recipe_slug": "chocolate_chip_cookies", "variant_name": "Double",
             "ingredients": [{"ingredient_name": "Butter", "quantity": 1, "unit": "cup"}]},
        ],
        finished_units=[{"slug": "ccc_dozen", "recipe_name": "Chocolate Chip Cookies", "display_name": "Dozen",
                         "yield_mode": "discrete_count", "items_per_batch": 12, "item_unit": "cookie"}],
        finished_goods=[{"display_name": "Tin", "slug": "tin"}],
        compositions=[{"assembly_slug": "tin", "component_type": "finished_unit",
                       "component_slug": "ccc_dozen", "component_quantity": 2}],
    ))  # fmt: skip
    found = docs(plan)
    assert plan.problems == []
    assert found["catalog/recipes/double-chocolate.yaml"]["base"] == "chocolate-chip-cookies"
    assert found["catalog/recipes/double-chocolate.yaml"]["ingredients"][0]["ingredient"] == "butter-unsalted"
    assert found["catalog/finished-units/ccc-dozen.yaml"]["recipe"] == "chocolate-chip-cookies"
    assert found["catalog/finished-goods/tin.yaml"]["components"] == [{"finished_unit": "ccc-dozen", "quantity": 2}]


def test_a_reference_means_a_slug_before_a_name(tmp_path: Path) -> None:
    plan = convert(write_export(
        tmp_path,
        ingredients=[{"display_name": "butter", "slug": "ghee"}, {"display_name": "Real Butter", "slug": "butter"}],
        recipes=[{"name": "Shortbread", "ingredients": [{"ingredient_slug": "butter", "quantity": 1, "unit": "cup"}]}],
    ))  # fmt: skip
    assert docs(plan)["catalog/recipes/shortbread.yaml"]["ingredients"][0]["ingredient"] == "butter"


# -- units ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "unit"),
    [
        ("fl oz", "fl oz"), ("fl. oz.", "fl oz"), ("Fluid Ounces", "fl oz"), ("qt", "qt"), ("Quarts", "qt"),
        ("tablespoons", "tbsp"), ("T", "tbsp"), ("t", "tsp"), ("Teaspoon", "tsp"), ("cups", "cup"),
        ("lbs", "lb"), ("Pounds", "lb"), ("grams", "g"), ("KG", "kg"), ("ml", "ml"), ("Liters", "l"),
        ("pint", "pt"), ("gallons", "gal"), ("ounces", "oz"),
        ("each", "each"), ("Clove", "clove"), ("Large  Eggs", "large eggs"), ("", None), (None, None),
    ],
)  # fmt: skip
def test_normalise_unit(written: str | None, unit: str | None) -> None:
    assert normalise_unit(written) == unit


# -- bad records --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("quantity", "message"),
    [
        ("two", "ingredient 'flour' quantity 'two' is not a number"),
        (0, "ingredient 'flour' quantity 0 is not greater than 0"),
        (-1.5, "ingredient 'flour' quantity -1.5 is not greater than 0"),
        (True, "ingredient 'flour' quantity True is not a number"),
        (None, "ingredient 'flour' quantity is missing"),
    ],
)
def test_bad_quantities_are_record_problems(tmp_path: Path, quantity: Any, message: str) -> None:
    plan = convert(write_export(
        tmp_path,
        ingredients=[{"display_name": "Flour", "slug": "flour"}],
        recipes=[{"name": "Bread", "ingredients": [{"ingredient_slug": "flour", "quantity": quantity, "unit": "cup"}]},
                 {"name": "Toast", "ingredients": [{"ingredient_slug": "flour", "quantity": "1.5", "unit": "cup"}]}],
    ))  # fmt: skip
    assert plan.problems == [RecordProblem('recipe "Bread"', message)]
    assert docs(plan)["catalog/recipes/toast.yaml"]["ingredients"][0]["quantity"] == 1.5


def test_a_record_that_is_not_an_object_is_a_problem(tmp_path: Path) -> None:
    plan = convert(write_export(tmp_path, recipients=["Mom", {"name": "Dad"}]))
    assert problems(plan) == [("recipient #1", "is a string, not an object")]
    assert [data["slug"] for _, data in plan.documents] == ["dad"]


# -- what it refuses ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"recipes: [1, 2]\n", "not valid JSON"),
        (b"\xff\xfe{}", "not UTF-8"),
        (b"[]", "holds a JSON list"),
        (b'{"application": "cake-o-matic", "version": "4.0"}', "application is 'cake-o-matic'"),
        (b'{"application": "bake-tracker", "version": "3.5"}', "unsupported bake-tracker export version '3.5'"),
        (b'{"application": "bake-tracker", "version": "5.0"}', "plansync reads versions 4.0 to 4.3"),
        (b'{"schema_version": "4.0", "import_type": "widgets", "widgets": []}', "transaction file type 'widgets'"),
        (b'{"view_type": "recipes", "_meta": {}, "records": []}', "view export"),
        (b'{"hello": "world"}', "none of its record lists"),
        (b'{"version": "4.0", "recipes": {"name": "x"}}', "'recipes' is not a list"),
    ],
)
def test_rejects_files_that_are_not_exports_it_reads(tmp_path: Path, content: bytes, says: str) -> None:
    path = tmp_path / "export.json"
    path.write_bytes(content)
    with pytest.raises(PlansyncError) as caught:
        convert(path)
    assert says in str(caught.value)


def test_a_missing_file_is_a_plansync_error(tmp_path: Path) -> None:
    with pytest.raises(PlansyncError, match="cannot read the export"):
        convert(tmp_path / "nope.json")


@pytest.mark.parametrize("version", ["4.0", "4.1", "4.2", "4.3", 4.2])
def test_accepts_versions_4_0_to_4_3(tmp_path: Path, version: Any) -> None:
    path = tmp_path / "export.json"
    path.write_text(json.dumps({"application": "bake-tracker", "version": version, "recipes": []}))
    assert convert(path).documents == []


# -- behaviour of the importer as a whole ------------------------------------------------


@pytest.mark.parametrize("export", [MIN, RECIPES, FULL], ids=lambda p: p.name)
def test_same_input_gives_the_same_files(export: Path) -> None:
    first, second = convert(export), convert(export)
    assert [(p, dump(d)) for p, d in first.documents] == [(p, dump(d)) for p, d in second.documents]
    assert first.problems == second.problems and first.notes == second.notes


@pytest.mark.parametrize("export", [MIN, RECIPES, FULL], ids=lambda p: p.name)
def test_documents_survive_plansyncs_yaml_writer_and_reader(export: Path) -> None:
    for path, data in convert(export).documents:
        assert parse_yaml(dump(data)) == data, path


def test_convert_writes_nothing(tmp_path: Path) -> None:
    export = tmp_path / "in" / FULL.name
    export.parent.mkdir()
    export.write_bytes(FULL.read_bytes())
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    convert(export)
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before


def test_plugin_registers_the_importer() -> None:
    registered = []
    plugin.register_importers(register=registered.append)
    (importer,) = registered
    assert importer.name == "bake-tracker"
    assert problems(importer.convert(MIN))[0] == ('finished unit "Whole Pie"', "unknown yield_mode 'weight'")


def test_loading_the_plugin_does_not_import_the_conversion() -> None:
    code = (
        "import sys, plansync_bake_tracker.plugin;"
        " print(sorted(m for m in sys.modules if m.startswith('plansync_bake')))"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True).stdout
    assert out.strip() == "['plansync_bake_tracker', 'plansync_bake_tracker.plugin']"


def test_distribution_declares_the_entry_point() -> None:
    project = tomllib.loads((HERE.parent / "pyproject.toml").read_text())["project"]
    assert project["name"] == "plansync-bake-tracker"
    assert "plansync" in project["dependencies"]
    assert project["entry-points"]["plansync"] == {"bake-tracker": "plansync_bake_tracker.plugin"}


def test_plugin_satisfies_the_plansync_hook_specs() -> None:
    import pluggy
    from plansync.plugins import hookspecs

    manager = pluggy.PluginManager("plansync")
    manager.add_hookspecs(hookspecs)
    manager.register(plugin, name="bake-tracker")  # pluggy checks the hook's arguments here
    registered: list = []
    manager.hook.register_importers(register=registered.append)
    assert [importer.name for importer in registered] == ["bake-tracker"]


# -- any export-shaped input ---------------------------------------------------------

_FIELDS = (
    "slug", "name", "display_name", "recipe_slug", "recipe_name", "yield_mode", "items_per_batch", "item_unit",
    "batch_percentage", "ingredients", "ingredient_slug", "quantity", "unit", "components", "variants",
    "ingredient_changes", "action", "finished_unit_slug", "base_recipe_slug", "assembly_slug", "component_type",
    "component_slug", "component_quantity", "finished_good_slug", "package_slug", "event_slug", "event_date",
    "output_mode", "plan_state", "target_quantity", "target_batches", "recipient_name", "status", "num_batches",
    "actual_yield", "produced_at", "material_slug", "quantity_per_unit", "density_volume_value", "finished_units",
)  # fmt: skip
_WORDS = (
    "a", "A b", "flour_x", "cup", "fl oz", "discrete_count", "batch_portion", "weight", "bundled", "packaged",
    "locked", "add", "finished_unit", "2025-12-01", "2025-12-01T10:00:00Z", "Crème", "★", "", "x:y:1:cm",
)  # fmt: skip
_SCALARS = st.one_of(st.sampled_from(_WORDS), st.integers(-3, 100), st.floats(), st.none(), st.booleans())
_RECORDS = st.deferred(
    lambda: st.dictionaries(st.sampled_from(_FIELDS), st.one_of(_SCALARS, st.lists(_RECORDS, max_size=3)), max_size=7)
)
_EXPORTS = st.fixed_dictionaries(
    {"version": st.just("4.2")},
    optional={key: st.lists(st.one_of(_RECORDS, _SCALARS), max_size=4) for key in RECORD_LISTS},
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(export=_EXPORTS)
def test_any_export_gives_valid_documents_or_a_plansync_error(tmp_path: Path, export: dict[str, Any]) -> None:
    path = tmp_path / "export.json"
    path.write_text(json.dumps(export), encoding="utf-8")
    try:
        plan = convert(path)
    except PlansyncError:
        return
    paths = [p for p, _ in plan.documents]
    assert len(paths) == len(set(paths))
    for path_, data in plan.documents:
        assert [e.message for e in VALIDATORS[data["kind"]].iter_errors(data)] == [], path_
