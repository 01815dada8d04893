"""The built-in validation rules, registered like any plugin's."""

from __future__ import annotations

from typing import Callable

from plansync.plugins import Rule, hookimpl
from plansync.validation import (
    catalog_rules,
    event_rules,
    layout_rules,
    lifecycle_rules,
    log_rules,
    plan_rules,
    run_rules,
    stock_rules,
    unit_rules,
)

BUILTIN_RULES = (
    Rule("duplicate-slug", "a slug is declared once per kind", catalog_rules.duplicate_slugs),
    Rule("file-name", "a catalog file is named for its slug, an event file sits in events/<slug>/", layout_rules.file_names),
    Rule("event-folder", "one event file per event folder", layout_rules.event_folders),
    Rule(
        "unknown-reference",
        "every slug reference resolves to an entity of the right kind (or, for a locked event, one its snapshot keeps)",
        catalog_rules.unknown_references,
    ),
    Rule("cycle", "finished goods nest without cycles, at most 10 deep", catalog_rules.good_nesting),
    Rule("recipe-cycle", "sub-recipes nest without cycles, at most 3 deep", catalog_rules.recipe_nesting),
    Rule("bare-good", "a bare finished good wraps exactly one finished unit", catalog_rules.bare_goods),
    Rule("unknown-material", "every material named has its material file", catalog_rules.inventory_materials),
    Rule("unknown-unit", "a unit is a measure or a count, not a misspelt measure", unit_rules.unknown_units),
    Rule("product-unit", "a product's package converts to what it holds", stock_rules.product_units),
    Rule("purchase-seq", "purchase lines are numbered once each", stock_rules.purchase_numbers),
    Rule("output-mode", "an event's plan matches its output_mode", event_rules.output_mode),
    Rule("duplicate-entry", "one plan entry per good, unit, decision and recipient package", event_rules.unique_entries),
    Rule("batch-shortfall", "a batch decision below the need says accept_shortfall: true", plan_rules.batch_shortfall),
    Rule("edited-after-creation", "a snapshot still matches its content_sha256", lifecycle_rules.edited_after_creation),
    Rule("frozen-definition", "every frozen definition is a sound entity of its kind", lifecycle_rules.frozen_definitions),
    Rule("plan-state", "an event's plan_state agrees with its snapshots", lifecycle_rules.plan_state),
    Rule("locked-plan", "a locked plan changes only through amendments", lifecycle_rules.locked_plan),
    Rule("run-yield", "a production run gives at most its expected yield, with the loss status its yields give", run_rules.run_yields),
    Rule("append-only", "runs, amendments and purchases committed in git are never edited or removed", log_rules.append_only),
)


@hookimpl
def register_rules(register: Callable[[Rule], None]) -> None:
    for rule in BUILTIN_RULES:
        register(rule)
