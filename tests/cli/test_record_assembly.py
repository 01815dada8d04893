"""``record assembly`` warns when the event's produced units cannot make
what it records, and ``feasibility --produced`` counts only what they can."""

from __future__ import annotations

import json
import re

from tests.helpers import ok

RUNS = "events/party/runs.yaml"


def test_more_goods_than_the_units_make_is_recorded_with_a_located_warning(party):
    ok(party, "record", "production", "party", "brownie", "1")  # 12 brownies: 4 stacks of 3
    result = party.run("record", "assembly", "party", "brownie-stack", "6")
    assert result.exit_code == 0
    assert result.stdout == "recorded assembly run 1 for party: 6 x brownie-stack\n"
    match = re.fullmatch(r"events/party/runs\.yaml:(\d+):(\d+): warning: (.*) \[assembly-over-units\]\n", result.stderr)
    assert match, result.stderr
    assert match.group(3) == (
        "assembly run 1 records 6 brownie-stack, but the production runs of party and the finished units in "
        "inventory make only 4 (feasibility --produced counts 4); record the production runs first"
    )
    # The location is the run just written.
    line = party.read(RUNS).splitlines()[int(match.group(1)) - 1]
    assert line[int(match.group(2)) - 1 :].startswith("seq: 1")
    assert "finished_good: brownie-stack" in party.read(RUNS).splitlines()[int(match.group(1)) + 1]


def test_feasibility_produced_counts_recorded_goods_only_as_far_as_units_allow(party):
    # Nothing baked: the 4 stacks recorded cannot have been made from this event's units.
    result = party.run("record", "assembly", "party", "brownie-stack", "4", "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["quantity"] == 4  # stdout stays one JSON document
    assert "make none (feasibility --produced counts 0)" in result.stderr

    produced = json.loads(ok(party, "feasibility", "party", "--produced", "--format", "json"))
    stack = next(g for g in produced["finished_goods"] if g["finished_good"] == "brownie-stack")
    assert (stack["can_assemble"], stack["status"]) == (0, "cannot_assemble")
    assert stack["shortfalls"] == [{"finished_unit": "brownie", "needed": 12, "available": 0, "short": 12}]

    # Baked afterwards, the units are there and the recorded stacks count.
    ok(party, "record", "production", "party", "brownie", "1")
    produced = json.loads(ok(party, "feasibility", "party", "--produced", "--format", "json"))
    stack = next(g for g in produced["finished_goods"] if g["finished_good"] == "brownie-stack")
    assert (stack["can_assemble"], stack["status"]) == (4, "can_assemble")


def test_goods_the_units_make_are_recorded_without_a_word(party):
    ok(party, "record", "production", "party", "brownie", "1")
    first = party.run("record", "assembly", "party", "brownie-stack", "3")
    second = party.run("record", "assembly", "party", "brownie-stack", "1")
    assert (first.exit_code, first.stderr, second.exit_code, second.stderr) == (0, "", 0, "")
    third = party.run("record", "assembly", "party", "brownie-stack", "1")
    assert "records 1 brownie-stack" in third.stderr and "make none" in third.stderr


def test_a_run_for_no_event_is_not_checked_against_any_events_units(party):
    result = party.run("record", "assembly", "-", "brownie-stack", "2")
    assert (result.exit_code, result.stderr) == (0, "")
