"""What the benchmarks that compare checkouts share: one timed run of a
process (wall and CPU time), and the markdown table of medians."""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import time
from pathlib import Path
from typing import Callable


def run_once(
    command: list[str], env: dict[str, str], prepare: Callable[[], None] | None = None, cwd: Path | None = None
) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the process and its workers) of one
    run; ``prepare`` runs first, untimed. Exit codes 0 and 1 (problems
    found) are answers; any other stops the benchmark with the error."""
    if prepare:
        prepare()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = subprocess.run(command, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} exited {result.returncode}: {result.stderr.decode()[-500:]}")
    return elapsed, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def print_medians(
    files: int, runs: int, labels: list[str], names: list[str], times: dict[tuple[str, str], list[tuple[float, float]]]
) -> None:
    """The table: one row per measure, wall and CPU medians per checkout."""
    print()
    print(f"{files:,} files, medians of {runs} rounds ({os.cpu_count()} cores)")
    print()
    print("| measure | " + " | ".join(f"{label}: wall | {label}: CPU" for label in labels) + " |")
    print("|---|" + "---|---|" * len(labels))
    for name in names:
        cells = []
        for label in labels:
            found = times[(label, name)]
            cells += [f"{statistics.median(t[0] for t in found):.3f} s", f"{statistics.median(t[1] for t in found):.3f} s"]
        print(f"| {name} | " + " | ".join(cells) + " |")
