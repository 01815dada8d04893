"""`plansync validate` and the command line around it, through CliRunner."""

from __future__ import annotations

import json
import os

from plansync.cli.main import COMMANDS, cli
from tests.conftest import run_cli


def test_text_output_lists_problems_then_a_summary(plan_repo):
    plan_repo.write("catalog/ingredients/flour.yaml", "kind: ingredient\nslug: flour\nname: Flour\ncolour: white\n")
    result = plan_repo.run("validate")
    assert result.exit_code == 1
    assert result.stdout == (
        "catalog/ingredients/flour.yaml:4:1: error: unknown field 'colour'; "
        "allowed: aisle, category, density, description, kind, name, notes, slug [unknown-field]\n"
        "2 files checked: 1 error(s), 0 warning(s)\n"
    )


def test_json_output_is_one_document(plan_repo):
    plan_repo.write("catalog/ingredients/flour.yaml", "kind: ingredient\nslug: Flour\nname: Flour\n")
    result = plan_repo.run("validate", "--format", "json")
    assert result.exit_code == 1
    assert json.loads(result.stdout) == {
        "files": 2,
        "problems": [
            {
                "path": "catalog/ingredients/flour.yaml",
                "line": 2,
                "column": 7,
                "severity": "error",
                "code": "bad-value",
                "message": "\"Flour\" is not a valid slug (lower-case letters, digits and hyphens, like 'sugar-cookie')",
            }
        ],
    }


def test_warnings_alone_exit_0(plan_repo):
    plan_repo.write("inventory.yaml", "kind: inventory\nitems:\n  - {material: ribbon, quantity: 1, unit: inch}\n")
    result = plan_repo.run("validate")
    assert result.exit_code == 0
    assert "warning" in result.stdout


def test_paths_limit_what_is_reported(plan_repo):
    plan_repo.write("catalog/ingredients/a.yaml", "kind: ingredient\nslug: a\n")
    plan_repo.write("catalog/recipes/b.yaml", "kind: recipe\nslug: b\n")
    result = plan_repo.run("validate", str(plan_repo.root / "catalog/recipes"))
    assert [line.split(":")[0] for line in result.stdout.splitlines()[:-1]] == ["catalog/recipes/b.yaml"] * 2


def test_csv_and_markdown_formats(plan_repo):
    plan_repo.write("catalog/ingredients/a.yaml", "kind: ingredient\nslug: a\n")
    csv_out = plan_repo.run("validate", "--format", "csv").stdout
    assert csv_out.splitlines() == [
        "path,line,column,severity,code,message",
        "catalog/ingredients/a.yaml,1,1,error,missing-field,missing required field 'name'",
    ]
    markdown = plan_repo.run("validate", "--format", "markdown").stdout
    assert "| catalog/ingredients/a.yaml | 1 | 1 | error | missing-field |" in markdown


def test_json_files_are_plan_files_too(plan_repo):
    plan_repo.write("catalog/ingredients/a.json", '{"kind": "ingredient", "slug": "a", "name": "A",\n "size": 3}\n')
    result = plan_repo.run("validate")
    assert result.stdout.startswith("catalog/ingredients/a.json:2:2: error: unknown field 'size'")


def test_not_a_repository_is_one_line_exit_1(tmp_path):
    result = run_cli("--repo", str(tmp_path), "validate")
    assert result.exit_code == 1
    assert result.stderr.startswith("error: ") and "not a plan repository" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_unknown_option_is_exit_2(plan_repo):
    result = plan_repo.run("validate", "--frmat", "json")
    assert result.exit_code == 2
    assert "No such option" in result.stderr


def test_found_from_a_subfolder(plan_repo, monkeypatch):
    plan_repo.write("catalog/ingredients/a.yaml", "kind: ingredient\nslug: a\n")
    monkeypatch.chdir(plan_repo.root / "catalog")
    result = run_cli("validate")
    assert result.exit_code == 1
    assert "catalog/ingredients/a.yaml:1:1" in result.stdout


def test_every_command_has_help_with_an_example():
    for name in COMMANDS:
        result = run_cli(name, "--help")
        assert result.exit_code == 0, name
        assert "Example" in result.stdout, f"{name} --help has no example"


def test_top_level_help_lists_commands_without_importing_them():
    result = run_cli("--help")
    assert result.exit_code == 0
    for name in COMMANDS:
        assert name in result.stdout


def test_help_is_fast_to_import(tmp_path):
    """`plansync --help` imports no heavy library (they cost ~0.1-0.3 s each)."""
    import subprocess
    import sys

    code = (
        "import sys; from plansync.cli.main import main; sys.argv=['plansync','--help'];\n"
        "try: main()\nexcept SystemExit: pass\n"
        "heavy = [m for m in ('sqlalchemy','jsonschema','pint','rich','jsonschema_rs','ruamel.yaml') if m in sys.modules]\n"
        "print('HEAVY', heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env={**os.environ}).stdout
    assert "HEAVY []" in out


def test_python_dash_m_runs(plan_repo):
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-m", "plansync", "--repo", str(plan_repo.root), "validate"],
                            capture_output=True, text=True)  # fmt: skip
    assert result.returncode == 0
    assert result.stdout == "1 file checked: 0 error(s), 0 warning(s)\n"


def test_cli_group_exposes_version():
    assert run_cli("--version").stdout.startswith("plansync, version ")
    assert cli.name == "cli"
