"""Shopping in packages: product choice, packages, cost, grouping."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from plansync.engine import compute_shopping
from plansync.engine.model import Supplier
from plansync.engine.packaging import MaterialNeed
from plansync.engine.purchasing import choose_product, package_size, packaged_line, shop_in_packages
from plansync.engine.shopping import ShoppingItem, ShoppingResult

from .conftest import bought, catalog, event, ingredient, product, recipe, stock, unit


def _line(cat, slug: str, unit_name: str, need, have):  # type: ignore[no-untyped-def]
    return packaged_line(cat, "ingredient", slug, unit_name, Fraction(need), Fraction(have))


def test_sugar_need_10_lb_have_3_lb_buys_two_4_lb_bags_for_7() -> None:
    cat = catalog(ingredient("sugar"), product("sugar-4lb", "sugar", 4, "lb", 3.50))
    line = _line(cat, "sugar", "lb", 10, 3)
    assert (line.buy, line.product, line.packages, line.cost) == (7, "sugar-4lb", 2, Fraction(7))
    assert line.to_json()["cost"] == 7.0


def test_flour_4_cup_is_17_oz_so_one_5_lb_bag_for_4_99() -> None:
    cat = catalog(ingredient("flour", "1 cup = 4.25 oz"), product("flour-5lb", "flour", 5, "lb", 4.99))
    line = _line(cat, "flour", "cup", 14, 10)
    assert (line.buy, line.packages, line.cost) == (4, 1, Fraction("4.99"))
    assert package_size(cat, cat.products["flour-5lb"], "oz") == 80 and 4 * Fraction("4.25") == 17


def test_the_10_lb_bag_at_0_70_per_lb_beats_the_4_lb_bag() -> None:
    cat = catalog(ingredient("sugar"), product("sugar-4lb", "sugar", 4, "lb", 3.50), product("sugar-10lb", "sugar", 10, "lb", 7))
    line = _line(cat, "sugar", "lb", 7, 0)
    assert (line.product, line.packages, line.cost) == ("sugar-10lb", 1, 7)


def test_ties_go_to_the_larger_package_then_the_slug() -> None:
    cat = catalog(ingredient("sugar"), product("b-4lb", "sugar", 4, "lb", 4), product("a-8lb", "sugar", 8, "lb", 8),
                  product("c-8lb", "sugar", 8, "lb", 8))  # fmt: skip
    assert choose_product(cat, "ingredient", "sugar", "lb").slug == "a-8lb"  # type: ignore[union-attr]


def test_the_latest_purchase_price_beats_the_list_price() -> None:
    cat = catalog(
        ingredient("sugar"), product("sugar-4lb", "sugar", 4, "lb", 3.50), product("sugar-10lb", "sugar", 10, "lb", 7),
        purchases=[bought(1, "2026-11-01T10:00:00Z", "sugar-4lb", 2, 4), bought(2, "2026-12-01T10:00:00Z", "sugar-4lb", 2, 5)],
    )  # fmt: skip
    # The 4 lb bag last cost 2.50 (0.625/lb), now cheaper than 0.70/lb.
    line = _line(cat, "sugar", "lb", 7, 0)
    assert (line.product, line.packages, line.cost) == ("sugar-4lb", 2, 5)


def test_each_product_is_priced_from_its_own_latest_purchase() -> None:
    cat = catalog(
        ingredient("sugar"), product("sugar-4lb", "sugar", 4, "lb", 3.50), product("sugar-10lb", "sugar", 10, "lb", 7),
        purchases=[
            bought(1, "2026-11-01T10:00:00Z", "sugar-10lb", 1, 5), bought(2, "2026-11-15T10:00:00Z", "sugar-4lb", 1, 1),
            bought(3, "2026-12-01T10:00:00Z", "sugar-10lb", 1, 9),
        ],
    )  # fmt: skip
    # The 10 lb bag last cost 9 (0.90/lb), the 4 lb bag 1 (0.25/lb): an
    # earlier purchase of the 10 lb bag, or the other bag's, does not count.
    line = _line(cat, "sugar", "lb", 7, 0)
    assert (line.product, line.packages, line.cost) == ("sugar-4lb", 2, 2)
    assert choose_product(cat, "ingredient", "sugar", "oz").slug == "sugar-4lb"  # type: ignore[union-attr]


def test_no_price_names_the_first_product_and_leaves_the_cost_unknown() -> None:
    cat = catalog(ingredient("sugar"), product("z-bag", "sugar", 4, "lb"), product("a-bag", "sugar", 2, "lb"))
    line = _line(cat, "sugar", "lb", 7, 0)
    assert (line.product, line.packages, line.cost, line.unknown_cost) == ("a-bag", 4, None, True)


def test_shopping_in_packages_totals_and_warns_on_unknown_prices() -> None:
    cat = catalog(
        unit("cookie", 10, recipe="cookies"), recipe("cookies", ("flour", 2, "cup"), ("sugar", 1, "lb"), ("salt", 1, "tsp")),
        ingredient("flour", "1 cup = 4.25 oz"), product("flour-5lb", "flour", 5, "lb", 4.99, supplier="costco"),
        product("sugar-4lb", "sugar", 4, "lb", 3.50, supplier="costco", aisle="baking"),
        inventory=[stock("ingredient", "salt", 1, "cup")],
    )  # fmt: skip
    shopping = compute_shopping(cat, event(units={"cookie": 30}))
    result = shop_in_packages(cat, shopping)
    # 3 batches: 6 cup flour (25.5 oz, one 5 lb bag), 3 lb sugar (one 4 lb bag); salt has no product but is covered.
    assert result.total_cost == Fraction("4.99") + Fraction("3.50")
    assert result.to_json()["total_cost"] == 8.49 and result.unknown == ()
    no_price = shop_in_packages(cat, ShoppingResult((*shopping.items, ShoppingItem("vanilla", "tsp", Fraction(3))),))
    assert no_price.total_cost is None and no_price.unknown == ("vanilla",)
    assert any("vanilla" in w for w in no_price.warnings)


def test_grouped_by_supplier_then_aisle_in_the_store_order() -> None:
    cat = catalog(
        ingredient("flour"), ingredient("butter"), ingredient("eggs"),
        product("flour-5lb", "flour", 5, "lb", 5, supplier="costco", aisle="baking"),
        product("butter-1lb", "butter", 1, "lb", 4, supplier="costco", aisle="dairy"),
        product("eggs-12", "eggs", 12, "each", 3, supplier="corner", aisle="dairy"),
        Supplier("costco", "Costco", ("produce", "dairy", "baking")),
    )  # fmt: skip
    shopping = ShoppingResult(tuple(ShoppingItem(s, u, Fraction(1)) for s, u in [("butter", "lb"), ("eggs", "each"), ("flour", "lb")]))
    extra = [MaterialNeed("ribbon", "inch", Fraction(10))]
    result = shop_in_packages(cat, shopping, extra)
    groups = [(s, a, [line.item for line in lines]) for s, a, lines in result.grouped(cat, "supplier")]
    assert groups == [("corner", "dairy", ["eggs"]), ("costco", "dairy", ["butter"]), ("costco", "baking", ["flour"]),
                      (None, None, ["ribbon"])]  # fmt: skip
    by_aisle = [(a, [line.item for line in lines]) for _s, a, lines in result.grouped(cat, "aisle")]
    assert by_aisle == [("baking", ["flour"]), ("dairy", ["butter", "eggs"]), (None, ["ribbon"])]


@settings(max_examples=80, deadline=None)
@given(
    need=st.fractions(min_value=0, max_value=500, max_denominator=16),
    have=st.fractions(min_value=0, max_value=500, max_denominator=16),
    size=st.fractions(min_value=Fraction(1, 4), max_value=50, max_denominator=8),
    unit_name=st.sampled_from(["lb", "oz", "cup", "g"]),
    price=st.one_of(st.none(), st.decimals(min_value=0, max_value=100, places=2)),
)
def test_packages_always_cover_the_buy_and_money_stays_exact(need, have, size, unit_name, price) -> None:  # type: ignore[no-untyped-def]
    cat = catalog(ingredient("flour", "1 cup = 4.25 oz"), product("flour-bag", "flour", size, "lb", None if price is None else str(price)))
    line = _line(cat, "flour", unit_name, need, have)
    held = package_size(cat, cat.products["flour-bag"], unit_name)
    assert held is not None and line.packages is not None
    assert line.packages * held >= line.buy > line.packages * held - held or line.buy == line.packages == 0
    assert line.cost is None if price is None else isinstance(line.cost, Fraction)
