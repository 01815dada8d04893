"""Lock files under ``.plansync/locks/``: one writer at a time per resource.

``flock`` locks are released by the kernel when their process dies, so a
killed plansync never leaves a lock that blocks others. The file keeps the
holder's pid, so a waiter can say who it waits for, and a lock file left by
a process that is gone is recognised and explained.
"""

from __future__ import annotations

import fcntl
import os
import time
from pathlib import Path
from typing import Callable

from plansync.errors import PlansyncError

LOCK_FOLDER = "locks"


class LockTimeout(PlansyncError):
    """Another plansync held the lock for too long."""


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class FileLock:
    """An exclusive lock on ``<state dir>/locks/<name>.lock``.

    :param notify: called with one line when the lock must be waited for,
        or when a lock left by a dead process is taken over.
    """

    def __init__(self, state_dir: Path, name: str, timeout: float = 60.0, notify: Callable[[str], None] | None = None) -> None:
        self.path = state_dir / LOCK_FOLDER / f"{name}.lock"
        self.name = name
        self.timeout = timeout
        self.notify = notify or (lambda message: None)
        self._fd: int | None = None

    def _holder(self) -> int | None:
        try:
            text = self.path.read_text().strip()
            return int(text) if text else None
        except (OSError, ValueError):
            return None

    def acquire(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        previous = self._holder()
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        deadline = time.monotonic() + self.timeout
        waited = False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if not waited:
                    holder = self._holder()
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
        if not waited and previous and previous != os.getpid() and not _pid_alive(previous):
            self.notify(f"a previous plansync (pid {previous}) was interrupted; its {self.name} lock was released")
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        self._fd = fd

    def release(self) -> None:
        if self._fd is None:
            return
        try:
            os.ftruncate(self._fd, 0)
        finally:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> FileLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()
