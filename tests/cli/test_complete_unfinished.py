"""`plansync complete` closes an event with work left, and says what is left."""

from __future__ import annotations

import json

import pytest

from tests.helpers import ok, to_state

pytestmark = pytest.mark.usefixtures("fixed_clock")


def test_complete_with_nothing_baked_warns_unfinished_naming_what(party):
    to_state(party, "in_production")
    result = party.run("complete", "party")
    assert result.exit_code == 0, result.output
    assert result.stdout == "party: in_production -> completed\n"
    # 9 gift bags for the office and 3 in the recipients' tins.
    assert result.stderr == (
        "warning: unfinished: party was completed with batches below target for 2 finished units "
        "(brownie 0 of 3, cookie 0 of 3); 2 finished goods below target (brownie-stack 0 of 4, gift-bag 0 of 12); "
        "2 packages not delivered (aunt-mary: tin pending, uncle-bob: tin pending)\n"
    )
    assert "plan_state: completed" in party.read("events/party/event.yaml")


def test_the_json_lists_what_is_unfinished(party):
    to_state(party, "in_production")
    ok(party, "record", "production", "party", "brownie", "1")
    ok(party, "fulfill", "party", "aunt-mary", "ready")
    ok(party, "fulfill", "party", "aunt-mary", "delivered")
    result = party.run("complete", "party", "--format", "json")
    assert result.exit_code == 0
    assert result.stderr == ""
    data = json.loads(result.stdout)
    unfinished = data["unfinished"]
    brownie = next(line for line in unfinished["batches"] if line["finished_unit"] == "brownie")
    assert brownie["produced_batches"] == 1 and brownie["target_batches"] > 1
    assert {g["finished_good"] for g in unfinished["finished_goods"]} == {"gift-bag", "brownie-stack"}
    assert unfinished["packages"] == [{"recipient": "uncle-bob", "package": "tin", "status": "pending"}]
    assert len(data["warnings"]) == 1 and data["warnings"][0].startswith("unfinished: party was completed with ")
    assert "1 package not delivered (uncle-bob: tin pending)" in data["warnings"][0]


def test_an_event_done_in_full_completes_without_a_warning(party):
    to_state(party, "in_production")
    plan = json.loads(ok(party, "progress", "party", "--format", "json"))
    for line in plan["production"]:
        ok(party, "record", "production", "party", line["finished_unit"], str(line["target_batches"]))
    for line in plan["assembly"]:
        ok(party, "record", "assembly", "party", line["finished_good"], str(line["target"]))
    for recipient in ("aunt-mary", "uncle-bob"):
        ok(party, "fulfill", "party", recipient, "ready")
        ok(party, "fulfill", "party", recipient, "delivered")
    result = party.run("complete", "party", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["warnings"] == []
    assert data["unfinished"] == {"batches": [], "finished_goods": [], "packages": []}
    assert party.run("complete", "party").exit_code == 1  # completed is final


def test_with_a_broken_log_it_still_completes_and_says_what_it_could_not_check(party):
    to_state(party, "in_production")
    ok(party, "record", "production", "party", "cookie", "1")
    party.write("events/party/runs.yaml", party.read("events/party/runs.yaml").replace("batches: 1", "batches: many"))
    result = party.run("complete", "party")
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        "warning: unfinished: party was completed with 2 packages not delivered "
        "(aunt-mary: tin pending, uncle-bob: tin pending); "
        "batches and goods not checked (the files its plan reads have errors)\n"
    )
