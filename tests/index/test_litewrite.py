"""The index as a sync leaves it, whichever path wrote it: the sqlite3 writer
for a local index (no SQLAlchemy import), SQLAlchemy Core for a server or an
index to create again; incremental syncs equal a rebuild row for row."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys

from sqlalchemy import create_engine, text

from plansync.cache.store import SECTIONS
from plansync.index import compiled
from plansync.index.urls import index_url as resolve_url
from plansync.repo.repository import PlanRepo
from tests.helpers import edit, ok, run_on
from tests.index_fixtures import index_url  # noqa: F401  (fixture)

EVENT = "christmas-2026"


def sync(repo, url, *args):
    result = run_on(repo, url, "sync", "--format", "json", *args)
    return result.exit_code, json.loads(result.stdout)


def every_row(repo, url) -> dict[str, list[tuple]]:
    """Every row of every table, sorted, without what differs by nature from
    one sync to the next: child rows' ids, when a file was indexed (only that
    it is a date-time) and a server index's generation. On SQLite each value
    comes with its storage class, so 6 and 6.0 or 1 and '1' would differ."""
    engine = create_engine(url or resolve_url(PlanRepo.open(repo.root)))
    sqlite = engine.dialect.name == "sqlite"
    rows = {}
    with engine.connect() as connection:
        for table in compiled.TABLES:
            columns = [f'"{name}"' for name in compiled.INSERT[table][1] if name != "indexed_at"]
            if sqlite:
                columns = [f"typeof({c}), {c}" for c in columns]
            if table == "files":
                columns.append("indexed_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9] [0-9][0-9]:*'" if sqlite
                               else "indexed_at IS NOT NULL")  # fmt: skip
            found = connection.execute(text(f"SELECT {', '.join(columns)} FROM {table}"))
            rows[table] = sorted((tuple(str(v) for v in row) for row in found), key=repr)
    engine.dispose()
    rows["meta"] = [row for row in rows["meta"] if "generation" not in row]
    return rows


def in_production(repo) -> None:
    """The example with a row in every table: a snapshot, an amendment, runs."""
    for command in (("lock", EVENT), ("start", EVENT), ("amend", EVENT, "modify-batch", "sugar-cookie", "2", "-r", "extra"),
                    ("record", "production", EVENT, "chocolate-chip-cookie", "2"),
                    ("record", "assembly", EVENT, "holiday-gift-bag", "1")):  # fmt: skip
        ok(repo, *command)
    shutil.rmtree(repo.root / ".plansync", ignore_errors=True)


def assert_incremental_equals_rebuild(repo, url) -> dict[str, list[tuple]]:
    incremental = every_row(repo, url)
    code, counts = sync(repo, url, "--rebuild")
    assert counts["changed"] == 0 and counts["unchanged"] == 0  # everything written again
    assert every_row(repo, url) == incremental
    return incremental


def test_incremental_syncs_leave_the_rows_a_rebuild_writes(example_repo, index_url):
    repo, url = example_repo, index_url
    in_production(repo)
    assert sync(repo, url)[0] == 0
    first = assert_incremental_equals_rebuild(repo, url)
    assert [table for table, rows in first.items() if not rows] == ["versions"]  # every table is compared

    repo.write("catalog/ingredients/cardamom.yaml", "kind: ingredient\nslug: cardamom\nname: Cardamom\n")
    edit(repo, "catalog/recipes/snickerdoodles.yaml", "name: Snickerdoodles", "name: Snickerdoodle Cookies")
    edit(repo, "purchases.yaml", "packages: 2,", "packages: 2.5,")
    recipient = repo.read("catalog/recipients/aunt-mary.yaml")
    (repo.root / "catalog/recipients/aunt-mary.yaml").unlink()  # the events naming her are left out
    repo.write("catalog/ingredients/broken.yaml", "kind: ingredient\nslug: broken\n")
    code, counts = sync(repo, url)
    assert (code, counts["added"], counts["changed"], counts["removed"]) == (1, 2, 2, 1)
    changed = assert_incremental_equals_rebuild(repo, url)
    assert changed != first

    repo.write("catalog/recipients/aunt-mary.yaml", recipient)  # the events come back though they did not change
    (repo.root / "catalog/ingredients/broken.yaml").unlink()
    assert sync(repo, url)[0] == 0
    mended = assert_incremental_equals_rebuild(repo, url)
    assert mended["events"] == first["events"] and mended["files"] != changed["files"]


def test_a_local_index_is_written_without_importing_sqlalchemy(example_repo):
    probe = (
        "import sys\nfrom plansync.cli.main import main\n"
        f"sys.argv = ['plansync', '--repo', {str(example_repo.root)!r}, 'sync', '--format', 'json']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('SQLALCHEMY', sorted(m for m in sys.modules if m.split('.')[0] == 'sqlalchemy'))\n"
    )

    def child() -> tuple[dict, str]:
        out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
        counts, imported = out.rsplit("SQLALCHEMY ", 1)
        return json.loads(counts), imported.strip()

    cold, imported = child()  # no index yet: created from the compiled statements
    assert (cold["added"] > 100, imported) == (True, "[]")
    edit(example_repo, "catalog/recipes/snickerdoodles.yaml", "name: Snickerdoodles", "name: Snickerdoodle Cookies")
    one, imported = child()
    assert (one["changed"], imported) == (1, "[]")
    names = example_repo.run("query", "SELECT name FROM recipes WHERE slug = 'snickerdoodles'", "--format", "json")
    assert json.loads(names.stdout)["rows"] == [{"name": "Snickerdoodle Cookies"}]


def test_a_first_sync_leaves_every_index_create_all_makes(example_repo, tmp_path):
    """The sqlite3 writer builds a new index's secondary indexes after its rows."""
    from plansync.index import models

    ok(example_repo, "sync")
    engine = create_engine(f"sqlite:///{tmp_path / 'orm.sqlite'}")
    models.metadata.create_all(engine)
    engine.dispose()

    def schema(path) -> list[tuple]:
        with sqlite3.connect(path) as connection:
            return connection.execute("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name").fetchall()

    synced = schema(example_repo.root / ".plansync" / "index.sqlite")
    assert synced == schema(tmp_path / "orm.sqlite")
    assert sum(1 for kind, *_ in synced if kind == "index") > 50
    plan = example_repo.run("query", "SELECT count(*) AS n FROM recipes INDEXED BY ix_recipes_file_path", "--format", "json")
    assert json.loads(plan.stdout)["rows"][0]["n"] > 0


def test_an_index_missing_a_table_is_completed_by_the_sqlalchemy_path(example_repo):
    repo = example_repo
    sync(repo, None)
    database = repo.root / ".plansync/index.sqlite"
    with sqlite3.connect(database) as connection:
        connection.execute("DROP TABLE yield_options")
    (repo.root / ".plansync" / SECTIONS["sync"]).unlink()  # no recorded digest to call it damaged
    edit(repo, "catalog/recipes/snickerdoodles.yaml", "name: Snickerdoodles", "name: Snickerdoodle Cookies")
    code, counts = sync(repo, None)
    assert (code, counts["changed"], counts["problems"]) == (0, 1, 0)
    with sqlite3.connect(database) as connection:
        assert connection.execute("SELECT count(*) FROM yield_options").fetchone() == (0,)  # created again


def test_an_index_that_cannot_be_created_is_refused_in_one_line(example_repo, tmp_path):
    (tmp_path / "afile").write_text("not a folder\n")
    url = f"sqlite:///{tmp_path / 'afile' / 'index.sqlite'}"
    result = example_repo.run("--db", url, "sync")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: cannot open the index at {url}: ")
    assert len(result.stderr.splitlines()) == 1
