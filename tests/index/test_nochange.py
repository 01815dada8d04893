"""The no-change sync path: answered from the recorded state, yet never fooled."""

from __future__ import annotations

import json
import os
import time

from plansync.cache.store import SECTIONS


def sync(repo):
    result = repo.run("sync", "--format", "json")
    return result.exit_code, json.loads(result.stdout)


def age(root, seconds=3600):
    """Make every file look old, so the recorded stat is trusted (not racily clean)."""
    past = time.time() - seconds
    for path in root.rglob("*.yaml"):
        os.utime(path, (past, past))


def test_no_change_is_answered_from_the_state_file(example_repo):
    age(example_repo.root)
    code, first = sync(example_repo)
    assert (example_repo.root / ".plansync" / SECTIONS["sync"]).exists()
    assert sync(example_repo) == (0, {**first, "added": 0, "unchanged": first["added"]})


def test_same_size_and_restored_mtime_is_still_a_change(example_repo):
    age(example_repo.root)
    sync(example_repo)
    path = example_repo.root / "catalog/recipes/snickerdoodles.yaml"
    stat = path.stat()
    text = path.read_text()
    path.write_text(text.replace("name: Snickerdoodles", "name: Snickerdoodlez"))
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # same size, same mtime: only ctime tells
    assert sync(example_repo)[1]["changed"] == 1


def test_added_removed_and_racily_clean_files_are_seen(example_repo):
    sync(example_repo)  # files just written: racily clean, hashed again every time
    example_repo.write("catalog/ingredients/cardamom.yaml", "kind: ingredient\nslug: cardamom\nname: Cardamom\n")
    assert sync(example_repo)[1]["added"] == 1
    (example_repo.root / "catalog/ingredients/cardamom.yaml").unlink()
    assert sync(example_repo)[1]["removed"] == 1


def test_a_touched_index_or_new_settings_take_the_normal_path(example_repo):
    age(example_repo.root)
    sync(example_repo)
    example_repo.write("plansync.yaml", "version: 1\nwaste_threshold: 0.2\n")
    assert sync(example_repo)[0] == 0
    (example_repo.root / ".plansync/index.sqlite").unlink()
    for suffix in ("-wal", "-shm"):
        (example_repo.root / f".plansync/index.sqlite{suffix}").unlink(missing_ok=True)
    code, counts = sync(example_repo)
    assert counts["added"] > 100  # rebuilt from scratch, not answered from the stale state


def test_problems_are_remembered(example_repo):
    example_repo.write("catalog/ingredients/broken.yaml", "kind: ingredient\nslug: broken\n")
    age(example_repo.root)
    assert sync(example_repo)[0] == 1
    code, counts = sync(example_repo)
    assert (code, counts["problems"]) == (1, 1)


def test_the_no_change_path_does_not_import_sqlalchemy(example_repo):
    import subprocess
    import sys

    age(example_repo.root)
    code = (
        "import sys\nfrom plansync.cli.main import main\n"
        f"sys.argv = ['plansync', '--repo', {str(example_repo.root)!r}, 'sync']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('SQLALCHEMY', 'sqlalchemy' in sys.modules)\n"
    )
    # Both syncs run as fresh processes. The sync state is kept under a key
    # over plansync's own code (cache.keys.code_stamp, the newest mtime of its
    # modules, taken once per process): a sync in this long-lived test process
    # kept the stamp of when the worker first computed it, so any edit of the
    # checkout during the suite (an editor, git stash or checkout) made the
    # second process, running the new code, rightly distrust the state and
    # take the normal path.
    first = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert "added" in first.stdout, first.stderr
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout
    assert "unchanged" in out and "SQLALCHEMY False" in out


def test_a_dropped_table_is_noticed_by_the_index_digest_and_rebuilt(example_repo):
    """Issue 16: the no-change answer trusted an index whose stat was as
    recorded; a table dropped in the write-ahead log kept it. The index's
    own digest (schema and row counts) is now part of what is checked."""
    import sqlite3

    assert example_repo.run("sync").exit_code == 0
    quick = example_repo.run("sync")
    assert quick.exit_code == 0 and "unchanged" in quick.stdout
    database = example_repo.root / ".plansync/index.sqlite"
    connection = sqlite3.connect(database)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA wal_autocheckpoint=0")
    connection.execute("PRAGMA foreign_keys=OFF")
    connection.execute("DROP TABLE ingredients")
    connection.commit()
    os.utime(database, ns=(database.stat().st_atime_ns, database.stat().st_mtime_ns))
    result = example_repo.run("query", "SELECT count(*) AS n FROM ingredients", "--format", "json")
    connection.close()
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["rows"] == [{"n": 42}]
    assert result.stderr == (
        "rebuilt the index: it was changed outside plansync since the last sync (its digest differs)\n"
    )
