"""The ``plansync`` command line: a lazy group of commands.

Commands live in their own modules and are imported only when run, so
``plansync --help`` stays fast (no SQLAlchemy, jsonschema, pint or plugin
is imported for it). Every PlansyncError becomes one line on stderr and its
exit code; no user error prints a traceback.
"""

from __future__ import annotations

import os
import sys
from importlib import import_module
from typing import Any

import click

from plansync import __version__
from plansync.cli import context
from plansync.cli.usage import Group
from plansync.errors import PlansyncError
from plansync.store import locks

#: name -> (module:function, one-line help). The help is here so that
#: listing commands imports none of them.
COMMANDS: dict[str, tuple[str, str]] = {
    "init": ("plansync.cli.init_cmd:init", "Create a new plan repository."),
    "new": ("plansync.cli.init_cmd:new", "Write a template file for a new recipe, event, good..."),
    "validate": ("plansync.cli.validate_cmd:validate", "Check every plan file: schema, references, domain rules."),
    "plan": ("plansync.cli.plan_cmds:plan", "Batches to bake and packaging for an event."),
    "shopping": ("plansync.cli.shopping_cmd:shopping", "An event's shopping list; --done marks shopping complete."),
    "feasibility": ("plansync.cli.report_cmds:feasibility", "Can an event's finished goods be assembled?"),
    "progress": ("plansync.cli.report_cmds:progress", "Batches baked and goods assembled against the plan."),
    "status": ("plansync.cli.report_cmds:status", "One-screen summary of an event."),
    "diff": ("plansync.cli.git_cmds:diff", "Entities added, removed and changed between git revisions."),
    "record": ("plansync.cli.record_cmd:record", "Record a production or assembly run."),
    "lock": ("plansync.cli.lifecycle_cmds:lock", "Lock an event's plan: write its planning snapshot."),
    "start": ("plansync.cli.lifecycle_cmds:start", "Start production: write the baseline, move to in_production."),
    "complete": ("plansync.cli.lifecycle_cmds:complete", "Close an event: no more amendments or runs."),
    "amend": ("plansync.cli.amend_cmds:amend", "Change a plan in production (drop-fg, add-fg, modify-batch)."),
    "amendments": ("plansync.cli.amend_cmds:amendments", "List an event's amendments, oldest first."),
    "compare": ("plansync.cli.amend_cmds:compare", "Baseline against the plan now: what changed in production."),
    "stale": ("plansync.cli.amend_cmds:stale", "Snapshotted definitions that differ from the catalog now."),
    "buy": ("plansync.cli.stock_cmds:buy", "Record a purchase in purchases.yaml."),
    "stock": ("plansync.cli.stock_cmds:stock", "Stock on hand, derived: count + purchases - what runs used."),
    "cost": ("plansync.cli.stock_cmds:cost", "What an event costs: planned at today's prices, actual from its runs."),
    "fulfill": ("plansync.cli.lifecycle_cmds:fulfill", "Advance a recipient package: pending, ready, delivered."),
    "serve": ("plansync.cli.serve_cmd:serve", "Serve the plan repository as a web view (plan, shopping, progress, forms)."),
    "sync": ("plansync.cli.index_cmds:sync", "Bring the SQL index up to date with the files."),
    "query": ("plansync.cli.index_cmds:query", "Run read-only SQL on the index."),
    "history": ("plansync.cli.git_cmds:history", "The audit trail from git: commits and what they changed."),
    "import": ("plansync.cli.exchange_cmds:import_", "Import a foreign file (a JSON export, or any importer plugin's format)."),
    "export": ("plansync.cli.exchange_cmds:export", "Export the repository or an event (json, csv, markdown...)."),
    "formats": ("plansync.cli.exchange_cmds:formats", "List formats, importers and exporters."),
    "plugins": ("plansync.cli.exchange_cmds:plugins", "List plugins and what they register."),
}


class LazyGroup(Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*COMMANDS, *self.commands})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in self.commands and name in COMMANDS:
            module_name, attribute = COMMANDS[name][0].split(":")
            self.add_command(getattr(import_module(module_name), attribute), name)
        if name not in self.commands:
            _load_plugin_commands(self)
        command = self.commands.get(name)
        if command is not None:
            accept_global_options(command)
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, COMMANDS[name][1]) for name in sorted(COMMANDS)]
        rows += [(n, c.get_short_help_str()) for n, c in sorted(self.commands.items()) if n not in COMMANDS]
        with formatter.section("Commands"):
            formatter.write_dl(rows)
        formatter.write_paragraph()
        formatter.write_text("Plugins may add commands: `plansync plugins` lists them.")

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except PlansyncError as exc:
            raise _as_click_error(exc) from None
        except (click.exceptions.Exit, click.ClickException, click.Abort, KeyboardInterrupt, BrokenPipeError):
            raise
        except Exception as exc:
            if os.environ.get("PLANSYNC_DEBUG"):
                raise
            raise _as_click_error(
                PlansyncError(
                    f"internal error: {type(exc).__name__}: {exc} "
                    "(a bug in plansync: set PLANSYNC_DEBUG=1 for the traceback and report it)"
                )
            ) from None


def _load_plugin_commands(group: click.Group) -> None:
    from plansync.plugins.manager import call_each, get_plugin_manager, get_registry  # entry points: only for an unknown command name

    if getattr(group, "_plugins_loaded", False):
        return
    group._plugins_loaded = True  # type: ignore[attr-defined]
    call_each(get_plugin_manager().hook.register_commands, get_registry(), lambda _plugin: {"cli": group})


class PlansyncClickError(click.ClickException):
    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.exit_code = exit_code

    def show(self, file: Any = None) -> None:
        click.echo(f"error: {self.format_message()}", err=True)


def _as_click_error(exc: PlansyncError) -> PlansyncClickError:
    return PlansyncClickError(str(exc), exc.exit_code)


#: The options every command accepts, before or after its name:
#: ``plansync --repo plans validate`` and ``plansync validate --repo plans``
#: (what a pre-commit hook's ``args:`` can give). name -> (flag, click settings).
GLOBAL_OPTIONS: dict[str, tuple[str, dict[str, Any]]] = {
    "repo_path": (
        "--repo",
        {
            "type": click.Path(file_okay=False),
            "help": "The plan repository (default: the nearest folder above holding plansync.yaml).",
        },
    ),
    "db_url": ("--db", {"help": "SQLAlchemy URL of the index (default: sqlite at .plansync/index.sqlite)."}),
}


def _set_global(ctx: click.Context, param: click.Parameter, value: Any) -> None:
    # Given after the command, it wins over the same option before it.
    if value is not None and param.name is not None:
        ctx.find_root().ensure_object(dict)[param.name] = value


def accept_global_options(command: click.Command) -> None:
    """Let COMMAND (and its subcommands) take the global options too."""
    if getattr(command, "_global_options", False):
        return
    command._global_options = True  # type: ignore[attr-defined]
    taken = {opt for param in command.params for opt in getattr(param, "opts", ())}
    for name, (flag, settings) in GLOBAL_OPTIONS.items():
        if flag not in taken:
            option = click.Option([flag, name], expose_value=False, callback=_set_global, is_eager=True, **settings)
            command.params.append(option)
    if isinstance(command, click.Group):
        for subcommand in command.commands.values():
            accept_global_options(subcommand)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--repo", "repo_path", envvar="PLANSYNC_REPO", **GLOBAL_OPTIONS["repo_path"][1])
@click.option("--db", "db_url", envvar="PLANSYNC_DB", **GLOBAL_OPTIONS["db_url"][1])
@click.version_option(__version__, prog_name="plansync")
@click.pass_context
def cli(ctx: click.Context, repo_path: str | None, db_url: str | None) -> None:
    """Plan holiday baking as plain-text files in git.

    Recipes, finished goods and events are YAML (or JSON) files in a git
    repository; plansync checks them, computes exact batches, a shopping
    list and an assembly check, and keeps the audit trail in git.

    \b
    Example:
      plansync init my-plans && cd my-plans
      plansync validate
      plansync plan christmas-2026
    """
    ctx.ensure_object(dict)
    ctx.obj["repo_path"] = repo_path
    ctx.obj["db_url"] = db_url

    # Waiting for another plansync, or taking over from one that was killed,
    # is said on stderr, whichever command takes the lock.
    locks.default_notify = lambda line: click.echo(line, err=True)


def main() -> None:
    context.for_one_command()
    try:
        cli(prog_name="plansync")
    except BrokenPipeError:
        # Output piped into `head`: stop quietly, as other command-line tools do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(1)
