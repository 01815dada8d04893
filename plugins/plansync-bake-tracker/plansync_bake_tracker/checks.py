"""Validating the documents before the host writes them.

The documents of one import, taken as a repository of their own, go
through plansync's own validation (:func:`plansync.plugins.check_documents`).
A batch decision below the need is the program's shortfall choice (it
refuses to save one the baker did not confirm): it gets
``accept_shortfall: true`` and a note. Any other document with an error is
left out and reported as a problem naming its record; what used it is then
checked again, until everything left validates.
"""

from __future__ import annotations

import re
from typing import Any

from plansync.plugins import check_documents
from plansync_bake_tracker.context import Conversion

Documents = list[tuple[str, dict[str, Any]]]

_SHORT = re.compile(r"^batch decision for (\S+) gives")


def validated(conv: Conversion, documents: Documents, labels: dict[str, str], context: Documents = ()) -> Documents:
    """The documents that validate; ``context``: files already in the
    repository they may refer to (checked with them, never reported)."""
    kept = list(documents)
    warned: set[str] = set()
    while True:
        ours = {path for path, _ in kept}
        problems = check_documents([*[(p, d) for p, d in context if p not in ours], *kept])
        errors: dict[str, list[Any]] = {}
        for problem in problems:
            if problem.path not in ours:
                continue
            if problem.is_error:
                errors.setdefault(problem.path, []).append(problem)
            elif problem.path not in warned:
                warned.add(problem.path)
                conv.note(f"{problem.path}: warning: {problem.message} [{problem.code}]")
        if not errors:
            return kept
        accepted = _accept_shortfalls(conv, kept, errors, labels)
        left_out = {
            path for path, found in errors.items() if not accepted or any(p.code != "batch-shortfall" for p in found)
        }
        for path in sorted(left_out):
            for problem in errors[path]:
                message = f"would not validate, so it is not written: {problem.message} [{problem.code}]"
                conv.problem(labels.get(path, path), message)
        kept = [(path, data) for path, data in kept if path not in left_out]


def _accept_shortfalls(conv: Conversion, documents: Documents, errors: dict[str, list[Any]], labels: dict[str, str]) -> bool:
    changed = False
    by_path = dict(documents)
    for path, found in errors.items():
        for problem in found:
            match = _SHORT.match(problem.message) if problem.code == "batch-shortfall" else None
            if match is None or path not in by_path:
                continue
            for decision in by_path[path].get("batch_decisions", ()):
                if decision["finished_unit"] == match.group(1) and not decision.get("accept_shortfall"):
                    decision["accept_shortfall"] = True
                    changed = True
                    conv.note(
                        f"{labels.get(path, path)}: {problem.message.split(';')[0]}; kept as the program's"
                        " shortfall choice (accept_shortfall: true)"
                    )
    return changed
