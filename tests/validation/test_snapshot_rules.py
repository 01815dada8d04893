"""Validation of locked events: snapshot tampering, hand edits of a locked
plan, state vs snapshots, append-only logs (against git HEAD)."""

from __future__ import annotations

import json
import shutil

import pytest

from tests.conftest import PlanRepoFixture
from tests.helpers import edit, ok, to_state, valid
from tests.helpers import validate_lines as problems
from tests.party import BASELINE, EVENT, PLANNING

pytestmark = pytest.mark.usefixtures("fixed_clock")

HOW = "a locked plan changes only through `plansync amend` in production [locked-plan]"


# --- edited after creation -------------------------------------------------------------


def test_a_tampered_planning_snapshot_is_an_error_at_its_hash(party):
    to_state(party, "locked")
    edit(party, PLANNING, "quantity: 2.25", "quantity: 2")
    message = (
        "planning snapshot edited after creation: its payload no longer matches content_sha256 (recipe cookies changed); "
        f"restore it from git (`git checkout -- {PLANNING}`)"
    )
    assert problems(party) == [f"{PLANNING}:6:17: error: {message} [edited-after-creation]"]
    result = party.run("validate", "--format", "json")
    assert json.loads(result.stdout)["problems"] == [
        {"path": PLANNING, "line": 6, "column": 17, "severity": "error", "code": "edited-after-creation", "message": message}
    ]
    # Nothing is computed from a tampered snapshot.
    plan = party.run("plan", "party")
    assert (plan.exit_code, plan.stderr) == (1, f"error: cannot plan party: {PLANNING}:6:17: error: {message} [edited-after-creation]\n")


def test_a_tampered_baseline_is_an_error(party):
    to_state(party, "in_production")
    edit(party, BASELINE, "batches: 3\n      total_yield: 36", "batches: 4\n      total_yield: 48")
    assert problems(party) == [
        f"{BASELINE}:6:17: error: baseline snapshot edited after creation: its payload no longer matches content_sha256; "
        f"restore it from git (`git checkout -- {BASELINE}`) [edited-after-creation]"
    ]


def test_a_tampered_definition_frozen_by_an_amendment(party):
    to_state(party, "in_production")
    ok(party, "amend", "party", "add-fg", "lemon-box", "2", "-r", "lemons", "--commit")
    edit(party, "events/party/amendments.yaml", "{per_batch: 8}", "{per_batch: 16}")
    warning, line = problems(party)
    # The log was committed: editing it is also an append-only warning.
    assert warning.endswith("warning: amendment 1 differs from the committed version (HEAD); logs are append-only; "
                            "restore it with `git checkout HEAD -- events/party/amendments.yaml` [append-only]")
    assert line.startswith("events/party/amendments.yaml:")
    assert line.endswith(
        ": error: finished_unit lemon-bar frozen by amendment 1 was edited after creation; restore it from git [edited-after-creation]"
    )
    text = party.read("events/party/amendments.yaml").splitlines()
    row, column = (int(part) for part in line.split(":")[1:3])
    assert text[row - 2].strip() == "lemon-bar:"
    assert text[row - 1][: column - 1].strip() == "sha256:"  # at the frozen definition's own hash


# --- hand edits of a locked plan --------------------------------------------------------


def test_changed_quantity(party):
    to_state(party, "locked")
    edit(party, EVENT, "{finished_good: gift-bag, quantity: 9}", "{finished_good: gift-bag, quantity: 12}")
    assert problems(party) == [f"{EVENT}:10:41: error: gift-bag: quantity is 12 but 9 as locked; {HOW}"]


def test_added_and_removed_goods(party):
    to_state(party, "locked")
    edit(party, EVENT, "  - {finished_good: brownie-stack, quantity: 4}\n", "  - {finished_good: sampler, quantity: 2}\n")
    assert problems(party) == [
        f"{EVENT}:9:1: error: brownie-stack (4) was removed from finished_goods but is in the plan as locked; {HOW}",
        f"{EVENT}:11:5: error: sampler is not in the plan as locked; {HOW}",
    ]


def test_recipient_packages_but_not_their_status(party):
    to_state(party, "locked")
    edit(party, EVENT, "{recipient: aunt-mary, package: tin, quantity: 1, status: pending}",
         "{recipient: aunt-mary, package: tin, quantity: 1, status: delivered}")  # fmt: skip
    valid(party)
    edit(party, EVENT, "{recipient: uncle-bob, package: tin, quantity: 2", "{recipient: uncle-bob, package: tin, quantity: 3")
    assert problems(party) == [f"{EVENT}:14:52: error: uncle-bob / tin: quantity is 3 but 2 as locked; {HOW}"]


def test_draft_plans_are_free_to_change(party):
    edit(party, EVENT, "{finished_good: gift-bag, quantity: 9}", "{finished_good: gift-bag, quantity: 12}")
    valid(party)


def test_amendments_are_not_hand_edits(party):
    to_state(party, "in_production")
    ok(party, "amend", "party", "drop-fg", "brownie-stack", "-r", "nobody asked", "--commit")
    ok(party, "amend", "party", "add-fg", "lemon-box", "2", "-r", "lemons", "--commit")
    valid(party)
    edit(party, EVENT, "  - {finished_good: lemon-box, quantity: 2}\n", "  - {finished_good: lemon-box, quantity: 2}\n"
         "  - {finished_good: brownie-stack, quantity: 4}\n")  # fmt: skip
    assert problems(party) == [f"{EVENT}:12:5: error: brownie-stack is not in the plan as locked and amended; {HOW}"]


def test_batch_decisions_are_free_while_locked_and_frozen_in_production(party):
    to_state(party, "locked")
    party.write(EVENT, party.read(EVENT) + "batch_decisions:\n  - {finished_unit: cookie, batches: 4}\n")
    valid(party)
    party.commit_all("one more batch of cookies")
    ok(party, "start", "party", "--commit")
    edit(party, EVENT, "{finished_unit: cookie, batches: 4}", "{finished_unit: cookie, batches: 6}")
    frozen = "batch decisions are frozen in production (change them with `plansync amend party modify-batch`)"
    assert problems(party) == [
        f"{EVENT}:16:38: error: batch decision for cookie is 6 batches, 4 as started and amended; {frozen} [locked-plan]"
    ]
    party.git("checkout", "-q", "--", EVENT)
    ok(party, "amend", "party", "modify-batch", "cookie", "6", "-r", "spares", "--commit")
    valid(party)
    party.write(EVENT, party.read(EVENT) + "  - {finished_unit: brownie, batches: 4}\n")
    assert problems(party) == [f"{EVENT}:17:5: error: batch decision for brownie was added by hand; {frozen} [locked-plan]"]


# --- plan_state against the snapshots --------------------------------------------------


def test_draft_with_a_planning_snapshot_is_an_error(party):
    to_state(party, "locked")
    edit(party, EVENT, "plan_state: locked", "plan_state: draft")
    assert problems(party) == [
        f"{EVENT}:8:13: error: party is draft but has a planning snapshot ({PLANNING}): states move forward only; "
        "set plan_state back to locked, or remove the snapshot to re-plan from the catalog [plan-state]"
    ]


def test_locked_without_a_planning_snapshot_is_a_warning(party):
    to_state(party, "locked")
    (party.root / PLANNING).unlink()
    assert problems(party, exit_code=0) == [
        f"{EVENT}:8:13: warning: party is locked but has no planning snapshot: it is planned from the live catalog; "
        "restore snapshots/planning.yaml from git [plan-state]"
    ]
    assert json.loads(ok(party, "plan", "party", "--format", "json"))["source"] == "catalog"


def test_started_without_a_baseline_is_a_warning(party):
    to_state(party, "in_production")
    (party.root / BASELINE).unlink()
    assert problems(party, exit_code=0) == [
        f"{EVENT}:8:13: warning: party is in_production but has no baseline snapshot; `compare` has nothing to compare "
        "against (restore snapshots/baseline.yaml from git) [plan-state]"
    ]


# --- append-only logs ------------------------------------------------------------------

RUNS = "events/party/runs.yaml"


def test_a_committed_run_edited_or_removed_is_a_warning(party):
    for _ in range(3):
        ok(party, "record", "production", "party", "cookie", "1", "--commit")
    valid(party)
    text = party.read(RUNS)
    second = text.index("  - seq: 2")
    third = text.index("  - seq: 3")
    # Run 2 is removed, run 3 gets another batch count.
    party.write(RUNS, text[:second] + text[third:].replace("batches: 1", "batches: 2", 1))
    restore = f"logs are append-only; restore it with `git checkout HEAD -- {RUNS}`"
    assert problems(party, exit_code=0) == [
        f"{RUNS}:4:1: warning: production run 2 of the committed version (HEAD) was removed; {restore} [append-only]",
        f"{RUNS}:14:5: warning: production run 3 differs from the committed version (HEAD); {restore} [append-only]",
    ]
    # Appending is what logs are for.
    party.git("checkout", "-q", "--", RUNS)
    ok(party, "record", "production", "party", "cookie", "1")
    valid(party)


def test_an_edited_amendment_is_a_warning(party):
    to_state(party, "in_production")
    ok(party, "amend", "party", "drop-fg", "brownie-stack", "-r", "nobody asked", "--commit")
    edit(party, "events/party/amendments.yaml", "reason: nobody asked", "reason: too expensive")
    assert problems(party, exit_code=0) == [
        "events/party/amendments.yaml:5:5: warning: amendment 1 differs from the committed version (HEAD); logs are "
        "append-only; restore it with `git checkout HEAD -- events/party/amendments.yaml` [append-only]"
    ]


def test_new_logs_and_repositories_outside_git_are_not_compared(party, tmp_path):
    ok(party, "record", "production", "party", "cookie", "1")  # not committed: HEAD has no runs.yaml
    edit(party, RUNS, "batches: 1", "batches: 2")
    valid(party)
    copy = tmp_path / "copy"
    shutil.copytree(party.root, copy, ignore=shutil.ignore_patterns(".git"))
    valid(PlanRepoFixture(copy))
