"""How each cost grows with the repository: 1,000 -> 10,000 -> 50,000 files.

    python benchmarks/scaling.py [--sizes 1000 10000 50000] [--runs 3]

For each size: the floor, cold and warm validate, cold sync, no-change
and one-change sync, plan, shopping, feasibility and cost of the 200-good
event, the stock report and ``--help`` (whole processes), and the web
view's pages (first request of a new server and repeated requests,
in-process through the real application, see ``web.py``), as medians, with
the cost per 1,000 files so linear growth shows as a flat column. Prints
``uptime`` beside each size: the machine is shared.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from corpus import generate  # noqa: E402
from run import ENV, FLOOR, clear_state, plansync, run_once  # noqa: E402


def timed(command: list[str], prepare=None, runs: int = 3) -> tuple[float, float] | None:
    """Median wall seconds of ``runs`` runs and their median CPU seconds
    (user + system of the process and its children: on a shared machine
    the wall time also holds the waits for a core)."""
    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        wall = run_once(command, prepare)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if wall is None:
            return None
        walls.append(wall)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(walls), statistics.median(cpus)


def measure(repo: Path, runs: int, web: bool = True) -> dict[str, tuple[float, float] | None]:
    import subprocess

    figures: dict[str, float | None] = {}
    figures["floor"] = timed([sys.executable, "-c", FLOOR, str(repo)], runs=runs)
    figures["validate (cold)"] = timed(plansync("--repo", str(repo), "validate"), prepare=lambda: clear_state(repo), runs=runs)
    figures["sync (cold)"] = timed(plansync("--repo", str(repo), "sync"), prepare=lambda: clear_state(repo), runs=runs)
    subprocess.run(plansync("--repo", str(repo), "sync"), env=ENV, capture_output=True)
    figures["sync (no change)"] = timed(plansync("--repo", str(repo), "sync"), runs=runs)
    victim = repo / "catalog/recipes/rec-1.yaml"
    original = victim.read_text()

    def flip() -> None:
        text = victim.read_text()
        victim.write_text(original if text != original else original.replace("family card 1\n", "family card 1a\n"))

    figures["sync (one change)"] = timed(plansync("--repo", str(repo), "sync"), prepare=flip, runs=runs)
    victim.write_text(original)
    subprocess.run(plansync("--repo", str(repo), "validate"), env=ENV, capture_output=True)
    figures["validate (warm)"] = timed(plansync("--repo", str(repo), "validate"), runs=runs)
    for command in (("plan", "big-event"), ("shopping", "big-event"), ("feasibility", "big-event"),
                    ("cost", "big-event"), ("stock",)):  # fmt: skip
        figures[" ".join(command)] = timed(plansync("--repo", str(repo), *command, "--format", "json"), runs=runs)
    figures["--help"] = timed(plansync("--help"), runs=runs)
    if web:
        from web import page_times  # starlette: only when the web view is measured

        for page, times in page_times(repo, WEB_PAGES, runs, event="big-event").items():
            for which in ("first", "warm"):
                figures[f"serve {page} ({which})"] = (times[which] / 1000, times[f"{which} cpu"] / 1000)
    return figures


#: The web view's pages measured at every size (``{event}``: big-event).
WEB_PAGES = ["/", "/events/{event}", "/events/{event}/plan", "/events/{event}/shopping?by=supplier", "/stock"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 50000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path)
    parser.add_argument("--no-web", action="store_true", help="leave out the web view's pages")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="plansync-scaling-"))
    results = {}
    loads: dict[int, str] = {}
    for size in args.sizes:
        repo = work / f"corpus-{size}"
        if not (repo / "plansync.yaml").exists():
            generate(repo, size)
        subprocess_warm(repo)
        before = uptime()
        results[size] = measure(repo, args.runs, web=not args.no_web)
        loads[size] = f"{before} -> {uptime()}"
        print(f"{size} files (load averages {loads[size]}): "
              + ", ".join(f"{k} {v[0]:.3f} s (cpu {v[1]:.3f})" for k, v in results[size].items() if v is not None), flush=True)
    measures = list(next(iter(results.values())))
    print()
    print("| measure | " + " | ".join(f"{size:,} files" for size in args.sizes) + " | CPU ms per 1,000 files |")
    print("|---|" + "---|" * (len(args.sizes) + 1))
    for name in measures:
        cells = []
        per = []
        for size in args.sizes:
            value = results[size][name]
            cells.append("n/a" if value is None else f"{value[0]:.3f} s (cpu {value[1]:.3f})")
            if value is not None:
                per.append(f"{value[1] / size * 1_000_000:.0f}")
        print(f"| {name} | " + " | ".join(cells) + " | " + " / ".join(per) + " |")
    print("\nload averages (1, 5, 15 min) before -> after each size: "
          + "; ".join(f"{size:,}: {load}" for size, load in loads.items()))
    if args.keep is None:
        shutil.rmtree(work, ignore_errors=True)


def uptime() -> str:
    """The load averages (1, 5, 15 minutes)."""
    try:
        return " ".join(f"{value:.2f}" for value in os.getloadavg())
    except OSError:
        return "unknown"


def subprocess_warm(repo: Path) -> None:
    import subprocess

    subprocess.run(plansync("--help"), env=ENV, capture_output=True)


if __name__ == "__main__":
    main()
