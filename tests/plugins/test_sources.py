"""An import source is read from the file that was checked, never past the bound."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from plansync.errors import PlansyncError
from plansync.lifecycle.importing import check_source
from plansync.plugins import MAX_IMPORT_BYTES, read_source
from plansync.plugins.default_exchange import import_json
from tests.helpers import write_export


def test_a_source_that_grows_after_the_check_is_refused_not_read_on(tmp_path):
    export = tmp_path / "export.json"
    write_export(export, [{"path": "catalog/ingredients/x.yaml", "data": {"kind": "ingredient", "slug": "x", "name": "X"}}])
    check_source(export)  # the host's check passes: a few bytes
    with open(export, "r+b") as handle:  # then the file grows (sparse: no disk, no time)
        handle.truncate(MAX_IMPORT_BYTES + 1)
    with pytest.raises(PlansyncError) as refused:
        import_json(export)
    assert refused.value.message == (
        f"cannot import {export}: {MAX_IMPORT_BYTES + 1} bytes, over the limit of {MAX_IMPORT_BYTES} bytes for an import"
    )


def test_the_read_stops_at_the_bound_plus_one_even_when_the_size_lies(tmp_path):
    """A /proc file is a regular file whose size says 0: only the bound on
    the read itself stops it (as it stops a file growing while being read)."""
    status = Path("/proc/self/status")
    if not status.is_file():
        pytest.skip("needs Linux /proc")
    assert os.stat(status).st_size == 0 and len(status.read_bytes()) > 100
    with pytest.raises(PlansyncError) as refused:
        read_source(status, limit=100)
    assert refused.value.message == f"cannot import {status}: more than 100 bytes; not read (it grew after it was checked)"
    assert read_source(status, limit=1 << 20).startswith(b"Name:")


def test_a_fifo_put_where_the_checked_file_was_is_refused_without_waiting(tmp_path):
    fifo = tmp_path / "export.json"
    os.mkfifo(fifo)
    with pytest.raises(PlansyncError) as refused:
        read_source(fifo)
    assert refused.value.message == f"cannot import {fifo}: it is a named pipe (FIFO), not a regular file"


def test_a_link_to_the_users_file_is_followed_and_a_missing_file_is_an_os_error(tmp_path):
    real = tmp_path / "real.json"
    real.write_bytes(b"{}")
    (tmp_path / "link.json").symlink_to(real)
    assert read_source(tmp_path / "link.json") == b"{}"
    with pytest.raises(FileNotFoundError):
        read_source(tmp_path / "missing.json")
