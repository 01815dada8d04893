"""`plansync query`: answers read-only SQL; the database itself refuses writes."""

from __future__ import annotations

import json

import pytest

from tests.helpers import run_on
from tests.index_fixtures import index_url  # noqa: F401  (fixture)


def run_query(repo, url, sql, *extra):
    return run_on(repo, url, "query", sql, *extra)


def test_query_syncs_first_and_answers_in_every_format(example_repo, index_url):
    sql = "SELECT finished_unit, quantity FROM event_finished_units WHERE event = 'school-fair-2026' ORDER BY finished_unit LIMIT 2"
    result = run_query(example_repo, index_url, sql, "--format", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["columns"] == ["finished_unit", "quantity"]
    assert document["rows"][0] == {"finished_unit": "cinnamon-roll", "quantity": 24}
    csv_lines = run_query(example_repo, index_url, sql, "--format", "csv").stdout.splitlines()
    assert csv_lines[:2] == ["finished_unit,quantity", "cinnamon-roll,24"]
    markdown = run_query(example_repo, index_url, sql, "--format", "markdown").stdout
    assert "| cinnamon-roll | 24 |" in markdown
    table = run_query(example_repo, index_url, sql).stdout
    assert table.splitlines()[0].split() == ["finished_unit", "quantity"]


def test_query_sees_edits_without_an_explicit_sync(example_repo, index_url):
    run_query(example_repo, index_url, "SELECT 1")
    example_repo.write("catalog/ingredients/cardamom.yaml", "kind: ingredient\nslug: cardamom\nname: Cardamom\n")
    result = run_query(example_repo, index_url, "SELECT name FROM ingredients WHERE slug = 'cardamom'", "--format", "json")
    assert json.loads(result.stdout)["rows"] == [{"name": "Cardamom"}]


WRITES = [
    "INSERT INTO recipes (slug, file_path, name) VALUES ('x', 'inventory.yaml', 'X')",
    "UPDATE recipes SET name = 'hacked'",
    "DELETE FROM recipes",
    "DROP TABLE recipes",
    "CREATE TABLE evil (x int)",
    "ALTER TABLE recipes ADD COLUMN evil int",
    "WITH gone AS (DELETE FROM recipes RETURNING slug) SELECT * FROM gone",
    "SELECT 1; DELETE FROM recipes",
    "SELECT 1; COMMIT; DELETE FROM recipes",
]
SQLITE_ONLY = [
    "ATTACH DATABASE ':memory:' AS other",
    "PRAGMA foreign_keys = OFF",
    "PRAGMA writable_schema = ON",
]


@pytest.mark.parametrize("sql", WRITES + SQLITE_ONLY)
def test_every_write_is_refused_and_changes_nothing(example_repo, index_url, sql):
    if index_url and sql in SQLITE_ONLY:
        pytest.skip("SQLite statement")
    before = run_query(example_repo, index_url, "SELECT slug, name FROM recipes ORDER BY slug", "--format", "json").stdout
    result = run_query(example_repo, index_url, sql)
    assert result.exit_code == 1
    assert result.stderr.startswith("error: query refused: ") or "one statement at a time" in result.stderr
    after = run_query(example_repo, index_url, "SELECT slug, name FROM recipes ORDER BY slug", "--format", "json").stdout
    assert after == before


def test_introspection_pragmas_still_work(example_repo):
    result = example_repo.run("query", "PRAGMA table_info(recipes)", "--format", "json")
    assert result.exit_code == 0
    assert "slug" in [row["name"] for row in json.loads(result.stdout)["rows"]]


def test_sql_errors_are_one_line(example_repo, index_url):
    result = run_query(example_repo, index_url, "SELECT nope FROM recipes")
    assert result.exit_code == 1
    assert result.stderr.startswith("error: query refused:") and len(result.stderr.strip().splitlines()) == 1


# --- hangs: a time limit, and Ctrl-C (issue 16) -----------------------------------

ENDLESS = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT count(*) FROM n"


def test_a_query_past_query_timeout_is_stopped_with_a_message(example_repo, index_url):
    settings = example_repo.root / "plansync.yaml"
    settings.write_text(settings.read_text() + "query_timeout: 0.5\n")
    result = run_query(example_repo, index_url, ENDLESS)
    assert result.exit_code == 1
    assert result.stderr.endswith(
        "error: query stopped after 0.5 s (query_timeout in plansync.yaml); narrow the query, or raise query_timeout\n"
    )
    # The limit is per query: the next one answers.
    assert run_query(example_repo, index_url, "SELECT 1 AS one", "--format", "json").exit_code == 0


@pytest.mark.parametrize("value", ["0", "-1", "ten", "1e9"])
def test_a_bad_query_timeout_is_a_located_settings_problem(example_repo, value):
    settings = example_repo.root / "plansync.yaml"
    lines = settings.read_text().splitlines()
    settings.write_text("\n".join(lines) + f"\nquery_timeout: {value}\n")
    result = example_repo.run("validate", "--format", "json")
    assert result.exit_code == 1
    problems = [p for p in json.loads(result.stdout)["problems"] if p["path"] == "plansync.yaml"]
    assert [(p["line"], p["severity"]) for p in problems] == [(len(lines) + 1, "error")]


def test_ctrl_c_stops_a_running_query(example_repo):
    import signal
    import subprocess
    import sys
    import time

    assert example_repo.run("sync").exit_code == 0
    process = subprocess.Popen(
        [sys.executable, "-m", "plansync", "--repo", str(example_repo.root), "query", ENDLESS],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    time.sleep(2.0)  # the sync before the query is done, the query runs
    process.send_signal(signal.SIGINT)
    try:
        _out, err = process.communicate(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()
        pytest.fail("query went on after Ctrl-C")
    assert process.returncode == 1
    assert err.endswith("error: query stopped: interrupted (Ctrl-C)\n")


def test_fts3_tokenizer_cannot_show_a_pointer_of_the_process(example_repo):
    result = example_repo.run("query", "SELECT hex(fts3_tokenizer('simple')) AS p")
    assert result.exit_code == 1
    assert result.stderr == "error: query refused: not authorized to use function: fts3_tokenizer\n"


def test_whole_counts_are_integers_and_decimals_stay_decimals(example_repo, index_url):
    """Issue 15: whole counts came back as floats (``6.0`` goods in a box,
    ``36.0`` cookies a batch). Counts the schema says are integers are
    INTEGER columns; quantities it allows to be fractional are NUMERIC, so a
    whole one is an integer and ``2.75`` cups stay ``2.75``."""
    sql = (
        "SELECT r.quantity AS flour, s.quantity AS soda, y.per_batch, y.batch_multiplier, g.quantity AS tissue, e.quantity AS boxes "
        "FROM recipe_ingredients r, recipe_ingredients s, yield_options y, finished_good_components g, "
        "event_finished_goods e "
        "WHERE r.recipe = 'snickerdoodles' AND r.ingredient = 'all-purpose-flour' "
        "AND s.recipe = 'snickerdoodles' AND s.ingredient = 'baking-soda' "
        "AND y.finished_unit = 'snickerdoodle' AND y.position = 0 AND g.finished_good = 'holiday-gift-box' "
        "AND g.material_unit = 'tissue-sheet' AND e.event = 'christmas-2026' AND e.position = 0"
    )
    result = run_query(example_repo, index_url, sql, "--format", "json")
    assert result.exit_code == 0, result.output
    (row,) = json.loads(result.stdout)["rows"]
    assert {key: type(value) for key, value in row.items()} == {
        "flour": float, "soda": int, "per_batch": int, "batch_multiplier": float, "tissue": float, "boxes": int,
    }  # fmt: skip
    assert (row["flour"], row["soda"], row["per_batch"], row["tissue"], row["boxes"]) == (2.75, 1, 24, 1.5, 50)
    # A sum of counts is a number, not a string, on PostgreSQL too (its SUM is NUMERIC).
    total = run_query(example_repo, index_url, "SELECT SUM(quantity) AS n FROM event_finished_goods", "--format", "json")
    assert isinstance(json.loads(total.stdout)["rows"][0]["n"], int)
    assert "| 2.75 | 1 | " in run_query(example_repo, index_url, sql, "--format", "markdown").stdout


@pytest.mark.parametrize(
    ("table", "column", "kind"),
    [("batch_decisions", "batches", "integer"), ("event_recipients", "quantity", "integer"),
     ("production_runs", "batches", "integer"), ("assembly_runs", "quantity", "integer"),
     ("purchases", "packages", "numeric"), ("recipe_ingredients", "quantity", "numeric")],
)  # fmt: skip
def test_column_types_follow_the_schema(example_repo, index_url, table, column, kind):
    if index_url:
        sql = f"SELECT data_type AS t FROM information_schema.columns WHERE table_name = '{table}' AND column_name = '{column}'"
        result = run_query(example_repo, index_url, sql, "--format", "json")
    else:
        result = run_query(example_repo, index_url, f"PRAGMA table_info({table})", "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)["rows"]
    found = rows[0]["t"] if index_url else next(row["type"] for row in rows if row["name"] == column)
    assert found.lower() == kind
