"""``plansync serve`` as a person starts it: a real server process on loopback."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start(repo: Path, *args: str) -> tuple[subprocess.Popen, str]:
    process = subprocess.Popen(
        [sys.executable, "-m", "plansync", "--repo", str(repo), "serve", *args],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    line = process.stdout.readline()  # type: ignore[union-attr]
    return process, line


def wait_until_served(url: str) -> bytes:
    deadline = time.monotonic() + 20
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as answer:
                return answer.read()
        except urllib.error.HTTPError:
            raise
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def test_serve_prints_its_address_serves_the_events_and_stops_on_ctrl_c(example_repo) -> None:
    port = free_port()
    process, line = start(example_repo.root, "--port", str(port))
    try:
        assert f"at http://localhost:{port}/ (Ctrl-C stops)" in line
        page = wait_until_served(f"http://127.0.0.1:{port}/events/christmas-2026").decode()
        assert "Christmas 2026" in page and "30 ingredients to buy" in page
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(20)
    assert process.returncode in (0, -signal.SIGINT)


def test_off_loopback_serve_asks_for_a_token_and_prints_it(example_repo) -> None:
    port = free_port()
    process, line = start(example_repo.root, "--host", "0.0.0.0", "--port", str(port))
    try:
        token = re.search(r"\?token=(\S+) ", line)
        assert token, line
        with pytest.raises(urllib.error.HTTPError) as refused:
            wait_until_served(f"http://127.0.0.1:{port}/")
        assert refused.value.code == 401
        request = urllib.request.Request(f"http://127.0.0.1:{port}/", headers={"Authorization": f"Bearer {token.group(1)}"})
        with urllib.request.urlopen(request, timeout=5) as answer:
            assert answer.status == 200
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(20)


def test_serve_refuses_a_folder_that_is_no_plan_repository(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "plansync", "--repo", str(tmp_path), "serve"], capture_output=True, text=True, timeout=30,
                            env={**os.environ, "PLANSYNC_DEBUG": ""})  # fmt: skip
    assert result.returncode != 0
    assert "error:" in result.stderr and "Traceback" not in result.stderr
