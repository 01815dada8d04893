"""The batch-shortfall rule: a batch decision below the need must be accepted."""

from __future__ import annotations

import json

import pytest


def event(decision: str, finished_units: str = "  - {finished_unit: cookie, quantity: 300}") -> str:
    # 300 cookies at 48 a batch need 7 batches (336).
    return (
        "kind: event\nslug: fair\nname: Fair\ndate: 2026-10-17\noutput_mode: bulk_count\nplan_state: draft\n"
        f"finished_units:\n{finished_units}\nbatch_decisions:\n{decision}\n"
    )


@pytest.fixture
def repo(catalog):
    """The small catalog (conftest.py): cookies at 48 a batch, for the fair event."""
    return catalog


def problems(repo) -> tuple[int, list[tuple]]:
    result = repo.run("validate", "--format", "json")
    found = json.loads(result.stdout)["problems"]
    return result.exit_code, [(p["path"], p["line"], p["column"], p["severity"], p["code"], p["message"]) for p in found]


@pytest.mark.parametrize(
    "decision",
    [
        "  - {finished_unit: cookie, batches: 7}",  # exactly the need
        "  - {finished_unit: cookie, batches: 9}",  # more is fine
        "  - {finished_unit: cookie, batches: 5, accept_shortfall: true}",
    ],
)
def test_good_decisions_pass(repo, decision):
    repo.write("events/fair/event.yaml", event(decision))
    assert problems(repo) == (0, [])


def test_a_decision_below_the_need_is_an_error_at_its_batches(repo):
    repo.write("events/fair/event.yaml", event("  - {finished_unit: cookie, batches: 6}"))
    assert problems(repo) == (
        1,
        [(
            "events/fair/event.yaml", 10, 38, "error", "batch-shortfall",
            "batch decision for cookie gives 288, below the need of 300; add accept_shortfall: true",
        )],
    )  # fmt: skip
    text = repo.run("validate").stdout
    assert text == (
        "events/fair/event.yaml:10:38: error: batch decision for cookie gives 288, below the need of 300; "
        "add accept_shortfall: true [batch-shortfall]\n"
        "7 files checked: 1 error(s), 0 warning(s)\n"
    )


def test_block_style_decision_is_located_at_its_batches_value(repo):
    repo.write("events/fair/event.yaml", event("  - finished_unit: cookie\n    batches: 2"))
    assert [(line, column, code) for _p, line, column, _s, code, _m in problems(repo)[1]] == [(11, 14, "batch-shortfall")]


def test_a_broken_catalog_does_not_crash_the_rule(repo):
    # The decision names a unit nobody defines, the plan an unknown good: the
    # reference rule says so; the shortfall rule skips the event.
    repo.write(
        "events/fair/event.yaml",
        event("  - {finished_unit: ghost, batches: 1}", "  - {finished_unit: cookie, quantity: 300}\n  - {finished_unit: phantom, quantity: 2}"),
    )
    code, found = problems(repo)
    assert code == 1
    assert {c for *_rest, c, _m in found} == {"unknown-reference"}


def test_an_invalid_finished_unit_is_skipped_not_crashed_on(repo):
    repo.write("catalog/finished-units/cookie.yaml", "kind: finished_unit\nslug: cookie\nname: Cookie\nrecipe: cookies\n")
    repo.write("events/fair/event.yaml", event("  - {finished_unit: cookie, batches: 1}"))
    code, found = problems(repo)
    assert code == 1
    assert "batch-shortfall" not in {c for *_rest, c, _m in found}
