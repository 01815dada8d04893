"""Rules over the catalog: unique slugs, resolvable references, sane nesting."""

from __future__ import annotations

from typing import Iterator

from plansync.errors import Problem
from plansync.loader import Document
from plansync.references import REFERENCES, references
from plansync.validation.context import RuleContext

MAX_GOOD_DEPTH = 10
MAX_RECIPE_DEPTH = 3


def duplicate_slugs(context: RuleContext) -> Iterator[Problem]:
    """A slug declared twice within a kind is reported at every declaration."""
    for kind, slugs in context.workspace.by_kind.items():
        for slug, docs in slugs.items():
            if len(docs) < 2:
                continue
            for doc in docs:
                others = ", ".join(
                    f"{o.path}:{':'.join(map(str, o.locate(('slug',))))}" for o in docs if o is not doc
                )
                yield doc.problem(("slug",), "duplicate-slug", f"{kind} {slug!r} is also declared at {others}")


def unknown_references(context: RuleContext) -> Iterator[Problem]:
    workspace = context.workspace
    for kind in REFERENCES:
        # Invalid documents too: references() only follows well-formed paths.
        for doc in workspace.all(kind):
            for pointer, target, slug in references(kind, doc.data):
                if not workspace.has(target, slug):
                    yield doc.problem(
                        pointer,
                        "unknown-reference",
                        f"{target.replace('_', ' ')} {slug!r} does not exist",
                    )


def _cycles_and_depth(
    docs: dict[str, Document],
    edges: dict[str, list[tuple[tuple, str]]],
    what: str,
    max_depth: int,
) -> Iterator[Problem]:
    """Cycles (named by their path) and nesting deeper than ``max_depth`` levels.

    A node reached twice along different paths is fine (a DAG); only a node
    met again on the current path is a cycle, reported once, at the entry
    that closes it. Depth counts levels below a node: no children is 0.
    """
    reported_cycles: set[frozenset[str]] = set()
    depth_memo: dict[str, int] = {}

    def visit(node: str, path: list[str]) -> Iterator[Problem]:
        depth = 0
        for pointer, child in edges.get(node, ()):
            if child not in docs:
                continue  # an unknown reference: reported by its own rule
            if child in path:
                cycle = path[path.index(child) :] + [child]
                if frozenset(cycle) not in reported_cycles:
                    reported_cycles.add(frozenset(cycle))
                    yield docs[node].problem(pointer, "cycle", f"{what} cycle: {' -> '.join(cycle)}")
                continue
            if child not in depth_memo:
                yield from visit(child, [*path, child])
            depth = max(depth, 1 + depth_memo[child])
        depth_memo[node] = depth

    for slug in sorted(docs):
        if slug not in depth_memo:
            yield from visit(slug, [slug])
        if depth_memo[slug] > max_depth:
            yield docs[slug].problem(
                ("slug",),
                "nesting-depth",
                f"{what}s nest {depth_memo[slug]} levels deep under {slug!r}; at most {max_depth} are allowed",
            )


def good_nesting(context: RuleContext) -> Iterator[Problem]:
    docs = {d.slug: d for d in context.valid("finished_good") if d.slug}
    edges = {
        slug: [(("components", i, "finished_good"), c["finished_good"]) for i, c in enumerate(doc.data["components"]) if "finished_good" in c]
        for slug, doc in docs.items()
    }
    yield from _cycles_and_depth(docs, edges, "finished good", MAX_GOOD_DEPTH)


def recipe_nesting(context: RuleContext) -> Iterator[Problem]:
    docs = {d.slug: d for d in context.valid("recipe") if d.slug}
    edges = {
        slug: [(("components", i, "recipe"), c["recipe"]) for i, c in enumerate(doc.data.get("components", ()))]
        for slug, doc in docs.items()
    }
    yield from _cycles_and_depth(docs, edges, "sub-recipe", MAX_RECIPE_DEPTH)


def bare_goods(context: RuleContext) -> Iterator[Problem]:
    """A bare good wraps exactly one finished unit (packaging aside)."""
    for doc in context.valid("finished_good"):
        if doc.data["assembly_type"] != "bare":
            continue
        baked = [c for c in doc.data["components"] if "material_unit" not in c]
        if len(baked) != 1 or "finished_unit" not in baked[0]:
            yield doc.problem(
                ("assembly_type",),
                "bare-good",
                "a bare finished good wraps exactly one finished unit (plus packaging); use assembly_type: bundle",
            )


def inventory_materials(context: RuleContext) -> Iterator[Problem]:
    materials = {d.data["material"] for d in context.valid("material_unit")}
    for doc in context.valid("inventory"):
        for index, item in enumerate(doc.data["items"]):
            if "material" in item and item["material"] not in materials:
                yield doc.problem(
                    ("items", index, "material"),
                    "unknown-material",
                    f"no material unit uses material {item['material']!r}",
                    severity="warning",
                )
