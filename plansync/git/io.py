"""git, through the ``git`` command: argument lists only, never a shell.

A revision given by a user is checked before use: one that starts with
``-`` would be read by git as an option, so it is refused.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from plansync.errors import PlansyncError, UsageError


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


# git's range notations (A..B, A...B, ^A, A^!, A^@, A^-): rev-parse turns
# them into several commits, and a command reads the files of one.
_RANGE = re.compile(r"\.\.|^\^|\^[!@-]")


def check_revision(revision: str) -> str:
    if not revision or revision.startswith("-") or "\0" in revision:
        raise UsageError(f"not a revision: {revision!r}")
    if _RANGE.search(revision):
        raise UsageError(
            f"{revision!r} is a range of revisions; give one revision (a commit, branch or tag, "
            "such as HEAD~1 or v1); to compare two revisions: plansync diff A B"
        )
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
