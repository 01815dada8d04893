"""The load cache never trusts a changed file: a settled tree's files come
from the cache by their stat, yet an edit that keeps the size and the mtime
(only the ctime moves), or a file replaced by a rename, is read again."""

from __future__ import annotations

import os
import time

import pytest

from plansync.cache.store import RACY_NS

PATH = "catalog/recipes/snickerdoodles.yaml"


def keep_size_and_mtime(root, text):
    path = root / PATH
    before = path.stat()
    path.write_text(text)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))


def replace_by_rename(root, text):
    path = root / PATH
    before = path.stat()
    spare = root / "catalog/recipes/.spare"
    spare.write_text(text)
    os.utime(spare, ns=(before.st_atime_ns, before.st_mtime_ns))
    os.replace(spare, path)


@pytest.mark.parametrize("edit", [keep_size_and_mtime, replace_by_rename])
def test_a_settled_file_edited_behind_the_stat_is_read_again(example_repo, edit):
    past = time.time() - 3600
    for path in example_repo.root.rglob("*.yaml"):
        os.utime(path, (past, past))
    time.sleep(RACY_NS / 1e9 + 0.2)  # the ctimes cannot be set back
    assert example_repo.run("validate").exit_code == 0  # the cache now trusts every file by its stat
    text = (example_repo.root / PATH).read_text()
    broken = text.replace("ingredient: salt,", "ingredient: salz,")  # the same size
    assert len(broken) == len(text) and broken != text
    edit(example_repo.root, broken)
    result = example_repo.run("validate")
    assert result.exit_code == 1
    assert "ingredient 'salz' does not exist" in result.stdout
