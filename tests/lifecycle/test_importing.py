"""An import writes every file or none, and says so when it stops.

Import goes on past a bad record (design.md: each is reported, the good
ones are written), but a failure while writing (a full disk, a target that
is no longer a regular file) stops the import with every file as it was:
no file changed, none made, no temporary file or folder left, and a
summary of what it would have written, in text and in JSON.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from plansync.formats.builtin import YAML
from plansync.lifecycle.importing import ImportAborted, apply_import, plan_import
from plansync.plugins.manager import get_registry
from plansync.repo.repository import PlanRepo
from tests.helpers import git, run_on_a_full_disk, write_export

EVENT_FILE = "events/christmas-2026/event.yaml"


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file and folder of the work tree, hidden ones included, by
    path (folders as ``None``, links as where they lead): what a user would see changed."""
    found: dict[str, bytes | None] = {}
    for folder, dirs, names in os.walk(root):
        dirs[:] = [d for d in dirs if d != ".git"]
        for name in dirs:
            found[os.path.relpath(os.path.join(folder, name), root)] = None
        for name in names:
            path = os.path.join(folder, name)
            link = os.path.islink(path)
            found[os.path.relpath(path, root)] = os.readlink(path).encode() if link else Path(path).read_bytes()
    return found


def plan_files(found: dict[str, bytes | None]) -> dict[str, bytes | None]:
    """The snapshot without plansync's own state folder (locks, caches)."""
    return {path: data for path, data in found.items() if not path.startswith(".plansync")}


def twenty_one_records(root: Path) -> list[dict]:
    """20 new ingredients, one 20 kB ingredient in the middle, a new event in
    a folder of its own, and a change to an existing event."""
    records = [{"path": f"catalog/ingredients/new-{i:02}.yaml",
                "data": {"kind": "ingredient", "slug": f"new-{i:02}", "name": f"New {i}"}} for i in range(20)]  # fmt: skip
    big = {"kind": "ingredient", "slug": "big", "name": "Big", "description": "flour " * 3500}
    records.insert(10, {"path": "catalog/ingredients/big.yaml", "data": big})
    event = YAML.read((root / EVENT_FILE).read_text())
    records.append({"path": "events/new-party/event.yaml", "data": {**event, "slug": "new-party", "name": "New party"}})
    records.append({"path": EVENT_FILE, "data": {**event, "notes": "changed by the import"}})
    return records


@pytest.fixture
def full_disk_case(example_repo, tmp_path):
    export = tmp_path / "export.json"
    write_export(export, twenty_one_records(example_repo.root))
    return example_repo, export


def test_a_full_disk_part_way_through_an_import_changes_no_file(full_disk_case):
    repo, export = full_disk_case
    before = snapshot(repo.root)
    # Room for the small files and the step's journal, not for the 20 kB one.
    done = run_on_a_full_disk(repo.root, 12_000, "import", str(export), "--from", "json")
    assert done.returncode == 1, done.stderr
    assert done.stderr == (
        "error: the import stopped: could not write big.yaml: the disk is full; nothing was written "
        "(none of the 23 file(s) it would have written was changed)\n"
    )
    assert done.stdout == "nothing written: would have created 22, updated 1, left 0 unchanged; 0 records with problems\n"
    after = snapshot(repo.root)
    assert plan_files(after) == plan_files(before)  # byte for byte; no new folder, no temporary file
    assert [p for p in after if p.startswith(".plansync/journal/") and after[p] is not None] == []
    assert git(repo.root, "status", "--porcelain") == ""


def test_a_full_disk_import_says_so_in_json(full_disk_case):
    repo, export = full_disk_case
    before = plan_files(snapshot(repo.root))
    done = run_on_a_full_disk(repo.root, 12_000, "import", str(export), "--from", "json", "--format", "json")
    assert done.returncode == 1
    summary = json.loads(done.stdout)
    assert summary["written"] is False and summary["commit"] is None
    assert summary["error"].startswith("the import stopped: could not write big.yaml: the disk is full; nothing was written")
    assert (summary["create"], summary["update"], summary["unchanged"]) == (22, 1, 0)
    assert {f["path"] for f in summary["files"]} >= {"catalog/ingredients/big.yaml", "events/new-party/event.yaml"}
    assert plan_files(snapshot(repo.root)) == before


def test_the_same_import_with_room_writes_everything(full_disk_case):
    repo, export = full_disk_case
    assert repo.run("import", str(export), "--from", "json").exit_code == 0
    assert (repo.root / "catalog/ingredients/big.yaml").stat().st_size > 20_000
    assert "changed by the import" in (repo.root / EVENT_FILE).read_text()
    assert repo.run("validate").exit_code == 0
    assert [p for p in snapshot(repo.root) if ".plansync-" in p] == []


def test_a_target_that_became_a_link_after_the_plan_stops_the_import_whole(example_repo, tmp_path):
    """Between the plan and the write, one target turns into a link: the
    step refuses it before any rename, so the files before it are untouched."""
    export = tmp_path / "export.json"
    write_export(export, twenty_one_records(example_repo.root))
    repo = PlanRepo.open(example_repo.root)
    outcome = plan_import(repo, get_registry().importers["json"], export)
    assert outcome.problems == [] and len(outcome.files) == 23
    before = snapshot(example_repo.root)
    (example_repo.root / "catalog/ingredients/new-15.yaml").symlink_to(tmp_path / "elsewhere.yaml")
    with pytest.raises(ImportAborted) as aborted:
        apply_import(repo, outcome)
    assert "catalog/ingredients/new-15.yaml" in aborted.value.message and "link" in aborted.value.message
    assert aborted.value.message.endswith("nothing was written (none of the 23 file(s) it would have written was changed)")
    after = snapshot(example_repo.root)
    del after["catalog/ingredients/new-15.yaml"]
    assert plan_files(after) == plan_files(before)
    assert not (tmp_path / "elsewhere.yaml").exists()


def test_a_record_that_turned_into_a_fifo_is_a_problem_not_a_hang(example_repo, tmp_path):
    os.mkfifo(example_repo.root / "catalog/ingredients/new-03.yaml")
    export = tmp_path / "export.json"
    write_export(export, twenty_one_records(example_repo.root))
    result = example_repo.run("import", str(export), "--from", "json", "--format", "json")
    assert result.exit_code == 1
    assert [p["message"] for p in json.loads(result.stdout)["problems"]] == [
        "path 'catalog/ingredients/new-03.yaml' is a named pipe (FIFO) in the repository; an import replaces regular files only"
    ]
    assert (example_repo.root / "catalog/ingredients/new-04.yaml").exists()


def test_a_bad_record_600_of_1000_is_left_out_and_the_others_written(example_repo, tmp_path):
    """design.md: import is the one writing command that goes on past a bad record."""
    records = [{"path": f"catalog/ingredients/bulk-{i:04}.yaml",
                "data": {"kind": "ingredient", "slug": f"bulk-{i:04}", "name": f"Bulk {i}"}} for i in range(1, 1001)]  # fmt: skip
    records[599]["data"]["density"] = "heavy"
    export = tmp_path / "export.json"
    write_export(export, records)
    result = example_repo.run("import", str(export), "--from", "json")
    assert result.exit_code == 1
    assert result.stderr.startswith("problem: ingredient 'bulk-0600': ")
    assert result.stdout.endswith("created 999, updated 0, left 0 unchanged; 1 record with problems\n")
    assert not (example_repo.root / "catalog/ingredients/bulk-0600.yaml").exists()
    assert len(list((example_repo.root / "catalog/ingredients").glob("bulk-*.yaml"))) == 999
