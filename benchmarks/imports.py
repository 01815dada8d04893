"""How long an import of 10,000 records into the example repository takes.

    python benchmarks/imports.py [--records 10000] [--runs 3] [--code DIR]

The records are a realistic repository's (``benchmarks/corpus.py``, the
same one ``run.py`` uses) exported with ``plansync export --to json``:
recipes, finished units and goods, ingredients, products, events. Each
round imports them, as a whole process, into a fresh committed copy of
the example repository (``plans/``):

- ``with text``: the export as written, each record with its exact text
  (the round trip of ``export --to json``);
- ``data only``: the same records without their text, as a foreign
  importer (bake-tracker) gives them, so every file is rendered;
- ``--dry-run``: the plan alone (checks, rendering), nothing written;
- ``again``: the same import into the copy it already went into
  (every file unchanged).

``--code DIR`` runs the plansync found in DIR (a checkout, through
PYTHONPATH) instead of this one: the figures before a change. Installed
plugins are not loaded (``PLANSYNC_LOAD_PLUGINS``), so both read the same
importers. Wall time is the median of the rounds; so is the CPU time
(user + system) of the process, which a shared machine moves less.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent
sys.path.insert(0, str(HERE))

from corpus import generate  # noqa: E402


def environment(code: Path) -> dict[str, str]:
    return {
        **os.environ,
        "PYTHONPATH": str(code),
        "PLANSYNC_LOAD_PLUGINS": "",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }


def plansync(code: Path, *args: str) -> subprocess.CompletedProcess:
    # cwd: ``-m`` puts the working folder first on sys.path, before PYTHONPATH.
    return subprocess.run(
        [sys.executable, "-m", "plansync", *args], capture_output=True, text=True, env=environment(code), cwd=code
    )


def example_copy(target: Path) -> Path:
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(PROJECT / "plans", target, ignore=shutil.ignore_patterns(".plansync"))
    for command in (["init", "-q"], ["add", "-A"], ["-c", "user.name=b", "-c", "user.email=b@b", "commit", "-qm", "example"]):
        subprocess.run(["git", *command], cwd=target, check=True, env=environment(PROJECT))
    return target


def timed(code: Path, repo: Path, *args: str) -> tuple[float, float, str]:
    """Wall and CPU seconds of one import process, and its summary line."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = plansync(code, "--repo", str(repo), "import", *args)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if done.returncode != 0:
        raise SystemExit(f"import failed ({done.returncode}): {done.stderr[-2000:]}")
    return wall, cpu, done.stdout.strip().splitlines()[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--code", type=Path, default=PROJECT, help="a plansync checkout to run (default: this one)")
    parser.add_argument("--keep", type=Path, help="build the corpus and copies here and keep them")
    options = parser.parse_args()
    work = options.keep or Path(tempfile.mkdtemp(prefix="plansync-imports-"))
    work.mkdir(parents=True, exist_ok=True)
    corpus = work / "corpus"
    if not corpus.exists():
        generate(corpus, options.records)
    with_text = work / "with-text.json"
    if not with_text.exists():
        exported = plansync(PROJECT, "--repo", str(corpus), "export", "--to", "json", "--output", str(with_text))
        if exported.returncode != 0:
            raise SystemExit(exported.stderr)
    document = json.loads(with_text.read_text())
    data_only = work / "data-only.json"
    data_only.write_text(json.dumps({**document, "files": [{k: v for k, v in f.items() if k != "text"} for f in document["files"]]}))
    print(f"{len(document['files'])} records; plansync from {options.code}; {options.runs} rounds")
    measures = {
        "with text": (with_text, []),
        "data only": (data_only, []),
        "--dry-run (with text)": (with_text, ["--dry-run"]),
    }
    results: dict[str, list[tuple[float, float]]] = {name: [] for name in [*measures, "again (with text)"]}
    lines: dict[str, str] = {}
    for _round in range(options.runs):
        for name, (source, extra) in measures.items():
            repo = example_copy(work / "target")
            wall, cpu, line = timed(options.code, repo, str(source), "--from", "json", *extra)
            results[name].append((wall, cpu))
            lines[name] = line
            if name == "with text":
                wall, cpu, line = timed(options.code, repo, str(source), "--from", "json")
                results["again (with text)"].append((wall, cpu))
                lines["again (with text)"] = line
    print("| import | wall (median) | CPU (median) | its summary |")
    print("|---|---|---|---|")
    for name, figures in results.items():
        wall = statistics.median(w for w, _c in figures)
        cpu = statistics.median(c for _w, c in figures)
        print(f"| {name} | {wall:.2f} s | {cpu:.2f} s | {lines[name]} |")
    if not options.keep:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
