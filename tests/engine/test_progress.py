"""Progress (domain.md, Computations 5)."""

from __future__ import annotations

from fractions import Fraction

from plansync.engine import compute_plan, compute_progress
from plansync.engine.progress import Tally, unfinished_work
from plansync.engine.model import RecipientPackage

from .conftest import arun, catalog, decide, event, good, package, prun, unit

CAT = catalog(unit("cookie", 48), unit("brownie", 24), good("gift-bag", {"cookie": 6}), good("tin", {"brownie": 6}))


def test_four_of_seven_batches_is_57_14() -> None:
    ev = event(goods={"gift-bag": 50})  # 300 cookies -> 7 batches
    result = compute_progress(CAT, ev, [prun("cookie", 3), prun("cookie", 1)])
    assert result.to_json()["production"] == [
        {"finished_unit": "cookie", "target_batches": 7, "produced_batches": 4, "pct": 57.14, "remaining": 3,
         "complete": False},
    ]  # fmt: skip
    assert result.status == "in_progress"


def test_percentages_are_not_capped() -> None:
    assert Tally("x", Fraction(4), Fraction(2)).pct == 50
    over = Tally("x", Fraction(4), Fraction(5))
    assert (over.pct, over.remaining, over.complete) == (125, 0, True)
    assert Tally("x", Fraction(10), Fraction(6)).pct == 60
    assert Tally("x", Fraction(10), Fraction(12)).pct == 120


def test_assembly_six_and_twelve_of_ten() -> None:
    ev = event(goods={"gift-bag": 10, "tin": 10}, decisions=[decide("cookie", 4), decide("brownie", 4)])
    result = compute_progress(
        CAT, ev, [prun("cookie", 2), prun("brownie", 5)], [arun("gift-bag", 6), arun("tin", 12)]
    ).to_json()
    assert result["assembly"] == [
        {"finished_good": "gift-bag", "target": 10, "assembled": 6, "pct": 60, "remaining": 4, "complete": False},
        {"finished_good": "tin", "target": 10, "assembled": 12, "pct": 120, "remaining": 0, "complete": True},
    ]
    assert [(p["finished_unit"], p["pct"], p["complete"]) for p in result["production"]] == [
        ("brownie", 125, True), ("cookie", 50, False),
    ]  # fmt: skip
    assert result["status"] == "in_progress"


def test_status_from_runs_not_plan_state() -> None:
    ev = event(goods={"gift-bag": 8})  # 48 cookies -> 1 batch
    assert compute_progress(CAT, ev).status == "not_started"
    elsewhere = [prun("cookie", 5, event="other"), prun("cookie", 5, event=None)]
    assert compute_progress(CAT, ev, elsewhere, [arun("gift-bag", 8, event=None)]).status == "not_started"
    assert compute_progress(CAT, ev, [prun("cookie", 1)]).status == "in_progress"
    assert compute_progress(CAT, ev, [prun("cookie", 1)], [arun("gift-bag", 8)]).status == "complete"


def test_work_for_an_unplanned_unit_is_shown_with_zero_target() -> None:
    result = compute_progress(CAT, event(goods={"gift-bag": 8}), [prun("cookie", 1), prun("brownie", 2)])
    brownie = result.to_json()["production"][0]
    assert brownie == {"finished_unit": "brownie", "target_batches": 0, "produced_batches": 2, "pct": None,
                       "remaining": 0, "complete": True}  # fmt: skip


def test_packages_count_entries_by_status() -> None:
    ev = event(
        goods={"gift-bag": 1},
        recipients=[RecipientPackage("a", "p", 3, "pending"), RecipientPackage("b", "p", 1, "delivered"),
                    RecipientPackage("c", "p", 2, "pending")],
    )  # fmt: skip
    cat = catalog(*CAT.finished_units.values(), *CAT.finished_goods.values(), package("p", {"tin": 1}))
    assert compute_progress(cat, ev).to_json()["packages"] == {"pending": 2, "ready": 0, "delivered": 1}


def test_overall_percent_is_not_capped_as_a_line_is_not() -> None:
    ev = event(goods={"gift-bag": 50, "tin": 4})  # cookie 7 batches, brownie 1 batch
    plan = compute_plan(CAT, ev)
    result = compute_progress(CAT, ev, [prun("brownie", 3)], plan=plan)
    # 3 brownie batches of 1 planned count as 3 of the 8 planned batches;
    # the event is still in progress (no cookie baked).
    assert result.percent("production") == Fraction(300, 8)
    assert result.percent("assembly") == 0
    assert result.status == "in_progress"


def test_overall_percent_of_one_line_is_that_lines_percent() -> None:
    ev = event(goods={"tin": 4})  # brownie 1 batch
    result = compute_progress(CAT, ev, [prun("brownie", 3)])
    assert result.production[0].pct == result.percent("production") == 300


def test_unfinished_names_short_lines_and_undelivered_packages() -> None:
    ev = event(goods={"gift-bag": 10, "tin": 10}, decisions=[decide("cookie", 4), decide("brownie", 4)])
    result = compute_progress(CAT, ev, [prun("cookie", 4), prun("brownie", 1)], [arun("gift-bag", 10)])
    left = unfinished_work(result, [RecipientPackage("ann", "box", status="delivered"), RecipientPackage("bo", "box")])
    assert bool(left)
    assert left.message("ev") == (
        "unfinished: ev was completed with batches below target for 1 finished unit (brownie 1 of 4); "
        "1 finished good below target (tin 0 of 10); 1 package not delivered (bo: box pending)"
    )
    done = compute_progress(CAT, ev, [prun("cookie", 4), prun("brownie", 5)], [arun("gift-bag", 10), arun("tin", 10)])
    assert not unfinished_work(done, [RecipientPackage("ann", "box", status="delivered")])


def test_unmeasured_progress_is_unfinished_by_its_packages_and_says_so() -> None:
    left = unfinished_work(None, [])
    assert bool(left) and left.to_json() == {"batches": [], "finished_goods": [], "packages": []}
    assert left.message("ev").endswith("batches and goods not checked (the files its plan reads have errors)")
