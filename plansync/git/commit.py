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

import json
import os
from dataclasses import dataclass
from typing import Callable

from plansync.errors import PlansyncError, RefusedError
from plansync.git.io import GitError, is_work_tree, run_git
from plansync.repo.repository import PlanRepo
from plansync.store.atomic import process_alive, remove_quietly, write_atomic
from plansync.store import locks
from plansync.store.locks import FileLock

#: A commit under way: the paths and message, written before ``git add`` and
#: removed after ``git commit``; one left by a dead plansync is finished by
#: the next committing command (else every later --commit would refuse the
#: files it left staged).
PENDING = "commit-pending.json"


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
        committer = cls(repo, enabled)
        if enabled:
            committer.finish_interrupted()
        return committer

    def finish_interrupted(self, notify: Callable[[str], None] | None = None) -> None:
        """Finish the commit a killed or failed plansync left (its files
        written and perhaps staged), so this command's own check passes."""
        notify = notify or locks.default_notify
        pending = self.repo.state_dir / PENDING
        if not pending.is_file() or pending.is_symlink():
            return
        with FileLock(self.repo.state_dir, "git"):
            try:
                record = json.loads(pending.read_bytes())
                paths, message, pid = record["paths"], record["message"], record["pid"]
                if not (isinstance(paths, list) and all(isinstance(p, str) for p in paths) and isinstance(message, str)):
                    raise ValueError("bad record")
                paths = [self.repo.relative(self.repo.writable(p)) for p in paths]
            except (OSError, ValueError, KeyError, TypeError, PlansyncError):
                remove_quietly(pending)
                return
            if isinstance(pid, int) and pid != os.getpid() and process_alive(pid):
                return  # still at work
            self._clear_stale_index_lock(pending)
            changed = run_git(self.repo.root, "status", "--porcelain", "--", *paths).strip()
            if changed:
                try:
                    self._commit(paths, f"{message}\n\n(finished by plansync after an interrupted commit)")
                except GitError as exc:
                    raise RefusedError(
                        f"an interrupted commit of {', '.join(paths)} could not be finished: {exc.message}; "
                        f"commit them with git, then remove {pending}"
                    ) from None
                notify(f"a previous plansync was interrupted while committing {', '.join(paths)}; committed it now")
            remove_quietly(pending)

    def _clear_stale_index_lock(self, pending) -> None:  # type: ignore[no-untyped-def]
        """git's own index.lock, left by a git killed under a dead plansync
        (younger than the pending record: no other git made it)."""
        lock = self.repo.root / ".git" / "index.lock"
        try:
            if lock.is_file() and not lock.is_symlink() and lock.stat().st_mtime >= pending.stat().st_mtime - 1:
                lock.unlink()
        except OSError:
            pass

    def precheck(self, paths: list[str]) -> None:
        """Refuse when a file about to be written has uncommitted edits."""
        if not self.enabled or not paths:
            return
        dirty = self._with_edits(paths)
        if dirty:
            raise RefusedError(
                f"refusing to commit: {', '.join(dirty)} {'has' if len(dirty) == 1 else 'have'} uncommitted edits; "
                "commit or stash them first (nothing was changed)"
            )

    def _with_edits(self, paths: list[str]) -> list[str]:
        """The paths that differ from HEAD (or are not tracked but there),
        with three git processes however many paths: an import of 10,000
        files asked git three times per file."""
        root = self.repo.root
        # Every tracked or changed file of the plan repository's folder, then
        # looked up: no pathspec, so no glob in a name and no argument list too long.
        listed = run_git(root, "ls-files", "-z")
        tracked = {name.decode() for name in listed.split(b"\0") if name}
        has_head = run_git(root, "rev-parse", "--verify", "--quiet", "HEAD", check=False).strip()
        changed: set[str] = set()
        if has_head and tracked.intersection(paths):
            names = run_git(root, "diff", "--name-only", "--relative", "-z", "HEAD")
            changed = {name.decode() for name in names.split(b"\0") if name}
        return [
            path for path in paths
            if ((not has_head or path in changed) if path in tracked else (root / path).exists())
        ]  # fmt: skip

    def commit(self, paths: list[str], message: str) -> str | None:
        """Commit exactly ``paths``; returns the new commit's sha (None when disabled)."""
        if not self.enabled or not paths:
            return None

        # Commands on different events run at once; git's own index lock
        # would fail the second commit, so commits take turns.
        with FileLock(self.repo.state_dir, "git"):
            pending = self.repo.state_dir / PENDING
            write_atomic(pending, json.dumps({"pid": os.getpid(), "paths": paths, "message": message}))
            self._commit(paths, message)
            remove_quietly(pending)
            return run_git(self.repo.root, "rev-parse", "HEAD").decode().strip()

    def _commit(self, paths: list[str], message: str) -> None:
        existing = [p for p in paths if (self.repo.root / p).exists()]
        if existing:
            run_git(self.repo.root, "add", "--", *existing)
        run_git(self.repo.root, "commit", "--quiet", "--only", "-m", message, "--", *paths)
