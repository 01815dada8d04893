"""Counting what plansync has no place for, so nothing is lost silently."""

from __future__ import annotations

from plansync_bake_tracker.context import Conversion
from plansync_bake_tracker.reader import RECORD_LISTS

#: Export lists with no plansync kind; they are counted, not converted.
NO_PLACE = (
    "material_categories", "material_subcategories", "inventory_depletions", "event_recipes", "plan_amendments",
)  # fmt: skip


def skipped_note(conv: Conversion) -> str | None:
    """One note: ``skipped: 50 products, 3 purchases, ...`` or ``None``."""
    counts = [(len(conv.export.get(key) or []), key.replace("_", " ")) for key in NO_PLACE]
    counts += [(count, what) for what, count in conv.skipped.items()]
    for key, value in conv.export.items():
        if key not in RECORD_LISTS and isinstance(value, list):
            counts.append((len(value), f"{key} (unknown to this importer)"))
    shown = [f"{count} {what}" for count, what in counts if count]
    if not shown:
        return None
    return "skipped: " + ", ".join(shown) + " (plansync has no place for them)"
