"""`plansync validate FILE...` counts the files it was asked about."""

from __future__ import annotations

import json


def test_one_named_file_is_one_file_checked(example_repo):
    named = example_repo.root / "catalog/recipes/sugar-cookies.yaml"
    result = example_repo.run("validate", str(named), "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {"files": 1, "problems": []}


def test_files_and_folders_count_the_plan_files_they_name(example_repo):
    recipes = sorted((example_repo.root / "catalog/recipes").glob("*.yaml"))
    result = example_repo.run("validate", str(example_repo.root / "catalog/recipes"), str(example_repo.root / "inventory.yaml"))
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{len(recipes) + 1} files checked: 0 error(s), 0 warning(s)\n"


def test_a_named_file_that_does_not_parse_is_counted_with_its_error(plan_repo):
    plan_repo.write("catalog/ingredients/a.yaml", "kind: ingredient\nslug: a\nname: [unclosed\n")
    plan_repo.write("catalog/ingredients/b.yaml", "kind: ingredient\nslug: b\nname: B\n")
    result = plan_repo.run("validate", str(plan_repo.root / "catalog/ingredients/a.yaml"), "--format", "json")
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    assert document["files"] == 1
    assert {p["path"] for p in document["problems"]} == {"catalog/ingredients/a.yaml"}


def test_without_paths_every_file_is_counted(example_repo):
    every = [p for p in example_repo.root.rglob("*.yaml") if ".plansync" not in p.parts and p.name != "plansync.yaml"]
    result = example_repo.run("validate", "--format", "json")
    assert json.loads(result.stdout)["files"] == len(every)
