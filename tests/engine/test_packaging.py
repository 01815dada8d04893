"""Packaging needs and material units in feasibility."""

from __future__ import annotations

from fractions import Fraction

from plansync.engine import compute_feasibility, compute_plan
from plansync.engine.feasibility import assess
from plansync.engine.packaging import material_needs, material_pool

from .conftest import catalog, event, good, material_unit, stock, supply, unit

COOKIE = unit("cookie", 48, recipe="cookies")
CELLO = material_unit("cellophane-bag", "cellophane-bags", 1, "each")
RIBBON = material_unit("red-ribbon-6in", "red-satin-ribbon", 6, "inch")


def _needs(cat, ev):  # type: ignore[no-untyped-def]
    plan = compute_plan(cat, ev)
    return material_needs(cat, {line.material_unit: line.quantity for line in plan.materials})


def test_54_gift_bags_need_54_cellophane_bags_have_25_buy_29() -> None:
    cat = catalog(
        COOKIE, supply("cellophane-bags"), CELLO, good("gift-bag", {"cookie": 6}, materials={"cellophane-bag": 1}),
        inventory=[stock("material", "cellophane-bags", 25)],
    )  # fmt: skip
    (line,), warnings = _needs(cat, event(goods={"gift-bag": 54}))
    assert (line.material, line.need, line.have, line.buy, line.status) == ("cellophane-bags", 54, 25, 29, "buy")
    assert line.to_json() == {"kind": "material", "material": "cellophane-bags", "unit": "each", "need": 54,
                              "have": 25, "buy": 29, "status": "buy"}  # fmt: skip
    assert warnings == ()


def test_92_six_inch_ribbons_are_552_inch_with_120_on_the_spool_buy_432() -> None:
    cat = catalog(
        COOKIE, supply("red-satin-ribbon", "inch"), RIBBON, good("gift-bag", {"cookie": 6}, materials={"red-ribbon-6in": 1}),
        inventory=[stock("material", "red-satin-ribbon", 120, "inches")],
    )  # fmt: skip
    (line,), _ = _needs(cat, event(goods={"gift-bag": 92}))
    assert (line.unit, line.need, line.have, line.buy) == ("inch", 552, 120, 432)


def test_material_units_of_one_material_share_its_line() -> None:
    long_ribbon = material_unit("red-ribbon-12in", "red-satin-ribbon", 12, "inch")
    cat = catalog(
        COOKIE, supply("red-satin-ribbon", "inch"), RIBBON, long_ribbon,
        good("bag", {"cookie": 6}, materials={"red-ribbon-6in": 1}),
        good("tin", {"cookie": 12}, materials={"red-ribbon-12in": 2}),
    )  # fmt: skip
    (line,), _ = _needs(cat, event(goods={"bag": 10, "tin": 5}))
    assert (line.material, line.need) == ("red-satin-ribbon", 60 + 120)


def test_feasibility_names_the_short_material_unit() -> None:
    cat = catalog(
        COOKIE, supply("red-satin-ribbon", "inch"), RIBBON, good("gift-bag", {"cookie": 1}, materials={"red-ribbon-6in": 1}),
        inventory=[stock("material", "red-satin-ribbon", 120, "inch")],
    )  # fmt: skip
    ev = event(goods={"gift-bag": 24})
    result = compute_feasibility(cat, ev, material_stock=material_pool(cat))
    [bag] = result.finished_goods
    assert (bag.can_assemble, bag.status) == (20, "partial")
    assert bag.summary() == "20 of 24 (need 4 more red ribbon 6in)"
    assert [s.to_json() for s in bag.shortfalls] == [
        {"material_unit": "red-ribbon-6in", "needed": 24, "available": 20, "short": 4}
    ]
    # Without material stock, packaging is assumed bought: the old result.
    assert compute_feasibility(cat, ev).status == "can_assemble"


def test_goods_draw_material_from_one_pool() -> None:
    cat = catalog(
        COOKIE, supply("red-satin-ribbon", "inch"), RIBBON,
        good("bag", {"cookie": 1}, materials={"red-ribbon-6in": 1}),
        good("box", {"cookie": 1}, materials={"red-ribbon-6in": 2}),
    )  # fmt: skip
    result = assess(cat, {"bag": Fraction(10), "box": Fraction(10)}, {"cookie": Fraction(100)},
                    materials={"red-satin-ribbon": Fraction(120)})  # fmt: skip
    by_slug = {g.finished_good: g for g in result.finished_goods}
    # 20 ribbons: the bags (first) take 10, the boxes get 5.
    assert (by_slug["bag"].can_assemble, by_slug["box"].can_assemble) == (10, 5)


def test_assembled_stock_of_a_good_needs_no_more_material() -> None:
    cat = catalog(COOKIE, supply("red-satin-ribbon", "inch"), RIBBON,
                  good("bag", {"cookie": 1}, materials={"red-ribbon-6in": 1}))  # fmt: skip
    result = assess(cat, {"bag": Fraction(10)}, {"cookie": Fraction(5)}, {"bag": Fraction(5)},
                    materials={"red-satin-ribbon": Fraction(30)})  # fmt: skip
    assert result.finished_goods[0].can_assemble == 10
