"""The forms of an event page: each calls the same library function as
its command, so the same refusals reach the page and nothing is written.

A form that succeeds redirects back to the event (post, redirect, get)
with the command's confirmation; a refused one shows the event page again
with the refusal and status 409.
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from typing import Any
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from plansync.errors import PlansyncError, UsageError
from plansync.git.commit import Committer
from plansync.lifecycle.amendments import add_fg, drop_fg, modify_batch
from plansync.lifecycle.buy import buy
from plansync.lifecycle.fulfill import fulfill, next_status
from plansync.lifecycle.record import record_assembly, record_production
from plansync.lifecycle.shopping_done import mark_shopping_done
from plansync.lifecycle.transitions import complete_event, lock_event, start_event
from plansync.repo.repository import PlanRepo
from plansync.web.eventpages import overview
from plansync.web.guard import check_csrf
from plansync.web.site import Site

Form = dict[str, str]
Action = Callable[[PlanRepo, str, Form, bool | None], Any]


def _text(form: Form, name: str, what: str) -> str:
    value = form.get(name, "").strip()
    if not value:
        raise UsageError(f"{what} is required")
    return value


def _number(form: Form, name: str, what: str) -> Fraction:
    text = _text(form, name, what)
    try:
        return Fraction(text)
    except (ValueError, ZeroDivisionError):
        raise UsageError(f"{what} must be a number, not {text!r}") from None


def _whole(form: Form, name: str, what: str) -> int:
    value = _number(form, name, what)
    if value.denominator != 1:
        raise UsageError(f"{what} must be a whole number, not {value}")
    return int(value)


def _record_production(repo: PlanRepo, slug: str, form: Form, commit: bool | None) -> Any:
    actual = form.get("actual_yield", "").strip()
    return record_production(
        repo, slug, _text(form, "finished_unit", "the finished unit"), _whole(form, "batches", "batches"),
        _number(form, "actual_yield", "the actual yield") if actual else None, commit,
    )  # fmt: skip


def _record_assembly(repo: PlanRepo, slug: str, form: Form, commit: bool | None) -> Any:
    return record_assembly(repo, slug, _text(form, "finished_good", "the finished good"), _whole(form, "quantity", "the quantity"), commit)


def _fulfill(repo: PlanRepo, slug: str, form: Form, commit: bool | None) -> Any:
    recipient = _text(form, "recipient", "the recipient")
    status = form.get("status", "").strip()
    if not status:
        current = form.get("current", "pending")
        status = next_status(current) or current
    return fulfill(repo, slug, recipient, status, form.get("package") or None, commit)


def _shopping_done(repo: PlanRepo, slug: str, form: Form, commit: bool | None) -> Any:
    return mark_shopping_done(repo, slug, Committer.for_command(repo, commit))


def _buy(repo: PlanRepo, slug: str, form: Form, commit: bool | None) -> Any:
    price = form.get("price", "").strip()
    return buy(
        repo, _text(form, "product", "the product"), _number(form, "packages", "packages"),
        _number(form, "price", "the price") if price else None, form.get("at", "").strip() or None, commit,
    )  # fmt: skip


def _amend(repo: PlanRepo, slug: str, form: Form, commit: bool | None) -> Any:
    reason = _text(form, "reason", "a reason for the amendment")
    change = form.get("type", "")
    if change == "drop-fg":
        return drop_fg(repo, slug, _text(form, "finished_good", "the finished good"), reason, commit)
    if change == "add-fg":
        return add_fg(repo, slug, _text(form, "finished_good", "the finished good"), _whole(form, "quantity", "the quantity"), reason, commit)
    if change == "modify-batch":
        return modify_batch(repo, slug, _text(form, "finished_unit", "the finished unit"), _whole(form, "batches", "batches"), reason, commit)
    raise UsageError(f"unknown amendment {change!r} (drop-fg, add-fg, modify-batch)")


ACTIONS: dict[str, Action] = {
    "record-production": _record_production,
    "record-assembly": _record_assembly,
    "fulfill": _fulfill,
    "shopping-done": _shopping_done,
    "buy": _buy,
    "lock": lambda repo, slug, form, commit: lock_event(repo, slug, commit),
    "start": lambda repo, slug, form, commit: start_event(repo, slug, commit),
    "complete": lambda repo, slug, form, commit: complete_event(repo, slug, commit),
    "amend": _amend,
}


async def act(request: Request, site: Site, slug: str, action: str) -> Response:
    form: Form = {key: str(value) for key, value in (await request.form()).items()}
    if not check_csrf(request, site, form):
        return overview_refused(request, site, slug, "refused: the form is out of date or came from elsewhere (reload the page and try again)", 403)
    if action not in ACTIONS:
        return overview_refused(request, site, slug, f"unknown action {action!r}", 404)
    # The box ticked commits; unticked leaves it to auto_commit.
    commit = True if form.get("commit") else None
    with site.turn:
        try:
            result = ACTIONS[action](site.repo(), slug, form, commit)
        except PlansyncError as refused:
            return overview_refused(request, site, slug, f"refused: {refused}", 409)
    message = result.confirmation()
    sha = getattr(result, "commit", None)
    if sha and sha[:7] not in message:
        message += f" (committed {sha[:7]})"
    # A run written with a warning (more goods than the units make) says so
    # on the page, in its own warning box, as the command says it on stderr.
    query = f"done={quote(message)}" + "".join(
        f"&warning={quote(warning.message)}" for warning in getattr(result, "warnings", ())
    )
    return RedirectResponse(f"/events/{slug}?{query}", status_code=303)


def overview_refused(request: Request, site: Site, slug: str, message: str, status: int) -> Response:
    with site.turn:
        return overview(request, site, slug, error=message, status=status)
