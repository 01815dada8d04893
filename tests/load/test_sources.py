"""Listing the work tree folder by folder (what the no-change check keeps)."""

from __future__ import annotations

import os

from plansync.load.sources import WorkTree, suffixes_of

EXTENSIONS = (".yaml", ".json")


def test_the_folder_listing_holds_the_same_files_as_the_plain_listing(example_repo):
    tree = WorkTree(example_repo.root)
    paths, problems, folders = tree.list_folders(EXTENSIONS)
    assert (paths, problems) == tree.list_files(EXTENSIONS)
    assert sorted(prefix + name for prefix, folder in folders.items() for name in folder.files) == paths
    assert "catalog/recipes" not in folders  # prefixes end with a slash
    assert "recipes" in folders["catalog/"].folders and "snickerdoodles.yaml" in folders["catalog/recipes/"].files


def test_one_folder_is_scanned_alone_and_a_link_marks_its_folder(example_repo):
    root = example_repo.root
    os.symlink(root / "catalog/recipes/snickerdoodles.yaml", root / "catalog/ingredients/linked.yaml")
    tree = WorkTree(root)
    files, subfolders, problems = tree.scan_folder("catalog/ingredients/", suffixes_of(EXTENSIONS))
    assert "linked.yaml" in files and subfolders == [] and problems == []
    folders = tree.list_folders(EXTENSIONS)[2]
    assert folders["catalog/ingredients/"].linked and not folders["catalog/recipes/"].linked
