"""Batches per finished unit (domain.md, Computations 2)."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from plansync.engine.batches import choose_option, decision_shortfall, plan_batches
from plansync.engine.model import YieldOption

from .conftest import decide, portion, unit

COOKIE = unit("chocolate-chip-cookie", 24, 48, 96)


def test_three_hundred_cookies_choose_seven_batches_of_48() -> None:
    chosen, outcomes = choose_option(300, COOKIE.options, Fraction("0.15"))
    table = [(o.batches, o.total, o.extra, o.acceptable) for o in outcomes]
    assert table == [(13, 312, 12, True), (7, 336, 36, True), (4, 384, 84, False)]
    assert 100 * outcomes[1].extra / 300 == 12
    assert 100 * outcomes[2].extra / 300 == 28
    assert chosen.option.per_batch == 48 and chosen.batches == 7

    line, warnings = plan_batches(COOKIE, 300)
    assert (line.per_batch, line.batches, line.total_yield, line.extra, line.waste_pct) == (48, 7, 336, 36, 12)
    assert line.decision == "computed" and warnings == []


def test_49_at_48_takes_two_batches_and_warns() -> None:
    line, warnings = plan_batches(unit("gingerbread-man", 48), 49)
    assert (line.batches, line.total_yield, line.extra) == (2, 96, 47)
    assert len(warnings) == 1 and "gingerbread-man" in warnings[0]
    assert "2 batches make 96 for a need of 49 (47 extra" in warnings[0]


def test_zero_need_is_zero_batches() -> None:
    line, warnings = plan_batches(COOKIE, 0)
    assert (line.batches, line.total_yield, line.extra, line.waste_pct) == (0, 0, 0, None)
    assert warnings == []
    assert line.to_json()["waste_pct"] is None


def test_200_at_24_is_nine_batches() -> None:
    line, _ = plan_batches(unit("sugar-cookie", 24), 200)
    assert (line.batches, line.total_yield, line.extra) == (9, 216, 16)


def test_72_at_24_is_exact() -> None:
    line, warnings = plan_batches(unit("sugar-cookie", 24), 72)
    assert (line.batches, line.total_yield, line.extra, line.waste_pct) == (3, 72, 0, 0)
    assert warnings == []


def test_batch_portion_rounds_up_the_percentage() -> None:
    """batches = ceil(n x percentage / 100): 3 half cakes at 50 % -> 2 batches, 4 halves."""
    line, _ = plan_batches(portion("half-cake", 50), 3)
    assert (line.batches, line.per_batch, line.total_yield, line.extra) == (2, 2, 4, 1)
    line, _ = plan_batches(portion("whole-cake", 100), 5)
    assert (line.batches, line.total_yield) == (5, 5)
    line, _ = plan_batches(portion("third", Fraction(100, 3)), 7)
    assert line.batches == 3


def test_fractional_need_rounds_up_to_whole_items() -> None:
    line, _ = plan_batches(unit("cookie", 12), Fraction(49, 2))
    assert line.needed == 25 and line.batches == 3


def test_ties_prefer_less_extra_then_option_order() -> None:
    # 2 batches either way: 2 x 30 = 60 (extra 10) vs 2 x 27 = 54 (extra 4).
    chosen, _ = choose_option(50, (YieldOption(Fraction(30)), YieldOption(Fraction(27))), Fraction("0.3"))
    assert chosen.option.per_batch == 27
    # None acceptable: least extra wins (49 @ 48 vs @ 50: 47 vs 1 extra).
    chosen, _ = choose_option(49, (YieldOption(Fraction(48)), YieldOption(Fraction(50))), Fraction(0))
    assert chosen.option.per_batch == 50


def test_threshold_is_configurable() -> None:
    line, _ = plan_batches(COOKIE, 300, Fraction("0.3"))
    assert (line.per_batch, line.batches) == (96, 4)


def test_batch_multiplier_is_carried() -> None:
    line, _ = plan_batches(unit("cookie", 48, 96, multipliers=[1, 2]), 300, Fraction("0.3"))
    assert (line.per_batch, line.batch_multiplier, line.recipe_batches) == (96, 2, 8)


def test_decision_overrides_and_keeps_the_computed_option() -> None:
    line, warnings = plan_batches(COOKIE, 300, decision=decide("chocolate-chip-cookie", 8))
    assert (line.decision, line.per_batch, line.batches, line.total_yield, line.extra) == ("override", 48, 8, 384, 84)
    assert warnings == []


def test_decision_below_need_is_never_silent() -> None:
    line, warnings = plan_batches(COOKIE, 300, decision=decide("chocolate-chip-cookie", 6))
    assert line.total_yield == 288 and line.extra == -12 and line.short == 12
    assert warnings == [
        "batch decision for chocolate-chip-cookie gives 288, below the need of 300; add accept_shortfall: true"
    ]
    shortfall = decision_shortfall(COOKIE, 300, decide("chocolate-chip-cookie", 6))
    assert shortfall is not None and not shortfall.accepted and shortfall.short == 12
    accepted = decision_shortfall(COOKIE, 300, decide("chocolate-chip-cookie", 6, accept_shortfall=True))
    assert accepted is not None and accepted.accepted
    assert "shortfall accepted" in accepted.message()
    assert decision_shortfall(COOKIE, 300, decide("chocolate-chip-cookie", 7)) is None


options = st.lists(
    st.builds(YieldOption, st.fractions(min_value=Fraction(1, 2), max_value=200), st.sampled_from([Fraction(1), 2])),
    min_size=1,
    max_size=4,
)


@settings(deadline=None)
@given(st.integers(min_value=0, max_value=100_000), options, st.fractions(min_value=0, max_value=1))
def test_total_yield_always_covers_the_need(need: int, yield_options: list, threshold: Fraction) -> None:
    fu = unit("cookie", 1)
    fu = type(fu)(fu.slug, fu.name, fu.recipe, fu.mode, fu.unit, tuple(yield_options))
    line, warnings = plan_batches(fu, need, threshold)
    assert line.total_yield >= need
    assert line.batches == 0 or (line.batches - 1) * line.per_batch < need
    chosen, outcomes = choose_option(need, fu.options, threshold)
    assert bool(warnings) == (not any(o.acceptable for o in outcomes))


@settings(deadline=None)
@given(st.integers(min_value=0, max_value=100_000), st.fractions(min_value=Fraction(1, 10), max_value=100))
def test_batch_portion_covers_the_need(need: int, percentage: Fraction) -> None:
    line, _ = plan_batches(portion("cake", percentage), need)
    assert line.total_yield >= need
