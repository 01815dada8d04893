"""`plansync export --to csv --output DIR`: one CSV per index table, the rows a sync writes."""

from __future__ import annotations

import csv
import os
import sqlite3

from plansync.index.rows import INSERT_ORDER


def _read(path):
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    return rows[0], rows[1:]


def _normal(value):
    """A cell as text, numbers as numbers (the database keeps whole counts
    as it keeps them; booleans as 0/1), so a CSV cell and a column compare."""
    if value is None or value == "":
        return ""
    if value in ("true", "false"):
        return float(value == "true")
    try:
        return float(value)
    except (TypeError, ValueError):
        return str(value)


def test_one_file_per_index_table_holding_what_sync_indexes(example_repo, tmp_path):
    out = tmp_path / "tables"
    result = example_repo.run("export", "--to", "csv", "--output", str(out))
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert result.stderr == f"wrote {len(INSERT_ORDER)} file(s) into {out}\n"
    assert sorted(os.listdir(out)) == sorted(f"{table.name}.csv" for table in INSERT_ORDER)

    assert example_repo.run("sync").exit_code == 0
    database = sqlite3.connect(example_repo.root / ".plansync" / "index.sqlite")
    for table in INSERT_ORDER:
        header, rows = _read(out / f"{table.name}.csv")
        assert header == [c.name for c in table.columns if c.name != "id"], table.name
        indexed = database.execute(f"select {', '.join(header)} from {table.name}").fetchall()  # noqa: S608
        assert sorted(tuple(map(_normal, row)) for row in rows) == sorted(tuple(map(_normal, row)) for row in indexed), table.name
    database.close()


def test_rows_are_sorted_by_key_and_empty_tables_keep_their_header(example_repo, tmp_path):
    out = tmp_path / "tables"
    assert example_repo.run("export", "--to", "csv", "-o", str(out)).exit_code == 0
    header, rows = _read(out / "recipes.csv")
    assert header[:3] == ["slug", "file_path", "name"]
    slugs = [row[0] for row in rows]
    assert slugs == sorted(slugs) and "sugar-cookies" in slugs
    header, rows = _read(out / "recipe_ingredients.csv")
    assert header[:3] == ["file_path", "recipe", "position"]
    assert rows == sorted(rows, key=lambda r: (r[0], r[1], int(r[2])))
    assert (out / "production_runs.csv").read_text().splitlines() == [
        "file_path,event,seq,at,finished_unit,recipe,batches,expected_yield,actual_yield,loss_status,snapshot"
    ]


def test_an_event_scoped_export_holds_that_event_and_what_it_reaches(example_repo, tmp_path):
    out = tmp_path / "fair"
    result = example_repo.run("export", "--to", "csv", "--event", "school-fair-2026", "--output", str(out))
    assert result.exit_code == 0, result.output
    assert [row[0] for row in _read(out / "events.csv")[1]] == ["school-fair-2026"]
    assert {row[1] for row in _read(out / "event_finished_units.csv")[1]} == {"school-fair-2026"}
    assert _read(out / "event_recipients.csv")[1] == []  # the fair has no recipients
    units = {row[0] for row in _read(out / "finished_units.csv")[1]}
    assert units == {"sugar-cookie", "fudge-brownie", "lemon-bar", "snickerdoodle", "cinnamon-roll"}
    recipes = {row[0] for row in _read(out / "recipes.csv")[1]}
    assert "cinnamon-rolls" in recipes and "almond-biscotti" not in recipes
    assert _read(out / "finished_goods.csv")[1] == []


def test_csv_needs_a_folder(example_repo):
    result = example_repo.run("export", "--to", "csv")
    assert result.exit_code == 2
    assert "--to csv writes a folder of files: name it with --output DIR" in result.stderr


def test_a_file_or_a_link_where_the_folder_should_be_is_refused(example_repo, tmp_path):
    taken = tmp_path / "taken"
    taken.write_text("mine\n")
    result = example_repo.run("export", "--to", "csv", "--output", str(taken))
    assert result.exit_code == 1
    assert f"refusing to write into {taken}: it is a file, not a folder" in result.stderr
    assert taken.read_text() == "mine\n"

    real = tmp_path / "real"
    real.mkdir()
    link = tmp_path / "link"
    link.symlink_to(real)
    result = example_repo.run("export", "--to", "csv", "--output", str(link))
    assert result.exit_code == 1
    assert "it is a symbolic link, not a folder" in result.stderr
    assert os.listdir(real) == []


def test_a_link_inside_the_folder_is_not_written_through(example_repo, tmp_path):
    out = tmp_path / "tables"
    out.mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_text("keep\n")
    (out / "recipes.csv").symlink_to(victim)
    result = example_repo.run("export", "--to", "csv", "--output", str(out))
    assert result.exit_code == 1
    assert "it is a symbolic link, not a regular file" in result.stderr
    assert victim.read_text() == "keep\n"
    assert sorted(os.listdir(out)) == ["recipes.csv"]  # refused before writing any file
