"""Canonical forms and content hashes of plan data.

A content hash must not change when a file is reformatted, re-ordered or
converted between YAML and JSON, so it is taken over canonical JSON: keys
sorted, no insignificant white space, UTF-8, whole floats written as
integers. Nor when a JSON file gains or loses the ``"$schema"`` key its
editor reads: that names a schema, it is not content.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any


def _normalise(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _normalise(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_normalise(v) for v in value]
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


#: The editor's key of a JSON plan file (plansync.repo.schemas.EDITOR_KEY;
#: formats sits below repo, so it is spelled here too).
_EDITOR_KEY = "$schema"


def canonical_json(value: Any) -> str:
    if isinstance(value, dict) and _EDITOR_KEY in value:
        value = {k: v for k, v in value.items() if k != _EDITOR_KEY}
    return json.dumps(_normalise(value), sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def content_sha256(value: Any) -> str:
    """The sha256 (64 hex digits) of the canonical form of ``value``."""
    return hashlib.sha256(canonical_json(value).encode("utf-8")).hexdigest()
