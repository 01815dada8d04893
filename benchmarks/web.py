"""Warm page times of the web view: the example plans/ and a generated corpus.

Each page is asked for once by a new server (its first request: the load
cache on disk warm, nothing in memory), then timed over ``--runs``
repeated requests through the real application (Starlette's TestClient:
no network, so the figure is the server's own work). Prints a markdown
table for docs/benchmarks.md.

    python benchmarks/web.py              # plans/ and the 5,000-file corpus
    python benchmarks/web.py --files 1000 --runs 10
"""

from __future__ import annotations

import argparse
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

from starlette.testclient import TestClient  # noqa: E402

from plansync.web.app import create_app  # noqa: E402
from plansync.web.site import Site  # noqa: E402

PAGES = ["/", "/events/{event}", "/events/{event}/plan", "/events/{event}/shopping?by=supplier",
         "/events/{event}/feasibility", "/events/{event}/cost", "/stock", "/api/status/{event}"]  # fmt: skip


def first_event(root: Path) -> str:
    return sorted(p.parent.name for p in (root / "events").glob("*/event.yaml"))[0]


def page_times(root: Path, pages: list[str], runs: int, event: str | None = None) -> dict[str, dict[str, float]]:
    """Per page, in ms: ``first``, the first request of a new server (the
    load cache on disk warm), and ``warm``, the median of ``runs`` repeated
    requests; ``first cpu`` and ``warm cpu`` the same in CPU time (this
    process, every thread: steadier than wall time on a shared machine)."""
    event = event or first_event(root)
    figures = {}
    for template in pages:
        client = TestClient(create_app(Site(root)), base_url="http://127.0.0.1:8765")  # a new server per page
        path = template.format(event=event)
        samples = []
        for _ in range(runs + 1):
            started, cpu = time.perf_counter(), time.process_time()
            assert client.get(path).status_code == 200, path
            samples.append(((time.perf_counter() - started) * 1000, (time.process_time() - cpu) * 1000))
        figures[template] = {
            "first": samples[0][0], "warm": statistics.median(s[0] for s in samples[1:]),
            "first cpu": samples[0][1], "warm cpu": statistics.median(s[1] for s in samples[1:]),
        }  # fmt: skip
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        example = Path(scratch) / "plans"
        shutil.copytree(HERE.parent / "plans", example, ignore=shutil.ignore_patterns(".plansync"))
        subprocess.run(["git", "init", "-q", str(example)], check=True)
        corpus = generate(Path(scratch) / "corpus", args.files, git=True)
        columns = {"plans/": page_times(example, PAGES, args.runs), f"{args.files:,} files": page_times(corpus, PAGES, args.runs)}
    print("| page | " + " | ".join(f"{name} first (ms) | {name} warm (ms)" for name in columns) + " |")
    print("|---|" + "---|---|" * len(columns))
    for page in PAGES:
        cells = [f"{f[page]['first']:.0f} (cpu {f[page]['first cpu']:.0f}) | {f[page]['warm']:.0f} (cpu {f[page]['warm cpu']:.0f})"
                 for f in columns.values()]  # fmt: skip
        print(f"| `{page}` | " + " | ".join(cells) + " |")

if __name__ == "__main__":
    main()
