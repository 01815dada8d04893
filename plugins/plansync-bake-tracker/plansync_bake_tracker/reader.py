"""Reading an export file and deciding whether it is one this importer reads.

A file that is not a bake-tracker full export (not JSON, another program's
file, a bake-tracker purchase or view file, an unsupported version) stops
the import with a :class:`~plansync.errors.PlansyncError`: nothing in it can
be trusted to mean what the mapping assumes.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from plansync.plugins import PlansyncError, read_source

APPLICATION = "bake-tracker"
SUPPORTED_VERSIONS = "4.0 to 4.3"
_VERSION = re.compile(r"^4(\.[0-3](\.\d+)*)?$")

#: Record lists a full export may hold; any of them marks a file as an export.
RECORD_LISTS = (
    "suppliers", "ingredients", "products", "purchases", "inventory_items",
    "recipes", "finished_units", "finished_goods", "compositions", "packages",
    "package_finished_goods", "recipients", "events", "event_recipient_packages",
    "event_production_targets", "event_assembly_targets", "production_records",
    "production_runs", "assembly_runs", "material_categories",
    "material_subcategories", "materials", "material_products", "material_units",
    "material_purchases", "material_inventory_items", "inventory_depletions",
    "event_finished_goods", "batch_decisions", "event_recipes", "plan_amendments",
)  # fmt: skip


def read_json(path: Path) -> dict[str, Any]:
    """The file's top-level JSON object, or a PlansyncError saying why not."""
    where = str(path)
    try:
        raw = read_source(path)  # the file that was checked, never past the import's bound
    except OSError as exc:
        raise PlansyncError(f"cannot read the export: {exc.strerror or exc}", path=where) from None
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise PlansyncError("not a bake-tracker export: the file is not UTF-8 text", path=where) from None
    except json.JSONDecodeError as exc:
        raise PlansyncError(
            f"not a bake-tracker export: the file is not valid JSON ({exc.msg})",
            path=where, line=exc.lineno, column=exc.colno,
        ) from None  # fmt: skip
    if not isinstance(data, dict):
        raise PlansyncError(
            f"not a bake-tracker export: the file holds a JSON {type(data).__name__}, not an object", path=where
        )
    return data


def is_transactions(data: dict[str, Any]) -> bool:
    """A mobile transaction file (purchases, inventory counts, adjustments)."""
    return "import_type" in data


def read_export(path: Path, data: dict[str, Any] | None = None) -> tuple[dict[str, Any], list[str]]:
    """The export's top-level object, and notes about its header."""
    data = read_json(path) if data is None else data
    return data, _check_header(data, str(path))


def _check_header(data: dict[str, Any], where: str) -> list[str]:
    application = data.get("application")
    if application is not None and application != APPLICATION:
        raise PlansyncError(
            f"not a bake-tracker export: application is {application!r}, expected {APPLICATION!r}", path=where
        )
    if "_meta" in data or "view_type" in data:
        raise PlansyncError(
            "this is a bake-tracker view export, not a full export;"
            " export a backup from bake-tracker (File > Export Data...)",
            path=where,
        )
    version = data.get("version")
    present = [key for key in RECORD_LISTS if key in data]
    catalog = _catalog_version(version, present)
    if version is not None and not _VERSION.match(str(version)) and catalog is None:
        raise PlansyncError(
            f"unsupported bake-tracker export version {str(version)!r}; plansync reads versions {SUPPORTED_VERSIONS}"
            f" and the catalog files ({', '.join(f'{k} {v}' for v, k in _CATALOG_FILES)})",
            path=where,
        )
    if application is None and version is None and not present:
        raise PlansyncError(
            "not a bake-tracker export: no application, no version and none of its record lists", path=where
        )
    for key in present:
        if data[key] is not None and not isinstance(data[key], list):
            raise PlansyncError(f"malformed export: {key!r} is not a list", path=where)
    if version is None:
        return [f"the export names no version; read as a bake-tracker {SUPPORTED_VERSIONS} export"]
    if catalog is not None:
        return [f"read as a bake-tracker {catalog} catalog file (version {version})"]
    return []


#: The program's catalog files: (version, what they list). A file of one of
#: these versions is read as a catalog file when it lists only those.
_CATALOG_FILES = (
    ("1.0", "recipes, materials"),
    ("3.5", "ingredients, products, inventory_items"),
)


def _catalog_version(version: Any, present: list[str]) -> str | None:
    for written, lists in _CATALOG_FILES:
        allowed = set(lists.split(", ")) | {"material_products", "finished_units", "suppliers"}
        if str(version) == written and present and set(present) <= allowed:
            return " and ".join(key.replace("_", " ") for key in present)
    return None
