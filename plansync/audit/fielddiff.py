"""Field-by-field differences between two versions of one document.

A field is named by its dotted path: mapping keys, and list items by index
(``finished_goods.0.quantity``). A key present on one side only is a change
from or to :data:`MISSING`, shown as ``(none)`` (JSON ``null``). Lists are
compared item by item, so an item inserted at the front shows as every
later index changing: that is what the file's lines did too.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any


class _Missing:
    """The value of a key that is not there."""

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()

#: The name of the whole document, when it is not a mapping on both sides.
ROOT = "(document)"


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: Any
    new: Any

    def to_json(self) -> dict[str, Any]:
        return {"field": self.field, "old": json_value(self.old), "new": json_value(self.new)}

    def line(self) -> str:
        return f"{self.field}: {show(self.old)} -> {show(self.new)}"


def json_value(value: Any) -> Any:
    return None if value is MISSING else value


def field_changes(old: Any, new: Any) -> list[FieldChange]:
    """Every leaf that differs between ``old`` and ``new``, in document order."""
    found: list[FieldChange] = []
    _walk(old, new, (), found)
    return found


def _walk(old: Any, new: Any, path: tuple[str, ...], found: list[FieldChange]) -> None:
    if isinstance(old, dict) and isinstance(new, dict):
        for key in [*old, *(k for k in new if k not in old)]:
            _walk(old.get(key, MISSING), new.get(key, MISSING), (*path, str(key)), found)
    elif isinstance(old, list) and isinstance(new, list):
        for index in range(max(len(old), len(new))):
            before = old[index] if index < len(old) else MISSING
            after = new[index] if index < len(new) else MISSING
            _walk(before, after, (*path, str(index)), found)
    elif not _same(old, new):
        found.append(FieldChange(".".join(path) or ROOT, old, new))


def _same(old: Any, new: Any) -> bool:
    # 1 and True are equal in Python, but not the same value in a plan file.
    return type(old) is type(new) and old == new or (
        isinstance(old, (int, float)) and isinstance(new, (int, float))
        and not isinstance(old, bool) and not isinstance(new, bool) and old == new
    )  # fmt: skip


def show(value: Any) -> str:
    """A value as one short line: ``(none)``, ``60``, ``draft``, ``{finished_good: x, quantity: 5}``."""
    if value is MISSING:
        return "(none)"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        plain = value and value == value.strip() and "\n" not in value and " -> " not in value
        return value if plain else json.dumps(value, ensure_ascii=False)
    if isinstance(value, dict):
        return "{" + ", ".join(f"{key}: {show(item)}" for key, item in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(show(item) for item in value) + "]"
    return str(value)
