"""Money: exact until shown, rounded half up to cents once, at the edge.

A price is read from the decimal text the baker wrote (``4.99`` is exactly
499/100, never the binary float nearest to it) and every computation on it
stays a :class:`~fractions.Fraction`: a per-cup price of a 5 lb bag is
0.26509375 exactly, and a price per 1/3 of something is a repeating
decimal no :class:`~decimal.Decimal` context would keep. Only
:func:`round_money` (for text) and :func:`json_money` (for JSON) leave the
exact world, and a total is the rounding of the exact sum of its parts,
never the sum of rounded parts.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from .model import exact

#: Cents: what a receipt shows.
MONEY_PLACES = 2
_CENT = Decimal(1).scaleb(-MONEY_PLACES)

Money = Fraction


def money(value: Fraction | Decimal | int | float | str) -> Money:
    """A price as the exact decimal it was written as.

    YAML hands ``4.99`` over as a float; its ``repr`` is the shortest text
    that reads back as that float, which is the text the baker typed.
    """
    if isinstance(value, bool):
        raise TypeError("a price is a number, not a boolean")
    if isinstance(value, (str, Decimal)):
        return Fraction(str(value).strip())
    return exact(value)


def optional_money(value: object) -> Money | None:
    return None if value is None else money(value)  # type: ignore[arg-type]


def round_money(value: Fraction | Decimal | int) -> Decimal:
    """Half up (away from zero) to cents: 0.125 -> 0.13, -0.125 -> -0.13."""
    exact_value = value if isinstance(value, Fraction) else Fraction(value)
    numerator, denominator = abs(exact_value.numerator), exact_value.denominator
    scale = 10**MONEY_PLACES
    cents = (2 * numerator * scale + denominator) // (2 * denominator)
    rounded = Decimal(cents).scaleb(-MONEY_PLACES).quantize(_CENT, rounding=ROUND_HALF_UP)
    return -rounded if exact_value < 0 and cents else rounded


def json_money(value: Fraction | Decimal | int | None) -> float | None:
    """A JSON number with at most 2 decimals (``0.65``, ``7.0``); null stays
    null. The float appears here only, after rounding, so it is the nearest
    double to a cent value and prints as that cent value."""
    if value is None:
        return None
    return float(round_money(value))


def money_text(value: Fraction | Decimal | int | None) -> str:
    """``"7.00"``, ``"0.65"``; unknown reads ``"unknown"``."""
    if value is None:
        return "unknown"
    return f"{round_money(value):.2f}"


def total(parts: Iterable[Money | None]) -> Money | None:
    """The exact sum, or None when any part is unknown: a total that
    silently left out an unknown price would look cheaper than it is."""
    result = Fraction(0)
    for part in parts:
        if part is None:
            return None
        result += part
    return result


def times(quantity: Fraction | int, price: Money | None) -> Money | None:
    """``quantity x price``, unknown staying unknown."""
    return None if price is None else Fraction(quantity) * price
