"""`plansync feasibility`, `progress` and `status` on the example repository.

christmas-2026 plans 23 batches (1+2+4+1+4+1+1+1+2+1+1+3+1) and 94 goods
(52 gift bags, 12 cookie tins, 24 wrapped brownies, 2 gift boxes, 2 loaves,
2 teacher bags); its six recipient packages are all pending.
"""

from __future__ import annotations

import json

from plansync.store import clock
from tests.cli.test_plan import line_of

EVENT = "events/christmas-2026/event.yaml"


def add_decision(repo, line: str) -> None:
    repo.write(EVENT, repo.read(EVENT).replace("batch_decisions:\n", f"batch_decisions:\n  - {line}\n"))


def test_feasibility_of_the_plan_is_can_assemble(example_repo):
    result = example_repo.run("feasibility", "christmas-2026", "--format", "json")
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert set(document) == {"status", "finished_goods"}
    assert document["status"] == "can_assemble"
    bags = next(g for g in document["finished_goods"] if g["finished_good"] == "holiday-gift-bag")
    assert bags == {"finished_good": "holiday-gift-bag", "quantity": 52, "can_assemble": 52, "status": "can_assemble", "shortfalls": []}


def test_feasibility_names_what_is_short(example_repo):
    # 3 batches of 96 = 288 cookies: the 52 bags (listed first) take 288 and
    # make 48; the 12 tins get none.
    add_decision(example_repo, "{finished_unit: chocolate-chip-cookie, batches: 3, accept_shortfall: true}")
    result = example_repo.run("feasibility", "christmas-2026")
    assert result.exit_code == 0  # a report exits 0 whatever it finds
    lines = result.stdout.splitlines()
    assert lines[0] == "Assembly check for christmas-2026 against the planned output"
    assert line_of(result.stdout, "holiday-gift-bag") == [
        "holiday-gift-bag", "48", "of", "52", "partial", "Need", "24", "more", "chocolate", "chip", "cookies",
    ]  # fmt: skip
    assert line_of(result.stdout, "holiday-cookie-tin") == [
        "holiday-cookie-tin", "0", "of", "12", "cannot_assemble", "Need", "72", "more", "chocolate", "chip", "cookies",
    ]  # fmt: skip
    assert lines[-1] == "status: partial"
    document = json.loads(example_repo.run("feasibility", "christmas-2026", "--format", "json").stdout)
    bags = next(g for g in document["finished_goods"] if g["finished_good"] == "holiday-gift-bag")
    assert bags["shortfalls"] == [{"finished_unit": "chocolate-chip-cookie", "needed": 312, "available": 288, "short": 24}]


def test_feasibility_produced_counts_stock_and_this_events_runs(example_repo):
    # Nothing baked yet: only the frozen loaf of banana bread in inventory.
    document = json.loads(example_repo.run("feasibility", "christmas-2026", "--produced", "--format", "json").stdout)
    assert document["status"] == "partial"
    loaves = next(g for g in document["finished_goods"] if g["finished_good"] == "wrapped-banana-bread")
    assert (loaves["can_assemble"], loaves["status"]) == (1, "partial")


def test_progress_counts_only_this_events_runs(example_repo, monkeypatch):
    monkeypatch.setattr(clock, "utc_now", lambda: "2026-12-12T09:00:00Z")
    assert example_repo.run("record", "production", "christmas-2026", "chocolate-chip-cookie", "2").exit_code == 0
    assert example_repo.run("record", "assembly", "christmas-2026", "holiday-gift-bag", "10").exit_code == 0
    assert example_repo.run("record", "production", "-", "chocolate-chip-cookie", "5").exit_code == 0
    assert example_repo.run("record", "production", "school-fair-2026", "fudge-brownie", "1").exit_code == 0

    result = example_repo.run("progress", "christmas-2026", "--format", "json")
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert set(document) == {"status", "production", "assembly", "packages"}
    assert document["status"] == "in_progress"
    production = {p["finished_unit"]: p for p in document["production"]}
    assert production["chocolate-chip-cookie"] == {
        "finished_unit": "chocolate-chip-cookie", "target_batches": 4, "produced_batches": 2, "pct": 50,
        "remaining": 2, "complete": False,
    }  # fmt: skip
    assert production["fudge-brownie"]["produced_batches"] == 0  # the school fair's brownies are not ours
    assembly = {a["finished_good"]: a for a in document["assembly"]}
    assert assembly["holiday-gift-bag"] == {
        "finished_good": "holiday-gift-bag", "target": 52, "assembled": 10, "pct": 19.23, "remaining": 42, "complete": False,
    }  # fmt: skip
    assert document["packages"] == {"pending": 6, "ready": 0, "delivered": 0}

    table = example_repo.run("progress", "christmas-2026").stdout
    assert line_of(table, "chocolate-chip-cookie") == ["chocolate-chip-cookie", "2", "of", "4", "[##########..........]", "50%", "2", "no"]
    assert line_of(table, "holiday-gift-bag") == ["holiday-gift-bag", "10", "of", "52", "[####................]", "19.23%", "42", "no"]
    assert table.splitlines()[-2:] == ["status: in_progress", "packages: 6 pending, 0 ready, 0 delivered"]

    school = json.loads(example_repo.run("progress", "school-fair-2026", "--format", "json").stdout)
    assert next(p for p in school["production"] if p["finished_unit"] == "fudge-brownie")["produced_batches"] == 1


def test_progress_before_anything_is_recorded(example_repo):
    document = json.loads(example_repo.run("progress", "christmas-2026", "--format", "json").stdout)
    assert document["status"] == "not_started"
    assert len(document["production"]) == 13 and len(document["assembly"]) == 6


def test_status_summary(example_repo, monkeypatch):
    monkeypatch.setattr(clock, "utc_now", lambda: "2026-12-12T09:00:00Z")
    example_repo.run("record", "production", "christmas-2026", "chocolate-chip-cookie", "2")
    example_repo.run("record", "assembly", "christmas-2026", "holiday-gift-bag", "10")
    result = example_repo.run("status", "christmas-2026", "--format", "json")
    assert result.exit_code == 0
    # 2 of 23 batches = 8.70 %; 10 of 94 goods = 10.64 %.
    document = json.loads(result.stdout)
    planned = document.pop("planned_cost")
    assert isinstance(planned, float) and planned > 0 and document.pop("currency") == "USD"
    assert document == {
        "event": "christmas-2026",
        "name": "Christmas 2026",
        "date": "2026-12-24",
        "state": "draft",
        "shopping": {"completed_at": None, "to_buy": 30, "to_buy_cost": 262.02},
        "production_pct": 8.7,
        "assembly_pct": 10.64,
        "status": "in_progress",
        "packages": {"pending": 6, "ready": 0, "delivered": 0},
    }
    table = example_repo.run("status", "christmas-2026").stdout
    assert table.splitlines()[0] == "Christmas 2026 (christmas-2026), 2026-12-24"
    assert line_of(table, "state") == ["state", "draft"]
    assert line_of(table, "shopping") == ["shopping", "30", "ingredients", "to", "buy,", "262.02", "USD"]
    assert line_of(table, "planned")[:2] == ["planned", "cost"]
    assert line_of(table, "production") == ["production", "[##..................]", "8.7%"]
    assert line_of(table, "assembly") == ["assembly", "[##..................]", "10.64%"]
    assert line_of(table, "packages") == ["packages", "6", "pending,", "0", "ready,", "0", "delivered"]


def test_status_of_a_bulk_count_event(example_repo):
    table = example_repo.run("status", "school-fair-2026").stdout
    assert line_of(table, "assembly") == ["assembly", "nothing", "to", "assemble"]
    assert json.loads(example_repo.run("status", "school-fair-2026", "--format", "json").stdout)["assembly_pct"] is None
