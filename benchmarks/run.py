"""Speed figures with the floor and the peers measured in the same run.

    python benchmarks/run.py [--files 5000] [--runs 5] [--history-commits 1000]

Prints a table: each measure as the median of several runs (wall time of
the whole process, start-up included) and its ratio to the goal's
reference. Needs PyYAML (the floor) and, for the peers, check-jsonschema
and git-history on PATH (``pip install pyyaml check-jsonschema
git-history``); a missing peer is reported, not faked. Nothing here is a
pass/fail test: it prints figures for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from corpus import generate  # noqa: E402
from history import make_histories  # noqa: E402

FLOOR = """
import os, sys, yaml
for folder, dirs, files in os.walk(sys.argv[1]):
    dirs[:] = [d for d in dirs if not d.startswith('.')]
    for name in files:
        if name.endswith('.yaml') and name != 'plansync.yaml':
            with open(os.path.join(folder, name), 'rb') as handle:
                yaml.load(handle.read(), Loader=yaml.CSafeLoader)
"""


def tool(name: str) -> str | None:
    """A peer's command: on PATH, or beside this Python (a virtual environment)."""
    beside = Path(sys.executable).parent / name
    return shutil.which(name) or (str(beside) if beside.exists() else None)


#: As a user runs it: Python keeps compiled bytecode (some shells and CI
#: images switch that off, which adds the compile time of every module).
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def timed(command: list[str], cwd: Path | None = None, prepare=None, runs: int = 5) -> float | None:
    """Median wall seconds of ``command`` (None when it cannot run)."""
    times = []
    for _ in range(runs):
        if prepare:
            prepare()
        started = time.perf_counter()
        try:
            result = subprocess.run(command, cwd=cwd, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        except FileNotFoundError:
            return None
        elapsed = time.perf_counter() - started
        if result.returncode not in (0, 1):
            print(f"  ! {' '.join(command[:4])}... exited {result.returncode}: {result.stderr.decode()[-300:]}")
            return None
        times.append(elapsed)
    return statistics.median(times)


def plansync(*args: str) -> list[str]:
    return [sys.executable, "-m", "plansync", *args]


def clear_state(repo: Path) -> None:
    shutil.rmtree(repo / ".plansync", ignore_errors=True)


def check_jsonschema_command(repo: Path) -> list[list[str]] | None:
    """One check-jsonschema run per kind, with our schema, on the same files."""
    checker = tool("check-jsonschema")
    if checker is None:
        return None
    from plansync import schemas

    folders = {
        "ingredient": "catalog/ingredients", "recipe": "catalog/recipes", "finished_unit": "catalog/finished-units",
        "material_unit": "catalog/materials", "finished_good": "catalog/finished-goods",
        "recipient": "catalog/recipients", "package": "catalog/packages",
    }  # fmt: skip
    commands = []
    for kind, folder in folders.items():
        files = sorted(str(p) for p in (repo / folder).glob("*.yaml"))
        commands.append([checker, "--schemafile", str(schemas.schema_file(kind)), *files])
    events = sorted(str(p) for p in repo.glob("events/*/event.yaml"))
    commands.append([checker, "--schemafile", str(schemas.schema_file("event")), *events])
    commands.append([checker, "--schemafile", str(schemas.schema_file("inventory")), str(repo / "inventory.yaml")])
    return commands


def timed_all(commands: list[list[str]], runs: int) -> float | None:
    total = 0.0
    for command in commands:
        figure = timed(command, runs=runs)
        if figure is None:
            return None
        total += figure
    return total


def row(name: str, value: float | None, reference: float | None, goal: str) -> str:
    shown = "n/a" if value is None else f"{value:.3f} s"
    ratio = "" if value is None or not reference else f"{value / reference:.2f}x"
    return f"| {name} | {shown} | {ratio} | {goal} |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--history-commits", type=int, default=1000)
    parser.add_argument("--history-files", type=int, default=100)
    parser.add_argument("--skip-history", action="store_true")
    parser.add_argument("--keep", type=Path, help="build the corpora here and keep them")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="plansync-bench-"))
    repo = work / "corpus"
    if not (repo / "plansync.yaml").exists():
        generate(repo, args.files, git=True)
    files = sum(1 for p in repo.rglob("*.yaml") if ".git" not in p.parts) - 1
    print(f"corpus: {files} plan files in {repo} ({os.cpu_count()} cores, Python {sys.version.split()[0]})")
    runs = args.runs
    # One unmeasured run of each command, so every module has its bytecode.
    for warm in (["--help"], ["--repo", str(repo), "validate"], ["--repo", str(repo), "shopping", "big-event"]):
        subprocess.run(plansync(*warm), env=ENV, capture_output=True)

    floor = timed([sys.executable, "-c", FLOOR, str(repo)], runs=runs)
    validate_cold = timed(plansync("--repo", str(repo), "validate"), prepare=lambda: clear_state(repo), runs=runs)
    peers = check_jsonschema_command(repo)
    peer = timed_all(peers, max(1, runs // 2)) if peers else None
    sync_cold = timed(plansync("--repo", str(repo), "sync"), prepare=lambda: clear_state(repo), runs=runs)
    subprocess.run(plansync("--repo", str(repo), "sync"), env=ENV, check=False, capture_output=True)
    sync_none = timed(plansync("--repo", str(repo), "sync"), runs=runs)
    victim = repo / "catalog/recipes/rec-1.yaml"
    original = victim.read_text()

    def touch_one() -> None:
        text = victim.read_text()
        victim.write_text(text.replace("family card 1\n", "family card 1a\n") if "card 1\n" in text else original)

    sync_one = timed(plansync("--repo", str(repo), "sync"), prepare=touch_one, runs=runs)
    victim.write_text(original)
    helped = timed(plansync("--help"), runs=runs)
    subprocess.run(plansync("--repo", str(repo), "validate"), env=ENV, capture_output=True)
    plan = timed(plansync("--repo", str(repo), "plan", "big-event", "--format", "json"), runs=runs)
    shopping = timed(plansync("--repo", str(repo), "shopping", "big-event", "--format", "json"), runs=runs)

    print()
    print("| measure | median wall time | ratio | goal |")
    print("|---|---|---|---|")
    print(row("floor: PyYAML CSafeLoader, every file, one process", floor, None, "reference"))
    print(row("cold `validate`", validate_cold, floor, "<= 1.3x the floor"))
    print(row("check-jsonschema, our schemas, same files", peer, validate_cold, ">= 8x plansync validate"))
    print(row("cold `sync`", sync_cold, floor, "<= 1.5x the floor"))
    print(row("`sync`, nothing changed", sync_none, None, "<= 0.3 s"))
    print(row("`sync`, one file changed", sync_one, sync_none, "<= no-change + 0.05 s"))
    print(row("`plansync --help`", helped, None, "<= 0.15 s"))
    print(row("`plan big-event` (200 goods, 100 recipes)", plan, None, "<= 0.3 s"))
    print(row("`shopping big-event`", shopping, None, "<= 0.3 s"))

    if not args.skip_history:
        ours, theirs = make_histories(work / "history", args.history_commits, args.history_files)
        history = timed(plansync("--repo", str(ours), "sync", "--history"), prepare=lambda: clear_state(ours),
                        runs=max(1, runs // 2))  # fmt: skip
        peer_history = None
        git_history = tool("git-history")
        if git_history:
            database = work / "git-history.db"

            def fresh_database() -> None:
                database.unlink(missing_ok=True)

            peer_history = timed([git_history, "file", str(database), "items.json", "--repo", str(theirs), "--id", "slug"],
                                 prepare=fresh_database, runs=1)  # fmt: skip
        print(row(f"`sync --history`, {args.history_commits} commits x {args.history_files} files", history,
                  peer_history, "<= 0.1x git-history"))  # fmt: skip
        print(row("git-history, the same history as one JSON file", peer_history, None, "peer"))
    if args.keep is None:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
