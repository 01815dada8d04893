"""Speed figures with the floor and the peers measured in the same run.

    python benchmarks/run.py [--files 5000] [--runs 5] [--history-commits 1000]

Prints a table: each measure as the median of several runs (wall time of
the whole process, start-up included) and its ratio to the goal's
reference. The runs go in rounds, every measure once per round, so a
shared machine's drifting load weighs on all of them alike. Needs PyYAML (the floor) and, for the peers, check-jsonschema
and git-history on PATH (``pip install pyyaml check-jsonschema
git-history``); a missing peer is reported, not faked. Nothing here is a
pass/fail test: it prints figures for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import importlib.util
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


def timed(command: list[str], prepare=None, runs: int = 5) -> float | None:
    """Median wall seconds of ``command`` over ``runs`` runs (None when it cannot run)."""
    return interleaved({"command": ([command], prepare)}, runs)["command"]


def plansync(*args: str) -> list[str]:
    return [sys.executable, "-m", "plansync", *args]


def clear_state(repo: Path) -> None:
    shutil.rmtree(repo / ".plansync", ignore_errors=True)


def check_jsonschema_command(repo: Path) -> list[list[str]] | None:
    """One check-jsonschema run per kind, with our schema, on the same files."""
    checker = tool("check-jsonschema")
    if checker is None:
        return None
    from plansync.repo import schemas

    folders = {
        "ingredient": "catalog/ingredients", "recipe": "catalog/recipes", "finished_unit": "catalog/finished-units",
        "material_unit": "catalog/material-units", "finished_good": "catalog/finished-goods",
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


def row(name: str, value: float | None, reference: float | None, goal: str) -> str:
    shown = "n/a" if value is None else f"{value:.3f} s"
    ratio = "" if value is None or not reference else f"{value / reference:.2f}x"
    return f"| {name} | {shown} | {ratio} | {goal} |"


def run_once(command: list[str], prepare=None) -> float | None:
    """Wall seconds of one run of ``command`` (None when it cannot run)."""
    if prepare:
        prepare()
    started = time.perf_counter()
    try:
        result = subprocess.run(command, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    except FileNotFoundError:
        return None
    elapsed = time.perf_counter() - started
    if result.returncode not in (0, 1):
        print(f"  ! {' '.join(command[:4])}... exited {result.returncode}: {result.stderr.decode()[-300:]}")
        return None
    return elapsed


def interleaved(measures: dict[str, tuple], runs: int) -> dict[str, float | None]:
    """Medians of ``runs`` rounds, each round running every measure once in
    order: a shared machine's load drifts over minutes, and in rounds it
    weighs on every measure alike, so the ratios stay fair. A measure is
    ``(commands, prepare)``; several commands are summed (a peer run per
    schema)."""
    times: dict[str, list[float] | None] = {name: [] for name in measures}
    for _ in range(runs):
        for name, (commands, prepare) in measures.items():
            if times[name] is None:
                continue
            total = 0.0
            for command in commands:
                figure = run_once(command, prepare)
                if figure is None:
                    times[name] = None
                    break
                total += figure
            else:
                times[name].append(total)  # type: ignore[union-attr]
    return {name: statistics.median(found) if found else None for name, found in times.items()}


#: The example repository shipped with the project, small and real-looking.
EXAMPLE = HERE.parent / "plans"


def stock_and_costs(work: Path, runs: int) -> None:
    """`shopping`, `stock` and `cost` on a copy of the example ``plans/``
    (its own ``.plansync/`` stays out of the project), warm."""
    example = work / "plans"
    if not example.exists():
        shutil.copytree(EXAMPLE, example, ignore=shutil.ignore_patterns(".plansync"))
    reports = {
        "shopping": ("shopping", "christmas-2026", "--format", "json"),
        "stock": ("stock", "--format", "json"),
        "cost": ("cost", "christmas-2026", "--format", "json"),
    }
    for args in reports.values():
        subprocess.run(plansync("--repo", str(example), *args), env=ENV, capture_output=True)
    figures = interleaved({name: ([plansync("--repo", str(example), *args)], None) for name, args in reports.items()}, runs)
    print()
    print("| on plans/ (warm) | median wall time | ratio | goal |")
    print("|---|---|---|---|")
    for name, args in reports.items():
        label = name if name == "stock" else f"{name} christmas-2026"
        print(row(f"`{label}`", figures[name], None, "no goal yet"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--history-commits", type=int, default=1000)
    parser.add_argument("--history-files", type=int, default=100)
    parser.add_argument("--skip-history", action="store_true")
    parser.add_argument("--keep", type=Path, help="build the corpora here and keep them")
    args = parser.parse_args()
    # Without PyYAML the floor script fails at once, and its exit code 1 is
    # one a measured command may give (problems found): the floor would read
    # as a few milliseconds and every ratio against it would be wrong.
    if importlib.util.find_spec("yaml") is None:
        parser.exit(2, "the floor needs PyYAML's C loader: pip install pyyaml\n")
    work = args.keep or Path(tempfile.mkdtemp(prefix="plansync-bench-"))
    repo = work / "corpus"
    if not (repo / "plansync.yaml").exists():
        generate(repo, args.files, git=True)
    files = sum(1 for p in repo.rglob("*.yaml") if ".git" not in p.parts) - 1
    print(f"corpus: {files} plan files in {repo} ({os.cpu_count()} cores, Python {sys.version.split()[0]})")
    runs = args.runs
    # One unmeasured run of each command, so every module has its bytecode.
    for warm in (["--help"], ["--repo", str(repo), "validate"], ["--repo", str(repo), "shopping", "big-event"],
                 ["--repo", str(repo), "stock"], ["--repo", str(repo), "cost", "big-event"]):  # fmt: skip
        subprocess.run(plansync(*warm), env=ENV, capture_output=True)

    victim = repo / "catalog/recipes/rec-1.yaml"
    original = victim.read_text()

    def touch_one() -> None:
        text = victim.read_text()
        victim.write_text(text.replace("family card 1\n", "family card 1a\n") if "card 1\n" in text else original)

    def cold() -> None:
        clear_state(repo)

    def warm_reports() -> None:
        """A report as a user runs it: after earlier commands, so the units
        cache the cold measures of this round removed is there again."""
        subprocess.run(plansync("--repo", str(repo), "shopping", "big-event"), env=ENV, capture_output=True)

    # In this order each measure finds the state it needs: a cold sync
    # leaves the recorded state a no-change sync reads, and the sync of one
    # change leaves the load cache and validation results a plan reads.
    measures = {
        "floor": ([[sys.executable, "-c", FLOOR, str(repo)]], None),
        "validate": ([plansync("--repo", str(repo), "validate")], cold),
        "sync cold": ([plansync("--repo", str(repo), "sync")], cold),
        "sync none": ([plansync("--repo", str(repo), "sync")], None),
        "sync one": ([plansync("--repo", str(repo), "sync")], touch_one),
        "help": ([plansync("--help")], None),
        "plan": ([plansync("--repo", str(repo), "plan", "big-event", "--format", "json")], warm_reports),
        "shopping": ([plansync("--repo", str(repo), "shopping", "big-event", "--format", "json")], None),
        "stock": ([plansync("--repo", str(repo), "stock", "--format", "json")], None),
        "cost": ([plansync("--repo", str(repo), "cost", "big-event", "--format", "json")], None),
    }
    figures = interleaved(measures, runs)
    victim.write_text(original)
    peers = check_jsonschema_command(repo)
    # The peer takes ten times as long as the rest: fewer rounds of its own,
    # each with a cold validate beside it to compare with.
    beside = interleaved({"validate": measures["validate"], "peer": (peers, None)}, max(1, runs // 2)) if peers else {}
    floor = figures["floor"]

    print()
    print("Goals are issue 17's (the speed issue).\n")
    print("| measure | median wall time | ratio | goal |")
    print("|---|---|---|---|")
    print(row("floor: PyYAML CSafeLoader, every file, one process", floor, None, "reference"))
    print(row("cold `validate`", figures["validate"], floor, "<= 1.1x the floor"))
    print(row("check-jsonschema, our schemas, same files", beside.get("peer"), beside.get("validate"),
              ">= 8x plansync validate (in its own rounds)"))  # fmt: skip
    print(row("cold `sync`", figures["sync cold"], floor, "<= 1.5x the floor"))
    print(row("`sync`, nothing changed", figures["sync none"], None, "<= 0.1 s"))
    print(row("`sync`, one file changed", figures["sync one"], figures["sync none"], "<= no-change + 0.05 s"))
    print(row("`plansync --help`", figures["help"], None, "<= 0.1 s"))
    print(row("`plan big-event` (200 goods, 100 recipes)", figures["plan"], None, "<= 0.25 s"))
    print(row("`shopping big-event`", figures["shopping"], None, "<= 0.25 s"))
    print(row("`stock` (every item, counted + purchases)", figures["stock"], None, "no goal yet"))
    print(row("`cost big-event`", figures["cost"], None, "no goal yet"))

    stock_and_costs(work, runs)

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
