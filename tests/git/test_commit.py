"""Committing exactly the files a command wrote, never someone's unrelated edits."""

from __future__ import annotations

import pytest

from plansync.errors import RefusedError
from plansync.git.commit import Committer
from plansync.repo.repository import PlanRepo


def test_commits_only_the_written_files(example_repo):
    repo = PlanRepo.open(example_repo.root)
    example_repo.write("catalog/ingredients/untouched.yaml", "kind: ingredient\nslug: untouched\nname: U\n")
    committer = Committer.for_command(repo, True)
    committer.precheck(["events/christmas-2026/runs.yaml"])
    example_repo.write("events/christmas-2026/runs.yaml", "kind: runs\nevent: christmas-2026\n")
    sha = committer.commit(["events/christmas-2026/runs.yaml"], "record production christmas-2026: run 1")
    assert sha == example_repo.git("rev-parse", "HEAD").strip()
    assert example_repo.git("show", "--name-only", "--format=%s", "HEAD").split() == [
        "record", "production", "christmas-2026:", "run", "1", "events/christmas-2026/runs.yaml"]  # fmt: skip
    assert "?? catalog/ingredients/untouched.yaml" in example_repo.git("status", "--porcelain")


def test_refuses_files_with_uncommitted_edits(example_repo):
    repo = PlanRepo.open(example_repo.root)
    path = "events/christmas-2026/event.yaml"
    example_repo.write(path, example_repo.read(path) + "# my note\n")
    with pytest.raises(RefusedError, match="events/christmas-2026/event.yaml has uncommitted edits"):
        Committer.for_command(repo, True).precheck([path])


def test_auto_commit_setting_and_no_commit_flag(example_repo):
    example_repo.write("plansync.yaml", "version: 1\nauto_commit: true\n")
    example_repo.commit_all("auto commit on")
    repo = PlanRepo.open(example_repo.root)
    assert Committer.for_command(repo, None).enabled
    assert not Committer.for_command(repo, False).enabled
    assert Committer.for_command(repo, False).commit(["x"], "nothing") is None


# --- an interrupted --commit is finished by the next command (issue 16) ----------

import os  # noqa: E402
import stat  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402

from tests.conftest import PROJECT  # noqa: E402

RECORD = ["record", "production", "christmas-2026", "sugar-cookie", "1", "--commit"]


def _hook(root, body: str) -> None:
    hook = root / ".git/hooks/pre-commit"
    hook.write_text("#!/bin/sh\n" + body + "\n")
    hook.chmod(hook.stat().st_mode | stat.S_IXUSR)


def _plansync(root, *args):
    env = {**os.environ, "PYTHONPATH": str(PROJECT)}
    return subprocess.run([sys.executable, "-m", "plansync", "--repo", str(root), *args],
                          capture_output=True, text=True, env=env)  # fmt: skip


@pytest.mark.parametrize("kill", [
    "kill -9 $PPID",  # git killed at its commit: the file staged, git's index.lock left
    "kill -9 $(ps -o ppid= -p $PPID | tr -d ' ') $PPID",  # plansync itself killed too
])  # fmt: skip
def test_a_commit_killed_at_git_commit_is_finished_by_the_next_command(example_repo, kill):
    assert example_repo.run("lock", "christmas-2026", "--commit").exit_code == 0
    assert example_repo.run("start", "christmas-2026", "--commit").exit_code == 0
    head = example_repo.git("rev-parse", "HEAD").strip()
    _hook(example_repo.root, kill)
    interrupted = _plansync(example_repo.root, *RECORD)
    assert interrupted.returncode != 0
    assert example_repo.git("rev-parse", "HEAD").strip() == head
    (example_repo.root / ".git/hooks/pre-commit").unlink()
    again = _plansync(example_repo.root, *RECORD)
    assert again.returncode == 0, again.stderr
    assert "a previous plansync was interrupted while committing events/christmas-2026/runs.yaml; committed it now" in again.stderr
    log = example_repo.git("log", "--format=%s", f"{head}..HEAD").splitlines()
    assert len(log) == 2 and all(line.startswith("record production christmas-2026") for line in log), log
    assert example_repo.git("status", "--porcelain") == ""
    assert not (example_repo.root / ".plansync/commit-pending.json").exists()


def test_the_check_before_a_commit_names_each_kind_of_edit_in_order(tmp_path):
    """One listing of git's files for any number of paths (an import checks
    thousands): edited, staged and untracked files are named in the order
    given; clean and new files are not, nor a name that would be a glob; the
    plan repository may be a folder of the git repository."""
    from tests.conftest import copy_example
    from tests.helpers import git

    top = tmp_path / "top"
    root = copy_example(top / "plans")
    git(top, "init", "-q")
    git(top, "add", "-A")
    git(top, "commit", "-qm", "example")
    (root / "catalog/ingredients/untracked.yaml").write_text("kind: ingredient\nslug: untracked\nname: U\n")
    (root / "catalog/ingredients/unsalted-butter.yaml").write_text("kind: ingredient\nslug: butter\nname: B\n")
    staged = "events/christmas-2026/event.yaml"
    (root / staged).write_text((root / staged).read_text() + "# staged\n")
    git(root, "add", staged)
    paths = ["catalog/ingredients/unsalted-butter.yaml", "catalog/ingredients/new.yaml", "catalog/ingredients/*.yaml",
             "catalog/ingredients/granulated-sugar.yaml", staged, "catalog/ingredients/untracked.yaml"]  # fmt: skip
    with pytest.raises(RefusedError) as refused:
        Committer.for_command(PlanRepo.open(root), True).precheck(paths)
    assert refused.value.message == (
        f"refusing to commit: catalog/ingredients/unsalted-butter.yaml, {staged}, catalog/ingredients/untracked.yaml have "
        "uncommitted edits; commit or stash them first (nothing was changed)"
    )
