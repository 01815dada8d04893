"""``plansync lock``, ``start``, ``complete`` and ``fulfill``: moving an event
and its recipient packages forward."""

from __future__ import annotations

from typing import Any

import click

from plansync.cli.completion import event_slugs, recipient_slugs
from plansync.cli.context import open_repo
from plansync.cli.options import commit_option, output_format
from plansync.cli.output import Report, Table, emit, to_json
from plansync.cli.usage import Command
from plansync.lifecycle.fulfill import fulfill as advance
from plansync.lifecycle.transitions import complete_event as close_event, lock_event, start_event


def show_result(result: Any, output: str) -> None:
    """A write's result: JSON, one confirmation line, or a one-row table."""
    data = result.to_json()
    if output == "json":
        click.echo(to_json(data))
    elif output == "table":
        click.echo(result.confirmation())
        if data.get("commit"):
            click.echo(f"committed {data['commit'][:7]}")
    else:
        flat = {key: (" ".join(value) if isinstance(value, list) else value) for key, value in data.items()}
        flat = {key: value for key, value in flat.items() if not isinstance(value, dict)}
        emit(Report(data, [Table(list(flat), [list(flat.values())])]), output)


@click.command(cls=Command)
@click.argument("event", shell_complete=event_slugs)
@commit_option
@output_format
@click.pass_context
def lock(ctx: click.Context, event: str, commit: bool | None, output_format: str) -> None:
    """Lock EVENT's plan: draft -> locked.

    Writes events/EVENT/snapshots/planning.yaml, a frozen copy of every
    definition the plan reaches (finished goods and their parts, finished
    units, recipes with sub-recipes, material units, ingredients, packages,
    recipients) and of the plan itself, then sets plan_state: locked. From
    then on every computation for EVENT reads the snapshot, so later catalog
    edits do not change it (`plansync stale` lists them). Refused without
    an output_mode, with errors in the files the plan reads, or with a batch
    decision below the need that does not say accept_shortfall: true.

    \b
    Example:
      plansync lock christmas-2026
      plansync lock christmas-2026 --commit
    """

    show_result(lock_event(open_repo(ctx), event, commit), output_format)


@click.command(cls=Command)
@click.argument("event", shell_complete=event_slugs)
@commit_option
@output_format
@click.pass_context
def start(ctx: click.Context, event: str, commit: bool | None, output_format: str) -> None:
    """Start production of EVENT: locked -> in_production.

    Writes events/EVENT/snapshots/baseline.yaml (goods and quantities, batch
    decisions, every finished unit's batches with per-batch and total yield,
    recipes) and sets plan_state: in_production, as one step: never one
    without the other. From then on the plan changes only by `plansync
    amend`; `plansync compare` shows the baseline against the plan now.

    \b
    Example:
      plansync start christmas-2026 --commit
    """

    show_result(start_event(open_repo(ctx), event, commit), output_format)


@click.command(cls=Command)
@click.argument("event", shell_complete=event_slugs)
@commit_option
@output_format
@click.pass_context
def complete(ctx: click.Context, event: str, commit: bool | None, output_format: str) -> None:
    """Close EVENT: in_production -> completed.

    Afterwards amendments and runs are refused; reports still work. Work
    left undone (batches or finished goods below target, packages not
    delivered) does not stop it: one line on stderr starting `warning:
    unfinished:` names it, the JSON lists it under "unfinished", and the
    exit code is still 0.

    \b
    Example:
      plansync complete christmas-2026 --commit
    """

    result = close_event(open_repo(ctx), event, commit)
    show_result(result, output_format)
    if output_format != "json":
        for warning in result.extra["warnings"]:
            click.echo(f"warning: {warning}", err=True)


@click.command(cls=Command)
@click.argument("event", shell_complete=event_slugs)
@click.argument("recipient", shell_complete=recipient_slugs)
@click.argument("status", metavar="STATUS", type=click.Choice(["pending", "ready", "delivered"]), help="pending, ready or delivered.")
@click.option("--package", metavar="PKG", help="The package, when RECIPIENT gets several in EVENT.")
@commit_option
@output_format
@click.pass_context
def fulfill(
    ctx: click.Context,
    event: str,
    recipient: str,
    status: str,
    package: str | None,
    commit: bool | None,
    output_format: str,
) -> None:
    """Advance RECIPIENT's package in EVENT to STATUS.

    pending -> ready -> delivered, one step at a time; delivered is final.
    Changes only that entry's status in the event's file.

    \b
    Example:
      plansync fulfill christmas-2026 aunt-mary ready
      plansync fulfill christmas-2026 aunt-mary delivered --commit
      plansync fulfill christmas-2026 ms-patel ready --package teacher-thanks
    """

    show_result(advance(open_repo(ctx), event, recipient, status, package, commit), output_format)
