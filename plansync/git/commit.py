"""Committing what a writing command wrote (``--commit`` or ``auto_commit``).

A command commits exactly the files it wrote, with a message naming the
action and the event, under the user's own git identity. Before writing, it
checks that those files carry no unrelated uncommitted edits: a commit must
never sweep in someone's half-finished change.

Usage in a writing command::

    committer = Committer.for_command(repo, commit_flag)   # checks first
    committer.precheck(paths_about_to_be_written)
    ... write the files ...
    committer.commit(paths_written, "lock christmas-2026: planning snapshot 1a2b3c4d")
"""

from __future__ import annotations

from dataclasses import dataclass

from plansync.errors import RefusedError
from plansync.git.io import is_work_tree, run_git
from plansync.repo.repository import PlanRepo
from plansync.store.locks import FileLock


@dataclass
class Committer:
    repo: PlanRepo
    enabled: bool

    @classmethod
    def for_command(cls, repo: PlanRepo, flag: bool | None) -> Committer:
        """``flag`` is ``--commit/--no-commit`` (None: ``auto_commit`` decides)."""
        enabled = repo.settings.auto_commit if flag is None else flag
        if enabled and not is_work_tree(repo.root):
            raise RefusedError(f"cannot commit: {repo.root} is not in a git repository")
        return cls(repo, enabled)

    def precheck(self, paths: list[str]) -> None:
        """Refuse when a file about to be written has uncommitted edits."""
        if not self.enabled:
            return
        dirty = [path for path in paths if self._has_edits(path)]
        if dirty:
            raise RefusedError(
                f"refusing to commit: {', '.join(dirty)} {'has' if len(dirty) == 1 else 'have'} uncommitted edits; "
                "commit or stash them first (nothing was changed)"
            )

    def _has_edits(self, path: str) -> bool:
        tracked = run_git(self.repo.root, "ls-files", "--error-unmatch", "--", path, check=False)
        if not tracked.strip():
            return (self.repo.root / path).exists()
        has_head = run_git(self.repo.root, "rev-parse", "--verify", "--quiet", "HEAD", check=False).strip()
        if not has_head:
            return True
        changed = run_git(self.repo.root, "diff", "--name-only", "HEAD", "--", path)
        return bool(changed.strip())

    def commit(self, paths: list[str], message: str) -> str | None:
        """Commit exactly ``paths``; returns the new commit's sha (None when disabled)."""
        if not self.enabled or not paths:
            return None

        # Commands on different events run at once; git's own index lock
        # would fail the second commit, so commits take turns.
        with FileLock(self.repo.state_dir, "git"):
            existing = [p for p in paths if (self.repo.root / p).exists()]
            if existing:
                run_git(self.repo.root, "add", "--", *existing)
            run_git(self.repo.root, "commit", "--quiet", "--only", "-m", message, "--", *paths)
            return run_git(self.repo.root, "rev-parse", "HEAD").decode().strip()
