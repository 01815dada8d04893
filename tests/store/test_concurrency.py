"""Writing commands at the same time: they take turns through lock files, and lose nothing.

Real processes, real lock files (``.plansync/locks/``, flock), real git.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from plansync.store.locks import FileLock
from plansync.formats.yamlread import parse_yaml
from tests.conftest import PROJECT, copy_example, run_cli
from tests.helpers import git

EVENT = "christmas-2026"
LOCK = f"event-{EVENT}"


def plansync(root: Path, *args: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(PROJECT)}
    return subprocess.Popen(
        [sys.executable, "-m", "plansync", "--repo", str(root), *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip


@pytest.fixture
def started(tmp_path):
    """The example repository with christmas-2026 in production, committed."""
    root = tmp_path / "plans"
    copy_example(root)
    git(root, "init", "-q")
    for step in (["lock", EVENT], ["start", EVENT]):
        assert run_cli("--repo", str(root), *step).exit_code == 0
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "in production")
    return root


def test_two_amendments_at_once_take_turns_and_both_are_logged(started):
    amendments = [
        ["amend", EVENT, "modify-batch", "fudge-brownie", "3", "--reason", "a bigger pan", "--commit"],
        ["amend", EVENT, "add-fg", "teacher-treat-bag", "2", "--reason", "two more teachers", "--commit"],
    ]
    # Hold the event's lock so both processes are surely waiting at once.
    with FileLock(started / ".plansync", LOCK):
        processes = [plansync(started, *args) for args in amendments]
        time.sleep(1.5)
        assert [p.poll() for p in processes] == [None, None]
    results = [p.communicate(timeout=60) for p in processes]
    assert [p.returncode for p in processes] == [0, 0], results
    for _out, err in results:
        assert f"waiting for another plansync (pid {os.getpid()}) that holds the {LOCK} lock..." in err
    log = parse_yaml((started / f"events/{EVENT}/amendments.yaml").read_text())
    assert sorted(a["seq"] for a in log["amendments"]) == [1, 2]
    assert {a["type"] for a in log["amendments"]} == {"modify_batch", "add_fg"}
    event = parse_yaml((started / f"events/{EVENT}/event.yaml").read_text())
    assert {"finished_unit": "fudge-brownie", "batches": 3} in [
        {k: d[k] for k in ("finished_unit", "batches")} for d in event["batch_decisions"]
    ]
    assert {"finished_good": "teacher-treat-bag", "quantity": 2} in event["finished_goods"]
    assert run_cli("--repo", str(started), "validate").exit_code == 0
    # The lock file is where the design says, and git never sees it.
    assert (started / ".plansync/locks" / f"{LOCK}.lock").is_file()
    assert git(started, "status", "--porcelain") == ""
    assert len(git(started, "log", "--format=%s").splitlines()) == 3


def test_commits_for_different_events_at_once_all_land(started):
    """Different events hold different locks; their git commits still take turns."""
    runs = [
        ["record", "production", EVENT, "chocolate-chip-cookie", "1", "--commit"],
        ["record", "production", "school-fair-2026", "cinnamon-roll", "1", "--commit"],
        ["record", "production", "-", "sugar-cookie", "1", "--commit"],
    ] * 2
    processes = [plansync(started, *args) for args in runs]
    results = [p.communicate(timeout=120) for p in processes]
    assert [p.returncode for p in processes] == [0] * len(runs), results
    assert git(started, "status", "--porcelain") == ""
    assert len(git(started, "log", "--format=%s").splitlines()) == 1 + len(runs)


def test_a_lock_left_by_a_killed_plansync_is_explained(started):
    """A real plansync killed with SIGKILL while it holds the event's lock."""
    lock_file = started / ".plansync/locks" / f"{LOCK}.lock"
    victim = plansync(started, "record", "production", EVENT, "chocolate-chip-cookie", "1")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if lock_file.exists() and lock_file.read_text().strip() == str(victim.pid):
            break  # it holds the lock now
    else:
        pytest.fail("the record command never took the lock")
    victim.send_signal(signal.SIGKILL)
    victim.communicate()
    assert lock_file.read_text().strip() == str(victim.pid)  # the pid stays behind

    after = plansync(started, "record", "production", EVENT, "sugar-cookie", "1")
    out, err = after.communicate(timeout=60)
    assert after.returncode == 0, err
    assert err == (
        f"a previous plansync (pid {victim.pid}) was interrupted while holding the {LOCK} lock; "
        "the lock was released when it ended, and what it was writing is either complete or untouched\n"
    )
    assert out.startswith("recorded production run")
    assert lock_file.read_text() == ""  # released normally: no pid left
    assert run_cli("--repo", str(started), "validate").exit_code == 0


def test_a_reader_never_sees_half_of_a_two_file_step(started):
    """Torn reads (issue 16): ``amend`` renames the log and the plan one after
    the other; a validate between the two renames saw the new plan beside the
    old log and reported false [locked-plan] problems. Readers now share the
    files lock the renames hold alone: here the test holds it, with only the
    first file renamed, and the reader waits for the second."""
    files = [started / "events" / EVENT / name for name in ("amendments.yaml", "event.yaml")]
    before = {path: path.read_bytes() if path.exists() else None for path in files}
    amend = ["amend", EVENT, "modify-batch", "fudge-brownie", "3", "--reason", "a bigger pan"]
    assert run_cli("--repo", str(started), *amend).exit_code == 0
    after = {path: path.read_bytes() for path in files}
    assert all(before[p] != after[p] for p in files)
    for path, data in before.items():
        path.unlink() if data is None else path.write_bytes(data)
    state = started / ".plansync"
    with FileLock(state, "files"):
        files[0].write_bytes(after[files[0]])  # the first rename of the step
        reader = plansync(started, "validate", "--format", "json")
        time.sleep(1.5)
        waiting = reader.poll() is None
        files[1].write_bytes(after[files[1]])  # the second
    out, err = reader.communicate(timeout=60)
    assert waiting, (out, err)
    assert reader.returncode == 0, out
    assert parse_yaml(out)["problems"] == []
