"""``plansync record production`` and ``plansync record assembly``."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import click

from plansync.cli.completion import (
    event_slugs,
    finished_good_slugs,
    finished_unit_slugs,
)
from plansync.cli.context import open_repo
from plansync.cli.options import ExactNumber, commit_option, output_format
from plansync.cli.output import Report, Table, emit, to_json
from plansync.cli.usage import Group
from plansync.lifecycle.record import record_assembly, record_production

#: EVENT written as ``-``: a run for no event (the root runs.yaml).
NO_EVENT = "-"


def _event(value: str) -> str | None:
    return None if value == NO_EVENT else value


def _show(recorded: Any, output: str) -> None:
    """The appended run: JSON as written, a table row, or one line; its
    warnings on stderr, whatever the format."""
    for warning in recorded.warnings:
        click.echo(warning.format(), err=True)
    if output == "json":
        click.echo(to_json(recorded.run))
    elif output == "table":
        click.echo(recorded.confirmation())
        if recorded.commit:
            click.echo(f"committed {recorded.commit[:7]}")
    else:
        emit(Report(recorded.run, [Table(list(recorded.run), [list(recorded.run.values())])]), output)


@click.group(cls=Group)
def record() -> None:
    """Record a production run (batches baked) or an assembly run (goods put together).

    Runs are appended to events/<event>/runs.yaml, or with `-` as EVENT to
    the repository's runs.yaml (runs for no event, never counted in any
    event's progress). Runs are refused once an event is completed.

    \b
    Example:
      plansync record production christmas-2026 chocolate-chip-cookie 2
      plansync record assembly christmas-2026 holiday-gift-bag 10
    """


@record.command()
@click.argument("event", shell_complete=event_slugs)
@click.argument("finished_unit", shell_complete=finished_unit_slugs)
@click.argument("batches", type=int)
@click.option(
    "--actual-yield",
    type=ExactNumber(),
    metavar="N",
    help="Items that came out, if fewer than expected (default: all of them).",
)
@commit_option
@output_format
@click.pass_context
def production(
    ctx: click.Context,
    event: str,
    finished_unit: str,
    batches: int,
    actual_yield: Fraction | None,
    commit: bool | None,
    output_format: str,
) -> None:
    """Record BATCHES batches of FINISHED_UNIT baked for EVENT (`-`: no event).

    The expected yield is BATCHES x the items per batch of the yield option
    the event's plan chose (the first option for a run for no event).
    --actual-yield records a loss: partial_loss, or total_loss for 0.

    \b
    Example:
      plansync record production christmas-2026 chocolate-chip-cookie 2
      plansync record production christmas-2026 fudge-brownie 1 --actual-yield 40
      plansync record production - sugar-cookie 1
      plansync record production christmas-2026 sugar-cookie 1 --commit
    """

    recorded = record_production(open_repo(ctx), _event(event), finished_unit, batches, actual_yield, commit)
    _show(recorded, output_format)


@record.command()
@click.argument("event", shell_complete=event_slugs)
@click.argument("finished_good", shell_complete=finished_good_slugs)
@click.argument("quantity", type=int)
@commit_option
@output_format
@click.pass_context
def assembly(
    ctx: click.Context, event: str, finished_good: str, quantity: int, commit: bool | None, output_format: str
) -> None:
    """Record QUANTITY of FINISHED_GOOD assembled for EVENT (`-`: no event).

    \b
    Example:
      plansync record assembly christmas-2026 holiday-gift-bag 10
      plansync record assembly christmas-2026 holiday-gift-bag 10 --commit
    """

    recorded = record_assembly(open_repo(ctx), _event(event), finished_good, quantity, commit)
    _show(recorded, output_format)
