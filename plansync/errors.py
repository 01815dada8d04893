"""Problems and errors: values that say what is wrong and exactly where.

Library code never prints and never exits. A check that can go on returns
:class:`Problem` values; an action that must stop raises a
:class:`PlansyncError` carrying a location. Only ``plansync.cli`` turns them
into text and exit codes.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Literal

Severity = Literal["error", "warning"]

#: A path into a loaded document: mapping keys and sequence indexes.
Pointer = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Problem:
    """One finding about one file.

    ``line`` and ``column`` are 1-based. A problem found on parsed data
    carries a ``pointer`` instead and is located afterwards (locating needs a
    second, position-keeping parse that only files with problems pay for).
    ``at_key`` places it on the mapping key rather than the value (an
    unknown field is reported where its name is written).
    """

    path: str
    code: str
    message: str
    severity: Severity = "error"
    line: int | None = None
    column: int | None = None
    pointer: Pointer | None = field(default=None, compare=False)
    at_key: bool = field(default=False, compare=False)

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def located(self, line: int, column: int) -> Problem:
        return replace(self, line=line, column=column, pointer=None)

    def format(self) -> str:
        where = self.path
        if self.line is not None:
            where += f":{self.line}:{self.column or 1}"
        return f"{where}: {self.severity}: {self.message} [{self.code}]"

    def to_json(self) -> dict:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "severity": self.severity,
            "code": self.code,
            "message": self.message,
        }

    def sort_key(self) -> tuple:
        return (self.path, self.line or 0, self.column or 0, self.code, self.message)


class PlansyncError(Exception):
    """An error the user can act on, with where it happened when known."""

    exit_code = 1

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        line: int | None = None,
        column: int | None = None,
        code: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.column = column
        self.code = code

    def __str__(self) -> str:
        if self.path is None:
            return self.message
        where = self.path
        if self.line is not None:
            where += f":{self.line}:{self.column or 1}"
        return f"{where}: {self.message}"


class RefusedError(PlansyncError):
    """A rule refused the action (wrong state, unknown slug, blank reason)."""


class UsageError(PlansyncError):
    """The call itself is malformed (exit code 2)."""

    exit_code = 2


class ProblemsError(PlansyncError):
    """The files an action needs have error-severity problems."""

    def __init__(self, problems: list[Problem]) -> None:
        errors = [p for p in problems if p.is_error]
        super().__init__(f"{len(errors)} error(s) in the plan files; run `plansync validate`")
        self.problems = problems


class LoadError(PlansyncError):
    """A file could not be read or parsed; ``code`` names the rule broken."""
