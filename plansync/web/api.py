"""``/api/<command>/<args>``: each command's JSON document, computed by the
same library functions as ``plansync <command> --format json``."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from plansync.audit.history import history
from plansync.engine.progress import progress_from
from plansync.errors import UsageError
from plansync.lifecycle.compare import compare_event
from plansync.lifecycle.stale import stale_definitions
from plansync.load.workspace import Workspace
from plansync.plan.amendlog import logged
from plansync.plan.stock import event_cost, feasibility, shopping_in_packages, stock_report
from plansync.plan.summary import summarize
from plansync.validation.guard import planning_inputs
from plansync.validation.runner import validate

Params = Mapping[str, str]
Document = Callable[[Workspace, list[str], Params], Any]


def flag(params: Params, name: str) -> bool:
    return params.get(name, "").lower() in ("1", "true", "yes", "on")


def _event(args: list[str]) -> str:
    if len(args) != 1:
        raise UsageError("this command takes one event: /api/<command>/<event>")
    return args[0]


def plan_doc(workspace: Workspace, args: list[str], params: Params) -> Any:
    return planning_inputs(workspace, _event(args)).plan_json()


def shopping_doc(workspace: Workspace, args: list[str], params: Params) -> Any:
    inputs = planning_inputs(workspace, _event(args))
    return shopping_in_packages(workspace, inputs, production_aware=flag(params, "production_aware")).to_json()


def feasibility_doc(workspace: Workspace, args: list[str], params: Params) -> Any:
    inputs = planning_inputs(workspace, _event(args))
    return feasibility(workspace, inputs, produced=flag(params, "produced")).to_json()


def progress_doc(workspace: Workspace, args: list[str], params: Params) -> Any:
    inputs = planning_inputs(workspace, _event(args))
    return progress_from(inputs.plan, inputs.event, inputs.production_runs, inputs.assembly_runs).to_json()


def status_doc(workspace: Workspace, args: list[str], params: Params) -> Any:
    return summarize(workspace, planning_inputs(workspace, _event(args))).to_json()


def cost_doc(workspace: Workspace, args: list[str], params: Params) -> Any:
    return event_cost(workspace, planning_inputs(workspace, _event(args))).to_json()


def compare_doc(workspace: Workspace, args: list[str], params: Params) -> Any:
    return compare_event(workspace, _event(args)).to_json()


def stale_doc(workspace: Workspace, args: list[str], params: Params) -> Any:
    event = _event(args)
    return {"event": event, "stale": stale_definitions(workspace, event)}


def amendments_doc(workspace: Workspace, args: list[str], params: Params) -> Any:
    event = _event(args)
    workspace.event(event)
    return {"event": event, "amendments": logged(workspace, event)}


def stock_doc(workspace: Workspace, args: list[str], params: Params) -> Any:
    return stock_report(workspace, tuple(args)).to_json(flag(params, "lots"))


def validate_doc(workspace: Workspace, args: list[str], params: Params) -> Any:
    return {"files": workspace.files, "problems": [p.to_json() for p in validate(workspace)]}


def history_doc(workspace: Workspace, args: list[str], params: Params) -> Any:
    limit = params.get("limit")
    return history(workspace.repo, "/".join(args) or None, int(limit) if limit and limit.isdigit() else None).to_json()


#: Command name -> its document; the same names as the commands.
DOCUMENTS: dict[str, Document] = {
    "plan": plan_doc,
    "shopping": shopping_doc,
    "feasibility": feasibility_doc,
    "progress": progress_doc,
    "status": status_doc,
    "cost": cost_doc,
    "compare": compare_doc,
    "stale": stale_doc,
    "amendments": amendments_doc,
    "stock": stock_doc,
    "validate": validate_doc,
    "history": history_doc,
}
