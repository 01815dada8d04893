"""Stock on hand: ingredient lots, material lots, made units and goods.

bake-tracker keeps stock per product lot (brand, package); plansync keeps
it per ingredient. Each lot becomes one line in the lot's unit, with the
brand and storage place in its note, so nothing about the lot is lost and
plansync adds the lines up itself.
"""

from __future__ import annotations

from functools import partial
from typing import Any, Callable

from plansync_bake_tracker.catalog import material_of
from plansync_bake_tracker.collect import INGREDIENT_REF
from plansync_bake_tracker.context import Conversion
from plansync_bake_tracker.shapes import timestamp
from plansync_bake_tracker.stock import find_product
from plansync_bake_tracker.slugs import fold
from plansync_bake_tracker.units import normalise_unit
from plansync_bake_tracker.values import BadRecord, first, not_negative, text


def build_inventory(conv: Conversion) -> dict[str, Any] | None:
    units = _product_units(conv)
    lots: list[tuple[str, Callable[[], dict[str, Any]]]] = []
    for raw in conv.items("inventory_items", "inventory item"):
        lots.append((f'inventory item "{_lot_name(raw)}"', partial(_ingredient_lot, conv, raw, units)))
    for raw in conv.items("material_inventory_items", "material inventory item"):
        name = text(raw, "material_product_slug", "material_slug") or "?"
        lots.append((f'material inventory item "{name}"', partial(_material_lot, conv, raw)))
    items = []
    for label, make in lots:
        try:
            items.append(make())
        except BadRecord as exc:
            conv.problem(label, str(exc))
    stock = [item for item in items if item["quantity"] != 0]
    conv.skip("used-up inventory lots", len(items) - len(stock))
    stock += _made_stock(conv)
    if not stock:
        return None
    document: dict[str, Any] = {"kind": "inventory"}
    exported = first(conv.export, "exported_at", "export_date", "created_at")
    if exported is not None:
        try:
            # Purchases and runs after this moment move the stock; the export
            # counted everything before it.
            document["as_of"] = timestamp(exported, "exported_at")[0]
        except BadRecord:
            pass  # the stock is still right; only when it was counted is unknown
    document["items"] = stock
    return document


def _made_stock(conv: Conversion) -> list[dict[str, Any]]:
    """Finished units and goods on hand (bake-tracker's ``inventory_count``)."""
    stock = []
    for kind in ("finished_unit", "finished_good"):
        for record in conv.tables[kind]:
            if (kind, record.slug) not in conv.built:
                continue
            try:
                count = not_negative(first(record.raw, "inventory_count") or 0, "inventory_count")
            except BadRecord as exc:
                conv.problem(record.label, f"stock not imported: {exc}")
                continue
            if count:
                stock.append({kind: record.slug, "quantity": count})
    return stock


def _lot_name(raw: dict[str, Any]) -> str:
    parts = [text(raw, *INGREDIENT_REF, "product_slug"), text(raw, "product_brand", "brand")]
    return " / ".join(part for part in parts if part) or "?"


def _product_units(conv: Conversion) -> dict[tuple[str, str], str]:
    """package_unit of each product, by (folded ingredient, brand)."""
    units: dict[tuple[str, str], str] = {}
    for product in conv.export.get("products") or []:
        if isinstance(product, dict) and text(product, "package_unit"):
            key = (fold(text(product, *INGREDIENT_REF) or ""), text(product, "brand") or "")
            units.setdefault(key, text(product, "package_unit") or "")
    return units


def _ingredient_lot(conv: Conversion, raw: dict[str, Any], units: dict[tuple[str, str], str]) -> dict[str, Any]:
    # Coordinated exports name the product as "ingredient:brand:size:unit".
    product = (text(raw, "product_slug") or "").split(":")
    reference = first(raw, *INGREDIENT_REF) or product[0] or None
    ingredient = conv.kept("ingredient", reference).record.slug
    brand = text(raw, "product_brand", "brand") or (product[1] if len(product) > 1 else "")
    unit = text(raw, "package_unit") or units.get((fold(str(reference)), brand))
    if unit is None and len(product) == 4:
        unit = product[3]
    if not unit:
        raise BadRecord("has no unit: no package_unit and no product in the export to take it from")
    line = {
        "ingredient": ingredient,
        "quantity": not_negative(first(raw, "quantity", "current_quantity"), "quantity"),
        "unit": normalise_unit(unit),
    }
    cost = _unit_cost(conv, raw, "ingredient")
    if cost is not None:
        line["unit_cost"] = cost
    _note(line, brand, text(raw, "product_name"), text(raw, "location"), _labelled(raw, "purchase_date", "bought"),
          _labelled(raw, "expiration_date", "expires"), text(raw, "notes"))  # fmt: skip
    return line


def _unit_cost(conv: Conversion, raw: dict[str, Any], holds: str) -> float | None:
    """What one unit of the lot cost: as the export says, else its purchase's
    package price over the package size."""
    written = first(raw, "unit_cost", "cost_per_unit")
    if written is not None:
        return round(float(not_negative(written, "unit_cost")), 6)
    try:
        product = find_product(conv, raw, holds)
    except BadRecord:
        return None
    built = conv.built.get(("product", product.slug))
    if built is None or "price" not in built.data:
        return None
    return round(built.data["price"] / built.data["package"]["quantity"], 6)


def _material_lot(conv: Conversion, raw: dict[str, Any]) -> dict[str, Any]:
    product = (text(raw, "material_product_slug") or "").split(":")
    material, unit = material_of(conv, first(raw, "material_slug") or product[0] or None)
    line = {
        "material": material,
        "quantity": not_negative(first(raw, "quantity_remaining", "quantity"), "quantity_remaining"),
        "unit": unit,
    }
    cost = _unit_cost(conv, raw, "material")
    if cost is not None:
        line["unit_cost"] = cost
    _note(line, product[1] if len(product) > 1 else None, text(raw, "location"),
          _labelled(raw, "purchase_date", "bought"), text(raw, "notes"))  # fmt: skip
    return line


def _labelled(raw: dict[str, Any], key: str, words: str) -> str | None:
    value = text(raw, key)
    return f"{words} {value}" if value else None


def _note(line: dict[str, Any], *parts: str | None) -> None:
    written = "; ".join(part for part in parts if part)
    if written:
        line["note"] = written
