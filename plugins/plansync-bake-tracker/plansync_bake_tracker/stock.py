"""Suppliers, materials and products: what is bought, and where.

bake-tracker names a product by what it holds and its brand (and, in
slug-style references, its package: ``flour_all_purpose:King Arthur:5.0:lb``);
plansync gives each product a slug of its own, made from the same parts, so
every spelling of a reference meets one product (:func:`find_product`).
"""

from __future__ import annotations

from typing import Any

from plansync_bake_tracker.context import Conversion
from plansync_bake_tracker.shapes import add_notes, head, set_text
from plansync_bake_tracker.slugs import Record, fold
from plansync_bake_tracker.units import normalise_unit
from plansync_bake_tracker.values import BadRecord, decimal_text, first, not_negative, number, positive, text

INGREDIENT_REF = ("ingredient_slug", "ingredient_name", "ingredient")
MATERIAL_REF = ("material_slug", "material_name", "material")
SUPPLIER_REF = ("supplier_slug", "preferred_supplier_slug", "supplier_name", "preferred_supplier_name", "supplier")
#: Marks a supplier made from a name a purchase or product gives.
NAMED_ONLY = "_named_only"

#: bake-tracker's material base unit types, as units a baker reads.
BASE_UNITS = {
    "each": "each", "count": "each",
    "linear_cm": "cm", "square_cm": "sq cm",
    "linear_inches": "inch", "linear_inch": "inch", "square_inches": "sq inch", "square_inch": "sq inch",
}  # fmt: skip


def material_unit(raw: dict[str, Any]) -> str:
    kind = (text(raw, "base_unit_type", "unit") or "each").lower()
    return BASE_UNITS.get(kind, normalise_unit(kind.replace("_", " ")) or "each")


def package_unit(unit: str | None, is_material: bool) -> str | None:
    # A material counted "each" comes in packages of a "count".
    written = normalise_unit(unit)
    if is_material and written in ("count", "ct", "piece", "pieces", "pcs", "unit", "units"):
        return "each"
    return written


# -- collecting -------------------------------------------------------------


def collect_stock(conv: Conversion) -> None:
    """Suppliers (listed, or only named by products and purchases) and products."""
    for raw in conv.items("suppliers", "supplier"):
        conv.record("supplier", raw, text(raw, "name", "display_name"), text(raw, "slug"))
    for key in ("products", "material_products", "purchases", "material_purchases"):
        for raw in conv.export.get(key) or []:
            name = text(raw, *SUPPLIER_REF) if isinstance(raw, dict) else None
            if name and conv.tables["supplier"].find(name) is None:
                conv.record("supplier", {NAMED_ONLY: name}, name, None)
    made = [r for r in conv.tables["supplier"] if NAMED_ONLY in r.raw]
    if made:
        conv.note(f"made {len(made)} supplier(s) from names purchases and products give: {', '.join(r.slug for r in made)}")
    for key, holds in (("products", "ingredient"), ("material_products", "material")):
        for raw in conv.items(key, key[:-1].replace("_", " ")):
            conv.record("product", raw, None, _product_slug(raw, holds), holds=holds)


def _product_slug(raw: dict[str, Any], holds: str) -> str:
    what = text(raw, *(INGREDIENT_REF if holds == "ingredient" else MATERIAL_REF)) or holds
    quantity, unit = _package_parts(raw)
    parts = [text(raw, "brand"), text(raw, "product_name") or what, f"{quantity}{unit}" if quantity else None]
    return fold(" ".join(part for part in parts if part)) or "product"


def _package_parts(raw: dict[str, Any]) -> tuple[str, str]:
    value = first(raw, "package_unit_quantity", "package_quantity")
    try:
        quantity = decimal_text(number(value, "package")) if value is not None else ""
    except BadRecord:
        quantity = ""
    return quantity, text(raw, "package_unit") or ""


def find_product(conv: Conversion, raw: dict[str, Any], holds: str) -> Record:
    """The product a purchase, lot or transaction names, or :class:`BadRecord`."""
    composite = text(raw, "product_slug", "material_product_slug")
    parts = composite.split(":") if composite else []
    keys = INGREDIENT_REF if holds == "ingredient" else MATERIAL_REF
    what = first(raw, *keys) or (parts[0] if parts else None)
    brand = text(raw, "product_brand", "brand") or (parts[1] if len(parts) > 1 else None)
    size = parts[2:4] if len(parts) == 4 else None
    named = text(raw, "product_name")
    if what is None:
        raise BadRecord(f"names no product ({holds} and brand, or product_slug)")
    matches = [
        product
        for product in conv.tables["product"]
        if product.holds == holds
        and fold(str(first(product.raw, *keys) or "")) == fold(str(what))
        and (brand is None or (text(product.raw, "brand") or "").lower() == brand.lower())
        and (named is None or text(product.raw, "product_name") in (None, named))
        and (size is None or _same_size(product.raw, size))
    ]
    if not matches:
        shown = composite or " / ".join(str(p) for p in (what, brand) if p)
        raise BadRecord(f"product {shown!r} is not in the export")
    return matches[0]


def _same_size(raw: dict[str, Any], size: list[str]) -> bool:
    quantity, unit = _package_parts(raw)
    try:
        wanted = decimal_text(number(size[0], "package"))
    except BadRecord:
        return False
    return quantity == wanted and normalise_unit(unit) == normalise_unit(size[1])


# -- building ---------------------------------------------------------------


def build_supplier(conv: Conversion, record: Record, needs: list[Record]) -> dict[str, Any]:
    data = head(record)
    raw = record.raw
    if NAMED_ONLY in raw:
        data["notes"] = "made by import: purchases or products name this supplier; the export had no supplier record"
        return data
    paragraphs = [f"address: {text(raw, 'address')}"] if text(raw, "address") else []
    paragraphs += [value for value in (text(raw, "notes"),) if value]
    if paragraphs:
        data["notes"] = "\n\n".join(paragraphs)
    return data


def build_material(conv: Conversion, record: Record, needs: list[Record]) -> dict[str, Any]:
    raw = record.raw
    data = head(record)
    data["unit"] = material_unit(raw)
    place = text(raw, "category", "subcategory")
    sub = text(raw, "subcategory_slug")
    if place is None and sub is not None:
        named = [text(s, "display_name") for s in conv.export.get("material_subcategories") or [] if isinstance(s, dict) and text(s, "slug") == sub]
        place = named[0] if named and named[0] else sub
    add_notes(data, raw, "description", "notes")
    if place:
        data["notes"] = "\n\n".join(filter(None, (data.get("notes"), f"category: {place}")))
    return data


def build_product(conv: Conversion, record: Record, needs: list[Record]) -> dict[str, Any]:
    raw = record.raw
    holds = record.holds
    keys = INGREDIENT_REF if holds == "ingredient" else MATERIAL_REF
    held = conv.find(holds, first(raw, *keys))
    needs.append(held)
    quantity = positive(first(raw, "package_unit_quantity", "package_quantity"), "package_unit_quantity")
    unit = package_unit(text(raw, "package_unit"), holds == "material")
    if unit is None:
        raise BadRecord("has no package_unit")
    brand = text(raw, "brand")
    what = text(raw, "product_name") or held.name or held.slug
    data: dict[str, Any] = {
        "kind": "product",
        "slug": record.slug,
        "name": f"{' '.join(filter(None, (brand, what)))}, {decimal_text(quantity)} {unit}"[:200],
        holds: held.slug,
        "package": {"quantity": quantity, "unit": unit},
    }
    if brand:
        data["brand"] = brand[:200]
    supplier = _supplier(conv, record)
    if supplier is not None:
        needs.append(supplier)
        data["supplier"] = supplier.slug
    price = _last_price(conv, record)
    if price is not None:
        data["price"] = price
    details = [
        f"{label} {value}"
        for label, value in (
            ("package:", text(raw, "package_size", "package_type")),
            ("UPC", text(raw, "upc_code", "upc")),
            ("GTIN", text(raw, "gtin")),
        )
        if value
    ]
    if first(raw, "is_preferred", "preferred") is True:
        details.append("preferred")
    add_notes(data, raw, "notes")
    if details:
        data["notes"] = "\n\n".join(filter(None, (data.get("notes"), "; ".join(details))))
    return data


def _supplier(conv: Conversion, record: Record) -> Record | None:
    named = text(record.raw, *SUPPLIER_REF)
    if named is None:
        latest = _purchases_of(conv, record)
        named = text(latest[-1][1], *SUPPLIER_REF) if latest else None
    return conv.tables["supplier"].find(named) if named else None


def _purchases_of(conv: Conversion, record: Record) -> list[tuple[str, dict[str, Any]]]:
    """The export's purchases of one product, oldest first, with when."""
    found = []
    key = "purchases" if record.holds == "ingredient" else "material_purchases"
    for raw in conv.export.get(key) or []:
        if not isinstance(raw, dict):
            continue
        try:
            if find_product(conv, raw, record.holds) is not record:
                continue
        except BadRecord:
            continue
        found.append((str(first(raw, "purchased_at", "purchase_date", "at") or ""), raw))
    return sorted(found, key=lambda pair: pair[0])


def _last_price(conv: Conversion, record: Record) -> float | int | None:
    """Price of one package: the latest purchase's, else what the export says."""
    for _, raw in reversed(_purchases_of(conv, record)):
        try:
            return package_price(raw)
        except BadRecord:
            continue
    value = first(record.raw, "last_purchase_price", "last_price", "price")
    try:
        return None if value is None else not_negative(value, "last_purchase_price")
    except BadRecord as exc:
        conv.note(f"{record.label}: price left out ({exc})")
        return None


def package_price(raw: dict[str, Any]) -> float | int:
    """What one package cost in a purchase record (a material purchase's
    ``unit_cost`` is per base unit, so its ``package_price`` comes first)."""
    value = first(raw, "package_price", "unit_price", "unit_cost")
    if value is None:
        total, packages = first(raw, "total_cost"), first(raw, "quantity_purchased", "packages_purchased")
        if total is None or packages is None:
            raise BadRecord("has no price")
        return round(not_negative(total, "total_cost") / positive(packages, "quantity_purchased"), 4)
    return not_negative(value, "unit_cost")


def product_label(record: Record) -> str:
    return f'product "{record.slug}"'


def set_supplier(data: dict[str, Any], conv: Conversion, raw: dict[str, Any]) -> None:
    named = text(raw, *SUPPLIER_REF)
    found = conv.tables["supplier"].find(named) if named else None
    if found is not None:
        data["supplier"] = found.slug
    set_text(data, "note", raw, "notes", "note")
