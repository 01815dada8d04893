"""The no-change sync of an index on a PostgreSQL server: answered without
SQLAlchemy from the recorded state and the server's generation and
fingerprint, yet never fooled by a teammate's sync or a change made
outside plansync. Skips without PLANSYNC_TEST_POSTGRES."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from plansync.index import served
from tests.conftest import PlanRepoFixture
from tests.helpers import edit, run_db
from tests.index_fixtures import index_url  # noqa: F401  (fixture)

pytestmark = pytest.mark.postgres


@pytest.fixture
def server(index_url):
    if not index_url:
        pytest.skip("an index on a PostgreSQL server")
    return index_url


def sync(repo, url):
    result = run_db(repo, url, "sync", "--format", "json")
    return result.exit_code, json.loads(result.stdout)


def names(repo, url):
    result = run_db(repo, url, "query", "SELECT name FROM recipes WHERE slug = 'snickerdoodles'", "--format", "json")
    return [row["name"] for row in json.loads(result.stdout)["rows"]]


def in_a_process(repo, url):
    """`plansync sync` in its own process: its output, and whether SQLAlchemy was imported."""
    code = (
        "import sys\nfrom plansync.cli.main import main\n"
        f"sys.argv = ['plansync', '--repo', {str(repo.root)!r}, '--db', {url!r}, 'sync']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('SQLALCHEMY', 'sqlalchemy' in sys.modules)\n"
    )
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout


def test_the_no_change_sync_asks_the_server_without_sqlalchemy(example_repo, server):
    code, first = sync(example_repo, server)
    assert code == 0
    out = in_a_process(example_repo, server)
    assert f"0 added, 0 changed, 0 removed, {first['added']} unchanged" in out and "SQLALCHEMY False" in out


def test_a_teammates_sync_is_seen(example_repo, server, tmp_path):
    subprocess.run(["git", "clone", "-q", str(example_repo.root), str(tmp_path / "mate")], check=True)
    mate = PlanRepoFixture(tmp_path / "mate")
    sync(example_repo, server)
    sync(example_repo, server)
    edit(mate, "catalog/recipes/snickerdoodles.yaml", "name: Snickerdoodles", "name: Snickerdoodle Cookies")
    assert sync(mate, server)[1]["changed"] == 1
    assert names(example_repo, server) == ["Snickerdoodles"]  # ours again: the index follows this work tree
    code, counts = sync(example_repo, server)
    assert (code, counts["changed"], counts["added"]) == (0, 0, 0)


def test_rows_removed_outside_plansync_are_noticed_and_rebuilt(example_repo, server):
    from sqlalchemy import create_engine, text

    sync(example_repo, server)
    assert "SQLALCHEMY False" in in_a_process(example_repo, server)
    engine = create_engine(server)
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM recipe_ingredients"))
    engine.dispose()
    result = run_db(example_repo, server, "query", "SELECT count(*) AS n FROM recipe_ingredients", "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["rows"][0]["n"] > 0
    assert result.stderr == "rebuilt the index: it was changed outside plansync since the last sync (its digest differs)\n"


def test_an_unreachable_server_takes_the_normal_path_and_says_why(example_repo, server):
    from sqlalchemy.engine import make_url

    sync(example_repo, server)
    gone = make_url(server).set(port=1).render_as_string(hide_password=False)
    assert served.ask(gone) is None
    result = run_db(example_repo, gone, "sync")
    assert result.exit_code == 1 and result.stderr.startswith("error: cannot connect to the index at ")


def test_only_postgresql_urls_are_asked():
    assert served.conninfo("sqlite:///x.sqlite") is None
    assert served.conninfo("mysql+pymysql://u@h/db") is None
    assert served.conninfo("postgresql+psycopg://u@h:5/db?options=-csearch_path%3Da") == (
        "postgresql://u@h:5/db?options=-csearch_path%3Da&client_encoding=UTF8"
    )


def test_the_recorded_state_keeps_no_password(example_repo, server):
    from sqlalchemy.engine import make_url

    secret = make_url(server).set(password="s3cret-word").render_as_string(hide_password=False)
    sync(example_repo, server)  # trust auth: the password is not checked, yet it is in the URL
    assert sync(example_repo, secret)[0] == 0
    state = example_repo.root / ".plansync" / "sync-state.json"
    assert "s3cret-word" not in state.read_text() and "SQLALCHEMY False" in in_a_process(example_repo, secret)
