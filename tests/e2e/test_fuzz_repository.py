"""Fuzzing whole repositories: damaged files through validate, the planning engine and sync.

The example repository has one or two of its files damaged at a time
(:mod:`tests.fuzzing`), and the real commands run on it: ``validate``,
``plan``, ``shopping``, ``feasibility`` and ``progress`` (each must end with
exit 0 and a JSON document, or exit 1 and one ``error:`` line: never a
traceback), and ``sync``, whose incremental index must hold exactly the
rows a rebuild from scratch gives. The files are put back after each
example, so damage never accumulates.
"""

from __future__ import annotations

import json
import sqlite3

import pytest
from click.testing import CliRunner
from hypothesis import given, strategies as st

from plansync.cli.main import cli
from tests.conftest import EXAMPLE_PLAN_FILES, commit_example
from tests.fuzzing import fuzz_settings, mutate

EVENTS = ["christmas-2026", "school-fair-2026"]
REPORTS = ["plan", "shopping", "feasibility", "progress"]
TABLES = [
    "ingredients", "recipes", "recipe_ingredients", "recipe_components", "finished_units", "yield_options",
    "material_units", "finished_goods", "finished_good_components", "recipients", "packages", "package_contents",
    "inventory_items", "events", "event_finished_goods", "event_finished_units", "batch_decisions", "event_recipients",
]  # fmt: skip


@pytest.fixture(scope="module")
def repo(tmp_path_factory):
    return commit_example(tmp_path_factory.mktemp("fuzz") / "plans")


def run(root, *args: str):
    result = CliRunner().invoke(cli, ["--repo", str(root), *args], catch_exceptions=False)
    assert result.exit_code in (0, 1), (args, result.output)
    if result.exit_code == 1:
        assert result.stderr.startswith("error: ") or "--format" in args, (args, result.stderr)
        assert "Traceback" not in result.output
    return result


class Damaged:
    """One or two files of ``root`` damaged for the length of a with-block."""

    def __init__(self, root, data) -> None:
        self.root = root
        self.paths = data.draw(st.lists(st.sampled_from(EXAMPLE_PLAN_FILES), min_size=1, max_size=2, unique=True))
        self.damage = {path: mutate((root / path).read_text(encoding="utf-8"), data) for path in self.paths}

    def __enter__(self) -> Damaged:
        self.saved = {path: (self.root / path).read_bytes() for path in self.paths}
        for path, raw in self.damage.items():
            (self.root / path).write_bytes(raw)
        return self

    def __exit__(self, *exc: object) -> None:
        for path, raw in self.saved.items():
            (self.root / path).write_bytes(raw)


@fuzz_settings(150, shrink=False)
@given(st.data())
def test_validate_and_every_report_answer_or_refuse_in_one_line(repo, data):
    event = data.draw(st.sampled_from(EVENTS))
    with Damaged(repo, data):
        validated = run(repo, "validate", "--format", "json")
        document = json.loads(validated.stdout)
        errors = [p for p in document["problems"] if p["severity"] == "error"]
        assert validated.exit_code == (1 if errors else 0)
        for report in REPORTS:
            result = run(repo, report, event, "--format", "json")
            if result.exit_code == 0:
                json.loads(result.stdout)
            else:
                assert result.stdout == "" and len(result.stderr.strip().splitlines()) >= 1


def rows(database) -> dict[str, list]:
    connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:
        found = {}
        for table in TABLES:
            cursor = connection.execute(f"SELECT * FROM {table}")
            names = [d[0] for d in cursor.description]
            found[table] = sorted(tuple(str(v) for n, v in zip(names, row) if n != "id") for row in cursor)
        return found
    finally:
        connection.close()


@fuzz_settings(60, shrink=False)
@given(st.data())
def test_incremental_sync_equals_a_rebuild_whatever_the_damage(repo, data):
    fresh = repo.parent / "fresh.sqlite"
    with Damaged(repo, data):
        synced = run(repo, "sync", "--format", "json")
        counts = json.loads(synced.stdout)
        assert synced.exit_code == (1 if counts["problems"] else 0)
        rebuilt = run(repo, "--db", f"sqlite:///{fresh}", "sync", "--rebuild", "--format", "json")
        assert json.loads(rebuilt.stdout)["problems"] == counts["problems"]
        assert rows(repo / ".plansync/index.sqlite") == rows(fresh)
    # Repaired, the index is whole again.
    assert run(repo, "sync", "--format", "json").exit_code == 0
