"""The time plansync writes into files: UTC, to the second.

One function, so tests can pin it and every file shows the same form
(``2026-12-01T10:00:00Z``).
"""

from __future__ import annotations

from datetime import datetime, timezone


def utc_now() -> str:
    """Now in UTC as ISO 8601 with a ``Z``, whole seconds."""
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
