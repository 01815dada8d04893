"""``plansync buy``: append a purchase to ``purchases.yaml``.

The purchase log is append-only like the run logs: every line is numbered,
dated and never rewritten, so stock (count + purchases - what runs used)
is derived from files that only grow, and git shows each purchase as the
few lines it added. A refused purchase writes nothing.
"""

from __future__ import annotations

import copy
import difflib
from dataclasses import dataclass
from datetime import date, datetime, timezone
from fractions import Fraction
from typing import Any

from plansync.engine.rounding import json_number
from plansync.errors import PlansyncError, RefusedError
from plansync.git.commit import Committer
from plansync.lifecycle.eventlock import EventLock
from plansync.load.workspace import Workspace, load_workspace
from plansync.repo import schemas
from plansync.repo.repository import PlanRepo
from plansync.store import clock
from plansync.store.writer import write_document
from plansync.validation.guard import ensure_clean

PURCHASES_FILE = "purchases.yaml"
#: Money is kept to the cent in the log (the price paid is what the receipt says).
MONEY_PLACES = 2


@dataclass(frozen=True)
class Bought:
    """A purchase just appended: where, exactly what was written, the commit."""

    path: str
    purchase: dict[str, Any]
    commit: str | None = None

    def confirmation(self) -> str:
        line = self.purchase
        price = f", {line['price']:.2f}" if line.get("price") is not None else ""
        return f"bought: purchase {line['seq']}: {line['packages']} x {line['product']}{price}"


def parse_time(text: str) -> str:
    """``--at``: a date (that day, 00:00 UTC) or a date and time (local time
    when it names no zone), as the UTC time the log keeps. Refuses anything else."""
    value = text.strip()
    try:
        if len(value) == 10:
            day = date.fromisoformat(value)
            return f"{day.isoformat()}T00:00:00Z"
        moment = datetime.fromisoformat(value.replace("z", "Z").replace("Z", "+00:00"))
    except ValueError:
        raise RefusedError(f"--at {text!r} is not a date (2026-12-03) or a date and time (2026-12-03T10:00)") from None
    if moment.tzinfo is None:
        moment = moment.astimezone()  # the baker's own clock
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def buy(
    repo: PlanRepo,
    product: str,
    packages: Fraction,
    price: Fraction | None = None,
    at: str | None = None,
    commit: bool | None = None,
) -> Bought:
    """Append ``packages`` of ``product`` (``price``: the total paid; ``at``:
    when, default now) to the purchase log. ``commit``: commit the log
    (None: ``auto_commit`` decides)."""
    if packages <= 0:
        raise RefusedError(f"buy {product}: packages must be above 0, not {json_number(packages)}")
    if price is not None and price < 0:
        raise RefusedError(f"buy {product}: the price must be 0 or more, not {json_number(price)}")
    when = parse_time(at) if at is not None else clock.utc_now()
    committer = Committer.for_command(repo, commit)
    with EventLock(repo, "purchases"):
        workspace = load_workspace(repo)
        definition = _product(workspace, product)
        ensure_clean(workspace, {definition.path, PURCHASES_FILE}, f"buy {product}")
        data = _log(workspace)
        line: dict[str, Any] = {
            "seq": _next_seq(workspace, data),
            "at": when,
            "product": product,
            "packages": json_number(packages),
        }
        if price is not None:
            line["price"] = json_number(price, MONEY_PLACES)
        if definition.data.get("supplier"):
            line["supplier"] = definition.data["supplier"]
        data.setdefault("purchases", []).append(line)
        findings = schemas.check("purchases", data)
        if findings:  # what we build must match the schema; a failure is a bug, not the user's
            first = findings[0]
            raise PlansyncError(f"internal error: the purchase breaks the schema at {first.pointer}: {first.message}")
        committer.precheck([PURCHASES_FILE])
        write_document(repo, PURCHASES_FILE, data)
        sha = committer.commit([PURCHASES_FILE], f"buy {product}: {line['packages']} package(s)")
    return Bought(PURCHASES_FILE, line, sha)


def _product(workspace: Workspace, slug: str) -> Any:
    doc = workspace.get("product", slug)
    if doc is not None:
        return doc
    close = difflib.get_close_matches(slug, workspace.slugs("product"), n=1)
    hint = f"; did you mean {close[0]!r}?" if close else " (add catalog/products/<slug>.yaml)"
    raise RefusedError(f"unknown product {slug!r}{hint}")


def _log(workspace: Workspace) -> dict[str, Any]:
    existing = next((d for d in workspace.documents if d.path == PURCHASES_FILE), None)
    if existing is None:
        return {"kind": "purchases", "purchases": []}
    if existing.kind != "purchases":
        raise RefusedError(f"{PURCHASES_FILE} holds kind {existing.kind!r}, not the purchase log; move it away to buy")
    return copy.deepcopy(existing.data)


def _next_seq(workspace: Workspace, data: dict[str, Any]) -> int:
    lines = [line for doc in workspace.valid("purchases") for line in doc.data["purchases"]]
    lines += data.get("purchases", [])
    return max((line["seq"] for line in lines if isinstance(line.get("seq"), int)), default=0) + 1
