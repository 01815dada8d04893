"""The Starlette application: routes, the guard, and error pages.

Pages are computed per request by the library; the routes only parse the
request and pick the view. Errors render a page (a refusal names what was
refused; anything else is "internal error", never a traceback).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from plansync.errors import PlansyncError, UsageError
from plansync.web import eventpages, pages
from plansync.web.actions import act
from plansync.web.api import DOCUMENTS
from plansync.web.guard import Guard
from plansync.web.render import error_html
from plansync.web.site import Site

log = logging.getLogger("plansync.web")


def _error_page(request: Request, status: int, message: str) -> Response:
    if request.url.path.startswith("/api/"):
        return pages.json_response({"error": message}, status)
    return HTMLResponse(error_html(status, message), status_code=status)


def _status_of(error: PlansyncError) -> int:
    if str(error).startswith("unknown "):
        return 404
    return 400 if isinstance(error, UsageError) else 409


def create_app(site: Site) -> Starlette:
    def view(function: Callable[..., Response]) -> Callable[[Request], Any]:
        def endpoint(request: Request) -> Response:
            with site.turn:
                return function(request, site, **request.path_params)

        return endpoint

    def report(request: Request, site: Site, slug: str, name: str) -> Response:
        if name not in eventpages.REPORTS:
            raise HTTPException(404, f"no report named {name!r} (reports: {', '.join(eventpages.REPORTS)})")
        return eventpages.report(request, site, slug, name)

    def api(request: Request, site: Site, command: str, args: str = "") -> Response:
        if command not in DOCUMENTS:
            raise HTTPException(404, f"no command {command!r} in the API (commands: {', '.join(DOCUMENTS)})")
        parts = [part for part in args.split("/") if part]
        return pages.json_response(DOCUMENTS[command](site.workspace(), parts, request.query_params))

    def changes(request: Request, site: Site) -> Response:
        return pages.json_response({"fingerprint": site.fingerprint()})

    async def action(request: Request) -> Response:
        return await act(request, site, request.path_params["slug"], request.path_params["action"])

    async def refused(request: Request, error: Exception) -> Response:
        assert isinstance(error, PlansyncError)
        return _error_page(request, _status_of(error), str(error))

    async def http_error(request: Request, error: Exception) -> Response:
        assert isinstance(error, HTTPException)
        return _error_page(request, error.status_code, str(error.detail))

    async def internal(request: Request, error: Exception) -> Response:
        log.exception("internal error serving %s", request.url.path)
        return _error_page(request, 500, f"internal error: {type(error).__name__} (a bug in plansync; the server's log has the details)")

    routes = [
        Route("/", view(pages.index)),
        Route("/events/{slug}", view(eventpages.overview)),
        Route("/events/{slug}/actions/{action}", action, methods=["POST"]),
        Route("/events/{slug}/{name}", view(report)),
        Route("/catalog", view(pages.catalog)),
        Route("/catalog/{kind}/{slug}", view(pages.entity)),
        Route("/stock", view(pages.stock)),
        Route("/problems", view(pages.problems)),
        Route("/files/{path:path}", view(pages.file_view)),
        Route("/query", view(pages.query)),
        Route("/api/{command}", view(api)),
        Route("/api/{command}/{args:path}", view(api)),
        Route("/_changes", view(changes)),
        Mount("/static", StaticFiles(packages=[("plansync.web", "static")]), name="static"),
    ]
    app = Starlette(
        routes=routes,
        exception_handlers={PlansyncError: refused, HTTPException: http_error, Exception: internal},
    )
    app.add_middleware(Guard, site=site, error_page=_error_page)
    return app
