"""Atomic file writes: a reader (or a crash) sees the old file or the new one.

The new content goes to a temporary file in the same folder (same file
system, so the rename is atomic), is flushed and fsynced, then renamed over
the target; the folder is fsynced so the rename itself survives a power
cut. Temporary names start with ``.`` and end with ``.tmp`` so a file left
by a killed process is never discovered as a plan file.
"""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

from plansync.errors import PlansyncError

TEMP_PREFIX = ".plansync-"
TEMP_SUFFIX = ".tmp"


def write_atomic(path: Path, data: bytes | str) -> None:
    """Replace ``path`` with ``data`` atomically; raise PlansyncError on failure."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    folder = path.parent
    folder.mkdir(parents=True, exist_ok=True)
    fd, temp_name = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX, dir=folder)
    try:
        try:
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        if path.exists():
            os.chmod(temp_name, path.stat().st_mode & 0o7777)
        else:
            os.chmod(temp_name, 0o644)
        os.replace(temp_name, path)
    except BaseException as exc:
        try:
            os.unlink(temp_name)
        except OSError:
            pass
        if isinstance(exc, OSError):
            reason = "the disk is full" if exc.errno in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT) else exc.strerror
            raise PlansyncError(f"could not write {path.name}: {reason}; the file is unchanged") from None
        raise
    _fsync_folder(folder)


def _fsync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
