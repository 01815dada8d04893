"""Rules over events: the plan matches its output mode, entries are unique."""

from __future__ import annotations

from typing import Iterator

from plansync.errors import Problem
from plansync.load.documents import Document
from plansync.plugins.types import RuleContext

#: list field -> the fields that identify one entry
_UNIQUE_ENTRIES = {
    "finished_goods": ("finished_good",),
    "finished_units": ("finished_unit",),
    "batch_decisions": ("finished_unit",),
    "recipients": ("recipient", "package"),
}


def output_mode(context: RuleContext) -> Iterator[Problem]:
    """``bundled`` plans finished goods (and recipient packages); ``bulk_count`` plans finished units."""
    for doc in context.valid("event"):
        yield from output_mode_in(doc)


def output_mode_in(doc: Document) -> Iterator[Problem]:
    if doc.kind != "event" or not doc.valid:
        return
    data = doc.data
    mode = data.get("output_mode")
    if mode == "bundled" and data.get("finished_units"):
        yield doc.problem(
            ("finished_units",),
            "output-mode",
            "a bundled event plans finished_goods, not finished_units (or set output_mode: bulk_count)",
            at_key=True,
        )
    elif mode == "bulk_count":
        for field in ("finished_goods", "recipients"):
            if data.get(field):
                yield doc.problem(
                    (field,),
                    "output-mode",
                    f"a bulk_count event plans finished_units, not {field} (or set output_mode: bundled)",
                    at_key=True,
                )
    elif mode is None:
        for field in ("finished_goods", "finished_units", "recipients"):
            if data.get(field):
                yield doc.problem(
                    (field,),
                    "output-mode",
                    f"the event plans {field} but has no output_mode (bundled or bulk_count)",
                    at_key=True,
                )
                break


def unique_entries(context: RuleContext) -> Iterator[Problem]:
    """One entry per good, unit, decision, and recipient package in a plan."""
    for doc in context.valid("event"):
        yield from unique_entries_in(doc)


def unique_entries_in(doc: Document) -> Iterator[Problem]:
    if doc.kind != "event" or not doc.valid:
        return
    for field, keys in _UNIQUE_ENTRIES.items():
        seen: dict[tuple, int] = {}
        for index, entry in enumerate(doc.data.get(field, ())):
            identity = tuple(entry.get(k) for k in keys)
            if identity in seen:
                name = " / ".join(str(v) for v in identity)
                yield doc.problem(
                    (field, index),
                    "duplicate-entry",
                    f"{name} is listed twice in {field} (first as entry {seen[identity] + 1}); merge them",
                )
            else:
                seen[identity] = index
