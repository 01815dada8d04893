"""Writing commands killed mid-write, and writes on a full disk: nothing half written.

Each writing command runs as a real process and is killed with SIGKILL:
at seeded random moments of its run, and the instant a temporary file of
its write appears (a watcher polls the folder it writes). After each kill
every file it writes holds its old bytes or a complete new version, no
temporary file is ever read as a plan file, and the next writing command
on the event settles what was left (the second file of a two-file step is
finished, or the step undone; stray temporary files are removed), so the
repository validates clean again. ``PLANSYNC_KILL_POINTS=N`` kills each
command N times at random moments (and N/2 times on a temporary file)
instead of the CI counts.

A full disk is RLIMIT_FSIZE in the command's process (SIGXFSZ ignored, so
writes fail with EFBIG as on a full file system).
"""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from plansync.cli.main import cli
from plansync.errors import LoadError
from plansync.load.documents import check_document, parse_bytes
from plansync.plugins.default_formats import YAML
from tests.conftest import EXAMPLE_REPO, PROJECT, copy_example
from tests.helpers import git, run_on_a_full_disk

EVENT = "christmas-2026"
FOLDER = f"events/{EVENT}"
RUNS = f"{FOLDER}/runs.yaml"
KILLS = int(os.environ.get("PLANSYNC_KILL_POINTS") or 3)
WATCHED_KILLS = max(1, KILLS // 2) if os.environ.get("PLANSYNC_KILL_POINTS") else 2


def cli_run(root: Path, *args: str):
    return CliRunner().invoke(cli, ["--repo", str(root), *args], catch_exceptions=False)


#: command -> (steps before it, its arguments, the files it writes)
COMMANDS = {
    "record": ([], ["record", "production", EVENT, "chocolate-chip-cookie", "2"], [RUNS]),
    "shopping-done": ([], ["shopping", EVENT, "--done"], [f"{FOLDER}/event.yaml"]),
    "lock": ([], ["lock", EVENT], [f"{FOLDER}/snapshots/planning.yaml", f"{FOLDER}/event.yaml"]),
    "start": ([["lock", EVENT]], ["start", EVENT], [f"{FOLDER}/snapshots/baseline.yaml", f"{FOLDER}/event.yaml"]),
    "amend": (
        [["lock", EVENT], ["start", EVENT]],
        ["amend", EVENT, "modify-batch", "fudge-brownie", "3", "--reason", "a bigger pan"],
        [f"{FOLDER}/amendments.yaml", f"{FOLDER}/event.yaml"],
    ),
}


@pytest.fixture(scope="module")
def prepared(tmp_path_factory):
    """One committed repository per command, in the state the command needs."""
    base = tmp_path_factory.mktemp("faults")
    repos = {}
    for name, (steps, _args, _files) in COMMANDS.items():
        root = base / name
        copy_example(root)
        git(root, "init", "-q")
        for step in steps:
            assert cli_run(root, *step).exit_code == 0, step
        git(root, "add", "-A")
        git(root, "commit", "-q", "-m", "ready")
        repos[name] = root
    return repos


def start(root: Path, args: list[str], preexec=None) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(PROJECT)}
    return subprocess.Popen(
        [sys.executable, "-m", "plansync", "--repo", str(root), *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, preexec_fn=preexec,
    )  # fmt: skip


def kill_at(process: subprocess.Popen, delay: float) -> None:
    time.sleep(delay)
    process.send_signal(signal.SIGKILL)
    process.communicate()


def kill_on_temp_file(process: subprocess.Popen, folder: Path, timeout: float = 30.0) -> bool:
    """SIGKILL the moment a temporary file of ``process`` shows in ``folder``
    (or below it); False when the process ended first."""
    prefix = f".plansync-{process.pid}-"
    deadline = time.monotonic() + timeout
    while process.poll() is None and time.monotonic() < deadline:
        for _dirpath, _dirs, names in os.walk(folder):
            if any(name.startswith(prefix) for name in names):
                process.send_signal(signal.SIGKILL)
                process.communicate()
                return True
    process.communicate()
    return False


def complete(path: Path) -> bool:
    """A plan file that reads back whole: parses, and matches its schema."""
    try:
        document = parse_bytes(path.name, path.read_bytes(), YAML)
    except LoadError:
        return False
    return check_document(document) == []


def hidden_leftovers(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob(".plansync-*"))


def check_after_kill(root: Path, files: list[str], before: dict[str, bytes | None]) -> None:
    for name in files:
        path = root / name
        now = path.read_bytes() if path.exists() else None
        assert now == before[name] or (now is not None and complete(path)), f"{name} is neither old nor new"
    report = json.loads(cli_run(root, "validate", "--format", "json").stdout)
    assert not [p for p in report["problems"] if "/." in f"/{p['path']}"], "a temporary file was read as a plan file"


def settle_and_check(root: Path) -> None:
    """The next writing command finishes what the killed one left."""
    result = cli_run(root, "record", "production", EVENT, "sugar-cookie", "1")
    assert result.exit_code == 0, result.output
    report = json.loads(cli_run(root, "validate", "--format", "json").stdout)
    assert [p for p in report["problems"] if p["severity"] == "error"] == []
    assert hidden_leftovers(root / FOLDER) == []
    assert list((root / ".plansync/journal").glob("*")) == [] if (root / ".plansync/journal").exists() else True


def reset(root: Path) -> None:
    git(root, "reset", "-q", "--hard")
    git(root, "clean", "-qfd", "-e", ".plansync")
    shutil.rmtree(root / ".plansync/journal", ignore_errors=True)


@pytest.mark.parametrize("name", list(COMMANDS))
def test_a_writing_command_killed_at_any_moment_leaves_old_or_new_files(prepared, name):
    root = prepared[name]
    _steps, args, files = COMMANDS[name]
    reset(root)
    timed = time.monotonic()
    assert start(root, args).wait() == 0
    duration = time.monotonic() - timed
    rng = random.Random(f"{name}-kills")
    outcomes = []
    for attempt in range(KILLS + WATCHED_KILLS):
        reset(root)
        before = {f: (root / f).read_bytes() if (root / f).exists() else None for f in files}
        process = start(root, args)
        if attempt < KILLS:
            kill_at(process, rng.uniform(0.05, 1.0) * duration)
        else:
            outcomes.append(kill_on_temp_file(process, root / FOLDER))
        check_after_kill(root, files, before)
        settle_and_check(root)
    if outcomes:
        assert any(outcomes), "no kill landed while a temporary file existed"
    reset(root)


def test_a_killed_import_leaves_whole_files_and_a_second_import_completes(tmp_path):
    from plansync.lifecycle.init import init_repository

    export = tmp_path / "export.json"
    export.write_text(cli_run(EXAMPLE_REPO, "export", "--to", "json").stdout)
    root = tmp_path / "target"
    init_repository(root)
    (root / "inventory.yaml").unlink()
    process = start(root, ["import", str(export), "--from", "json"])
    assert kill_on_temp_file(process, root) or True
    for path in root.rglob("*.yaml"):
        if ".plansync" not in path.parts and path.name != "plansync.yaml" and not path.name.startswith("."):
            assert complete(path), path
    report = json.loads(cli_run(root, "validate", "--format", "json").stdout)
    assert not [p for p in report["problems"] if "/." in f"/{p['path']}"]
    assert cli_run(root, "import", str(export), "--from", "json").exit_code == 0
    assert cli_run(root, "validate").exit_code == 0
    assert [p for p in root.rglob(".plansync-*")] == []


def test_stale_temporary_files_are_never_plan_files_and_are_swept(prepared):
    root = prepared["record"]
    reset(root)
    dead = root / FOLDER / ".plansync-999999999-x1.tmp"
    live = root / FOLDER / f".plansync-{os.getpid()}-x2.tmp"
    for path in (dead, live):
        path.write_text("kind: nonsense\n")
    report = json.loads(cli_run(root, "validate", "--format", "json").stdout)
    assert report["problems"] == []
    assert cli_run(root, "record", "production", EVENT, "sugar-cookie", "1").exit_code == 0
    assert not dead.exists()  # its process is gone
    assert live.exists()  # its process (this test) is still running
    live.unlink()
    reset(root)


def size(root: Path, name: str) -> int:
    return (root / name).stat().st_size


#: command -> (the file it fails to write, a file size limit that makes it fail)
FULL_DISK_CASES = {
    "record": ("runs.yaml", lambda root: size(root, RUNS) + 10),
    "lock": ("planning.yaml", lambda root: size(root, f"{FOLDER}/event.yaml") + 100),
    "amend": ("event.yaml", lambda root: size(root, f"{FOLDER}/event.yaml") - 1),
    "shopping-done": ("event.yaml", lambda root: size(root, f"{FOLDER}/event.yaml") - 1),
}


@pytest.mark.parametrize("name", list(FULL_DISK_CASES))
def test_a_full_disk_is_one_clear_line_and_changes_nothing(prepared, name):
    root = prepared[name]
    reset(root)
    if name == "record":  # a run log to grow past the limit
        assert cli_run(root, "record", "production", EVENT, "fudge-brownie", "1").exit_code == 0
        git(root, "add", "-A")
        git(root, "commit", "-qm", "a first run")
    _steps, args, files = COMMANDS[name]
    written, limit = FULL_DISK_CASES[name]
    before = {f: (root / f).read_bytes() if (root / f).exists() else None for f in files}
    done = run_on_a_full_disk(root, limit(root), *args)
    assert done.returncode == 1, done.stderr
    assert done.stderr == f"error: could not write {written}: the disk is full; the file is unchanged\n"
    assert done.stdout == ""
    for path, old in before.items():
        assert ((root / path).read_bytes() if (root / path).exists() else None) == old
    assert hidden_leftovers(root / FOLDER) == []
    assert git(root, "status", "--porcelain") == ""
    if name == "record":
        git(root, "reset", "-q", "--hard", "HEAD~1")
    reset(root)


def _dead_pid() -> int:
    finished = subprocess.Popen([sys.executable, "-c", "pass"])
    finished.wait()
    return finished.pid


def _half_done_lock(root: Path, scratch: Path, renamed: bool) -> tuple[Path, Path]:
    """The state a `lock` killed mid-step leaves: its journal, its prepared
    files, and (``renamed``) the snapshot already renamed into place."""
    import hashlib

    shutil.copytree(root, scratch, ignore=shutil.ignore_patterns(".plansync"))
    assert cli_run(scratch, "lock", EVENT).exit_code == 0
    pid = _dead_pid()
    names = [f"{FOLDER}/snapshots/planning.yaml", f"{FOLDER}/event.yaml"]
    entries = []
    for i, name in enumerate(names):
        old = (root / name).read_bytes() if (root / name).exists() else None
        new = (scratch / name).read_bytes()
        temp = f".plansync-{pid}-1-{i}.pending"
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).parent.joinpath(temp).write_bytes(new)
        entries.append({"path": name, "old": old and hashlib.sha256(old).hexdigest(),
                        "new": hashlib.sha256(new).hexdigest(), "temp": temp})  # fmt: skip
    if renamed:
        os.replace(root / FOLDER / "snapshots" / entries[0]["temp"], root / names[0])
    journal = root / ".plansync/journal" / f"{pid}-1.json"
    journal.parent.mkdir(parents=True, exist_ok=True)
    journal.write_text(json.dumps({"pid": pid, "files": entries}))
    return journal, scratch


def test_a_two_file_step_killed_between_its_renames_is_finished_by_the_next_command(prepared, tmp_path):
    root = prepared["lock"]
    reset(root)
    journal, scratch = _half_done_lock(root, tmp_path / "scratch", renamed=True)
    # Half done: a snapshot, and the event still draft.
    assert "is draft but has a planning snapshot" in cli_run(root, "validate").stdout
    result = cli_run(root, "record", "production", EVENT, "sugar-cookie", "1")
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        "a previous plansync was interrupted while writing several files: finished writing "
        f"{FOLDER}/event.yaml\n"
    )
    assert (root / f"{FOLDER}/event.yaml").read_bytes() == (scratch / f"{FOLDER}/event.yaml").read_bytes()
    assert cli_run(root, "validate").exit_code == 0
    assert not journal.exists() and hidden_leftovers(root / FOLDER) == []
    reset(root)


def test_a_two_file_step_killed_before_its_renames_is_undone_or_finished(prepared, tmp_path):
    root = prepared["lock"]
    reset(root)
    # Every file prepared, none renamed yet: the step completes.
    journal, scratch = _half_done_lock(root, tmp_path / "complete", renamed=False)
    assert cli_run(root, "record", "production", EVENT, "sugar-cookie", "1").exit_code == 0
    assert (root / f"{FOLDER}/snapshots/planning.yaml").exists() and not journal.exists()
    assert cli_run(root, "validate").exit_code == 0
    reset(root)
    # One file only half prepared: the step never happened.
    journal, scratch = _half_done_lock(root, tmp_path / "undone", renamed=False)
    pending = sorted((root / FOLDER).rglob(".plansync-*.pending"))
    pending[-1].write_bytes(pending[-1].read_bytes()[:40])
    before = (root / f"{FOLDER}/event.yaml").read_bytes()
    result = cli_run(root, "record", "production", EVENT, "sugar-cookie", "1")
    assert result.exit_code == 0 and result.stderr == ""
    assert not (root / f"{FOLDER}/snapshots/planning.yaml").exists()
    assert (root / f"{FOLDER}/event.yaml").read_bytes() == before
    assert not journal.exists() and hidden_leftovers(root / FOLDER) == []
    reset(root)


def test_a_disk_too_full_for_a_lock_pid_is_no_internal_error(prepared):
    """Issue 16: with not a byte free, writing the pid into a lock file was
    an internal error; the lock holds without it, and the command fails on
    its own file with the usual line."""
    root = prepared["record"]
    reset(root)
    before = (root / RUNS).read_bytes() if (root / RUNS).exists() else None
    done = run_on_a_full_disk(root, 0, "record", "production", EVENT, "fudge-brownie", "1")
    assert done.returncode == 1, done.stderr
    assert "internal error" not in done.stderr
    assert done.stderr.endswith("error: could not write runs.yaml: the disk is full; the file is unchanged\n"), done.stderr
    assert ((root / RUNS).read_bytes() if (root / RUNS).exists() else None) == before
    reset(root)
