"""What the planning engine needs for one event, gathered from a workspace.

Commands (plan, shopping, feasibility, progress, status, record) call
:func:`planning_inputs` and hand its values to the pure engine. It refuses
an event that cannot be planned honestly: when the event's file, or any
file the plan reads through it (goods, units, recipes, ingredients,
packages, inventory, the event's own logs), has error problems, the
refusal names those files and problems rather than letting the engine fail
later with a misleading "unknown finished unit". Broken files the event
never reaches do not block it.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property
from pathlib import PurePosixPath
from typing import Iterable, Literal

from plansync.engine import model
from plansync.engine import PlanResult, compute_plan
from plansync.engine.rounding import as_fraction
from plansync.errors import Problem, ProblemsError
from plansync.load.documents import Document
from plansync.engine.references import references
from plansync.repo.repository import SETTINGS_FILE
from plansync.load.workspace import Workspace

DefinitionSource = Literal["catalog", "snapshot"]

#: Rules whose findings are the plan's own outcome, shown by the plan
#: report itself (as a warning), so they must not stop it from being shown.
PLAN_OUTCOME_RULES = frozenset({"batch-shortfall"})

#: At most this many problems are listed in a refusal; `validate` lists all.
MAX_LISTED_PROBLEMS = 20


class UnplannableError(ProblemsError):
    """The files an event's plan reads have error problems."""

    def __init__(self, what: str, problems: list[Problem]) -> None:
        super().__init__(problems)
        errors = [p for p in problems if p.is_error]
        if len(errors) == 1:
            message = f"cannot {what}: {errors[0].format()}"
        else:
            lines = [f"cannot {what}: {len(errors)} errors in the files it reads (fix them; `plansync validate` lists all):"]
            lines += [f"  {p.format()}" for p in errors[:MAX_LISTED_PROBLEMS]]
            if len(errors) > MAX_LISTED_PROBLEMS:
                lines.append(f"  ... and {len(errors) - MAX_LISTED_PROBLEMS} more")
            message = "\n".join(lines)
        self.message = message
        self.args = (message,)


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
        from plansync.plan.snapshots import snapshot_catalog

        catalog = snapshot_catalog(workspace, event.slug)
        if catalog is not None:  # always, with the snapshot found
            return catalog, "snapshot"
    return workspace.catalog, "catalog"


def reads_snapshot(workspace: Workspace, slug: str, plan_state: str) -> bool:
    """Whether an event is planned from its planning snapshot: past draft,
    with the snapshot there (see :func:`definitions_for`)."""
    from plansync.plan.snapshots import PLANNING, find_snapshot

    return plan_state != "draft" and find_snapshot(workspace, slug, PLANNING) is not None


def runs_of(workspace: Workspace) -> tuple[tuple[model.ProductionRun, ...], tuple[model.AssemblyRun, ...]]:
    """Every production and assembly run in the repository's run logs."""
    production: list[model.ProductionRun] = []
    assembly: list[model.AssemblyRun] = []
    for doc in workspace.valid("runs"):
        production.extend(model.production_runs_from(doc.data))
        assembly.extend(model.assembly_runs_from(doc.data))
    return tuple(production), tuple(assembly)


def planning_inputs(
    workspace: Workspace, event_slug: str, *, also_reads: Iterable[Document] = (), action: str | None = None
) -> PlanningInputs:
    """The inputs to plan ``event_slug``; refuses an unknown event (naming
    the known ones) and an event whose files have error problems.

    ``also_reads``: definitions the caller reads beyond the plan (a run of a
    unit the plan does not hold), checked with it; ``action`` names what is
    refused ("record a run for christmas-2026"; default "plan <event>").
    """
    document = event_document(workspace, event_slug)
    from plansync.plan.states import state_of

    from_snapshot = reads_snapshot(workspace, document.slug or "", state_of(document))
    paths = event_files(workspace, document, catalog=not from_snapshot)
    paths |= reached_files(workspace, also_reads)
    ensure_clean(workspace, paths, action or f"plan {event_slug}")
    event = model.event_from(document.data)
    catalog, source = definitions_for(workspace, event)
    production, assembly = runs_of(workspace)
    return PlanningInputs(document, event, catalog, source, waste_threshold(workspace), production, assembly)


def event_document(workspace: Workspace, slug: str) -> Document:
    """The event's document. A file that failed to parse declares no slug,
    so before calling the event unknown, look for one in its folder."""
    if not workspace.has("event", slug):
        unparsed = [p for p in _unparsed_problems(workspace) if f"/{slug}/" in f"/{p.path}"]
        if unparsed:
            raise UnplannableError(f"plan {slug}", unparsed)
    return workspace.event(slug)


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
    paths |= {p.path for p in _unparsed_problems(workspace) if p.path.startswith(folder)}
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
        seen |= {p.path for p in _unparsed_problems(workspace) if PurePosixPath(p.path).stem in missing}
    return seen


def _unparsed_problems(workspace: Workspace) -> list[Problem]:
    """Problems of files that did not load at all (syntax, encoding, size)."""
    loaded = {d.path for d in workspace.documents}
    return [p for p in workspace.problems if p.path not in loaded]


def problems_in(workspace: Workspace, paths: set[str]) -> list[Problem]:
    """Error problems (loader, schema, and every rule) in ``paths`` or in
    the settings, which set the waste threshold."""
    from plansync.validation.runner import validate

    wanted = paths | {SETTINGS_FILE}
    return [
        p for p in validate(workspace) if p.is_error and p.path in wanted and p.code not in PLAN_OUTCOME_RULES
    ]


def ensure_clean(workspace: Workspace, paths: set[str], what: str) -> None:
    """Refuse ``what`` when ``paths`` have error problems."""
    problems = problems_in(workspace, paths)
    if problems:
        raise UnplannableError(what, problems)
