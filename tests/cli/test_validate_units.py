"""Units at validate time: a misspelt measure is a located warning, and the
kitchen measures (stick, pinch, dash) are known, so shopping converts them."""

from __future__ import annotations

import json

from tests.helpers import COOKIES

BUTTER = "kind: ingredient\nslug: butter\nname: Butter\ndensity: {volume: 1 cup, mass: 8 oz}\n"
SALT = "kind: ingredient\nslug: salt\nname: Salt\n"
MILK = "kind: ingredient\nslug: condensed-milk\nname: Sweetened condensed milk\n"
FAIR = """
kind: event
slug: fair
name: Fair
date: 2026-12-12
output_mode: bulk_count
finished_units:
  - {finished_unit: cookie, quantity: 96}
"""


def problem_lines(result) -> list[str]:
    return [line for line in result.stdout.splitlines() if ": warning: " in line or ": error: " in line]


def test_an_unknown_unit_in_a_recipe_is_a_warning_at_the_unit(catalog):
    catalog.write("catalog/recipes/cookies.yaml", COOKIES.replace("quantity: 1, unit: cup}", "quantity: 1, unit: cupz}"))
    result = catalog.run("validate")
    assert result.exit_code == 0
    assert problem_lines(result) == [
        "catalog/recipes/cookies.yaml:6:44: warning: unknown unit 'cupz' (did you mean 'cup'?): as written it is "
        "a count, which never converts to cup or any other measure [unknown-unit]"
    ]
    assert "0 error(s), 1 warning(s)" in result.output


def test_an_unknown_unit_in_the_inventory_is_a_warning_at_the_unit(catalog):
    catalog.write("inventory.yaml", "kind: inventory\nitems:\n  - {ingredient: flour, quantity: 2, unit: cupz}\n")
    result = catalog.run("validate", "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["problems"] == [
        {
            "path": "inventory.yaml", "line": 3, "column": 44, "severity": "warning", "code": "unknown-unit",
            "message": "unknown unit 'cupz' (did you mean 'cup'?): as written it is a count, which never converts "
            "to cup or any other measure",
        }
    ]  # fmt: skip


def test_a_density_in_an_unknown_unit_is_a_warning(catalog):
    catalog.write("catalog/ingredients/butter.yaml", BUTTER.replace("1 cup", "1 cupz"))
    result = catalog.run("validate")
    assert (result.exit_code, problem_lines(result)) == (0, [
        "catalog/ingredients/butter.yaml:4:19: warning: density volume '1 cupz' is not a volume plansync knows "
        "(did you mean 'cup'?): the density is ignored, so this ingredient's volumes and masses do not convert "
        "[unknown-unit]"
    ])  # fmt: skip


def test_kitchen_units_and_honest_counts_validate_clean(catalog):
    for path, text in (("butter", BUTTER), ("salt", SALT), ("condensed-milk", MILK)):
        catalog.write(f"catalog/ingredients/{path}.yaml", text)
    catalog.write("catalog/recipes/cookies.yaml", COOKIES + (
        "  - {ingredient: butter, quantity: 2, unit: sticks}\n"
        "  - {ingredient: salt, quantity: 1, unit: pinch}\n"
        "  - {ingredient: salt, quantity: 2, unit: dashes}\n"
        "  - {ingredient: condensed-milk, quantity: 1, unit: can}\n"
    ))  # fmt: skip
    result = catalog.run("validate")
    assert (result.exit_code, problem_lines(result)) == (0, [])


def test_shopping_converts_sticks_pinches_and_dashes(catalog):
    for path, text in (("butter", BUTTER), ("salt", SALT), ("condensed-milk", MILK)):
        catalog.write(f"catalog/ingredients/{path}.yaml", text)
    catalog.write("catalog/recipes/cookies.yaml", COOKIES + (
        "  - {ingredient: butter, quantity: 2, unit: sticks}\n"
        "  - {ingredient: salt, quantity: 1, unit: pinch}\n"
        "  - {ingredient: salt, quantity: 1, unit: dash}\n"
        "  - {ingredient: condensed-milk, quantity: 1, unit: can}\n"
    ))  # fmt: skip
    catalog.write("inventory.yaml", (
        "kind: inventory\nitems:\n"
        "  - {ingredient: butter, quantity: 0.5, unit: lb}\n"
        "  - {ingredient: condensed-milk, quantity: 1, unit: cans}\n"
    ))  # fmt: skip
    catalog.write("events/fair/event.yaml", FAIR)
    result = catalog.run("shopping", "fair", "--format", "json")
    assert result.exit_code == 0, result.output
    items = {item["ingredient"]: item for item in json.loads(result.stdout)["items"]}
    # 2 batches: 4 sticks of butter (2 cups, 1 lb by its density) against 0.5 lb = 2 sticks on hand.
    assert {k: items["butter"][k] for k in ("unit", "need", "have", "buy")} == {"unit": "stick", "need": 4, "have": 2, "buy": 2}
    # A pinch and a dash per batch: 2 pinches + 2 dashes = 6 pinches, one line.
    assert {k: items["salt"][k] for k in ("unit", "need", "buy")} == {"unit": "pinch", "need": 6, "buy": 6}
    assert {k: items["condensed-milk"][k] for k in ("unit", "need", "have", "buy")} == {
        "unit": "can", "need": 2, "have": 1, "buy": 1,
    }  # fmt: skip
    assert json.loads(result.stdout)["warnings"] == []
