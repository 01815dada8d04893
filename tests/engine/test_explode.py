"""Demand explosion (domain.md, Computations 1)."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plansync.engine.explode import MAX_GOOD_DEPTH, event_demand, explode_goods, goods_demand
from plansync.errors import RefusedError
from plansync.engine.model import RecipientPackage

from .conftest import catalog, event, good, package, unit

UNITS = [unit("cookie", 48), unit("brownie", 24), unit("truffle", 30)]


def test_nested_goods_multiply_level_by_level() -> None:
    """A = 3 cookie + 2 brownie + 1 x B, B = 2 cookie; 10 x A -> cookie 50, brownie 20."""
    cat = catalog(*UNITS, good("a", {"cookie": 3, "brownie": 2}, goods={"b": 1}), good("b", {"cookie": 2}))
    demand = explode_goods(cat, {"a": Fraction(10)})
    assert demand.finished_units == {"brownie": 20, "cookie": 50}


def test_repeated_units_merge_across_goods() -> None:
    """50 x (6 cookie, 3 brownie) + 25 x (12 cookie, 6 truffle) -> 600 / 150 / 150."""
    cat = catalog(*UNITS, good("bag", {"cookie": 6, "brownie": 3}), good("tin", {"cookie": 12, "truffle": 6}))
    demand = event_demand(cat, event(goods={"bag": 50, "tin": 25}))
    assert demand.finished_units == {"brownie": 150, "cookie": 600, "truffle": 150}
    assert list(demand.finished_units) == ["brownie", "cookie", "truffle"]


def test_shared_sub_good_counts_once_per_use() -> None:
    cat = catalog(
        *UNITS,
        good("sampler", {"truffle": 2}),
        good("box", {"cookie": 1}, goods={"sampler": 2}),
        good("basket", goods={"sampler": 1, "box": 1}),
    )
    assert explode_goods(cat, {"basket": Fraction(1)}).finished_units == {"cookie": 1, "truffle": 6}


def test_materials_are_collected_separately() -> None:
    cat = catalog(*UNITS, good("bag", {"cookie": 6}, materials={"red-ribbon": 1}), good("tower", goods={"bag": 3}))
    demand = explode_goods(cat, {"tower": Fraction(4), "bag": Fraction(2)})
    assert demand.material_units == {"red-ribbon": 14}
    assert demand.finished_units == {"cookie": 84}


def test_fractional_component_is_never_truncated() -> None:
    cat = catalog(*UNITS, good("half-dozen", {"cookie": 1.5}))
    assert explode_goods(cat, {"half-dozen": Fraction(3)}).finished_units == {"cookie": Fraction(9, 2)}


def test_recipient_packages_add_to_listed_goods() -> None:
    """package contents x package quantity x recipient-package quantity."""
    cat = catalog(*UNITS, good("bag", {"cookie": 6}), package("tin", {"bag": 2}))
    ev = event(goods={"bag": 10}, recipients=[RecipientPackage("aunt-mary", "tin", 3)])
    assert goods_demand(cat, ev) == {"bag": 16}
    assert event_demand(cat, ev).finished_units == {"cookie": 96}


def test_bulk_count_reads_finished_units_directly() -> None:
    cat = catalog(*UNITS, good("bag", {"cookie": 6}))
    ev = event(units={"cookie": 120, "truffle": 10}, goods={"bag": 5}, mode="bulk_count")
    assert event_demand(cat, ev).finished_units == {"cookie": 120, "truffle": 10}


def test_cycle_is_refused_naming_the_path() -> None:
    cat = catalog(*UNITS, good("holiday-box", goods={"sampler": 1}), good("sampler", goods={"holiday-box": 1}))
    with pytest.raises(RefusedError, match="holiday-box -> sampler -> holiday-box"):
        explode_goods(cat, {"holiday-box": Fraction(1)})


def _chain(length: int) -> list:
    goods = [good(f"g{i}", goods={f"g{i + 1}": 1}) for i in range(1, length)]
    return [*goods, good(f"g{length}", {"cookie": 1})]


def test_ten_levels_are_fine_eleven_are_refused() -> None:
    # 11 goods in a chain nest 10 levels below the top one.
    assert explode_goods(catalog(*UNITS, *_chain(MAX_GOOD_DEPTH + 1)), {"g1": Fraction(2)}).finished_units == {"cookie": 2}
    with pytest.raises(RefusedError, match="deeper than 10"):
        explode_goods(catalog(*UNITS, *_chain(MAX_GOOD_DEPTH + 2)), {"g1": Fraction(1)})


def test_depth_is_checked_for_a_memoised_sub_good_reached_deeper() -> None:
    # h1..h6 is walked first right under "top" (7 goods: fine) and memoised,
    # then reached again below p1..p5: top + 5 + 6 = 12 goods, 11 levels.
    inner = [good(f"h{i}", goods={f"h{i + 1}": 1}) for i in range(1, 6)] + [good("h6", {"cookie": 1})]
    outer = [good(f"p{i}", goods={f"p{i + 1}": 1}) for i in range(1, 5)] + [good("p5", goods={"h1": 1})]
    ok = catalog(*UNITS, *inner, *outer[1:], good("p1", goods={"h1": 1}), good("top", goods={"h1": 1, "p1": 1}))
    assert explode_goods(ok, {"top": Fraction(1)}).finished_units == {"cookie": 2}
    deep = catalog(*UNITS, *inner, *outer, good("top", goods={"h1": 1, "p1": 1}))
    with pytest.raises(RefusedError, match=r"deeper than 10 levels: top -> p1 -> p2 -> p3 -> p4 -> p5 -> h1 -> \.\.\."):
        explode_goods(deep, {"top": Fraction(1)})


def test_unknown_references_are_refused_by_name() -> None:
    with pytest.raises(RefusedError, match="'mystery-bag'"):
        event_demand(catalog(*UNITS), event(goods={"mystery-bag": 1}))
    with pytest.raises(RefusedError, match="'ghost-cookie'"):
        explode_goods(catalog(good("bag", {"ghost-cookie": 1})), {"bag": Fraction(1)})
    with pytest.raises(RefusedError, match="'ghost-cookie'"):
        event_demand(catalog(*UNITS), event(units={"ghost-cookie": 1}))


UNIT_SLUGS = ["cookie", "brownie", "truffle"]
recipes = st.dictionaries(st.sampled_from(UNIT_SLUGS), st.fractions(min_value=Fraction(1, 4), max_value=12), min_size=1)


@settings(deadline=None)
@given(st.lists(st.tuples(recipes, st.integers(min_value=1, max_value=500)), min_size=1, max_size=5))
def test_explosion_conserves_units(goods_spec: list) -> None:
    """Every unit equals sum over goods of component quantity x good quantity."""
    goods = [good(f"good-{i}", components) for i, (components, _) in enumerate(goods_spec)]
    wanted = {f"good-{i}": Fraction(qty) for i, (_, qty) in enumerate(goods_spec)}
    demand = explode_goods(catalog(*UNITS, *goods), wanted)
    for slug in UNIT_SLUGS:
        expected = sum((c.get(slug, 0) * q for c, q in goods_spec), Fraction(0))
        assert demand.finished_units.get(slug, Fraction(0)) == expected
