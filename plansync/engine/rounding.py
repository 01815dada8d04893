"""How exact engine values leave the engine: JSON numbers and message text.

The engine computes in :class:`~fractions.Fraction` and rounds only here, at
the edge, so a rounding choice can never leak back into a computation.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from math import floor

from plansync.model import exact

#: Quantities keep 4 decimals (a 1/3 cup shows as 0.3333), percentages 2.
QUANTITY_PLACES = 4
PERCENT_PLACES = 2


def as_fraction(value: Fraction | int | float | str | Decimal) -> Fraction:
    """Settings and callers may hand us floats (0.15) or text ("0.15"); both
    must mean the decimal the user wrote, not the nearest binary float."""
    if isinstance(value, (str, Decimal)):
        return Fraction(str(value).strip())
    return exact(value)


def round_half_up(value: Fraction, places: int) -> Fraction:
    # Fraction.__round__ rounds half to even (0.125 -> 0.12); a baker expects
    # 0.13, so round half away from zero explicitly.
    scale = 10**places
    magnitude = Fraction(floor(abs(value) * scale + Fraction(1, 2)), scale)
    return magnitude if value >= 0 else -magnitude


def json_number(value: Fraction | int | None, places: int = QUANTITY_PLACES) -> int | float | None:
    """An int when the (rounded) value is whole, else a float; ``None`` stays null."""
    if value is None:
        return None
    rounded = round_half_up(Fraction(value), places)
    if rounded.denominator == 1:
        return int(rounded)
    return float(rounded)


def json_percent(value: Fraction | int | None) -> int | float | None:
    return json_number(value, PERCENT_PLACES)


def text(value: Fraction | int, places: int = QUANTITY_PLACES) -> str:
    """A number for a message: ``48``, ``2.5``, ``0.3333``."""
    number = json_number(value, places)
    return str(number)
