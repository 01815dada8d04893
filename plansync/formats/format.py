"""What a file format is, and the table of formats a command reads with.

A command builds its table from the plugin registry and hands it down
(``PlanRepo.formats``), so nothing below the command asks the plugin
manager which formats exist.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Callable, Protocol

from plansync.errors import Pointer


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


class FormatTable(Protocol):
    """The formats a command may read and write, by file extension (the
    plugin registry is one)."""

    @property
    def format_by_extension(self) -> Mapping[str, Format]: ...

    @property
    def extensions(self) -> tuple[str, ...]: ...


@dataclass(frozen=True)
class Formats:
    """A fixed :class:`FormatTable` (the built-in formats, for library use
    without plugins)."""

    format_by_extension: Mapping[str, Format]

    @classmethod
    def of(cls, *formats: Format) -> Formats:
        return cls({extension.lower(): fmt for fmt in formats for extension in fmt.extensions})

    @property
    def extensions(self) -> tuple[str, ...]:
        return tuple(self.format_by_extension)


def format_for(path: str, table: FormatTable) -> Format | None:
    """The format that reads ``path``, by its extension (case-insensitive)."""
    return _first_match(path, table.format_by_extension)


def _first_match(path: str, by_extension: Mapping[str, Format]) -> Format | None:
    lowered = path.lower()
    for extension, fmt in by_extension.items():
        if lowered.endswith(extension):
            return fmt
    return None


def format_finder(table: FormatTable) -> Callable[[str], Format | None]:
    """:func:`format_for` over one table asked once: for many paths (a load
    of 50,000 files asks for each). When every extension is one suffix
    (".yaml"), a path's format is the one of its last suffix, one lookup."""
    by_extension = dict(table.format_by_extension)
    if not all(extension.startswith(".") and extension.count(".") == 1 for extension in by_extension):
        return lambda path: _first_match(path, by_extension)

    def find(path: str) -> Format | None:
        dot = path.rfind(".")
        return by_extension.get(path[dot:].lower()) if dot >= 0 else None

    return find
