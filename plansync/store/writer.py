"""Writing plan files: the one way plansync changes a file.

New files get the house style and a schema modeline; existing files are
rewritten through their format's ``update`` so comments and layout survive.
Every write is atomic, and every path is checked to stay inside the
repository.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from plansync.errors import PlansyncError
from plansync.formats.format import format_for
from plansync.formats.modeline import with_modeline
from plansync.repo.repository import PlanRepo
from plansync.store.atomic import write_atomic


@dataclass(frozen=True)
class Rendered:
    path: str
    text: str
    #: "create", "update" or "unchanged"
    action: str


def render(repo: PlanRepo, relative: str, data: dict[str, Any], schema: str | None = None) -> Rendered:
    """The text ``relative`` would hold for ``data`` (nothing is written)."""
    path = repo.path(relative)
    fmt = format_for(relative, repo.formats)
    if fmt is None:
        raise PlansyncError(f"no format plugin writes {relative!r} (unknown extension)")
    old = path.read_text(encoding="utf-8-sig") if path.exists() else None
    if old is None:
        text = fmt.dump(data)
        if fmt.name == "yaml" and (schema or data.get("kind")):
            text = with_modeline(relative, schema or data["kind"], text)
        return Rendered(relative, text, "create")
    text = fmt.update(old, data) if fmt.update else fmt.dump(data)
    return Rendered(relative, text, "unchanged" if text == old else "update")


def write(repo: PlanRepo, rendered: Rendered) -> None:
    if rendered.action != "unchanged":
        write_atomic(repo.writable(rendered.path), rendered.text)


def write_document(repo: PlanRepo, relative: str, data: dict[str, Any], schema: str | None = None) -> Rendered:
    """Create or update ``relative`` to hold ``data``; returns what was done."""
    rendered = render(repo, relative, data, schema)
    write(repo, rendered)
    return rendered
