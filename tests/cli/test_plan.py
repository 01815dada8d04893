"""`plansync plan` and `plansync shopping` on the example repository.

The numbers are checked by hand against plans/: christmas-2026 wants 50 + 2
(neighbor-bags) gift bags of 6 cookies and 10 + 2 (two cookie-tin
recipients) tins of 6: 312 + 72 = 384 chocolate-chip cookies; at 48 or 96
per batch both fit exactly, so the fewest batches win: 4 of 96.
"""

from __future__ import annotations

import json

import pytest

from plansync.store import clock

PLAN_KEYS = {"event", "state", "source", "batches", "materials", "warnings"}
BATCH_KEYS = {
    "finished_unit", "recipe", "needed", "per_batch", "batch_multiplier", "batches",
    "total_yield", "extra", "waste_pct", "decision",
}  # fmt: skip


def line_of(output: str, first_cell: str) -> list[str]:
    """The cells of the plain-text table row starting with ``first_cell``."""
    rows = [line.split() for line in output.splitlines() if line.split()[:1] == [first_cell]]
    assert len(rows) == 1, output
    return rows[0]


def batch(document: dict, finished_unit: str) -> dict:
    return next(b for b in document["batches"] if b["finished_unit"] == finished_unit)


def test_plan_json_has_the_contract_keys_and_exact_batches(example_repo):
    result = example_repo.run("plan", "christmas-2026", "--format", "json")
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    assert set(document) == PLAN_KEYS
    assert (document["event"], document["state"], document["source"]) == ("christmas-2026", "draft", "catalog")
    assert all(set(b) == BATCH_KEYS for b in document["batches"])
    assert batch(document, "chocolate-chip-cookie") == {
        "finished_unit": "chocolate-chip-cookie", "recipe": "chocolate-chip-cookies", "needed": 384,
        "per_batch": 96, "batch_multiplier": 2, "batches": 4, "total_yield": 384, "extra": 0,
        "waste_pct": 0, "decision": "computed",
    }  # fmt: skip
    # 52 bags x 3 + 24 wrapped + 2 in the teacher bags = 182 brownies: 4 x 48 = 192 (5.49 % extra).
    brownies = batch(document, "fudge-brownie")
    assert (brownies["needed"], brownies["batches"], brownies["extra"], brownies["waste_pct"]) == (182, 4, 10, 5.49)
    # The event's own decision: 2 pans of bark for 44 pieces.
    bark = batch(document, "peppermint-bark-piece")
    assert (bark["needed"], bark["batches"], bark["total_yield"], bark["decision"]) == (44, 2, 96, "override")
    assert {"material_unit": "red-ribbon-6in", "quantity": 92} in document["materials"]
    assert document["warnings"] == []


def test_plan_table(example_repo):
    result = example_repo.run("plan", "christmas-2026")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "Batches for christmas-2026 (draft, from the catalog)"
    assert lines[1].split() == [
        "finished", "unit", "recipe", "needed", "per", "batch", "multiplier", "batches", "total", "extra", "waste", "%",
        "decision",
    ]
    assert line_of(result.stdout, "chocolate-chip-cookie") == [
        "chocolate-chip-cookie", "chocolate-chip-cookies", "384", "96", "2", "4", "384", "0", "0", "computed",
    ]  # fmt: skip
    assert line_of(result.stdout, "snickerdoodle") == ["snickerdoodle", "snickerdoodles", "72", "24", "0.5", "3", "72", "0", "0", "computed"]
    assert "Packaging" in lines
    assert line_of(result.stdout, "gift-tag") == ["gift-tag", "70"]


def test_plan_bulk_count_event(example_repo):
    document = json.loads(example_repo.run("plan", "school-fair-2026", "--format", "json").stdout)
    # 120 sugar cookies at 24 or 48 per batch: 5 x 24 is exact, 3 x 48 wastes 24 (20 %).
    assert batch(document, "sugar-cookie")["batches"] == 5
    assert document["materials"] == []


def test_plan_warns_about_a_shortfall_and_still_shows_the_plan(example_repo):
    path = "events/christmas-2026/event.yaml"
    text = example_repo.read(path).replace(
        "batch_decisions:\n", "batch_decisions:\n  - {finished_unit: chocolate-chip-cookie, batches: 3}\n"
    )
    example_repo.write(path, text)
    result = example_repo.run("plan", "christmas-2026")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[-1] == (
        "warning: batch decision for chocolate-chip-cookie gives 288, below the need of 384; add accept_shortfall: true"
    )


def test_plan_at_an_earlier_commit(example_repo):
    path = "events/christmas-2026/event.yaml"
    example_repo.write(path, example_repo.read(path).replace("holiday-gift-bag, quantity: 50", "holiday-gift-bag, quantity: 60"))
    example_repo.commit_all("more bags")
    now = json.loads(example_repo.run("plan", "christmas-2026", "--format", "json").stdout)
    before = json.loads(example_repo.run("plan", "christmas-2026", "--at", "HEAD~1", "--format", "json").stdout)
    # 62 bags x 6 + 72 = 444 cookies: 5 x 96 = 480 (8.11 % extra) beats 10 x 48.
    assert (batch(now, "chocolate-chip-cookie")["needed"], batch(now, "chocolate-chip-cookie")["batches"]) == (444, 5)
    assert (batch(before, "chocolate-chip-cookie")["needed"], batch(before, "chocolate-chip-cookie")["batches"]) == (384, 4)


def test_unknown_event_is_one_line_exit_1(example_repo):
    for command in ("plan", "shopping", "feasibility", "progress", "status"):
        result = example_repo.run(command, "xmas")
        assert result.exit_code == 1
        assert result.stderr == "error: unknown event 'xmas' (events: christmas-2026, school-fair-2026)\n"
        assert result.stdout == ""


def test_a_broken_file_the_plan_reads_is_named(example_repo):
    path = "catalog/recipes/chocolate-chip-cookies.yaml"
    example_repo.write(path, example_repo.read(path).replace("quantity: 2.25", "quantity: 0"))
    result = example_repo.run("plan", "christmas-2026")
    assert result.exit_code == 1
    assert result.stderr == (
        "error: cannot plan christmas-2026: catalog/recipes/chocolate-chip-cookies.yaml:9:47: "
        "error: must be greater than 0, got 0 [out-of-range]\n"
    )
    # The school fair bakes no chocolate-chip cookies: it still plans.
    assert example_repo.run("plan", "school-fair-2026").exit_code == 0


def test_a_reached_file_that_does_not_parse_is_named_not_called_unknown(example_repo):
    example_repo.write("catalog/finished-units/chocolate-chip-cookie.yaml", "kind: finished_unit\nslug: [oops\n")
    result = example_repo.run("plan", "christmas-2026")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "error: cannot plan christmas-2026: 4 errors in the files it reads (fix them; `plansync validate` lists all):",
        "  catalog/finished-goods/holiday-cookie-tin.yaml:8:21: error: finished unit 'chocolate-chip-cookie' does not exist: "
        "catalog/finished-units/chocolate-chip-cookie.yaml, which may declare it, does not load [unknown-reference]",
        "  catalog/finished-goods/holiday-gift-bag.yaml:9:21: error: finished unit 'chocolate-chip-cookie' does not exist: "
        "catalog/finished-units/chocolate-chip-cookie.yaml, which may declare it, does not load [unknown-reference]",
        "  catalog/finished-units/chocolate-chip-cookie.yaml:3:1: error: YAML syntax: did not find expected ',' or ']' "
        "(while parsing a flow sequence at line 2) [yaml-syntax]",
        "  inventory.yaml:34:21: error: finished unit 'chocolate-chip-cookie' does not exist: "
        "catalog/finished-units/chocolate-chip-cookie.yaml, which may declare it, does not load [unknown-reference]",
    ]
    assert "unknown finished unit" not in result.stderr


def test_an_unrelated_broken_file_does_not_block_planning(example_repo):
    # Oatmeal raisin cookies are in the catalog but in no event.
    example_repo.write("catalog/recipes/oatmeal-raisin-cookies.yaml", "kind: recipe\nslug: oatmeal-raisin-cookies\n")
    assert example_repo.run("validate").exit_code == 1
    result = example_repo.run("plan", "christmas-2026", "--format", "json")
    assert result.exit_code == 0
    assert batch(json.loads(result.stdout), "chocolate-chip-cookie")["batches"] == 4


def test_an_event_file_that_does_not_parse_is_named(example_repo):
    example_repo.write("events/christmas-2026/event.yaml", "kind: event\nslug: christmas-2026\nname: [\n")
    result = example_repo.run("plan", "christmas-2026")
    assert result.exit_code == 1
    assert result.stderr.startswith("error: cannot plan christmas-2026: events/christmas-2026/event.yaml:")


def test_shopping_json_and_table(example_repo):
    result = example_repo.run("shopping", "christmas-2026", "--format", "json")
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert set(document) == {"items", "total_cost", "warnings"}
    items = {item["ingredient"]: item for item in document["items"] if item["kind"] == "ingredient"}
    # Peppermint bark: 2 batches x 8 candy canes = 16; 12 on hand.
    assert {k: items["candy-canes"][k] for k in ("unit", "need", "have", "buy", "status", "product", "packages", "cost")} == {
        "unit": "each", "need": 16, "have": 12, "buy": 4, "status": "buy", "product": "candy-canes-24", "packages": 1, "cost": 2.99,
    }
    # 4 double batches x 12 oz + 1 x 12 oz fudge + 8 cups in brownies (6 oz a cup) = 156 oz; 24 oz on hand.
    assert (items["semisweet-chocolate-chips"]["need"], items["semisweet-chocolate-chips"]["buy"]) == (156, 132)
    assert items["lemons"]["status"] == "sufficient"
    table = example_repo.run("shopping", "christmas-2026").stdout
    assert table.splitlines()[0] == "Shopping for christmas-2026"
    assert line_of(table, "candy-canes")[:8] == ["candy-canes", "each", "16", "12", "4", "buy", "candy-canes-24", "1"]
    assert line_of(table, "salt")[:6] == ["salt", "tsp", "17.125", "122.8479", "0", "sufficient"]
    assert "30 of 37 ingredients to buy" in table.splitlines()


def test_shopping_done_keeps_comments_and_status_shows_it(example_repo, monkeypatch):
    monkeypatch.setattr(clock, "utc_now", lambda: "2026-12-01T10:00:00Z")
    path = "events/christmas-2026/event.yaml"
    before = example_repo.read(path)
    result = example_repo.run("shopping", "christmas-2026", "--done")
    assert result.exit_code == 0
    assert result.stdout == "shopping for christmas-2026 marked done at 2026-12-01T10:00:00Z (events/christmas-2026/event.yaml)\n"
    assert example_repo.read(path) == before + "shopping_completed_at: '2026-12-01T10:00:00Z'\n"
    assert example_repo.run("validate").exit_code == 0

    status = json.loads(example_repo.run("status", "christmas-2026", "--format", "json").stdout)
    assert {k: status["shopping"][k] for k in ("completed_at", "to_buy")} == {"completed_at": "2026-12-01T10:00:00Z", "to_buy": 30}
    assert line_of(example_repo.run("status", "christmas-2026").stdout, "shopping") == ["shopping", "done", "at", "2026-12-01T10:00:00Z"]

    # Marking it again keeps the first time.
    monkeypatch.setattr(clock, "utc_now", lambda: "2026-12-02T08:00:00Z")
    again = example_repo.run("shopping", "christmas-2026", "--done")
    assert again.stdout == "shopping for christmas-2026 was already marked done at 2026-12-01T10:00:00Z; unchanged\n"
    assert example_repo.read(path) == before + "shopping_completed_at: '2026-12-01T10:00:00Z'\n"


@pytest.mark.parametrize("extra", [["--at", "HEAD"], ["--production-aware"]])
def test_shopping_done_with_a_report_option_is_a_malformed_call(example_repo, extra):
    result = example_repo.run("shopping", "christmas-2026", "--done", *extra)
    assert result.exit_code == 2
    assert "shopping_completed_at" not in example_repo.read("events/christmas-2026/event.yaml")


def test_shopping_done_for_an_unknown_event(example_repo):
    result = example_repo.run("shopping", "xmas", "--done")
    assert (result.exit_code, result.stderr) == (1, "error: unknown event 'xmas' (events: christmas-2026, school-fair-2026)\n")


def test_csv_and_markdown(example_repo):
    csv_lines = example_repo.run("plan", "christmas-2026", "--format", "csv").stdout.splitlines()
    assert csv_lines[0] == "finished unit,recipe,needed,per batch,multiplier,batches,total,extra,waste %,decision"
    assert "chocolate-chip-cookie,chocolate-chip-cookies,384,96,2,4,384,0,0,computed" in csv_lines
    markdown = example_repo.run("shopping", "christmas-2026", "--format", "markdown").stdout
    assert "| candy-canes | each | 16 | 12 | 4 | buy |" in markdown
