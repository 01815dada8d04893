"""Registers the built-in YAML and JSON formats through the public hook,
like any plugin's."""

from __future__ import annotations

from typing import Callable

from plansync.formats.builtin import JSON, YAML
from plansync.plugins import Format, hookimpl


@hookimpl
def register_formats(register: Callable[[Format], None]) -> None:
    register(YAML)
    register(JSON)
