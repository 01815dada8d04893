"""git, through the ``git`` command: argument lists only, never a shell.

A revision given by a user is checked before use: one that starts with
``-`` would be read by git as an option, so it is refused.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from plansync.errors import LoadError, PlansyncError, UsageError
from plansync.repo.repository import SETTINGS_FILE


class GitError(PlansyncError):
    """git failed or is not available."""


def run_git(cwd: Path, *args: str, input: bytes | None = None, check: bool = True) -> bytes:
    try:
        result = subprocess.run(
            ["git", *args], cwd=cwd, input=input, capture_output=True, check=False
        )
    except FileNotFoundError:
        raise GitError("git is not installed or not on PATH") from None
    if check and result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(f"git {args[0]} failed: {message[-1] if message else 'exit ' + str(result.returncode)}")
    return result.stdout


def check_revision(revision: str) -> str:
    if not revision or revision.startswith("-") or "\0" in revision:
        raise UsageError(f"not a revision: {revision!r}")
    return revision


def is_work_tree(path: Path) -> bool:
    try:
        out = run_git(path, "rev-parse", "--is-inside-work-tree", check=False)
    except GitError:
        return False
    return out.strip() == b"true"


def top_level(path: Path) -> Path:
    return Path(run_git(path, "rev-parse", "--show-toplevel").decode().strip())


def resolve_commit(root: Path, revision: str) -> str:
    check_revision(revision)
    out = run_git(root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}", check=False)
    sha = out.decode().strip()
    if not sha:
        if not is_work_tree(root):
            raise GitError(f"{root} is not in a git repository: there is no revision {revision!r} to read")
        raise PlansyncError(f"unknown revision {revision!r}")
    return sha


class CatFile:
    """One ``git cat-file --batch`` process reading many objects."""

    def __init__(self, cwd: Path) -> None:
        self._process = subprocess.Popen(
            ["git", "cat-file", "--batch"], cwd=cwd, stdin=subprocess.PIPE, stdout=subprocess.PIPE
        )

    def read(self, spec: str) -> bytes | None:
        assert self._process.stdin and self._process.stdout
        self._process.stdin.write(spec.encode() + b"\n")
        self._process.stdin.flush()
        header = self._process.stdout.readline()
        if header.endswith(b"missing\n") or not header:
            return None
        size = int(header.split()[2])
        data = self._process.stdout.read(size)
        self._process.stdout.read(1)
        return data

    def close(self) -> None:
        if self._process.stdin:
            self._process.stdin.close()
        self._process.wait()
        if self._process.stdout:
            self._process.stdout.close()

    def __enter__(self) -> CatFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


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
        from plansync.errors import Problem
        from plansync.load.sources import printable_path, unprintable

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
