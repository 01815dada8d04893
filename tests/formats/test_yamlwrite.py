"""Writes keep the baker's comments and layout; git diff shows only what changed."""

from __future__ import annotations

import difflib
import os
from pathlib import Path

import pytest

from plansync.store.atomic import TEMP_PREFIX, write_atomic
from plansync.errors import PlansyncError
from plansync.formats.yamlread import parse_yaml
from plansync.formats.yamlwrite import dump, update
from tests.conftest import EXAMPLE_REPO

EXAMPLE_FILES = sorted(p for p in EXAMPLE_REPO.rglob("*.yaml") if ".schemas" not in p.parts)


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: str(p.relative_to(EXAMPLE_REPO)))
def test_rewriting_unchanged_data_is_byte_identical(path: Path):
    text = path.read_text(encoding="utf-8")
    assert update(text, parse_yaml(text)) == text


EVENT = """\
# yaml-language-server: $schema=../../.schemas/event.schema.json
kind: event
slug: christmas-2026
name: "Christmas 2026"   # quoted on purpose
date: 2026-12-24
output_mode: bundled
plan_state: draft
finished_goods:
  # the big order
  - {finished_good: holiday-gift-bag, quantity: 50}
  - {finished_good: cookie-tin, quantity: 12}   # neighbours
  - {finished_good: brownie-box, quantity: 4}
"""


def changed_lines(old: str, new: str) -> list[str]:
    return [l for l in difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=0)
            if l[:1] in "+-" and not l.startswith(("+++", "---"))]  # fmt: skip


def test_dropping_an_entry_removes_one_line_and_keeps_comments():
    data = parse_yaml(EVENT)
    del data["finished_goods"][0]
    new = update(EVENT, data)
    assert changed_lines(EVENT, new) == ["-  - {finished_good: holiday-gift-bag, quantity: 50}"]
    assert "# the big order" in new and "# neighbours" in new and '"Christmas 2026"' in new


def test_changing_a_quantity_changes_one_line():
    data = parse_yaml(EVENT)
    data["finished_goods"][1]["quantity"] = 14
    data["plan_state"] = "locked"
    assert changed_lines(EVENT, update(EVENT, data)) == [
        "-plan_state: draft",
        "+plan_state: locked",
        "-  - {finished_good: cookie-tin, quantity: 12}   # neighbours",
        "+  - {finished_good: cookie-tin, quantity: 14}   # neighbours",
    ]


def test_adding_entries_follows_the_house_style():
    data = parse_yaml(EVENT)
    data["finished_goods"].append({"finished_good": "sampler", "quantity": 3})
    data["shopping_completed_at"] = "2026-12-01T10:00:00Z"
    assert changed_lines(EVENT, update(EVENT, data)) == [
        "+  - {finished_good: sampler, quantity: 3}",
        "+shopping_completed_at: '2026-12-01T10:00:00Z'",
    ]


def test_dump_is_deterministic_and_readable():
    data = {"kind": "amendments", "event": "x", "amendments": [
        {"seq": 1, "type": "drop_fg", "at": "2026-12-01T10:00:00Z", "reason": "ran out of tins",
         "data": {"finished_good": "cookie-tin", "quantity": 12}}]}  # fmt: skip
    text = dump(data)
    assert text == dump(data)
    assert parse_yaml(text) == data
    assert "reason: ran out of tins" in text


def test_four_space_indented_files_keep_their_indentation():
    text = "kind: recipe\nslug: a\nname: A\ningredients:\n    -   ingredient: flour\n        quantity: 1\n        unit: cup\n"
    data = parse_yaml(text)
    data["name"] = "B"
    assert changed_lines(text, update(text, data)) == ["-name: A", "+name: B"]


def test_atomic_write_replaces_and_leaves_no_temp_file(tmp_path):
    target = tmp_path / "event.yaml"
    target.write_text("old\n")
    write_atomic(target, "new\n")
    assert target.read_text() == "new\n"
    assert [p.name for p in tmp_path.iterdir()] == ["event.yaml"]


def test_atomic_write_on_a_full_disk_keeps_the_old_file(tmp_path):
    """A write that hits the file-size limit (as a full disk would) leaves the old file."""
    import subprocess
    import sys

    target = tmp_path / "event.yaml"
    target.write_text("old\n")
    script = (
        "import resource, signal, sys\n"
        "from pathlib import Path\n"
        "from plansync.store.atomic import write_atomic\n"
        "from plansync.errors import PlansyncError\n"
        "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
        "resource.setrlimit(resource.RLIMIT_FSIZE, (1000, 1000))\n"
        "try:\n"
        "    write_atomic(Path(sys.argv[1]), 'x' * 5000)\n"
        "except PlansyncError as exc:\n"
        "    print(exc)\n"
    )
    result = subprocess.run([sys.executable, "-c", script, str(target)], capture_output=True, text=True)
    assert result.stdout.strip() == "could not write event.yaml: the disk is full; the file is unchanged"
    assert target.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["event.yaml"]


def test_empty_values_keep_their_spelling_and_new_files_say_null():
    assert update("a:\nb: 1\n", {"a": None, "b": 2}) == "a:\nb: 2\n"
    assert dump({"kind": "runs", "event": None}) == "kind: runs\nevent: null\n"
