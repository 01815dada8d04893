"""How exact engine values leave the engine: JSON numbers and message text.

The engine computes in :class:`~fractions.Fraction` and rounds only here, at
the edge, so a rounding choice can never leak back into a computation.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from plansync.engine.model import exact

#: Quantities keep 4 decimals (a 1/3 cup shows as 0.3333), percentages 2.
QUANTITY_PLACES = 4
PERCENT_PLACES = 2


def as_fraction(value: Fraction | int | float | str | Decimal) -> Fraction:
    """Settings and callers may hand us floats (0.15) or text ("0.15"); both
    must mean the decimal the user wrote, not the nearest binary float."""
    if isinstance(value, (str, Decimal)):
        return Fraction(str(value).strip())
    return exact(value)


def _scaled_half_up(value: Fraction, scale: int) -> int:
    """round(|value| x scale) with halves rounded up, in integers only (every
    number of every report goes through here: Fraction arithmetic is slow)."""
    numerator, denominator = abs(value.numerator), value.denominator
    return (2 * numerator * scale + denominator) // (2 * denominator)


def round_half_up(value: Fraction, places: int) -> Fraction:
    # Fraction.__round__ rounds half to even (0.125 -> 0.12); a baker expects
    # 0.13, so round half away from zero explicitly.
    scale = 10**places
    magnitude = Fraction(_scaled_half_up(value, scale), scale)
    return magnitude if value >= 0 else -magnitude


def json_number(value: Fraction | int | None, places: int = QUANTITY_PLACES) -> int | float | None:
    """An int when the (rounded) value is whole, else a float; ``None`` stays null."""
    if value is None:
        return None
    if isinstance(value, int):
        return value
    scale = 10**places
    scaled = _scaled_half_up(value, scale)
    if value < 0:
        scaled = -scaled
    if scaled % scale == 0:
        return scaled // scale
    return scaled / scale


def json_percent(value: Fraction | int | None) -> int | float | None:
    return json_number(value, PERCENT_PLACES)


def text(value: Fraction | int, places: int = QUANTITY_PLACES) -> str:
    """A number for a message: ``48``, ``2.5``, ``0.3333``."""
    number = json_number(value, places)
    return str(number)
