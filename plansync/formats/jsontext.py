"""JSON text for people and scripts: strict JSON, never ``Infinity`` or ``NaN``.

Both faces print JSON through :func:`to_json`: every ``--format json`` of
the command line and every JSON answer of the web view (``/api``, a query's
``_format=json``), so a script reads the same document from either.
"""

from __future__ import annotations

import json
import math
from typing import Any


def to_json(data: Any, indent: int | None = 2) -> str:
    # Plan files refuse non-finite numbers, but a computation or a query
    # (``select 1e999``) can still make one; JSON has no Infinity or NaN, so
    # such a number is null (no number is known) rather than invalid JSON.
    return json.dumps(finite(data), indent=indent, ensure_ascii=False, default=str, allow_nan=False)


def finite(value: Any) -> Any:
    """``value`` with every non-finite float (nested in dicts, lists, tuples) as None."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {key: finite(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [finite(item) for item in value]
    return value
