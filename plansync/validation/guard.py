"""Refusing to plan an event whose files are broken.

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

from typing import Iterable

from plansync.errors import Problem, ProblemsError
from plansync.load.documents import Document
from plansync.load.workspace import Workspace
from plansync.plan.inputs import (
    PlanningInputs,
    event_files,
    inputs_for,
    reached_files,
    reads_own_snapshot,
    unparsed_problems,
)
from plansync.repo.repository import SETTINGS_FILE
from plansync.validation.runner import validate

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
    document = event_document(workspace, event_slug)
    paths = event_files(workspace, document, catalog=not reads_own_snapshot(workspace, document))
    paths |= reached_files(workspace, also_reads)
    ensure_clean(workspace, paths, action or f"plan {event_slug}")
    return inputs_for(workspace, document)


def event_document(workspace: Workspace, slug: str) -> Document:
    """The event's document. A file that failed to parse declares no slug,
    so before calling the event unknown, look for one in its folder."""
    if not workspace.has("event", slug):
        unparsed = [p for p in unparsed_problems(workspace) if f"/{slug}/" in f"/{p.path}"]
        if unparsed:
            raise UnplannableError(f"plan {slug}", unparsed)
    return workspace.event(slug)


def problems_in(workspace: Workspace, paths: set[str]) -> list[Problem]:
    """Error problems (loader, schema, and every rule) in ``paths`` or in
    the settings, which set the waste threshold."""
    wanted = paths | {SETTINGS_FILE}
    return [
        p for p in validate(workspace) if p.is_error and p.path in wanted and p.code not in PLAN_OUTCOME_RULES
    ]


def ensure_clean(workspace: Workspace, paths: set[str], what: str) -> None:
    """Refuse ``what`` when ``paths`` have error problems."""
    problems = problems_in(workspace, paths)
    if problems:
        raise UnplannableError(what, problems)
