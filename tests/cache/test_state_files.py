"""plansync's own state files, damaged: ignored and rebuilt, silently; the index, with a message.

``.plansync/load-cache.json``, ``sync-state.json`` and ``units.json`` are
caches: garbage, a cut-off file or the right layout with wrong types must
give exactly the answers a clean run gives, with nothing on stderr, and be
written whole again. An index file that is not plansync's is rebuilt with
a one-line message; one that is not plansync's own file is left alone.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys

import pytest

from plansync.cache.keys import signature
from plansync.repo.repository import PlanRepo
from tests.conftest import PROJECT, run_cli

STATE = ".plansync"


def answers(repo) -> list[tuple[int, str, str]]:
    """What the commands that read the caches say."""
    results = []
    for args in (["validate", "--format", "json"], ["sync", "--format", "json"], ["plan", "christmas-2026", "--format", "json"],
                 ["shopping", "christmas-2026", "--format", "json"]):  # fmt: skip
        result = repo.run(*args)
        results.append((result.exit_code, result.stdout, result.stderr))
    return results


def damage(path, how: str, repo) -> None:
    text = path.read_text()
    document = json.loads(text)
    if how == "garbage":
        path.write_bytes(b"\x00\xffnot json at all")
    elif how == "truncated":
        path.write_text(text[: len(text) // 2])
    elif how == "empty":
        path.write_text("")
    elif how == "not-an-object":
        path.write_text("[1, 2, 3]")
    elif how == "wrong-types":
        # The layout and signature plansync expects, every value of the wrong type.
        if "files" in document and isinstance(document["files"], dict):
            document["files"] = {key: ["x"] * 11 for key in document["files"]}
        document.setdefault("signature", signature(PlanRepo.open(repo.root)))
        if isinstance(document.get("settings"), dict):
            document["settings"] = {key: "x" for key in document["settings"]}
        for key in ("results", "extensions", "factors", "problem_files", "recorded_ns"):
            if key in document:
                document[key] = {"fingerprint": 7, "problems": "none"} if key == "results" else 42
        path.write_text(json.dumps(document))
    elif how == "broken-data":  # the right layout, the parsed data cut short
        for entry in document.get("files", {}).values():
            if isinstance(entry, list) and len(entry) == 11 and entry[6]:
                entry[6] = entry[6][:10]
        path.write_text(json.dumps(document))
    elif how == "bad-problem-rows":
        for entry in document.get("files", {}).values():
            if isinstance(entry, list) and len(entry) == 11:
                entry[9] = [["code", "message", "fatal", "one", None]]
        path.write_text(json.dumps(document))


CACHES = ["load-cache.json", "sync-state.json", "settings.json"]
DAMAGE = ["garbage", "truncated", "empty", "not-an-object", "wrong-types", "broken-data", "bad-problem-rows"]


@pytest.mark.parametrize("cache", CACHES)
@pytest.mark.parametrize("how", DAMAGE)
def test_a_damaged_cache_is_ignored_silently_and_rebuilt(example_repo, cache, how):
    clean = answers(example_repo)
    path = example_repo.root / STATE / cache
    assert path.exists()
    damage(path, how, example_repo)
    after = answers(example_repo)
    assert [(code, err) for code, _out, err in after] == [(code, err) for code, _out, err in clean]
    assert [json.loads(out) for _code, out, _err in after[:1] + after[2:]] == [
        json.loads(out) for _code, out, _err in clean[:1] + clean[2:]
    ]
    assert after[1][0] == 0 and after[1][2] == ""
    json.loads(path.read_text())  # written whole again


def test_remembered_settings_follow_every_edit_of_plansync_yaml(example_repo):
    """Valid settings are remembered by their text; an edit is read again,
    and a problem in the edit is still reported where it stands."""
    for _ in range(2):  # the first run makes .plansync/, the second remembers
        assert example_repo.run("validate").exit_code == 0
    assert (example_repo.root / STATE / "settings.json").exists()
    settings = example_repo.root / "plansync.yaml"
    original = settings.read_text()
    assert "\nwaste_threshold: 0.15\n" in original
    settings.write_text(original.replace("waste_threshold: 0.15", "waste_threshold: 2"))
    result = example_repo.run("validate")
    assert result.exit_code == 1
    line = original.splitlines().index("waste_threshold: 0.15") + 1
    assert f"plansync.yaml:{line}:18:" in result.output
    settings.write_text(original.replace("waste_threshold: 0.15", "waste_threshold: 0.5"))
    assert example_repo.run("validate").exit_code == 0
    assert PlanRepo.open(example_repo.root).settings.waste_threshold == 0.5
    assert json.loads((example_repo.root / STATE / "settings.json").read_text())["settings"]["waste_threshold"] == 0.5


def test_a_damaged_unit_cache_is_ignored_silently_and_rebuilt(example_repo):
    """units.json is written when a process ends: real processes here."""
    env = {**os.environ, "PYTHONPATH": str(PROJECT)}
    command = [sys.executable, "-m", "plansync", "--repo", str(example_repo.root), "shopping", "christmas-2026", "--format", "json"]
    clean = subprocess.run(command, capture_output=True, text=True, env=env)
    path = example_repo.root / STATE / "units.json"
    assert clean.returncode == 0 and path.exists()
    for how in DAMAGE:
        damage(path, how, example_repo)
        again = subprocess.run(command, capture_output=True, text=True, env=env)
        assert (again.returncode, again.stdout, again.stderr) == (0, clean.stdout, ""), how
        json.loads(path.read_text())  # written whole again


def test_an_index_of_another_program_is_rebuilt_with_a_message(example_repo):
    database = example_repo.root / STATE / "index.sqlite"
    database.parent.mkdir(exist_ok=True)
    connection = sqlite3.connect(database)
    connection.executescript("CREATE TABLE files (x INTEGER); CREATE TABLE meta (a INTEGER); CREATE TABLE recipes (q INTEGER);")
    connection.close()
    result = example_repo.run("sync")
    assert result.exit_code == 0
    assert result.stderr == "rebuilt the index: the index holds tables plansync cannot read (damaged, or another program's)\n"
    rows = json.loads(example_repo.run("query", "SELECT count(*) AS n FROM recipes", "--format", "json").stdout)["rows"]
    assert rows == [{"n": 17}]


def test_an_unreadable_index_outside_plansync_s_folder_is_left_alone(example_repo, tmp_path):
    precious = tmp_path / "notes.db"
    precious.write_text("my own notes, not a database")
    result = run_cli("--repo", str(example_repo.root), "--db", f"sqlite:///{precious}", "sync")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: the index {precious} is not a readable SQLite database (")
    assert "left as it is" in result.stderr
    assert precious.read_text() == "my own notes, not a database"
