"""The shopping list (domain.md, Computations 3)."""

from __future__ import annotations

from fractions import Fraction

import pytest

from plansync.engine import compute_plan, compute_shopping
from plansync.errors import RefusedError

from .conftest import catalog, decide, event, ingredient, prun, recipe, stock, unit

COOKIE = unit("chocolate-chip-cookie", 48, recipe="chocolate-chip-cookies")
COOKIE_RECIPE = recipe("chocolate-chip-cookies", ("flour", 2, "cup"), ("sugar", 1, "cup"))
SEVEN_BATCHES = event(units={"chocolate-chip-cookie": 300})  # 300 @ 48 -> 7 batches


def _items(result) -> dict:  # type: ignore[no-untyped-def]
    return {(i.ingredient, i.unit): i for i in result.items}


def test_flour_need_14_have_10_buy_4_and_sugar_sufficient() -> None:
    cat = catalog(COOKIE, COOKIE_RECIPE, inventory=[stock("ingredient", "flour", 10, "cup"),
                                                    stock("ingredient", "sugar", 8, "cups")])  # fmt: skip
    result = compute_shopping(cat, SEVEN_BATCHES)
    assert result.to_json() == {
        "items": [
            {"ingredient": "flour", "unit": "cup", "need": 14, "have": 10, "buy": 4, "status": "buy"},
            {"ingredient": "sugar", "unit": "cup", "need": 7, "have": 8, "buy": 0, "status": "sufficient"},
        ],
        "warnings": [],
    }


def test_two_cups_times_three_batches_is_six_cups() -> None:
    cat = catalog(unit("sugar-cookie", 24, recipe="sugar-cookies"), recipe("sugar-cookies", ("flour", 2, "cup")))
    result = compute_shopping(cat, event(units={"sugar-cookie": 72}))
    assert [(i.ingredient, i.unit, i.need, i.buy) for i in result.items] == [("flour", "cup", 6, 6)]


def test_aggregate_across_recipes_is_seven_cups() -> None:
    """Recipe A 2 cup x 2 batches + recipe B 1 cup x 3 batches -> 7 cup."""
    cat = catalog(
        unit("a-cookie", 10, recipe="a"), recipe("a", ("flour", 2, "cup")),
        unit("b-cookie", 10, recipe="b"), recipe("b", ("flour", 1, "cups")),
    )  # fmt: skip
    result = compute_shopping(cat, event(units={"a-cookie": 20, "b-cookie": 30}))
    assert [(i.ingredient, i.unit, i.need) for i in result.items] == [("flour", "cup", 7)]


def test_cups_and_tablespoons_are_one_line() -> None:
    cat = catalog(
        unit("a-cookie", 10, recipe="a"), recipe("a", ("butter", 1, "cup")),
        unit("b-cookie", 10, recipe="b"), recipe("b", ("butter", 4, "Tablespoons")),
        unit("c-cookie", 10, recipe="c"), recipe("c", ("butter", 0.5, "cups")),
    )  # fmt: skip
    result = compute_shopping(cat, event(units={"a-cookie": 10, "b-cookie": 20, "c-cookie": 10}))
    # 1 cup + 2 x 4 tbsp (1/2 cup) + 1/2 cup; cup is used by two lines, tbsp by one.
    assert [(i.ingredient, i.unit, i.need) for i in result.items] == [("butter", "cup", Fraction(2))]
    assert result.warnings == ()


def test_a_pound_of_flour_counts_against_cups_through_density() -> None:
    cat = catalog(
        ingredient("flour", "1 cup = 4.25 oz"), unit("bread", 1, recipe="bread"), recipe("bread", ("flour", 4, "cup")),
        inventory=[stock("ingredient", "flour", 1, "pound")],
    )  # fmt: skip
    [item] = compute_shopping(cat, event(units={"bread": 1})).items
    assert (item.unit, item.need, item.have) == ("cup", 4, Fraction(64, 17))  # 16 oz / 4.25 oz per cup
    assert item.buy == Fraction(4, 17) and item.status == "buy"
    assert item.to_json()["have"] == 3.7647 and item.to_json()["buy"] == 0.2353


def test_production_aware_subtracts_recorded_batches() -> None:
    """10 batches x 100 g, 7 produced, 200 g in stock -> need 300 g, buy 100 g."""
    cat = catalog(
        unit("shortbread", 10, recipe="shortbread"), recipe("shortbread", ("butter", 100, "g")),
        inventory=[stock("ingredient", "butter", 200, "g")],
    )  # fmt: skip
    ev = event(units={"shortbread": 100})
    runs = [prun("shortbread", 4, 40), prun("shortbread", 3, 30), prun("shortbread", 5, 50, event="other"),
            prun("shortbread", 2, 20, event=None)]  # fmt: skip
    [item] = compute_shopping(cat, ev, production_aware=True, runs=runs).items
    assert (item.need, item.have, item.buy, item.unit) == (300, 200, 100, "g")
    [whole] = compute_shopping(cat, ev, runs=runs).items
    assert (whole.need, whole.buy) == (1000, 800)


def test_production_aware_never_goes_below_zero() -> None:
    cat = catalog(unit("shortbread", 10, recipe="shortbread"), recipe("shortbread", ("butter", 100, "g")))
    result = compute_shopping(cat, event(units={"shortbread": 20}), production_aware=True, runs=[prun("shortbread", 5)])
    assert result.items == ()


def test_volume_and_mass_without_density_stay_separate_with_a_warning() -> None:
    cat = catalog(
        unit("a-cookie", 10, recipe="a"), recipe("a", ("cocoa", 1, "cup"), ("egg", 2, "each")),
        unit("b-cookie", 10, recipe="b"), recipe("b", ("cocoa", 50, "grams"), ("egg", 1, "large")),
    )  # fmt: skip
    result = compute_shopping(cat, event(units={"a-cookie": 10, "b-cookie": 10}))
    assert [(i.ingredient, i.unit, i.need) for i in result.items] == [
        ("cocoa", "cup", 1), ("cocoa", "g", 50), ("egg", "each", 2), ("egg", "large", 1),
    ]  # fmt: skip
    assert len(result.warnings) == 2
    assert "cocoa" in result.warnings[0] and "egg" in result.warnings[1]


def test_volume_and_mass_merge_with_density_into_the_most_used_unit() -> None:
    cat = catalog(
        ingredient("sugar", "1 cup = 200 g"),
        unit("a-cookie", 10, recipe="a"), recipe("a", ("sugar", 100, "g")),
        unit("b-cookie", 10, recipe="b"), recipe("b", ("sugar", 1, "cup")),
        unit("c-cookie", 10, recipe="c"), recipe("c", ("sugar", 0.5, "kg")),
        inventory=[stock("ingredient", "sugar", 1, "cup")],
    )  # fmt: skip
    result = compute_shopping(cat, event(units={"a-cookie": 10, "b-cookie": 10, "c-cookie": 10}))
    assert [(i.unit, i.need, i.have, i.buy) for i in result.items] == [("g", 800, 200, 600)]


def test_sub_recipes_and_batch_multipliers_expand() -> None:
    cat = catalog(
        unit("cookie", 48, 96, recipe="cookies", multipliers=[1, 2]),
        recipe("cookies", ("chips", 1, "cup"), subs={"dough": 2}),
        recipe("dough", ("flour", 1, "cup"), subs={"butter-base": 0.5}),
        recipe("butter-base", ("butter", 100, "g")),
    )  # fmt: skip
    # 96 cookies at threshold 0: 1 batch of the 96 option = 2 recipe batches.
    plan = compute_plan(cat, event(units={"cookie": 96}), 0)
    assert plan.batches[0].batch_multiplier == 2 and plan.batches[0].batches == 1
    result = compute_shopping(cat, event(units={"cookie": 96}), plan=plan)
    assert [(i.ingredient, i.need) for i in result.items] == [("butter", 200), ("chips", 2), ("flour", 4)]


def test_decisions_drive_the_need() -> None:
    cat = catalog(COOKIE, COOKIE_RECIPE)
    ev = event(units={"chocolate-chip-cookie": 300}, decisions=[decide("chocolate-chip-cookie", 8)])
    assert _items(compute_shopping(cat, ev))[("flour", "cup")].need == 16


def test_inventory_in_an_unconvertible_unit_is_warned_not_counted() -> None:
    cat = catalog(COOKIE, COOKIE_RECIPE, inventory=[stock("ingredient", "flour", 1, "bag")])
    result = compute_shopping(cat, SEVEN_BATCHES)
    assert _items(result)[("flour", "cup")].have == 0
    assert any("flour" in w and "bag" in w for w in result.warnings)


def test_every_inventory_line_of_the_ingredient_counts_once_and_no_other_line() -> None:
    inventory = [
        stock("ingredient", "flour", 2, "cup"), stock("ingredient", "sugar", 1, "cup"),
        stock("material", "flour", 5, "cup"), stock("ingredient", "flour", 3, "cup"),
    ]  # fmt: skip
    result = compute_shopping(catalog(COOKIE, COOKIE_RECIPE, inventory=inventory), SEVEN_BATCHES)
    assert _items(result)[("flour", "cup")].have == 5


def test_unknown_recipe_or_ingredient_is_refused() -> None:
    with pytest.raises(RefusedError, match="'chocolate-chip-cookies'"):
        compute_shopping(catalog(COOKIE), SEVEN_BATCHES)
    bad = catalog(COOKIE, COOKIE_RECIPE)
    bad.ingredients.pop("sugar")
    with pytest.raises(RefusedError, match="'sugar'"):
        compute_shopping(bad, SEVEN_BATCHES)


def test_sub_recipe_cycles_and_depth_are_refused() -> None:
    cycle = catalog(COOKIE, recipe("chocolate-chip-cookies", subs={"x": 1}), recipe("x", subs={"chocolate-chip-cookies": 1}))
    with pytest.raises(RefusedError, match="chocolate-chip-cookies -> x -> chocolate-chip-cookies"):
        compute_shopping(cycle, SEVEN_BATCHES)
    chain = [recipe("chocolate-chip-cookies", subs={"r1": 1})] + [recipe(f"r{i}", subs={f"r{i + 1}": 1}) for i in (1, 2)]
    ok = catalog(COOKIE, *chain, recipe("r3", ("flour", 1, "cup")))
    assert compute_shopping(ok, SEVEN_BATCHES).items[0].need == 7
    too_deep = catalog(COOKIE, *chain, recipe("r3", subs={"r4": 1}), recipe("r4", ("flour", 1, "cup")))
    with pytest.raises(RefusedError, match="deeper than 3"):
        compute_shopping(too_deep, SEVEN_BATCHES)
