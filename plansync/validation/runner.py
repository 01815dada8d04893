"""Run the whole validation: load problems, settings, plugins, then every rule."""

from __future__ import annotations

from plansync.errors import Problem
from plansync.load.workspace import Workspace
from plansync.plugins.types import RuleContext


def validate(workspace: Workspace) -> list[Problem]:
    """Every problem of the repository, sorted by file, line and column."""
    from plansync.plugins.manager import get_registry  # pluggy and entry points: only when the cached results cannot answer

    cache, fingerprint = workspace.cache, workspace.fingerprint
    if cache is not None and fingerprint is not None:
        remembered = cache.problems_for(fingerprint)
        if remembered is not None:
            return remembered
    registry = get_registry()
    problems: list[Problem] = list(workspace.repo.settings_problems) + list(workspace.problems)
    context = RuleContext(workspace)
    for rule in registry.rules:
        try:
            problems.extend(rule.check(context))
        except Exception as exc:  # a broken plugin rule must not hide the other problems
            owner = registry.owner("rule", rule.code)
            problems.append(
                Problem(f"plugin:{owner}", "plugin-error", f"rule {rule.code} raised {type(exc).__name__}: {exc}")
            )
    for failure in registry.failures:
        problems.append(Problem(f"plugin:{failure.plugin}", "plugin-error", failure.message))
    result = sorted(set(problems), key=Problem.sort_key)
    if cache is not None and fingerprint is not None:
        cache.remember_problems(fingerprint, result)
    return result
