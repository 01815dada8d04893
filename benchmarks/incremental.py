"""Validation and sync after one change, this code against another checkout.

    python benchmarks/incremental.py [--files 5000] [--runs 5] [--before PATH]

``--before`` names a checkout of the code to compare with (say, main
before the reference index); its measures run with ``PYTHONPATH=PATH``, on
its own copy of the corpus (each code keeps its own caches), in the same
rounds as this checkout's, so a shared machine's drifting load weighs on
both alike. Each measure is the median over the rounds of a whole process's
wall time and of its CPU time (user + system, its parse workers included:
on a machine shared with other work, CPU time moves far less than wall
time). Measures:

- ``validate``, cold (no ``.plansync/``);
- ``sync`` after the note of one recipe changed (the change run.py and
  scaling.py make), and with nothing changed;
- ``validate`` after the note of one recipe changed;
- ``validate`` after one recipe's reference was broken, then mended (the
  answer changes: an unknown-reference error comes, then goes).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from compare import print_medians, run_once  # noqa: E402
from corpus import generate  # noqa: E402
from run import ENV, clear_state  # noqa: E402

VICTIM = "catalog/recipes/rec-1.yaml"


def env_for(checkout: Path | None) -> dict[str, str]:
    env = dict(ENV)
    if checkout is not None:
        env["PYTHONPATH"] = str(checkout)
    return env


def measures_for(repo: Path, env: dict[str, str]) -> dict[str, tuple]:
    plansync = [sys.executable, "-m", "plansync", "--repo", str(repo)]
    victim = repo / VICTIM
    original = victim.read_text()
    first = original.split("ingredient: ", 1)[1].split(",", 1)[0]

    def note() -> None:
        text = victim.read_text()
        changed = text.replace("family card 1\n", "family card 1a\n")
        victim.write_text(changed if changed != text else text.replace("family card 1a\n", "family card 1\n"))

    def broken() -> None:
        victim.write_text(victim.read_text().replace(f"ingredient: {first},", "ingredient: no-such-ingredient,", 1))

    def mended() -> None:
        victim.write_text(victim.read_text().replace("ingredient: no-such-ingredient,", f"ingredient: {first},", 1))

    def cold() -> None:
        clear_state(repo)

    def synced() -> None:
        subprocess.run([*plansync, "sync"], env=env, capture_output=True)

    # In this order each measure finds the state it needs.
    return {
        "validate, cold": (plansync + ["validate"], cold),
        "sync, one change": (plansync + ["sync"], lambda: (synced(), note())),
        "sync, nothing changed": (plansync + ["sync"], None),
        "validate, one change": (plansync + ["validate"], note),
        "validate, one reference broken": (plansync + ["validate"], broken),
        "validate, the reference mended": (plansync + ["validate"], mended),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--before", type=Path, help="a checkout of the code to compare with")
    parser.add_argument("--keep", type=Path, help="build the corpus here and keep it")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="plansync-incremental-"))
    corpus = work / f"corpus-{args.files}"
    if not (corpus / "plansync.yaml").exists():
        generate(corpus, args.files, git=True)
    versions = {"this checkout": None}
    if args.before is not None:
        versions = {"before": args.before.resolve(), "after": None}
    plans = {}
    for label, checkout in versions.items():
        repo = work / label.replace(" ", "-")
        shutil.rmtree(repo, ignore_errors=True)
        shutil.copytree(corpus, repo, ignore=shutil.ignore_patterns(".plansync"))
        env = env_for(checkout)
        where = subprocess.run([sys.executable, "-c", "import plansync; print(plansync.__file__)"], env=env,
                               capture_output=True, text=True).stdout.strip()  # fmt: skip
        print(f"{label}: {where}", flush=True)
        plans[label] = (env, measures_for(repo, env))
    times: dict[tuple[str, str], list[tuple[float, float]]] = {}
    for _ in range(args.runs):
        for label, (env, measures) in plans.items():
            for name, (command, prepare) in measures.items():
                times.setdefault((label, name), []).append(run_once(command, env, prepare))
    names = list(next(iter(plans.values()))[1])
    print_medians(args.files, args.runs, list(plans), names, times)
    if args.keep is None:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
