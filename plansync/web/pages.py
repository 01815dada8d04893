"""The repository's pages: events, catalog, stock, problems, files, SQL."""

from __future__ import annotations

import csv
import io
from functools import partial
from pathlib import Path
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from plansync.engine.money import money_text
from plansync.engine.references import references
from plansync.errors import PlansyncError
from plansync.formats.jsontext import to_json
from plansync.index.readonly import run_read_only
from plansync.index.update import update_index
from plansync.index.urls import index_url
from plansync.plan.stock import currency, stock_report
from plansync.plan.summary import summarize
from plansync.repo.layout import FOLDERS
from plansync.repo.repository import SETTINGS_FILE
from plansync.validation.guard import planning_inputs
from plansync.validation.runner import validate
from plansync.web.render import Bar, Link, Table, page
from plansync.web.site import Site

#: Kinds shown under /catalog, in the order a baker thinks of them.
CATALOG_ORDER = ("finished_good", "finished_unit", "recipe", "ingredient", "material_unit", "material",
                 "product", "supplier", "package", "recipient")  # fmt: skip


def file_link(path: str, line: int | None = None) -> Link:
    anchor = f"#L{line}" if line else ""
    return Link(f"{path}:{line}" if line else path, f"/files/{path}{anchor}")


def index(request: Request, site: Site) -> Response:
    workspace = site.workspace()
    problems = validate(workspace)
    rows: list[list[Any]] = []
    summarized = set(_nearest_open_events(workspace))
    for slug in workspace.slugs("event"):
        if slug not in summarized:
            document = workspace.get("event", slug)
            data = (document.data if document else None) or {}
            rows.append([Link(data.get("name", slug), f"/events/{slug}"), data.get("date", ""), data.get("plan_state", ""), "", ""])
            continue
        try:
            summary = site.remembered(("summary", slug), partial(_summary, workspace, slug))
        except PlansyncError as refused:
            document = workspace.get("event", slug)
            rows.append([Link(slug, f"/events/{slug}"), document.data.get("date", "") if document else "", "has problems", "", str(refused).splitlines()[0]])
            continue
        shopping = summary["shopping"]
        to_buy = "done" if shopping["completed_at"] else f"{shopping['to_buy']}"
        if not shopping["completed_at"] and shopping["to_buy_cost"] is not None and shopping["to_buy"]:
            to_buy += f" ({shopping['to_buy_cost']:.2f} {summary['currency']})"
        rows.append([Link(f"{summary['name']}", f"/events/{slug}"), summary["date"], summary["state"], Bar(summary["production_pct"]), to_buy])
    table = Table(["event", "date", "state", "production", "to buy"], rows, title="Events", empty="no events yet: add events/<slug>/event.yaml")
    errors = sum(1 for p in problems if p.is_error)
    return page(request, site, "index.html", title="Events", table=table, errors=errors, warnings=len(problems) - errors)


def _summary(workspace: Any, slug: str) -> dict[str, Any]:
    return summarize(workspace, planning_inputs(workspace, slug)).to_json()


#: Events summarized on the front page (each costs a plan and a shopping
#: list); the rest are listed by name, date and state.
SUMMARIZED_EVENTS = 8


def _nearest_open_events(workspace: Any) -> list[str]:
    """The events not completed, nearest date first."""
    open_events = []
    for document in workspace.all("event"):
        data = document.data if isinstance(document.data, dict) else {}
        if document.slug and data.get("plan_state") != "completed":
            open_events.append((str(data.get("date", "")), document.slug))
    return [slug for _date, slug in sorted(open_events)[:SUMMARIZED_EVENTS]]


def catalog(request: Request, site: Site) -> Response:
    workspace = site.workspace()
    tables = []
    for kind in CATALOG_ORDER:
        rows = [[Link(doc.slug, f"/catalog/{kind}/{doc.slug}"), (doc.data or {}).get("name", ""), file_link(doc.path)]
                for doc in workspace.all(kind) if doc.slug]  # fmt: skip
        tables.append(Table(["slug", "name", "file"], rows, title=kind.replace("_", " ").capitalize() + "s", empty="none"))
    return page(request, site, "tables.html", title="Catalog", heading="Catalog", tables=tables)


def entity(request: Request, site: Site, kind: str, slug: str) -> Response:
    workspace = site.workspace()
    kind = kind.replace("-", "_").removesuffix("s") if kind not in FOLDERS and kind != "event" else kind
    document = workspace.get(kind, slug)
    if document is None:
        known = ", ".join(workspace.slugs(kind)[:20]) or "none"
        raise HTTPException(404, f"no {kind.replace('_', ' ')} named {slug!r} (known: {known})")
    uses = [[target.replace("_", " "), Link(target_slug, f"/catalog/{target}/{target_slug}"), ".".join(map(str, pointer))]
            for pointer, target, target_slug in references(kind, document.data)]  # fmt: skip
    used_by = []
    for other in workspace.documents:
        for pointer, target, target_slug in references(other.kind or "", other.data):
            if target == kind and target_slug == slug:
                line, _column = other.locate(pointer)
                used_by.append([(other.kind or "").replace("_", " "), Link(other.slug or other.path, _href(other)), file_link(other.path, line)])
                break
    return page(request, site, "entity.html", title=f"{kind.replace('_', ' ')} {slug}", kind=kind, slug=slug,
                name=(document.data or {}).get("name"), path=document.path, text=document.text.splitlines(),
                uses=Table(["kind", "uses", "field"], uses, title="Uses", empty="uses nothing"),
                used_by=Table(["kind", "used by", "where"], used_by, title="Used by", empty="nothing uses it"))  # fmt: skip


def _href(document: Any) -> str:
    if document.kind == "event":
        return f"/events/{document.slug}"
    if document.kind in FOLDERS and document.slug:
        return f"/catalog/{document.kind}/{document.slug}"
    return f"/files/{document.path}"


def stock(request: Request, site: Site) -> Response:
    workspace = site.workspace()
    result = stock_report(workspace)
    data = result.to_json(True)
    money = currency(workspace)
    items = Table(
        ["item", "kind", "unit", "counted", "bought", "used", "produced", "on hand", f"value ({money})"],
        [[Link(i["item"], f"/catalog/{i['kind']}/{i['item']}"), i["kind"], i["unit"], i["counted"], i["bought"], i["used"], i["produced"],
          i["on_hand"], money_text(item.value) if item.value is not None else ""] for i, item in zip(data["items"], result.items)],  # fmt: skip
        title="Stock" + (f" (counted {data['as_of']})" if data["as_of"] else " (as counted: inventory.yaml has no as_of)"),
        empty="no stock: inventory.yaml lists nothing",
    )
    lots = Table(["item", "at", "source", "quantity", "unit cost"],
                 [[i["item"], lot["at"] or "", lot["source"], lot["quantity"], lot["unit_cost"]] for i in data["items"] for lot in i["lots"]],
                 title="Lots, oldest first")  # fmt: skip
    return page(request, site, "tables.html", title="Stock", heading="Stock", tables=[items, lots],
                notes=[f"warning: {w}" for w in result.warnings])  # fmt: skip


def problems(request: Request, site: Site) -> Response:
    workspace = site.workspace()
    found = validate(workspace)
    rows = [[file_link(p.path, p.line), p.severity, p.code, p.message] for p in found]
    errors = sum(1 for p in found if p.is_error)
    table = Table(["where", "severity", "rule", "message"], rows, title=f"{workspace.files} files checked: {errors} error(s), {len(found) - errors} warning(s)",
                  empty="no problems")  # fmt: skip
    return page(request, site, "tables.html", title="Problems", heading="Problems", tables=[table])


def file_view(request: Request, site: Site, path: str) -> Response:
    """A plan file's text with line anchors: only files the repository's
    load knows, so nothing outside it (or in .git/) can be asked for."""
    workspace = site.workspace()
    known = {doc.path: doc for doc in workspace.documents}
    if path in known:
        lines = known[path].text.splitlines()
    elif (path == SETTINGS_FILE or path in {p.path for p in workspace.problems}) and _inside(workspace.repo.root, path):
        # The settings, and a file that failed to load, are shown too, so a
        # problem's line can be found; read no further than loading reads.
        with open(workspace.repo.root / path, "rb") as handle:
            lines = handle.read(workspace.repo.settings.max_file_bytes).decode("utf-8", "replace").splitlines()
    else:
        raise HTTPException(404, f"{path!r} is not a plan file of this repository")
    return page(request, site, "file.html", title=path, path=path, lines=lines)


def _inside(root: Path, relative: str) -> bool:
    """A regular file of the repository, reached by no link."""
    target = root / relative
    try:
        return not target.is_symlink() and target.is_file() and target.resolve().is_relative_to(root.resolve())
    except OSError:
        return False


def query(request: Request, site: Site) -> Response:
    sql = request.query_params.get("sql", "").strip()
    wanted = request.query_params.get("_format", "html")
    columns: list[str] = []
    rows: list[tuple] = []
    error = None
    if sql:
        repo = site.repo()
        try:
            update_index(repo, None, lambda _line: None)
            columns, rows = run_read_only(index_url(repo), sql, timeout=repo.settings.query_timeout)
        except PlansyncError as refused:
            if wanted in ("json", "csv"):
                return json_response({"error": str(refused)}, 400)
            error = str(refused)
    if wanted == "json":
        return json_response({"columns": columns, "rows": [dict(zip(columns, row)) for row in rows]})
    if wanted == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(rows)
        return Response(out.getvalue(), media_type="text/csv; charset=utf-8")
    table = Table(columns, [list(r) for r in rows], empty="(no rows)" if sql else None)
    return page(request, site, "query.html", title="Query", sql=sql, table=table, error=error, status=400 if error else 200)


def json_response(data: Any, status: int = 200) -> Response:
    """JSON with the commands' own encoding (money and dates as they print
    them): strict, a non-finite number as null, as ``--format json`` prints."""
    return Response(to_json(data), status_code=status, media_type="application/json")
