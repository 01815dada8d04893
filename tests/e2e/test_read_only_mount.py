"""A plan repository on a read-only file system, mounted for real (issue 16).

The example repository is bind-mounted read-only in a private mount
namespace (``unshare -m``, which needs root or CAP_SYS_ADMIN; the tests skip
where a mount cannot be made), with no ``.plansync/`` folder, and plansync
runs in it as a real process. Commands that only read work; the index goes
elsewhere with ``--db``, and the messages say so; commands that write say
the file system is read-only (not that ``.plansync/`` should be writable).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import PROJECT

#: Runs inside the mount namespace: mount, run each command, print the results as JSON.
INSIDE = r"""
import json, os, subprocess, sys
source, mount, before, after = sys.argv[1], sys.argv[2], json.loads(sys.argv[3]), json.loads(sys.argv[4])
subprocess.run(["mount", "--bind", source, mount], check=True)
def run(commands):
    return [
        subprocess.run([sys.executable, "-m", "plansync", "--repo", mount, *args], capture_output=True, text=True).__dict__
        for args in commands
    ]
results = run(before)
subprocess.run(["mount", "-o", "remount,bind,ro", mount], check=True)
try:
    open(os.path.join(mount, "probe"), "w")
    sys.exit("the mount is writable")
except OSError:
    pass
results += run(after)
print(json.dumps([{k: r[k] for k in ("args", "returncode", "stdout", "stderr")} for r in results]))
"""


def _can_mount() -> bool:
    if shutil.which("unshare") is None or shutil.which("mount") is None:
        return False
    probe = subprocess.run(["unshare", "-m", "mount", "-t", "tmpfs", "none", "/mnt"], capture_output=True)
    return probe.returncode == 0


pytestmark = pytest.mark.skipif(not _can_mount(), reason="a read-only mount needs unshare -m (root or CAP_SYS_ADMIN)")


def read_only(source: Path, mount: Path, after: list[list[str]], before: list[list[str]] = ()) -> list[dict]:
    """Run ``before`` with ``source`` mounted at ``mount`` writable, then ``after`` read-only."""
    mount.mkdir()
    env = {**os.environ, "PYTHONPATH": str(PROJECT)}
    env.pop("PLANSYNC_DB", None)
    done = subprocess.run(
        ["unshare", "-m", sys.executable, "-c", INSIDE, str(source), str(mount), json.dumps(list(before)), json.dumps(after)],
        capture_output=True, text=True, env=env, timeout=300, check=True,
    )  # fmt: skip
    return json.loads(done.stdout)[len(before):]


def test_reading_commands_work_and_the_index_goes_elsewhere(example_repo, tmp_path):
    mount = tmp_path / "mounted"
    elsewhere = tmp_path / "index.sqlite"
    db = ["--db", f"sqlite:///{elsewhere}"]
    validate, plan, shopping, progress, sync, query, sync_db, query_db = read_only(example_repo.root, mount, [
        ["validate"], ["plan", "christmas-2026"], ["shopping", "christmas-2026", "--format", "json"],
        ["progress", "christmas-2026"], ["sync"], ["query", "select count(*) as n from events"],
        [*db, "sync"], [*db, "query", "select count(*) as n from events", "--format", "json"],
    ])  # fmt: skip
    for result in (validate, plan, shopping, progress):
        assert (result["returncode"], result["stderr"]) == (0, ""), result
    assert validate["stdout"].endswith("0 error(s), 0 warning(s)\n")
    assert any(item["ingredient"] == "all-purpose-flour" for item in json.loads(shopping["stdout"])["items"])
    advice = (
        "error: cannot make or update the index .plansync/index.sqlite: the repository is on a read-only file "
        "system; give an index outside the repository, e.g. --db sqlite:////tmp/plansync-index.sqlite (or set "
        "PLANSYNC_DB)\n"
    )
    for result in (sync, query):
        assert (result["returncode"], result["stdout"], result["stderr"]) == (1, "", advice)
    assert sync_db["returncode"] == 0, sync_db["stderr"]
    assert sync_db["stdout"].startswith("synced: ") and " added" in sync_db["stdout"]
    assert (query_db["returncode"], json.loads(query_db["stdout"])["rows"]) == (0, [{"n": 2}]), query_db
    assert elsewhere.is_file()
    assert not (example_repo.root / ".plansync").exists()


def test_writing_commands_say_the_file_system_is_read_only(example_repo, tmp_path):
    mount = tmp_path / "mounted"
    record, lock, init = read_only(example_repo.root, mount, [
        ["record", "production", "christmas-2026", "fudge-brownie", "1"], ["lock", "christmas-2026"],
        ["init", str(mount / "new")],
    ])  # fmt: skip
    for result, lock_name in ((record, "event-christmas-2026"), (lock, "event-christmas-2026")):
        assert (result["returncode"], result["stdout"]) == (1, "")
        assert result["stderr"] == (
            f"error: cannot create the lock file {mount}/.plansync/locks/{lock_name}.lock: the repository is on a "
            "read-only file system, so nothing can be written in it: run this command in a writable clone "
            "(commands that only read, such as validate, plan and shopping, work here)\n"
        )
    assert (init["returncode"], init["stderr"]) == (
        1, f"error: cannot create the plan repository {mount}/new: Read-only file system\n"
    )  # fmt: skip
    assert example_repo.git("status", "--porcelain", "--ignored") == ""


def test_an_index_synced_before_the_mount_still_answers(example_repo, tmp_path):
    mount = tmp_path / "mounted"
    (query,) = read_only(
        example_repo.root, mount,
        [["query", "select count(*) as n from events", "--format", "json"]],
        before=[["sync"]],
    )  # fmt: skip
    assert (query["returncode"], query["stderr"]) == (0, "")
    assert json.loads(query["stdout"])["rows"] == [{"n": 2}]
