"""``stale``: which frozen definitions of a locked event differ from the catalog now.

By content, not by timestamps: a definition is stale when the sha256 of
the catalog's version differs from the one frozen at lock (or by an
``add_fg`` amendment). Its changes are listed field by field, nested
mappings by key and lists by position (``ingredients[0].quantity``: the
first ingredient line's quantity); a line inserted in the middle of a list
therefore shows as every later position changed. A definition removed
from the catalog is one change with ``field`` null: ``old`` is the frozen
definition, ``new`` null. Nothing is changed: the plan keeps using the
snapshot; this report only informs.
"""

from __future__ import annotations

from typing import Any

from plansync.errors import RefusedError
from plansync.formats.canonical import canonical_json, content_sha256
from plansync.load.workspace import Workspace
from plansync.plan.snapshots import entity_data, frozen_definitions


def field_changes(old: Any, new: Any, path: str = "") -> list[dict[str, Any]]:
    """``[{field, old, new}]`` from ``old`` to ``new``; mappings by key, lists by position."""
    if isinstance(old, dict) and isinstance(new, dict):
        changes: list[dict[str, Any]] = []
        for key in old:
            where = f"{path}.{key}" if path else str(key)
            if key in new:
                changes += field_changes(old[key], new[key], where)
            else:
                changes.append({"field": where, "old": old[key], "new": None})
        for key in new:
            if key not in old:
                changes.append({"field": f"{path}.{key}" if path else str(key), "old": None, "new": new[key]})
        return changes
    if isinstance(old, list) and isinstance(new, list):
        changes = []
        for index in range(max(len(old), len(new))):
            where = f"{path}[{index}]"
            if index >= len(new):
                changes.append({"field": where, "old": old[index], "new": None})
            elif index >= len(old):
                changes.append({"field": where, "old": None, "new": new[index]})
            else:
                changes += field_changes(old[index], new[index], where)
        return changes
    if canonical_json(old) != canonical_json(new):
        return [{"field": path, "old": old, "new": new}]
    return []


def stale_definitions(workspace: Workspace, slug: str) -> list[dict[str, Any]]:
    """``[{kind, slug, changes}]`` by kind then slug; refuses an event
    without a planning snapshot."""
    document = workspace.event(slug)
    found = frozen_definitions(workspace, slug)
    if found is None:
        state = document.data.get("plan_state", "draft")
        if state == "draft":
            raise RefusedError(f"{slug} is not locked: it has no planning snapshot (`plansync lock {slug}` writes it)")
        raise RefusedError(f"{slug} is {state} but has no planning snapshot; restore snapshots/planning.yaml from git")
    _snapshot, definitions = found
    stale = []
    for kind in sorted(definitions):
        for name in sorted(definitions[kind]):
            entry = definitions[kind][name]
            frozen = entity_data(entry)
            current = workspace.get(kind, name)
            if current is None:
                stale.append({"kind": kind, "slug": name, "changes": [{"field": None, "old": frozen, "new": None}]})
            elif content_sha256(current.data) != entry.get("sha256"):
                changes = field_changes(frozen, current.data)
                stale.append({"kind": kind, "slug": name, "changes": changes})
    return stale
