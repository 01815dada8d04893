"""The plansync hooks: everything a plugin can add.

Each hook hands the plugin a ``register`` callback, so the host owns the
registry and can say which plugin registered what (and refuse duplicates
naming both). Hosts call hooks by keyword only, so a hook can grow an
argument without breaking plugins that do not take it.

None of these hooks is firstresult: every plugin is asked and every
registration counts.

A plugin is a module (or object) with functions marked
``@plansync.plugins.hookimpl``, registered through the ``plansync``
entry-point group::

    [project.entry-points.plansync]
    my_format = "my_package.plugin"
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable

import pluggy

if TYPE_CHECKING:
    import click

    from plansync.plugins.types import Exporter, Format, Importer, Rule

hookspec = pluggy.HookspecMarker("plansync")


@hookspec
def register_formats(register: Callable[[Format], None]) -> None:
    """Register file formats that plan files may be written in.

    The built-in YAML and JSON formats come through this hook too.

    :param register: call it once per :class:`~plansync.plugins.types.Format`.
        A format name or file extension that another plugin already
        registered is an error naming both plugins.
    """


@hookspec
def register_importers(register: Callable[[Importer], None]) -> None:
    """Register importers: readers of foreign files (``plansync import --from NAME``).

    :param register: call it once per :class:`~plansync.plugins.types.Importer`.
    """


@hookspec
def register_exporters(register: Callable[[Exporter], None]) -> None:
    """Register exporters: writers of reports and archives (``plansync export --to NAME``).

    :param register: call it once per :class:`~plansync.plugins.types.Exporter`.
    """


@hookspec
def register_rules(register: Callable[[Rule], None]) -> None:
    """Contribute validation rules that run after the built-in ones.

    :param register: call it once per :class:`~plansync.plugins.types.Rule`;
        the rule's ``check`` receives a
        :class:`~plansync.plugins.types.RuleContext` and returns
        :class:`~plansync.errors.Problem` values.
    """


@hookspec
def register_commands(cli: click.Group) -> None:
    """Add click commands to the ``plansync`` command line.

    :param cli: the top-level ``plansync`` group; call ``cli.add_command``
        or decorate with ``@cli.command()``.
    """
