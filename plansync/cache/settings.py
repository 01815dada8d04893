"""The settings section: valid settings remembered by the text of
``plansync.yaml``.

Every command reads the settings first; parsing them needs the YAML reader
and the schema validator, which a warm ``plan`` or ``shopping`` would not
otherwise import (about 20 ms of a 0.3 s command). Only settings without
problems are kept, so every problem is still reported, with its location,
by the full parse. The key holds the text's hash (and, through
:func:`plansync.cache.keys.key`, plansync's version, code and schemas).
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict
from functools import cache
from pathlib import Path

from plansync.cache import store
from plansync.cache.keys import key
from plansync.repo.repository import Settings


@cache  # recall and remember of one command ask for the same text's key
def _key(text: str) -> str:
    return key("settings", hashlib.sha256(text.encode("utf-8", errors="surrogatepass")).hexdigest())


def recall(root: Path, text: str) -> Settings | None:
    """The settings remembered for ``text``, or None."""
    document = store.read(root, "settings", _key(text))
    values = document.get("settings") if document else None
    return Settings(**values) if _sound(values) else None


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
    store.write(root, "settings", _key(text), {"settings": asdict(settings)}, create=True)
