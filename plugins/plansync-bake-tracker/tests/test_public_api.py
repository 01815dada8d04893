"""The plugin is written against plansync's public plugin API only, so a
third party can build the same from the documentation."""

from __future__ import annotations

import ast
from pathlib import Path

import plansync_bake_tracker

PACKAGE = Path(plansync_bake_tracker.__file__).parent


def plansync_imports() -> set[str]:
    found = set()
    for path in PACKAGE.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "plansync":
                found.add(node.module)
            elif isinstance(node, ast.Import):
                found |= {a.name for a in node.names if a.name.split(".")[0] == "plansync"}
    return found


def test_the_plugin_imports_only_the_public_plugin_api():
    assert plansync_imports() == {"plansync.plugins"}

