"""Which fields of which kinds refer to which other kinds, by slug.

One table serves validation (every reference must resolve), the index
(foreign keys) and entity diffs. ``"*"`` in a path stands for every item of
a list.
"""

from __future__ import annotations

from typing import Any, Iterator

from plansync.errors import Pointer

#: kind -> [(path pattern, target kind)]
REFERENCES: dict[str, list[tuple[tuple[str, ...], str]]] = {
    "recipe": [
        (("ingredients", "*", "ingredient"), "ingredient"),
        (("components", "*", "recipe"), "recipe"),
        (("base",), "recipe"),
    ],
    "finished_unit": [(("recipe",), "recipe")],
    "finished_good": [
        (("components", "*", "finished_unit"), "finished_unit"),
        (("components", "*", "finished_good"), "finished_good"),
        (("components", "*", "material_unit"), "material_unit"),
    ],
    "package": [(("contents", "*", "finished_good"), "finished_good")],
    # A `material:` names no file in older repositories: unknown-material
    # warns about it (validation/catalog_rules.py) instead of this table.
    "product": [(("ingredient",), "ingredient"), (("supplier",), "supplier")],
    "inventory": [
        (("items", "*", "ingredient"), "ingredient"),
        (("items", "*", "finished_unit"), "finished_unit"),
        (("items", "*", "finished_good"), "finished_good"),
        (("items", "*", "recipe"), "recipe"),
    ],
    "purchases": [
        (("purchases", "*", "product"), "product"),
        (("purchases", "*", "supplier"), "supplier"),
    ],
    "event": [
        (("finished_goods", "*", "finished_good"), "finished_good"),
        (("finished_units", "*", "finished_unit"), "finished_unit"),
        (("batch_decisions", "*", "finished_unit"), "finished_unit"),
        (("recipients", "*", "recipient"), "recipient"),
        (("recipients", "*", "package"), "package"),
    ],
    "runs": [
        (("event",), "event"),
        (("production", "*", "finished_unit"), "finished_unit"),
        (("production", "*", "recipe"), "recipe"),
        (("assembly", "*", "finished_good"), "finished_good"),
    ],
    "amendments": [(("event",), "event")],
    "snapshot": [(("event",), "event")],
}


def walk(data: Any, pattern: tuple[str, ...], prefix: Pointer = ()) -> Iterator[tuple[Pointer, Any]]:
    """Every (pointer, value) in ``data`` matching ``pattern``."""
    if not pattern:
        yield prefix, data
        return
    head, rest = pattern[0], pattern[1:]
    if head == "*":
        if isinstance(data, list):
            for index, item in enumerate(data):
                yield from walk(item, rest, (*prefix, index))
    elif isinstance(data, dict) and head in data:
        yield from walk(data[head], rest, (*prefix, head))


def references(kind: str, data: Any) -> Iterator[tuple[Pointer, str, str]]:
    """(pointer, target kind, slug) for every reference a document makes."""
    if not isinstance(data, dict):
        return
    for pattern, target in REFERENCES.get(kind, ()):
        # Every pattern is a field or a field of each item of a list: walked
        # directly, this runs for every reference of every file on each check.
        if len(pattern) == 1:
            value = data.get(pattern[0])
            if isinstance(value, str):
                yield pattern, target, value
        elif len(pattern) == 3 and pattern[1] == "*":
            items = data.get(pattern[0])
            if isinstance(items, list):
                field = pattern[2]
                for index, item in enumerate(items):
                    if isinstance(item, dict):
                        value = item.get(field)
                        if isinstance(value, str):
                            yield (pattern[0], index, field), target, value
        else:
            for pointer, value in walk(data, pattern):
                if isinstance(value, str):
                    yield pointer, target, value


#: kind -> [(path pattern, "material")]: fields naming a material by slug.
#: Kept apart from REFERENCES: older repositories have no material files,
#: so these are no foreign keys and no unknown-reference (see above).
MATERIAL_NAMES: dict[str, list[tuple[tuple[str, ...], str]]] = {
    "product": [(("material",), "material")],
    "material_unit": [(("material",), "material")],
    "inventory": [(("items", "*", "material"), "material")],
}


def material_names(kind: str, data: Any) -> list[tuple[Pointer, str, str]]:
    """(pointer, "material", slug) for every material a document names."""
    if kind not in MATERIAL_NAMES or not isinstance(data, dict):
        return []
    return [
        (pointer, target, value)
        for pattern, target in MATERIAL_NAMES[kind]
        for pointer, value in walk(data, pattern)
        if isinstance(value, str)
    ]
