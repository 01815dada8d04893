"""Fuzzing an event in production: hostile snapshots, run logs and amendment logs.

The example's christmas-2026 is locked, started, amended and has runs.
Then one of its own files (planning snapshot, baseline, run log, amendment
log, event file) is damaged: as text (:mod:`tests.fuzzing`), or as data
edited by hand with the snapshot hashes recomputed so the edit is not
caught as "edited after creation" (a value replaced by a hostile one, a
key removed, a good put inside another to make a cycle). Every command
that reads the event must answer or refuse in one line; a run recorded on
top must append exactly one run or change nothing.
"""

from __future__ import annotations

import copy
import subprocess

import pytest
from click.testing import CliRunner
from hypothesis import given, strategies as st

from plansync.cli.main import cli
from plansync.plan.snapshots import definition_entry, entity_data, payload_hash
from plansync.formats.yamlread import parse_yaml
from plansync.formats.yamlwrite import dump
from tests.conftest import copy_example
from tests.fuzzing import fuzz_settings, mutate

EVENT = "christmas-2026"
FOLDER = f"events/{EVENT}"
FILES = [f"{FOLDER}/snapshots/planning.yaml", f"{FOLDER}/snapshots/baseline.yaml", f"{FOLDER}/runs.yaml",
         f"{FOLDER}/amendments.yaml", f"{FOLDER}/event.yaml"]  # fmt: skip
READS = [["plan"], ["shopping"], ["shopping", "--production-aware"], ["feasibility"], ["feasibility", "--produced"],
         ["progress"], ["status"], ["compare"], ["stale"], ["amendments"]]  # fmt: skip
HOSTILE = [-1, 0, 0.5, 1e300, -1e300, 10**18, "x", "", None, True, [], {}, "holiday-gift-box", "chocolate-chip-cookie",
           "in_production", "bulk_count", {"finished_good": "holiday-gift-bag", "quantity": 1}]  # fmt: skip


def cli_run(root, *args: str):
    """Exit 0, or exit 1 with one error on stderr (validate: its JSON report)."""
    result = CliRunner().invoke(cli, ["--repo", str(root), *args], catch_exceptions=False)
    assert result.exit_code in (0, 1), (args, result.output)
    if result.exit_code == 1 and args[0] != "validate":
        assert result.stderr.startswith("error: ") and result.stdout == "", (args, result.output)
    return result


@pytest.fixture(scope="module")
def repo(tmp_path_factory):
    root = tmp_path_factory.mktemp("lifecycle") / "plans"
    copy_example(root)
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    steps = [
        ["lock", EVENT], ["start", EVENT],
        ["record", "production", EVENT, "chocolate-chip-cookie", "2"], ["record", "assembly", EVENT, "holiday-gift-bag", "5"],
        ["amend", EVENT, "modify-batch", "fudge-brownie", "3", "--reason", "more brownies"],
        ["amend", EVENT, "add-fg", "teacher-treat-bag", "4", "--reason", "two more teachers"],
    ]  # fmt: skip
    for step in steps:
        assert cli_run(root, *step).exit_code == 0, step
    subprocess.run(["git", "add", "-A"], cwd=root, check=True)
    subprocess.run(["git", "commit", "-q", "-m", "in production"], cwd=root, check=True)
    return root


def _leaves(value, pointer=()):
    """Every (pointer, value) inside ``value``, containers included."""
    yield pointer, value
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _leaves(item, (*pointer, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _leaves(item, (*pointer, index))


def _edit(data, data_draw):
    """A hand edit of parsed data: a value replaced, a key removed, or a cycle."""
    places = [p for p, _ in _leaves(data) if p]
    pointer = data_draw.draw(st.sampled_from(places))
    parent = data
    for step in pointer[:-1]:
        parent = parent[step]
    action = data_draw.draw(st.sampled_from(["replace", "replace", "remove", "cycle"]))
    goods = (data.get("definitions") or {}).get("finished_good") if isinstance(data, dict) else None
    if action == "cycle" and goods:
        slugs = sorted(goods)
        inner, outer = data_draw.draw(st.sampled_from(slugs)), data_draw.draw(st.sampled_from(slugs))
        goods[inner].setdefault("components", []).append({"finished_good": outer, "quantity": 1})
    elif action == "remove" and isinstance(parent, (dict, list)):
        del parent[pointer[-1]]
    else:
        parent[pointer[-1]] = copy.deepcopy(data_draw.draw(st.sampled_from(HOSTILE)))


def _rehash(data) -> None:
    """Recompute a snapshot's hashes, as a careful hand edit would."""
    definitions = data.get("definitions")
    if isinstance(definitions, dict):
        for by_slug in definitions.values():
            if isinstance(by_slug, dict):
                for slug, entry in by_slug.items():
                    if isinstance(entry, dict):
                        by_slug[slug] = definition_entry(entity_data(entry))
    data["content_sha256"] = payload_hash(data)


def damage(text: str, path: str, data_draw) -> bytes:
    if data_draw.draw(st.booleans()):
        return mutate(text, data_draw)
    data = parse_yaml(text)
    _edit(data, data_draw)
    if path.endswith("snapshots/planning.yaml") or path.endswith("snapshots/baseline.yaml"):
        if isinstance(data, dict) and data_draw.draw(st.integers(0, 4)):
            _rehash(data)
    return dump(data).encode() if isinstance(data, dict) else b"- 1\n"


@fuzz_settings(60, shrink=False)
@given(st.data())
def test_damaged_event_files_never_break_a_command(repo, data):
    path = data.draw(st.sampled_from(FILES))
    saved = {name: (repo / name).read_bytes() for name in FILES}
    try:
        (repo / path).write_bytes(damage(saved[path].decode(), path, data))
        cli_run(repo, "validate", "--format", "json")
        for read in data.draw(st.lists(st.sampled_from(READS), min_size=3, max_size=6, unique_by=tuple)):
            cli_run(repo, read[0], EVENT, *read[1:], "--format", "json")
        before = (repo / f"{FOLDER}/runs.yaml").read_bytes()
        recorded = cli_run(repo, "record", "production", EVENT, "chocolate-chip-cookie", "1", "--format", "json")
        after = (repo / f"{FOLDER}/runs.yaml").read_bytes()
        if recorded.exit_code == 1:
            assert after == before
        else:
            runs = parse_yaml(after.decode())["production"]
            assert len(runs) == len(parse_yaml(before.decode()).get("production") or []) + 1
    finally:
        for name, raw in saved.items():
            (repo / name).write_bytes(raw)
