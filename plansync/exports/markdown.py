"""``export --to markdown``: a document a person reads or prints.

Per event (one, or every event by date): what it is, its plan (the
finished goods to assemble and the batches to bake), its shopping list
(ingredients and packaging supplies to buy, in packages when products are
known), the packaging its goods take and the packages for its recipients.
Every figure comes from the same library functions as the ``plan``,
``shopping`` and ``status`` commands. An event whose files have errors
gets the refusal's text instead of figures (with ``--event``, the export
is refused).
"""

from __future__ import annotations

from typing import Any

from plansync.engine.money import money_text
from plansync.engine.rounding import json_number
from plansync.errors import ProblemsError
from plansync.load.workspace import Workspace
from plansync.plan.inputs import PlanningInputs
from plansync.plan.stock import currency, shopping_in_packages
from plansync.validation.guard import planning_inputs


def plan_document(workspace: Workspace, event: str | None) -> str:
    """The markdown text for ``event``, or for every event (by date, then slug)."""
    if event is not None:
        return "\n".join(_event_section(workspace, planning_inputs(workspace, event, action=f"export {event}")))
    lines = ["# Holiday baking plans", ""]
    events = sorted(workspace.valid("event"), key=lambda d: (str(d.data.get("date")), d.slug or ""))
    if not events:
        lines += ["No events yet.", ""]
    for document in events:
        slug = document.slug or ""
        try:
            inputs = planning_inputs(workspace, slug, action=f"export {slug}")
        except ProblemsError as exc:
            lines += [f"## {_text(document.data.get('name'))} ({slug})", "", "```", str(exc), "```", ""]
            continue
        lines += _event_section(workspace, inputs, level=1)
    return "\n".join(lines)


def _event_section(workspace: Workspace, inputs: PlanningInputs, level: int = 0) -> list[str]:
    h = "#" * level
    event, catalog = inputs.event, inputs.catalog
    lines = [f"{h}# {_text(event.name)} ({event.slug})", ""]
    facts = [f"date {event.date}", f"plan {event.plan_state}", f"definitions from the {inputs.source}"]
    if event.output_mode:
        facts.append(f"output mode {event.output_mode}")
    summary = "; ".join(facts)
    lines += [summary[0].upper() + summary[1:] + ".", ""]
    notes = inputs.document.data.get("notes")
    if notes:
        lines += [_text(notes), ""]

    plan = inputs.plan
    lines += [f"{h}## Plan", ""]
    goods = [[_name(catalog.finished_goods, slug), slug, _number(quantity)] for slug, quantity in plan.goods.items()]
    if goods:
        lines += [f"{h}### Finished goods to assemble", "", *_table(["finished good", "slug", "quantity"], goods)]
    batches = [
        [_name(catalog.finished_units, b["finished_unit"]), b["recipe"], b["needed"], b["per_batch"], b["batches"],
         b["total_yield"], b["extra"]]
        for b in plan.to_json()["batches"]
    ]  # fmt: skip
    if batches:
        columns = ["finished unit", "recipe", "needed", "per batch", "batches", "total", "extra"]
        lines += [f"{h}### Batches to bake", "", *_table(columns, batches)]
    if not goods and not batches:
        lines += ["Nothing planned yet.", ""]
    lines += [f"- warning: {warning}" for warning in plan.warnings] + ([""] if plan.warnings else [])

    shopping = shopping_in_packages(workspace, inputs)
    priced = bool(catalog.products)
    lines += [f"{h}## Shopping list", ""]
    to_buy = [line for line in shopping.items if line.buy > 0]
    if to_buy:
        columns = ["item", "unit", "need", "have", "buy"] + (["product", "packages", "cost", "supplier"] if priced else [])
        rows = []
        for line in to_buy:
            if line.kind == "ingredient":
                item = _name(catalog.ingredients, line.item)
            else:
                item = f"{_name(catalog.materials, line.item)} (packaging)"
            cells: list[Any] = [item, line.unit, _number(line.need), _number(line.have), _number(line.buy)]
            if priced:
                cost = money_text(line.cost) if line.cost is not None else ""
                cells += [line.product or "", line.packages, cost, line.supplier or ""]
            rows.append(cells)
        lines += _table(columns, rows)
        if priced and shopping.total_cost is not None:
            lines += [f"Total: {money_text(shopping.total_cost)} {currency(workspace)}.", ""]
        elif priced:
            lines += [f"Total unknown: no price for {', '.join(shopping.unknown)}.", ""]
    else:
        lines += ["Nothing to buy: the stock on hand covers the plan.", ""]
    lines += [f"- warning: {warning}" for warning in shopping.warnings] + ([""] if shopping.warnings else [])

    lines += [f"{h}## Packaging", ""]
    packaging = [[_name(catalog.material_units, m["material_unit"]), m["material_unit"], m["quantity"]] for m in plan.to_json()["materials"]]
    lines += _table(["material unit", "slug", "quantity"], packaging) if packaging else ["No packaging.", ""]

    lines += [f"{h}## Packages", ""]
    packages = []
    for entry in event.recipients:
        package = catalog.packages.get(entry.package)
        contents = ", ".join(f"{_number(c.quantity)} x {_name(catalog.finished_goods, c.finished_good)}" for c in package.contents) if package else ""
        packages.append([_name(catalog.recipients, entry.recipient), _name(catalog.packages, entry.package), entry.quantity, contents, entry.status])
    lines += _table(["recipient", "package", "quantity", "contents", "status"], packages) if packages else ["No recipients.", ""]
    return lines


def _name(entities: dict[str, Any], slug: str) -> str:
    entity = entities.get(slug)
    return _text(entity.name) if entity is not None and getattr(entity, "name", None) else slug


def _number(value: Any) -> Any:
    return json_number(value) if value is not None and not isinstance(value, (int, float)) else value


def _text(value: Any) -> str:
    return " ".join(str(value if value is not None else "").split())


def _table(columns: list[str], rows: list[list[Any]]) -> list[str]:
    """A pipe table and the blank line that ends it."""

    def cell(value: Any) -> str:
        return _text("" if value is None else value).replace("|", "\\|")

    lines = ["| " + " | ".join(columns) + " |", "|" + "|".join(" --- " for _ in columns) + "|"]
    lines += ["| " + " | ".join(cell(value) for value in row) + " |" for row in rows]
    return [*lines, ""]
