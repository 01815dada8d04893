"""Rules over locked events: snapshots intact, state and snapshots agree,
a locked plan changed only by amendments."""

from __future__ import annotations

from typing import Any, Iterator

from plansync.errors import Pointer, Problem
from plansync.formats.canonical import content_sha256
from plansync.load.documents import Document
from plansync.plan.amendlog import logged, replay
from plansync.plan.snapshots import (
    BASELINE,
    PLANNING,
    entity_data,
    find_snapshot,
    frozen_findings,
    payload_hash,
    recipient_key,
)
from plansync.plan.states import at_least, state_of
from plansync.plugins.types import RuleContext
from plansync.validation.catalog_rules import (
    MAX_GOOD_DEPTH,
    MAX_RECIPE_DEPTH,
    cycles_and_depth,
)

#: plan list -> (identity fields, compared fields)
_LOCKED_LISTS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "finished_goods": (("finished_good",), ("quantity",)),
    "finished_units": (("finished_unit",), ("quantity",)),
    "recipients": (("recipient", "package"), ("quantity",)),
}

_HOW_TO_CHANGE = "a locked plan changes only through `plansync amend` in production"


def _changed_definitions(definitions: Any) -> list[str]:
    if not isinstance(definitions, dict):
        return []
    changed = []
    for kind, by_slug in definitions.items():
        for slug, entry in (by_slug or {}).items() if isinstance(by_slug, dict) else ():
            if isinstance(entry, dict) and content_sha256(entity_data(entry)) != entry.get("sha256"):
                changed.append(f"{kind} {slug}")
    return changed


def edited_after_creation(context: RuleContext) -> Iterator[Problem]:
    """A snapshot's payload (and each frozen definition) still matches its hash."""
    for doc in context.valid("snapshot"):
        if payload_hash(doc.data) == doc.data["content_sha256"]:
            continue
        changed = _changed_definitions(doc.data.get("definitions"))
        detail = f" ({', '.join(changed)} changed)" if changed else ""
        yield doc.problem(
            ("content_sha256",),
            "edited-after-creation",
            f"{doc.data['snapshot_type']} snapshot edited after creation: its payload no longer matches "
            f"content_sha256{detail}; restore it from git (`git checkout -- {doc.path}`)",
        )
    for doc in context.valid("amendments"):
        for index, amendment in enumerate(doc.data.get("amendments", ())):
            definitions = amendment["data"].get("definitions") if amendment["type"] == "add_fg" else None
            for name in _changed_definitions(definitions):
                kind, slug = name.split(" ", 1)
                yield doc.problem(
                    ("amendments", index, "data", "definitions", kind, slug, "sha256"),
                    "edited-after-creation",
                    f"{name} frozen by amendment {amendment['seq']} was edited after creation; restore it from git",
                )


class _Frozen:
    """A frozen definition (in a snapshot or an ``add_fg`` amendment),
    locating its problems where it is written."""

    def __init__(self, doc: Document, at: Pointer, entry: dict[str, Any]) -> None:
        self.doc, self.at, self.entry = doc, at, entry

    def problem(self, pointer: Pointer, code: str, message: str, **options: Any) -> Problem:
        return self.doc.problem((*self.at, *pointer), code, message, **options)


#: kind -> (the list of parts, the field naming a part of the same kind, what it is called, max depth)
_NESTING = {
    "finished_good": ("components", "finished_good", "frozen finished good", MAX_GOOD_DEPTH),
    "recipe": ("components", "recipe", "frozen sub-recipe", MAX_RECIPE_DEPTH),
}


def _frozen_in(doc: Document, definitions: Any, at: Pointer) -> dict[str, dict[str, _Frozen]]:
    """The frozen definitions written at ``at`` in ``doc``, by kind and slug."""
    found: dict[str, dict[str, _Frozen]] = {}
    for kind, by_slug in definitions.items() if isinstance(definitions, dict) else ():
        if isinstance(by_slug, dict):
            found[kind] = {
                slug: _Frozen(doc, (*at, kind, slug), entry) for slug, entry in by_slug.items() if isinstance(entry, dict)
            }
    return found


def _nesting(frozen: dict[str, dict[str, _Frozen]]) -> set[Problem]:
    """Cycles and depth among frozen definitions, as in the catalog."""
    problems: set[Problem] = set()
    for kind, (parts, field, what, depth) in _NESTING.items():
        nodes = frozen.get(kind, {})
        edges = {
            slug: [((parts, i, field), part[field]) for i, part in enumerate(node.entry.get(parts) or ())
                   if isinstance(part, dict) and isinstance(part.get(field), str)]
            for slug, node in nodes.items() if isinstance(node.entry.get(parts), list)
        }  # fmt: skip
        problems.update(cycles_and_depth(nodes, edges, what, depth))  # type: ignore[arg-type]
    return problems


def _amended_nesting(context: RuleContext, doc: Document) -> Iterator[Problem]:
    """Cycles and depth that definitions frozen by ``add_fg`` amendments make,
    with the event's planning snapshot (whose own are reported there)."""
    snapshot = find_snapshot(context.workspace, doc.data["event"], PLANNING)
    frozen = _frozen_in(snapshot, snapshot.data.get("definitions"), ("definitions",)) if snapshot else {}
    before = _nesting(frozen)
    for index, amendment in enumerate(doc.data.get("amendments", ())):
        if amendment["type"] == "add_fg":
            added = _frozen_in(doc, amendment["data"].get("definitions"), ("amendments", index, "data", "definitions"))
            for kind, nodes in added.items():
                for slug, node in nodes.items():
                    frozen.setdefault(kind, {}).setdefault(slug, node)
    yield from sorted(_nesting(frozen) - before, key=Problem.sort_key)


def frozen_definitions(context: RuleContext) -> Iterator[Problem]:
    """Every definition a snapshot or an ``add_fg`` amendment froze is a
    sound entity of its kind (a hand edit may keep the hashes right), and
    frozen goods and recipes nest without cycles, also with the goods an
    amendment added."""
    for doc in context.valid("snapshot"):
        for pointer, message in frozen_findings(doc.data.get("definitions")):
            yield doc.problem(("definitions", *pointer), "frozen-definition", f"{message}; restore the file from git")
        yield from sorted(_nesting(_frozen_in(doc, doc.data.get("definitions"), ("definitions",))), key=Problem.sort_key)
    for doc in context.valid("amendments"):
        added_any = False
        for index, amendment in enumerate(doc.data.get("amendments", ())):
            if amendment["type"] != "add_fg":
                continue
            added_any = added_any or bool(amendment["data"].get("definitions"))
            for pointer, message in frozen_findings(amendment["data"].get("definitions")):
                yield doc.problem(
                    ("amendments", index, "data", "definitions", *pointer),
                    "frozen-definition",
                    f"{message} (amendment {amendment['seq']}); restore the file from git",
                )
        if added_any:
            yield from _amended_nesting(context, doc)


def plan_state(context: RuleContext) -> Iterator[Problem]:
    """An event's state and its snapshots agree: past draft it has a planning
    snapshot, in production a baseline; a draft has neither."""
    workspace = context.workspace
    for doc in context.valid("event"):
        slug = doc.data["slug"]
        state = state_of(doc)
        planning = find_snapshot(workspace, slug, PLANNING)
        baseline = find_snapshot(workspace, slug, BASELINE)
        if state == "draft" and planning is not None:
            yield doc.problem(
                ("plan_state",) if "plan_state" in doc.data else ("slug",),
                "plan-state",
                f"{slug} is draft but has a planning snapshot ({planning.path}): states move forward only; "
                f"set plan_state back to locked, or remove the snapshot to re-plan from the catalog",
            )
        elif state != "draft" and planning is None:
            yield doc.problem(
                ("plan_state",),
                "plan-state",
                f"{slug} is {state} but has no planning snapshot: it is planned from the live catalog; "
                "restore snapshots/planning.yaml from git",
                severity="warning",
            )
        if at_least(state, "in_production") and baseline is None:
            yield doc.problem(
                ("plan_state",),
                "plan-state",
                f"{slug} is {state} but has no baseline snapshot; `compare` has nothing to compare against "
                "(restore snapshots/baseline.yaml from git)",
                severity="warning",
            )
        elif not at_least(state, "in_production") and baseline is not None:
            yield doc.problem(
                ("plan_state",) if "plan_state" in doc.data else ("slug",),
                "plan-state",
                f"{slug} is {state} but has a baseline snapshot ({baseline.path}): it was started, and states "
                "move forward only; set plan_state back to in_production",
            )


def _identity(entry: dict[str, Any], keys: tuple[str, ...]) -> tuple:
    return tuple(entry.get(key) for key in keys)


def _name(identity: tuple) -> str:
    return " / ".join(str(value) for value in identity)


def _compare_list(
    doc: Document, field: str, expected: list[dict[str, Any]], current: list[dict[str, Any]], where: str
) -> Iterator[Problem]:
    keys, compared = _LOCKED_LISTS[field]
    wanted = {}
    for entry in expected:
        wanted.setdefault(_identity(entry, keys), entry)
    seen: set[tuple] = set()
    for index, entry in enumerate(current):
        identity = _identity(entry, keys)
        if identity in seen:
            continue  # a duplicate entry: the duplicate-entry rule says so
        seen.add(identity)
        frozen = wanted.get(identity)
        if frozen is None:
            yield doc.problem(
                (field, index), "locked-plan", f"{_name(identity)} is not in the plan {where}; {_HOW_TO_CHANGE}"
            )
            continue
        for name in compared:
            now = entry.get(name, 1) if field == "recipients" else entry.get(name)
            then = frozen.get(name, 1) if field == "recipients" else frozen.get(name)
            if now != then:
                yield doc.problem(
                    (field, index, name),
                    "locked-plan",
                    f"{_name(identity)}: {name} is {now} but {then} {where}; {_HOW_TO_CHANGE}",
                )
    for identity, frozen in wanted.items():
        if identity not in seen:
            pointer: Pointer = (field,) if field in doc.data else ("plan_state",)
            quantity = frozen.get("quantity", 1)
            yield doc.problem(
                pointer,
                "locked-plan",
                f"{_name(identity)} ({quantity}) was removed from {field} but is in the plan {where}; {_HOW_TO_CHANGE}",
                at_key=pointer[0] == field,
            )


def locked_plan(context: RuleContext) -> Iterator[Problem]:
    """Past draft, the plan's goods, units, quantities and recipient packages
    are the planning snapshot's with the amendments applied; in production
    the batch decisions are the baseline's with modify_batch applied."""
    workspace = context.workspace
    for doc in context.valid("event"):
        state = state_of(doc)
        if state == "draft":
            continue
        slug = doc.data["slug"]
        planning = find_snapshot(workspace, slug, PLANNING)
        if planning is None or not isinstance(planning.data.get("plan"), dict):
            continue
        amendments = logged(workspace, slug)
        expected = replay(planning.data["plan"], amendments)
        where = "as locked" + (" and amended" if amendments else "")
        locked_mode = expected.get("output_mode")
        if locked_mode and doc.data.get("output_mode") != locked_mode:
            yield doc.problem(
                ("output_mode",) if "output_mode" in doc.data else ("plan_state",),
                "locked-plan",
                f"output_mode is {doc.data.get('output_mode')} but {locked_mode} {where}; {_HOW_TO_CHANGE}",
            )
        for field in _LOCKED_LISTS:
            frozen = expected.get(field) or []
            if field == "recipients":
                frozen = [recipient_key(entry) for entry in frozen]
            yield from _compare_list(doc, field, frozen, list(doc.data.get(field, ())), where)
        if at_least(state, "in_production"):
            yield from _frozen_decisions(workspace, doc, slug, amendments)


def _frozen_decisions(workspace: Any, doc: Document, slug: str, amendments: list[dict[str, Any]]) -> Iterator[Problem]:
    baseline = find_snapshot(workspace, slug, BASELINE)
    if baseline is None or not isinstance(baseline.data.get("plan"), dict):
        return
    started = {"batch_decisions": baseline.data["plan"].get("batch_decisions") or []}
    expected = {
        d.get("finished_unit"): d.get("batches")
        for d in replay(started, [a for a in amendments if a["type"] == "modify_batch"])["batch_decisions"]
    }
    how = f"batch decisions are frozen in production (change them with `plansync amend {slug} modify-batch`)"
    seen = set()
    for index, decision in enumerate(doc.data.get("batch_decisions", ())):
        unit = decision.get("finished_unit")
        seen.add(unit)
        if unit not in expected:
            yield doc.problem(("batch_decisions", index), "locked-plan", f"batch decision for {unit} was added by hand; {how}")
        elif decision.get("batches") != expected[unit]:
            yield doc.problem(
                ("batch_decisions", index, "batches"),
                "locked-plan",
                f"batch decision for {unit} is {decision.get('batches')} batches, {expected[unit]} as started and amended; {how}",
            )
    for unit, batches in expected.items():
        if unit not in seen:
            pointer: Pointer = ("batch_decisions",) if "batch_decisions" in doc.data else ("plan_state",)
            yield doc.problem(
                pointer,
                "locked-plan",
                f"batch decision for {unit} ({batches} batches) was removed by hand; {how}",
                at_key=pointer[0] == "batch_decisions",
            )
