"""Option groups shared by commands, as decorators."""

from __future__ import annotations

from fractions import Fraction
from typing import Any, Callable

import click

FORMATS = ("table", "json", "csv", "markdown")


class ExactNumber(click.ParamType):
    """A number kept exact as a Fraction of its decimal text (``2.5``)."""

    name = "number"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Fraction:
        if isinstance(value, Fraction):
            return value
        try:
            return Fraction(str(value).strip())
        except (ValueError, ZeroDivisionError):
            self.fail(f"{value!r} is not a number", param, ctx)


def output_format(function: Callable[..., Any]) -> Callable[..., Any]:
    """``--format table|json|csv|markdown`` (json: one document on stdout)."""
    return click.option(
        "--format",
        "output_format",
        type=click.Choice(FORMATS),
        default="table",
        show_default=True,
        help="Output format; json prints one JSON document.",
    )(function)


def at_revision(function: Callable[..., Any]) -> Callable[..., Any]:
    """``--at REV``: read the files of a git revision instead of the work tree."""
    return click.option(
        "--at",
        "revision",
        metavar="REV",
        help="Compute from the files of one git revision: a commit, branch or tag, such as HEAD~1 or v1 "
        "(read from git, no checkout; not a range like A..B).",
    )(function)


def commit_option(function: Callable[..., Any]) -> Callable[..., Any]:
    """``--commit``: commit exactly the files the command wrote."""
    return click.option(
        "--commit/--no-commit",
        "commit",
        default=None,
        help="Commit the files written (default: auto_commit in plansync.yaml).",
    )(function)
