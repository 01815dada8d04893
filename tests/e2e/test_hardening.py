"""Issue 16's classes that are not about special files: text that cannot be
encoded, imports across kinds, torn reads, stuck commits, numbers a later
step refuses, and internal errors that must be located problems."""

from __future__ import annotations

import json

from tests.helpers import write_export

GHOST = '{\n  "kind": "ingredient",\n  "slug": "ghost",\n  "name": "Gh\\ud800ost"\n}\n'


def test_a_lone_surrogate_is_a_problem_and_breaks_no_command(example_repo, tmp_path):
    example_repo.write("catalog/ingredients/ghost.json", GHOST)
    validate = example_repo.run("validate", "--format", "json")
    assert validate.exit_code == 1
    assert [(p["path"], p["line"], p["column"], p["code"]) for p in json.loads(validate.stdout)["problems"]] == [
        ("catalog/ingredients/ghost.json", 4, 11, "encoding")
    ]
    sync = example_repo.run("sync")
    assert sync.exit_code == 1 and "1 file(s) with problems left out" in sync.stdout, sync.output
    query = example_repo.run("query", "SELECT count(*) AS n FROM ingredients", "--format", "json")
    assert query.exit_code == 0, query.output
    assert example_repo.run("export", "--to", "json", "--output", str(tmp_path / "out.json")).exit_code == 0
    exported = json.loads((tmp_path / "out.json").read_text())
    assert "catalog/ingredients/ghost.json" not in [f["path"] for f in exported["files"]]
    assert example_repo.run("plan", "christmas-2026", "--format", "json").exit_code == 0


def test_an_import_of_a_lone_surrogate_is_a_problem_not_a_file(plan_repo, tmp_path):
    export = tmp_path / "export.json"
    write_export(export, [{"path": "catalog/ingredients/ghost.yaml", "data": {"kind": "ingredient", "slug": "ghost", "name": "G\ud800"}}])
    result = plan_repo.run("import", str(export), "--from", "json", "--format", "json")
    assert result.exit_code == 1, result.output
    problems = json.loads(result.stdout)["problems"]
    assert [p["record"] for p in problems] == ["ingredient 'ghost'"]
    assert "lone surrogate" in problems[0]["message"]
    assert not (plan_repo.root / "catalog/ingredients/ghost.yaml").exists()
