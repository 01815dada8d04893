"""The rules after a change: re-check what the change reaches, keep the rest.

A full run (no reference index, one stored under another key, another set
of rules, anything that does not read back exactly) runs every rule over
the whole repository, as :func:`run_all` always did, and records in the
reference index (:mod:`plansync.cache.refs`) each file's references and
the problems each kind of rule found. The next run compares every file's
hash with the recorded one; for the files that changed, were added or were
removed, it reads what the old version named (from the index) and what the
new one names, and re-checks only the files that result can reach:

- **per-document rules** (their problems are in one file and follow from
  that file and the entities it names): re-run for the changed files, the
  files declaring a slug a changed file declared or declares (duplicates),
  the files naming such a slug (a reference that breaks or mends, a
  product's ingredient or material that changed), the products of an
  ingredient whose uses changed (units), the event and run logs of an event
  whose snapshot, amendments or runs changed (what a locked plan keeps), and
  the files naming a slug whose unloadable namesake came or went (the hint
  in unknown-reference);
- **rules over kinds** (cycles, materials, purchase numbers, snapshots and
  locked plans, append-only logs): re-run whole when a file of a kind they
  read changed (append-only also when HEAD moved), else their last answer
  stands;
- every other rule (batch-shortfall, which plans events, and plugins' rules)
  runs every time.

A property test (tests/validation/test_incremental.py) checks that after
random edits the answer is the full run's, problem for problem.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Callable, Iterable

from plansync.cache.refs import Damaged, ReferenceIndex, problem_row, row_problem, sound_row
from plansync.engine.references import MATERIAL_NAMES, REFERENCES, material_names, references
from plansync.errors import Pointer, Problem
from plansync.load.documents import Document
from plansync.load.workspace import Workspace
from plansync.plugins.types import Rule, RuleContext
from plansync.validation import (
    catalog_rules,
    event_rules,
    layout_rules,
    lifecycle_rules,
    log_rules,
    run_rules,
    stock_rules,
    unit_rules,
)

#: Every kind a reference or a material name can target.
TARGETS = tuple(sorted({t for table in (REFERENCES, MATERIAL_NAMES) for rows in table.values() for _p, t in rows}))
_NAMING_KINDS = frozenset(REFERENCES) | frozenset(MATERIAL_NAMES)


class _Run:
    """What the per-document rules share in one run."""

    def __init__(self, workspace: Workspace, unloaded: dict[str, str], units_of: Callable[[str], set[str]]) -> None:
        self.workspace, self.unloaded, self.units_of = workspace, unloaded, units_of


PerDocument = Callable[[_Run, Document], Iterable[Problem]]

#: rule check -> the same rule for one document
PER_DOCUMENT: dict[Callable, PerDocument] = {
    catalog_rules.duplicate_slugs: lambda run, doc: catalog_rules.duplicate_slug_in(run.workspace, doc),
    catalog_rules.unknown_references: lambda run, doc: catalog_rules.unknown_references_in(run.workspace, doc, run.unloaded),
    catalog_rules.bare_goods: lambda run, doc: catalog_rules.bare_good_in(doc),
    event_rules.output_mode: lambda run, doc: event_rules.output_mode_in(doc),
    event_rules.unique_entries: lambda run, doc: event_rules.unique_entries_in(doc),
    stock_rules.product_units: lambda run, doc: stock_rules.product_units_in(run.workspace, doc, run.units_of),
    layout_rules.file_names: lambda run, doc: layout_rules.file_name_of(run.workspace, doc),
    unit_rules.unknown_units: lambda run, doc: unit_rules.unknown_units_in(doc),
    run_rules.run_yields: lambda run, doc: run_rules.run_yields_in(doc),
}


@dataclass(frozen=True)
class _Kinds:
    """A rule whose answer follows from the files of ``kinds`` (and HEAD's when ``head``)."""

    kinds: frozenset[str]
    head: bool = False


#: rule check -> what its answer follows from
BY_KINDS: dict[Callable, _Kinds] = {
    catalog_rules.good_nesting: _Kinds(frozenset({"finished_good"})),
    catalog_rules.recipe_nesting: _Kinds(frozenset({"recipe"})),
    catalog_rules.inventory_materials: _Kinds(frozenset({"material", "material_unit", "product", "inventory"})),
    stock_rules.purchase_numbers: _Kinds(frozenset({"purchases"})),
    lifecycle_rules.edited_after_creation: _Kinds(frozenset({"snapshot", "amendments"})),
    lifecycle_rules.frozen_definitions: _Kinds(frozenset({"event", "snapshot", "amendments"})),
    lifecycle_rules.plan_state: _Kinds(frozenset({"event", "snapshot"})),
    lifecycle_rules.locked_plan: _Kinds(frozenset({"event", "snapshot", "amendments"})),
    log_rules.append_only: _Kinds(frozenset({"runs", "amendments", "purchases"}), head=True),
}

#: The nesting rules, re-run from the parts the index recorded (no file decoded).
_NESTED_PARTS = {catalog_rules.good_nesting: "finished_good", catalog_rules.recipe_nesting: "recipe"}
#: kind -> the field of a component naming a part of the same kind
_NESTED_KINDS = {"finished_good": "finished_good", "recipe": "recipe"}


class _Failed(Exception):  # a rule raised: the full run reports it as the rule's problem
    """Raised in place of the rule's own exception."""


def _check(rule: Rule, run: Callable[[], Iterable[Problem]], into: list[Problem], strict: bool) -> bool:
    """Extend ``into`` with what ``run`` yields; a rule that raises becomes
    a plugin-error problem (``strict``: raises _Failed instead)."""
    try:
        into.extend(run())
        return True
    except Exception as exc:  # a broken plugin rule must not hide the other problems
        if strict:
            raise _Failed from exc
        from plansync.plugins.manager import get_registry  # already built by the runner

        owner = get_registry().owner("rule", rule.code)
        into.append(Problem(f"plugin:{owner}", "plugin-error", f"rule {rule.code} raised {type(exc).__name__}: {exc}"))
        return False


def run_all(context: RuleContext, rules: list[Rule]) -> list[Problem]:
    """Every rule over the whole repository, recording what a later run
    after a change needs in the reference index (work tree only)."""
    workspace = context.workspace
    problems: list[Problem] = []
    per_document: list[Problem] = []
    by_kinds: dict[str, list[list]] = {}
    sound = True
    walked = _References()
    for number, rule in enumerate(rules):
        found: list[Problem] = []
        if rule.check is catalog_rules.unknown_references:
            ran = _check(rule, lambda: rule.check(context, walked), found, strict=False)
        else:
            ran = _check(rule, lambda: rule.check(context), found, strict=False)
        # Only what the index keeps must be whole; other rules run every time.
        sound = sound and (ran or (rule.check not in PER_DOCUMENT and rule.check not in BY_KINDS))
        problems += found
        if rule.check in PER_DOCUMENT:
            per_document += found
        elif rule.check in BY_KINDS:
            by_kinds[str(number)] = [[p.path, *problem_row(p)] for p in found]
    if workspace.cache is not None:
        key = workspace.cache.signature
        if sound:
            _record(workspace, rules, per_document, by_kinds, walked).save(workspace.root, key)
        else:
            from plansync.cache import store  # only after a rule raised

            store.forget(workspace.root, "refs")
    return problems


def _rule_names(rules: list[Rule]) -> list[str]:
    """What the recorded results were computed by: each rule and how it is kept."""
    kept = {**dict.fromkeys(PER_DOCUMENT, "document"), **dict.fromkeys(BY_KINDS, "kinds")}
    return [f"{rule.code}:{kept.get(rule.check, 'every run')}" for rule in rules]


class _References:
    """Each document's references, walked once in a run: for the
    unknown-reference rule and for the index."""

    def __init__(self) -> None:
        self.found: dict[str, list[tuple[Pointer, str, str]]] = {}

    def __call__(self, doc: Document) -> list[tuple[Pointer, str, str]]:
        found = self.found.get(doc.path)
        if found is None:
            found = self.found[doc.path] = list(references(doc.kind or "", doc.data))
        return found

    def mentions(self, doc: Document | None) -> list[tuple[Pointer, str, str]]:
        """Its references, then the materials it names. A kind that names
        nothing is not decoded for it."""
        if doc is None or doc.kind not in _NAMING_KINDS:
            return []
        return self(doc) + material_names(doc.kind, doc.data)


def _facts(doc: Document | None, found: list[tuple[Pointer, str, str]]) -> str | None:
    """What a later run reads of an unchanged file instead of decoding it:
    the units a recipe or the inventory uses each ingredient in (product-unit),
    the parts a recipe or a finished good nests (the nesting rules), from
    the document and what it names (``found``). Kept as JSON text: the index
    is read whole on every run, and the facts of a few files are used."""
    if doc is None or not doc.valid or doc.kind not in ("recipe", "inventory", "finished_good"):
        return None
    facts: dict[str, Any] = {}
    if doc.kind in ("recipe", "inventory"):
        # ingredient, unit, ingredient, unit...: flat, as it is cheap to write
        facts["units"] = [value for line in stock_rules.ingredient_lines(doc) for value in line]
    if doc.kind in _NESTED_KINDS:
        field = _NESTED_KINDS[doc.kind]
        facts["parts"] = [
            [pointer[1], slug] for pointer, target, slug in found
            if target == doc.kind and len(pointer) == 3 and pointer[0] == "components" and pointer[2] == field
        ]  # fmt: skip
    return json.dumps(facts, ensure_ascii=False, separators=(",", ":"))


def _read_facts(index: ReferenceIndex, path: str) -> dict[str, Any] | None:
    text = index.facts(path)
    if text is None:
        return None
    try:
        facts = json.loads(text) if type(text) is str else None
    except ValueError:
        facts = None
    if type(facts) is not dict:
        raise Damaged(path)
    return facts


def _put(index: ReferenceIndex, path: str, sha256: str, doc: Document | None, walked: _References) -> list[tuple[str, str]]:
    """Record the file at ``path`` as it is now; the (kind, slug)s it names."""
    found = walked.mentions(doc)
    kind, slug = (doc.kind, doc.slug) if doc is not None else (None, None)
    index.put(path, sha256, kind, slug, found, _facts(doc, found))
    return [(target, slug) for _pointer, target, slug in found]


def _record(
    workspace: Workspace, rules: list[Rule], per_document: list[Problem], by_kinds: dict[str, list[list]], walked: _References
) -> ReferenceIndex:
    index = ReferenceIndex()
    docs = {doc.path: doc for doc in workspace.documents}
    for path, sha256 in workspace.hashes.items():
        _put(index, path, sha256, docs.get(path), walked)
    found: dict[str, list[Problem]] = {}
    for problem in per_document:
        found.setdefault(problem.path, []).append(problem)
    for path, problems in found.items():
        index.set_problems(path, problems)
    index.extra = {
        "rules": _rule_names(rules),
        "results": by_kinds,
        "unloaded": catalog_rules.unloaded_files(workspace),
        "head": workspace.head,
    }
    return index


def _usable(index: ReferenceIndex, rules: list[Rule]) -> bool:
    """Whether the index was recorded for these rules, and its extra part reads back."""
    extra = index.extra
    results, unloaded = extra.get("results"), extra.get("unloaded")
    if extra.get("rules") != _rule_names(rules) or type(extra.get("head")) is not str:
        return False
    if type(unloaded) is not dict or not all(type(v) is str for v in unloaded.values()):
        return False
    if type(results) is not dict or set(results) != {str(n) for n, r in enumerate(rules) if r.check in BY_KINDS}:
        return False
    return all(
        type(rows) is list and all(type(row) is list and len(row) == 6 and type(row[0]) is str and sound_row(row[1:]) for row in rows)
        for rows in results.values()
    )


def check_rules(context: RuleContext, rules: list[Rule]) -> list[Problem]:
    """What every rule finds: after a change, from what the change reaches
    and the reference index; a full run when the index cannot answer."""
    workspace = context.workspace
    if workspace.cache is None:
        return run_all(context, rules)
    index = ReferenceIndex.open(workspace.root, workspace.cache.signature)
    if index is None or not _usable(index, rules):
        return run_all(context, rules)
    try:
        problems = _incremental(context, rules, index)
    except (_Failed, Damaged):
        return run_all(context, rules)
    index.save(workspace.root, workspace.cache.signature)
    return problems


def reach(index: ReferenceIndex, workspace: Workspace) -> set[str]:
    """The paths of the files the changes since ``index`` was recorded reach
    (see above); ``index`` is brought up to date with the changed files."""
    return _reach(index, workspace)[0]


def _reach(index: ReferenceIndex, workspace: Workspace) -> tuple[set[str], set[str | None], dict[str, str]]:
    """(paths to re-check, kinds of the changed files, the unloaded files now)."""
    docs = {doc.path: doc for doc in workspace.documents}
    current = workspace.hashes
    changed = [path for path, sha256 in current.items() if index.sha(path) != sha256]
    changed += [path for path in index.paths() if path not in current]
    declared: set[tuple[str, str]] = set()
    named: set[tuple[str, str]] = set()
    kinds: set[str | None] = set()
    walked = _References()
    for path in changed:
        kind, slug = index.declares(path)
        kinds.add(kind)
        if kind is not None and slug is not None:
            declared.add((kind, slug))
        named.update(index.names(path))
        if path not in current:
            index.drop(path)
            continue
        doc = docs.get(path)
        named.update(_put(index, path, current[path], doc, walked))
        if doc is not None:
            kinds.add(doc.kind)
            if doc.kind is not None and doc.slug is not None:
                declared.add((doc.kind, doc.slug))

    unloaded = catalog_rules.unloaded_files(workspace)
    before: dict[str, str] = index.extra["unloaded"]
    stems = {stem for stem in set(before) | set(unloaded) if before.get(stem) != unloaded.get(stem)}
    recheck = {path for path in changed if path in docs}
    for kind, slug in declared:
        recheck.update(doc.path for doc in workspace.by_kind.get(kind, {}).get(slug, ()))
        recheck.update(index.referring(kind, slug))
    for target, slug in named:
        if target == "ingredient":  # its products: the units it is used in
            recheck.update(p for p in index.referring(target, slug) if index.declares(p)[0] == "product")
        elif target == "event":  # its event and run logs: what its locked plan keeps
            recheck.update(index.referring(target, slug))
            recheck.update(doc.path for doc in workspace.by_kind.get("event", {}).get(slug, ()))
    for stem in stems:
        for target in TARGETS:
            recheck.update(index.referring(target, stem))
    return recheck, kinds, unloaded


def _incremental(context: RuleContext, rules: list[Rule], index: ReferenceIndex) -> list[Problem]:
    workspace = context.workspace
    docs = {doc.path: doc for doc in workspace.documents}
    recheck, kinds, unloaded = _reach(index, workspace)
    run = _Run(workspace, unloaded, lambda ingredient: _units_of(index, ingredient))
    per_document = [PER_DOCUMENT[rule.check] for rule in rules if rule.check in PER_DOCUMENT]
    for path in recheck:
        doc = docs.get(path)
        found: list[Problem] = []
        if doc is not None:
            for check in per_document:
                try:
                    found.extend(check(run, doc))
                except Exception as exc:  # the full run reports it as that rule's problem
                    raise _Failed from exc
        index.set_problems(path, found)

    problems: list[Problem] = []
    for path in workspace.hashes:
        problems += index.problems(path)
    head_moved = index.extra["head"] != workspace.head
    results: dict[str, list[list]] = index.extra["results"]
    for number, rule in enumerate(rules):
        if rule.check in PER_DOCUMENT:
            continue
        scope = BY_KINDS.get(rule.check)
        if scope is not None and not (scope.kinds & kinds) and not (scope.head and head_moved):
            problems += [row_problem(row[0], row[1:]) for row in results[str(number)]]
            continue
        found = []
        if rule.check in _NESTED_PARTS:
            parts = _parts(index, _NESTED_PARTS[rule.check])
            _check(rule, lambda: rule.check(context, parts), found, strict=True)
        else:
            _check(rule, lambda: rule.check(context), found, strict=scope is not None)
        if scope is not None:
            results[str(number)] = [[p.path, *problem_row(p)] for p in found]
        problems += found
    index.extra["unloaded"] = unloaded
    index.extra["head"] = workspace.head
    return problems


def _units_of(index: ReferenceIndex, ingredient: str) -> set[str]:
    """Every unit valid recipes and the inventory use ``ingredient`` in, from
    the facts recorded for the files naming it."""
    found: set[str] = set()
    for path in index.referring("ingredient", ingredient):
        facts = _read_facts(index, path)
        units = facts.get("units") if facts is not None else None
        if units is None:
            continue
        if type(units) is not list or len(units) % 2 or not all(type(value) is str for value in units):
            raise Damaged(path)
        found.update(units[at + 1] for at in range(0, len(units), 2) if units[at] == ingredient)
    return found


def _parts(index: ReferenceIndex, kind: str) -> catalog_rules.Parts:
    """A nesting rule's parts of a (valid) document, as recorded from its
    references: the same as from its data (a valid document's parts are
    all slugs)."""

    def parts(doc: Document) -> list[tuple[Pointer, str]]:
        facts = _read_facts(index, doc.path)
        found = facts.get("parts") if facts is not None else None
        if type(found) is not list or not all(
            type(part) is list and len(part) == 2 and type(part[0]) is int and type(part[1]) is str for part in found
        ):
            raise Damaged(doc.path)
        return [(("components", at, _NESTED_KINDS[kind]), slug) for at, slug in found]

    return parts
