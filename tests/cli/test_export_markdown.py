"""`plansync export --to markdown`: each event's plan, shopping list, packaging and packages."""

from __future__ import annotations

import json
import shlex

from click.testing import CliRunner

from plansync.cli.main import cli
from plansync.engine.money import money_text
from tests.helpers import edit, ok


def _blank_after_tables(text: str) -> bool:
    lines = text.split("\n")
    return all(lines[i + 1] == "" for i, line in enumerate(lines[:-1]) if line.startswith("|") and not lines[i + 1].startswith("|"))


def test_one_event_as_a_document_with_the_figures_of_the_commands(example_repo, tmp_path):
    out = tmp_path / "christmas.md"
    result = example_repo.run("export", "--to", "markdown", "--event", "christmas-2026", "--output", str(out))
    assert result.exit_code == 0, result.output
    assert (result.stdout, result.stderr) == ("", f"wrote {out}\n")
    text = out.read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0] == "# Christmas 2026 (christmas-2026)"
    headings = [line for line in lines if line.startswith("#")]
    assert headings == [
        "# Christmas 2026 (christmas-2026)", "## Plan", "### Finished goods to assemble", "### Batches to bake",
        "## Shopping list", "## Packaging", "## Packages",
    ]  # fmt: skip
    assert "School" not in text
    plan = json.loads(ok(example_repo, "plan", "christmas-2026", "--format", "json"))
    for line in plan["batches"]:
        assert f"| {line['recipe']} | {line['needed']} | {line['per_batch']} | {line['batches']} | {line['total_yield']} |" in text
    for line in plan["materials"]:
        assert f"| {line['material_unit']} | {line['quantity']} |" in text
    shopping = json.loads(ok(example_repo, "shopping", "christmas-2026", "--format", "json"))
    assert f"Total: {money_text(shopping['total_cost'])} USD." in lines
    eggs = next(item for item in shopping["items"] if item["ingredient"] == "eggs")
    assert f"| each | {eggs['need']} | {eggs['have']} | {eggs['buy']} | {eggs['product']} | {eggs['packages']} |" in text
    assert "| Mary Smith | Family gift box | 1 | 1 x Holiday Gift Box, 1 x Wrapped Banana Bread | pending |" in lines
    assert _blank_after_tables(text)


def test_without_event_every_event_by_date(example_repo):
    result = example_repo.run("export", "--to", "markdown")
    assert result.exit_code == 0, result.output
    headings = [line for line in result.stdout.splitlines() if line.startswith("#")]
    assert headings == [
        "# Holiday baking plans",
        "## Lincoln Elementary Fall Fair 2026 (school-fair-2026)", "### Plan", "#### Batches to bake",
        "### Shopping list", "### Packaging", "### Packages",
        "## Christmas 2026 (christmas-2026)", "### Plan", "#### Finished goods to assemble", "#### Batches to bake",
        "### Shopping list", "### Packaging", "### Packages",
    ]  # fmt: skip
    assert "No recipients." in result.stdout  # the fair has none
    assert _blank_after_tables(result.stdout)


def test_an_unknown_event_is_refused(example_repo):
    result = example_repo.run("export", "--to", "markdown", "--event", "easter-2027")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "unknown event 'easter-2027'" in result.stderr


def test_an_event_whose_files_are_broken_is_refused_alone_and_reported_in_the_whole(example_repo):
    edit(example_repo, "catalog/recipes/cinnamon-rolls.yaml", "kind: recipe", "kind: recipe\ncolour: brown")
    refused = example_repo.run("export", "--to", "markdown", "--event", "school-fair-2026")
    assert refused.exit_code == 1
    assert "cannot export school-fair-2026" in refused.stderr and "colour" in refused.stderr
    whole = example_repo.run("export", "--to", "markdown")
    assert whole.exit_code == 0, whole.output
    fair = whole.stdout.split("## Christmas 2026")[0]
    assert "cannot export school-fair-2026" in fair and "## Plan" not in fair
    assert "### Shopping list" in whole.stdout.split("## Christmas 2026")[1]


def test_every_example_of_the_help_runs(example_repo, tmp_path, monkeypatch):
    help_text = CliRunner().invoke(cli, ["export", "--help"]).output
    examples = [line.strip() for line in help_text.split("Examples:\n", 1)[1].splitlines() if line.strip().startswith("plansync ")]
    assert {"json", "csv", "markdown"} <= {shlex.split(e)[shlex.split(e).index("--to") + 1] for e in examples}
    monkeypatch.chdir(tmp_path)
    for example in examples:
        result = example_repo.run(*shlex.split(example)[1:])
        assert result.exit_code == 0, (example, result.output)
    assert (tmp_path / "plans.json").is_file() and (tmp_path / "christmas.json").is_file()
    assert (tmp_path / "tables" / "events.csv").is_file()
    assert (tmp_path / "christmas.md").read_text().startswith("# Christmas 2026 (christmas-2026)\n")


def test_formats_lists_the_three_exporters(example_repo):
    listed = json.loads(ok(example_repo, "formats", "--format", "json"))
    exporters = {row["name"]: row["plugin"] for row in listed if row["type"] == "exporter"}
    assert exporters == {
        "json": "plansync.plugins.default_exchange",
        "csv": "plansync.exports.builtin",
        "markdown": "plansync.exports.builtin",
    }
