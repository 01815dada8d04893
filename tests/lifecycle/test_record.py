"""`plansync record production|assembly`: appending runs, and refusing them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from plansync.store import clock
from plansync.formats.canonical import content_sha256
from plansync.formats.yamlread import parse_yaml

RUNS = "events/christmas-2026/runs.yaml"


@pytest.fixture(autouse=True)
def _fixed_clock(monkeypatch):
    monkeypatch.setattr(clock, "utc_now", lambda: "2026-12-12T09:00:00Z")


def definition_hash(repo, path: str) -> str:
    return content_sha256(parse_yaml(repo.read(path)))


def files(root: Path) -> dict[str, bytes]:
    """Every file of the repository except git's and the local state."""
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in root.rglob("*")
        if p.is_file() and not p.relative_to(root).parts[0] in (".git", ".plansync")
    }


def test_production_runs_append_with_increasing_seq(example_repo):
    first = example_repo.run("record", "production", "christmas-2026", "chocolate-chip-cookie", "2")
    assert first.exit_code == 0, first.stderr
    assert first.stdout == (
        "recorded production run 1 for christmas-2026: chocolate-chip-cookie, 2 batches, 192 of 192 (complete)\n"
    )
    second = example_repo.run(
        "record", "production", "christmas-2026", "chocolate-chip-cookie", "1", "--actual-yield", "90", "--format", "json"
    )
    assert second.exit_code == 0
    snapshot = definition_hash(example_repo, "catalog/finished-units/chocolate-chip-cookie.yaml")
    assert json.loads(second.stdout) == {
        "seq": 2,
        "at": "2026-12-12T09:00:00Z",
        "finished_unit": "chocolate-chip-cookie",
        "recipe": "chocolate-chip-cookies",
        "batches": 1,
        "expected_yield": 96,  # the plan's option: 96 per (double) batch
        "actual_yield": 90,
        "loss_status": "partial_loss",
        "snapshot": snapshot,
    }
    log = parse_yaml(example_repo.read(RUNS))
    assert log["kind"] == "runs" and log["event"] == "christmas-2026"
    assert [run["seq"] for run in log["production"]] == [1, 2]
    assert example_repo.read(RUNS).startswith("# yaml-language-server: $schema=../../.schemas/runs.schema.json\n")
    assert example_repo.run("validate").exit_code == 0


def test_total_loss(example_repo):
    result = example_repo.run("record", "production", "christmas-2026", "fudge-brownie", "1", "--actual-yield", "0")
    assert result.stdout == "recorded production run 1 for christmas-2026: fudge-brownie, 1 batch, 0 of 48 (total_loss)\n"


def test_assembly_runs_append_and_keep_comments(example_repo):
    assert example_repo.run("record", "assembly", "christmas-2026", "holiday-gift-bag", "10").exit_code == 0
    # A baker's note in the log survives the next append.
    example_repo.write(RUNS, example_repo.read(RUNS) + "# the church bags are done\n")
    result = example_repo.run("record", "assembly", "christmas-2026", "wrapped-brownie", "24")
    assert result.stdout == "recorded assembly run 2 for christmas-2026: 24 x wrapped-brownie\n"
    text = example_repo.read(RUNS)
    assert "# the church bags are done\n" in text
    log = parse_yaml(text)
    assert log["assembly"][1] == {
        "seq": 2,
        "at": "2026-12-12T09:00:00Z",
        "finished_good": "wrapped-brownie",
        "quantity": 24,
        "snapshot": definition_hash(example_repo, "catalog/finished-goods/wrapped-brownie.yaml"),
    }
    # Production is numbered on its own.
    after = example_repo.run("record", "production", "christmas-2026", "fudge-brownie", "1")
    assert after.stdout.startswith("recorded production run 1 for christmas-2026:")


def test_a_run_for_no_event_goes_to_the_root_log(example_repo):
    result = example_repo.run("record", "production", "-", "chocolate-chip-cookie", "1")
    # No plan to follow: the unit's first option, 48 per batch.
    assert result.stdout == "recorded production run 1 for no event: chocolate-chip-cookie, 1 batch, 48 of 48 (complete)\n"
    log = parse_yaml(example_repo.read("runs.yaml"))
    assert (log["kind"], log["event"], log["production"][0]["expected_yield"]) == ("runs", None, 48)
    assert not (example_repo.root / RUNS).exists()
    progress = json.loads(example_repo.run("progress", "christmas-2026", "--format", "json").stdout)
    assert progress["status"] == "not_started"
    assert example_repo.run("record", "production", "-", "sugar-cookie", "1").stdout.startswith("recorded production run 2 for no event")


REFUSALS = [
    (["production", "xmas", "chocolate-chip-cookie", "1"], "unknown event 'xmas' (events: christmas-2026, school-fair-2026)"),
    (["production", "../etc", "chocolate-chip-cookie", "1"], "unknown event '../etc' (events: christmas-2026, school-fair-2026)"),
    (["production", "christmas-2026", "choc-chip-cookie", "1"], "unknown finished unit 'choc-chip-cookie'; did you mean 'chocolate-chip-cookie'?"),
    (["assembly", "christmas-2026", "gift-bag-deluxe", "1"], "unknown finished good 'gift-bag-deluxe'"),
    (["production", "christmas-2026", "chocolate-chip-cookie", "0"], "production of chocolate-chip-cookie: batches must be a whole number above 0, not 0"),
    (["assembly", "christmas-2026", "holiday-gift-bag", "0"], "assembly of holiday-gift-bag: quantity must be a whole number above 0, not 0"),
    (
        ["production", "christmas-2026", "chocolate-chip-cookie", "1", "--actual-yield", "97"],
        "production of chocolate-chip-cookie: actual yield 97 is more than the expected 96 (1 batches x 96); record more batches instead",
    ),
    (["production", "-", "no-such-unit", "1"], "unknown finished unit 'no-such-unit'"),
    # A counted unit comes out in whole items (the first step that takes the number refuses a fraction).
    (
        ["production", "christmas-2026", "chocolate-chip-cookie", "1", "--actual-yield", "0.5"],
        "production of chocolate-chip-cookie: actual yield 0.5 is not a whole number; "
        "chocolate-chip-cookie is counted in whole cookies, give how many came out (0 or more)",
    ),
    (
        ["production", "-", "gingerbread-person", "1", "--actual-yield", "23/2"],
        "production of gingerbread-person: actual yield 11.5 is not a whole number; "
        "gingerbread-person is counted in whole cookies, give how many came out (0 or more)",
    ),
]


@pytest.mark.parametrize(("args", "message"), REFUSALS)
def test_refusals_are_one_line_and_change_no_file(example_repo, args, message):
    example_repo.run("record", "production", "christmas-2026", "chocolate-chip-cookie", "1")
    before = files(example_repo.root)
    result = example_repo.run("record", *args)
    assert result.exit_code == 1
    assert result.stderr == f"error: {message}\n"
    assert result.stdout == ""
    assert files(example_repo.root) == before


def test_runs_are_refused_once_an_event_is_completed(example_repo):
    event = "events/christmas-2026/event.yaml"
    example_repo.write(event, example_repo.read(event).replace("plan_state: draft", "plan_state: completed"))
    before = files(example_repo.root)
    for args in (["production", "christmas-2026", "fudge-brownie", "1"], ["assembly", "christmas-2026", "wrapped-brownie", "1"]):
        result = example_repo.run("record", *args)
        assert result.exit_code == 1
        assert result.stderr == "error: event 'christmas-2026' is completed: runs are refused once an event is completed\n"
    assert files(example_repo.root) == before


@pytest.mark.parametrize("batches", ["two", "1.5"])
def test_batches_that_is_not_a_whole_number_is_a_malformed_call(example_repo, batches):
    result = example_repo.run("record", "production", "christmas-2026", "chocolate-chip-cookie", batches)
    assert result.exit_code == 2
    assert not (example_repo.root / RUNS).exists()


def test_actual_yield_that_is_not_a_number_is_a_malformed_call(example_repo):
    result = example_repo.run("record", "production", "christmas-2026", "fudge-brownie", "1", "--actual-yield", "lots")
    assert result.exit_code == 2
    assert "'lots' is not a number" in result.stderr


def test_a_broken_run_log_is_named_and_left_alone(example_repo):
    example_repo.write(RUNS, "kind: runs\nevent: christmas-2026\nproduction:\n  - seq: one\n")
    before = files(example_repo.root)
    result = example_repo.run("record", "production", "christmas-2026", "fudge-brownie", "1")
    assert result.exit_code == 1
    assert result.stderr.startswith("error: cannot record a run for christmas-2026: ")
    assert "events/christmas-2026/runs.yaml:4:5:" in result.stderr
    assert files(example_repo.root) == before


def test_a_run_log_of_another_event_in_the_folder_is_refused(example_repo):
    example_repo.write(RUNS, "kind: runs\nevent: school-fair-2026\n")
    result = example_repo.run("record", "assembly", "christmas-2026", "holiday-gift-bag", "1")
    assert result.exit_code == 1
    assert result.stderr == (
        "error: events/christmas-2026/runs.yaml is the run log of event 'school-fair-2026', not of christmas-2026\n"
    )


def test_csv_prints_the_run_as_a_row(example_repo):
    result = example_repo.run("record", "assembly", "christmas-2026", "holiday-gift-bag", "3", "--format", "csv")
    header, values = result.stdout.splitlines()
    assert header == "seq,at,finished_good,quantity,snapshot"
    assert values.startswith("1,2026-12-12T09:00:00Z,holiday-gift-bag,3,")


def test_concurrent_records_lose_no_run(example_repo):
    """Four bakers recording at once: the event lock serialises them."""
    import os
    import subprocess
    import sys

    from tests.conftest import PROJECT

    env = {**os.environ, "PYTHONPATH": str(PROJECT)}
    command = [sys.executable, "-m", "plansync", "--repo", str(example_repo.root), "record", "production", "christmas-2026"]
    processes = [
        subprocess.Popen([*command, unit, "1"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for unit in ("fudge-brownie", "sugar-cookie", "snickerdoodle", "fudge-square")
    ]
    for process in processes:
        _out, err = process.communicate(timeout=60)
        assert process.returncode == 0, err
    log = parse_yaml(example_repo.read(RUNS))
    assert sorted(run["seq"] for run in log["production"]) == [1, 2, 3, 4]
    assert {run["finished_unit"] for run in log["production"]} == {"fudge-brownie", "sugar-cookie", "snickerdoodle", "fudge-square"}
