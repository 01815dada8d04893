"""`plansync sync`: incremental, transactional, equal to a rebuild, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import shutil

import pytest
from sqlalchemy import create_engine, text

from plansync.index.urls import index_url as resolve_url
from plansync.repo.repository import PlanRepo
from tests.helpers import run_on
from tests.index_fixtures import index_url  # noqa: F401  (fixture)

TABLES = ["ingredients", "recipes", "recipe_ingredients", "recipe_components", "finished_units", "yield_options",
          "material_units", "finished_goods", "finished_good_components", "recipients", "packages",
          "package_contents", "inventory_items", "events", "event_finished_goods", "event_finished_units",
          "batch_decisions", "event_recipients"]  # fmt: skip


def sync(repo, url, *args):
    result = run_on(repo, url, "sync", "--format", "json", *args)
    return result.exit_code, json.loads(result.stdout)


def query(repo, url, sql):
    result = run_on(repo, url, "query", sql, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["rows"]


def snapshot_rows(repo, url):
    """Every entity row of the index, without generated ids."""
    engine = create_engine(url or resolve_url(PlanRepo.open(repo.root)))
    rows = {}
    with engine.connect() as connection:
        for table in TABLES:
            result = connection.execute(text(f"SELECT * FROM {table}"))
            keys = [k for k in result.keys() if k != "id"]
            rows[table] = sorted(tuple(str(r._mapping[k]) for k in keys) for r in result)
    engine.dispose()
    return rows


def test_cold_then_no_change_then_incremental(example_repo, index_url):
    repo = example_repo
    code, counts = sync(repo, index_url)
    total = counts["added"]
    assert code == 0 and total >= 100
    assert counts == {"added": total, "changed": 0, "removed": 0, "unchanged": 0, "problems": 0}
    assert sync(repo, index_url)[1] == {"added": 0, "changed": 0, "removed": 0, "unchanged": total, "problems": 0}

    repo.write("catalog/ingredients/cardamom.yaml", "kind: ingredient\nslug: cardamom\nname: Cardamom\n")
    recipe = repo.read("catalog/recipes/snickerdoodles.yaml")
    repo.write("catalog/recipes/snickerdoodles.yaml", recipe.replace("name: Snickerdoodles", "name: Snickerdoodle Cookies"))
    (repo.root / "catalog/recipients/aunt-mary.yaml").unlink() if (repo.root / "catalog/recipients/aunt-mary.yaml").exists() else None
    code, counts = sync(repo, index_url)
    assert (counts["added"], counts["changed"]) == (1, 1)
    assert counts["unchanged"] == total - 1 - counts["removed"]
    names = query(repo, index_url, "SELECT name FROM recipes WHERE slug = 'snickerdoodles'")
    assert names == [{"name": "Snickerdoodle Cookies"}]
    assert query(repo, index_url, "SELECT slug FROM ingredients WHERE slug = 'cardamom'") == [{"slug": "cardamom"}]


def test_mtime_alone_is_not_a_change(example_repo, index_url):
    sync(example_repo, index_url)
    path = example_repo.root / "catalog/recipes/snickerdoodles.yaml"
    path.write_bytes(path.read_bytes())
    import os
    import time

    os.utime(path, (time.time() + 100, time.time() + 100))
    assert sync(example_repo, index_url)[1]["changed"] == 0


def test_removed_file_removes_its_rows_and_dependents_are_left_out(example_repo, index_url):
    repo = example_repo
    sync(repo, index_url)
    recipients = query(repo, index_url, "SELECT slug, file_path FROM recipients ORDER BY slug")
    victim = recipients[0]
    (repo.root / victim["file_path"]).unlink()
    code, counts = sync(repo, index_url)
    assert code == 1
    assert counts["removed"] == 1 and counts["problems"] == 1  # the event that names the recipient
    assert query(repo, index_url, f"SELECT slug FROM recipients WHERE slug = '{victim['slug']}'") == []
    assert query(repo, index_url, "SELECT slug FROM events WHERE slug = 'christmas-2026'") == []
    assert query(repo, index_url, "SELECT indexed FROM files WHERE path = 'events/christmas-2026/event.yaml'") in (
        [{"indexed": 0}], [{"indexed": False}])  # fmt: skip
    # Fixing the event brings its rows back, though the event file itself did not change.
    repo.write(victim["file_path"], f"kind: recipient\nslug: {victim['slug']}\nname: Back again\n")
    code, counts = sync(repo, index_url)
    assert code == 0 and counts["added"] == 1
    assert query(repo, index_url, "SELECT slug FROM events WHERE slug = 'christmas-2026'") == [{"slug": "christmas-2026"}]


def test_file_with_problems_is_counted_and_left_out(example_repo, index_url):
    repo = example_repo
    repo.write("catalog/ingredients/broken.yaml", "kind: ingredient\nslug: broken\nname: [unclosed\n")
    code, counts = sync(repo, index_url)
    assert code == 1 and counts["problems"] == 1
    assert query(repo, index_url, "SELECT path, indexed FROM files WHERE path LIKE '%broken%'")[0]["path"] == "catalog/ingredients/broken.yaml"
    assert query(repo, index_url, "SELECT slug FROM ingredients WHERE slug = 'broken'") == []
    # still a problem on a no-change sync, and still exit 1
    assert sync(repo, index_url) == (1, {"added": 0, "changed": 0, "removed": 0, "unchanged": counts["added"], "problems": 1})


def test_rebuild_equals_incremental_and_deleting_the_index_is_harmless(example_repo, index_url):
    repo = example_repo
    sync(repo, index_url)
    repo.write("catalog/ingredients/cardamom.yaml", "kind: ingredient\nslug: cardamom\nname: Cardamom\n")
    event = repo.read("events/school-fair-2026/event.yaml")
    repo.write("events/school-fair-2026/event.yaml", event.replace("quantity: 120", "quantity: 144"))
    sync(repo, index_url)
    incremental = snapshot_rows(repo, index_url)
    code, counts = sync(repo, index_url, "--rebuild")
    assert code == 0 and counts["added"] == counts["added"]
    assert snapshot_rows(repo, index_url) == incremental
    if index_url is None:
        shutil.rmtree(repo.root / ".plansync")
        sync(repo, index_url)
        assert snapshot_rows(repo, index_url) == incremental


def test_foreign_keys_are_enforced_and_indexed(example_repo, index_url):
    sync(example_repo, index_url)
    from sqlalchemy import inspect

    engine = create_engine(index_url or resolve_url(PlanRepo.open(example_repo.root)))
    inspector = inspect(engine)
    for table in TABLES:
        indexed = {tuple(ix["column_names"]) for ix in inspector.get_indexes(table)}
        for fk in inspector.get_foreign_keys(table):
            assert tuple(fk["constrained_columns"]) in indexed, (table, fk)
    if index_url is None:
        with engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA foreign_keys=ON")
            with pytest.raises(Exception, match="FOREIGN KEY"):
                connection.exec_driver_sql(
                    "INSERT INTO recipe_ingredients (file_path, recipe, position, ingredient, quantity, unit) "
                    "VALUES ('inventory.yaml', 'no-such-recipe', 0, 'nothing', 1, 'cup')"
                )
                connection.commit()
    engine.dispose()


def test_index_from_another_version_is_rebuilt(example_repo, index_url):
    sync(example_repo, index_url)
    engine = create_engine(index_url or resolve_url(PlanRepo.open(example_repo.root)))
    with engine.begin() as connection:
        connection.execute(text("UPDATE meta SET value = '0' WHERE key = 'schema_version'"))
        connection.execute(text("UPDATE recipes SET name = 'stale' WHERE slug = 'snickerdoodles'"))
    engine.dispose()
    result = run_on(example_repo, index_url, "sync")
    assert "rebuilt the index: the index was written by another plansync version" in result.stderr
    assert query(example_repo, index_url, "SELECT name FROM recipes WHERE slug = 'snickerdoodles'") == [{"name": "Snickerdoodles"}]


def test_corrupt_sqlite_index_is_rebuilt_with_a_message(example_repo):
    example_repo.run("sync")
    (example_repo.root / ".plansync/index.sqlite").write_bytes(b"this is not a database" * 100)
    for suffix in ("-wal", "-shm"):
        (example_repo.root / f".plansync/index.sqlite{suffix}").unlink(missing_ok=True)
    result = example_repo.run("sync")
    assert result.exit_code == 0
    assert "unreadable" in result.stderr and "rebuilding it from the files" in result.stderr
    assert "added" in result.stdout


def test_sync_outside_a_repository_is_one_line(tmp_path):
    from tests.conftest import run_cli

    result = run_cli("--repo", str(tmp_path), "sync")
    assert result.exit_code == 1 and "not a plan repository" in result.stderr


def test_the_sqlalchemy_path_uses_core_without_the_orm(example_repo, index_url):
    """A server's index, or a local one rebuilt, is written with SQLAlchemy
    Core: importing the ORM would cost every such sync about 0.1 s."""
    import subprocess
    import sys

    db = ["--db", index_url] if index_url else []
    rebuild = [] if index_url else ["--rebuild"]  # a local index is otherwise the sqlite3 writer's
    sync(example_repo, index_url)
    example_repo.write("catalog/ingredients/cardamom.yaml", "kind: ingredient\nslug: cardamom\nname: Cardamom\n")
    probe = (
        "import sys\nfrom plansync.cli.main import main\n"
        f"sys.argv = ['plansync', '--repo', {str(example_repo.root)!r}, *{db!r}, 'sync', '--history', *{rebuild!r}]\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('IMPORTED', 'sqlalchemy' in sys.modules, 'sqlalchemy.orm' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert out.splitlines()[-1] == "IMPORTED True False"
    assert query(example_repo, index_url, "SELECT slug FROM ingredients WHERE slug = 'cardamom'") == [{"slug": "cardamom"}]
    assert query(example_repo, index_url, "SELECT count(*) AS n FROM versions")[0]["n"] > 100
