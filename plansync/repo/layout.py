"""Where things go in a plan repository, and what a slug looks like."""

from __future__ import annotations

import os
import re
from pathlib import Path

#: Folder a new file of each kind goes into (the folder is convention only:
#: a file's kind comes from its ``kind`` field).
FOLDERS = {
    "ingredient": "catalog/ingredients",
    "recipe": "catalog/recipes",
    "finished_unit": "catalog/finished-units",
    "finished_good": "catalog/finished-goods",
    "material": "catalog/materials",
    "material_unit": "catalog/material-units",
    "product": "catalog/products",
    "supplier": "catalog/suppliers",
    "recipient": "catalog/recipients",
    "package": "catalog/packages",
}

#: A slug: lower-case letters and digits in runs joined by single hyphens.
SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*\Z")

#: Where events live: ``events/<slug>/event.yaml`` beside its logs.
EVENTS_FOLDER = "events"


def slugs_on_disk(root: Path, kind: str, extensions: tuple[str, ...] = (".yaml", ".yml", ".json")) -> list[str]:
    """The slugs of ``kind`` named by the files in its folder, sorted.

    Only names are read, no file is parsed: this is for shell completion,
    which runs on every Tab and must answer at once. A file named unlike
    its slug is not offered (validate warns about it).
    """
    if kind == "event":
        folder = root / EVENTS_FOLDER
        try:
            return sorted(
                entry.name
                for entry in os.scandir(folder)
                if entry.is_dir() and any((folder / entry.name / f"event{ext}").is_file() for ext in extensions)
            )
        except OSError:
            return []
    try:
        names = os.listdir(root / FOLDERS[kind])
    except (OSError, KeyError):
        return []
    return sorted({stem for stem, ext in map(os.path.splitext, names) if ext in extensions and SLUG.match(stem)})
