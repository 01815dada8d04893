"""The no-change check per folder: a settled folder is not listed again and
its files are compared through one digest, yet every edit, add, delete and
rename is seen (real files; the tree is left to settle first, so the
folder records are the ones trusted)."""

from __future__ import annotations

import json
import os
import time

import pytest

from plansync.cache.store import RACY_NS
from plansync.index import state
from plansync.index.urls import index_url, sqlite_path
from plansync.load.sources import WorkTree
from plansync.repo.repository import PlanRepo

RECIPE = "catalog/recipes/snickerdoodles.yaml"


def sync(repo) -> dict:
    result = repo.run("sync", "--format", "json")
    assert result.exit_code in (0, 1), result.output  # 1: the change left a problem (a dangling reference)
    counts = json.loads(result.stdout)
    return {key: counts[key] for key in ("added", "changed", "removed")}


def quick(root) -> dict | None:
    """The fast answer, or None when the sync has to look."""
    repo = PlanRepo.open(root)
    url = index_url(repo, None)
    return state.unchanged(repo, url, sqlite_path(url))


def settled_sync(repo) -> None:
    """Sync a tree nobody touched for longer than the racy window."""
    past = time.time() - 3600
    for path in repo.root.rglob("*.yaml"):
        os.utime(path, (past, past))
    time.sleep(RACY_NS / 1e9 + 0.2)  # ctimes (the files' and the folders') cannot be set back
    sync(repo)
    assert quick(repo.root) is not None


def edit_keeping_size_and_mtime(root):
    path = root / RECIPE
    before = path.stat()
    path.write_text(path.read_text().replace("name: Snickerdoodles", "name: Snickerdoodlez"))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))


def edit_in_place(root):
    with open(root / RECIPE, "a", encoding="utf-8") as handle:
        handle.write("# rolled in cinnamon sugar\n")


def replace_by_rename(root):  # how editors and plansync's writer save
    path = root / RECIPE
    (root / "catalog/recipes/.snickerdoodles.tmp").write_text(path.read_text().replace("Snickerdoodles", "Snickerdoodlez"))
    os.replace(root / "catalog/recipes/.snickerdoodles.tmp", path)


def add(root):
    (root / "catalog/ingredients/cardamom.yaml").write_text("kind: ingredient\nslug: cardamom\nname: Cardamom\n")


def add_in_new_folder(root):
    (root / "catalog/ingredients/spices").mkdir()
    (root / "catalog/ingredients/spices/cardamom.yaml").write_text("kind: ingredient\nslug: cardamom\nname: Cardamom\n")


def delete(root):
    (root / RECIPE).unlink()


def rename(root):
    (root / RECIPE).rename(root / "catalog/recipes/snickerdoodle-cookies.yaml")


def move_to_other_folder(root):
    (root / "catalog/more").mkdir()
    (root / RECIPE).rename(root / "catalog/more/snickerdoodles.yaml")


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (edit_keeping_size_and_mtime, {"added": 0, "changed": 1, "removed": 0}),
        (edit_in_place, {"added": 0, "changed": 1, "removed": 0}),
        (replace_by_rename, {"added": 0, "changed": 1, "removed": 0}),
        (add, {"added": 1, "changed": 0, "removed": 0}),
        (add_in_new_folder, {"added": 1, "changed": 0, "removed": 0}),
        (delete, {"added": 0, "changed": 0, "removed": 1}),
        (rename, {"added": 1, "changed": 0, "removed": 1}),
        (move_to_other_folder, {"added": 1, "changed": 0, "removed": 1}),
    ],
    ids=lambda value: getattr(value, "__name__", None),
)
def test_a_change_in_a_settled_tree_is_seen(example_repo, change, expected):
    settled_sync(example_repo)
    change(example_repo.root)
    assert quick(example_repo.root) is None
    assert sync(example_repo) == expected
    assert sync(example_repo) == {"added": 0, "changed": 0, "removed": 0}


def test_a_touch_without_a_change_is_answered_by_hashing_that_file(example_repo):
    settled_sync(example_repo)
    files = sum(1 for _ in example_repo.root.rglob("*.yaml")) - 1  # plansync.yaml is not a plan file
    os.utime(example_repo.root / RECIPE)
    assert quick(example_repo.root) == {"added": 0, "changed": 0, "removed": 0, "unchanged": files, "problems": 0}


def test_a_file_added_while_the_sync_ran_is_not_trusted_away(example_repo):
    """The folder records are taken after the sync listed the tree: a file
    the sync never saw leaves no fast answer behind."""
    settled_sync(example_repo)
    add(example_repo.root)
    repo = PlanRepo.open(example_repo.root)
    recorded = state.store.read(repo.root, "sync", state.signature(repo))
    url = index_url(repo, None)
    seen = {path: state.Seen(*row[:4], row[4]) for path, row in _files(recorded).items()}
    state.remember(repo, url, sqlite_path(url), seen, repo.formats.extensions, 0, recorded["recorded_ns"])
    assert quick(example_repo.root) is None
    assert sync(example_repo)["added"] == 1


def _files(recorded: dict) -> dict[str, list]:
    """Every file's record in a state document."""
    files = {}
    for prefix, record in recorded["folders"].items():
        for name, row in zip(record[4], json.loads(record[7])):
            files[prefix + name] = row
    return files


def test_a_file_added_after_the_sync_listed_the_tree_is_not_trusted_away(example_repo):
    """A sync records the folders as its own listing saw them, before it read
    the files: a file added after that listing (while the files were read or
    the index written) leaves no fast answer behind."""
    settled_sync(example_repo)
    repo = PlanRepo.open(example_repo.root)
    recorded = state.store.read(repo.root, "sync", state.signature(repo))
    listing = WorkTree(repo.root).list_folders(repo.formats.extensions)
    add(example_repo.root)
    url = index_url(repo, None)
    seen = {path: state.Seen(*row[:4], row[4]) for path, row in _files(recorded).items()}
    state.remember(repo, url, sqlite_path(url), seen, repo.formats.extensions, 0, recorded["recorded_ns"], None, listing)
    assert quick(example_repo.root) is None
    assert sync(example_repo)["added"] == 1


def test_the_sync_records_its_own_listing(example_repo):
    """The folders a sync records are those it loaded: the next no-change
    check answers from them, and a change after the sync is still found."""
    settled_sync(example_repo)
    recipe = example_repo.root / RECIPE
    recipe.write_text(recipe.read_text().replace("name: ", "name: New ", 1))
    assert sync(example_repo) == {"added": 0, "changed": 1, "removed": 0}
    files = sum(1 for _ in example_repo.root.rglob("*.yaml")) - 1  # plansync.yaml is not a plan file
    assert quick(example_repo.root) == {"added": 0, "changed": 0, "removed": 0, "unchanged": files, "problems": 0}
    add(example_repo.root)
    assert quick(example_repo.root) is None
    assert sync(example_repo)["added"] == 1
