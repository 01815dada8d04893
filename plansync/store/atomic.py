"""Atomic file writes: a reader (or a crash) sees the old file or the new one.

The new content goes to a temporary file in the same folder (same file
system, so the rename is atomic), is flushed and fsynced, then renamed over
the target; the folder is fsynced so the rename itself survives a power
cut. Temporary names start with ``.`` and end with ``.tmp`` so a file left
by a killed process is never discovered as a plan file; they carry the
writer's pid (``.plansync-<pid>-<random>.tmp``), and a write into a folder
removes the ones whose process is gone (again whenever the folder changed
since this process last wrote there).
"""

from __future__ import annotations

import errno
import os
import re
import stat
from pathlib import Path

from plansync.errors import PlansyncError
from plansync.repo.paths import node_kind

TEMP_PREFIX = ".plansync-"
TEMP_SUFFIX = ".tmp"
_STALE = re.compile(re.escape(TEMP_PREFIX) + r"(\d+)-[^/]*" + re.escape(TEMP_SUFFIX) + r"\Z")
#: Folder -> its modification time when this process last swept it (or
#: wrote in it): a killed writer's temporary file changes it again.
_swept: dict[str, int] = {}


def _stamp(folder: Path) -> int:
    try:
        return os.stat(folder).st_mtime_ns
    except OSError:
        return -1


def process_alive(pid: int) -> bool:
    """Whether process ``pid`` may still be running (one we cannot signal counts as running)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):  # someone else's, or no pid at all: leave it
        return True
    return True


def remove_stale_temp_files(folder: Path) -> list[str]:
    """Remove the temporary files a killed writer left in ``folder`` (those
    whose pid names no live process); returns their names."""
    removed = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        match = _STALE.match(entry.name)
        if match is None or int(match.group(1)) == os.getpid() or process_alive(int(match.group(1))):
            continue
        try:
            os.unlink(entry.path)
            removed.append(entry.name)
        except OSError:
            pass
    return removed


class NotRegularError(PlansyncError):
    """The target of a write is there but is not a regular file."""


def check_target(path: Path) -> None:
    """Refuse to replace anything but a regular file (or nothing) at ``path``.

    A rename over a link, a FIFO or a device node would replace that node
    with a plain file (as root, ``--output /dev/full`` turned the device into
    a file); plansync only ever replaces the files it writes."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return
    except OSError as exc:
        raise _failed(path, exc) from None
    kind = node_kind(mode)
    if kind is not None:
        raise NotRegularError(
            f"refusing to write {path}: it is {kind}, not a regular file; plansync only replaces regular files "
            "(write to a file path instead)"
        )


def write_atomic(path: Path, data: bytes | str) -> None:
    """Replace ``path`` with ``data`` atomically; raise PlansyncError on failure."""
    commit(prepare(path, data), path)


def prepare(path: Path, data: bytes | str, temp: Path | None = None, sync: bool = True) -> Path:
    """Write ``data`` to a temporary file beside ``path`` (``temp``, or a
    fresh ``.plansync-<pid>-*.tmp``), flushed to disk; ``path`` is untouched.
    On failure nothing is left behind and PlansyncError says why. With
    ``sync=False`` the caller flushes (one :func:`os.sync` for many files)
    before it renames any of them."""
    if isinstance(data, str):
        try:
            data = data.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise WriteError(
                f"could not write {path.name}: character {exc.object[exc.start]!r} at offset {exc.start} cannot be "
                "stored as UTF-8 (a lone surrogate); the file is unchanged",
                "a character cannot be stored as UTF-8",
            ) from None
    check_target(path)
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if _swept.get(str(folder)) != _stamp(folder):
            remove_stale_temp_files(folder)
        if temp is None:
            import tempfile  # ~3 ms at start-up, and a command that finds nothing changed writes nothing

            fd, name = tempfile.mkstemp(prefix=f"{TEMP_PREFIX}{os.getpid()}-", suffix=TEMP_SUFFIX, dir=folder)
            temp = Path(name)
        else:
            fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        # Our own temporary file changed the folder: no reason to sweep it
        # again (a step preparing 10,000 files would scan it each time).
        _swept[str(folder)] = _stamp(folder)
    except OSError as exc:
        raise _failed(path, exc) from None
    try:
        try:
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            if sync:
                os.fsync(fd)
        finally:
            os.close(fd)
        os.chmod(temp, path.stat().st_mode & 0o7777 if path.exists() else 0o644)
    except BaseException as exc:
        remove_quietly(temp)
        if isinstance(exc, OSError):
            raise _failed(path, exc) from None
        raise
    return temp


def commit(temp: Path, path: Path, sync_folder: bool = True) -> None:
    """Rename a prepared ``temp`` over ``path`` (atomic), and make it last
    (``sync_folder=False``: the caller syncs once, after many renames)."""
    try:
        check_target(path)
        os.replace(temp, path)
    except BaseException as exc:
        remove_quietly(temp)
        if isinstance(exc, OSError):
            raise _failed(path, exc) from None
        raise
    if sync_folder:
        _fsync_folder(path.parent)
    _swept[str(path.parent)] = _stamp(path.parent)


class WriteError(PlansyncError):
    """A file could not be written; ``reason`` says why ("the disk is full")."""

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


def _failed(path: Path, exc: OSError) -> WriteError:
    reason = "the disk is full" if exc.errno in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT) else str(exc.strerror)
    return WriteError(f"could not write {path.name}: {reason}; the file is unchanged", reason)


def remove_quietly(path: Path) -> None:
    """Remove ``path`` if it is there; a file already gone is no failure."""
    try:
        os.unlink(path)
    except OSError:
        pass


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


def write_into_folder(folder: Path, files: dict[str, str | bytes]) -> list[Path]:
    """Write each ``{name: data}`` into ``folder`` with :func:`write_atomic`
    (made when missing); returns the paths written. Refuses a ``folder``
    that is anything but a real folder (a link to one included, as
    :func:`check_target` refuses links), a name that is not a plain file
    name and a target that is not a regular file, before writing anything."""
    try:
        mode = os.lstat(folder).st_mode
    except FileNotFoundError:
        mode = None
    except OSError as exc:
        raise _failed(folder, exc) from None
    if mode is not None and not stat.S_ISDIR(mode):
        raise NotRegularError(f"refusing to write into {folder}: it is {node_kind(mode) or 'a file'}, not a folder")
    for name in files:
        if not name or name != os.path.basename(name) or name in (".", "..") or name.startswith("."):
            raise PlansyncError(f"refusing to write {name!r} into {folder}: not a plain file name")
        check_target(folder / name)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _failed(folder, exc) from None
    written = []
    for name in sorted(files):
        write_atomic(folder / name, files[name])
        written.append(folder / name)
    return written
