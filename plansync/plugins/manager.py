"""The plugin manager and the registry it fills.

Built-in behaviour is registered as ordinary plugins through the public
hooks. Third-party plugins come from the ``plansync`` entry-point group and
are loaded only when a command first needs the registry, so ``plansync
--help`` imports none of them. ``PLANSYNC_LOAD_PLUGINS=a,b`` limits the
entry points that load to those names (empty: none).

A plugin that fails to import or raises inside a hook does not stop the
program: it becomes a :class:`PluginFailure` naming the plugin, and
``plansync plugins`` and ``validate`` report it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from importlib import import_module
from typing import Any, Callable

import pluggy

from plansync.cache import keys
from plansync.errors import PlansyncError
from plansync.plugins import hookspecs
from plansync.plugins.types import Exporter, Format, Importer, Rule

ENTRY_POINT_GROUP = "plansync"

#: Modules registered before any entry point, in this order.
DEFAULT_PLUGINS = (
    "plansync.plugins.default_formats",
    "plansync.plugins.default_exchange",
    "plansync.validation.builtin_rules",
    "plansync.exports.builtin",
)


class PluginConflictError(PlansyncError):
    """Two plugins registered the same name."""


@dataclass(frozen=True)
class PluginFailure:
    plugin: str
    message: str


@dataclass
class Registry:
    """Everything plugins registered, with the plugin that registered each."""

    formats: dict[str, Format] = field(default_factory=dict)
    format_by_extension: dict[str, Format] = field(default_factory=dict)
    importers: dict[str, Importer] = field(default_factory=dict)
    exporters: dict[str, Exporter] = field(default_factory=dict)
    rules: list[Rule] = field(default_factory=list)
    owners: dict[tuple[str, str], str] = field(default_factory=dict)
    failures: list[PluginFailure] = field(default_factory=list)

    def owner(self, what: str, name: str) -> str:
        return self.owners.get((what, name), "?")

    def _claim(self, what: str, name: str, plugin: str) -> None:
        previous = self.owners.get((what, name))
        if previous is not None:
            raise PluginConflictError(
                f"{what} {name!r} is registered twice: by plugin {previous!r} and by plugin {plugin!r}"
            )
        self.owners[(what, name)] = plugin

    def add_format(self, fmt: Format, plugin: str) -> None:
        self._claim("format", fmt.name, plugin)
        for ext in fmt.extensions:
            self._claim("extension", ext.lower(), plugin)
        self.formats[fmt.name] = fmt
        for ext in fmt.extensions:
            self.format_by_extension[ext.lower()] = fmt

    def add_importer(self, importer: Importer, plugin: str) -> None:
        self._claim("importer", importer.name, plugin)
        self.importers[importer.name] = importer

    def add_exporter(self, exporter: Exporter, plugin: str) -> None:
        self._claim("exporter", exporter.name, plugin)
        self.exporters[exporter.name] = exporter

    def add_rule(self, rule: Rule, plugin: str) -> None:
        self.owners.setdefault(("rule", rule.code), plugin)
        self.rules.append(rule)

    @property
    def extensions(self) -> tuple[str, ...]:
        return tuple(self.format_by_extension)


def _selected_entry_points() -> list[tuple[str, str]]:
    """The ``plansync`` entry points to load, made from the listing the cache
    keys keep (:func:`plansync.cache.keys.installed_plugins`): no scan of
    every distribution's metadata for it (~25 ms): (name, value) pairs."""
    wanted = os.environ.get("PLANSYNC_LOAD_PLUGINS")
    listed = [item.split("=", 1) for item in keys.installed_plugins()]
    names = None if wanted is None else {n.strip() for n in wanted.split(",") if n.strip()}
    listed = [(name, value) for name, value in listed if names is None or name in names]
    return listed


def _load_entry_point(value: str) -> Any:
    """The object an entry point's value names ("module:attr.attr [extras]"),
    found as ``importlib.metadata.EntryPoint.load`` finds it, without
    importing :mod:`importlib.metadata` and the email package it brings
    (~12 ms on every command, with a plugin installed)."""
    module_name, _, attributes = value.partition("[")[0].partition(":")
    found = import_module(module_name.strip())
    for attribute in filter(None, attributes.strip().split(".")):
        found = getattr(found, attribute)
    return found


def _build_manager() -> tuple[pluggy.PluginManager, list[PluginFailure]]:
    pm = pluggy.PluginManager(ENTRY_POINT_GROUP)
    pm.add_hookspecs(hookspecs)
    failures: list[PluginFailure] = []
    for module_name in DEFAULT_PLUGINS:
        pm.register(import_module(module_name), name=module_name)
    for name, value in _selected_entry_points():
        if pm.has_plugin(name):
            continue
        try:
            pm.register(_load_entry_point(value), name=name)
        except Exception as exc:  # a broken plugin must not break the program
            failures.append(PluginFailure(name, f"failed to load: {type(exc).__name__}: {exc}"))
    return pm, failures


_manager: pluggy.PluginManager | None = None
_registry: Registry | None = None


def get_plugin_manager() -> pluggy.PluginManager:
    global _manager, _registry
    if _manager is None:
        _manager, failures = _build_manager()
        _registry = Registry(failures=failures)
        _fill_registry(_manager, _registry)
    return _manager


def get_registry() -> Registry:
    get_plugin_manager()
    assert _registry is not None
    return _registry


def plugin_distributions() -> dict[str, str]:
    """"Name version" of the distribution of each loaded entry-point plugin
    (for ``plansync plugins``: the one command that reads distributions'
    metadata)."""
    from importlib.metadata import entry_points

    pm = get_plugin_manager()
    distributions: dict[str, str] = {}
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        dist = getattr(ep, "dist", None)
        if dist is not None and pm.has_plugin(ep.name) and ep.name not in distributions:
            distributions[ep.name] = f"{dist.metadata['Name']} {dist.version}"
    return distributions


def reset() -> None:
    """Forget the loaded plugins (tests install and remove plugins)."""
    global _manager, _registry
    _manager = None
    _registry = None
    keys.forget_plugins()


def call_each(hook: Any, registry: Registry, kwargs_for: Callable[[str], dict[str, Any]]) -> None:
    """Call every implementation of ``hook`` on its own, oldest plugin first,
    so one plugin's exception becomes its own :class:`PluginFailure` instead
    of aborting the others. ``kwargs_for(plugin_name)`` gives the arguments."""
    for impl in hook.get_hookimpls():
        try:
            impl.function(**kwargs_for(impl.plugin_name))
        except PluginConflictError:
            raise
        except Exception as exc:  # a broken plugin must not break the program
            registry.failures.append(
                PluginFailure(impl.plugin_name, f"hook {hook.name} raised {type(exc).__name__}: {exc}")
            )


def _fill_registry(pm: pluggy.PluginManager, registry: Registry) -> None:
    for hook, add in (
        (pm.hook.register_formats, registry.add_format),
        (pm.hook.register_importers, registry.add_importer),
        (pm.hook.register_exporters, registry.add_exporter),
        (pm.hook.register_rules, registry.add_rule),
    ):
        call_each(hook, registry, lambda plugin, add=add: {"register": lambda item: add(item, plugin)})
