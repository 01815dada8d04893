"""How each cost grows with the repository: 1,000 -> 10,000 -> 50,000 files.

    python benchmarks/scaling.py [--sizes 1000 10000 50000] [--runs 3]

For each size: the floor, cold validate, cold sync, no-change and one-change
sync, and plan, shopping, feasibility and cost of the 200-good event and
the stock report, as medians, with the cost per 1,000
files so linear growth shows as a flat column.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from corpus import generate  # noqa: E402
from run import ENV, FLOOR, clear_state, plansync, timed  # noqa: E402


def measure(repo: Path, runs: int) -> dict[str, float | None]:
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
    for command in (("plan", "big-event"), ("shopping", "big-event"), ("feasibility", "big-event"),
                    ("cost", "big-event"), ("stock",)):  # fmt: skip
        figures[" ".join(command)] = timed(plansync("--repo", str(repo), *command, "--format", "json"), runs=runs)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 50000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path)
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="plansync-scaling-"))
    results = {}
    for size in args.sizes:
        repo = work / f"corpus-{size}"
        if not (repo / "plansync.yaml").exists():
            generate(repo, size)
        subprocess_warm(repo)
        results[size] = measure(repo, args.runs)
        print(f"{size} files: " + ", ".join(f"{k} {v:.3f} s" for k, v in results[size].items() if v is not None), flush=True)
    measures = list(next(iter(results.values())))
    print()
    print("| measure | " + " | ".join(f"{size:,} files" for size in args.sizes) + " | ms per 1,000 files |")
    print("|---|" + "---|" * (len(args.sizes) + 1))
    for name in measures:
        cells = []
        per = []
        for size in args.sizes:
            value = results[size][name]
            cells.append("n/a" if value is None else f"{value:.2f} s")
            if value is not None:
                per.append(f"{value / size * 1_000_000:.0f}")
        print(f"| {name} | " + " | ".join(cells) + " | " + " / ".join(per) + " |")
    if args.keep is None:
        shutil.rmtree(work, ignore_errors=True)


def subprocess_warm(repo: Path) -> None:
    import subprocess

    subprocess.run(plansync("--help"), env=ENV, capture_output=True)


if __name__ == "__main__":
    main()
