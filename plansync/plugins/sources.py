"""Reading an import source: the file the host checked, never more than the bound.

The host refuses a source that is not a regular file (or a folder of them)
or holds more than :data:`MAX_IMPORT_BYTES` before any importer runs; but
a file can grow between that check and the importer's read. So an importer
reads through :func:`read_source`, which checks the file it opened (fstat
of that descriptor) and reads at most the bound plus one byte from it.
"""

from __future__ import annotations

import os
from pathlib import Path

from plansync.errors import PlansyncError
from plansync.repo.paths import UnsafePathError, node_kind, read_bounded

#: The most an import reads: an export of a large repository is a few MB; a
#: FIFO or /dev/zero would otherwise be read until memory runs out.
MAX_IMPORT_BYTES = 256 * 1024 * 1024


def read_source(path: Path, limit: int = MAX_IMPORT_BYTES) -> bytes:
    """The bytes of the import source ``path`` (a link to a file is followed:
    the source is the user's own file, not the repository's).

    Raises :class:`OSError` when it cannot be opened or read, so an importer
    says why in its own words, and :class:`PlansyncError` when it is not a
    regular file or holds more than ``limit`` bytes, however it grew."""
    # O_NONBLOCK: a FIFO put there after the host's check must not hang the open.
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        info = os.fstat(fd)
        kind = node_kind(info.st_mode)
        if kind is not None:
            raise PlansyncError(f"cannot import {path}: it is {kind}, not a regular file")
        if info.st_size > limit:
            raise PlansyncError(f"cannot import {path}: {info.st_size} bytes, over the limit of {limit} bytes for an import")
        try:
            return read_bounded(fd, limit, f"cannot import {path}")
        except UnsafePathError as exc:
            raise PlansyncError(f"{exc.message} (it grew after it was checked)") from None
    finally:
        os.close(fd)
