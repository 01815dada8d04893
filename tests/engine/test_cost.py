"""Planned cost at replacement price and actual cost from FIFO runs."""

from __future__ import annotations

from fractions import Fraction

from plansync.engine.cost import Pricer, compute_cost
from plansync.engine.model import RecipientPackage
from plansync.engine.stock import compute_stock

from .conftest import (
    baked, catalog, counted, event, good, ingredient, material_unit, package, product, recipe, supply, unit,
)  # fmt: skip

SUGAR_COOKIE = unit("sugar-cookie", 48, recipe="sugar-cookies")
ENTITIES = (
    SUGAR_COOKIE,
    recipe("sugar-cookies", ("flour", 3, "cup"), ("sugar", 1, "cup"), ("butter", 1, "cup"), ("eggs", 2, "each")),
    ingredient("flour", "1 cup = 4.25 oz"), ingredient("sugar", "1 cup = 7 oz"), ingredient("butter", "1 cup = 8 oz"),
    product("flour-5lb", "flour", 5, "lb", 4.99), product("sugar-4lb", "sugar", 4, "lb", 3.50),
    product("butter-1lb", "butter", 1, "lb", 4.50), product("eggs-dozen", "eggs", 12, "each", 3.60),
    supply("red-satin-ribbon", "inch"), material_unit("red-ribbon-6in", "red-satin-ribbon", 6, "inch"),
    product("ribbon-spool", "red-satin-ribbon", 1800, "inch", 9.00, kind="material"),
    supply("cellophane-bags"), material_unit("cellophane-bag", "cellophane-bags", 1, "each"),
    product("cello-100", "cellophane-bags", 100, "each", 12.00, kind="material"),
    good("cookie-bag", {"sugar-cookie": 6}, materials={"red-ribbon-6in": 1, "cellophane-bag": 1}),
    package("gift", {"cookie-bag": 2}),
)  # fmt: skip


def test_a_batch_of_sugar_cookies_costs_4_02809375() -> None:
    pricer = Pricer(catalog(*ENTITIES))
    assert pricer.ingredient("flour", Fraction(1), "cup") == Fraction("0.26509375")
    assert pricer.ingredient("sugar", Fraction(1), "cup") == Fraction("0.3828125")
    assert pricer.ingredient("butter", Fraction(1), "cup") == Fraction("2.25")
    assert pricer.ingredient("eggs", Fraction(1), "each") == Fraction("0.30")
    assert pricer.recipe_batch("sugar-cookies") == Fraction("4.02809375")
    assert pricer.finished_unit("sugar-cookie") == Fraction("4.02809375") / 48  # 0.0839186...
    assert str(float(pricer.finished_unit("sugar-cookie"))).startswith("0.0839186")  # type: ignore[arg-type]


def test_a_bag_of_six_cookies_ribbon_and_cellophane_costs_0_65() -> None:
    pricer = Pricer(catalog(*ENTITIES))
    assert pricer.material_unit("red-ribbon-6in") == Fraction("0.03")
    assert pricer.material_unit("cellophane-bag") == Fraction("0.12")
    assert pricer.finished_good("cookie-bag") == Fraction("0.50351171875") + Fraction("0.03") + Fraction("0.12")
    assert pricer.finished_good("cookie-bag") == Fraction("0.65351171875")


def test_event_cost_json_rounds_each_figure_once() -> None:
    cat = catalog(*ENTITIES)
    ev = event(goods={"cookie-bag": 50}, recipients=[RecipientPackage("aunt-mary", "gift", 1)])
    result = compute_cost(cat, ev)
    # 52 bags -> 312 cookies -> 7 batches of 48 (336, extra included).
    data = result.to_json()
    assert data["batches"] == [{"finished_unit": "sugar-cookie", "recipe": "sugar-cookies", "batches": 7,
                                "batch_cost": 4.03, "unit_cost": 0.08}]  # fmt: skip
    assert data["finished_goods"] == [{"finished_good": "cookie-bag", "quantity": 52, "unit_cost": 0.65, "cost": 33.98}]
    assert data["packages"] == [{"package": "gift", "unit_cost": 1.31}]
    assert result.ingredients == 7 * Fraction("4.02809375")  # 28.19665625
    assert result.packaging == 52 * Fraction("0.15")  # 7.80
    assert result.planned_total == Fraction("28.19665625") + Fraction("7.8")
    assert (data["ingredients"], data["packaging"], data["planned_total"]) == (28.2, 7.8, 36.0)
    assert data["actual_total"] is None and data["unknown"] == [] and data["currency"] == "USD"
    for value in (result.ingredients, result.packaging, result.planned_total, *(b.batch_cost for b in result.batches)):
        assert isinstance(value, Fraction)


def test_unknown_prices_are_listed_and_make_their_totals_unknown() -> None:
    cat = catalog(*[e for e in ENTITIES if getattr(e, "slug", "") not in ("eggs-dozen", "cello-100")])
    result = compute_cost(cat, event(goods={"cookie-bag": 10}))
    data = result.to_json()
    assert data["unknown"] == ["cellophane-bags", "eggs"]
    assert data["batches"][0]["batch_cost"] is None and data["planned_total"] is None
    assert data["finished_goods"][0]["unit_cost"] is None and len(data["warnings"]) == 2


def test_actual_cost_sums_the_fifo_cost_of_the_events_runs() -> None:
    cat = catalog(
        unit("shortbread", 10, recipe="shortbread"), recipe("shortbread", ("butter", 2, "lb")),
        inventory=[counted("ingredient", "butter", 2, "lb", 4, as_of="2026-12-01")],
    )  # fmt: skip
    runs = [baked(1, "2026-12-05T09:00:00Z", "shortbread", 1, "shortbread", 10)]
    ev = event(units={"shortbread": 10})
    result = compute_cost(cat, ev, stock=compute_stock(cat, runs))
    assert result.actual_total == 8 and result.to_json()["actual_total"] == 8.0
