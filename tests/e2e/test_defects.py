"""Regression tests for the defects the hardening work found (docs/reliability.md)."""

from __future__ import annotations

import json

from plansync.plan.snapshots import definition_entry, entity_data, payload_hash
from plansync.formats.yamlread import parse_yaml
from plansync.formats.yamlwrite import dump
from tests.helpers import ok

EVENT = "christmas-2026"
PLANNING = f"events/{EVENT}/snapshots/planning.yaml"


# --- record for a locked event: what the planning snapshot does not hold


def test_a_run_of_a_unit_the_locked_plan_lacks_is_refused_by_name(example_repo):
    ok(example_repo, "lock", EVENT)
    result = example_repo.run("record", "production", EVENT, "cinnamon-roll", "1")
    assert result.exit_code == 1
    assert result.stderr == (
        "error: finished unit 'cinnamon-roll' is not in the locked plan of christmas-2026: a locked event records "
        "runs only of what its planning snapshot holds (`plansync plan christmas-2026` lists them)\n"
    )
    # A good added to the catalog after the lock exists, but not for this event.
    example_repo.write("catalog/finished-goods/roll-box.yaml", "kind: finished_good\nslug: roll-box\nname: Roll box\n"
                       "assembly_type: bundle\ncomponents:\n  - {finished_unit: cinnamon-roll, quantity: 4}\n")
    result = example_repo.run("record", "assembly", EVENT, "roll-box", "1")
    assert result.stderr.startswith("error: finished good 'roll-box' is not in the locked plan of christmas-2026")
    assert not (example_repo.root / f"events/{EVENT}/runs.yaml").exists()
    # A sub-good the plan reaches is in the snapshot: its assembly is recorded.
    ok(example_repo, "record", "assembly", EVENT, "mini-sampler", "2")
    # A unit that exists nowhere is still called unknown.
    assert example_repo.run("record", "production", EVENT, "nope", "1").stderr == "error: unknown finished unit 'nope'\n"


# --- deep chains: no RecursionError anywhere


def _chain(repo, count: int, ring: bool = False) -> None:
    for i in range(count):
        last = i == count - 1
        inner = "{finished_good: g0, quantity: 1}" if last and ring else (
            "{finished_unit: sugar-cookie, quantity: 1}" if last else f"{{finished_good: g{i + 1}, quantity: 1}}"
        )
        repo.write(f"catalog/finished-goods/g{i}.yaml",
                   f"kind: finished_good\nslug: g{i}\nname: G{i}\nassembly_type: bundle\ncomponents:\n  - {inner}\n")  # fmt: skip
        sub = "" if last and not ring else f"components:\n  - {{recipe: r{0 if last else i + 1}, batches: 1}}\n"
        repo.write(f"catalog/recipes/r{i}.yaml",
                   f"kind: recipe\nslug: r{i}\nname: R{i}\ningredients:\n  - {{ingredient: eggs, quantity: 1, unit: each}}\n{sub}")  # fmt: skip


def test_a_chain_of_2000_goods_and_recipes_is_reported_not_a_crash(example_repo):
    _chain(example_repo, 2000)
    problems = json.loads(example_repo.run("validate", "--format", "json").stdout)["problems"]
    assert not [p for p in problems if p["code"] == "plugin-error"]
    depth = {(p["path"], p["message"]) for p in problems if p["code"] == "nesting-depth"}
    assert ("catalog/finished-goods/g0.yaml", "finished goods nest 1999 levels deep under 'g0'; at most 10 are allowed") in depth
    assert ("catalog/recipes/r0.yaml", "sub-recipes nest 1999 levels deep under 'r0'; at most 3 are allowed") in depth
    assert len(depth) == 1989 + 1996


def test_a_ring_of_2000_goods_is_one_cycle_named_where_it_closes(example_repo):
    _chain(example_repo, 2000, ring=True)
    problems = json.loads(example_repo.run("validate", "--format", "json").stdout)["problems"]
    cycles = [p for p in problems if p["code"] == "cycle"]
    assert [(p["path"], p["line"], p["column"], p["message"]) for p in cycles] == [
        ("catalog/finished-goods/g1999.yaml", 6, 21,
         "finished good cycle: g0 -> g1 -> g2 -> g3 -> g4 -> ... -> g1996 -> g1997 -> g1998 -> g1999 -> g0 (2000 in the cycle)"),
        ("catalog/recipes/r1999.yaml", 7, 14,
         "sub-recipe cycle: r0 -> r1 -> r2 -> r3 -> r4 -> ... -> r1996 -> r1997 -> r1998 -> r1999 -> r0 (2000 in the cycle)"),
    ]  # fmt: skip


# --- a planning snapshot edited by hand, hashes recomputed


def _edit_snapshot(repo, edit) -> None:
    data = parse_yaml(repo.read(PLANNING))
    edit(data["definitions"])
    for by_slug in data["definitions"].values():
        for slug, entry in by_slug.items():
            by_slug[slug] = definition_entry(entity_data(entry))
    data["content_sha256"] = payload_hash(data)
    repo.write(PLANNING, dump(data))


def test_a_cycle_in_a_snapshot_is_located_and_refused_by_every_report(example_repo):
    ok(example_repo, "lock", EVENT)
    _edit_snapshot(example_repo, lambda d: d["finished_good"]["mini-sampler"]["components"].append(
        {"finished_good": "holiday-gift-box", "quantity": 1}))  # fmt: skip
    from plansync.formats.yamlread import locate

    # Found walking from the cookie tin (first in order), which holds the
    # sampler: the cycle closes at the gift box's entry for the sampler.
    pointer = ("definitions", "finished_good", "holiday-gift-box", "components", 0, "finished_good")
    line, column = locate(example_repo.read(PLANNING), pointer)
    assert example_repo.read(PLANNING).splitlines()[line - 1].strip() == "- {finished_good: mini-sampler, quantity: 1}"
    where = f"{PLANNING}:{line}:{column}"
    message = f"{where}: error: frozen finished good cycle: mini-sampler -> holiday-gift-box -> mini-sampler [cycle]"
    assert example_repo.run("validate").stdout.splitlines()[0] == message
    for report in ("plan", "shopping", "feasibility", "progress", "status"):
        result = example_repo.run(report, EVENT)
        assert (result.exit_code, result.stderr) == (1, f"error: cannot plan christmas-2026: {message}\n")


def test_a_cycle_through_goods_an_amendment_froze_is_located_and_refused(example_repo):
    """add_fg freezes definitions beside the snapshot's; a hand edit (hashes
    recomputed) that makes them nest in a ring is found by validate, in
    the amendment, and refused by the reports, not only by the engine."""
    ok(example_repo, "lock", EVENT)
    ok(example_repo, "start", EVENT)
    amendments = f"events/{EVENT}/amendments.yaml"
    ring = {
        "loop-a": {"kind": "finished_good", "slug": "loop-a", "name": "Loop A", "assembly_type": "bundle",
                   "components": [{"finished_good": "loop-b", "quantity": 1}]},
        "loop-b": {"kind": "finished_good", "slug": "loop-b", "name": "Loop B", "assembly_type": "bundle",
                   "components": [{"finished_good": "loop-a", "quantity": 1}]},
    }  # fmt: skip
    amendment = {"seq": 1, "type": "add_fg", "at": "2026-12-05T10:00:00Z", "reason": "a ring",
                 "data": {"finished_good": "loop-a", "quantity": 1,
                          "definitions": {"finished_good": {slug: definition_entry(d) for slug, d in ring.items()}}}}  # fmt: skip
    example_repo.write(amendments, dump({"kind": "amendments", "event": EVENT, "amendments": [amendment]}))
    event = f"events/{EVENT}/event.yaml"
    example_repo.write(event, example_repo.read(event).replace(
        "finished_goods:\n", "finished_goods:\n  - {finished_good: loop-a, quantity: 1}\n", 1))  # fmt: skip
    from plansync.formats.yamlread import locate

    pointer = ("amendments", 0, "data", "definitions", "finished_good", "loop-b", "components", 0, "finished_good")
    line, column = locate(example_repo.read(amendments), pointer)
    message = f"{amendments}:{line}:{column}: error: frozen finished good cycle: loop-a -> loop-b -> loop-a [cycle]"
    result = example_repo.run("validate")
    assert result.exit_code == 1
    assert [p for p in result.stdout.splitlines()[:-1] if "error" in p] == [message]
    for report in ("plan", "shopping", "feasibility", "progress", "status"):
        refused = example_repo.run(report, EVENT)
        assert (refused.exit_code, refused.stderr) == (1, f"error: cannot plan christmas-2026: {message}\n")


def test_the_engine_refuses_a_snapshot_cycle_even_unvalidated(example_repo):
    """The engine's own guard, under validation: a message, never RecursionError."""
    import pytest

    from plansync.engine import fromdata
    from plansync.engine import compute_plan, compute_shopping
    from plansync.errors import RefusedError
    from plansync.plan.snapshots import snapshot_catalog
    from plansync.repo.repository import PlanRepo
    from plansync.load.workspace import load_workspace

    ok(example_repo, "lock", EVENT)
    original = example_repo.read(PLANNING)

    def engine_inputs():
        workspace = load_workspace(PlanRepo.open(example_repo.root))
        return snapshot_catalog(workspace, EVENT), fromdata.event_from(workspace.event(EVENT).data)

    _edit_snapshot(example_repo, lambda d: d["finished_good"]["mini-sampler"]["components"].append(
        {"finished_good": "holiday-gift-box", "quantity": 1}))  # fmt: skip
    catalog, event = engine_inputs()
    with pytest.raises(RefusedError, match=r"^finished good cycle: mini-sampler -> holiday-gift-box -> mini-sampler$"):
        compute_plan(catalog, event)
    example_repo.write(PLANNING, original)
    _edit_snapshot(example_repo, lambda d: d["recipe"]["sugar-cookies"].setdefault("components", []).append(
        {"recipe": "sugar-cookies", "batches": 1}))  # fmt: skip
    catalog, event = engine_inputs()
    with pytest.raises(RefusedError, match=r"^recipe cycle: sugar-cookies -> sugar-cookies$"):
        compute_shopping(catalog, event)


def test_a_frozen_definition_that_breaks_its_schema_is_located_and_refused(example_repo):
    ok(example_repo, "lock", EVENT)
    _edit_snapshot(example_repo, lambda d: d["finished_unit"]["chocolate-chip-cookie"]["yield"]["options"][0].update(per_batch=0))
    line = next(i for i, text in enumerate(example_repo.read(PLANNING).splitlines(), 1) if "per_batch: 0" in text)
    located = f"{PLANNING}:{line}:"
    problems = json.loads(example_repo.run("validate", "--format", "json").stdout)["problems"]
    assert [(p["code"], p["message"]) for p in problems] == [
        ("frozen-definition", "frozen finished_unit 'chocolate-chip-cookie': must be greater than 0, got 0; restore the file from git"),
    ]
    result = example_repo.run("plan", EVENT)
    assert result.exit_code == 1 and result.stderr.startswith(f"error: cannot plan christmas-2026: {located}")
    assert "ZeroDivisionError" not in result.stderr


# --- sync: a file whose entities another file needs has problems


def test_sync_leaves_out_what_refers_to_a_broken_file_instead_of_failing(example_repo):
    material = "catalog/material-units/green-ribbon-18in.yaml"
    example_repo.write(material, example_repo.read(material).replace("quantity_per_unit: 18", "quantity_per_unit: -1"))
    result = example_repo.run("sync", "--format", "json")
    assert result.exit_code == 1
    assert json.loads(result.stdout)["problems"] == 6
    table = example_repo.run("sync", "--rebuild")
    assert "catalog/packages/cookie-tin.yaml:6:21: warning: left out of the index: finished good 'holiday-cookie-tin' " \
           "is not indexed (its file has problems; fix it and sync again) [left-out]" in table.stderr
    rows = json.loads(example_repo.run("query", "SELECT slug FROM packages ORDER BY slug", "--format", "json").stdout)["rows"]
    assert rows == [{"slug": "neighbor-bags"}, {"slug": "teacher-thanks"}]
    example_repo.write(material, example_repo.read(material).replace("quantity_per_unit: -1", "quantity_per_unit: 18"))
    assert example_repo.run("sync").exit_code == 0
    rows = json.loads(example_repo.run("query", "SELECT count(*) AS n FROM packages", "--format", "json").stdout)["rows"]
    assert rows == [{"n": 4}]


# --- an index server that cannot be reached


def test_an_unreachable_index_server_is_one_line_without_its_password(example_repo):
    url = "postgresql+psycopg://baker:s3cret@127.0.0.1:1/plans"
    for args in (["sync"], ["query", "SELECT 1"]):
        result = example_repo.run("--db", url, *args)
        assert result.exit_code == 1
        assert result.stderr.startswith("error: cannot connect to the index at postgresql+psycopg://baker:***@127.0.0.1:1/plans: ")
        assert len(result.stderr.splitlines()) == 1 and "s3cret" not in result.stderr


def test_a_sync_with_warnings_alone_indexes_everything_and_exits_0(example_repo):
    example_repo.write("inventory.yaml", example_repo.read("inventory.yaml") + "  - {material: blue-ribbon, quantity: 5, unit: inch}\n")
    result = example_repo.run("sync")
    assert result.exit_code == 0
    assert result.stdout.startswith("synced: ") and "left out" not in result.stdout
    assert "warning: no material file declares material 'blue-ribbon' (add catalog/materials/blue-ribbon.yaml) [unknown-material]" in result.stderr
    assert json.loads(example_repo.run("sync", "--format", "json").stdout)["problems"] == 0
    rows = example_repo.run("query", "SELECT count(*) AS n FROM inventory_items WHERE material = 'blue-ribbon'", "--format", "json")
    assert json.loads(rows.stdout)["rows"] == [{"n": 1}]
