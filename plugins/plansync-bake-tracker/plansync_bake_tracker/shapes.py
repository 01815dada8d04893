"""Pieces plansync documents share: the head, free-text notes, dates and times."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from plansync_bake_tracker.slugs import Record
from plansync_bake_tracker.values import BadRecord, text

MAX_NAME = 200


def head(record: Record) -> dict[str, Any]:
    """``kind``, ``slug`` and ``name``: the keys every catalog file starts with."""
    name = record.name or record.export_slug
    if not name:
        raise BadRecord("has no name and no slug")
    if len(name) > MAX_NAME:
        raise BadRecord(f"name is longer than {MAX_NAME} characters")
    return {"kind": record.kind, "slug": record.slug, "name": name}


def add_notes(data: dict[str, Any], raw: dict[str, Any], *keys: str) -> None:
    """Put the record's free text (description, notes, instructions) in ``notes``.

    plansync has one notes field where bake-tracker has several; the baker
    wrote all of them, so they are kept, one paragraph each.
    """
    paragraphs = [value for value in (text(raw, key) for key in keys) if value]
    if paragraphs:
        data["notes"] = "\n\n".join(dict.fromkeys(paragraphs))


def set_text(data: dict[str, Any], key: str, raw: dict[str, Any], *keys: str) -> None:
    value = text(raw, *keys)
    if value:
        data[key] = value


def day(value: Any, what: str) -> str:
    """A date as ``YYYY-MM-DD`` (a timestamp's date part is taken)."""
    written = str(value).strip()
    try:
        parsed = date.fromisoformat(written[:10])
    except ValueError:
        raise BadRecord(f"{what} {value!r} is not a date") from None
    if written[10:] and written[10] not in "T ":
        raise BadRecord(f"{what} {value!r} is not a date")
    return parsed.isoformat()


def timestamp(value: Any, what: str) -> tuple[str, datetime]:
    """An RFC 3339 timestamp, and its value for sorting.

    bake-tracker writes naive UTC times with a ``Z`` glued on (sometimes
    after an offset already); a time without a zone is read as UTC.
    """
    written = str(value).strip()
    if written.endswith("+00:00Z"):
        written = written[:-1]
    try:
        parsed = datetime.fromisoformat(written)
    except ValueError:
        raise BadRecord(f"{what} {value!r} is not a date and time") from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.isoformat().replace("+00:00", "Z"), parsed
