"""A production run edited by hand: more than its expected yield, or a loss status its yields do not give."""

from __future__ import annotations

import json

import pytest

from tests.conftest import PlanRepoFixture
from tests.helpers import edit, ok
from tests.helpers import validate_lines as problems

pytestmark = pytest.mark.usefixtures("fixed_clock")

RUNS = "events/party/runs.yaml"


@pytest.fixture
def baked(party: PlanRepoFixture) -> PlanRepoFixture:
    """Two batches of 24 cookies recorded, 40 came out."""
    ok(party, "record", "production", "party", "cookie", "2", "--actual-yield", "40")
    return party


def test_recorded_runs_are_clean(baked):
    ok(baked, "record", "production", "party", "cookie", "1")
    ok(baked, "record", "production", "party", "cookie", "1", "--actual-yield", "0")
    assert problems(baked, exit_code=0) == []


def test_more_than_the_expected_yield_is_an_error_at_the_actual_yield(baked):
    edit(baked, RUNS, "actual_yield: 40", "actual_yield: 50")
    assert problems(baked) == [
        f"{RUNS}:11:19: error: production run 1 (cookie): actual yield 50 is more than the expected 48; "
        "record the extra batches as a run of their own [run-yield]"
    ]


def test_a_loss_status_the_yields_do_not_give_is_an_error_at_the_status(baked):
    edit(baked, RUNS, "loss_status: partial_loss", "loss_status: complete")
    assert problems(baked) == [
        f"{RUNS}:12:18: error: production run 1 (cookie): 40 of 48 came out, which is partial_loss, not complete [run-yield]"
    ]
    edit(baked, RUNS, "actual_yield: 40", "actual_yield: 0")
    result = baked.run("validate", "--format", "json")
    assert [(p["line"], p["column"], p["code"], p["message"]) for p in json.loads(result.stdout)["problems"]] == [
        (12, 18, "run-yield", "production run 1 (cookie): 0 of 48 came out, which is total_loss, not complete")
    ]


def test_a_mended_run_is_clean_again_after_an_incremental_check(baked):
    ok(baked, "validate")  # records the reference index: the next check is incremental
    edit(baked, RUNS, "actual_yield: 40", "actual_yield: 50")
    assert len(problems(baked)) == 1
    edit(baked, RUNS, "actual_yield: 50", "actual_yield: 48")
    edit(baked, RUNS, "loss_status: partial_loss", "loss_status: complete")
    assert problems(baked, exit_code=0) == []
