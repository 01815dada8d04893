"""A sync killed at any moment leaves the previous index; concurrent syncs serialise."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from plansync.lifecycle.init import init_repository
from tests.index_fixtures import POSTGRES


def big_repo(root, files: int, tag: str = "a"):
    """A repository of ``files`` ingredients and recipes (about half each)."""
    if not (root / "plansync.yaml").exists():
        init_repository(root)
    folder = root / "catalog"
    for i in range(files // 2):
        (folder / "ingredients" / f"i{i}.yaml").write_text(f"kind: ingredient\nslug: i{i}\nname: Ingredient {i} {tag}\n")
        lines = "".join(f"  - {{ingredient: i{(i + k) % (files // 2)}, quantity: {k + 1}, unit: cup}}\n" for k in range(8))
        (folder / "recipes" / f"r{i}.yaml").write_text(f"kind: recipe\nslug: r{i}\nname: Recipe {i} {tag}\ningredients:\n{lines}")


def sync_process(root, url: str | None = None):
    db = ["--db", url] if url else []
    return subprocess.Popen(
        [sys.executable, "-m", "plansync", "--repo", str(root), *db, "sync", "--format", "json"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def names(root):
    connection = sqlite3.connect(f"file:{root}/.plansync/index.sqlite?mode=ro", uri=True)
    try:
        return dict(connection.execute("SELECT slug, name FROM ingredients"))
    finally:
        connection.close()


#: Kill points in CI; PLANSYNC_KILL_POINTS=N for a longer run.
KILL_POINTS = int(os.environ.get("PLANSYNC_KILL_POINTS") or 20)


def variant(tag: str) -> set[str]:
    return {f"Ingredient {i} {tag}" for i in range(300)}


def test_sigkill_at_many_points_leaves_the_previous_index(tmp_path):
    """A sync killed at seeded random moments: the index is always all of
    the last committed sync, never a mix; every fifth sync runs to the end
    and must hold exactly the files. Files alternate between two versions,
    so every sync has a whole repository's worth of changes to make."""
    root = tmp_path / "repo"
    big_repo(root, 600, "old")
    assert sync_process(root).wait() == 0
    current, other = "new", "old"  # the files now say "new", the index "old"
    big_repo(root, 600, current)
    started = time.monotonic()
    probe = sync_process(root)
    assert probe.wait() == 0
    duration = time.monotonic() - started
    indexed = current  # the probe committed
    rng = random.Random(20261224)
    completed = 0
    for point in range(KILL_POINTS):
        current, other = other, current
        big_repo(root, 600, current)
        process = sync_process(root)
        if point % 5 == 4:
            assert process.wait() == 0
            indexed = current
            completed += 1
        else:
            time.sleep(rng.uniform(0.02, 1.1) * duration)
            process.send_signal(signal.SIGKILL)
            process.wait()
        seen = set(names(root).values())
        # All of one version: never a mix, never an unreadable index.
        assert seen in (variant(current), variant(other)), point
        indexed = current if seen == variant(current) else indexed
        assert seen == variant(indexed)
    final = sync_process(root)
    final.communicate()
    assert final.returncode == 0
    assert set(names(root).values()) == variant(current)
    assert completed == KILL_POINTS // 5


@pytest.mark.postgres
def test_sigkill_during_a_postgresql_sync_leaves_the_previous_index(tmp_path):
    if not POSTGRES:
        pytest.skip("PLANSYNC_TEST_POSTGRES is not set")
    from sqlalchemy import create_engine, text

    from tests.index_fixtures import _postgres_database

    admin, database, url = _postgres_database()
    try:
        root = tmp_path / "repo"
        big_repo(root, 400, "old")
        assert sync_process(root, url).wait() == 0
        engine = create_engine(url)

        def pg_names():
            with engine.connect() as connection:
                return {row[0] for row in connection.execute(text("SELECT name FROM ingredients"))}

        rng = random.Random(1224)
        current, other = "old", "new"
        for _point in range(max(4, KILL_POINTS // 4)):
            current, other = other, current
            big_repo(root, 400, current)
            process = sync_process(root, url)
            time.sleep(rng.uniform(0.05, 1.5))
            process.send_signal(signal.SIGKILL)
            process.wait()
            seen = pg_names()
            assert seen in ({f"Ingredient {i} {current}" for i in range(200)}, {f"Ingredient {i} {other}" for i in range(200)})
        assert sync_process(root, url).wait() == 0
        assert pg_names() == {f"Ingredient {i} {current}" for i in range(200)}
        engine.dispose()
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
        admin.dispose()


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
    from plansync.store.locks import FileLock

    root = tmp_path / "repo"
    big_repo(root, 10)
    with FileLock(root / ".plansync", "sync"):
        process = sync_process(root)
        time.sleep(1.0)
        assert process.poll() is None  # still waiting
    out, err = process.communicate(timeout=60)
    assert process.returncode == 0
    assert f"waiting for another plansync (pid {os.getpid()}) that holds the sync lock" in err


@pytest.mark.parametrize("rebuild", [False, True], ids=["sqlite3-writer", "sqlalchemy-path"])
def test_a_full_disk_while_the_index_is_written_is_an_error_and_the_index_stays_as_it_was(example_repo, rebuild):
    from tests.helpers import run_on_a_full_disk

    assert example_repo.run("sync").exit_code == 0
    before = names(example_repo.root)
    for i in range(1500):
        example_repo.write(f"catalog/ingredients/zz-{i}.yaml", f"kind: ingredient\nslug: zz-{i}\nname: {'Flour ' * 15}{i}\n")
    # Room for the index as it is, not for 1,500 more rows (nor its write-ahead log).
    room = (example_repo.root / ".plansync/index.sqlite").stat().st_size
    result = run_on_a_full_disk(example_repo.root, room, "sync", *(["--rebuild"] if rebuild else []))
    assert result.returncode == 1, result.stderr
    assert result.stderr.splitlines()[-1] == (
        "error: cannot write the index .plansync/index.sqlite: disk I/O error; nothing was changed in it (is the disk full?)"
    )
    assert "internal error" not in result.stderr
    assert names(example_repo.root) == before
    again = example_repo.run("sync")
    assert again.exit_code == 0 and "1500 added" in again.stdout, again.output
