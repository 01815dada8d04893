"""An event's pages: the overview with its forms, and each report."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from plansync.audit.history import history
from plansync.engine.money import money_text
from plansync.engine.progress import progress_from
from plansync.engine.rounding import json_number
from plansync.engine.wording import counted
from plansync.errors import PlansyncError
from plansync.lifecycle.compare import compare_event
from plansync.lifecycle.stale import stale_definitions
from plansync.load.workspace import Workspace
from plansync.plan.amendlog import describe, logged
from plansync.plan.inputs import PlanningInputs
from plansync.plan.stock import currency, event_cost, feasibility, shopping_in_packages
from plansync.plan.summary import summarize
from plansync.validation.guard import planning_inputs
from plansync.web.api import flag
from plansync.web.render import Bar, Link, Section, Table, page
from plansync.web.site import Site

REPORTS = ("plan", "shopping", "feasibility", "progress", "cost", "compare", "stale", "history")


def catalog_link(kind: str, slug: str) -> Link:
    return Link(slug, f"/catalog/{kind}/{slug}")


def overview(request: Request, site: Site, slug: str, *, error: str | None = None, status: int = 200) -> Response:
    workspace = site.workspace()
    inputs = planning_inputs(workspace, slug)
    summary = summarize(workspace, inputs)
    data = summary.to_json()
    progress = progress_from(inputs.plan, inputs.event, inputs.production_runs, inputs.assembly_runs).to_json()
    shopping = data["shopping"]
    if shopping["completed_at"]:
        shopping_text = f"done at {shopping['completed_at']}"
    else:
        shopping_text = f"{counted(shopping['to_buy'], 'ingredient')} to buy"
        if shopping["to_buy_cost"] is not None and shopping["to_buy"]:
            shopping_text += f", {money_text(summary.to_buy_cost)} {summary.currency}"
    rows: list[list[Any]] = [
        ["state", data["state"]],
        ["shopping", Link(shopping_text, f"/events/{slug}/shopping")],
        ["planned cost", Link(f"{money_text(summary.planned_cost)} {summary.currency}", f"/events/{slug}/cost")],
        ["production", Bar(data["production_pct"]) if data["production_pct"] is not None else "nothing to bake"],
        ["assembly", Bar(data["assembly_pct"]) if data["assembly_pct"] is not None else "nothing to assemble"],
        ["progress", data["status"]],
        ["packages", ", ".join(f"{n} {state}" for state, n in data["packages"].items())],
    ]
    tables = [Table(["summary", "where it stands"], rows, css="summary"), *progress_tables(slug, progress)]
    recipients = [
        [catalog_link("recipient", r.recipient), catalog_link("package", r.package) if r.package else "", r.status]
        for r in inputs.event.recipients
    ]
    return page(
        request,
        site,
        "event.html",
        status=status,
        title=f"{data['name']} ({slug})",
        error=error,
        event=data,
        slug=slug,
        reports=REPORTS,
        tables=tables,
        recipients=Table(["recipient", "package", "status"], recipients, title="Packages", empty="no recipients"),
        choices=form_choices(workspace, inputs),
    )


def progress_tables(slug: str, progress: dict[str, Any]) -> list[Table]:
    production = Table(
        ["finished unit", "batches", "progress", "remaining"],
        [[catalog_link("finished_unit", p["finished_unit"]), f"{p['produced_batches']} of {p['target_batches']}", Bar(p["pct"]), p["remaining"]]
         for p in progress["production"]],  # fmt: skip
        title="Production",
        empty=f"{slug} has nothing to bake",
    )
    assembly = Table(
        ["finished good", "assembled", "progress", "remaining"],
        [[catalog_link("finished_good", a["finished_good"]), f"{a['assembled']} of {a['target']}", Bar(a["pct"]), a["remaining"]]
         for a in progress["assembly"]],  # fmt: skip
        title="Assembly",
        empty=f"{slug} assembles nothing",
    )
    return [production, assembly]


def form_choices(workspace: Workspace, inputs: PlanningInputs) -> dict[str, list[str]]:
    """What the forms offer: the plan's units and goods, the event's
    recipients, every product and every good of the catalog."""
    return {
        "finished_units": [line.finished_unit for line in inputs.plan.batches],
        "finished_goods": [g.finished_good for g in inputs.event.finished_goods],
        "all_finished_goods": workspace.slugs("finished_good"),
        "recipients": sorted({r.recipient for r in inputs.event.recipients}),
        "products": workspace.slugs("product"),
    }


def report(request: Request, site: Site, slug: str, name: str) -> Response:
    """A report in the event's frame; a refusal (a draft has no snapshot to
    be stale against, files with errors cannot be planned) is shown in it."""
    workspace = site.workspace()
    workspace.event(slug)
    try:
        return _report(request, site, workspace, slug, name)
    except PlansyncError as refused:
        return page(request, site, "report.html", status=409, title=f"{name.capitalize()}: {slug}", slug=slug, name=name,
                    reports=REPORTS, section=Section(), error=str(refused))  # fmt: skip


def _report(request: Request, site: Site, workspace: Workspace, slug: str, name: str) -> Response:
    if name == "history":
        return history_page(request, site, workspace, slug)
    if name == "compare":
        section = compare_section(workspace, slug)
    elif name == "stale":
        section = stale_section(workspace, slug)
    else:
        inputs = planning_inputs(workspace, slug)
        if name == "shopping":
            return shopping_page(request, site, workspace, inputs)
        section = BUILDERS[name](workspace, inputs, request)
    return page(request, site, "report.html", title=f"{name.capitalize()}: {slug}", slug=slug, name=name,
                reports=REPORTS, section=section)  # fmt: skip


def plan_section(workspace: Workspace, inputs: PlanningInputs, request: Request) -> Section:
    data = inputs.plan_json()
    batches = Table(
        ["finished unit", "recipe", "needed", "per batch", "batches", "total", "extra", "waste %", "decision"],
        [[catalog_link("finished_unit", b["finished_unit"]), catalog_link("recipe", b["recipe"]), b["needed"], b["per_batch"],
          b["batches"], b["total_yield"], b["extra"], b["waste_pct"], b["decision"]] for b in data["batches"]],  # fmt: skip
        title=f"Batches ({data['state']}, from the {data['source']})",
        empty="plans nothing yet: list finished_goods or finished_units in the event's file",
    )
    materials = Table(["material unit", "quantity"], [[catalog_link("material_unit", m["material_unit"]), m["quantity"]] for m in data["materials"]], title="Packaging")
    return Section([batches, materials], [f"warning: {w}" for w in inputs.plan.warnings])


def feasibility_section(workspace: Workspace, inputs: PlanningInputs, request: Request) -> Section:
    produced = flag(request.query_params, "produced")
    data = feasibility(workspace, inputs, produced=produced).to_json()
    rows = []
    for good in data["finished_goods"]:
        short = "; ".join(f"{s['short']} more {s.get('finished_unit') or s.get('material_unit')}" for s in good["shortfalls"])
        rows.append([catalog_link("finished_good", good["finished_good"]), f"{good['can_assemble']} of {good['quantity']}", good["status"], short])
    against = "what is produced and in stock" if produced else "the planned output"
    table = Table(["finished good", "can assemble", "status", "short"], rows, title=f"Assembly check against {against}", empty="assembles no finished goods")
    return Section([table], [f"status: {data['status']}"])


def progress_section(workspace: Workspace, inputs: PlanningInputs, request: Request) -> Section:
    data = progress_from(inputs.plan, inputs.event, inputs.production_runs, inputs.assembly_runs).to_json()
    return Section(progress_tables(inputs.event.slug, data), [f"status: {data['status']}"])


def cost_section(workspace: Workspace, inputs: PlanningInputs, request: Request) -> Section:
    result = event_cost(workspace, inputs)
    money = result.currency
    batches = Table(
        ["finished unit", "recipe", "batches", f"batch ({money})", f"each ({money})", f"cost ({money})"],
        [[catalog_link("finished_unit", b.line.finished_unit), catalog_link("recipe", b.line.recipe), json_number(b.line.batches),
          money_text(b.batch_cost), money_text(b.unit_cost), money_text(b.cost)] for b in result.batches],  # fmt: skip
        title="Batches",
    )
    goods = Table(
        ["finished good", "quantity", f"each ({money})", f"cost ({money})"],
        [[catalog_link("finished_good", g.finished_good), json_number(g.quantity), money_text(g.unit_cost), money_text(g.cost)] for g in result.finished_goods],
        title="Finished goods",
    )
    packages = Table(["package", f"each ({money})"], [[catalog_link("package", s), money_text(each)] for s, each in result.packages], title="Packages")
    actual = f"{money_text(result.actual_total)} {money}" if result.actual_total is not None else "unknown (no priced runs since the inventory's as_of)"
    notes = [f"warning: {w}" for w in result.warnings] + [
        f"ingredients: {money_text(result.ingredients)} {money}",
        f"packaging: {money_text(result.packaging)} {money}",
        f"planned total: {money_text(result.planned_total)} {money}",
        f"actual so far: {actual}",
    ]
    return Section([batches, goods, packages], notes)


def compare_section(workspace: Workspace, slug: str) -> Section:
    result = compare_event(workspace, slug)
    if not result.has_baseline:
        return Section([], [f"{slug} has no baseline yet (it is {result.state}; start production to write it)"])

    def shown(value: Any) -> Any:
        return "" if value is None else value

    goods = Table(["finished good", "status", "original", "current"],
                  [[g["finished_good"], g["status"], shown(g["original"]), shown(g["current"])] for g in result.finished_goods],
                  title="Finished goods: baseline -> now")  # fmt: skip
    batches = Table(["finished unit", "status", "original", "current"],
                    [[b["finished_unit"], b["status"], shown(b["original"]), shown(b["current"])] for b in result.batches],
                    title="Batches: baseline -> now")  # fmt: skip
    amendments = Table(["seq", "type", "at", "reason", "change"],
                       [[a["seq"], a["type"], a["at"], a["reason"], describe(a)] for a in logged(workspace, slug)],
                       title="Amendments", empty="no amendments")  # fmt: skip
    return Section([goods, batches, amendments], [f"{result.total_changes} change(s) since the baseline"])


def stale_section(workspace: Workspace, slug: str) -> Section:
    found = stale_definitions(workspace, slug)
    rows = [
        [catalog_link(item["kind"], item["slug"]), "(deleted)" if c["field"] is None else c["field"], c["old"], c["new"]]
        for item in found
        for c in item["changes"]
    ]
    return Section([Table(["definition", "field", "old", "new"], rows, title="Definitions changed since the lock",
                          empty="every frozen definition matches the catalog (or the plan is not locked)")])  # fmt: skip


BUILDERS = {"plan": plan_section, "feasibility": feasibility_section, "progress": progress_section, "cost": cost_section}


def shopping_page(request: Request, site: Site, workspace: Workspace, inputs: PlanningInputs) -> Response:
    group_by = request.query_params.get("by")
    group_by = group_by if group_by in ("supplier", "aisle") else None
    production_aware = flag(request.query_params, "production_aware")
    result = shopping_in_packages(workspace, inputs, production_aware=production_aware)
    catalog = inputs.catalog
    groups = []
    for supplier, aisle, lines in result.grouped(catalog, group_by) if group_by else [(None, None, result.items)]:
        shop = catalog.suppliers.get(supplier) if supplier else None
        if group_by == "supplier":
            heading = f"{shop.name if shop else supplier or 'No supplier'}: {aisle or 'no aisle'}"
        elif group_by == "aisle":
            heading = f"Aisle: {aisle or 'no aisle'}"
        else:
            heading = None
        groups.append({
            "heading": heading,
            "new_supplier": group_by == "supplier" and (not groups or groups[-1]["supplier"] != supplier),
            "supplier": supplier,
            "to_buy": any(line.buy > 0 for line in lines),
            "lines": [shopping_line(line) for line in lines],
        })  # fmt: skip
    return page(
        request, site, "shopping.html",
        title=f"Shopping: {inputs.event.slug}", slug=inputs.event.slug, name="shopping", reports=REPORTS,
        groups=groups, group_by=group_by, production_aware=production_aware,
        total=money_text(result.total_cost) if catalog.products else None, currency=currency(workspace),
        warnings=list(result.warnings), completed_at=inputs.event.shopping_completed_at,
    )  # fmt: skip


def shopping_line(line: Any) -> dict[str, Any]:
    return {
        "item": line.item,
        "kind": line.kind,
        "unit": line.unit,
        "need": json_number(line.need),
        "have": json_number(line.have),
        "buy": json_number(line.buy),
        "status": line.status,
        "product": line.product,
        "packages": line.packages if line.buy > 0 else None,
        "cost": money_text(line.cost) if line.buy > 0 and line.cost is not None else None,
        "aisle": line.aisle,
    }


def history_page(request: Request, site: Site, workspace: Workspace, slug: str) -> Response:
    workspace.event(slug)
    found = history(workspace.repo, slug, 50)
    return page(request, site, "history.html", title=f"History: {slug}", slug=slug, name="history", reports=REPORTS,
                history=found.to_json())  # fmt: skip
