"""`plansync compare`: the baseline against the plan now."""

from __future__ import annotations

import json

import pytest

from tests.helpers import ok, refused, to_state

pytestmark = pytest.mark.usefixtures("fixed_clock")


def compare(repo, *args: str) -> dict:
    return json.loads(ok(repo, "compare", "party", "--format", "json", *args))


NO_BASELINE = {"has_baseline": False, "finished_goods": [], "batches": [], "total_changes": 0}


def test_no_baseline_before_start(party):
    assert compare(party) == NO_BASELINE
    assert ok(party, "compare", "party") == "party has no baseline yet (it is draft; `plansync start party` writes it)\n"
    to_state(party, "locked")
    assert compare(party) == NO_BASELINE


def test_right_after_start_nothing_changed(party):
    to_state(party, "in_production")
    assert compare(party) == {
        "has_baseline": True,
        "finished_goods": [
            {"finished_good": "gift-bag", "status": "unchanged", "original": 9, "current": 9},
            {"finished_good": "brownie-stack", "status": "unchanged", "original": 4, "current": 4},
        ],
        "batches": [
            {"finished_unit": "brownie", "status": "unchanged", "original": 3, "current": 3},
            {"finished_unit": "cookie", "status": "unchanged", "original": 3, "current": 3},
        ],
        "total_changes": 0,
    }


def test_after_drop_add_and_modify(party):
    to_state(party, "in_production")
    ok(party, "amend", "party", "drop-fg", "brownie-stack", "-r", "nobody asked", "--commit")
    ok(party, "amend", "party", "add-fg", "lemon-box", "2", "-r", "lemons", "--commit")
    ok(party, "amend", "party", "modify-batch", "cookie", "5", "-r", "spares", "--commit")
    expected = {
        "has_baseline": True,
        "finished_goods": [
            {"finished_good": "gift-bag", "status": "unchanged", "original": 9, "current": 9},
            {"finished_good": "brownie-stack", "status": "dropped", "original": 4, "current": None},
            {"finished_good": "lemon-box", "status": "added", "original": None, "current": 2},
        ],
        "batches": [
            # 12 bags x 2 = 24 brownies without the stacks: 2 batches
            {"finished_unit": "brownie", "status": "modified", "original": 3, "current": 2},
            {"finished_unit": "cookie", "status": "modified", "original": 3, "current": 5},
            {"finished_unit": "lemon-bar", "status": "added", "original": None, "current": 1},
        ],
        "total_changes": 5,
    }
    assert compare(party) == expected
    assert ok(party, "compare", "party") == (
        "Finished goods of party: baseline -> now\n"
        "finished good  status     original  current\n"
        "-------------  ---------  --------  -------\n"
        "gift-bag       unchanged  9         9\n"
        "brownie-stack  dropped    4\n"
        "lemon-box      added                2\n"
        "\n"
        "Batches: baseline -> now\n"
        "finished unit  status    original  current\n"
        "-------------  --------  --------  -------\n"
        "brownie        modified  3         2\n"
        "cookie         modified  3         5\n"
        "lemon-bar      added               1\n"
        "\n"
        "5 changes since the baseline\n"
    )
    # --at: as it was after the first amendment.
    assert compare(party, "--at", "HEAD~2")["total_changes"] == 2
    assert ok(party, "compare", "party", "--format", "csv").splitlines()[0] == "finished good,status,original,current"


def test_drop_of_the_only_good_using_a_unit_drops_its_batches(party):
    to_state(party, "in_production")
    ok(party, "amend", "party", "drop-fg", "gift-bag", "-r", "office party cancelled", "--commit")
    result = compare(party)
    assert result["finished_goods"][0] == {"finished_good": "gift-bag", "status": "dropped", "original": 9, "current": None}
    # 3 tins still hold gift bags: 18 cookies, 1 batch; 6 + 12 brownies, 2 batches.
    assert result["batches"] == [
        {"finished_unit": "brownie", "status": "modified", "original": 3, "current": 2},
        {"finished_unit": "cookie", "status": "modified", "original": 3, "current": 1},
    ]
    assert result["total_changes"] == 3


def test_unknown_event(party):
    assert refused(party, "compare", "nope") == "error: unknown event 'nope' (events: party)\n"
