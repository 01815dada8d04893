"""The purchase log: ingredient and material purchases, oldest first.

plansync's ``purchases.yaml`` numbers its lines 1, 2, 3... in the order
they were bought and keeps the total paid per line; bake-tracker keeps the
price per package. Lines are sorted by when, then by their place in the
export, so the same export always numbers them the same way.
"""

from __future__ import annotations

from typing import Any

from plansync_bake_tracker.context import Conversion
from plansync_bake_tracker.shapes import timestamp
from plansync_bake_tracker.stock import find_product, package_price, set_supplier
from plansync_bake_tracker.values import BadRecord, first, positive

#: export list, what its products hold, words for messages.
_LISTS = (("purchases", "ingredient", "purchase"), ("material_purchases", "material", "material purchase"))


def purchase_lines(conv: Conversion) -> list[dict[str, Any]]:
    """Every purchase of the export as a plansync purchase line (without seq)."""
    timed = []
    position = 0
    for key, holds, words in _LISTS:
        for raw in conv.items(key, words):
            position += 1
            label = f'{words} "{_name(raw)}"'
            try:
                when, line = _line(conv, raw, holds)
            except BadRecord as exc:
                conv.problem(label, str(exc))
                continue
            timed.append((when, position, line))
    return [line for _, _, line in sorted(timed, key=lambda t: t[:2])]


def purchases_document(lines: list[dict[str, Any]]) -> dict[str, Any] | None:
    if not lines:
        return None
    return {"kind": "purchases", "purchases": [{"seq": seq, **line} for seq, line in enumerate(lines, start=1)]}


def _name(raw: dict[str, Any]) -> str:
    what = first(raw, "product_slug", "material_product_slug", "ingredient_slug", "material_slug", "upc") or "?"
    when = first(raw, "purchased_at", "purchase_date", "scanned_at")
    return f"{what} at {when}" if when else str(what)


def _line(conv: Conversion, raw: dict[str, Any], holds: str) -> tuple[Any, dict[str, Any]]:
    product = find_product(conv, raw, holds)
    if ("product", product.slug) not in conv.built:
        raise BadRecord(f"uses {product.label}, which was left out")
    written = first(raw, "purchased_at", "purchase_date", "scanned_at", "at")
    if written is None:
        raise BadRecord("has no purchased_at")
    at, when = timestamp(written, "purchased_at")
    packages = positive(first(raw, "quantity_purchased", "packages_purchased", "packages"), "quantity_purchased")
    line: dict[str, Any] = {"at": at, "product": product.slug, "packages": packages}
    total = first(raw, "total_cost")
    try:
        price = positive(total, "total_cost") if total is not None else package_price(raw) * packages
    except BadRecord:
        price = None  # a purchase without a price still moved the stock
    if price is not None:
        line["price"] = round(price, 2)
    set_supplier(line, conv, raw)
    return when, line
