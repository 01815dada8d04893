"""`sync --history`: every committed version of every plan file, incrementally."""

from __future__ import annotations

import json

from tests.helpers import run_on
from tests.index_fixtures import index_url  # noqa: F401  (fixture)


def rows(repo, url, sql):
    result = run_on(repo, url, "query", sql, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["rows"]


def test_history_indexes_versions_and_removals_incrementally(example_repo, index_url):
    repo = example_repo
    event = "events/christmas-2026/event.yaml"
    text = repo.read(event)
    repo.write(event, text.replace("quantity: 52", "quantity: 60").replace("finished_good: holiday-gift-bag, quantity: 50", "finished_good: holiday-gift-bag, quantity: 60"))
    repo.commit_all("more gift bags")
    result = run_on(repo, index_url, "sync", "--history")
    assert result.exit_code == 0, result.output
    assert "history: 2 new commit(s)" in result.stderr
    versions = rows(repo, index_url, f"SELECT commit_sha, content FROM versions WHERE path = '{event}' ORDER BY committed_at, id")
    assert len(versions) == 2
    bags = [next(g["quantity"] for g in json.loads(v["content"])["finished_goods"] if g["finished_good"] == "holiday-gift-bag")
            for v in versions]  # fmt: skip
    assert bags[1] == 60 and bags[0] != 60

    (repo.root / "catalog/recipients/aunt-mary.yaml").unlink(missing_ok=True)
    removed_path = sorted((repo.root / "catalog/packages").iterdir())[0].relative_to(repo.root).as_posix()
    (repo.root / removed_path).unlink()
    repo.commit_all("drop a package")
    result = run_on(repo, index_url, "sync", "--history")
    assert "history: 1 new commit(s)" in result.stderr
    removed = rows(repo, index_url, f"SELECT removed, kind, content FROM versions WHERE path = '{removed_path}' ORDER BY id")
    assert [bool(r["removed"]) for r in removed] == [False, True]
    assert removed[1]["content"] is None
    assert "history: 0 new commit(s), 0 file version(s)" in run_on(repo, index_url, "sync", "--history").stderr


def test_rewritten_history_is_indexed_again(example_repo, index_url):
    repo = example_repo
    run_on(repo, index_url, "sync", "--history")
    repo.write("catalog/ingredients/cardamom.yaml", "kind: ingredient\nslug: cardamom\nname: Cardamom\n")
    repo.git("add", "-A")
    repo.git("commit", "-q", "--amend", "-m", "example, amended")
    result = run_on(repo, index_url, "sync", "--history")
    assert "history was rewritten" in result.stderr
    shas = rows(repo, index_url, "SELECT DISTINCT commit_sha FROM versions")
    assert [r["commit_sha"] for r in shas] == [repo.git("rev-parse", "HEAD").strip()]
