"""Templates for ``plansync new KIND SLUG``: every required field, optional ones commented.

References name slugs of the example repository, so a template validates
there as written; elsewhere replace them with your own.
"""

from __future__ import annotations

from pathlib import Path

from plansync.errors import RefusedError
from plansync.formats.modeline import modeline
from plansync.repo.layout import FOLDERS, SLUG
from plansync.store.atomic import write_atomic

TEMPLATES = {
    "ingredient": """\
name: {name}
# category: baking
# aisle: baking
# density: {{grams: 120, per: {{quantity: 1, unit: cup}}}}
# notes: ...
""",
    "recipe": """\
name: {name}
ingredients:
  - {{ingredient: all-purpose-flour, quantity: 2, unit: cup}}
# category: cookies
# components:
#   - {{recipe: royal-icing, batches: 1}}
# notes: ...
""",
    "finished_unit": """\
name: {name}
recipe: sugar-cookies
yield:
  mode: discrete_count
  unit: cookie
  options:
    - {{per_batch: 24}}
# category: cookies
# notes: ...
""",
    "finished_good": """\
name: {name}
assembly_type: bare
components:
  - {{finished_unit: sugar-cookie, quantity: 1}}
# category: singles
# notes: ...
""",
    "material": """\
name: {name}
unit: each
# aisle: crafts
# notes: ...
""",
    "material_unit": """\
name: {name}
material: kraft-gift-tags
quantity_per_unit: 1
unit: each
# notes: ...
""",
    "product": """\
name: {name}
ingredient: all-purpose-flour
package: {{quantity: 5, unit: lb}}
# brand: ...
# supplier: costco
# price: 4.99
# aisle: baking
# notes: ...
""",
    "supplier": """\
name: {name}
# aisles: [baking, dairy]
# notes: ...
""",
    "recipient": """\
name: {name}
# household: ...
# address: ...
# notes: ...
""",
    "package": """\
name: {name}
contents:
  - {{finished_good: wrapped-brownie, quantity: 1}}
# notes: ...
""",
    "event": """\
name: {name}
date: 2026-12-24
# output_mode: bundled
# expected_attendees: 20
# finished_goods:
#   - {{finished_good: wrapped-brownie, quantity: 10}}
# recipients:
#   - {{recipient: aunt-mary, package: cookie-tin}}
# notes: ...
""",
}

#: The kinds ``new`` writes, with hyphens as users type them.
KINDS = sorted(kind.replace("_", "-") for kind in TEMPLATES)


def template_path(kind: str, slug: str) -> str:
    return f"events/{slug}/event.yaml" if kind == "event" else f"{FOLDERS[kind]}/{slug}.yaml"


def write_template(root: Path, kind: str, slug: str, name: str | None) -> str:
    """Write the template of ``kind`` for ``slug``; returns its repository-relative path."""

    kind = kind.replace("-", "_")
    if kind not in TEMPLATES:
        raise RefusedError(f"unknown kind {kind!r}; one of: {', '.join(KINDS)}")
    if not SLUG.match(slug):
        raise RefusedError(f"{slug!r} is not a slug (lower-case letters and digits joined by hyphens)")
    relative = template_path(kind, slug)
    if (root / relative).exists():
        raise RefusedError(f"{relative} exists already: the slug {slug!r} is taken")
    title = name or slug.replace("-", " ").capitalize()
    body = f"kind: {kind}\nslug: {slug}\n" + TEMPLATES[kind].format(name=title)
    (root / relative).parent.mkdir(parents=True, exist_ok=True)
    write_atomic(root / relative, modeline(relative, kind) + body)
    return relative
