"""Pages from templates: the tables a report shows and the frame around them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse

from plansync.engine.celltext import cell_text
from plansync.web.guard import csrf_of
from plansync.web.site import Site


@dataclass(frozen=True)
class Bar:
    """A percentage shown as a progress bar (not capped: 125 % is shown)."""

    pct: float | None

    kind = "bar"


@dataclass(frozen=True)
class Link:
    text: Any
    href: str

    kind = "link"


@dataclass
class Table:
    columns: list[str]
    rows: list[list[Any]]
    title: str | None = None
    #: Shown instead of an empty table.
    empty: str | None = None
    css: str = ""


@dataclass
class Section:
    """A report page: tables, then the notes printed under them."""

    tables: list[Table] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


_ENV = Environment(
    loader=PackageLoader("plansync.web", "templates"),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)
_ENV.filters["cell"] = cell_text


def page(request: Request, site: Site, template: str, *, status: int = 200, **context: Any) -> HTMLResponse:
    context.setdefault("title", "plansync")
    html = _ENV.get_template(template).render(
        request=request,
        csrf=csrf_of(request, site),
        repo_name=site.root.name,
        message=request.query_params.get("done"),
        flash_warnings=request.query_params.getlist("warning"),
        **context,
    )
    return HTMLResponse(html, status_code=status)


def error_html(status: int, message: str) -> str:
    return _ENV.get_template("error.html").render(title=f"{status}", status=status, error=message, repo_name="plansync")
