"""``plansync feasibility``, ``progress`` and ``status``: where an event stands."""

from __future__ import annotations

from typing import Any

import click

from plansync.cli.completion import event_slugs
from plansync.cli.options import at_revision, output_format
from plansync.cli.output import Bar, Report, Table, emit
from plansync.cli.plan_cmds import load_event, load_inputs, row
from plansync.cli.usage import Command
from plansync.engine.model import Catalog
from plansync.engine.money import money_text
from plansync.engine.progress import progress_from
from plansync.engine.wording import counted, in_sentence, plural
from plansync.plan.stock import feasibility as check_assembly
from plansync.plan.summary import summarize


def shortfall_text(catalog: Catalog, good: dict[str, Any]) -> str:
    """``Need 54 more truffles; need 6 more fudge brownies``."""
    parts = []
    for short in good["shortfalls"]:
        if "material_unit" in short:
            material = catalog.material_units.get(short["material_unit"])
            name = material.name if material else short["material_unit"]
        else:
            unit = catalog.finished_units.get(short["finished_unit"])
            name = unit.name if unit else short["finished_unit"]
        parts.append(f"need {short['short']} more {plural(in_sentence(name), short['short'])}")
    text = "; ".join(parts)
    return text[:1].upper() + text[1:]


def bar(pct: float | int | None) -> Bar | str:
    return "-" if pct is None else Bar(pct)


def done_of(done: Any, target: Any) -> str:
    return f"{done} of {target}"


@click.command(cls=Command)
@click.argument("event", shell_complete=event_slugs)
@click.option("--produced", is_flag=True, help="Check against what was baked (this event's runs) and stock, not the plan.")
@output_format
@at_revision
@click.pass_context
def feasibility(ctx: click.Context, event: str, produced: bool, output_format: str, revision: str | None) -> None:
    """Can EVENT's finished goods be assembled?

    Against the planned output (batches x yield) or, with --produced,
    against what this event's production runs actually gave plus finished
    units and goods in inventory (an assembly run counts only the goods
    those units could make). Goods sharing a finished unit draw from
    one pool, and so do goods sharing packaging (material units, against
    the packaging in stock: after the assembly runs used some, with
    --produced). Status: can_assemble, partial or cannot_assemble; the report
    exits 0 whatever it finds.

    \b
    Example:
      plansync feasibility christmas-2026
      plansync feasibility christmas-2026 --produced --format json
    """

    workspace, inputs = load_event(ctx, event, revision)
    result = check_assembly(workspace, inputs, produced=produced)
    data = result.to_json()
    against = "what is produced and in stock" if produced else "the planned output"
    table = Table(
        ["finished good", "can assemble", "status", "short"],
        [
            [g["finished_good"], done_of(g["can_assemble"], g["quantity"]), g["status"], shortfall_text(inputs.catalog, g)]
            for g in data["finished_goods"]
        ],
        title=f"Assembly check for {inputs.event.slug} against {against}",
    )
    emit(
        Report(data, [table], [f"status: {data['status']}"], f"{inputs.event.slug} assembles no finished goods"),
        output_format,
    )


@click.command(cls=Command)
@click.argument("event", shell_complete=event_slugs)
@output_format
@at_revision
@click.pass_context
def progress(ctx: click.Context, event: str, output_format: str, revision: str | None) -> None:
    """Batches baked and goods assembled for EVENT, against its plan.

    Counts only the runs recorded for EVENT (`plansync record`), never runs
    for another event or for none. Percentages are not capped: a batch
    more than planned shows as 125 %. Status: not_started, in_progress or
    complete.

    \b
    Example:
      plansync progress christmas-2026
      plansync progress christmas-2026 --format json
    """

    inputs = load_inputs(ctx, event, revision)
    result = progress_from(inputs.plan, inputs.event, inputs.production_runs, inputs.assembly_runs)
    data = result.to_json()
    production = Table(
        ["finished unit", "batches", "progress", "remaining", "complete"],
        [
            row(p["finished_unit"], done_of(p["produced_batches"], p["target_batches"]), bar(p["pct"]), p["remaining"], p["complete"])
            for p in data["production"]
        ],
        title=f"Production for {inputs.event.slug}",
    )
    assembly = Table(
        ["finished good", "assembled", "progress", "remaining", "complete"],
        [
            row(a["finished_good"], done_of(a["assembled"], a["target"]), bar(a["pct"]), a["remaining"], a["complete"])
            for a in data["assembly"]
        ],
        title=f"Assembly for {inputs.event.slug}",
    )
    notes = [f"status: {data['status']}", f"packages: {packages_text(data['packages'])}"]
    emit(Report(data, [production, assembly], notes, f"{inputs.event.slug} plans nothing yet"), output_format)


def packages_text(packages: dict[str, int]) -> str:
    return ", ".join(f"{count} {status}" for status, count in packages.items())


@click.command(cls=Command)
@click.argument("event", shell_complete=event_slugs)
@output_format
@at_revision
@click.pass_context
def status(ctx: click.Context, event: str, output_format: str, revision: str | None) -> None:
    """One-screen summary of EVENT: state, shopping, production, assembly, packages.

    Shopping shows when it was marked done (`plansync shopping EVENT
    --done`) or how many ingredients are still to buy; production and
    assembly show batches and goods done of those planned, not capped (as
    in `plansync progress`: 6 of 4 batches is 150 %); packages are counted
    by fulfillment status.

    \b
    Example:
      plansync status christmas-2026
      plansync status christmas-2026 --format json
    """

    workspace, inputs = load_event(ctx, event, revision)
    summary = summarize(workspace, inputs)
    data = summary.to_json()
    shopping = data["shopping"]
    if shopping["completed_at"]:
        shopping_text = f"done at {shopping['completed_at']}"
    else:
        shopping_text = f"{counted(shopping['to_buy'], 'ingredient')} to buy"
        if inputs.catalog.products and shopping["to_buy"]:
            shopping_text += f", {money_text(summary.to_buy_cost)} {summary.currency}"
    rows: list[list[Any]] = [
        ["state", data["state"]],
        ["shopping", shopping_text],
        ["production", bar(data["production_pct"]) if data["production_pct"] is not None else "nothing to bake"],
        ["assembly", bar(data["assembly_pct"]) if data["assembly_pct"] is not None else "nothing to assemble"],
        ["progress", data["status"]],
        ["packages", packages_text(data["packages"])],
    ]
    if inputs.catalog.products:
        rows.insert(2, ["planned cost", f"{money_text(summary.planned_cost)} {summary.currency}"])
    title = f"{data['name']} ({data['event']}), {data['date']}"
    emit(Report(data, [Table(["summary", "where it stands"], rows, title=title)]), output_format)
