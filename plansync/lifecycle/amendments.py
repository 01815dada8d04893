"""Amendments: changing a plan in production, each change logged with a reason.

``drop_fg``, ``add_fg`` and ``modify_batch`` change the current plan in the
event's file and append ``{seq, type, at, reason, data}`` to
``amendments.yaml``, both as one step under the event's lock. They are
refused outside in_production, without a reason, and where domain.md says
(a good not listed, production already recorded, a non-positive number).
An added good that the planning snapshot lacks has its definitions frozen
into the amendment's ``data.definitions``, so the plan still reads no live
definition.
"""

from __future__ import annotations

import dataclasses
import difflib
import posixpath
from dataclasses import dataclass
from typing import Any, Callable

from plansync.engine import compute_plan, fromdata, model
from plansync.engine.explode import Exploder
from plansync.errors import RefusedError
from plansync.git.commit import Committer
from plansync.lifecycle.eventlock import event_lock
from plansync.lifecycle.files import event_data, plan_write, write_together
from plansync.load.workspace import Workspace, load_workspace
from plansync.plan.amendlog import AMENDMENTS_FILE, describe, logged, subject
from plansync.plan.inputs import PlanningInputs, reached_files
from plansync.plan.snapshots import (
    Definitions,
    SnapshotCatalog,
    entity_data,
    frozen_definitions,
    reach,
)
from plansync.plan.states import require_in_production, state_of
from plansync.repo.repository import PlanRepo
from plansync.store import clock
from plansync.validation.guard import ensure_clean, event_document, planning_inputs


@dataclass(frozen=True)
class Amended:
    event: str
    amendment: dict[str, Any]
    written: list[str]
    commit: str | None

    def confirmation(self) -> str:
        a = self.amendment
        return f"amendment {a['seq']} for {self.event}: {a['type']} {describe(a)} ({a['reason']})"

    def to_json(self) -> dict[str, Any]:
        return {"event": self.event, **self.amendment, "files": list(self.written), "commit": self.commit}


@dataclass
class _Change:
    """What one amendment does: its log data, and the event's new data."""

    type: str
    data: dict[str, Any]
    event: dict[str, Any]
    #: Definitions to freeze (add_fg of a good the snapshot lacks).
    definitions: Definitions = dataclasses.field(default_factory=dict)


def _reason(reason: str) -> str:
    if not reason or not reason.strip():
        raise RefusedError("an amendment needs a reason: --reason must not be blank")
    return reason.strip()


def _positive(value: int, what: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise RefusedError(f"{what} must be a whole number above 0, not {value}")


def _amend(repo: PlanRepo, slug: str, reason: str, commit: bool | None, change: Callable[..., _Change]) -> Amended:
    reason = _reason(reason)
    committer = Committer.for_command(repo, commit)
    with event_lock(repo, slug):
        workspace = load_workspace(repo)
        document = event_document(workspace, slug)
        require_in_production(slug, state_of(document), "amend")
        inputs = planning_inputs(workspace, slug, action=f"amend {slug}")
        done = change(workspace, inputs, event_data(document))
        _check_still_plans(inputs, done, slug)
        folder = workspace.event_folder(slug)
        if not folder:
            raise RefusedError(f"event {slug!r} is defined at the repository root; move it to events/{slug}/event.yaml first")
        path = posixpath.join(folder, AMENDMENTS_FILE)
        log = _log_data(workspace, path, slug)
        data = dict(done.data)
        if done.definitions:
            data["definitions"] = done.definitions
        entries = [*logged(workspace, slug), *log["amendments"]]
        seq = max((e["seq"] for e in entries if isinstance(e.get("seq"), int)), default=0) + 1
        amendment = {"seq": seq, "type": done.type, "at": clock.utc_now(), "reason": reason, "data": data}
        log["amendments"].append(amendment)
        planned = [plan_write(repo, path, log, "amendments"), plan_write(repo, document.path, done.event, "event")]
        committer.precheck([item.path for item in planned])
        written = write_together(repo, planned)
        message = f"amend {slug}: {done.type} {subject(amendment)} ({' '.join(reason.split())})"
        sha = committer.commit(written, message)
    return Amended(slug, amendment, written, sha)


def _log_data(workspace: Workspace, path: str, slug: str) -> dict[str, Any]:
    existing = next((d for d in workspace.documents if d.path == path), None)
    if existing is None:
        if workspace.repo.path(path).exists():
            raise RefusedError(f"{path} cannot be read; fix it (`plansync validate {path}`) before amending")
        return {"kind": "amendments", "event": slug, "amendments": []}
    if existing.kind != "amendments" or not existing.valid:
        raise RefusedError(f"{path} is not a valid amendment log; fix it (`plansync validate {path}`) before amending")
    if existing.data.get("event") != slug:
        raise RefusedError(f"{path} is the amendment log of {existing.data.get('event')!r}, not of {slug!r}")
    data = dict(existing.data)
    data["amendments"] = list(existing.data.get("amendments", ()))
    return data


def _check_still_plans(inputs: PlanningInputs, done: _Change, slug: str) -> None:
    """The amended plan must still compute (from the frozen definitions)."""
    catalog = inputs.catalog
    if done.definitions:
        extra = fromdata.catalog_from(
            {kind: {s: entity_data(e) for s, e in by_slug.items()} for kind, by_slug in done.definitions.items()}
        )
        merged = {
            f.name: {**getattr(extra, f.name), **getattr(catalog, f.name)}
            for f in dataclasses.fields(model.Catalog)
            if isinstance(getattr(catalog, f.name), dict)
        }
        catalog = dataclasses.replace(catalog, **merged)
    compute_plan(catalog, fromdata.event_from(done.event), inputs.waste_threshold)


def _production_runs(inputs: PlanningInputs, slug: str) -> list[model.ProductionRun]:
    return [run for run in inputs.production_runs if run.event == slug]


# --- drop_fg -------------------------------------------------------------------


def drop_fg(repo: PlanRepo, slug: str, finished_good: str, reason: str, commit: bool | None = None) -> Amended:
    def change(workspace: Workspace, inputs: PlanningInputs, data: dict[str, Any]) -> _Change:
        what = f"cannot drop {finished_good} from {slug}"
        goods = list(data.get("finished_goods", ()))
        index = next((i for i, g in enumerate(goods) if g.get("finished_good") == finished_good), None)
        if index is None:
            raise RefusedError(f"{what}: it is not listed in its finished_goods ({_where(inputs, finished_good)})")
        exploder = Exploder(inputs.catalog)
        units = set(exploder.per_good(finished_good).finished_units)
        recipes = {inputs.catalog.finished_units[u].recipe for u in units if u in inputs.catalog.finished_units}
        fed = sorted({r.recipe for r in _production_runs(inputs, slug) if r.recipe in recipes or r.finished_unit in units})
        if fed:
            raise RefusedError(f"{what}: production was already recorded for recipes that feed it: {', '.join(fed)}")
        removed = goods.pop(index)
        data["finished_goods"] = goods
        return _Change("drop_fg", {"finished_good": finished_good, "quantity": removed.get("quantity")}, data)

    return _amend(repo, slug, reason, commit, change)


def _where(inputs: PlanningInputs, finished_good: str) -> str:
    """Why a good the plan may hold is not listed: inside which listed goods
    or packages it comes, or not in the plan at all."""
    catalog = inputs.catalog

    def contains(parent: str, seen: frozenset[str] = frozenset()) -> bool:
        good = catalog.finished_goods.get(parent)
        if good is None or parent in seen:
            return False
        return any(
            c.kind == "finished_good" and (c.ref == finished_good or contains(c.ref, seen | {parent}))
            for c in good.components
        )

    parents = sorted({g.finished_good for g in inputs.event.finished_goods if contains(g.finished_good)})
    if parents:
        return f"it is inside {', '.join(parents)}; a nested good cannot be dropped on its own"
    packages = sorted(
        {
            r.package
            for r in inputs.event.recipients
            if (package := catalog.packages.get(r.package))
            and any(line.finished_good == finished_good or contains(line.finished_good) for line in package.contents)
        }
    )
    if packages:
        return f"it comes with the recipient packages {', '.join(packages)}"
    return "it is not in the plan"


# --- add_fg --------------------------------------------------------------------


def add_fg(repo: PlanRepo, slug: str, finished_good: str, quantity: int, reason: str, commit: bool | None = None) -> Amended:
    _positive(quantity, f"cannot add {finished_good} to {slug}: the quantity")

    def change(workspace: Workspace, inputs: PlanningInputs, data: dict[str, Any]) -> _Change:
        what = f"cannot add {finished_good} to {slug}"
        if data.get("output_mode") == "bulk_count":
            raise RefusedError(f"{what}: it is a bulk_count event (it plans finished units, not goods)")
        goods = list(data.get("finished_goods", ()))
        listed = next((g for g in goods if g.get("finished_good") == finished_good), None)
        if listed is not None:
            raise RefusedError(f"{what}: it is already in the plan (quantity {listed.get('quantity')})")
        definitions: Definitions = {}
        if finished_good not in inputs.catalog.finished_goods:
            document = workspace.get("finished_good", finished_good)
            if document is None:
                close = difflib.get_close_matches(finished_good, workspace.slugs("finished_good"), n=1)
                hint = f"; did you mean {close[0]!r}?" if close else ""
                raise RefusedError(f"{what}: unknown finished good {finished_good!r}{hint}")
            ensure_clean(workspace, reached_files(workspace, [document]), f"amend {slug}")
            if isinstance(inputs.catalog, SnapshotCatalog):
                found = frozen_definitions(workspace, slug)
                definitions = reach(workspace, [("finished_good", finished_good)], found[1] if found else None)
        goods.append({"finished_good": finished_good, "quantity": quantity})
        data["finished_goods"] = goods
        return _Change("add_fg", {"finished_good": finished_good, "quantity": quantity}, data, definitions)

    return _amend(repo, slug, reason, commit, change)


# --- modify_batch ----------------------------------------------------------------


def modify_batch(
    repo: PlanRepo, slug: str, finished_unit: str, batches: int, reason: str, commit: bool | None = None
) -> Amended:
    _positive(batches, f"cannot modify batches of {finished_unit} in {slug}: the new batch count")

    def change(workspace: Workspace, inputs: PlanningInputs, data: dict[str, Any]) -> _Change:
        what = f"cannot modify batches of {finished_unit} in {slug}"
        line = inputs.plan.line(finished_unit)
        if line is None:
            raise RefusedError(f"{what}: it is not in the current plan")
        runs = [r.seq for r in _production_runs(inputs, slug) if r.finished_unit == finished_unit]
        if runs:
            listed = ", ".join(str(seq) for seq in sorted(runs))
            raise RefusedError(f"{what}: production was already recorded for it (production runs {listed})")
        logged_data: dict[str, Any] = {"finished_unit": finished_unit, "old_batches": line.batches, "new_batches": batches}
        decisions = [dict(d) for d in data.get("batch_decisions", ())]
        decision = next((d for d in decisions if d.get("finished_unit") == finished_unit), None)
        if decision is None:
            decision = {"finished_unit": finished_unit, "batches": batches}
            decisions.append(decision)
        decision["batches"] = batches
        if batches * line.per_batch < line.needed and not decision.get("accept_shortfall"):
            # The amendment is the baker's explicit, logged decision: below the
            # need it is an accepted shortfall, not a validation error.
            decision["accept_shortfall"] = True
            logged_data["accept_shortfall"] = True
        data["batch_decisions"] = decisions
        return _Change("modify_batch", logged_data, data)

    return _amend(repo, slug, reason, commit, change)
