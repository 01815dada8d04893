"""Folders the load cache recorded are not listed again while their own
stat stands, and a folder's files are proven by one digest: whatever is
added, removed, edited or broken since is still found, as a full listing
finds it."""

from __future__ import annotations

import json
import os
import time

import pytest

from plansync.cache.files import LoadCache
from plansync.cache.store import RACY_NS
from plansync.repo.repository import PlanRepo

RECIPE = "catalog/recipes/snickerdoodles.yaml"


def settle(root):
    """Every file and folder changed long before the next recording (ctimes cannot be set back: wait)."""
    past = time.time() - 3600
    for path in [root, *root.rglob("*")]:
        if ".git" not in path.parts and ".plansync" not in path.parts:
            os.utime(path, (past, past))
    time.sleep(RACY_NS / 1e9 + 0.2)


def checked(result) -> str:
    return result.stdout.strip().splitlines()[-1]


def records(root) -> dict:
    """The folders as recorded (in the cache's base or the delta over it)."""
    return LoadCache.open(PlanRepo.open(root)).folders


@pytest.fixture
def settled_repo(example_repo):
    settle(example_repo.root)
    assert example_repo.run("validate").exit_code == 0  # records every folder, with its files' digest
    assert all(record[6] is not None for record in records(example_repo.root).values())
    return example_repo


def test_each_change_is_found_though_the_other_folders_are_not_listed(settled_repo):
    repo = settled_repo
    files = int(checked(repo.run("validate")).split()[0])
    recipe = (repo.root / RECIPE).read_text()

    repo.write("catalog/recipes/copy.yaml", recipe)  # a new file beside: its folder's stat moved
    added = repo.run("validate")
    assert checked(added).startswith(f"{files + 1} files checked")
    assert "duplicate" in added.stdout and "copy.yaml" in added.stdout

    (repo.root / "catalog/recipes/copy.yaml").unlink()
    assert checked(repo.run("validate")) == f"{files} files checked: 0 error(s), 0 warning(s)"

    repo.write("catalog/extra/more/salt-2.yaml", (repo.root / "catalog/ingredients/salt.yaml").read_text())
    nested = repo.run("validate")
    assert checked(nested).startswith(f"{files + 1} files checked") and "catalog/extra/more/salt-2.yaml" in nested.stdout


def test_an_edit_in_place_is_read_again_though_no_folder_moved(settled_repo):
    repo = settled_repo
    path = repo.root / RECIPE
    text = path.read_text()
    broken = text.replace("ingredient: salt,", "ingredient: salz,")
    folder = path.parent.stat()
    path.write_text(broken)
    assert path.parent.stat().st_mtime_ns == folder.st_mtime_ns  # the folder's own stat says nothing
    result = repo.run("validate")
    assert result.exit_code == 1
    assert "ingredient 'salz' does not exist" in result.stdout


def test_damaged_folder_records_only_cost_a_listing(settled_repo):
    repo = settled_repo
    for name in ("load-cache.json", "load-cache.delta.json"):  # wherever the latest records are
        cache = repo.root / ".plansync" / name
        if cache.exists():
            document = json.loads(cache.read_text())
            for record in document["folders"]["records"].values():
                record[4] = "not a list"
            cache.write_text(json.dumps(document))
    repo.write("catalog/recipes/copy.yaml", (repo.root / RECIPE).read_text())
    result = repo.run("validate")
    assert "copy.yaml" in result.stdout
    assert isinstance(records(repo.root)["catalog/recipes/"][4], list)  # written again, whole


def test_a_listing_problem_is_said_every_time(settled_repo, tmp_path):
    repo = settled_repo
    outside = tmp_path / "outside.yaml"
    outside.write_text("kind: ingredient\n")
    os.symlink(outside, repo.root / "catalog" / "ingredients" / "elsewhere.yaml")
    for _ in range(2):
        result = repo.run("validate")
        assert "symlink leads outside the repository" in result.stdout


def test_files_of_a_folder_the_listing_could_not_stat_are_checked_one_by_one(settled_repo):
    from plansync.cache.files import LoadCache
    from plansync.load.cached import CachedLoad, Listing
    from plansync.load.repository import open_repository
    from plansync.load.sources import WorkTree

    repo = open_repository(settled_repo.root)
    cache = LoadCache.open(repo)
    source = WorkTree(repo.root)
    listed = source.list_known_folders(repo.formats.extensions, cache.folders, cache.folders_ns)
    paths, _problems, folders, stats, _reused = listed
    # As when a folder's own stat fails while it can still be listed: its files are in paths, not in folders.
    del folders["catalog/recipes/"], stats["catalog/recipes/"]
    listing = Listing(folders, stats, problems=False, started_ns=0, as_recorded=False)
    load = CachedLoad(source, paths, repo.formats, repo.settings.max_file_bytes, cache, listing)
    result, hashes, _seen = load.finish(save=False)
    assert sorted(hashes) == paths and not load.job_paths  # every file, the recipes too, trusted by its own stat
    assert any(document.path == RECIPE for document in result.documents)
