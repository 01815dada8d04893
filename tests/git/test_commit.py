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
