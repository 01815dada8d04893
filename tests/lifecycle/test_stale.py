"""`plansync stale`: frozen definitions that differ from the catalog now."""

from __future__ import annotations

import json

import pytest

from tests.helpers import ok, refused, to_state
from tests.party import PLANNING

pytestmark = pytest.mark.usefixtures("fixed_clock")


def stale(repo) -> dict:
    return json.loads(ok(repo, "stale", "party", "--format", "json"))


def test_draft_event_is_refused(party):
    assert refused(party, "stale", "party") == (
        "error: party is not locked: it has no planning snapshot (`plansync lock party` writes it)\n"
    )


def test_nothing_stale_right_after_lock(party):
    to_state(party, "locked")
    assert stale(party) == {"event": "party", "stale": []}
    assert ok(party, "stale", "party") == "party: every frozen definition matches the catalog\n"


def test_catalog_edits_field_by_field(party):
    to_state(party, "locked")
    recipe = "catalog/recipes/cookies.yaml"
    text = party.read(recipe).replace("quantity: 2.25", "quantity: 2.5").replace("name: Cookies", "name: Sugar Cookies")
    party.write(recipe, text + "notes: zest it\n")
    party.write("catalog/ingredients/flour.yaml", party.read("catalog/ingredients/flour.yaml").replace("4.25 oz", "4.5 oz"))
    (party.root / "catalog/recipients/uncle-bob.yaml").unlink()
    planning_before = party.read(PLANNING)
    result = stale(party)
    assert result == {
        "event": "party",
        "stale": [
            {"kind": "ingredient", "slug": "flour", "changes": [{"field": "density.mass", "old": "4.25 oz", "new": "4.5 oz"}]},
            {
                "kind": "recipe",
                "slug": "cookies",
                "changes": [
                    {"field": "name", "old": "Cookies", "new": "Sugar Cookies"},
                    {"field": "ingredients[0].quantity", "old": 2.25, "new": 2.5},
                    {"field": "notes", "old": None, "new": "zest it"},
                ],
            },
            {
                "kind": "recipient",
                "slug": "uncle-bob",
                "changes": [{"field": None, "old": {"kind": "recipient", "slug": "uncle-bob", "name": "Bob Smith"}, "new": None}],
            },
        ],
    }
    assert ok(party, "stale", "party") == (
        "Stale definitions of party\n"
        "kind        slug       field                    old                      new\n"
        "----------  ---------  -----------------------  -----------------------  -------------\n"
        "ingredient  flour      density.mass             4.25 oz                  4.5 oz\n"
        "recipe      cookies    name                     Cookies                  Sugar Cookies\n"
        "recipe      cookies    ingredients[0].quantity  2.25                     2.5\n"
        "recipe      cookies    notes                    -                        zest it\n"
        "recipient   uncle-bob  (deleted)                (the frozen definition)  -\n"
        "\n"
        "3 definitions changed since the lock; the plan still uses the snapshot\n"
    )
    # It only informs: nothing was written.
    assert party.read(PLANNING) == planning_before
    assert party.git("status", "--porcelain").split() == [
        "M", "catalog/ingredients/flour.yaml", "M", "catalog/recipes/cookies.yaml", "D", "catalog/recipients/uncle-bob.yaml"]  # fmt: skip


def test_lists_compare_by_position(party):
    to_state(party, "locked")
    recipe = "catalog/recipes/cookies.yaml"
    party.write(recipe, party.read(recipe).replace(
        "  - {ingredient: flour, quantity: 2.25, unit: cup}\n",
        "  - {ingredient: flour, quantity: 2.25, unit: cup}\n  - {ingredient: lemon, quantity: 1, unit: each}\n"))  # fmt: skip
    [item] = stale(party)["stale"]
    assert item["changes"] == [
        {"field": "ingredients[1].ingredient", "old": "sugar", "new": "lemon"},
        {"field": "ingredients[1].unit", "old": "cup", "new": "each"},
        {"field": "ingredients[2]", "old": None, "new": {"ingredient": "sugar", "quantity": 1, "unit": "cup"}},
    ]


def test_reformatting_is_not_a_change(party):
    to_state(party, "in_production")
    recipe = "catalog/recipes/icing.yaml"
    party.write(recipe, "# reformatted\nslug: icing\nkind: recipe\nname: Icing\ningredients:\n  - ingredient: sugar\n    quantity: 1.0\n    unit: cup\n")
    assert stale(party) == {"event": "party", "stale": []}


def test_definitions_frozen_by_an_amendment_are_checked_too(party):
    to_state(party, "in_production")
    ok(party, "amend", "party", "add-fg", "lemon-box", "2", "-r", "lemons", "--commit")
    party.write("catalog/finished-units/lemon-bar.yaml", party.read("catalog/finished-units/lemon-bar.yaml").replace("8}", "4}"))
    assert stale(party)["stale"] == [
        {"kind": "finished_unit", "slug": "lemon-bar", "changes": [{"field": "yield.options[0].per_batch", "old": 8, "new": 4}]}
    ]
