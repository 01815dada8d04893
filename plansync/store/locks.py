"""Lock files under ``.plansync/locks/``: one writer at a time per resource.

``flock`` locks are released by the kernel when their process dies, so a
killed plansync never leaves a lock that blocks others. The file keeps the
holder's pid, so a waiter can say who it waits for, and a lock file left by
a process that is gone is recognised and explained.
"""

from __future__ import annotations

import errno
import fcntl
import os
import time
from pathlib import Path
from typing import Callable

from plansync.errors import PlansyncError

LOCK_FOLDER = "locks"


class LockTimeout(PlansyncError):
    """Another plansync held the lock for too long."""


class LockUnavailable(PlansyncError):
    """The lock file cannot be made: a read-only repository, or no permission."""

    def __init__(self, message: str, *, read_only: bool) -> None:
        super().__init__(message)
        #: The file system is mounted read-only (nothing in the repository can
        #: be written), not only the state folder closed to this user.
        self.read_only = read_only


#: The lock readers share while they read the plan files, and a multi-file
#: step holds alone while it renames: a reader never sees half a step.
FILES_LOCK = "files"


class ReadLock:
    """The shared files lock for reading; a repository where it cannot be
    made (read-only) is read without it, since nothing can write there."""

    def __init__(self, state_dir: Path) -> None:
        self._lock: FileLock | None = FileLock(state_dir, FILES_LOCK, shared=True)

    def __enter__(self) -> ReadLock:
        try:
            assert self._lock is not None
            self._lock.acquire()
        except LockUnavailable:
            self._lock = None
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()

    def release(self) -> None:
        if self._lock is not None:
            self._lock.release()
            self._lock = None


#: Where lock messages go when a lock is made without ``notify``; the
#: command line sets it to print on stderr (library code never prints).
default_notify: Callable[[str], None] = lambda message: None


class FileLock:
    """An exclusive lock on ``<state dir>/locks/<name>.lock``.

    :param notify: called with one line when the lock must be waited for,
        or when a lock left by a dead process is taken over.
    """

    def __init__(
        self,
        state_dir: Path,
        name: str,
        timeout: float = 60.0,
        notify: Callable[[str], None] | None = None,
        shared: bool = False,
    ) -> None:
        self.path = state_dir / LOCK_FOLDER / f"{name}.lock"
        self.name = name
        #: A shared lock (readers) is held by many at once and keeps no pid.
        self.shared = shared
        self.timeout = timeout
        self.notify = notify or (lambda message: default_notify(message))
        self._fd: int | None = None

    @staticmethod
    def _holder(fd: int) -> int | None:
        """The pid the lock file holds (of its holder, or of one killed holding it)."""
        try:
            text = os.pread(fd, 32, 0).decode("ascii").strip()
            return int(text) if text else None
        except (OSError, ValueError):
            return None

    def _open(self) -> int:
        """The lock file, never through a link (a repository could hold one
        leading to a file the lock would truncate)."""
        folder = self.path.parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
            if folder.is_symlink():
                raise OSError(errno.ELOOP, "a link")
            return os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o644)
        except OSError as exc:
            if exc.errno == errno.EROFS:
                # A writable .plansync/ would not help: the plan files cannot be written either.
                raise LockUnavailable(
                    f"cannot create the lock file {self.path}: the repository is on a read-only file system, so "
                    "nothing can be written in it: run this command in a writable clone (commands that only read, "
                    "such as validate, plan and shopping, work here)",
                    read_only=True,
                ) from None
            if exc.errno in (errno.EACCES, errno.EPERM):
                raise LockUnavailable(
                    f"cannot create the lock file {self.path}: {exc.strerror}; plansync needs a writable "
                    f"{self.path.parent.parent.name}/ folder in the repository to write (commands that only read, "
                    "such as validate, plan and shopping, work without one)",
                    read_only=False,
                ) from None
            reason = "it is a link, which plansync never follows" if exc.errno == errno.ELOOP else exc.strerror
            raise PlansyncError(f"cannot open the lock file {self.path}: {reason}; remove it and run again") from None

    def acquire(self) -> None:
        fd = self._open()
        deadline = time.monotonic() + self.timeout
        waited = False
        while True:
            try:
                fcntl.flock(fd, (fcntl.LOCK_SH if self.shared else fcntl.LOCK_EX) | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if not waited:
                    holder = self._holder(fd)
                    who = f" (pid {holder})" if holder else ""
                    self.notify(f"waiting for another plansync{who} that holds the {self.name} lock...")
                    waited = True
                if time.monotonic() > deadline:
                    os.close(fd)
                    raise LockTimeout(
                        f"gave up after {self.timeout:g} s waiting for the {self.name} lock ({self.path}); "
                        "another plansync is still running"
                    ) from None
                time.sleep(0.05)
        if self.shared:
            self._fd = fd
            return
        # A holder that ends normally empties the file before unlocking: a pid
        # still there is of a plansync killed while it held the lock (the
        # kernel released the lock itself).
        previous = self._holder(fd)
        if previous and previous != os.getpid():
            self.notify(
                f"a previous plansync (pid {previous}) was interrupted while holding the {self.name} lock; "
                "the lock was released when it ended, and what it was writing is either complete or untouched"
            )
        try:
            os.ftruncate(fd, 0)
            os.write(fd, f"{os.getpid()}\n".encode())
        except OSError as exc:
            # A full disk: the lock is held all the same, only its pid is not
            # written (a waiter cannot name the holder).
            self.notify(f"note: could not write this plansync's pid into {self.path.name}: {exc.strerror}")
        self._fd = fd

    def release(self) -> None:
        if self._fd is None:
            return
        try:
            if not self.shared:
                os.ftruncate(self._fd, 0)
        except OSError:
            pass  # the pid stays: read as an interrupted holder, which is only a note
        finally:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> FileLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()
