"""The ``# yaml-language-server: $schema=...`` line that gives editors completion.

Schemas are copied into the repository's ``.schemas/`` folder by ``init``,
so the modeline is a relative path that works offline and matches the
plansync version that wrote it.
"""

from __future__ import annotations

import posixpath

SCHEMA_FOLDER = ".schemas"
PREFIX = "# yaml-language-server: $schema="


def schema_path_for(relative_file: str, schema: str) -> str:
    folder = posixpath.dirname(relative_file)
    return posixpath.relpath(f"{SCHEMA_FOLDER}/{schema}.schema.json", folder or ".")


def modeline(relative_file: str, schema: str) -> str:
    return f"{PREFIX}{schema_path_for(relative_file, schema)}\n"


def with_modeline(relative_file: str, schema: str, text: str) -> str:
    if text.startswith(PREFIX):
        return text
    return modeline(relative_file, schema) + text
