"""Append-only logs: runs and amendments are never edited or removed.

Compared with the committed version (git HEAD): every entry HEAD holds must
still be there, unchanged (matched by ``seq``). A warning, not an error: the
work tree is the baker's, and git history still has the original. Outside
git, for a file HEAD does not hold yet, or reading another revision, there
is nothing to compare with and the rule says nothing.
"""

from __future__ import annotations

from typing import Any, Iterator

from plansync.errors import PlansyncError, Problem
from plansync.formats.canonical import canonical_json
from plansync.git.io import is_work_tree, run_git
from plansync.load.documents import Document
from plansync.load.sources import WorkTree
from plansync.plugins.types import RuleContext

#: kind -> (list fields, what one entry is called)
LOGS: dict[str, tuple[tuple[str, ...], dict[str, str]]] = {
    "runs": (("production", "assembly"), {"production": "production run", "assembly": "assembly run"}),
    "amendments": (("amendments",), {"amendments": "amendment"}),
    "purchases": (("purchases",), {"purchases": "purchase"}),
}


def _committed(root: Any, doc: Document) -> Any:
    """HEAD's data of ``doc``'s path (read with the document's own format),
    or None when HEAD does not hold it."""
    try:
        raw = run_git(root, "show", f"HEAD:./{doc.path}", check=False)
    except PlansyncError:
        return None
    if not raw:
        return None
    try:
        return doc.format.read(raw.decode("utf-8-sig"))
    except (ValueError, PlansyncError):
        return None


def _by_seq(entries: Any) -> dict[Any, tuple[int, Any]]:
    result: dict[Any, tuple[int, Any]] = {}
    if isinstance(entries, list):
        for index, entry in enumerate(entries):
            seq = entry.get("seq") if isinstance(entry, dict) else None
            result.setdefault(seq if isinstance(seq, int) else f"#{index}", (index, entry))
    return result


def append_only(context: RuleContext) -> Iterator[Problem]:
    workspace = context.workspace
    if not isinstance(workspace.source, WorkTree):
        return
    docs = [doc for kind in LOGS for doc in workspace.valid(kind)]
    if not docs or not is_work_tree(workspace.root):
        return
    for doc in docs:
        old = _committed(workspace.root, doc)
        if not isinstance(old, dict):
            continue
        fields, names = LOGS[doc.kind or ""]
        restore = f"logs are append-only; restore it with `git checkout HEAD -- {doc.path}`"
        for field in fields:
            now = _by_seq(doc.data.get(field))
            for seq, (_index, entry) in _by_seq(old.get(field)).items():
                label = f"{names[field]} {seq}"
                if seq not in now:
                    pointer = (field,) if field in doc.data else ("kind",)
                    yield doc.problem(
                        pointer,
                        "append-only",
                        f"{label} of the committed version (HEAD) was removed; {restore}",
                        severity="warning",
                        at_key=pointer[0] == field,
                    )
                elif canonical_json(now[seq][1]) != canonical_json(entry):
                    yield doc.problem(
                        (field, now[seq][0]),
                        "append-only",
                        f"{label} differs from the committed version (HEAD); {restore}",
                        severity="warning",
                    )
