"""Usage lines read as a person types the command: every one, filled in,
is a call plansync accepts (required options shown, ``[OPTIONS]`` once)."""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner

from plansync.cli.main import cli
from plansync.lifecycle.init_templates import KINDS


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args), prog_name="plansync", catch_exceptions=False)


def _sample(param: click.Parameter) -> str:
    return str(param.type.choices[0]) if isinstance(param.type, click.Choice) else "1"


def command_paths(group: click.Group = cli, path: tuple[str, ...] = (), typed: tuple[str, ...] = ()):
    """(command path, what to type to reach it) for every command and group."""
    ctx = click.Context(group, info_name="plansync")
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        assert command is not None, name
        here, reach = (*path, name), (*typed, name)
        yield here, reach
        if isinstance(command, click.Group):
            # A group's own arguments (amend's EVENT) come before its subcommand.
            values = tuple(_sample(p) for p in command.params if isinstance(p, click.Argument))
            yield from command_paths(command, here, (*reach, *values))


PATHS = list(command_paths())


def usage_of(text: str) -> str:
    """The usage line, unwrapped (click wraps a long one at the width)."""
    block = text.split("\n\n", 1)[0]
    return " ".join(block.split())


def usage_line(typed: tuple[str, ...]) -> str:
    result = invoke(*typed, "--help")
    assert result.exit_code == 0, result.output
    line = usage_of(result.stdout)
    assert line.startswith("Usage: plansync "), line
    return line


def fill(command: click.Command, pieces: list[str], ctx: click.Context) -> list[str]:
    """The usage pieces of one command level as a call: placeholders
    replaced by values of their parameter's type, optional parts left out."""
    by_metavar = {p.make_metavar(ctx): p for p in command.params if isinstance(p, click.Argument)}
    typed = []
    for piece in pieces:
        if piece.startswith("[") or piece == "COMMAND":
            continue
        if piece.startswith("-") or piece == command.name:
            typed.append(piece)
        elif piece in by_metavar:
            typed.append(_sample(by_metavar[piece]))
        else:  # an option's metavar (--reason R)
            typed.append("json" if typed and typed[-1] == "--to" else "1")
    return typed


@pytest.mark.parametrize("path,typed", PATHS, ids=[" ".join(p) for p, _t in PATHS])
def test_every_usage_line_is_a_call_plansync_accepts(path, typed, tmp_path, monkeypatch):
    # Placeholders become "1": a file by that name exists for FILE-like ones.
    (tmp_path / "1").write_text("{}", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    line = usage_line(typed)
    words = line.removeprefix("Usage: plansync ").split()
    assert words.count("[OPTIONS]") <= 1, line
    assert "[OPTIONS]..." not in line
    # The command names appear in the order they are typed, and the only
    # [OPTIONS] is the command's own (no group's placeholder before its name).
    positions = [words.index(name) for name in path]
    assert positions == sorted(positions), line
    if "[OPTIONS]" in words:
        assert words.index("[OPTIONS]") > positions[-1], line

    # Typed as the line says, each level parses without a missing argument
    # or option (click raises UsageError, exit 2, for one).
    # The root alone is no call (it shows its help): parse it leniently.
    parent = cli.make_context("plansync", [], resilient_parsing=True)
    command: click.Command = cli
    rest = words
    with parent:
        for depth, name in enumerate(path):
            command = command.get_command(parent, name)  # type: ignore[union-attr]
            # The words of this level: up to the next command name.
            start = rest.index(name)
            end = rest.index(path[depth + 1]) if depth + 1 < len(path) else len(rest)
            pieces, rest = rest[start + 1 : end], rest[end:]
            if isinstance(command, click.Group) and depth == len(path) - 1:
                break  # "COMMAND [ARGS]...": a subcommand's own line says the rest
            args = fill(command, pieces, parent)
            if isinstance(command, click.Group):
                args.append(path[depth + 1])  # what a group parses up to
            parent = command.make_context(name, args, parent=parent, resilient_parsing=False)


def test_modify_batch_usage_names_the_required_reason_after_its_arguments():
    result = invoke("amend", "christmas-2026", "modify-batch", "--help")
    assert result.exit_code == 0
    assert usage_of(result.stdout) == (
        "Usage: plansync amend EVENT modify-batch FINISHED_UNIT BATCHES --reason R [OPTIONS]"
    )


@pytest.mark.parametrize(
    "typed,usage",
    [
        (("amend", "x"), "Usage: plansync amend [OPTIONS] EVENT COMMAND [ARGS]..."),
        (("import",), "Usage: plansync import SOURCE --from FORMAT [OPTIONS]"),
        (("export",), "Usage: plansync export --to FORMAT [OPTIONS]"),
        (("fulfill",), "Usage: plansync fulfill EVENT RECIPIENT STATUS [OPTIONS]"),
        (("new",), "Usage: plansync new KIND SLUG [OPTIONS]"),
        (("record", "production"), "Usage: plansync record production EVENT FINISHED_UNIT BATCHES [OPTIONS]"),
    ],
)
def test_usage_lines_follow_the_design_order(typed, usage):
    assert usage_line(typed) == usage


def test_a_malformed_call_shows_the_same_usage_and_exits_2():
    result = invoke("amend", "christmas-2026", "modify-batch", "sugar-cookie")
    assert result.exit_code == 2
    assert usage_of(result.stderr).startswith(
        "Usage: plansync amend EVENT modify-batch FINISHED_UNIT BATCHES --reason R [OPTIONS]"
    )
    assert "Missing argument 'BATCHES'" in result.stderr


def test_new_lists_every_kind_its_usage_calls_kind():
    result = invoke("new", "--help")
    assert result.exit_code == 0
    for kind in KINDS:
        assert kind in result.stdout
