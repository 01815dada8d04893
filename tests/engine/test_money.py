"""Money stays exact until shown, then rounds half up to cents."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from plansync.engine.money import json_money, money, money_text, round_money, total


def test_a_yaml_float_price_is_the_decimal_the_baker_wrote() -> None:
    assert money(4.99) == money("4.99") == money(Decimal("4.99")) == Fraction(499, 100)
    assert isinstance(money(4.99), Fraction) and isinstance(money(3), Fraction)


def test_rounding_is_half_up_to_cents() -> None:
    assert round_money(Fraction(1, 8)) == Decimal("0.13")
    assert round_money(Fraction(-1, 8)) == Decimal("-0.13")
    assert round_money(Fraction("0.65351171875")) == Decimal("0.65")
    assert str(round_money(Fraction(7))) == "7.00" and money_text(Fraction(7)) == "7.00"
    assert str(round_money(Fraction(-1, 1000))) == "0.00"
    assert json_money(Fraction("0.65351171875")) == 0.65 and json_money(None) is None


def test_a_total_is_rounded_once_from_exact_parts_and_unknown_stays_unknown() -> None:
    thirds = [Fraction(1, 3)] * 3  # 0.33 x 3 would be 0.99
    assert json_money(total(thirds)) == 1.0
    assert total([Fraction(1), None]) is None and total([]) == 0


@given(st.fractions(min_value=-1000, max_value=1000))
def test_money_never_becomes_float_before_the_edge(value: Fraction) -> None:
    rounded = round_money(value)
    assert isinstance(rounded, Decimal) and rounded.as_tuple().exponent == -2
    assert abs(Fraction(rounded) - value) <= Fraction(1, 200)
    assert isinstance(total([value, value]), Fraction)
