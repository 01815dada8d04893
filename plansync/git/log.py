"""The commits that touched part of a plan repository, newest first.

One ``git log --raw -z`` lists every commit touching a scope and the blobs
each changed: on the first-parent line, so a merge shows as the change it
brought; without rename detection, so a move is a removal and an addition.
The plan repository may be a folder of the git repository: pathspecs are
given relative to it (git runs there) and the paths git prints, relative
to the top of the git repository, are made relative to it again. Hidden
files and folders (``.schemas``, ``.gitignore``) are never plan files and
are left out by the pathspec itself, so ``--limit`` counts only commits
that changed something else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from plansync.git.io import GitError, is_work_tree, run_git

_FIELD = "\x1f"
#: A record starts with the separator and a full commit id (sha-1 or sha-256).
_RECORD = re.compile("\x1e(?=[0-9a-f]{40,64}\x1f)")
#: Length of a short commit id (git's own default).
SHORT = 7
_HIDDEN = (":(exclude,glob)**/.*", ":(exclude,glob)**/.*/**")


@dataclass(frozen=True)
class FileChange:
    """One file a commit added (``A``), modified (``M``, ``T``) or deleted (``D``)."""

    status: str
    old_blob: str | None
    new_blob: str | None
    #: Relative to the plan repository.
    path: str


@dataclass(frozen=True)
class Commit:
    sha: str
    short: str
    #: Author date, ISO 8601.
    date: str
    author: str
    subject: str
    changes: list[FileChange] = field(default_factory=list)
    #: Committer date, ISO 8601 (when the commit entered the history).
    committed: str = ""


def require_git(root: Path) -> None:
    if not is_work_tree(root):
        raise GitError(f"{root} is not in a git repository: there is no history to show")


def has_commits(root: Path) -> bool:
    return bool(run_git(root, "rev-parse", "--verify", "--quiet", "HEAD", check=False).strip())


def plan_prefix(root: Path) -> str:
    """Where the plan repository sits in the git repository (``plans/``, or empty)."""
    return run_git(root, "rev-parse", "--show-prefix").decode().strip()


def pathspec(relative: str | None) -> list[str]:
    """Pathspecs for a plan-repository-relative path (None: all of it).

    The user's path is taken literally (``:(literal)``): a name such as
    ``:(exclude)x`` or ``*`` means that file, not git pathspec magic.
    """
    head = "." if relative in (None, "", ".") else f":(literal){relative.rstrip('/')}"
    return [head, *_HIDDEN]


def touched(root: Path, relative: str) -> bool:
    """Whether any commit ever touched ``relative`` (a file or folder)."""
    if not has_commits(root):
        return False
    out = run_git(root, "log", "-1", "--format=%H", "HEAD", "--", *pathspec(relative))
    return bool(out.strip())


def commits(
    root: Path, relative: str | None, limit: int | None = None, *, since: str | None = None, oldest_first: bool = False
) -> list[Commit]:
    """The commits touching ``relative`` (None: the whole plan repository),
    newest first (or oldest first); ``since``: only commits after that one."""
    if not has_commits(root):
        return []
    prefix = plan_prefix(root)
    args = ["log", "--first-parent", "-m", "--no-renames", "--raw", "--no-abbrev", "-z",
            f"--format=\x1e%H{_FIELD}%aI{_FIELD}%cI{_FIELD}%an <%ae>{_FIELD}%s"]  # fmt: skip
    if limit is not None:
        args.append(f"--max-count={int(limit)}")
    if oldest_first:
        args.append("--reverse")
    revisions = f"{since}..HEAD" if since else "HEAD"
    out = run_git(root, *args, revisions, "--", *pathspec(relative)).decode("utf-8", "replace")
    return [_parse(record, prefix) for record in _RECORD.split(out)[1:]]


def _parse(record: str, prefix: str) -> Commit:
    # "<sha>\x1f<date>\x1f<committed>\x1f<author>\x1f<subject>\0\n:<mode> <mode> <blob> <blob> <status>\0<path>\0..."
    header, _, raw = record.partition("\0")
    sha, date, committed, author, subject = header.split(_FIELD, 4)
    fields = raw.split("\0")
    changes: list[FileChange] = []
    index = 0
    while index + 1 < len(fields):
        meta = fields[index].strip("\n")
        if not meta.startswith(":"):
            index += 1
            continue
        parts = meta[1:].split()
        path = fields[index + 1]
        index += 2
        if prefix and not path.startswith(prefix):
            continue
        changes.append(FileChange(parts[4][0], _blob(parts[2]), _blob(parts[3]), path[len(prefix) :]))
    return Commit(sha, sha[:SHORT], date, author, subject.strip("\n"), changes, committed)


def _blob(sha: str) -> str | None:
    return None if not sha.strip("0") else sha
