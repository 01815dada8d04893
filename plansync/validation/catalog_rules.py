"""Rules over the catalog: unique slugs, resolvable references, sane nesting."""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Callable, Iterable, Iterator

from plansync.engine.references import REFERENCES, references
from plansync.errors import Pointer, Problem
from plansync.load.documents import Document
from plansync.load.workspace import Workspace
from plansync.plan.snapshots import kept_definitions
from plansync.plugins.types import RuleContext

MAX_GOOD_DEPTH = 10
MAX_RECIPE_DEPTH = 3


def duplicate_slugs(context: RuleContext) -> Iterator[Problem]:
    """A slug declared twice within a kind is reported at every declaration."""
    for slugs in context.workspace.by_kind.values():
        for docs in slugs.values():
            if len(docs) > 1:
                for doc in docs:
                    yield from duplicate_slug_in(context.workspace, doc)


def duplicate_slug_in(workspace: Workspace, doc: Document) -> Iterator[Problem]:
    """duplicate-slug for one document: the others declaring its kind and slug."""
    if doc.kind is None or doc.slug is None:
        return
    docs = workspace.by_kind[doc.kind][doc.slug]
    if len(docs) < 2:
        return
    others = ", ".join(f"{o.path}:{':'.join(map(str, o.locate(('slug',))))}" for o in docs if o is not doc)
    yield doc.problem(("slug",), "duplicate-slug", f"{doc.kind} {doc.slug!r} is also declared at {others}")


def unknown_references(context: RuleContext, references_of: References | None = None) -> Iterator[Problem]:
    """Every reference resolves to an entity of the right kind. A locked
    event (and its run log) may still name a definition the catalog has
    dropped when its planning snapshot keeps it: the event is planned from
    the snapshot, so that is a warning (``only-in-snapshot``), not an error."""

    workspace = context.workspace
    unloaded = unloaded_files(workspace)
    for kind in REFERENCES:
        # Invalid documents too: references() only follows well-formed paths.
        for doc in workspace.all(kind):
            yield from unknown_references_in(workspace, doc, unloaded, references_of)


def unloaded_files(workspace: Workspace) -> dict[str, str]:
    """Stem -> path of each file that does not load: one named for a missing
    slug probably declares it, and fixing it is what to do first."""
    loaded = {doc.path for doc in workspace.documents}
    return {PurePosixPath(p.path).stem: p.path for p in workspace.problems if p.path not in loaded}


def unknown_references_in(
    workspace: Workspace, doc: Document, unloaded: dict[str, str], references_of: References | None = None
) -> Iterator[Problem]:
    """unknown-reference (and only-in-snapshot) for one document;
    ``references_of(doc)``: its references, when the caller keeps them."""
    if doc.kind not in REFERENCES:
        return
    kept: set[tuple[str, str]] | None = None
    found = references(doc.kind, doc.data) if references_of is None else references_of(doc)
    for pointer, target, slug in found:
        if workspace.has(target, slug):
            continue
        what = f"{target.replace('_', ' ')} {slug!r}"
        if kept is None:  # read only for a document with a dangling reference
            kept = kept_definitions(workspace, doc)
        if (target, slug) in kept:
            yield doc.problem(
                pointer,
                "only-in-snapshot",
                f"{what} is no longer in the catalog; the locked plan reads it from its planning snapshot",
                severity="warning",
            )
            continue
        suspect = unloaded.get(slug)
        hint = f": {suspect}, which may declare it, does not load" if suspect else ""
        yield doc.problem(pointer, "unknown-reference", f"{what} does not exist{hint}")


def cycles_and_depth(
    docs: dict[str, Document],
    edges: dict[str, list[tuple[tuple, str]]],
    what: str,
    max_depth: int,
) -> Iterator[Problem]:
    """Cycles (named by their path) and nesting deeper than ``max_depth`` levels.

    ``docs`` maps each node to what locates its problems (anything with
    Document's ``problem``: a snapshot's frozen definitions use it too).

    A node reached twice along different paths is fine (a DAG); only a node
    met again on the current path is a cycle, reported once, at the entry
    that closes it. Depth counts levels below a node: no children is 0.
    The walk keeps its own stack, so a chain of thousands of entities (a
    hostile or generated catalog) cannot exhaust Python's.
    """
    reported_cycles: set[frozenset[str]] = set()
    depth_memo: dict[str, int] = {}
    for slug in sorted(docs):
        if slug not in depth_memo:
            yield from _walk(slug, docs, edges, what, depth_memo, reported_cycles)
        if depth_memo[slug] > max_depth:
            yield docs[slug].problem(
                ("slug",),
                "nesting-depth",
                f"{what}s nest {depth_memo[slug]} levels deep under {slug!r}; at most {max_depth} are allowed",
            )


def _walk(
    root: str,
    docs: dict[str, Document],
    edges: dict[str, list[tuple[tuple, str]]],
    what: str,
    depth_memo: dict[str, int],
    reported_cycles: set[frozenset[str]],
) -> Iterator[Problem]:
    """Depth-first from ``root``, children in the order written: fills
    ``depth_memo`` and yields each cycle not reported yet."""
    path = [root]
    on_path = {root: 0}
    # Frames of [node, its remaining edges, the depth found below it so far].
    stack: list[list] = [[root, iter(edges.get(root, ())), 0]]
    while stack:
        frame = stack[-1]
        node, children = frame[0], frame[1]
        for pointer, child in children:
            if child not in docs:
                continue  # an unknown reference: reported by its own rule
            if child in on_path:
                cycle = path[on_path[child] :] + [child]
                if frozenset(cycle) not in reported_cycles:
                    reported_cycles.add(frozenset(cycle))
                    yield docs[node].problem(pointer, "cycle", f"{what} cycle: {_named(cycle)}")
                continue
            if child not in depth_memo:
                on_path[child] = len(path)
                path.append(child)
                stack.append([child, iter(edges.get(child, ())), 0])
                break
            frame[2] = max(frame[2], 1 + depth_memo[child])
        else:
            depth_memo[node] = frame[2]
            stack.pop()
            path.pop()
            del on_path[node]
            if stack:
                stack[-1][2] = max(stack[-1][2], 1 + frame[2])


def _named(cycle: list[str]) -> str:
    """``a -> b -> a``; a long cycle shows its ends and how many it holds."""
    if len(cycle) <= 12:
        return " -> ".join(cycle)
    return f"{' -> '.join(cycle[:5])} -> ... -> {' -> '.join(cycle[-5:])} ({len(cycle) - 1} in the cycle)"


#: (pointer, target kind, slug) of every reference a document makes (engine.references.references).
References = Callable[[Document], Iterable[tuple[Pointer, str, str]]]
#: (pointer, slug) of each part of the same kind a document nests, in the order written.
Parts = Callable[[Document], list[tuple[Pointer, str]]]


def good_nesting(context: RuleContext, parts: Parts | None = None) -> Iterator[Problem]:
    docs = {d.slug: d for d in context.valid("finished_good") if d.slug}
    if parts is None:
        def parts(doc: Document) -> list[tuple[Pointer, str]]:
            return [(("components", i, "finished_good"), c["finished_good"]) for i, c in enumerate(doc.data["components"]) if "finished_good" in c]
    edges = {slug: parts(doc) for slug, doc in docs.items()}
    yield from cycles_and_depth(docs, edges, "finished good", MAX_GOOD_DEPTH)


def recipe_nesting(context: RuleContext, parts: Parts | None = None) -> Iterator[Problem]:
    docs = {d.slug: d for d in context.valid("recipe") if d.slug}
    if parts is None:
        def parts(doc: Document) -> list[tuple[Pointer, str]]:
            return [(("components", i, "recipe"), c["recipe"]) for i, c in enumerate(doc.data.get("components", ()))]
    edges = {slug: parts(doc) for slug, doc in docs.items()}
    yield from cycles_and_depth(docs, edges, "sub-recipe", MAX_RECIPE_DEPTH)


def bare_goods(context: RuleContext) -> Iterator[Problem]:
    """A bare good wraps exactly one finished unit (packaging aside)."""
    for doc in context.valid("finished_good"):
        yield from bare_good_in(doc)


def bare_good_in(doc: Document) -> Iterator[Problem]:
    if doc.kind != "finished_good" or not doc.valid or doc.data["assembly_type"] != "bare":
        return
    baked = [c for c in doc.data["components"] if "material_unit" not in c]
    if len(baked) != 1 or "finished_unit" not in baked[0]:
        yield doc.problem(
            ("assembly_type",),
            "bare-good",
            "a bare finished good wraps exactly one finished unit (plus packaging); use assembly_type: bundle",
        )


def inventory_materials(context: RuleContext) -> Iterator[Problem]:
    """A material named by a material unit, an inventory line or a product
    has its material file. A repository with no material file at all (made
    before materials had files) is checked as it always was: an inventory
    material that no material unit uses is probably misspelled."""
    declared = set(context.workspace.slugs("material"))
    if not declared:
        used = {d.data["material"] for d in context.valid("material_unit")}
        for doc in context.valid("inventory"):
            for index, item in enumerate(doc.data["items"]):
                if "material" in item and item["material"] not in used:
                    yield doc.problem(
                        ("items", index, "material"),
                        "unknown-material",
                        f"no material unit uses material {item['material']!r}",
                        severity="warning",
                    )
        return
    named: list[tuple[Document, Pointer, str]] = []
    for doc in context.valid("material_unit") + context.valid("product"):
        if "material" in doc.data:
            named.append((doc, ("material",), doc.data["material"]))
    for doc in context.valid("inventory"):
        named += [(doc, ("items", i, "material"), item["material"]) for i, item in enumerate(doc.data["items"]) if "material" in item]
    for doc, pointer, material in named:
        if material not in declared:
            yield doc.problem(
                pointer,
                "unknown-material",
                f"no material file declares material {material!r} (add catalog/materials/{material}.yaml)",
                severity="warning",
            )
