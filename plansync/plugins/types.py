"""What plugins register: plain, typed records.

A plugin builds these and passes them to the ``register`` callback its hook
receives (see :mod:`plansync.plugins.hookspecs`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable

from plansync.errors import Problem
from plansync.formats.format import Format  # noqa: F401 - part of the plugin API

if TYPE_CHECKING:
    from plansync.load.documents import Document
    from plansync.load.workspace import Workspace


@dataclass(frozen=True)
class RecordProblem:
    """A record of a foreign file that could not be imported.

    :param record: what the record is, by its own name (``recipe "Sugar Cookies"``).
    :param message: what is wrong, quoting the bad value.
    """

    record: str
    message: str

    def format(self) -> str:
        return f"{self.record}: {self.message}"


@dataclass
class ImportPlan:
    """What an importer would write: plan documents, per-record problems, notes.

    :param documents: ``(path relative to the repository, data)`` pairs, one
        entity per document, shaped as plansync files.
    :param problems: records left out, each with why.
    :param notes: what the user should know (slug mappings, renamed clashes,
        counts of records plansync has no place for).
    :param texts: optional exact text for a document's path, written as is
        when it parses to the same data (so a round trip is byte-identical).
    :param create_only: paths written only when no file is there yet: what
        the importer had to make up (a stub for a referenced ingredient)
        must not replace the baker's own file.
    """

    documents: list[tuple[str, dict]] = field(default_factory=list)
    problems: list[RecordProblem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)
    create_only: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class Importer:
    """Reads a foreign file into plansync documents.

    :param name: the ``--from`` name.
    :param description: one line for ``plansync formats``.
    :param convert: ``convert(path) -> ImportPlan``; must not write anything:
        the host validates and writes the documents. Read the file with
        :func:`plansync.plugins.read_source` (bounded, the file checked).
    :param reads_repository: when true, ``convert(path, current)`` is called
        instead, where ``current(relative_path)`` is the data of that plan
        file as it is now (``None`` when there is none; a folder path
        ending in ``/`` gives ``{path: data}`` of its files): for an importer
        that adds to a log (purchases) or resolves what the file names
        against what the repository already holds.
    """

    name: str
    description: str
    convert: Callable[..., ImportPlan]
    reads_repository: bool = False


@dataclass(frozen=True)
class Exporter:
    """Writes the repository (or one event's plan) to a foreign format.

    :param name: the ``--to`` name.
    :param description: one line for ``plansync formats``.
    :param export: ``export(workspace, event) -> text``; ``event`` is the
        slug given with ``--event`` or ``None`` for the whole repository
        (:func:`plansync.plugins.export_scope` gives the documents either
        holds). It must not write anything: the host writes what it returns.
    :param folder: when true, ``export`` returns ``{file name: text}``
        instead, written into the folder ``--output`` names (one CSV per
        table, say).
    """

    name: str
    description: str
    export: Callable[[Workspace, str | None], str | dict[str, str]]
    folder: bool = False


@dataclass
class RuleContext:
    """What a validation rule receives: the loaded repository, read-only.

    Rules read ``workspace`` (documents by kind and slug; only schema-valid
    documents, ``workspace.valid(kind)``, have trustworthy shapes) and
    return problems made with :meth:`Document.problem`, which locates them.
    """

    workspace: Workspace

    def valid(self, kind: str) -> list[Document]:
        return self.workspace.valid(kind)


@dataclass(frozen=True)
class Rule:
    """A validation rule: a function from the loaded repository to problems.

    :param code: the code shown in brackets after each problem (``[cycle]``).
    :param description: one line for documentation.
    :param check: ``check(context) -> problems``.
    """

    code: str
    description: str
    check: Callable[[RuleContext], Iterable[Problem]]
