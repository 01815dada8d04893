"""Plan files of a git revision, read from git objects (no checkout)."""

from __future__ import annotations

from pathlib import Path

from plansync.errors import LoadError, Problem
from plansync.git.io import CatFile, resolve_commit, run_git
from plansync.load.sources import printable_path, unprintable
from plansync.repo.repository import SETTINGS_FILE


class RevisionSource:
    """The plan files of a git revision, read from git objects (no checkout)."""

    def __init__(self, root: Path, revision: str) -> None:
        self.root = root
        self.revision = revision
        self.commit = resolve_commit(root, revision)
        self.label = f"revision {revision}"
        prefix = run_git(root, "rev-parse", "--show-prefix").decode().strip()
        self._prefix = prefix  # the plan repository may be a folder of the git repository
        self._cat: CatFile | None = None

    def _cat_file(self) -> CatFile:
        if self._cat is None:
            self._cat = CatFile(self.root)
        return self._cat

    def list_files(self, extensions: tuple[str, ...]) -> tuple[list[str], list]:
        out = run_git(self.root, "ls-tree", "-r", "-z", "--full-tree", self.commit, "--", self._prefix or ".")
        suffixes = tuple(e.lower() for e in extensions)
        found = []
        problems = []
        for entry in out.split(b"\0"):
            if not entry:
                continue
            meta, _, name = entry.partition(b"\t")
            mode = meta.split()[0]
            path = name.decode("utf-8", "replace")[len(self._prefix) :]
            if mode == b"120000" or any(part.startswith(".") for part in path.split("/")):
                continue
            if path.lower().endswith(suffixes) and path != SETTINGS_FILE:
                if unprintable(path):  # a line break would desynchronise git cat-file --batch
                    problems.append(Problem(printable_path(path), "unreadable", "the file name holds control characters; rename it"))
                else:
                    found.append(path)
        return sorted(found), problems

    def read(self, path: str, limit: int) -> bytes:
        data = self._cat_file().read(f"{self.commit}:{self._prefix}{path}")
        if data is None:
            raise LoadError(f"not in {self.label}", code="unreadable")
        if len(data) > limit:
            raise LoadError(
                f"file is {len(data)} bytes, over the limit of {limit} (max_file_bytes in plansync.yaml)",
                code="too-large",
            )
        return data

    def read_settings(self) -> str | None:
        data = self._cat_file().read(f"{self.commit}:{self._prefix}{SETTINGS_FILE}")
        return None if data is None else data.decode("utf-8-sig", "replace")

    def close(self) -> None:
        """Stop the ``git cat-file`` process (a later read starts another)."""
        if self._cat is not None:
            self._cat.close()
            self._cat = None
