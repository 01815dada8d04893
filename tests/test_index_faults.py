"""A sync killed at any moment leaves the previous index; concurrent syncs serialise."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from plansync.initrepo import init_repository


def big_repo(root, files: int, tag: str = "a"):
    """A repository of ``files`` ingredients and recipes (about half each)."""
    if not (root / "plansync.yaml").exists():
        init_repository(root)
    folder = root / "catalog"
    for i in range(files // 2):
        (folder / "ingredients" / f"i{i}.yaml").write_text(f"kind: ingredient\nslug: i{i}\nname: Ingredient {i} {tag}\n")
        lines = "".join(f"  - {{ingredient: i{(i + k) % (files // 2)}, quantity: {k + 1}, unit: cup}}\n" for k in range(8))
        (folder / "recipes" / f"r{i}.yaml").write_text(f"kind: recipe\nslug: r{i}\nname: Recipe {i} {tag}\ningredients:\n{lines}")


def sync_process(root):
    return subprocess.Popen(
        [sys.executable, "-m", "plansync", "--repo", str(root), "sync", "--format", "json"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def names(root):
    connection = sqlite3.connect(f"file:{root}/.plansync/index.sqlite?mode=ro", uri=True)
    try:
        return dict(connection.execute("SELECT slug, name FROM ingredients"))
    finally:
        connection.close()


def test_sigkill_at_many_points_leaves_the_previous_index(tmp_path):
    root = tmp_path / "repo"
    big_repo(root, 1200, "old")
    assert sync_process(root).wait() == 0
    before = names(root)
    assert len(before) == 600 and set(before.values()) >= {"Ingredient 0 old"}
    big_repo(root, 1200, "new")

    started = time.monotonic()
    probe = sync_process(root)
    probe.wait()
    duration = time.monotonic() - started
    # The probe finished: put the old files back and resync so each kill starts from "old".
    big_repo(root, 1200, "old")
    assert sync_process(root).wait() == 0
    big_repo(root, 1200, "new")

    for fraction in (0.05, 0.2, 0.35, 0.5, 0.65, 0.8, 0.95):
        process = sync_process(root)
        time.sleep(duration * fraction)
        process.send_signal(signal.SIGKILL)
        process.wait()
        seen = set(names(root).values())
        # All old or all new: never a mix, never an unreadable index.
        assert seen in ({f"Ingredient {i} old" for i in range(600)}, {f"Ingredient {i} new" for i in range(600)}), fraction
        if "Ingredient 0 new" in seen:  # the kill came after the commit
            big_repo(root, 1200, "old")
            assert sync_process(root).wait() == 0
            big_repo(root, 1200, "new")
    final = sync_process(root)
    out, _ = final.communicate()
    assert final.returncode == 0
    assert set(names(root).values()) == {f"Ingredient {i} new" for i in range(600)}


def test_four_concurrent_syncs_end_with_the_right_rows(tmp_path):
    root = tmp_path / "repo"
    big_repo(root, 400, "v1")
    processes = [sync_process(root) for _ in range(4)]
    results = [(p.wait(), json.loads(p.stdout.read())) for p in processes]
    assert [code for code, _ in results] == [0, 0, 0, 0]
    assert sorted(r["added"] for _, r in results) == [0, 0, 0, 401]
    assert sum(r["unchanged"] for _, r in results) == 1203
    assert set(names(root).values()) == {f"Ingredient {i} v1" for i in range(200)}


def test_a_waiting_sync_says_what_it_waits_for(tmp_path):
    from plansync.locks import FileLock

    root = tmp_path / "repo"
    big_repo(root, 10)
    with FileLock(root / ".plansync", "sync"):
        process = sync_process(root)
        time.sleep(1.0)
        assert process.poll() is None  # still waiting
    out, err = process.communicate(timeout=60)
    assert process.returncode == 0
    assert f"waiting for another plansync (pid {os.getpid()}) that holds the sync lock" in err
