"""What the planning engine needs for one event, gathered from a workspace.

The definitions an event is planned from (the catalog, or its planning
snapshot once locked), its runs, and which files planning it reads.
Commands get these through :func:`plansync.validation.guard.planning_inputs`,
which first refuses an event whose files have errors.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property
from pathlib import PurePosixPath
from typing import Any, Iterable, Literal

from plansync.engine import PlanResult, compute_plan, fromdata, model
from plansync.engine.references import references
from plansync.engine.rounding import as_fraction
from plansync.errors import Problem
from plansync.load.documents import Document
from plansync.load.workspace import Workspace
from plansync.plan.snapshots import PLANNING, find_snapshot, snapshot_catalog
from plansync.plan.states import state_of

DefinitionSource = Literal["catalog", "snapshot"]

@dataclass(frozen=True)
class PlanningInputs:
    """One event, the definitions to plan it from, and every recorded run."""

    document: Document
    event: model.Event
    catalog: model.Catalog
    source: DefinitionSource
    waste_threshold: Fraction
    #: Every run of the repository: the engine counts only this event's.
    production_runs: tuple[model.ProductionRun, ...]
    assembly_runs: tuple[model.AssemblyRun, ...]

    @cached_property
    def plan(self) -> PlanResult:
        """The event's plan, computed once however many reports use it."""
        return compute_plan(self.catalog, self.event, self.waste_threshold)

    def plan_json(self) -> dict[str, Any]:
        """The `plan` command's document: the event, where its definitions
        come from, and the plan."""
        return {"event": self.event.slug, "state": self.event.plan_state, "source": self.source, **self.plan.to_json()}


def waste_threshold(workspace: Workspace) -> Fraction:
    # The setting is read as a float (0.15); as_fraction takes its decimal
    # text, so the threshold is exactly 15/100, not the nearest binary float.
    return as_fraction(workspace.repo.settings.waste_threshold)


def definitions_for(workspace: Workspace, event: model.Event) -> tuple[model.Catalog, DefinitionSource]:
    """The definitions ``event`` is planned from.

    The one branch point for locked events: once an event is past draft and
    has its planning snapshot (written by `lock`), every computation reads
    the snapshot's frozen definitions (plus those an ``add_fg`` amendment
    froze, plus the live inventory), never the live catalog, so editing a
    recipe after lock does not change the plan. A draft event, or one whose
    snapshot is missing (validation warns), is planned from the catalog.
    """
    if reads_snapshot(workspace, event.slug, event.plan_state):
        catalog = snapshot_catalog(workspace, event.slug)
        if catalog is not None:  # always, with the snapshot found
            return catalog, "snapshot"
    return workspace.catalog, "catalog"


def reads_snapshot(workspace: Workspace, slug: str, plan_state: str) -> bool:
    """Whether an event is planned from its planning snapshot: past draft,
    with the snapshot there (see :func:`definitions_for`)."""
    return plan_state != "draft" and find_snapshot(workspace, slug, PLANNING) is not None


def runs_of(workspace: Workspace) -> tuple[tuple[model.ProductionRun, ...], tuple[model.AssemblyRun, ...]]:
    """Every production and assembly run in the repository's run logs."""
    production: list[model.ProductionRun] = []
    assembly: list[model.AssemblyRun] = []
    for doc in workspace.valid("runs"):
        production.extend(fromdata.production_runs_from(doc.data))
        assembly.extend(fromdata.assembly_runs_from(doc.data))
    return tuple(production), tuple(assembly)


def inputs_for(workspace: Workspace, document: Document) -> PlanningInputs:
    """The inputs to plan the event of ``document``, unchecked (callers
    refuse broken files first: :mod:`plansync.validation.guard`)."""
    event = fromdata.event_from(document.data)
    catalog, source = definitions_for(workspace, event)
    production, assembly = runs_of(workspace)
    return PlanningInputs(document, event, catalog, source, waste_threshold(workspace), production, assembly)


def reads_own_snapshot(workspace: Workspace, document: Document) -> bool:
    """Whether the event of ``document`` is planned from its snapshot."""
    return reads_snapshot(workspace, document.slug or "", state_of(document))


def unparsed_problems(workspace: Workspace) -> list[Problem]:
    """Problems of files that did not load at all (syntax, encoding, size)."""
    loaded = {d.path for d in workspace.documents}
    return [p for p in workspace.problems if p.path not in loaded]


# --- which files a plan reads ----------------------------------------------


def event_files(workspace: Workspace, document: Document, catalog: bool = True) -> set[str]:
    """Paths of every file planning the event reads: its own files, the
    inventory, and (``catalog``) every catalog file they reach. An event
    planned from its snapshot reads no catalog file, so a broken or removed
    catalog entry does not stop it."""
    slug = document.slug or ""
    folder = f"{PurePosixPath(document.path).parent.as_posix()}/"
    start = [document, *workspace.event_documents("runs", slug)]
    # Its own logs and snapshots, even when they are too broken to say
    # which event they belong to.
    start += [d for d in workspace.documents if d.path.startswith(folder) and d is not document]
    paths = reached_files(workspace, start) if catalog else {d.path for d in start}
    # The plan reads all stock on hand (shopping, feasibility), but an
    # inventory line about something the event never uses does not lead on.
    paths |= {d.path for d in workspace.all("inventory")}
    paths |= {p.path for p in unparsed_problems(workspace) if p.path.startswith(folder)}
    return paths


def reached_files(workspace: Workspace, start: Iterable[Document]) -> set[str]:
    """Paths of ``start`` and of every document reached through references
    (every declaration of a slug, valid or not, so a duplicate or a
    schema-broken definition is reached too). A reference nobody declares
    leads to a file that failed to parse, if one is named for the slug."""
    seen: set[str] = set()
    missing: set[str] = set()
    queue = list(start)
    while queue:
        doc = queue.pop()
        if doc.path in seen:
            continue
        seen.add(doc.path)
        if doc.kind is None:
            continue
        for _pointer, target, slug in references(doc.kind, doc.data):
            declared = workspace.by_kind.get(target, {}).get(slug, [])
            if declared:
                queue.extend(declared)
            else:
                missing.add(slug)
    if missing:
        seen |= {p.path for p in unparsed_problems(workspace) if PurePosixPath(p.path).stem in missing}
    return seen
