"""Numbers read from the index, as plansync shows them."""

from __future__ import annotations

from decimal import Decimal
from typing import Any


def plain_number(value: Any) -> Any:
    """An int when whole, else a float; anything else as it is. PostgreSQL
    answers NUMERIC (a quantity column, ``SUM`` of an integer column) with a
    Decimal, which JSON would otherwise show as a string."""
    if isinstance(value, Decimal):
        return int(value) if value.is_finite() and value == value.to_integral_value() else float(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value
