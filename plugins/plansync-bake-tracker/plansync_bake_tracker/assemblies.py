"""Finished goods (from compositions), packages (from their contents), recipients."""

from __future__ import annotations

from typing import Any

from plansync_bake_tracker.context import Conversion
from plansync_bake_tracker.shapes import add_notes, head, set_text
from plansync_bake_tracker.slugs import Record
from plansync_bake_tracker.values import BadRecord, first, number, positive, text

#: Where a composition names its component, when it has no component_type.
_COMPONENT_KEYS = (
    ("finished_unit_slug", "finished_unit"),
    ("finished_good_component_slug", "finished_good"),
    ("component_finished_good_slug", "finished_good"),
    ("material_unit_slug", "material_unit"),
)
_COMPONENT_KINDS = ("finished_unit", "finished_good", "material_unit")


def build_finished_good(conv: Conversion, record: Record, needs: list[Record]) -> dict[str, Any]:
    raw = record.raw
    data = head(record)
    components = []
    for part in sorted(record.parts, key=_sort_order):
        component = _component(conv, record, part, needs)
        if component is not None:
            components.append(component)
    if not components:
        raise BadRecord("has no components")
    data["assembly_type"] = _assembly_type(conv, record, components)
    set_text(data, "category", raw, "category")
    data["components"] = components
    add_notes(data, raw, "description", "notes", "packaging_instructions")
    return data


def _sort_order(part: dict[str, Any]) -> float:
    try:
        return float(number(part.get("sort_order", 0), "sort_order"))
    except BadRecord:
        return 0.0


def _component(conv: Conversion, record: Record, part: dict[str, Any], needs: list[Record]) -> dict[str, Any] | None:
    kind, reference = _component_ref(part)
    if kind is None:
        # Packaging as an ingredient product predates material units;
        # plansync packaging is material units only.
        conv.skip("packaging-product components of finished goods")
        return None
    quantity = positive(first(part, "component_quantity", "quantity"), f"component {str(reference)!r} quantity")
    slug = conv.ref(kind, reference, needs)
    if kind == "finished_good" and slug == record.slug:
        raise BadRecord("contains itself")
    return {kind: slug, "quantity": quantity}


def _component_ref(part: dict[str, Any]) -> tuple[str | None, Any]:
    declared = text(part, "component_type")
    if declared is not None:
        kind = declared.lower()
        if kind not in _COMPONENT_KINDS:
            raise BadRecord(f"unknown component_type {declared!r}")
        return kind, first(part, "component_slug", "component_name", f"{kind}_slug")
    for key, kind in _COMPONENT_KEYS:
        if first(part, key) is not None:
            return kind, part[key]
    if first(part, "packaging_ingredient_slug", "packaging_product_id") is not None:
        return None, None
    raise BadRecord("a component names no finished unit, finished good or material unit")


def _assembly_type(conv: Conversion, record: Record, components: list[dict[str, Any]]) -> str:
    # plansync's `bare` wraps exactly one finished unit; anything else is a bundle.
    wraps_one = len(components) == 1 and "finished_unit" in components[0] and components[0]["quantity"] == 1
    declared = (text(record.raw, "assembly_type") or "").lower()
    if declared == "bare" and not wraps_one:
        conv.note(
            f"{record.label}: assembly_type 'bare' but it does not wrap exactly one finished unit;"
            " imported as a bundle"
        )
    if declared == "bare" or (not declared and wraps_one):
        return "bare" if wraps_one else "bundle"
    return "bundle"


def build_package(conv: Conversion, record: Record, needs: list[Record]) -> dict[str, Any]:
    data = head(record)
    contents = []
    for part in record.parts:
        reference = first(part, "finished_good_slug", "finished_good_name", "finished_good")
        good = conv.ref("finished_good", reference, needs)
        quantity = positive(first(part, "quantity"), f"finished good {str(reference)!r} quantity")
        contents.append({"finished_good": good, "quantity": quantity})
    if not contents:
        raise BadRecord("has no contents")
    data["contents"] = contents
    add_notes(data, record.raw, "description", "notes")
    return data


def build_recipient(conv: Conversion, record: Record, needs: list[Record]) -> dict[str, Any]:
    raw = record.raw
    data = head(record)
    set_text(data, "household", raw, "household", "household_name")
    set_text(data, "address", raw, "address")
    add_notes(data, raw, "notes")
    return data
