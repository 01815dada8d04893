"""Two git repositories with the same history, for ``sync --history``.

``plans``: a plan repository of FILES ingredient files, COMMITS commits,
each changing a tenth of the files. ``items``: the same entities as one
``items.json`` array with exactly the same changes in the same commits:
the shape git-history (the peer) reads. Both are written with ``git
fast-import`` (thousands of commits in a second).
"""

from __future__ import annotations

import json
import random
import subprocess
from pathlib import Path


def _stream(commits: int, files: int, as_json: bool) -> bytes:
    rng = random.Random(11)
    names = {i: f"Ingredient {i}" for i in range(files)}
    chunks: list[bytes] = []

    def blob(path: str, text: str) -> None:
        data = text.encode()
        chunks.append(f"M 100644 inline {path}\ndata {len(data)}\n".encode() + data + b"\n")

    for number in range(commits):
        changed = range(files) if number == 0 else rng.sample(range(files), max(1, files // 10))
        for i in changed:
            names[i] = f"Ingredient {i} v{number}"
        message = f"change {number}".encode()
        chunks.append(
            b"commit refs/heads/main\n"
            + f"committer Bench <bench@example.com> {1_700_000_000 + number * 60} +0000\n".encode()
            + f"data {len(message)}\n".encode() + message + b"\n"
        )
        if as_json:
            items = [{"slug": f"item-{i}", "name": names[i]} for i in range(files)]
            blob("items.json", json.dumps(items, indent=1) + "\n")
        else:
            if number == 0:
                blob("plansync.yaml", "version: 1\n")
            for i in changed:
                blob(f"catalog/ingredients/item-{i}.yaml", f"kind: ingredient\nslug: item-{i}\nname: {names[i]}\n")
    return b"".join(chunks)


def _repository(root: Path, stream: bytes) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True)
    subprocess.run(["git", "fast-import", "--quiet"], cwd=root, input=stream, check=True)
    subprocess.run(["git", "checkout", "-q", "main"], cwd=root, check=True)
    return root


def make_histories(root: Path, commits: int, files: int) -> tuple[Path, Path]:
    """(plan repository, single-JSON-file repository) with the same history."""
    ours = root / "plans"
    theirs = root / "items"
    if not (ours / ".git").exists():
        _repository(ours, _stream(commits, files, as_json=False))
    if not (theirs / ".git").exists():
        _repository(theirs, _stream(commits, files, as_json=True))
    return ours, theirs
