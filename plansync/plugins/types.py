"""What plugins register: plain, typed records.

A plugin builds these and passes them to the ``register`` callback its hook
receives (see :mod:`plansync.plugins.hookspecs`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable

from plansync.errors import Pointer, Problem

if TYPE_CHECKING:
    from plansync.validation.context import RuleContext
    from plansync.load.workspace import Workspace


@dataclass(frozen=True)
class Format:
    """A file format plan files may be written in.

    :param name: short name used on the command line (``yaml``).
    :param extensions: file suffixes with the dot (``(".yaml", ".yml")``).
    :param read: ``read(text) -> data``; parses one document into plain
        dicts, lists, strings, numbers, booleans and ``None``. Raises
        :class:`~plansync.errors.LoadError` with ``line``/``column``/``code``.
    :param dump: ``dump(data) -> text``; deterministic output for a new file.
    :param update: ``update(old_text, data) -> text``; rewrites an existing
        file to hold ``data`` while keeping what the format can keep of the
        old text (comments, key order, quoting). ``None``: ``dump`` is used.
    :param locate: ``locate(text, pointer, at_key) -> (line, column)`` of the
        value (or key) at ``pointer``, 1-based, or ``None`` when unknown.
    """

    name: str
    extensions: tuple[str, ...]
    read: Callable[[str], Any]
    dump: Callable[[Any], str]
    update: Callable[[str, Any], str] | None = None
    locate: Callable[[str, Pointer, bool], tuple[int, int] | None] | None = None


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
        the host validates and writes the documents.
    """

    name: str
    description: str
    convert: Callable[[Path], ImportPlan]


@dataclass(frozen=True)
class Exporter:
    """Writes the repository (or one event's plan) to a foreign format.

    :param name: the ``--to`` name.
    :param description: one line for ``plansync formats``.
    :param export: ``export(workspace, event) -> text``; ``event`` is the
        slug given with ``--event`` or ``None`` for the whole repository.
    """

    name: str
    description: str
    export: Callable[[Workspace, str | None], str]


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
