"""``plansync amend``, ``amendments``, ``compare`` and ``stale``: a plan in production."""

from __future__ import annotations

import json
from typing import Any

import click

from plansync.cli.completion import (
    event_slugs,
    finished_good_slugs,
    finished_unit_slugs,
)
from plansync.cli.context import open_repo, open_workspace
from plansync.cli.lifecycle_cmds import show_result
from plansync.cli.options import at_revision, commit_option, output_format
from plansync.cli.output import Report, Table, emit
from plansync.cli.usage import Command, Group
from plansync.engine.wording import counted
from plansync.lifecycle.amendments import add_fg as amend_add
from plansync.lifecycle.amendments import drop_fg as amend_drop
from plansync.lifecycle.amendments import modify_batch as amend_modify
from plansync.lifecycle.compare import compare_event
from plansync.lifecycle.stale import stale_definitions
from plansync.plan.amendlog import describe, logged

REASON = click.option("--reason", "-r", required=True, metavar="R", help="Why the plan changes (required, not blank).")


EVENT_KEY = "plansync.amend.event"


@click.group(cls=Group)
@click.argument("event", shell_complete=event_slugs)
@click.pass_context
def amend(ctx: click.Context, event: str) -> None:
    """Change the plan of EVENT in production, with a reason.

    Each amendment changes the plan in the event's file and is appended to
    events/EVENT/amendments.yaml (seq, type, at, reason, data), both as one
    step. Only in_production; `plansync compare` shows the effect.

    \b
    Example:
      plansync amend christmas-2026 drop-fg wrapped-brownie --reason "bus driver retired"
      plansync amend christmas-2026 add-fg teacher-treat-bag 6 --reason "two more classes"
      plansync amend christmas-2026 modify-batch sugar-cookie 2 --reason "extra for the fair"
    """
    ctx.meta[EVENT_KEY] = event


@amend.command("drop-fg")
@click.argument("finished_good", shell_complete=finished_good_slugs)
@REASON
@commit_option
@output_format
@click.pass_context
def drop_fg(ctx: click.Context, finished_good: str, reason: str, commit: bool | None, output_format: str) -> None:
    """Drop FINISHED_GOOD from the event's finished_goods.

    Refused for a good not listed in the event's finished_goods (a good
    inside a listed one cannot be dropped on its own), or when production
    was already recorded for a recipe that feeds it.

    \b
    Example:
      plansync amend christmas-2026 drop-fg wrapped-brownie --reason "bus driver retired" --commit
    """

    show_result(amend_drop(open_repo(ctx), ctx.meta[EVENT_KEY], finished_good, reason, commit), output_format)


@amend.command("add-fg")
@click.argument("finished_good", shell_complete=finished_good_slugs)
@click.argument("quantity", type=int)
@REASON
@commit_option
@output_format
@click.pass_context
def add_fg(
    ctx: click.Context, finished_good: str, quantity: int, reason: str, commit: bool | None, output_format: str
) -> None:
    """Add QUANTITY of FINISHED_GOOD to the event's finished_goods.

    Refused when the good is already listed or QUANTITY is not above 0. A
    good the planning snapshot does not hold has its definitions frozen
    into the amendment, so the plan still reads no live definition.

    \b
    Example:
      plansync amend christmas-2026 add-fg teacher-treat-bag 6 --reason "two more classes"
    """

    show_result(amend_add(open_repo(ctx), ctx.meta[EVENT_KEY], finished_good, quantity, reason, commit), output_format)


@amend.command("modify-batch")
@click.argument("finished_unit", shell_complete=finished_unit_slugs)
@click.argument("batches", type=int)
@REASON
@commit_option
@output_format
@click.pass_context
def modify_batch(
    ctx: click.Context, finished_unit: str, batches: int, reason: str, commit: bool | None, output_format: str
) -> None:
    """Set the batches of FINISHED_UNIT in the event to BATCHES.

    Writes the unit's batch decision. Refused for a unit not in the current
    plan, one whose production was already recorded, or BATCHES not above
    0. A count below the need is marked accept_shortfall: true (the
    amendment is the baker's explicit decision).

    \b
    Example:
      plansync amend christmas-2026 modify-batch sugar-cookie 2 --reason "extra for the fair"
    """

    show_result(amend_modify(open_repo(ctx), ctx.meta[EVENT_KEY], finished_unit, batches, reason, commit), output_format)


@click.command(cls=Command)
@click.argument("event", shell_complete=event_slugs)
@output_format
@at_revision
@click.pass_context
def amendments(ctx: click.Context, event: str, output_format: str, revision: str | None) -> None:
    """The amendments of EVENT, oldest first.

    JSON: {"event", "amendments": [{seq, type, at, reason, data}]}, as logged.

    \b
    Example:
      plansync amendments christmas-2026
      plansync amendments christmas-2026 --format json
    """

    workspace = open_workspace(ctx, revision)
    workspace.event(event)
    entries = logged(workspace, event)
    table = Table(
        ["seq", "type", "at", "reason", "change"],
        [[a["seq"], a["type"], a["at"], a["reason"], describe(a)] for a in entries],
        title=f"Amendments of {event}",
    )
    emit(Report({"event": event, "amendments": entries}, [table], empty_message=f"{event} has no amendments"), output_format)


def _value(value: Any) -> Any:
    return "" if value is None else value


@click.command(cls=Command)
@click.argument("event", shell_complete=event_slugs)
@output_format
@at_revision
@click.pass_context
def compare(ctx: click.Context, event: str, output_format: str, revision: str | None) -> None:
    """The baseline of EVENT (at production start) against its plan now.

    Each listed finished good and each finished unit's batches: unchanged,
    modified (original -> current), added or dropped; and the number of
    changes. JSON: {"has_baseline", "finished_goods": [{finished_good,
    status, original, current}], "batches": [{finished_unit, status,
    original, current}], "total_changes"}.

    \b
    Example:
      plansync compare christmas-2026
      plansync compare christmas-2026 --format json --at HEAD~1
    """

    result = compare_event(open_workspace(ctx, revision), event)
    goods = Table(
        ["finished good", "status", "original", "current"],
        [[g["finished_good"], g["status"], _value(g["original"]), _value(g["current"])] for g in result.finished_goods],
        title=f"Finished goods of {event}: baseline -> now",
    )
    batches = Table(
        ["finished unit", "status", "original", "current"],
        [[b["finished_unit"], b["status"], _value(b["original"]), _value(b["current"])] for b in result.batches],
        title="Batches: baseline -> now",
    )
    notes = [f"{counted(result.total_changes, 'change')} since the baseline"]
    empty = f"{event} has no baseline yet (it is {result.state}; `plansync start {event}` writes it)"
    if not result.has_baseline:
        notes = []
    emit(Report(result.to_json(), [goods, batches], notes, empty_message=empty), output_format)


def _shown(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


@click.command(cls=Command)
@click.argument("event", shell_complete=event_slugs)
@output_format
@at_revision
@click.pass_context
def stale(ctx: click.Context, event: str, output_format: str, revision: str | None) -> None:
    """Definitions frozen when EVENT was locked that differ from the catalog now.

    Compared by content (sha256), then field by field: nested mappings by
    key, lists by position (ingredients[0].quantity is the first ingredient
    line's quantity). A definition deleted from the catalog is one change
    with field null (JSON) / "(deleted)" (table). Nothing is changed: the
    plan keeps reading its snapshot. Exits 0 whatever it reports. JSON:
    {"event", "stale": [{kind, slug, changes: [{field, old, new}]}]}.

    \b
    Example:
      plansync stale christmas-2026
      plansync stale christmas-2026 --format json
    """

    found = stale_definitions(open_workspace(ctx, revision), event)
    rows = []
    for item in found:
        for change in item["changes"]:
            field = "(deleted)" if change["field"] is None else change["field"]
            old = "(the frozen definition)" if change["field"] is None else _shown(change["old"])
            rows.append([item["kind"], item["slug"], field, old, _shown(change["new"])])
    table = Table(["kind", "slug", "field", "old", "new"], rows, title=f"Stale definitions of {event}")
    notes = []
    if found:
        notes.append(f"{counted(len(found), 'definition')} changed since the lock; the plan still uses the snapshot")
    empty = f"{event}: every frozen definition matches the catalog"
    emit(Report({"event": event, "stale": found}, [table], notes, empty_message=empty), output_format)
