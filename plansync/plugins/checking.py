"""Validating documents before they are files: what an importer needs.

An importer builds documents that do not exist anywhere yet. Taken as a
repository of their own, they go through the same checks ``plansync
validate`` runs on files: the kind's schema, then every registered rule
(references, output modes, batch shortfalls...). So an importer can leave
out, and report, what would not validate, instead of writing it.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any, Iterable

from plansync.errors import LoadError, Problem
from plansync.formats.builtin import JSON
from plansync.load.documents import Document, check_document
from plansync.load.workspace import Workspace
from plansync.plugins.types import RuleContext
from plansync.repo.repository import PlanRepo, Settings


class _NoFiles:
    """A source with nothing on disk: rules that read git or files skip it."""

    label = "import"

    def list_files(self, extensions: tuple[str, ...]) -> tuple[list[str], list[Problem]]:
        return [], []

    def read(self, path: str, limit: int) -> bytes:
        raise LoadError(f"{path} is not written yet")

    def read_settings(self) -> str | None:
        return None


def check_documents(documents: Iterable[tuple[str, Any]]) -> list[Problem]:
    """Every problem ``plansync validate`` would find in these documents,
    taken as a repository of their own: ``(path, data)`` pairs in, located
    problems (on JSON renderings of the data) out, sorted by path."""
    from plansync.plugins.manager import get_registry  # pluggy and entry points: only when an import checks

    docs: list[Document] = []
    problems: list[Problem] = []
    for path, data in documents:
        text = json.dumps(data, ensure_ascii=False, indent=1, default=str)
        doc = Document(path, text, data, JSON, hashlib.sha256(text.encode()).hexdigest())
        problems.extend(check_document(doc))
        docs.append(doc)
    repo = PlanRepo(Path("."), Settings(), [])
    workspace = Workspace(repo, _NoFiles(), docs, [], len(docs))
    context = RuleContext(workspace)
    for rule in get_registry().rules:
        try:
            problems.extend(rule.check(context))
        except Exception as exc:  # a broken plugin rule must not hide the other problems
            problems.append(Problem("plugin", "plugin-error", f"rule {rule.code} raised {type(exc).__name__}: {exc}"))
    return sorted(set(problems), key=Problem.sort_key)
