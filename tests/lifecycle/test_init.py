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
    assert validated.stdout == ""


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
