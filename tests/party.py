"""The ``party`` repository: a small plan repository, committed, whose
``party`` event is a draft. Small enough that every snapshot can be checked
value by value (the ``party`` fixture in conftest.py builds it)."""

from __future__ import annotations

from tests.helpers import FLOUR, RIBBON, SUGAR

NOW = "2026-12-01T10:00:00Z"
EVENT = "events/party/event.yaml"
PLANNING = "events/party/snapshots/planning.yaml"
BASELINE = "events/party/snapshots/baseline.yaml"

PARTY_EVENT = """\
# yaml-language-server: $schema=../../.schemas/event.schema.json
# The office holiday party.
kind: event
slug: party
name: Holiday Party
date: 2026-12-20
output_mode: bundled
plan_state: draft
finished_goods:
  - {finished_good: gift-bag, quantity: 9}  # office
  - {finished_good: brownie-stack, quantity: 4}
recipients:
  - {recipient: aunt-mary, package: tin, quantity: 1, status: pending}
  - {recipient: uncle-bob, package: tin, quantity: 2, status: pending}
"""

PARTY_FILES = {
    "plansync.yaml": "version: 1\n",
    ".gitignore": ".plansync/\n",
    "catalog/ingredients/flour.yaml": FLOUR,
    "catalog/ingredients/sugar.yaml": SUGAR,
    "catalog/ingredients/lemon.yaml": "kind: ingredient\nslug: lemon\nname: Lemon\n",
    "catalog/recipes/icing.yaml": """\
        kind: recipe
        slug: icing
        name: Icing
        ingredients:
          - {ingredient: sugar, quantity: 1, unit: cup}
        """,
    "catalog/recipes/cookies.yaml": """\
        kind: recipe
        slug: cookies
        name: Cookies
        ingredients:
          - {ingredient: flour, quantity: 2.25, unit: cup}
          - {ingredient: sugar, quantity: 1, unit: cup}
        components:
          - {recipe: icing, batches: 1}
        """,
    "catalog/recipes/brownies.yaml": """\
        kind: recipe
        slug: brownies
        name: Brownies
        base: cookies
        ingredients:
          - {ingredient: flour, quantity: 1, unit: cup}
        """,
    "catalog/recipes/lemon-bars.yaml": """\
        kind: recipe
        slug: lemon-bars
        name: Lemon Bars
        ingredients:
          - {ingredient: flour, quantity: 1, unit: cup}
          - {ingredient: lemon, quantity: 2, unit: each}
        """,
    "catalog/finished-units/cookie.yaml": """\
        kind: finished_unit
        slug: cookie
        name: Cookie
        recipe: cookies
        yield: {mode: discrete_count, unit: cookie, options: [{per_batch: 24}]}
        """,
    "catalog/finished-units/brownie.yaml": """\
        kind: finished_unit
        slug: brownie
        name: Brownie
        recipe: brownies
        yield: {mode: discrete_count, unit: brownie, options: [{per_batch: 12}]}
        """,
    "catalog/finished-units/lemon-bar.yaml": """\
        kind: finished_unit
        slug: lemon-bar
        name: Lemon Bar
        recipe: lemon-bars
        yield: {mode: discrete_count, unit: bar, options: [{per_batch: 8}]}
        """,
    "catalog/material-units/ribbon.yaml": RIBBON,
    "catalog/finished-goods/sampler.yaml": """\
        kind: finished_good
        slug: sampler
        name: Sampler
        assembly_type: bundle
        components:
          - {finished_unit: cookie, quantity: 2}
        """,
    "catalog/finished-goods/gift-bag.yaml": """\
        kind: finished_good
        slug: gift-bag
        name: Gift Bag
        assembly_type: bundle
        components:
          - {finished_unit: cookie, quantity: 4}
          - {finished_unit: brownie, quantity: 2}
          - {finished_good: sampler, quantity: 1}
          - {material_unit: ribbon, quantity: 1}
        """,
    "catalog/finished-goods/brownie-stack.yaml": """\
        kind: finished_good
        slug: brownie-stack
        name: Brownie Stack
        assembly_type: bundle
        components:
          - {finished_unit: brownie, quantity: 3}
        """,
    "catalog/finished-goods/lemon-box.yaml": """\
        kind: finished_good
        slug: lemon-box
        name: Lemon Box
        assembly_type: bundle
        components:
          - {finished_unit: lemon-bar, quantity: 4}
        """,
    "catalog/packages/tin.yaml": """\
        kind: package
        slug: tin
        name: Tin
        contents:
          - {finished_good: gift-bag, quantity: 1}
        """,
    "catalog/recipients/aunt-mary.yaml": "kind: recipient\nslug: aunt-mary\nname: Mary Smith\n",
    "catalog/recipients/uncle-bob.yaml": "kind: recipient\nslug: uncle-bob\nname: Bob Smith\n",
}
