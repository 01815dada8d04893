"""Assembly feasibility (domain.md, Computations 4)."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plansync.engine import compute_feasibility
from plansync.engine.explode import explode_goods
from plansync.engine.feasibility import assembly_allowed, assess
from plansync.errors import RefusedError

from .conftest import arun, catalog, decide, event, good, prun, stock, unit

TEN = unit("cookie", 10)
SINGLE = good("cookie-bag", {"cookie": 1})


@pytest.mark.parametrize("quantity", [5, 10])
def test_one_batch_of_ten_covers_five_or_ten(quantity: int) -> None:
    result = compute_feasibility(catalog(TEN, SINGLE), event(goods={"cookie-bag": quantity}))
    assert result.to_json() == {
        "status": "can_assemble",
        "finished_goods": [{"finished_good": "cookie-bag", "quantity": quantity, "can_assemble": quantity,
                            "status": "can_assemble", "shortfalls": []}],
    }  # fmt: skip


@pytest.mark.parametrize(("quantity", "batches"), [(15, 1), (25, 2)])
def test_too_few_batches_are_short_five(quantity: int, batches: int) -> None:
    ev = event(goods={"cookie-bag": quantity}, decisions=[decide("cookie", batches, accept_shortfall=True)])
    result = compute_feasibility(catalog(TEN, SINGLE), ev)
    [bag] = result.finished_goods
    assert (bag.can_assemble, bag.status, result.status) == (batches * 10, "partial", "partial")
    assert [s.to_json() for s in bag.shortfalls] == [
        {"finished_unit": "cookie", "needed": quantity, "available": batches * 10, "short": 5}
    ]


def test_parts_for_30_of_50_bags_is_partial() -> None:
    bag = good("holiday-gift-bag", {"chocolate-chip-cookie": 6, "brownie": 3})
    cat = catalog(unit("chocolate-chip-cookie", 48), unit("brownie", 24), bag)
    result = assess(cat, {"holiday-gift-bag": Fraction(50)}, {"chocolate-chip-cookie": Fraction(180), "brownie": Fraction(168)})
    [line] = result.finished_goods
    assert (line.can_assemble, line.status, result.status) == (30, "partial", "partial")
    assert line.summary() == "30 of 50 (need 120 more chocolate-chip-cookie)"
    assert [s.short for s in line.shortfalls] == [120]


def test_nothing_made_cannot_assemble() -> None:
    result = compute_feasibility(catalog(TEN, SINGLE), event(goods={"cookie-bag": 5}), produced=True)
    assert result.status == "cannot_assemble" and result.finished_goods[0].can_assemble == 0


def test_goods_sharing_a_unit_draw_from_one_pool_in_plan_order() -> None:
    cat = catalog(TEN, good("tin", {"cookie": 12}), good("bag", {"cookie": 6}))
    # 40 cookies: the tin (listed first) takes 24 for 2 tins, 16 remain: 2 bags of 3.
    result = assess(cat, {"tin": Fraction(2), "bag": Fraction(3)}, {"cookie": Fraction(40)})
    by_slug = {g.finished_good: g for g in result.finished_goods}
    assert (by_slug["tin"].can_assemble, by_slug["bag"].can_assemble) == (2, 2)
    assert by_slug["bag"].shortfalls[0].available == 16
    assert [g.finished_good for g in result.finished_goods] == ["bag", "tin"]


def test_a_partly_possible_good_leaves_the_rest_for_later_goods() -> None:
    cat = catalog(TEN, unit("brownie", 10), good("box", {"cookie": 2, "brownie": 5}), good("bag", {"cookie": 1}))
    result = assess(cat, {"box": Fraction(4), "bag": Fraction(4)}, {"cookie": Fraction(8), "brownie": Fraction(10)})
    by_slug = {g.finished_good: g for g in result.finished_goods}
    assert (by_slug["box"].can_assemble, by_slug["bag"].can_assemble) == (2, 4)


def test_nested_goods_need_their_exploded_units() -> None:
    cat = catalog(TEN, good("sampler", {"cookie": 2}), good("hamper", {"cookie": 1}, goods={"sampler": 2}))
    result = compute_feasibility(cat, event(goods={"hamper": 4}))  # 20 cookies -> 2 batches -> 20
    assert result.status == "can_assemble"
    short = assess(cat, {"hamper": Fraction(4)}, {"cookie": Fraction(19)})
    assert short.finished_goods[0].can_assemble == 3
    assert short.finished_goods[0].shortfalls[0].to_json() == {
        "finished_unit": "cookie", "needed": 20, "available": 19, "short": 1,
    }  # fmt: skip


def test_produced_mode_counts_runs_inventory_and_assembled_stock() -> None:
    cat = catalog(
        TEN, good("sampler", {"cookie": 2}), good("hamper", {"cookie": 1}, goods={"sampler": 2}),
        inventory=[stock("finished_unit", "cookie", 4), stock("finished_good", "sampler", 1)],
    )  # fmt: skip
    runs = [prun("cookie", 1, 8), prun("cookie", 1, 10, event="other"), prun("cookie", 1, 10, event=None)]
    # Pool: 8 (runs) + 4 (stock) = 12 cookies, 1 sampler. Each hamper: 1 + 2 samplers.
    # Hamper 1: sampler from stock + 1 sampler (2) + 1 = 3; then 9 left: hampers of 5 -> 1 more; 4 left.
    result = compute_feasibility(cat, event(goods={"hamper": 3}), produced=True, runs=runs)
    [hamper] = result.finished_goods
    assert (hamper.can_assemble, hamper.status) == (2, "partial")
    assert hamper.shortfalls[0].to_json() == {"finished_unit": "cookie", "needed": 13, "available": 12, "short": 1}
    # An assembly run for this event: 2 hampers made from 10 of those cookies.
    done = compute_feasibility(cat, event(goods={"hamper": 3}), produced=True, runs=runs,
                               assembly_runs=[arun("hamper", 2), arun("hamper", 9, event="other")])  # fmt: skip
    assert done.finished_goods[0].can_assemble == 2


def test_produced_mode_counts_an_assembly_run_only_as_far_as_the_units_allow() -> None:
    cat = catalog(TEN, SINGLE)
    runs = [prun("cookie", 1, 10)]  # 10 cookies make 10 bags, not the 50 recorded
    result = compute_feasibility(cat, event(goods={"cookie-bag": 50}), produced=True, runs=runs,
                                 assembly_runs=[arun("cookie-bag", 50)])  # fmt: skip
    [bag] = result.finished_goods
    assert (bag.can_assemble, bag.status) == (10, "partial")
    assert bag.shortfalls[0].to_json() == {"finished_unit": "cookie", "needed": 40, "available": 0, "short": 40}
    # A later run draws on what the earlier ones left: 10 cookies, 4 bags recorded, 6 left.
    assert assembly_allowed(cat, "ev", runs, [arun("cookie-bag", 4)], "cookie-bag", Fraction(50)) == 6
    assert assembly_allowed(cat, "ev", runs, [arun("cookie-bag", 50)], "cookie-bag", Fraction(1)) == 0
    assert assembly_allowed(cat, "ev", runs, [], "cookie-bag", Fraction(7)) == 7


def test_an_assembly_run_uses_assembled_sub_goods_before_units() -> None:
    cat = catalog(TEN, good("sampler", {"cookie": 2}), good("hamper", {"cookie": 1}, goods={"sampler": 2}))
    runs = [prun("cookie", 1, 10)]
    # 4 samplers use 8 cookies; 2 hampers use those 4 samplers and the 2 cookies left.
    assembled = [arun("sampler", 4), arun("hamper", 2)]
    assert assembly_allowed(cat, "ev", runs, assembled[:1], "hamper", Fraction(5)) == 2
    result = compute_feasibility(cat, event(goods={"hamper": 2}), produced=True, runs=runs, assembly_runs=assembled)
    assert result.status == "can_assemble"


def test_inventory_goods_count_as_assembled() -> None:
    cat = catalog(TEN, SINGLE, inventory=[stock("finished_good", "cookie-bag", 3)])
    result = compute_feasibility(cat, event(goods={"cookie-bag": 5}), produced=True, runs=[prun("cookie", 1, 2)])
    assert result.status == "can_assemble"


def test_bulk_count_has_nothing_to_assemble() -> None:
    result = compute_feasibility(catalog(TEN), event(units={"cookie": 5}))
    assert result.to_json() == {"status": "can_assemble", "finished_goods": []}


UNITS = [unit("cookie", 10), unit("brownie", 10), unit("truffle", 10)]
components = st.dictionaries(
    st.sampled_from(["cookie", "brownie", "truffle"]), st.fractions(min_value=Fraction(1, 2), max_value=8), min_size=1
)


@settings(deadline=None)
@given(
    st.lists(st.tuples(components, st.integers(min_value=1, max_value=60)), min_size=1, max_size=4),
    st.fixed_dictionaries({s: st.integers(min_value=0, max_value=300) for s in ["cookie", "brownie", "truffle"]}),
)
def test_never_assigns_more_than_the_pool_holds(spec: list, pool: dict) -> None:
    goods = [good(f"g{i}", c) for i, (c, _) in enumerate(spec)]
    cat = catalog(*UNITS, *goods)
    wanted = {f"g{i}": Fraction(q) for i, (_, q) in enumerate(spec)}
    units = {slug: Fraction(q) for slug, q in pool.items()}
    result = assess(cat, wanted, units)
    assembled = {g.finished_good: g.can_assemble for g in result.finished_goods}
    used = explode_goods(cat, assembled).finished_units
    for slug, quantity in used.items():
        assert quantity <= units[slug]
        assert result.leftover[slug] == units[slug] - quantity
    for line in result.finished_goods:
        assert 0 <= line.can_assemble <= line.quantity
        assert line.can_assemble.denominator == 1
        assert (line.status == "can_assemble") == (not line.shortfalls)


@settings(deadline=None)
@given(
    st.integers(min_value=0, max_value=40),
    st.integers(min_value=0, max_value=5),
    st.integers(min_value=0, max_value=5),
    st.integers(min_value=1, max_value=12),
    st.integers(min_value=1, max_value=12),
)
def test_stock_of_goods_never_overdraws_either_pool(
    cookies: int, samplers: int, hampers: int, want_hampers: int, want_samplers: int
) -> None:
    cat = catalog(TEN, good("sampler", {"cookie": 2}), good("hamper", {"cookie": 1}, goods={"sampler": 2}))
    stock_goods = {"sampler": Fraction(samplers), "hamper": Fraction(hampers)}
    result = assess(cat, {"hamper": Fraction(want_hampers), "sampler": Fraction(want_samplers)},
                    {"cookie": Fraction(cookies)}, stock_goods)  # fmt: skip
    assert result.leftover["cookie"] >= 0
    by_slug = {g.finished_good: g for g in result.finished_goods}
    # Brute force: the greedy hamper count is the most that fits at all.
    best = max(
        k for k in range(want_hampers + 1)
        if _cookies_for(k, hampers, samplers) <= cookies
    )  # fmt: skip
    assert by_slug["hamper"].can_assemble == best


def _cookies_for(k: int, hampers: int, samplers: int) -> int:
    built = max(0, k - hampers)
    return built + 2 * max(0, 2 * built - samplers)


def test_cycles_are_refused_even_with_stock() -> None:
    cat = catalog(TEN, good("box", goods={"tin": 1}), good("tin", goods={"box": 1}))
    with pytest.raises(RefusedError, match="box -> tin -> box"):
        assess(cat, {"box": Fraction(1)}, {"cookie": Fraction(5)}, {"tin": Fraction(0), "cookie-bag": Fraction(1)})
