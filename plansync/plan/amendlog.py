"""Reading an event's amendment log and replaying it over a frozen plan.

The planning snapshot holds the plan as locked; the amendments logged
since change it. Replaying the log over the snapshot's plan gives the plan
the event's file must hold now, which is how validation tells an amendment
from a hand edit of a locked plan.
"""

from __future__ import annotations

import copy
from typing import Any, Iterator

from plansync.load.documents import Document
from plansync.load.workspace import Workspace

AMENDMENTS_FILE = "amendments.yaml"


def amendment_documents(workspace: Workspace, event: str) -> list[Document]:
    """The event's valid amendment logs (normally one), in path order."""
    return workspace.event_documents("amendments", event)


def logged(workspace: Workspace, event: str) -> list[dict[str, Any]]:
    """Every amendment of ``event``, oldest first (by seq)."""
    entries = [entry for doc in amendment_documents(workspace, event) for entry in doc.data.get("amendments", ())]
    return sorted(entries, key=lambda entry: entry["seq"])


def added_definitions(entries: list[dict[str, Any]]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(kind, slug, entry) of every definition an ``add_fg`` froze."""
    for amendment in entries:
        if amendment["type"] != "add_fg":
            continue
        for kind, by_slug in (amendment["data"].get("definitions") or {}).items():
            for slug, entry in by_slug.items():
                yield kind, slug, entry


def replay(plan: dict[str, Any], entries: list[dict[str, Any]]) -> dict[str, Any]:
    """``plan`` (finished_goods, batch_decisions...) with ``entries`` applied."""
    result = copy.deepcopy(plan)
    for amendment in entries:
        data = amendment["data"]
        kind = amendment["type"]
        if kind == "drop_fg":
            goods = result.get("finished_goods", [])
            result["finished_goods"] = [g for g in goods if g.get("finished_good") != data.get("finished_good")]
        elif kind == "add_fg":
            result.setdefault("finished_goods", []).append(
                {"finished_good": data.get("finished_good"), "quantity": data.get("quantity")}
            )
        elif kind == "modify_batch":
            decisions = result.setdefault("batch_decisions", [])
            for decision in decisions:
                if decision.get("finished_unit") == data.get("finished_unit"):
                    decision["batches"] = data.get("new_batches")
                    break
            else:
                decisions.append({"finished_unit": data.get("finished_unit"), "batches": data.get("new_batches")})
    return result


def subject(amendment: dict[str, Any]) -> str:
    """What an amendment changed, in a few words (commit messages)."""
    data = amendment["data"]
    kind = amendment["type"]
    if kind == "drop_fg":
        return str(data.get("finished_good"))
    if kind == "add_fg":
        return f"{data.get('finished_good')} x{data.get('quantity')}"
    return f"{data.get('finished_unit')} {data.get('old_batches')} -> {data.get('new_batches')}"


def describe(amendment: dict[str, Any]) -> str:
    """What an amendment changed, for people: ``holiday-gift-bag (was 50)``."""
    data = amendment["data"]
    kind = amendment["type"]
    if kind == "drop_fg":
        return f"{data.get('finished_good')} (was {data.get('quantity')})"
    if kind == "add_fg":
        added = sum(len(by_slug) for by_slug in (data.get("definitions") or {}).values())
        frozen = f", {added} definitions frozen" if added else ""
        return f"{data.get('finished_good')} x{data.get('quantity')}{frozen}"
    shortfall = ", shortfall accepted" if data.get("accept_shortfall") else ""
    return f"{data.get('finished_unit')} {data.get('old_batches')} -> {data.get('new_batches')} batches{shortfall}"
