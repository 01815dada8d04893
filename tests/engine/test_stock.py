"""Derived stock and FIFO run costs (domain.md, Packaging, stock, purchases and costs)."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from plansync.engine.stock import NEGATIVE_STOCK, compute_stock

from .conftest import assembled, baked, bought, catalog, counted, good, ingredient, product, recipe, supply, unit

BUTTER = ingredient("butter", "1 cup = 8 oz")
BUTTER_1LB = product("butter-1lb", "butter", 1, "lb", 4.50)
COOKIE = unit("cookie", 10, recipe="cookies")


def _butter_history(unit_cost: float | None = 4.00, price: float | None = 18.00):  # type: ignore[no-untyped-def]
    cat = catalog(
        BUTTER, BUTTER_1LB, COOKIE,
        recipe("cookies", ("butter", 3, "cup")), recipe("shortbread", ("butter", 2, "lb")),
        unit("shortbread", 10, recipe="shortbread"),
        inventory=[counted("ingredient", "butter", 2, "lb", unit_cost, as_of="2026-12-01")],
        purchases=[bought(1, "2026-12-03T10:00:00Z", "butter-1lb", 4, price)],
    )  # fmt: skip
    runs = [baked(1, "2026-12-05T09:00:00Z", "cookie", 1, "cookies", 10),
            baked(2, "2026-12-06T09:00:00Z", "shortbread", 1, "shortbread", 10)]  # fmt: skip
    return compute_stock(cat, runs)


def test_butter_worked_example_stock_and_fifo_costs() -> None:
    """2 lb counted at 4.00/lb, 4 x 1 lb bought for 18.00, runs use 1.5 lb then
    2 lb -> 4.5 lb after run 1, 2.5 lb left worth 11.25; runs cost 6.00 and 8.75."""
    result = _butter_history()
    butter = result.item("ingredient", "butter")
    assert butter is not None
    assert (butter.unit, butter.counted, butter.bought, butter.used, butter.on_hand) == ("lb", 2, 4, Fraction(7, 2), Fraction(5, 2))
    assert [run.cost for run in result.runs] == [Fraction(6), Fraction(875, 100)]
    assert butter.value == Fraction(1125, 100)
    assert butter.to_json()["value"] == 11.25 and butter.to_json()["on_hand"] == 2.5
    assert [(lot.source, lot.quantity, lot.unit_cost) for lot in butter.lots] == [("purchase 1", Fraction(5, 2), Fraction(9, 2))]
    assert result.actual_cost("ev") == Fraction(1475, 100)
    assert result.warnings == ()


def test_after_the_first_run_four_and_a_half_pounds_remain() -> None:
    result = _butter_history()
    first = compute_stock(
        catalog(BUTTER, BUTTER_1LB, COOKIE, recipe("cookies", ("butter", 3, "cup")),
                inventory=[counted("ingredient", "butter", 2, "lb", 4.00, as_of="2026-12-01")],
                purchases=[bought(1, "2026-12-03T10:00:00Z", "butter-1lb", 4, 18.00)]),
        [baked(1, "2026-12-05T09:00:00Z", "cookie", 1, "cookies", 10)],
    )  # fmt: skip
    assert first.item("ingredient", "butter").on_hand == Fraction(9, 2)  # type: ignore[union-attr]
    assert first.runs[0].cost == 6 and result.runs[0].cost == 6


def test_a_lot_of_unknown_cost_makes_the_run_cost_unknown_not_zero() -> None:
    result = _butter_history(unit_cost=None)
    assert [run.cost for run in result.runs] == [None, None]
    assert result.actual_cost("ev") is None
    assert result.item("ingredient", "butter").value == Fraction(1125, 100)  # type: ignore[union-attr]


def test_a_purchase_without_price_is_priced_at_the_product_price() -> None:
    result = _butter_history(price=None)
    assert result.runs[1].cost == Fraction(875, 100)  # 0.5 x 4.00 + 1.5 x 4.50 (product price)


def test_without_as_of_nothing_moves_the_counted_stock() -> None:
    cat = catalog(
        BUTTER, BUTTER_1LB, COOKIE, recipe("cookies", ("butter", 3, "cup")),
        inventory=[counted("ingredient", "butter", 2, "lb", 4)],
        purchases=[bought(1, "2026-12-03T10:00:00Z", "butter-1lb", 4, 18)],
    )  # fmt: skip
    result = compute_stock(cat, [baked(1, "2026-12-05T09:00:00Z", "cookie", 1, "cookies", 10)])
    butter = result.item("ingredient", "butter")
    assert butter is not None and (butter.on_hand, butter.bought, butter.used) == (2, 0, 0)
    assert [(r.seq, r.moved, r.cost) for r in result.runs] == [(1, False, None)]
    assert result.as_of is None and result.to_json()["as_of"] is None


def test_purchases_and_runs_before_as_of_are_already_in_the_count() -> None:
    cat = catalog(
        BUTTER, BUTTER_1LB, COOKIE, recipe("cookies", ("butter", 3, "cup")),
        inventory=[counted("ingredient", "butter", 2, "lb", 4, as_of="2026-12-04T00:00:00Z")],
        purchases=[bought(1, "2026-12-03T10:00:00Z", "butter-1lb", 4, 18)],
    )  # fmt: skip
    result = compute_stock(cat, [baked(1, "2026-12-03T12:00:00Z", "cookie", 1, "cookies", 10)])
    assert result.item("ingredient", "butter").on_hand == 2  # type: ignore[union-attr]


def test_negative_stock_is_a_warning_never_a_refusal() -> None:
    cat = catalog(
        BUTTER, COOKIE, recipe("cookies", ("butter", 3, "cup")),
        inventory=[counted("ingredient", "butter", 1, "lb", 4, as_of="2026-12-01")],
    )  # fmt: skip
    result = compute_stock(cat, [baked(1, "2026-12-05T09:00:00Z", "cookie", 1, "cookies", 10)])
    butter = result.item("ingredient", "butter")
    assert butter is not None and butter.on_hand == Fraction(-1, 2)
    assert result.runs[0].cost is None
    assert len(result.warnings) == 1 and result.warnings[0].startswith(NEGATIVE_STOCK)
    assert "record the purchase" in result.warnings[0]
    [line] = [i for i in result.as_inventory() if i.kind == "ingredient"]
    assert (line.ref, line.quantity, line.unit) == ("butter", 0, "lb")  # Have on a shopping list is max(0, stock)


def test_production_makes_units_and_assembly_uses_units_and_materials() -> None:
    bag = good("gift-bag", {"cookie": 6}, materials={"cello": 1})
    cat = catalog(
        BUTTER, COOKIE, recipe("cookies", ("butter", 1, "lb")), bag, supply("cello"),
        inventory=[counted("ingredient", "butter", 2, "lb", 4, as_of="2026-12-01"),
                   counted("material", "cello", 25, None, "0.12")],
    )  # fmt: skip
    result = compute_stock(
        cat, [baked(1, "2026-12-05T09:00:00Z", "cookie", 2, "cookies", 10)],
        [assembled(1, "2026-12-06T09:00:00Z", "gift-bag", 3)],
    )  # fmt: skip
    cookies = result.item("finished_unit", "cookie")
    assert cookies is not None and (cookies.produced, cookies.used, cookies.on_hand) == (20, 18, 2)
    assert result.item("material", "cello").on_hand == 22  # type: ignore[union-attr]
    assert result.item("finished_good", "gift-bag").on_hand == 3  # type: ignore[union-attr]
    production, assembly = result.runs
    assert production.cost == 8  # 2 lb at 4.00
    assert assembly.cost == Fraction(18, 20) * 8 + 3 * Fraction("0.12")
    # The event's actual cost never counts the cookies twice: butter 8.00 + bags 0.36.
    assert result.actual_cost("ev") == Fraction("8.36")


AMOUNTS = st.integers(min_value=0, max_value=40)


@settings(max_examples=60, deadline=None)
@given(
    count=AMOUNTS,
    buys=st.lists(st.tuples(st.integers(1, 5), st.one_of(st.none(), st.integers(1, 3000))), max_size=4),
    uses=st.lists(st.integers(1, 6), max_size=5),
)
def test_stock_is_conserved_and_fifo_never_prices_more_than_was_bought(count: int, buys: list, uses: list) -> None:
    """count + bought - used + produced = on hand = what the lots hold minus
    any hole; a run's cost never exceeds what the lots it drew on cost."""
    cat = catalog(
        BUTTER, BUTTER_1LB, COOKIE, recipe("cookies", ("butter", 1, "cup")),
        inventory=[counted("ingredient", "butter", count, "oz", "0.25", as_of="2026-12-01")],
        purchases=[bought(i + 1, f"2026-12-0{2 + i}T08:00:00Z", "butter-1lb", n, None if p is None else Fraction(p, 100))
                   for i, (n, p) in enumerate(buys)],
    )  # fmt: skip
    runs = [baked(i + 1, f"2026-12-{10 + i}T08:00:00Z", "cookie", n, "cookies", 10) for i, n in enumerate(uses)]
    result = compute_stock(cat, runs)
    for item in result.items:
        assert item.counted + item.bought - item.used + item.produced == item.on_hand
        held = sum((lot.quantity for lot in item.lots), Fraction(0))
        assert held == max(Fraction(0), item.on_hand) or (item.on_hand < 0 and held == 0)
    butter = result.item("ingredient", "butter")
    assert butter is not None and butter.unit == "oz"
    spent = Fraction(count, 4) + sum((Fraction(p, 100) if p is not None else Fraction(9, 2) * n for n, p in buys), Fraction(0))
    priced = [run.cost for run in result.runs if run.cost is not None]
    assert sum(priced, Fraction(0)) + (butter.value or 0) <= spent
    for run in result.runs:
        assert run.cost is None or isinstance(run.cost, Fraction)
