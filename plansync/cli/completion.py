"""Shell completion of slugs, through click's completion protocol.

A Tab must answer at once, so the repository's slugs are read from file
names (``repo.layout.slugs_on_disk``), never by loading the plan files.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import click
from click.shell_completion import CompletionItem

from plansync.cli.context import given_repo_path
from plansync.errors import PlansyncError
from plansync.repo.layout import slugs_on_disk
from plansync.repo.repository import find_root

Completer = Callable[[click.Context, click.Parameter, str], list[CompletionItem]]


def _repository_root(ctx: click.Context) -> Path | None:
    given = given_repo_path(ctx)
    try:
        return find_root(Path(given)) if given else find_root()
    except PlansyncError:
        return None


def complete_slugs(*kinds: str) -> Completer:
    """A ``shell_complete`` callback offering the slugs of ``kinds``."""

    def complete(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
        root = _repository_root(ctx)
        if root is None:
            return []
        slugs = sorted({slug for kind in kinds for slug in slugs_on_disk(root, kind)})
        return [CompletionItem(slug) for slug in slugs if slug.startswith(incomplete)]

    return complete


event_slugs = complete_slugs("event")
finished_unit_slugs = complete_slugs("finished_unit")
finished_good_slugs = complete_slugs("finished_good")
recipient_slugs = complete_slugs("recipient")
product_slugs = complete_slugs("product")
stock_item_slugs = complete_slugs("ingredient", "material", "product")
