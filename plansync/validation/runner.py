"""Run the whole validation: load problems, settings, plugins, then every rule
(after a change, only where the change reaches: :mod:`plansync.validation.incremental`)."""

from __future__ import annotations

from plansync.errors import Problem
from plansync.load.workspace import Workspace
from plansync.plugins.types import RuleContext


def validate(workspace: Workspace) -> list[Problem]:
    """Every problem of the repository, sorted by file, line and column."""
    from plansync.plugins.manager import get_registry  # pluggy and entry points: only when the cached results cannot answer
    from plansync.validation.incremental import check_rules  # every rule module: likewise

    cache, fingerprint = workspace.cache, workspace.fingerprint
    if cache is not None and fingerprint is not None:
        remembered = cache.problems_for(fingerprint)
        if remembered is not None:
            return remembered
    registry = get_registry()
    problems: list[Problem] = list(workspace.repo.settings_problems) + list(workspace.problems)
    problems += check_rules(RuleContext(workspace), list(registry.rules))
    for failure in registry.failures:
        problems.append(Problem(f"plugin:{failure.plugin}", "plugin-error", failure.message))
    result = sorted(set(problems), key=Problem.sort_key)
    if cache is not None and fingerprint is not None:
        cache.remember_problems(fingerprint, result)
    return result
