"""`plansync init`: a new repository that validates clean."""

from __future__ import annotations

import subprocess

from tests.conftest import run_cli


def test_init_creates_a_repository_that_validates_clean(tmp_path):
    target = tmp_path / "holiday"
    result = run_cli("init", str(target))
    assert result.exit_code == 0, result.output
    assert "created plansync.yaml" in result.stdout
    for folder in ("catalog/recipes", "catalog/finished-goods", "catalog/material-units", "events"):
        assert (target / folder).is_dir()
    assert (target / ".git").is_dir()
    assert ".plansync/" in (target / ".gitignore").read_text().splitlines()
    settings = (target / "plansync.yaml").read_text()
    assert settings.startswith("# yaml-language-server: $schema=.schemas/settings.schema.json\n")
    assert "waste_threshold: 0.15" in settings
    assert (target / ".schemas/recipe.schema.json").is_file()
    validated = run_cli("--repo", str(target), "validate")
    assert validated.exit_code == 0
    assert validated.stdout.endswith(" checked: 0 error(s), 0 warning(s)\n")


def test_init_inside_an_existing_git_repository_does_not_nest_one(tmp_path):
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    result = run_cli("init", str(tmp_path / "plans"))
    assert result.exit_code == 0
    assert not (tmp_path / "plans/.git").exists()
    assert "git init" not in result.stdout


def test_init_twice_is_refused_and_changes_nothing(tmp_path):
    run_cli("init", str(tmp_path))
    before = (tmp_path / "plansync.yaml").read_bytes()
    result = run_cli("init", str(tmp_path))
    assert result.exit_code == 1
    assert "already a plan repository" in result.stderr
    assert (tmp_path / "plansync.yaml").read_bytes() == before


def test_the_modeline_points_at_the_schema_from_any_depth(tmp_path):
    from plansync.formats.modeline import modeline

    assert modeline("catalog/recipes/a.yaml", "recipe") == "# yaml-language-server: $schema=../../.schemas/recipe.schema.json\n"
    assert modeline("events/x/snapshots/planning.yaml", "snapshot").endswith("=../../../.schemas/snapshot.schema.json\n")
    assert modeline("inventory.yaml", "inventory").endswith("=.schemas/inventory.schema.json\n")


def _git(root, *args):
    return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True).stdout


def test_init_makes_a_first_commit_of_what_it_wrote(tmp_path):
    target = tmp_path / "holiday"
    result = run_cli("init", str(target))
    assert result.exit_code == 0, result.output
    assert "committed " in result.stdout
    assert _git(target, "log", "--format=%s").splitlines() == ["plansync init"]
    assert _git(target, "status", "--porcelain") == ""
    assert "plansync.yaml" in _git(target, "ls-files").splitlines()


def test_init_inside_a_project_with_history_commits_nothing_of_it(tmp_path):
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / "notes.txt").write_text("mine\n")
    _git(tmp_path, "add", "notes.txt")
    _git(tmp_path, "commit", "-q", "-m", "mine")
    result = run_cli("init", str(tmp_path / "plans"))
    assert result.exit_code == 0
    assert "committed" not in result.stdout
    assert _git(tmp_path, "log", "--format=%s").splitlines() == ["mine"]


def test_init_example_writes_the_example_committed_once_and_it_validates(tmp_path):
    target = tmp_path / "try-it"
    result = run_cli("init", str(target), "--example")
    assert result.exit_code == 0, result.output
    assert "created the example plan repository" in result.stdout
    assert _git(target, "log", "--format=%s").splitlines() == ["plansync init --example"]
    assert _git(target, "status", "--porcelain") == ""
    tracked = set(_git(target, "ls-files").splitlines())
    assert {"events/christmas-2026/event.yaml", "catalog/recipes/sugar-cookies.yaml", "plansync.yaml"} <= tracked
    assert not any(path.startswith(".plansync/") for path in tracked)
    validated = run_cli("--repo", str(target), "validate")
    assert validated.exit_code == 0, validated.output
    assert "0 error(s)" in validated.output
    planned = run_cli("--repo", str(target), "plan", "christmas-2026")
    assert planned.exit_code == 0, planned.output


def test_init_example_into_a_plan_repository_is_refused(tmp_path):
    run_cli("init", str(tmp_path))
    result = run_cli("init", str(tmp_path), "--example")
    assert result.exit_code == 1
    assert "already a plan repository" in result.output
