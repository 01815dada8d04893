"""The ``plansync`` group: global options before or after the command."""

from __future__ import annotations

import json

from tests.conftest import run_cli


def test_repo_is_accepted_after_the_command(example_repo, tmp_path):
    before = run_cli("--repo", str(example_repo.root), "plan", "christmas-2026", "--format", "json")
    after = run_cli("plan", "christmas-2026", "--format", "json", "--repo", str(example_repo.root))
    assert after.exit_code == before.exit_code == 0
    assert json.loads(after.stdout) == json.loads(before.stdout)


def test_repo_after_the_command_wins_over_the_one_before(example_repo, tmp_path):
    elsewhere = tmp_path / "not-a-plan-repository"
    elsewhere.mkdir()
    result = run_cli("--repo", str(elsewhere), "validate", "--format", "json", "--repo", str(example_repo.root))
    assert result.exit_code == 0
    assert json.loads(result.stdout)["problems"] == []


def test_subcommands_of_a_group_accept_the_global_options_too(example_repo):
    result = run_cli("amend", "christmas-2026", "modify-batch", "--help", "--repo", str(example_repo.root))
    assert result.exit_code == 0
    assert "--repo" in result.stdout


def test_db_after_the_command_chooses_the_index(example_repo, tmp_path):
    database = tmp_path / "elsewhere.sqlite"
    result = run_cli("sync", "--repo", str(example_repo.root), "--db", f"sqlite:///{database}")
    assert result.exit_code == 0, result.output
    assert database.is_file()
    assert not (example_repo.root / ".plansync" / "index.sqlite").exists()
