"""The planning commands on one corpus, this code against another checkout.

    python benchmarks/planning.py [--files 5000] [--runs 5] [--before PYTHON] [--keep DIR]

``plan``, ``shopping``, ``feasibility`` and ``cost`` of the 200-good event
and ``stock``, each ``--format json``, as whole processes with the load
cache warm (each code on its own copy of the corpus, warmed once: the
cache is keyed on the code). ``--before`` names the Python of an
environment where the code to compare with is installed (say, a checkout
of main with its own virtual environment: an editable install is found
before ``PYTHONPATH``); its measures run in the same rounds as this
code's, and each command's output is compared between the two (they must
be the same). Medians over the rounds of wall time and of CPU time.
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
from run import ENV  # noqa: E402

COMMANDS = {
    "plan big-event": ["plan", "big-event"],
    "shopping big-event": ["shopping", "big-event"],
    "feasibility big-event": ["feasibility", "big-event"],
    "cost big-event": ["cost", "big-event"],
    "stock": ["stock"],
}


def command(python: str, repo: Path, args: list[str]) -> list[str]:
    return [python, "-m", "plansync", "--repo", str(repo), *args, "--format", "json"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--before", help="the Python of an environment with the code to compare with")
    parser.add_argument("--keep", type=Path, help="build the corpus here and keep it")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="plansync-planning-"))
    corpus = work / f"corpus-{args.files}"
    if not (corpus / "plansync.yaml").exists():
        generate(corpus, args.files, git=True)
    this = sys.executable
    versions = {"this checkout": this} if args.before is None else {"before": args.before, "after": this}
    repos, outputs = {}, {}
    for label, python in versions.items():
        repo = work / f"{label.replace(' ', '-')}-{args.files}"
        if not repo.exists():
            shutil.copytree(corpus, repo, ignore=shutil.ignore_patterns(".plansync"))
        env = dict(ENV)
        where = subprocess.run([python, "-c", "import plansync; print(plansync.__file__)"], env=env,
                               capture_output=True, text=True, cwd=work).stdout.strip()  # fmt: skip
        print(f"{label}: {where}", flush=True)
        for name, rest in COMMANDS.items():  # warms the load cache, and keeps the answer
            outputs[(label, name)] = subprocess.run(command(python, repo, rest), env=env, cwd=work, capture_output=True).stdout
        repos[label] = (python, repo, env)
    for name in COMMANDS:
        if len({outputs[(label, name)] for label in versions}) != 1:
            print(f"{name}: the outputs differ", flush=True)
    times: dict[tuple[str, str], list[tuple[float, float]]] = {}
    for _ in range(args.runs):
        for label, (python, repo, env) in repos.items():
            for name, rest in COMMANDS.items():
                times.setdefault((label, name), []).append(run_once(command(python, repo, rest), env, cwd=work))
    print_medians(args.files, args.runs, list(repos), list(COMMANDS), times)
    if args.keep is None:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
