"""Each validation rule, with a good and a bad repository: exact places and codes."""

from __future__ import annotations

import json

from tests.helpers import COOKIE, COOKIES, FLOUR


def problems(repo, *args):
    result = repo.run("validate", "--format", "json", *args)
    document = json.loads(result.output)
    return result.exit_code, [(p["path"], p["line"], p["column"], p["severity"], p["code"]) for p in document["problems"]], document


def test_a_fresh_repository_validates_clean(plan_repo):
    code, found, document = problems(plan_repo)
    assert (code, found) == (0, [])
    assert document["files"] == 1  # the empty inventory


def test_good_catalog_is_clean(catalog):
    assert problems(catalog)[:2] == (0, [])


def test_schema_errors_are_located_at_the_value(catalog):
    catalog.write("catalog/recipes/cookies.yaml", COOKIES.replace("quantity: 1,", "quantity: -1,") + "serves: 4\n")
    code, found, doc = problems(catalog)
    assert code == 1
    assert found == [
        ("catalog/recipes/cookies.yaml", 6, 35, "error", "out-of-range"),
        ("catalog/recipes/cookies.yaml", 7, 1, "error", "unknown-field"),
    ]
    assert doc["problems"][0]["message"] == "must be greater than 0, got -1"


def test_missing_field_is_located_at_its_mapping(catalog):
    catalog.write("catalog/ingredients/butter.yaml", "kind: ingredient\nslug: butter\n")
    assert problems(catalog)[1] == [("catalog/ingredients/butter.yaml", 1, 1, "error", "missing-field")]


def test_unknown_reference_names_the_missing_slug(catalog):
    catalog.write("catalog/recipes/cookies.yaml", COOKIES + "  - {ingredient: vanilla, quantity: 1, unit: tsp}\n")
    code, found, doc = problems(catalog)
    assert found == [("catalog/recipes/cookies.yaml", 7, 18, "error", "unknown-reference")]
    assert doc["problems"][0]["message"] == "ingredient 'vanilla' does not exist"


def test_reference_to_the_wrong_kind_is_unknown(catalog):
    catalog.write("catalog/finished-units/cookie.yaml", COOKIE.replace("recipe: cookies", "recipe: flour"))
    assert problems(catalog)[1] == [("catalog/finished-units/cookie.yaml", 4, 9, "error", "unknown-reference")]


def test_duplicate_slug_is_reported_at_both_files(catalog):
    catalog.write("catalog/ingredients/flour2.yaml", FLOUR)
    code, found, doc = problems(catalog)
    assert found == [
        ("catalog/ingredients/flour.yaml", 2, 7, "error", "duplicate-slug"),
        ("catalog/ingredients/flour2.yaml", 2, 7, "error", "duplicate-slug"),
    ]
    assert "catalog/ingredients/flour2.yaml:2:7" in doc["problems"][0]["message"]


def good(slug, *components):
    lines = [f"kind: finished_good\nslug: {slug}\nname: {slug}\nassembly_type: bundle\ncomponents:"]
    lines += [f"  - {{{c}, quantity: 1}}" for c in components]
    return "\n".join(lines) + "\n"


def test_good_cycle_names_its_path(catalog):
    catalog.write("catalog/finished-goods/box.yaml", good("box", "finished_unit: cookie", "finished_good: sampler"))
    catalog.write("catalog/finished-goods/sampler.yaml", good("sampler", "finished_good: box"))
    code, found, doc = problems(catalog)
    assert found == [("catalog/finished-goods/sampler.yaml", 6, 21, "error", "cycle")]
    assert doc["problems"][0]["message"] == "finished good cycle: box -> sampler -> box"


def test_shared_sub_good_is_not_a_cycle(catalog):
    catalog.write("catalog/finished-goods/mini.yaml", good("mini", "finished_unit: cookie"))
    catalog.write("catalog/finished-goods/box.yaml", good("box", "finished_good: mini", "finished_good: tin"))
    catalog.write("catalog/finished-goods/tin.yaml", good("tin", "finished_good: mini"))
    assert problems(catalog)[:2] == (0, [])


def test_good_nesting_deeper_than_10_is_an_error(catalog):
    catalog.write("catalog/finished-goods/g0.yaml", good("g0", "finished_unit: cookie"))
    for level in range(1, 12):
        catalog.write(f"catalog/finished-goods/g{level}.yaml", good(f"g{level}", f"finished_good: g{level - 1}"))
    code, found, doc = problems(catalog)
    assert found == [("catalog/finished-goods/g11.yaml", 2, 7, "error", "nesting-depth")]
    assert "11 levels" in doc["problems"][0]["message"]


def recipe(slug, *subs):
    text = f"kind: recipe\nslug: {slug}\nname: {slug}\ningredients:\n  - {{ingredient: flour, quantity: 1, unit: cup}}\n"
    if subs:
        text += "components:\n" + "".join(f"  - {{recipe: {s}, batches: 1}}\n" for s in subs)
    return text


def test_sub_recipe_cycle_and_depth(catalog):
    catalog.write("catalog/recipes/a.yaml", recipe("a", "b"))
    catalog.write("catalog/recipes/b.yaml", recipe("b", "a"))
    found = problems(catalog)[1]
    assert found == [("catalog/recipes/b.yaml", 7, 14, "error", "cycle")]
    catalog.write("catalog/recipes/b.yaml", recipe("b", "c"))
    catalog.write("catalog/recipes/c.yaml", recipe("c", "d"))
    catalog.write("catalog/recipes/d.yaml", recipe("d"))
    assert problems(catalog)[:2] == (0, [])  # a -> b -> c -> d: 3 levels
    catalog.write("catalog/recipes/d.yaml", recipe("d", "e"))
    catalog.write("catalog/recipes/e.yaml", recipe("e"))
    assert problems(catalog)[1] == [("catalog/recipes/a.yaml", 2, 7, "error", "nesting-depth")]


def test_bare_good_wraps_one_finished_unit(catalog):
    text = good("wrapped", "finished_unit: cookie", "material_unit: ribbon").replace("bundle", "bare")
    catalog.write("catalog/finished-goods/wrapped.yaml", text)
    assert problems(catalog)[:2] == (0, [])
    catalog.write("catalog/finished-goods/wrapped.yaml", text + "  - {finished_unit: cookie, quantity: 2}\n")
    assert problems(catalog)[1] == [("catalog/finished-goods/wrapped.yaml", 4, 16, "error", "bare-good")]


EVENT = """
kind: event
slug: fair
name: Fair
date: 2026-12-05
output_mode: {mode}
"""


def test_bulk_count_event_plans_units_and_bundled_plans_goods(catalog):
    catalog.write("catalog/finished-goods/bag.yaml", good("bag", "finished_unit: cookie"))
    catalog.write("events/fair/event.yaml", EVENT.format(mode="bulk_count") + "finished_units:\n  - {finished_unit: cookie, quantity: 120}\n")
    assert problems(catalog)[:2] == (0, [])
    catalog.write("events/fair/event.yaml", EVENT.format(mode="bulk_count") + "finished_goods:\n  - {finished_good: bag, quantity: 5}\n")
    assert problems(catalog)[1] == [("events/fair/event.yaml", 6, 1, "error", "output-mode")]
    catalog.write("events/fair/event.yaml", EVENT.format(mode="bundled") + "finished_units:\n  - {finished_unit: cookie, quantity: 5}\n")
    assert problems(catalog)[1] == [("events/fair/event.yaml", 6, 1, "error", "output-mode")]


def test_event_references_recipients_and_packages(catalog):
    catalog.write("events/fair/event.yaml", EVENT.format(mode="bundled")
                  + "recipients:\n  - {recipient: aunt-mary, package: tin, quantity: 1, status: pending}\n")  # fmt: skip
    found = problems(catalog)[1]
    assert found == [
        ("events/fair/event.yaml", 7, 17, "error", "unknown-reference"),
        ("events/fair/event.yaml", 7, 37, "error", "unknown-reference"),
    ]


def test_a_plan_lists_each_good_once(catalog):
    catalog.write("catalog/finished-goods/bag.yaml", good("bag", "finished_unit: cookie"))
    catalog.write("events/fair/event.yaml", EVENT.format(mode="bundled")
                  + "finished_goods:\n  - {finished_good: bag, quantity: 5}\n  - {finished_good: bag, quantity: 2}\n")  # fmt: skip
    assert problems(catalog)[1] == [("events/fair/event.yaml", 8, 5, "error", "duplicate-entry")]


def test_inventory_material_unknown_is_a_warning(catalog):
    catalog.write("inventory.yaml", "kind: inventory\nitems:\n  - {material: blue-ribbon, quantity: 10, unit: inch}\n")
    code, found, _ = problems(catalog)
    assert (code, found) == (0, [("inventory.yaml", 3, 16, "warning", "unknown-material")])


def test_material_units_in_the_old_catalog_materials_folder_still_validate(catalog):
    # Repositories made before material units had their own folder keep working.
    old = "catalog/materials/ribbon.yaml"
    catalog.write(old, catalog.read("catalog/material-units/ribbon.yaml"))
    (catalog.root / "catalog/material-units/ribbon.yaml").unlink()
    assert problems(catalog)[:2] == (0, [])
    plan = catalog.run("query", "SELECT slug, file_path FROM material_units", "--format", "json")
    assert json.loads(plan.stdout)["rows"] == [{"slug": "ribbon", "file_path": old}]


def test_a_repeated_purchase_number_names_the_line_of_the_first(example_repo):
    text = example_repo.read("purchases.yaml")
    lines = text.splitlines(keepends=True)
    first = next(i for i, line in enumerate(lines) if "seq: 2," in line)
    example_repo.write("purchases.yaml", text + lines[first].replace("packages: 2", "packages: 1"))
    code, found, doc = problems(example_repo)
    repeated = [p for p in doc["problems"] if p["code"] == "duplicate-entry"]
    assert [(p["path"], p["line"], p["column"]) for p in repeated] == [("purchases.yaml", len(lines) + 1, 11)]
    assert repeated[0]["message"] == f"purchase 2 is also at purchases.yaml, line {first + 1}"
