"""`plansync shopping`: the shopping list in the packages to buy, or --done."""

from __future__ import annotations

from typing import Any

import click

from plansync.cli.completion import event_slugs
from plansync.cli.context import open_repo
from plansync.cli.options import at_revision, commit_option, output_format
from plansync.cli.output import Report, Table, emit, to_json
from plansync.cli.plan_cmds import load_event, row, warning_lines
from plansync.cli.usage import Command
from plansync.engine.model import Catalog
from plansync.engine.money import money_text
from plansync.engine.purchasing import PackagedLine
from plansync.engine.rounding import json_number
from plansync.plan.stock import currency, shopping_in_packages


@click.command(cls=Command)
@click.argument("event", shell_complete=event_slugs)
@click.option(
    "--production-aware",
    is_flag=True,
    help="Count only the batches still to bake (subtract the runs recorded for EVENT).",
)
@click.option("--done", is_flag=True, help="Mark shopping for EVENT complete (shopping_completed_at in its file).")
@click.option("--by", "group_by", type=click.Choice(["supplier", "aisle"]), help="Group the list by supplier (then aisle) or by aisle.")
@commit_option
@output_format
@at_revision
@click.pass_context
def shopping(
    ctx: click.Context,
    event: str,
    production_aware: bool,
    done: bool,
    group_by: str | None,
    commit: bool | None,
    output_format: str,
    revision: str | None,
) -> None:
    """The shopping list for EVENT: need, have (stock), buy, in packages.

    Ingredient amounts of every batch in the plan, sub-recipes included,
    merged per ingredient (units converted within volume or mass, and
    across them with the ingredient's density), and the packaging its
    goods take, less the stock on hand (inventory.yaml's count, plus
    purchases since, minus what other runs used). Each line to buy names
    the product to buy (the cheapest per unit), how many packages and what
    they cost; --by supplier|aisle groups the list in the store's aisle
    order. With --done, records that shopping is complete instead;
    `plansync status` shows when. --commit (or auto_commit: true in
    plansync.yaml) then commits the event's file alone, as "shopping
    EVENT: done"; it refuses, writing nothing, when that file has
    uncommitted edits of its own.

    \b
    Example:
      plansync shopping christmas-2026
      plansync shopping christmas-2026 --by supplier
      plansync shopping christmas-2026 --production-aware --format csv
      plansync shopping christmas-2026 --done --commit
    """
    if done:
        _mark_done(ctx, event, output_format, revision, production_aware, commit)
        return
    if commit:
        raise click.UsageError("--commit goes with --done: the shopping list itself writes nothing")

    workspace, inputs = load_event(ctx, event, revision)
    result = shopping_in_packages(workspace, inputs, production_aware=production_aware)
    data = result.to_json()
    title = f"Shopping for {inputs.event.slug}" + (" (batches still to bake)" if production_aware else "")
    priced = bool(inputs.catalog.products)
    groups = result.grouped(inputs.catalog, group_by) if group_by else [(None, None, result.items)]
    if group_by:
        # Scripts read the list in the order the shopper walks it, as the table shows it.
        data["items"] = [line.to_json() for _supplier, _aisle, lines in groups for line in lines]
    tables = [
        Table(
            SHOPPING_COLUMNS + (PACKAGE_COLUMNS if priced else []),
            [shopping_row(line, priced) for line in lines],
            title=title if not group_by else group_title(inputs.catalog, supplier, aisle, group_by),
        )
        for supplier, aisle, lines in groups
    ]
    ingredients = [line for line in result.items if line.kind == "ingredient"]
    to_buy = sum(1 for line in ingredients if line.buy > 0)
    notes = warning_lines(result.warnings)
    if ingredients:
        notes.append(f"{to_buy} of {len(ingredients)} ingredients to buy")
    packaging = [line for line in result.items if line.kind == "material"]
    if packaging:
        notes.append(f"{sum(1 for line in packaging if line.buy > 0)} of {len(packaging)} packaging supplies to buy")
    if priced:
        notes.append(f"total: {money_text(result.total_cost)} {currency(workspace)}")
    if inputs.event.shopping_completed_at:
        notes.append(f"shopping was marked done at {inputs.event.shopping_completed_at}")
    emit(Report(data, tables, notes, empty_message=f"{inputs.event.slug} needs no ingredients"), output_format)


SHOPPING_COLUMNS = ["ingredient", "unit", "need", "have", "buy", "status"]
PACKAGE_COLUMNS = ["product", "packages", "cost", "supplier", "aisle"]


def shopping_row(line: PackagedLine, priced: bool) -> list[Any]:
    """One line of the list; packaging lines name their material."""
    item = line.item if line.kind == "ingredient" else f"{line.item} (packaging)"
    cells = row(item, line.unit, json_number(line.need), json_number(line.have), json_number(line.buy), line.status)
    if priced:
        cost = money_text(line.cost) if line.buy > 0 else ""
        cells += [line.product or "", line.packages if line.buy > 0 else "", cost, line.supplier or "", line.aisle or ""]
    return cells


def group_title(catalog: Catalog, supplier: str | None, aisle: str | None, group_by: str) -> str:
    where = aisle or "no aisle"
    if group_by == "aisle":
        return f"Aisle: {where}"
    shop = catalog.suppliers.get(supplier) if supplier else None
    return f"{shop.name if shop else supplier or 'No supplier'}: {where}"


def _mark_done(
    ctx: click.Context, event: str, output_format: str, revision: str | None, production_aware: bool, commit: bool | None
) -> None:
    if revision is not None or production_aware:
        raise click.UsageError("--done marks shopping complete in the work tree; it takes no --at or --production-aware")

    # Only --done writes: the list itself starts without git and the lifecycle.
    from plansync.git.commit import Committer
    from plansync.lifecycle.shopping_done import mark_shopping_done

    repo = open_repo(ctx)
    result = mark_shopping_done(repo, event, Committer.for_command(repo, commit))
    if output_format == "json":
        click.echo(to_json({"event": result.event, "shopping_completed_at": result.completed_at, "commit": result.commit}))
    else:
        click.echo(result.confirmation())
