"""``plansync buy``: what was bought goes into the purchase log."""

from __future__ import annotations

from fractions import Fraction

import click

from plansync.cli.context import open_repo
from plansync.cli.options import ExactNumber, commit_option, output_format
from plansync.cli.output import Report, Table, emit, to_json
from plansync.lifecycle.buy import buy as append_purchase


@click.command()
@click.argument("product")
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
