"""Valid settings remembered by the text of ``plansync.yaml``.

Every command reads the settings first; parsing them needs the YAML reader
and the schema validator, which a warm ``plan`` or ``shopping`` would not
otherwise import (about 20 ms of a 0.3 s command). Only settings without
problems are kept, so every problem is still reported, with its location,
by the full parse. The key holds the text's hash, plansync's version and
code stamp, and the settings schema: any change to one reparses.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict
from functools import cache
from pathlib import Path

from plansync.repo.repository import STATE_DIR, Settings

CACHE_FILE = "settings.json"


@cache  # recall and remember of one command ask for the same text's key
def _key(text: str) -> str:
    from plansync import __version__
    from plansync.repo import schemas
    from plansync.cache.fingerprint import code_stamp

    digest = hashlib.sha256(text.encode("utf-8", errors="surrogatepass"))
    digest.update(f"\0{__version__}\0{code_stamp()}\0".encode())
    digest.update(schemas.schema_file(schemas.SETTINGS).read_bytes())
    return digest.hexdigest()


def _path(root: Path) -> Path:
    """The cache file; refuses (as PlanRepo.state_dir does, later, with a
    message) a state folder that is missing, a link or a file."""
    folder = root / STATE_DIR
    if os.path.islink(folder) or not os.path.isdir(folder):
        raise FileNotFoundError(folder)
    return folder / CACHE_FILE


def recall(root: Path, text: str) -> Settings | None:
    """The settings remembered for ``text``, or None (also when the file is
    missing, damaged or from another version)."""
    try:
        stored = json.loads(_path(root).read_bytes())
        if stored.get("key") != _key(text):
            return None
        values = stored["settings"]
        if not _sound(values):
            return None
        return Settings(**values)
    except Exception:  # a cache worth nothing is only a slower start
        return None


def _sound(values: object) -> bool:
    """Whether remembered values have exactly the fields and types of Settings."""
    defaults = asdict(Settings())
    if not isinstance(values, dict) or set(values) != set(defaults):
        return False
    for name, value in values.items():
        expected = (str, type(None)) if name == "index" else type(defaults[name])
        if expected is float and type(value) is int:
            continue
        if not isinstance(value, expected) or (isinstance(value, bool) and expected is not bool):
            return False
    return True


def remember(root: Path, text: str, settings: Settings) -> None:
    from plansync.store.atomic import write_atomic

    try:  # plansync's folder is made by the commands that keep state, not here
        write_atomic(_path(root), json.dumps({"key": _key(text), "settings": asdict(settings)}))
    except Exception:  # a read-only checkout still works, only slower
        pass
