"""The mobile transaction files: purchases and inventory counts.

They name products (by UPC, or ``ingredient:brand:size:unit``) that the
repository already holds, so they are read against it: purchases are added
to ``purchases.yaml`` after the lines already there (a line already
recorded is not added twice), and a count replaces the counted items'
lines in ``inventory.yaml``. Products are found by the UPC or GTIN their
notes carry (the import of a full export writes them there) or by what they
hold, brand and package.
"""

from __future__ import annotations

import re
from typing import Any, Callable

from plansync.plugins import ImportPlan, PlansyncError
from plansync_bake_tracker.checks import validated
from plansync_bake_tracker.context import Conversion
from plansync_bake_tracker.shapes import timestamp
from plansync_bake_tracker.slugs import fold
from plansync_bake_tracker.units import normalise_unit
from plansync_bake_tracker.values import BadRecord, first, not_negative, number, positive, text

Current = Callable[[str], Any]
_CODE = re.compile(r"\b(?:UPC|GTIN) (\d+)")
#: import_type -> the list it holds and words for one of its records.
_TYPES = {
    "purchases": ("purchases", "purchase"),
    "inventory_updates": ("inventory_updates", "inventory count"),
    "adjustments": ("adjustments", "adjustment"),
}


class _Repository:
    """What the repository holds that transaction records name."""

    def __init__(self, current: Current) -> None:
        self.current = current
        self.context = [
            (path, data)
            for folder in ("catalog/products/", "catalog/suppliers/", "catalog/ingredients/", "catalog/materials/")
            for path, data in sorted((current(folder) or {}).items())
            if isinstance(data, dict)
        ]
        self.products = [data for _, data in self.context if data.get("kind") == "product"]
        self.suppliers = [data for _, data in self.context if data.get("kind") == "supplier"]

    def product(self, raw: dict[str, Any]) -> dict[str, Any]:
        codes = {str(code).lstrip("0") for code in (first(raw, "upc"), first(raw, "gtin")) if code is not None}
        for product in self.products:
            if codes & {code.lstrip("0") for code in _CODE.findall(str(product.get("notes", "")))}:
                return product
        composite = text(raw, "product_slug")
        parts = composite.split(":") if composite else []
        if len(parts) == 4:
            for product in self.products:
                held = product.get("ingredient") or product.get("material")
                package = product.get("package", {})
                if (
                    held == fold(parts[0])
                    and str(product.get("brand", "")).lower() == parts[1].lower()
                    and _same(package.get("quantity"), parts[2])
                    and normalise_unit(str(package.get("unit"))) == normalise_unit(parts[3])
                ):
                    return product
        shown = composite or ", ".join(f"{k.upper()} {v}" for k, v in (("upc", raw.get("upc")), ("gtin", raw.get("gtin"))) if v)
        raise BadRecord(
            f"product {shown or '?'} is not in the repository (import the full export first: its products carry their UPCs)"
        )

    def supplier(self, name: str | None) -> tuple[str | None, dict[str, Any] | None]:
        """The supplier slug a name means, and a new supplier file when there is none."""
        if not name:
            return None, None
        for supplier in self.suppliers:
            if fold(name) in (supplier.get("slug"), fold(str(supplier.get("name", "")))):
                return supplier["slug"], None
        slug = fold(name) or "supplier"
        made = {"kind": "supplier", "slug": slug, "name": name[:200], "notes": "made by import from a purchase file"}
        self.suppliers.append(made)
        return slug, made


def _same(quantity: Any, written: str) -> bool:
    try:
        return float(quantity) == float(number(written, "package"))
    except (BadRecord, TypeError, ValueError):
        return False


def convert_transactions(data: dict[str, Any], current: Current | None, where: str) -> ImportPlan:
    kind = str(data.get("import_type"))
    if kind not in _TYPES:
        raise PlansyncError(f"unknown bake-tracker transaction file type {kind!r} (known: {', '.join(_TYPES)})", path=where)
    if current is None:
        raise PlansyncError("a transaction file is read against the repository; run it through `plansync import`")
    key, words = _TYPES[kind]
    conv = Conversion({key: data.get(key)})
    records = conv.items(key, words)
    repository = _Repository(current)
    if kind == "adjustments":
        conv.note(
            f"skipped: {len(records)} adjustments (plansync keeps stock as counts and purchases:"
            " count the adjusted items and import that count instead)"
        )
        return ImportPlan(problems=conv.problems, notes=conv.notes)
    documents: list[tuple[str, dict[str, Any]]] = []
    if kind == "purchases":
        documents = _purchases(conv, data, records, repository)
    else:
        documents = _count(conv, data, records, repository)
    labels = {path: f"{doc['kind']} {path}" for path, doc in documents}
    kept = validated(conv, documents, labels, context=repository.context)
    return ImportPlan(
        documents=kept,
        problems=conv.problems,
        notes=conv.notes,
        create_only={path for path, doc in kept if doc["kind"] == "supplier"},
    )


def _purchases(conv: Conversion, data: dict[str, Any], records: list[dict[str, Any]], repository: _Repository) -> list:
    log = repository.current("purchases.yaml") or {"kind": "purchases", "purchases": []}
    lines = list(log.get("purchases") or [])
    known = {(line.get("at"), line.get("product"), line.get("packages")) for line in lines if isinstance(line, dict)}
    seq = max((line.get("seq", 0) for line in lines if isinstance(line, dict)), default=0)
    made: dict[str, dict[str, Any]] = {}
    added = already = 0
    for position, raw in enumerate(records, start=1):
        try:
            product = repository.product(raw)
            at = timestamp(first(raw, "purchased_at", "scanned_at") or _required(data, "created_at"), "purchased_at")[0]
            packages = positive(first(raw, "quantity_purchased", "packages"), "quantity_purchased")
            written = first(raw, "unit_price", "unit_cost")
            price = None if written is None else not_negative(written, "unit_price")
        except BadRecord as exc:
            conv.problem(f"purchase #{position}", str(exc))
            continue
        if (at, product["slug"], packages) in known:
            already += 1
            continue
        seq += 1
        line: dict[str, Any] = {"seq": seq, "at": at, "product": product["slug"], "packages": packages}
        if price is not None:
            line["price"] = round(price * packages, 2)
        supplier, new = repository.supplier(text(raw, "supplier") or text(data, "supplier"))
        if supplier:
            line["supplier"] = supplier
        if new is not None:
            made[f"catalog/suppliers/{new['slug']}.yaml"] = new
        note = text(raw, "notes")
        if note:
            line["note"] = note
        lines.append(line)
        known.add((at, product["slug"], packages))
        added += 1
    conv.note(f"purchases: {added} added to purchases.yaml, {already} already there")
    return [*made.items(), ("purchases.yaml", {**log, "purchases": lines})] if lines else list(made.items())


def _required(data: dict[str, Any], key: str) -> Any:
    value = first(data, key)
    if value is None:
        raise BadRecord(f"has no time (and the file has no {key})")
    return value


def tidy(value: float) -> float | int:
    rounded = round(value, 6)
    return int(rounded) if float(rounded).is_integer() else rounded


def _counted(item: Any, marks: dict[tuple[str, str], set[str]]) -> bool:
    if not isinstance(item, dict):
        return False
    for holds in ("ingredient", "material"):
        found = marks.get((holds, item.get(holds)))
        if found is not None:
            note = str(item.get("note", ""))
            return any(note.startswith(mark) or note == mark.rstrip(";") for mark in found)
    return False


def _count(conv: Conversion, data: dict[str, Any], records: list[dict[str, Any]], repository: _Repository) -> list:
    """Each counted product as a line of its ingredient or material, at the count's time."""
    counted: dict[tuple[str, str, str], dict[str, Any]] = {}
    marks: dict[tuple[str, str], set[str]] = {}
    times = []
    for position, raw in enumerate(records, start=1):
        try:
            product = repository.product(raw)
            share = not_negative(first(raw, "remaining_percentage"), "remaining_percentage")
            if share > 100:
                raise BadRecord(f"remaining_percentage {share!r} is more than 100")
            at, when = timestamp(first(raw, "scanned_at") or _required(data, "created_at"), "scanned_at")
        except BadRecord as exc:
            conv.problem(f"inventory count #{position}", str(exc))
            continue
        times.append((when, at))
        holds = "ingredient" if "ingredient" in product else "material"
        package = product["package"]
        key = (holds, product[holds], package["unit"])
        line = counted.setdefault(key, {holds: product[holds], "quantity": 0, "unit": package["unit"]})
        # bake-tracker counts what is left of a package, as a share of it.
        line["quantity"] = tidy(line["quantity"] + package["quantity"] * share / 100)
        if "price" in product:
            line["unit_cost"] = round(product["price"] / package["quantity"], 6)
        line["note"] = "; ".join(filter(None, (line.get("note"), f"{product['slug']}: {share}% left at {at}")))
        marks.setdefault((holds, product[holds]), set()).update({f"{product['slug']}:", f"{product.get('brand', '')};"})
    if not counted:
        return []
    inventory = repository.current("inventory.yaml") or {"kind": "inventory", "items": []}
    # A count replaces the lines of the products it counted (by the brand or
    # product the line's note starts with); other products' lines stay.
    items = [item for item in inventory.get("items") or [] if not _counted(item, marks)]
    latest = max(times)[1]
    document = {"kind": "inventory", **inventory, "as_of": max(latest, str(inventory.get("as_of") or ""))}
    document["items"] = items + list(counted.values())
    conv.note(
        f"inventory count: {len(counted)} item(s) counted at {latest}; inventory.yaml as_of is now {document['as_of']}"
        " (items not in this count keep their earlier numbers)"
    )
    return [("inventory.yaml", document)]
