"""``status`` and ``progress`` count over-production by one rule (the
engine's, domain.md "Progress": percentages are not capped)."""

from __future__ import annotations

import json

from tests.helpers import ok


def test_status_and_progress_agree_on_over_production(party):
    # party plans 3 cookie and 3 brownie batches; 6 cookie batches is 200 %.
    ok(party, "record", "production", "party", "cookie", "6")
    ok(party, "record", "production", "party", "brownie", "3")

    progress = json.loads(ok(party, "progress", "party", "--format", "json"))
    lines = {line["finished_unit"]: line for line in progress["production"]}
    assert (lines["cookie"]["pct"], lines["brownie"]["pct"]) == (200, 100)

    status = json.loads(ok(party, "status", "party", "--format", "json"))
    done = sum(line["produced_batches"] for line in progress["production"])
    target = sum(line["target_batches"] for line in progress["production"])
    assert status["production_pct"] == 100 * done / target == 150
    assert status["status"] == progress["status"] == "in_progress"

    table = ok(party, "status", "party")
    assert next(line for line in table.splitlines() if line.startswith("production")).endswith(" 150%")
    assert " 200%" in ok(party, "progress", "party")


def test_assembly_over_its_target_counts_the_same_in_both(party):
    ok(party, "record", "assembly", "party", "brownie-stack", "6")  # 6 of 4
    ok(party, "record", "assembly", "party", "gift-bag", "12")  # 12 of 12
    progress = json.loads(ok(party, "progress", "party", "--format", "json"))
    stack = next(line for line in progress["assembly"] if line["finished_good"] == "brownie-stack")
    assert stack["pct"] == 150
    status = json.loads(ok(party, "status", "party", "--format", "json"))
    assert status["assembly_pct"] == 100 * 18 / 16
