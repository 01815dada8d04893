"""``plansync plan``: batches and packaging; the event loading the report commands share."""

from __future__ import annotations

from typing import Any

import click

from plansync.cli.completion import event_slugs
from plansync.cli.context import open_workspace
from plansync.cli.options import at_revision, output_format
from plansync.cli.output import Report, Table, emit
from plansync.cli.usage import Command
from plansync.load.workspace import Workspace
from plansync.plan.inputs import PlanningInputs
from plansync.validation.guard import planning_inputs


def load_inputs(ctx: click.Context, event: str, revision: str | None) -> PlanningInputs:
    """The event's planning inputs from the work tree or ``revision``."""
    return load_event(ctx, event, revision)[1]


def load_event(ctx: click.Context, event: str, revision: str | None) -> tuple[Workspace, PlanningInputs]:
    """The files (work tree or ``revision``) and the event's planning inputs."""
    workspace = open_workspace(ctx, revision)
    return workspace, planning_inputs(workspace, event)


def row(*values: Any) -> list[Any]:
    """A table row; JSON numbers already carry the rounding the report
    wants (4 places), so floats are shown as they are rather than with a
    table's 6 significant digits (2267.9619 g, not 2267.96)."""
    return [str(value) if isinstance(value, float) else value for value in values]


def warning_lines(warnings: list[str] | tuple[str, ...]) -> list[str]:
    return [f"warning: {warning}" for warning in warnings]


@click.command(cls=Command)
@click.argument("event", shell_complete=event_slugs)
@output_format
@at_revision
@click.pass_context
def plan(ctx: click.Context, event: str, output_format: str, revision: str | None) -> None:
    """Batches to bake and packaging to buy for EVENT.

    Each finished unit the event needs gets a batch count: the yield
    option with the fewest batches whose extra stays within the waste
    threshold (waste_threshold in plansync.yaml), never short; a batch
    decision in the event's file overrides it (decision "override").
    Warnings (too much waste, a decision below the need) follow the tables.

    \b
    Example:
      plansync plan christmas-2026
      plansync plan christmas-2026 --format json
      plansync plan christmas-2026 --at HEAD~3
    """
    inputs = load_inputs(ctx, event, revision)
    result = inputs.plan
    data = inputs.plan_json()
    batches = Table(
        ["finished unit", "recipe", "needed", "per batch", "multiplier", "batches", "total", "extra", "waste %", "decision"],
        [
            row(b["finished_unit"], b["recipe"], b["needed"], b["per_batch"], b["batch_multiplier"], b["batches"],
                b["total_yield"], b["extra"], b["waste_pct"], b["decision"])
            for b in data["batches"]
        ],  # fmt: skip
        title=f"Batches for {inputs.event.slug} ({inputs.event.plan_state}, from the {inputs.source})",
    )
    materials = Table(
        ["material unit", "quantity"],
        [row(m["material_unit"], m["quantity"]) for m in data["materials"]],
        title="Packaging",
    )
    report = Report(
        data,
        [batches, materials],
        notes=warning_lines(result.warnings),
        empty_message=f"{inputs.event.slug} plans nothing yet: list finished_goods or finished_units in its event file",
    )
    emit(report, output_format)
