"""Special files and links where plansync writes or reads (issue 16).

Writes go through one function (``store.atomic``) that refuses to replace
anything but a regular file; reads of settings go through
``repo.paths.read_regular`` (no link, no FIFO, no device, a size bound);
paths a repository names are resolved and kept inside it and out of
``.git/``. Device nodes are made in the test's own folder (``mknod`` as
root), never the machine's own ``/dev`` ones.
"""

from __future__ import annotations

import json
import os
import re
import stat
from pathlib import Path

import pytest

from plansync.errors import PlansyncError
from plansync.store.atomic import write_atomic


def _node(tmp_path: Path, kind: str) -> Path:
    path = tmp_path / f"target-{kind}"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "device":
        if os.geteuid() != 0:
            pytest.skip("making a device node needs root")
        os.mknod(path, stat.S_IFCHR | 0o600, os.makedev(1, 7))  # what /dev/full is
    elif kind == "link":
        (tmp_path / "real.json").write_text("precious\n")
        path.symlink_to(tmp_path / "real.json")
    elif kind == "folder":
        path.mkdir()
    return path


NODES = {"fifo": stat.S_ISFIFO, "device": stat.S_ISCHR, "link": stat.S_ISLNK, "folder": stat.S_ISDIR}
SAID = {"fifo": "a named pipe (FIFO)", "device": "a character device", "link": "a symbolic link", "folder": "a folder"}


@pytest.mark.parametrize("kind", ["fifo", "device", "link"])
def test_export_output_never_replaces_a_special_file(example_repo, tmp_path, kind):
    target = _node(tmp_path, kind)
    result = example_repo.run("export", "--to", "json", "--output", str(target))
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: refusing to write {target}: it is {SAID[kind]}, not a regular file; plansync only replaces "
        "regular files (write to a file path instead)\n"
    )
    assert NODES[kind](os.lstat(target).st_mode)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".plansync-")] == []
    if kind == "link":
        assert (tmp_path / "real.json").read_text() == "precious\n"


@pytest.mark.parametrize("kind", NODES)
def test_every_atomic_write_refuses_a_special_target(tmp_path, kind):
    target = _node(tmp_path, kind)
    with pytest.raises(PlansyncError, match=re.escape(f"refusing to write {target}: it is {SAID[kind]}")):
        write_atomic(target, "x")
    assert NODES[kind](os.lstat(target).st_mode)


def test_export_still_replaces_a_regular_file(example_repo, tmp_path):
    target = tmp_path / "out.json"
    target.write_text("old")
    assert example_repo.run("export", "--to", "json", "--output", str(target)).exit_code == 0
    assert target.read_text().startswith("{")


def test_a_linked_plansync_yaml_is_refused_and_its_content_never_shown(example_repo, tmp_path):
    outside = tmp_path / "secret.yaml"
    outside.write_text("version: 1\nsecret-token: hunter2\n")
    settings = example_repo.root / "plansync.yaml"
    settings.unlink()
    settings.symlink_to(outside)
    for args in (["validate"], ["sync"], ["plan", "christmas-2026"]):
        result = example_repo.run(*args)
        assert result.exit_code == 1, args
        assert result.stderr == f"error: {settings}: it is a symbolic link; plansync does not follow links here\n"
        assert "hunter2" not in result.output


def test_a_fifo_as_plansync_yaml_is_refused_without_waiting(example_repo):
    settings = example_repo.root / "plansync.yaml"
    settings.unlink()
    os.mkfifo(settings)
    result = example_repo.run("validate")
    assert result.exit_code == 1
    assert result.stderr == f"error: {settings}: it is a named pipe (FIFO), not a regular file; not read\n"


@pytest.mark.parametrize("setup, index", [
    (lambda root: (root / "db").symlink_to(root / ".git", target_is_directory=True), "sqlite:///db/index.sqlite"),
    (lambda root: (root / "db").symlink_to(root.parent, target_is_directory=True), "sqlite:///db/index.sqlite"),
    (lambda root: None, "sqlite:///.git/index.sqlite"),
])  # fmt: skip
def test_the_index_setting_is_resolved_and_kept_out_of_git_and_outside(example_repo, setup, index):
    setup(example_repo.root)
    settings = example_repo.root / "plansync.yaml"
    settings.write_text(settings.read_text() + f"index: {index}\n")
    before = sorted(p.name for p in (example_repo.root / ".git").iterdir())
    result = example_repo.run("sync")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: index {index!r} in plansync.yaml: lead")
    assert "a repository's settings may only name a SQLite file inside it" in result.stderr
    assert sorted(p.name for p in (example_repo.root / ".git").iterdir()) == before
    assert not (example_repo.root.parent / "index.sqlite").exists()


def test_a_folder_linked_into_git_is_never_written_by_an_import(plan_repo, tmp_path):
    from tests.helpers import write_export

    (plan_repo.root / "catalog").mkdir(exist_ok=True)
    (plan_repo.root / "catalog/hooks").symlink_to(plan_repo.root / ".git/hooks", target_is_directory=True)
    export = tmp_path / "export.json"
    write_export(export, [{"path": "catalog/hooks/pre-commit.yaml", "data": {"kind": "ingredient", "slug": "x", "name": "X"}}])
    result = plan_repo.run("import", str(export), "--from", "json")
    assert result.exit_code == 1
    assert not (plan_repo.root / ".git/hooks/pre-commit.yaml").exists()


def test_an_index_path_that_is_a_folder_is_a_message_not_an_internal_error(example_repo):
    (example_repo.root / ".plansync/index.sqlite").mkdir(parents=True)
    result = example_repo.run("sync")
    assert result.exit_code == 1
    assert result.stderr == (
        "error: the index .plansync/index.sqlite is a folder, not a database file: remove it (it is rebuilt from the files)\n"
    )


def test_a_symlink_loop_is_a_located_problem(example_repo):
    loop = example_repo.root / "catalog/ingredients/loop.yaml"
    loop.symlink_to(loop)
    result = example_repo.run("validate", "--format", "json")
    assert result.exit_code == 1
    problems = json.loads(result.stdout)["problems"]
    assert [(p["path"], p["code"]) for p in problems] == [("catalog/ingredients/loop.yaml", "unreadable")]
