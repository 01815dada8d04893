"""`--commit` (and `auto_commit: true`) on `shopping EVENT --done` and `import`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from plansync.plugins.manager import get_registry
from tests.helpers import last_commit

pytestmark = pytest.mark.usefixtures("fixed_clock")  # 2026-12-01T10:00:00Z

EVENT = "events/christmas-2026/event.yaml"
BAKE_TRACKER = Path(__file__).resolve().parents[2] / "plugins/plansync-bake-tracker/tests/data/bake-tracker-recipes.json"


def test_shopping_done_commit(example_repo):
    example_repo.write("catalog/ingredients/saffron.yaml", "kind: ingredient\nslug: saffron\nname: Saffron\n")  # unrelated, untracked
    inventory = example_repo.read("inventory.yaml")
    example_repo.write("inventory.yaml", inventory + "# counted twice\n")  # unrelated, modified
    result = example_repo.run("shopping", "christmas-2026", "--done", "--commit")
    assert result.exit_code == 0
    sha = example_repo.git("rev-parse", "HEAD").strip()
    assert result.stdout == (
        "shopping for christmas-2026 marked done at 2026-12-01T10:00:00Z "
        f"({EVENT}); committed {sha[:7]}\n"
    )
    assert last_commit(example_repo) == ("shopping christmas-2026: done", [EVENT])
    assert example_repo.git("status", "--porcelain").splitlines() == [" M inventory.yaml", "?? catalog/ingredients/saffron.yaml"]
    assert example_repo.git("log", "-1", "--format=%an <%ae>").strip() == "Test Baker <baker@example.com>"
    # Already done: nothing written, nothing committed.
    again = example_repo.run("shopping", "christmas-2026", "--done", "--commit", "--format", "json")
    assert json.loads(again.stdout) == {"event": "christmas-2026", "shopping_completed_at": "2026-12-01T10:00:00Z", "commit": None}
    assert example_repo.git("rev-parse", "HEAD").strip() == sha


def test_shopping_done_json_names_the_commit(example_repo):
    result = example_repo.run("shopping", "christmas-2026", "--done", "--commit", "--format", "json")
    assert json.loads(result.stdout) == {
        "event": "christmas-2026",
        "shopping_completed_at": "2026-12-01T10:00:00Z",
        "commit": example_repo.git("rev-parse", "HEAD").strip(),
    }


def test_auto_commit_and_no_commit(example_repo):
    example_repo.write("plansync.yaml", example_repo.read("plansync.yaml").replace("auto_commit: false", "auto_commit: true"))
    example_repo.commit_all("auto commit")
    head = example_repo.git("rev-parse", "HEAD").strip()
    assert example_repo.run("shopping", "school-fair-2026", "--done", "--no-commit").exit_code == 0
    assert example_repo.git("rev-parse", "HEAD").strip() == head
    assert example_repo.git("status", "--porcelain").splitlines() == [" M events/school-fair-2026/event.yaml"]
    assert example_repo.run("shopping", "christmas-2026", "--done").exit_code == 0
    assert last_commit(example_repo) == ("shopping christmas-2026: done", [EVENT])


def test_shopping_done_refuses_a_file_with_uncommitted_edits(example_repo):
    edited = example_repo.read(EVENT) + "# ask Grandma about nuts\n"
    example_repo.write(EVENT, edited)
    head = example_repo.git("rev-parse", "HEAD").strip()
    result = example_repo.run("shopping", "christmas-2026", "--done", "--commit")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        f"error: refusing to commit: {EVENT} has uncommitted edits; commit or stash them first (nothing was changed)\n"
    )
    assert example_repo.read(EVENT) == edited
    assert example_repo.git("rev-parse", "HEAD").strip() == head
    # Without --commit the same edit is no obstacle.
    assert example_repo.run("shopping", "christmas-2026", "--done").exit_code == 0


def test_commit_needs_git_and_done(example_repo):
    assert example_repo.run("shopping", "christmas-2026", "--commit").exit_code == 2
    shutil.rmtree(example_repo.root / ".git")
    result = example_repo.run("shopping", "christmas-2026", "--done", "--commit")
    assert (result.exit_code, result.stderr) == (1, f"error: cannot commit: {example_repo.root} is not in a git repository\n")
    assert "shopping_completed_at" not in example_repo.read(EVENT)


@pytest.fixture
def empty_repo(plan_repo):
    plan_repo.commit_all("init")
    return plan_repo


def plan_files(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): p.read_text(encoding="utf-8")
        for p in root.rglob("*")
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(root).parts)
    }


def test_import_commit_bake_tracker(empty_repo):
    if "bake-tracker" not in get_registry().importers:
        pytest.skip("the bake-tracker plugin is not installed")
    result = empty_repo.run("import", str(BAKE_TRACKER), "--from", "bake-tracker", "--commit")
    assert result.exit_code == 0, result.output
    sha = empty_repo.git("rev-parse", "HEAD").strip()
    assert result.stdout.splitlines()[-2:] == [
        "created 43, updated 0, left 0 unchanged; 0 records with problems",
        f"committed {sha[:7]}",
    ]
    subject, files = last_commit(empty_repo)
    assert subject == "import bake-tracker: 43 file(s) from bake-tracker-recipes.json"
    written = [line[2:] for line in result.stdout.splitlines() if line.startswith("+ ")]
    assert sorted(files) == sorted(written) and len(files) == 43
    assert empty_repo.git("status", "--porcelain") == ""


def test_import_commit_json_counts_only_written_files(empty_repo, example_repo, tmp_path):
    export = tmp_path / "export.json"
    export.write_text(example_repo.run("export", "--to", "json").stdout, encoding="utf-8")
    first = empty_repo.run("import", str(export), "--from", "json", "--commit", "--format", "json")
    outcome = json.loads(first.stdout)
    assert outcome["commit"] == empty_repo.git("rev-parse", "HEAD").strip()
    written = sorted(f["path"] for f in outcome["files"] if f["action"] != "unchanged")
    subject, files = last_commit(empty_repo)
    assert subject == f"import json: {len(written)} file(s) from export.json"
    assert sorted(files) == written
    # Once more: every file unchanged, so nothing to commit.
    again = json.loads(empty_repo.run("import", str(export), "--from", "json", "--commit", "--format", "json").stdout)
    assert (again["create"], again["update"], again["commit"]) == (0, 0, None)
    assert empty_repo.git("rev-parse", "HEAD").strip() == outcome["commit"]


def test_import_refuses_dirty_files_and_writes_nothing(empty_repo, example_repo, tmp_path):
    export = tmp_path / "export.json"
    export.write_text(example_repo.run("export", "--to", "json").stdout, encoding="utf-8")
    # inventory.yaml exists (from init) and the import would rewrite it; edit it without committing.
    empty_repo.write("inventory.yaml", empty_repo.read("inventory.yaml") + "# half counted\n")
    before = plan_files(empty_repo.root)
    head = empty_repo.git("rev-parse", "HEAD").strip()
    result = empty_repo.run("import", str(export), "--from", "json", "--commit")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.splitlines()[-1] == (
        "error: refusing to commit: inventory.yaml has uncommitted edits; commit or stash them first (nothing was changed)"
    )
    assert plan_files(empty_repo.root) == before
    assert empty_repo.git("rev-parse", "HEAD").strip() == head


def test_import_dry_run_never_commits(empty_repo, example_repo, tmp_path):
    export = tmp_path / "export.json"
    export.write_text(example_repo.run("export", "--to", "json").stdout, encoding="utf-8")
    head = empty_repo.git("rev-parse", "HEAD").strip()
    result = empty_repo.run("import", str(export), "--from", "json", "--dry-run", "--commit")
    assert result.exit_code == 0
    assert empty_repo.git("rev-parse", "HEAD").strip() == head
    assert empty_repo.git("status", "--porcelain") == ""
