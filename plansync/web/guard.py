"""Safe by default: who may ask, from where, and for which writes.

Every request must name the served address in ``Host`` (a page on another
site that rebinds its name to 127.0.0.1 cannot read the plan), carry the
token when the server asks for one, and every write must come from the
served origin with the session's CSRF token.
"""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from plansync.web.site import Site

SESSION_COOKIE = "plansync_session"
TOKEN_COOKIE = "plansync_token"
_SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}

ErrorPage = Callable[[Request, int, str], Response]


class Guard:
    """ASGI middleware: refuses what the rules above refuse, and gives each
    browser session its id (for the CSRF token)."""

    def __init__(self, app: ASGIApp, site: Site, error_page: ErrorPage) -> None:
        self.app = app
        self.site = site
        self.error_page = error_page

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        refusal = self.refusal(request)
        if refusal is not None:
            await refusal(scope, receive, send)
            return
        offered = request.query_params.get("token")
        if self.site.token and offered is not None:
            # Trade the address's token for a cookie, so it leaves the URL bar.
            clean = request.url.remove_query_params("token")
            response = RedirectResponse(str(clean), status_code=303)
            response.set_cookie(TOKEN_COOKIE, offered, httponly=True, samesite="strict")
            await response(scope, receive, send)
            return
        session = request.cookies.get(SESSION_COOKIE)
        new_session = None
        if not session:
            new_session = session = secrets.token_urlsafe(24)
        scope.setdefault("state", {})["session"] = session
        await self.app(scope, receive, _with_cookie(send, new_session))

    def refusal(self, request: Request) -> Response | None:
        allowed = self.site.allowed_hosts
        host = request.headers.get("host", "")
        if allowed is not None and host not in allowed:
            return self.error_page(request, 400, f"this server answers for {sorted(allowed)[0]}, not {host or 'no host'}")
        offered = request.query_params.get("token") or request.cookies.get(TOKEN_COOKIE) or _bearer(request)
        if not self.site.token_ok(offered):
            return self.error_page(request, 401, "this plansync server asks for its token: open the address it printed at start")
        if request.method not in _SAFE_METHODS:
            origin = request.headers.get("origin")
            if origin is not None and not _same_origin(origin, host, allowed):
                return self.error_page(request, 403, f"refused a write from another site ({origin})")
            if request.headers.get("sec-fetch-site") == "cross-site":
                return self.error_page(request, 403, "refused a write from another site")
        return None


def _same_origin(origin: str, host: str, allowed: set[str] | None) -> bool:
    served = origin.split("://", 1)[-1]
    return served in allowed if allowed is not None else served == host


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    return header[7:] if header.lower().startswith("bearer ") else None


def _with_cookie(send: Send, session: str | None) -> Callable[[Message], Awaitable[None]]:
    if session is None:
        return send

    async def sending(message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = MutableHeaders(scope=message)
            headers.append("set-cookie", f"{SESSION_COOKIE}={session}; HttpOnly; SameSite=Strict; Path=/")
        await send(message)

    return sending


def session_of(request: Request) -> str:
    return request.scope.get("state", {}).get("session", "")


def csrf_of(request: Request, site: Site) -> str:
    return site.csrf_token(session_of(request))


def check_csrf(request: Request, site: Site, form: Any) -> bool:
    return site.csrf_ok(request.cookies.get(SESSION_COOKIE), form.get("csrf"))
