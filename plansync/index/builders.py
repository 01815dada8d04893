"""From a validated document to the rows it puts in the index, by table name.

Each builder yields ``(table name, row)``; rows carry the document's
``file_path`` so its rows can be replaced as a unit. No SQLAlchemy here:
the sqlite3 writer (:mod:`plansync.index.litewrite`) uses these as they are,
:mod:`plansync.index.rows` pairs them with the SQLAlchemy tables.
"""

from __future__ import annotations

import json
from typing import Any, Callable, Iterator

Rows = Iterator[tuple[str, dict[str, Any]]]


def _ingredient(path: str, d: dict) -> Rows:
    density = d.get("density") or {}
    yield "ingredients", {
        "slug": d["slug"], "file_path": path, "name": d["name"], "category": d.get("category"),
        "description": d.get("description"), "density_volume": density.get("volume"),
        "density_mass": density.get("mass"), "aisle": d.get("aisle"), "notes": d.get("notes"),
    }  # fmt: skip


def _recipe(path: str, d: dict) -> Rows:
    slug = d["slug"]
    yield "recipes", {
        "slug": slug, "file_path": path, "name": d["name"], "category": d.get("category"),
        "source": d.get("source"), "notes": d.get("notes"), "base": d.get("base"), "variant": d.get("variant"),
    }  # fmt: skip
    for i, line in enumerate(d.get("ingredients", ())):
        yield "recipe_ingredients", {
            "file_path": path, "recipe": slug, "position": i, "ingredient": line["ingredient"],
            "quantity": line["quantity"], "unit": line["unit"], "note": line.get("note"),
        }  # fmt: skip
    for i, sub in enumerate(d.get("components", ())):
        yield "recipe_components", {
            "file_path": path, "recipe": slug, "position": i, "sub_recipe": sub["recipe"], "batches": sub["batches"],
        }  # fmt: skip


def _finished_unit(path: str, d: dict) -> Rows:
    spec = d["yield"]
    yield "finished_units", {
        "slug": d["slug"], "file_path": path, "name": d["name"], "recipe": d["recipe"],
        "category": d.get("category"), "notes": d.get("notes"), "yield_mode": spec["mode"],
        "unit": spec.get("unit"), "batch_percentage": spec.get("batch_percentage"), "portion": spec.get("portion"),
    }  # fmt: skip
    for i, option in enumerate(spec.get("options", ())):
        yield "yield_options", {
            "file_path": path, "finished_unit": d["slug"], "position": i,
            "per_batch": option["per_batch"], "batch_multiplier": option.get("batch_multiplier", 1),
        }  # fmt: skip


def _material_unit(path: str, d: dict) -> Rows:
    yield "material_units", {
        "slug": d["slug"], "file_path": path, "name": d["name"], "material": d["material"],
        "quantity_per_unit": d["quantity_per_unit"], "unit": d["unit"], "notes": d.get("notes"),
    }  # fmt: skip


def _finished_good(path: str, d: dict) -> Rows:
    slug = d["slug"]
    yield "finished_goods", {
        "slug": slug, "file_path": path, "name": d["name"], "assembly_type": d["assembly_type"],
        "category": d.get("category"), "notes": d.get("notes"),
    }  # fmt: skip
    for i, c in enumerate(d["components"]):
        yield "finished_good_components", {
            "file_path": path, "finished_good": slug, "position": i, "finished_unit": c.get("finished_unit"),
            "component_good": c.get("finished_good"), "material_unit": c.get("material_unit"), "quantity": c["quantity"],
        }  # fmt: skip


def _recipient(path: str, d: dict) -> Rows:
    yield "recipients", {
        "slug": d["slug"], "file_path": path, "name": d["name"], "household": d.get("household"),
        "address": d.get("address"), "notes": d.get("notes"),
    }  # fmt: skip


def _package(path: str, d: dict) -> Rows:
    yield "packages", {"slug": d["slug"], "file_path": path, "name": d["name"], "notes": d.get("notes")}
    for i, c in enumerate(d["contents"]):
        yield "package_contents", {
            "file_path": path, "package": d["slug"], "position": i,
            "finished_good": c["finished_good"], "quantity": c["quantity"],
        }  # fmt: skip


def _inventory(path: str, d: dict) -> Rows:
    as_of = str(d["as_of"]) if d.get("as_of") is not None else None
    for i, item in enumerate(d["items"]):
        yield "inventory_items", {
            "file_path": path, "position": i, "ingredient": item.get("ingredient"), "material": item.get("material"),
            "finished_unit": item.get("finished_unit"), "finished_good": item.get("finished_good"),
            "recipe": item.get("recipe"), "quantity": item.get("quantity", item.get("batches")),
            "unit": item.get("unit", "batch" if "recipe" in item else None), "unit_cost": item.get("unit_cost"),
            "as_of": as_of, "note": item.get("note"),
        }  # fmt: skip


def _material(path: str, d: dict) -> Rows:
    yield "materials", {
        "slug": d["slug"], "file_path": path, "name": d["name"], "unit": d["unit"], "aisle": d.get("aisle"),
        "notes": d.get("notes"),
    }  # fmt: skip


def _supplier(path: str, d: dict) -> Rows:
    yield "suppliers", {"slug": d["slug"], "file_path": path, "name": d["name"], "notes": d.get("notes")}
    for i, aisle in enumerate(d.get("aisles", ())):
        yield "supplier_aisles", {"file_path": path, "supplier": d["slug"], "position": i, "aisle": aisle}


def _product(path: str, d: dict) -> Rows:
    yield "products", {
        "slug": d["slug"], "file_path": path, "name": d["name"], "ingredient": d.get("ingredient"),
        "material": d.get("material"), "package_quantity": d["package"]["quantity"], "package_unit": d["package"]["unit"],
        "brand": d.get("brand"), "supplier": d.get("supplier"), "price": d.get("price"), "aisle": d.get("aisle"),
        "notes": d.get("notes"),
    }  # fmt: skip


def _purchases(path: str, d: dict) -> Rows:
    for line in d["purchases"]:
        yield "purchases", {
            "file_path": path, "seq": line["seq"], "at": str(line["at"]), "product": line["product"],
            "packages": line["packages"], "price": line.get("price"), "supplier": line.get("supplier"),
            "note": line.get("note"),
        }  # fmt: skip


def _event(path: str, d: dict) -> Rows:
    slug = d["slug"]
    yield "events", {
        "slug": slug, "file_path": path, "name": d["name"], "date": str(d["date"]),
        "output_mode": d.get("output_mode"), "plan_state": d.get("plan_state", "draft"),
        "expected_attendees": d.get("expected_attendees"), "notes": d.get("notes"),
        "shopping_completed_at": d.get("shopping_completed_at"),
    }  # fmt: skip
    for i, g in enumerate(d.get("finished_goods", ())):
        yield "event_finished_goods", {
            "file_path": path, "event": slug, "position": i, "finished_good": g["finished_good"], "quantity": g["quantity"],
        }  # fmt: skip
    for i, u in enumerate(d.get("finished_units", ())):
        yield "event_finished_units", {
            "file_path": path, "event": slug, "position": i, "finished_unit": u["finished_unit"], "quantity": u["quantity"],
        }  # fmt: skip
    for i, b in enumerate(d.get("batch_decisions", ())):
        yield "batch_decisions", {
            "file_path": path, "event": slug, "position": i, "finished_unit": b["finished_unit"],
            "batches": b["batches"], "accept_shortfall": bool(b.get("accept_shortfall", False)), "note": b.get("note"),
        }  # fmt: skip
    for i, r in enumerate(d.get("recipients", ())):
        yield "event_recipients", {
            "file_path": path, "event": slug, "position": i, "recipient": r["recipient"], "package": r["package"],
            "quantity": r.get("quantity", 1), "status": r.get("status", "pending"),
        }  # fmt: skip


def _amendments(path: str, d: dict) -> Rows:
    for a in d["amendments"]:
        yield "amendments", {
            "file_path": path, "event": d["event"], "seq": a["seq"], "type": a["type"], "at": str(a["at"]),
            "reason": a["reason"], "data": json.dumps(a["data"], sort_keys=True, ensure_ascii=False),
        }  # fmt: skip


def _runs(path: str, d: dict) -> Rows:
    event = d.get("event")
    for r in d.get("production", ()):
        yield "production_runs", {
            "file_path": path, "event": event, "seq": r["seq"], "at": str(r["at"]), "finished_unit": r["finished_unit"],
            "recipe": r["recipe"], "batches": r["batches"], "expected_yield": r["expected_yield"],
            "actual_yield": r["actual_yield"], "loss_status": r["loss_status"], "snapshot": r["snapshot"],
        }  # fmt: skip
    for r in d.get("assembly", ()):
        yield "assembly_runs", {
            "file_path": path, "event": event, "seq": r["seq"], "at": str(r["at"]),
            "finished_good": r["finished_good"], "quantity": r["quantity"], "snapshot": r["snapshot"],
        }  # fmt: skip


def _snapshot(path: str, d: dict) -> Rows:
    payload = {k: d[k] for k in ("definitions", "plan") if k in d}
    yield "snapshots", {
        "file_path": path, "event": d["event"], "snapshot_type": d["snapshot_type"], "created_at": str(d["created_at"]),
        "content_sha256": d["content_sha256"], "payload": json.dumps(payload, sort_keys=True, ensure_ascii=False),
    }  # fmt: skip


BUILDERS: dict[str, Callable[[str, dict], Rows]] = {
    "ingredient": _ingredient,
    "recipe": _recipe,
    "finished_unit": _finished_unit,
    "material_unit": _material_unit,
    "finished_good": _finished_good,
    "recipient": _recipient,
    "package": _package,
    "inventory": _inventory,
    "material": _material,
    "supplier": _supplier,
    "product": _product,
    "purchases": _purchases,
    "event": _event,
    "amendments": _amendments,
    "runs": _runs,
    "snapshot": _snapshot,
}


def rows_of(kind: str, path: str, data: dict) -> Rows:
    return BUILDERS[kind](path, data)
