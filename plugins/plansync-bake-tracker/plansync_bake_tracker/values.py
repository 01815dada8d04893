"""Reading single values out of export records.

Export records are loose: the same field has several spellings across
bake-tracker versions, numbers sometimes arrive as strings (the exporter
stringifies decimals), and anything may be missing. These helpers turn a
value into what plansync wants or raise :class:`BadRecord` with a message
that quotes the offending value.
"""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any

Number = int | float

#: The largest quantity the plansync schemas accept.
MAX_QUANTITY = 1_000_000_000


class BadRecord(Exception):
    """The record cannot be imported; the message says why, quoting the value."""


def first(record: dict, *keys: str) -> Any:
    """The value of the first of ``keys`` that is present and not null/blank."""
    for key in keys:
        value = record.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        return value
    return None


def listed(record: dict, *keys: str) -> list:
    """The records nested under the first of ``keys`` that holds any."""
    for key in keys:
        value = record.get(key)
        if value is None or value == []:
            continue
        if not isinstance(value, list):
            raise BadRecord(f"{key} is {json_type(value)}, not a list")
        return value
    return []


def json_type(value: Any) -> str:
    names = {dict: "an object", list: "a list", str: "a string", bool: "a boolean", type(None): "null"}
    return names.get(type(value), "a number")


def text(record: dict, *keys: str) -> str | None:
    """Like :func:`first`, as a stripped string."""
    value = first(record, *keys)
    return None if value is None else str(value).strip()


def _tidy(value: float) -> Number:
    # Whole numbers are written as integers so files read "quantity: 2", not "2.0".
    return int(value) if value.is_integer() else value


def number(value: Any, what: str) -> Number:
    """``value`` as a finite number; numeric strings are accepted."""
    if isinstance(value, bool):
        raise BadRecord(f"{what} {value!r} is not a number")
    if isinstance(value, (int, float)):
        result = float(value)
    elif isinstance(value, str):
        try:
            result = float(value.strip())
        except ValueError:
            raise BadRecord(f"{what} {value!r} is not a number") from None
    else:
        raise BadRecord(f"{what} {value!r} is not a number")
    if not math.isfinite(result):
        raise BadRecord(f"{what} {value!r} is not a number")
    return _tidy(result)


def positive(value: Any, what: str) -> Number:
    """A number greater than 0 and within the schemas' bound."""
    if value is None:
        raise BadRecord(f"{what} is missing")
    result = number(value, what)
    if result <= 0:
        raise BadRecord(f"{what} {value!r} is not greater than 0")
    if result > MAX_QUANTITY:
        raise BadRecord(f"{what} {value!r} is too large")
    return result


def positive_int(value: Any, what: str) -> int:
    """A whole number greater than 0 (``3.0`` is fine, ``2.5`` is not)."""
    result = positive(value, what)
    if not isinstance(result, int):
        raise BadRecord(f"{what} {value!r} is not a whole number")
    return result


def not_negative(value: Any, what: str) -> Number:
    """A number of 0 or more (stock on hand)."""
    if value is None:
        raise BadRecord(f"{what} is missing")
    result = number(value, what)
    if result < 0:
        raise BadRecord(f"{what} {value!r} is negative")
    if result > MAX_QUANTITY:
        raise BadRecord(f"{what} {value!r} is too large")
    return result


def decimal_text(value: Number) -> str:
    """A number written without exponent or trailing zeros (``4.25``, ``1``)."""
    written = format(Decimal(str(value)).normalize(), "f")
    return written.rstrip("0").rstrip(".") if "." in written else written
