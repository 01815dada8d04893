"""A shared index knows its repository: another repository's sync is refused
naming both, unless --rebuild; repositories share a server through a
database or schema each. On SQLite and PostgreSQL."""

from __future__ import annotations

import json
import subprocess

import pytest

from tests.conftest import PlanRepoFixture, commit_example
from tests.helpers import run_db
from tests.index_fixtures import index_url  # noqa: F401  (fixture)


@pytest.fixture
def shared(index_url, tmp_path):
    """One index URL that several repositories are pointed at."""
    return index_url or f"sqlite:///{tmp_path / 'shared.sqlite'}"


def sync(repo, url, *args):
    return run_db(repo, url, "sync", "--format", "json", *args)


def count(repo, url, table):
    result = run_db(repo, url, "query", f"SELECT count(*) AS n FROM {table}", "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["rows"][0]["n"]


def clone(source: PlanRepoFixture, target) -> PlanRepoFixture:
    subprocess.run(["git", "clone", "-q", str(source.root), str(target)], check=True, capture_output=True)
    return PlanRepoFixture(target)


def test_another_repository_is_refused_naming_both(example_repo, party, shared):
    assert sync(example_repo, shared).exit_code == 0
    recipes = count(example_repo, shared, "recipes")

    result = sync(party, shared)
    assert result.exit_code == 1
    message = result.stderr.strip()
    assert message.startswith("error: the index at ") and "belongs to another repository" in message
    assert str(example_repo.root.resolve()) in message and str(party.root.resolve()) in message
    assert "--rebuild" in message and len(message.splitlines()) == 1
    # Nothing of the first repository was removed.
    assert count(example_repo, shared, "recipes") == recipes


def test_every_command_that_updates_the_index_is_refused(example_repo, party, shared):
    sync(example_repo, shared)
    result = run_db(party, shared, "query", "SELECT count(*) FROM recipes")
    assert result.exit_code == 1 and "belongs to another repository" in result.stderr
    result = run_db(party, shared, "sync", "--history")
    assert result.exit_code == 1 and "belongs to another repository" in result.stderr


def test_rebuild_replaces_the_index_and_then_the_first_is_refused(example_repo, party, shared):
    sync(example_repo, shared)
    sync(example_repo, shared)  # the first repository's recorded no-change state exists
    result = sync(party, shared, "--rebuild")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["removed"] == 0  # a rebuild starts empty: nothing of the first counted
    own = party.run("query", "SELECT count(*) AS n FROM recipes", "--format", "json")  # party's own index
    assert count(party, shared, "recipes") == json.loads(own.stdout)["rows"][0]["n"]

    again = sync(example_repo, shared)
    assert again.exit_code == 1
    assert str(party.root.resolve()) in again.stderr and "belongs to another repository" in again.stderr


def test_clones_of_one_repository_share_an_index(example_repo, shared, tmp_path):
    sync(example_repo, shared)
    teammate = clone(example_repo, tmp_path / "teammate")
    result = sync(teammate, shared)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["added"] == 0


def test_repository_id_tells_clones_apart(example_repo, shared, tmp_path):
    fork = clone(example_repo, tmp_path / "fork")
    settings = fork.read("plansync.yaml")
    fork.write("plansync.yaml", settings + "repository_id: the-fork\n")
    sync(example_repo, shared)
    result = sync(fork, shared)
    assert result.exit_code == 1
    assert "(repository_id the-fork)" in result.stderr and str(example_repo.root.resolve()) in result.stderr


def test_the_first_commit_keeps_the_repository(catalog, shared):
    assert sync(catalog, shared).exit_code == 0  # no commit yet: known by its path
    catalog.commit_all("first")
    result = sync(catalog, shared)
    assert result.exit_code == 0, result.output


def test_two_plan_folders_of_one_git_repository_are_two_repositories(tmp_path, shared):
    top = tmp_path / "top"
    commit_example(top / "one")
    subprocess.run(["rm", "-rf", str(top / "one" / ".git")], check=True)
    commit_example(top / "two")
    subprocess.run(["rm", "-rf", str(top / "two" / ".git")], check=True)
    subprocess.run(["git", "init", "-q"], cwd=top, check=True)
    subprocess.run(["git", "add", "-A"], cwd=top, check=True)
    subprocess.run(["git", "commit", "-q", "-m", "both"], cwd=top, check=True)
    assert sync(PlanRepoFixture(top / "one"), shared).exit_code == 0
    result = sync(PlanRepoFixture(top / "two"), shared)
    assert result.exit_code == 1 and "folder one" in result.stderr and "folder two" in result.stderr


@pytest.mark.postgres
def test_repositories_share_a_server_through_a_schema_each(example_repo, party, index_url):
    if not index_url:
        pytest.skip("a PostgreSQL server")
    first, second = (f"{index_url}?options=-csearch_path%3D{name}" for name in ("bakery_a", "bakery_b"))
    assert sync(example_repo, first).exit_code == 0  # the schema is created when missing
    assert sync(party, second).exit_code == 0
    assert count(example_repo, first, "recipes") != count(party, second, "recipes")
    assert sync(example_repo, first).exit_code == 0 and sync(party, second).exit_code == 0
    refused = sync(party, first)
    assert refused.exit_code == 1 and "belongs to another repository" in refused.stderr


def test_a_blank_repository_id_is_a_located_error(example_repo):
    example_repo.write("plansync.yaml", 'version: 1\nrepository_id: ""\n')
    result = example_repo.run("validate")
    assert result.exit_code == 1
    assert "plansync.yaml:2:16: error: must not be empty [bad-value]" in result.output
