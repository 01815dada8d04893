"""``plansync buy``, ``stock`` and ``cost``: what was bought, what is on hand, what it costs."""

from __future__ import annotations

from fractions import Fraction

import click

from plansync.cli.completion import (
    event_slugs,
    product_slugs,
    stock_item_slugs,
)
from plansync.cli.context import open_repo, open_workspace
from plansync.cli.options import ExactNumber, at_revision, commit_option, output_format
from plansync.cli.output import Report, Table, emit, to_json
from plansync.cli.plan_cmds import load_event, row, warning_lines
from plansync.cli.usage import Command
from plansync.engine.money import money_text
from plansync.lifecycle.buy import buy as append_purchase
from plansync.plan.stock import currency, event_cost, stock_report


@click.command(cls=Command)
@click.argument("product", shell_complete=product_slugs)
@click.argument("packages", type=ExactNumber())
@click.option("--price", type=ExactNumber(), metavar="TOTAL", help="Total paid for these packages (not per package).")
@click.option("--at", "at", metavar="TIME", help="When it was bought: 2026-12-03 or 2026-12-03T10:00 (default: now).")
@commit_option
@output_format
@click.pass_context
def buy(
    ctx: click.Context, product: str, packages: Fraction, price: Fraction | None, at: str | None, commit: bool | None, output_format: str
) -> None:
    """Record a purchase: PACKAGES of PRODUCT, appended to purchases.yaml.

    Stock is derived from the files: the inventory count, plus purchases
    since it was counted, minus what production and assembly runs used.
    The line takes the product's supplier; --price is what the receipt
    says for the line, and prices the stock for `plansync cost`.

    \b
    Examples:
      plansync buy king-arthur-flour-5lb 2 --price 9.98
      plansync buy red-satin-ribbon-50yd 1 --price 6.49 --at 2026-12-03 --commit
    """
    bought = append_purchase(open_repo(ctx), product, packages, price, at, commit)
    if output_format == "json":
        click.echo(to_json(bought.purchase))
    elif output_format == "table":
        click.echo(bought.confirmation())
        if bought.commit:
            click.echo(f"committed {bought.commit[:7]}")
    else:
        emit(Report(bought.purchase, [Table(list(bought.purchase), [list(bought.purchase.values())])]), output_format)


@click.command(cls=Command)
@click.argument("items", nargs=-1, metavar="[ITEM]...", shell_complete=stock_item_slugs)
@click.option("--lots", is_flag=True, help="Also list each item's lots, oldest first, with what one unit cost.")
@output_format
@at_revision
@click.pass_context
def stock(ctx: click.Context, items: tuple[str, ...], lots: bool, output_format: str, revision: str | None) -> None:
    """Stock on hand: ingredients, packaging, finished units and goods.

    Derived from the files, never typed twice: the count in inventory.yaml
    (at its as_of), plus purchases since, minus what production and
    assembly runs since used, plus what they made. Without as_of the
    count is the stock now and nothing moves it. Used first is bought
    first (FIFO): value is what the remaining lots cost. Stock below zero
    is a warning (record the purchase), never a refusal.

    \b
    Examples:
      plansync stock
      plansync stock unsalted-butter all-purpose-flour --lots
      plansync stock --format json
    """
    workspace = open_workspace(ctx, revision)
    result = stock_report(workspace, items)
    unknown = sorted(set(items) - {item.item for item in result.items})
    if unknown:
        raise click.BadParameter(f"nothing in stock or in the files is named {', '.join(map(repr, unknown))}", param_hint="ITEM")
    data = result.to_json(lots)
    money = currency(workspace)
    tables = [
        Table(
            ["item", "kind", "unit", "counted", "bought", "used", "produced", "on hand", f"value ({money})"],
            [row(i["item"], i["kind"], i["unit"], i["counted"], i["bought"], i["used"], i["produced"], i["on_hand"],
                 money_text(item.value) if item.value is not None else "") for i, item in zip(data["items"], result.items)],
            title="Stock" + (f" (counted {data['as_of']})" if data["as_of"] else " (as counted: inventory.yaml has no as_of)"),
        )  # fmt: skip
    ]
    if lots:
        tables.append(
            Table(
                ["item", "at", "source", "quantity", "unit cost"],
                [row(i["item"], lot["at"] or "", lot["source"], lot["quantity"], lot["unit_cost"]) for i in data["items"] for lot in i["lots"]],
                title="Lots, oldest first",
            )
        )
    emit(Report(data, tables, warning_lines(result.warnings), empty_message="no stock: inventory.yaml lists nothing"), output_format)


@click.command(cls=Command)
@click.argument("event", shell_complete=event_slugs)
@output_format
@at_revision
@click.pass_context
def cost(ctx: click.Context, event: str, output_format: str, revision: str | None) -> None:
    """What EVENT costs: planned at today's prices, actual from its runs.

    Planned cost prices every planned batch (extra included: it is baked)
    at the chosen products' prices per unit, then each finished unit (a
    batch over its yield), finished good (its components, packaging
    included), package and the event. Actual cost sums what the event's
    runs used, at the cost of the lots they used (FIFO). Money is exact
    until shown, rounded half up to cents; an unknown price is named and
    makes the totals it touches unknown.

    \b
    Examples:
      plansync cost christmas-2026
      plansync cost christmas-2026 --format json
    """
    workspace, inputs = load_event(ctx, event, revision)
    result = event_cost(workspace, inputs)
    data = result.to_json()
    money = result.currency
    batches = Table(
        ["finished unit", "recipe", "batches", f"batch ({money})", f"each ({money})", f"cost ({money})"],
        [row(b.line.finished_unit, b.line.recipe, b.line.batches, money_text(b.batch_cost), money_text(b.unit_cost), money_text(b.cost))
         for b in result.batches],  # fmt: skip
        title=f"Batches for {result.event}",
    )
    goods = Table(
        ["finished good", "quantity", f"each ({money})", f"cost ({money})"],
        [row(g.finished_good, g.quantity, money_text(g.unit_cost), money_text(g.cost)) for g in result.finished_goods],
        title="Finished goods",
    )
    packages = Table(["package", f"each ({money})"], [[slug, money_text(each)] for slug, each in result.packages], title="Packages")
    notes = warning_lines(result.warnings) + [
        f"ingredients: {money_text(result.ingredients)} {money}",
        f"packaging: {money_text(result.packaging)} {money}",
        f"planned total: {money_text(result.planned_total)} {money}",
        f"actual so far: {money_text(result.actual_total)} {money}" if result.actual_total is not None else "actual so far: unknown (no priced runs since the inventory's as_of)",
    ]
    emit(Report(data, [batches, goods, packages], notes, empty_message=f"{result.event} plans nothing yet"), output_format)
