"""No-change sync on PostgreSQL beside SQLite, and where its time goes.

    python benchmarks/postgres.py --url postgresql+psycopg://postgres@127.0.0.1:54339/postgres \\
        [--files 5000] [--runs 11] [--keep DIR]

``--url`` names a server and a database plansync may create databases in
(default: PLANSYNC_TEST_POSTGRES); a fresh database is made for the run and
dropped after. Each backend syncs its own copy of the corpus (a repository
records the sync state of one index): one cold sync, then ``--runs``
rounds of a no-change sync of each, wall time of the whole process; the
medians are printed. Then the parts of the PostgreSQL answer,
in one process: loading libpq, connecting, reading the generation, the
fingerprint (schema, row counts and row versions of every table), and for
comparison what importing psycopg would cost. Figures for
docs/benchmarks.md, not a pass/fail test.
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
import uuid
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from corpus import generate  # noqa: E402

ENV = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "PLANSYNC_DB")}


def wall(command: list[str]) -> float:
    started = time.perf_counter()
    result = subprocess.run(command, env=ENV, capture_output=True)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} exited {result.returncode}: {result.stderr.decode()[-400:]}")
    return elapsed


def no_change(targets: dict[str, tuple[Path, str | None]], runs: int) -> dict[str, tuple[float, float]]:
    """(cold, median no-change) seconds per backend, the no-change runs in
    rounds (each backend once per round: a shared machine's drifting load
    weighs on both alike). Each backend syncs its own copy of the corpus, as
    a repository records the state of one index."""
    commands = {
        name: [sys.executable, "-m", "plansync", "--repo", str(repo), *(["--db", url] if url else []), "sync"]
        for name, (repo, url) in targets.items()
    }
    cold = {name: wall(command) for name, command in commands.items()}
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            times[name].append(wall(command))
    return {name: (cold[name], statistics.median(times[name])) for name in commands}


def parts(url: str, runs: int) -> dict[str, float]:
    """Median seconds of each step of the server's no-change answer, in this process."""
    started = time.perf_counter()
    from plansync.index import served

    found: dict[str, list[float]] = {"import plansync.index.served": [time.perf_counter() - started]}
    started = time.perf_counter()
    pq = served._libpq()
    found["load libpq"] = [time.perf_counter() - started]
    info = (served.conninfo(url) or "").encode()
    for _ in range(runs):
        t0 = time.perf_counter()
        connection = pq.PQconnectdb(info)
        t1 = time.perf_counter()
        served._rows(pq, connection, served.GENERATION_SQL)
        t2 = time.perf_counter()
        served._rows(pq, connection, served.FINGERPRINT_SQL)
        t3 = time.perf_counter()
        pq.PQfinish(connection)
        for name, value in (("connect", t1 - t0), ("generation", t2 - t1), ("fingerprint (fresh connection)", t3 - t2)):
            found.setdefault(name, []).append(value)
    return {name: statistics.median(values) for name, values in found.items()}


def sqlite_digest(repo: Path, runs: int) -> float:
    """Median seconds of the SQLite index's digest (schema and row counts)."""
    from plansync.index import state

    database = repo / ".plansync" / "index.sqlite"
    found = []
    for _ in range(runs):
        started = time.perf_counter()
        state.digest(database)
        found.append(time.perf_counter() - started)
    return statistics.median(found)


def import_cost(module: str, runs: int) -> float:
    """Median extra seconds a process spends importing ``module``."""
    base = statistics.median(wall([sys.executable, "-c", "pass"]) for _ in range(runs))
    return statistics.median(wall([sys.executable, "-c", f"import {module}"]) for _ in range(runs)) - base


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default=os.environ.get("PLANSYNC_TEST_POSTGRES"))
    parser.add_argument("--files", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--keep", type=Path, help="build the corpus here and keep it")
    args = parser.parse_args()
    if not args.url:
        raise SystemExit("give --url (or set PLANSYNC_TEST_POSTGRES)")

    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    admin = create_engine(args.url, isolation_level="AUTOCOMMIT")
    name = f"plansync_bench_{uuid.uuid4().hex[:8]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(args.url).set(database=name).render_as_string(hide_password=False)
    try:
        with tempfile.TemporaryDirectory() as scratch:
            repo = generate((args.keep or Path(scratch)) / f"corpus-{args.files}", args.files, git=True)
            twin = repo.with_name(repo.name + "-postgres")
            shutil.copytree(repo, twin)
            print(f"{args.files} files, {args.runs} rounds, median wall time")
            print("| backend | cold sync | no-change sync |")
            print("|---|---|---|")
            for label, (cold, quick) in no_change({"SQLite": (repo, None), "PostgreSQL": (twin, url)}, args.runs).items():
                print(f"| {label} | {cold:.3f} s | {quick:.3f} s |")
            print()
            if importlib.util.find_spec("plansync.index.served") is None:
                return  # a plansync from before the server's no-change answer (PYTHONPATH=an older checkout)
            print("| part of the PostgreSQL no-change answer | median |")
            print("|---|---|")
            for part, seconds in parts(url, args.runs).items():
                print(f"| {part} | {seconds * 1000:.1f} ms |")
            print(f"| (SQLite's counterpart) the index file's digest | {sqlite_digest(repo, args.runs) * 1000:.1f} ms |")
            print(f"| (not paid) import psycopg | {import_cost('psycopg', args.runs) * 1000:.1f} ms |")
            print(f"| (not paid) import sqlalchemy | {import_cost('sqlalchemy', args.runs) * 1000:.1f} ms |")
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


if __name__ == "__main__":
    main()
