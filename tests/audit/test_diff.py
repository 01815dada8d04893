"""`plansync diff`: entities added, removed and changed between revisions."""

from __future__ import annotations

import json
import shutil

import pytest

EVENT = "events/christmas-2026/event.yaml"
NEW_RECIPE = "kind: recipe\nslug: lemon-drops\nname: Lemon Drops\ningredients:\n  - {ingredient: lemons, quantity: 2, unit: each}\n"


@pytest.fixture
def changed(example_repo):
    """HEAD~1 is the example; HEAD adds a recipe, removes a package and edits the event."""
    repo = example_repo
    repo.write("catalog/recipes/lemon-drops.yaml", NEW_RECIPE)
    (repo.root / "catalog/packages/teacher-thanks.yaml").unlink()
    text = repo.read(EVENT)
    text = text.replace("{finished_good: holiday-gift-bag, quantity: 50}", "{finished_good: holiday-gift-bag, quantity: 60}")
    text = text.replace("expected_attendees: 40\n", "")
    repo.write(EVENT, text)
    repo.commit_all("edit")
    return repo


def test_summary_lines_then_fields(changed):
    result = changed.run("diff", "HEAD~1", "HEAD")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "+ recipe lemon-drops",
        "- package teacher-thanks",
        "~ event christmas-2026",
        "",
        "1 to add, 1 to change, 1 to remove",
        "",
        f"~ event christmas-2026 ({EVENT})",
        "    expected_attendees: 40 -> (none)",
        "    finished_goods.0.quantity: 50 -> 60",
    ]


def test_json_exact(changed):
    result = changed.run("diff", "HEAD~1", "HEAD", "--format", "json")
    assert json.loads(result.stdout) == {
        "from": changed.git("rev-parse", "HEAD~1").strip(),
        "to": changed.git("rev-parse", "HEAD").strip(),
        "added": [{"kind": "recipe", "slug": "lemon-drops", "path": "catalog/recipes/lemon-drops.yaml"}],
        "removed": [{"kind": "package", "slug": "teacher-thanks", "path": "catalog/packages/teacher-thanks.yaml"}],
        "changed": [
            {
                "kind": "event",
                "slug": "christmas-2026",
                "path": EVENT,
                "fields": [
                    {"field": "expected_attendees", "old": 40, "new": None},
                    {"field": "finished_goods.0.quantity", "old": 50, "new": 60},
                ],
            }
        ],
    }


def test_csv_and_markdown(changed):
    lines = changed.run("diff", "HEAD~1", "HEAD", "--format", "csv").stdout.splitlines()
    assert lines == [
        "change,kind,slug,path",
        "+,recipe,lemon-drops,catalog/recipes/lemon-drops.yaml",
        "-,package,teacher-thanks,catalog/packages/teacher-thanks.yaml",
        f"~,event,christmas-2026,{EVENT}",
        "",
        "kind,slug,path,field,old,new",
        f"event,christmas-2026,{EVENT},expected_attendees,40,(none)",
        f"event,christmas-2026,{EVENT},finished_goods.0.quantity,50,60",
    ]
    markdown = changed.run("diff", "HEAD~1", "HEAD", "--format", "markdown").stdout
    assert f"| event | christmas-2026 | {EVENT} | finished_goods.0.quantity | 50 | 60 |" in markdown.splitlines()


def test_work_tree_against_head_with_a_deletion(changed):
    repo = changed
    shutil.rmtree(repo.root / "events/school-fair-2026")
    inventory = repo.read("inventory.yaml")
    repo.write("inventory.yaml", inventory.replace("quantity: 10, unit: cup", "quantity: 12, unit: cup", 1))
    repo.write("catalog/ingredients/lemon-zest.yaml", "kind: ingredient\nslug: lemon-zest\nname: Lemon zest\n")  # untracked
    result = repo.run("diff", "HEAD")
    lines = result.stdout.splitlines()
    assert lines[:5] == [
        "+ ingredient lemon-zest",
        "- event school-fair-2026",
        "~ inventory inventory.yaml",
        "",
        "1 to add, 1 to change, 1 to remove",
    ]
    assert lines[6] == "~ inventory inventory.yaml"
    assert lines[7].endswith(": 10 -> 12") and lines[7].startswith("    items.")
    data = json.loads(repo.run("diff", "HEAD", "--format", "json").stdout)
    assert data["to"] is None
    assert data["removed"] == [{"kind": "event", "slug": "school-fair-2026", "path": "events/school-fair-2026/event.yaml"}]
    assert repo.git("status", "--porcelain", "--", EVENT) == ""  # nothing checked out or written


def test_no_changes(example_repo):
    result = example_repo.run("diff", "HEAD")
    assert (result.exit_code, result.stdout) == (0, "0 to add, 0 to change, 0 to remove\n")


def test_moves_parse_failures_lists_and_settings(example_repo):
    repo = example_repo
    repo.git("mv", "catalog/recipes/shortbread.yaml", "catalog/recipes/scottish-shortbread.yaml")
    repo.write("catalog/recipes/sugar-cookies.yaml", "kind: recipe\nslug: [broken\n")
    repo.write("plansync.yaml", repo.read("plansync.yaml").replace("waste_threshold: 0.15", "waste_threshold: 0.2"))
    text = repo.read(EVENT).replace(
        "  - {finished_good: wrapped-brownie, quantity: 24}", "  - {finished_good: wrapped-brownie, quantity: 24}\n  - {finished_good: mini-sampler, quantity: 5}"
    )
    repo.write(EVENT, text)
    lines = repo.run("diff", "HEAD").stdout.splitlines()
    assert lines[:6] == [
        "~ event christmas-2026",
        "~ recipe shortbread",
        "~ recipe sugar-cookies",
        "~ settings plansync.yaml",
        "",
        "0 to add, 4 to change, 0 to remove",
    ]
    assert lines[6:] == [
        "",
        f"~ event christmas-2026 ({EVENT})",
        "    finished_goods.3: (none) -> {finished_good: mini-sampler, quantity: 5}",
        "",
        "~ recipe shortbread (catalog/recipes/scottish-shortbread.yaml)",
        "    (file): catalog/recipes/shortbread.yaml -> catalog/recipes/scottish-shortbread.yaml",
        "",
        "~ recipe sugar-cookies (catalog/recipes/sugar-cookies.yaml)",
        lines[14],
        "",
        "~ settings plansync.yaml",
        "    waste_threshold: 0.15 -> 0.2",
    ]
    assert lines[14].startswith("    (file): parses -> does not parse: YAML syntax: ")


def test_subfolder_plan_repository(tmp_path):
    from tests.conftest import PlanRepoFixture, copy_example

    top = tmp_path / "project"
    copy_example(top / "plans")
    outer = PlanRepoFixture(top)
    outer.git("init", "-q")
    outer.commit_all("start")
    repo = PlanRepoFixture(top / "plans")
    repo.write(EVENT, repo.read(EVENT).replace("plan_state: draft", "plan_state: locked"))
    outer.commit_all("lock")
    assert repo.run("diff", "HEAD~1", "HEAD").stdout.splitlines() == [
        "~ event christmas-2026",
        "",
        "0 to add, 1 to change, 0 to remove",
        "",
        f"~ event christmas-2026 ({EVENT})",
        "    plan_state: draft -> locked",
    ]


@pytest.mark.parametrize("args", [["--", "--output=x"], ["HEAD", "--", "-p"], ["--", "-"]])
def test_a_revision_that_looks_like_an_option_is_refused(example_repo, args):
    result = example_repo.run("diff", *args)
    bad = [a for a in args if a != "--" and a.startswith("-")][0]
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", f"error: not a revision: {bad!r}\n")


def test_unknown_revision(example_repo):
    result = example_repo.run("diff", "nope")
    assert (result.exit_code, result.stderr) == (1, "error: unknown revision 'nope'\n")
    result = example_repo.run("diff", "HEAD", "v9")
    assert (result.exit_code, result.stderr) == (1, "error: unknown revision 'v9'\n")
    assert example_repo.run("diff").exit_code == 2  # REV is required
