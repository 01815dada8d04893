"""What a validation rule receives."""

from __future__ import annotations

from dataclasses import dataclass

from plansync.load.documents import Document
from plansync.load.workspace import Workspace


@dataclass
class RuleContext:
    """The loaded repository, read-only.

    Rules read ``workspace`` (documents by kind and slug; only schema-valid
    documents, ``workspace.valid(kind)``, have trustworthy shapes) and
    return problems made with :meth:`Document.problem`, which locates them.
    """

    workspace: Workspace

    def valid(self, kind: str) -> list[Document]:
        return self.workspace.valid(kind)
