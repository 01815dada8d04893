"""Which files' rows go into the index, and why the others stay out.

A file with error problems keeps its rows out. So must every file that
refers to an entity only such files declare: its rows would break a
foreign key (a finished good naming a material unit whose file is broken).
Leaving it out cascades, as far as the references lead, and each file left
out for another's sake gets a warning at the reference that keeps it out.
"""

from __future__ import annotations

from plansync.engine.references import references
from plansync.errors import Problem
from plansync.load.documents import Document


def indexable(by_path: dict[str, Document], candidates: set[str]) -> tuple[set[str], list[Problem]]:
    """The ``candidates`` (paths without error problems) whose references all
    resolve to declarations that are indexed too, and a warning for each
    candidate left out because of another file."""
    wanted = {path for path in candidates if path in by_path}
    if all(path in wanted or by_path[path].slug is None for path in by_path):
        return wanted, []  # nothing declared is left out: every reference resolves
    declared = {(by_path[p].kind, by_path[p].slug) for p in wanted if by_path[p].slug is not None}
    problems: list[Problem] = []
    changed = True
    while changed:
        changed = False
        for path in sorted(wanted):
            doc = by_path[path]
            missing = _first_missing(doc, declared)
            if missing is None:
                continue
            pointer, target, slug = missing
            wanted.discard(path)
            declared.discard((doc.kind, doc.slug))
            changed = True
            problems.append(
                doc.problem(
                    pointer,
                    "left-out",
                    f"left out of the index: {target.replace('_', ' ')} {slug!r} is not indexed "
                    "(its file has problems; fix it and sync again)",
                    severity="warning",
                )
            )
    return wanted, problems


def _first_missing(doc: Document, declared: set[tuple[str | None, str | None]]) -> tuple | None:
    kind = doc.kind
    if kind is None:
        return None
    for pointer, target, slug in references(kind, doc.data):
        if (target, slug) not in declared:
            return pointer, target, slug
    return None
