"""Opening files of a repository safely: regular files only, never through
a link, never past a size, and never outside the repository or in ``.git/``.

Every path plansync opens or creates from what a repository says (its
settings, its files, an import) goes through here: a lexical check of a
path is not enough, since a folder may be a link leading anywhere, and a
FIFO or a device node would block a read or never end.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from plansync.errors import PlansyncError

GIT_DIR = ".git"


class UnsafePathError(PlansyncError):
    """A path leads outside the repository, into ``.git/``, through a link,
    or to something that is not a regular file."""


def node_kind(mode: int) -> str | None:
    """What a non-regular file is ("a named pipe (FIFO)", ...), None for a regular file."""
    for test, kind in (
        (stat.S_ISLNK, "a symbolic link"),
        (stat.S_ISFIFO, "a named pipe (FIFO)"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISDIR, "a folder"),
    ):
        if test(mode):
            return kind
    return None


def read_regular(path: Path, limit: int, label: str | None = None) -> bytes:
    """The bytes of the regular file ``path``, refusing a link, a FIFO, a
    device, a folder, or more than ``limit`` bytes (read as they come: a
    size that lies is still bounded)."""
    label = label or str(path)
    try:
        # O_NONBLOCK: opening a FIFO with no writer would otherwise wait forever.
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise UnsafePathError(f"{label}: it is a symbolic link; plansync does not follow links here") from None
        raise UnsafePathError(f"{label}: cannot read: {exc.strerror}") from None
    try:
        info = os.fstat(fd)
        kind = node_kind(info.st_mode)
        if kind is not None:
            raise UnsafePathError(f"{label}: it is {kind}, not a regular file; not read")
        if info.st_size > limit:
            raise UnsafePathError(f"{label}: the file is {info.st_size} bytes, over the limit of {limit}")
        return read_bounded(fd, limit, label)
    except OSError as exc:
        raise UnsafePathError(f"{label}: cannot read: {exc.strerror}") from None
    finally:
        os.close(fd)


def read_bounded(fd: int, limit: int, label: str) -> bytes:
    """At most ``limit`` bytes from the open ``fd``, as they come: a file
    that grows after its size was checked (or whose size lies, as
    ``/proc`` files do) is refused once ``limit + 1`` bytes are read."""
    chunks, total = [], 0
    while True:
        chunk = os.read(fd, min(1 << 20, limit + 1 - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
        if total > limit:
            raise UnsafePathError(f"{label}: more than {limit} bytes; not read")
    return b"".join(chunks)


def contained(root: Path, path: Path, label: str) -> Path:
    """``path`` (absolute or relative to ``root``) once every link is
    followed, refused unless it stays inside ``root`` and out of ``.git/``."""
    real_root = os.path.realpath(root)
    try:
        real = os.path.realpath(root / path, strict=False)
    except OSError as exc:  # a symlink loop on some Pythons
        raise UnsafePathError(f"{label}: cannot resolve the path: {exc.strerror}") from None
    if os.path.commonpath([real_root, real]) != real_root:
        raise UnsafePathError(f"{label}: leads outside the plan repository {root} (after following links)")
    git = os.path.join(real_root, GIT_DIR)
    if os.path.commonpath([git, real]) == git:
        raise UnsafePathError(f"{label}: leads into {GIT_DIR}/, which plansync never writes")
    return Path(real)
