"""compute_plan and its JSON (design.md, `plan EVENT`)."""

from __future__ import annotations

import json
from fractions import Fraction

import pytest

from plansync.engine import compute_plan
from plansync.errors import RefusedError

from .conftest import catalog, decide, event, good, portion, unit

CATALOG = catalog(
    unit("chocolate-chip-cookie", 24, 48, 96, recipe="chocolate-chip-cookies"),
    unit("brownie", 24, recipe="brownies"),
    portion("half-cake", 50, recipe="vanilla-cake"),
    good("holiday-gift-bag", {"chocolate-chip-cookie": 6, "brownie": 3}, materials={"red-ribbon-6in": 1}),
)


def test_fifty_gift_bags() -> None:
    plan = compute_plan(CATALOG, event(goods={"holiday-gift-bag": 50}))
    assert plan.to_json() == {
        "batches": [
            {"finished_unit": "brownie", "recipe": "brownies", "needed": 150, "per_batch": 24,
             "batch_multiplier": 1, "batches": 7, "total_yield": 168, "extra": 18, "waste_pct": 12,
             "decision": "computed"},
            {"finished_unit": "chocolate-chip-cookie", "recipe": "chocolate-chip-cookies", "needed": 300,
             "per_batch": 48, "batch_multiplier": 1, "batches": 7, "total_yield": 336, "extra": 36,
             "waste_pct": 12, "decision": "computed"},
        ],
        "materials": [{"material_unit": "red-ribbon-6in", "quantity": 50}],
        "warnings": [],
    }  # fmt: skip


def test_json_numbers_are_numbers_rounded_sensibly() -> None:
    plan = compute_plan(CATALOG, event(units={"chocolate-chip-cookie": 49, "half-cake": 3}, mode="bulk_count"))
    data = json.loads(json.dumps(plan.to_json()))
    cookie = next(b for b in data["batches"] if b["finished_unit"] == "chocolate-chip-cookie")
    assert cookie["waste_pct"] == 46.94 and isinstance(cookie["extra"], int)
    cake = next(b for b in data["batches"] if b["finished_unit"] == "half-cake")
    assert (cake["per_batch"], cake["batches"], cake["total_yield"], cake["waste_pct"]) == (2, 2, 4, 33.33)
    assert [b["finished_unit"] for b in data["batches"]] == ["chocolate-chip-cookie", "half-cake"]
    assert "chocolate-chip-cookie" in data["warnings"][0]


def test_override_is_reported_as_such() -> None:
    ev = event(goods={"holiday-gift-bag": 50}, decisions=[decide("chocolate-chip-cookie", 8)])
    line = compute_plan(CATALOG, ev).to_json()["batches"][1]
    assert (line["decision"], line["batches"], line["total_yield"], line["extra"]) == ("override", 8, 384, 84)


def test_shortfall_decision_is_a_warning_and_listed() -> None:
    ev = event(goods={"holiday-gift-bag": 50}, decisions=[decide("chocolate-chip-cookie", 6)])
    plan = compute_plan(CATALOG, ev)
    assert [s.finished_unit for s in plan.unaccepted_shortfalls] == ["chocolate-chip-cookie"]
    assert any("add accept_shortfall: true" in w for w in plan.warnings)
    accepted = event(goods={"holiday-gift-bag": 50}, decisions=[decide("chocolate-chip-cookie", 6, True)])
    plan = compute_plan(CATALOG, accepted)
    assert plan.unaccepted_shortfalls == () and len(plan.shortfalls) == 1


def test_decision_for_an_unplanned_unit_is_kept_and_noted() -> None:
    plan = compute_plan(CATALOG, event(goods={"holiday-gift-bag": 1}, decisions=[decide("half-cake", 2)]))
    cake = plan.line("half-cake")
    assert cake is not None and (cake.needed, cake.batches, cake.total_yield) == (0, 2, 4)
    assert any("half-cake" in w and "does not need" in w for w in plan.warnings)


def test_threshold_as_float_or_text_means_the_decimal() -> None:
    ev = event(units={"chocolate-chip-cookie": 300}, mode="bulk_count")
    assert compute_plan(CATALOG, ev, 0.28).line("chocolate-chip-cookie").per_batch == 96  # type: ignore[union-attr]
    assert compute_plan(CATALOG, ev, "0.27").line("chocolate-chip-cookie").per_batch == 48  # type: ignore[union-attr]


def test_goods_keep_plan_order_for_feasibility() -> None:
    cat = catalog(*CATALOG.finished_units.values(), good("zz-tin", {"brownie": 2}), *CATALOG.finished_goods.values())
    plan = compute_plan(cat, event(goods={"zz-tin": 1, "holiday-gift-bag": 2}))
    assert list(plan.goods.items()) == [("zz-tin", Fraction(1)), ("holiday-gift-bag", Fraction(2))]


def test_unknown_finished_unit_in_a_decision_is_refused() -> None:
    with pytest.raises(RefusedError, match="'ghost'"):
        compute_plan(CATALOG, event(goods={"holiday-gift-bag": 1}, decisions=[decide("ghost", 1)]))
