"""Hostile repositories, exports and queries: nothing is run, nothing is written outside.

- YAML is only ever read by plansync's own safe reader (no object is ever
  constructed), nothing is pickled, git runs without a shell;
- ``query`` cannot write, attach, run programs or write server files, on
  SQLite or PostgreSQL;
- revisions that look like options are refused by every command taking one;
- no path from a file, an export or an argument writes outside the
  repository, into a hidden folder, or through a link.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from plansync.store.journal import JOURNAL_FOLDER
from tests.conftest import PROJECT, PlanRepoFixture, run_cli
from tests.helpers import run_db, write_export
from tests.index_fixtures import index_url  # noqa: F401  (fixture)

SOURCES = sorted((PROJECT / "plansync").rglob("*.py")) + sorted((PROJECT / "plugins").rglob("plansync_*/**/*.py"))


def code_lines():
    for path in SOURCES:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            stripped = line.split("#", 1)[0]
            if stripped.strip():
                yield path.relative_to(PROJECT), number, stripped


@pytest.mark.parametrize(
    "pattern, why",
    [
        (r"^\s*(import\s+yaml\b|from\s+yaml\b)", "PyYAML's loaders construct objects"),
        (r"typ\s*=\s*['\"](unsafe|full|base)['\"]", "a ruamel loader that constructs objects"),
        (r"\bimport\s+(pickle|marshal|shelve|dill)\b|\bfrom\s+(pickle|marshal|shelve)\b", "unpickling runs code"),
        (r"\b(eval|exec)\s*\(", "running text as code"),
        (r"shell\s*=\s*True", "a shell would read file names and revisions"),
        (r"\bos\.(system|popen|exec\w*|spawn\w*)\s*\(", "a shell, or a program named by text"),
        (r"subprocess\.\w+\(\s*f?['\"]", "a command line as one string"),
        (r"\.load\(\s*[^)]*Loader\s*=\s*(yaml\.)?(Unsafe|Full)?Loader", "an unsafe loader"),
    ],
)
def test_no_unsafe_reading_or_running_anywhere_in_the_code(pattern, why):
    found = [f"{path}:{number}: {line.strip()}" for path, number, line in code_lines() if re.search(pattern, line)]
    assert found == [], why


def test_the_only_yaml_loaders_are_the_safe_reader_and_round_trip_writer():
    """ruamel is used only as libyaml's composer (plain values built by
    plansync) and as the round-trip writer, which never constructs tags."""
    uses = {f"{path}: {line.strip()}" for path, _n, line in code_lines() if re.search(r"\bYAML\(", line)}
    assert uses == {
        'plansync/formats/yamlwrite.py: yaml = YAML(typ="rt")',
        'plansync/formats/yamlread.py: return YAML(typ="safe", pure=True).compose(text)',
    }


def test_the_round_trip_writer_constructs_no_object(tmp_path, monkeypatch):
    from plansync.formats.yamlwrite import update

    monkeypatch.chdir(tmp_path)
    hostile = "kind: ingredient\nslug: x\nname: !!python/object/apply:os.system ['touch pwned']\n"
    try:
        update(hostile, {"kind": "ingredient", "slug": "x", "name": "X"})
    except Exception:
        pass  # refusing is fine; running anything is not
    assert not (tmp_path / "pwned").exists()


# --- query: PostgreSQL-specific hostile statements (SQLite's are in tests/index/test_query.py)


PG_HOSTILE = [
    ("COPY (SELECT 1) TO PROGRAM 'touch {marker}'", "only reading statements run"),
    ("COPY (SELECT 1) TO '{marker}'", "only reading statements run"),
    ("SELECT lo_export(lo_from_bytea(0, 'x'), '{marker}')", "permission denied"),
    ("SELECT pg_read_file('/etc/hostname')", "permission denied"),
    ("SELECT lo_import('/etc/hostname')", "permission denied"),
    ("SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE", "only reading statements run"),
    ("SET transaction_read_only = off", "only reading statements run"),
    ("SELECT set_config('transaction_read_only', 'off', false)", "set_config() is not allowed"),
    ("SELECT \"set_config\"('role', 'postgres', true)", "set_config() is not allowed"),
    ("SELECT query_to_xml('DELETE FROM inventory_items RETURNING 1', true, true, '')", "query_to_xml() is not allowed"),
    ("COMMIT", "only reading statements run"),
    ("BEGIN READ WRITE", "only reading statements run"),
    ("SELECT 1; COMMIT; DELETE FROM inventory_items", "one statement at a time"),
    ("SELECT $a$ ' $a$; COMMIT; DELETE FROM inventory_items; -- '", "one statement at a time"),
    ("SELECT E'\\''; DELETE FROM inventory_items; --'", "one statement at a time"),
    ("SELECT U&\"\\0073et_config\"('role', 'postgres', true)", "U&'...' escapes are not allowed"),
    ("DO $$ BEGIN DELETE FROM inventory_items; END $$", "only reading statements run"),
    ("CALL pg_catalog.pg_sleep(0)", "only reading statements run"),
    ("WITH gone AS (DELETE FROM inventory_items RETURNING 1) SELECT * FROM gone", "read-only"),
    ("EXPLAIN ANALYZE DELETE FROM inventory_items", "read-only"),
    ("SELECT pg_reload_conf()", "permission denied"),
    ("NOTIFY plansync", "only reading statements run"),
]


def test_postgresql_query_runs_nothing_but_a_read(example_repo, index_url, tmp_path):  # noqa: F811
    """Over a superuser's connection (as CI's), the worst case."""
    if not index_url:
        pytest.skip("PostgreSQL statements")
    marker = tmp_path / "written-by-the-server"
    count = "SELECT count(*) AS n FROM inventory_items"
    before = run_db(example_repo, index_url, "query", count, "--format", "json").stdout
    for sql, why in PG_HOSTILE:
        result = run_db(example_repo, index_url, "query", sql.format(marker=marker))
        assert result.exit_code == 1, (sql, result.output)
        assert result.stderr.startswith("error: query refused: ") or "one statement at a time" in result.stderr, sql
        assert why in result.stderr, (sql, result.stderr)
        assert not marker.exists(), sql
    assert run_db(example_repo, index_url, "query", count, "--format", "json").stdout == before


def test_postgresql_queries_still_read(example_repo, index_url):  # noqa: F811
    if not index_url:
        pytest.skip("PostgreSQL statements")
    for sql in ("SELECT slug FROM recipes WHERE name LIKE '%Cookie%' ORDER BY slug LIMIT 1",
                "(SELECT 1 AS one)", "VALUES (1)", "TABLE meta", "SHOW server_version", "EXPLAIN SELECT 1",
                "SELECT 'it''s; fine' AS text", "SELECT $$;$$ AS text; -- a comment"):  # fmt: skip
        result = run_db(example_repo, index_url, "query", sql, "--format", "json")
        assert result.exit_code == 0, (sql, result.stderr)


# --- revisions that look like options


@pytest.mark.parametrize(
    "args",
    [
        ["validate", "--at", "--output={out}"], ["plan", "christmas-2026", "--at", "-p"],
        ["history", "--limit", "1", "--", "--output={out}"],
        ["diff", "--", "--output={out}"], ["diff", "HEAD", "--", "--output={out}"], ["diff", "--", "-"],
    ],  # fmt: skip
)
def test_every_revision_argument_refuses_an_option(example_repo, args, tmp_path):
    out = tmp_path / "written-by-git"
    result = example_repo.run(*[arg.format(out=out) for arg in args])
    if args[0] == "history":  # a path, taken literally: no such path
        assert result.exit_code == 1 and "unknown event or path" in result.stderr
    else:
        assert result.exit_code == 2
        assert re.fullmatch(r"error: not a revision: '-.*'\n", result.stderr)
    assert not out.exists()


@pytest.mark.parametrize("target", ["--output=/tmp/x", ":(glob)**", ":(exclude)events", "*"])
def test_history_takes_its_argument_literally(example_repo, target):
    result = example_repo.run("history", "--", target)
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: unknown event or path {target!r}: no event has that slug, "
        "and no file or folder has that path now or in the history\n"
    )


def test_a_committed_file_name_with_a_line_break_cannot_confuse_git_reads(example_repo):
    weird = "catalog/ingredients/evil\nname.yaml"
    (example_repo.root / weird).write_text("kind: ingredient\nslug: evil\nname: Evil\n")
    example_repo.commit_all("a line break in a name")
    report = json.loads(example_repo.run("validate", "--at", "HEAD", "--format", "json").stdout)
    assert report["problems"] == [
        {"path": "catalog/ingredients/evil?name.yaml", "line": None, "column": None, "severity": "error",
         "code": "unreadable", "message": "the file name holds control characters; rename it"},
    ]  # fmt: skip
    assert example_repo.run("plan", "christmas-2026", "--at", "HEAD").exit_code == 0


# --- nothing written outside the repository, into hidden folders, or through links


@pytest.mark.parametrize(
    "target",
    ["../outside.yaml", "/tmp/outside.yaml", "catalog/../../outside.yaml", ".git/hooks/post-checkout.yaml",
     "catalog/.hidden/x.yaml", "~/x.yaml", "plansync.yaml"],  # fmt: skip
)
def test_import_never_writes_outside_or_hidden(plan_repo, tmp_path, target):
    export = tmp_path / "export.json"
    write_export(export, [{"path": target, "data": {"kind": "ingredient", "slug": "evil", "name": "Evil"}}])
    result = plan_repo.run("import", str(export), "--from", "json", "--format", "json")
    assert result.exit_code == 1
    assert [p["record"] for p in json.loads(result.stdout)["problems"]] == ["ingredient 'evil'"]
    assert not (tmp_path / "outside.yaml").exists() and not Path("/tmp/outside.yaml").exists()
    assert not (plan_repo.root / ".git/hooks/post-checkout.yaml").exists()


def test_import_never_writes_through_a_linked_folder(plan_repo, tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (plan_repo.root / "catalog/linked").symlink_to(outside, target_is_directory=True)
    export = tmp_path / "export.json"
    write_export(export, [{"path": "catalog/linked/salt.yaml", "data": {"kind": "ingredient", "slug": "salt", "name": "Salt"}}])
    result = plan_repo.run("import", str(export), "--from", "json", "--format", "json")
    assert result.exit_code == 1
    assert json.loads(result.stdout)["problems"] == [
        {"record": "ingredient 'salt'",
         "message": "refusing to write catalog/linked/salt.yaml: its folder is a link that leads outside the plan repository"},
    ]  # fmt: skip
    assert list(outside.iterdir()) == []


@pytest.mark.parametrize("event", ["../../outside", "/tmp/outside", "..", "christmas-2026/../x", "CHRISTMAS"])
@pytest.mark.parametrize("command", [["record", "production", "{e}", "sugar-cookie", "1"], ["lock", "{e}"],
                                     ["amend", "{e}", "drop-fg", "holiday-gift-bag", "--reason", "x"],
                                     ["shopping", "{e}", "--done"], ["fulfill", "{e}", "aunt-mary", "ready"]])  # fmt: skip
def test_an_event_argument_is_a_slug_never_a_path(example_repo, event, command, tmp_path):
    before = example_repo.git("status", "--porcelain")
    result = example_repo.run(*[part.format(e=event) for part in command])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: unknown event {event!r} (events: christmas-2026, school-fair-2026)")
    assert example_repo.git("status", "--porcelain") == before
    assert not Path("/tmp/outside").exists()
    # No lock file was named after the argument.
    for lock in (example_repo.root / ".plansync/locks").glob("*"):
        assert re.fullmatch(r"(event-(christmas-2026|school-fair-2026)|runs|git|sync|repository|files)\.lock", lock.name)


def test_a_run_log_linked_outside_is_refused_and_left_alone(example_repo, tmp_path):
    outside = tmp_path / "their-runs.yaml"
    outside.write_text("kind: runs\nevent: christmas-2026\nproduction: []\n")
    (example_repo.root / "events/christmas-2026/runs.yaml").symlink_to(outside)
    result = example_repo.run("record", "production", "christmas-2026", "sugar-cookie", "1")
    assert result.exit_code == 1
    assert "symlink leads outside the repository; not followed" in result.stderr
    assert outside.read_text() == "kind: runs\nevent: christmas-2026\nproduction: []\n"


def test_a_state_folder_linked_elsewhere_is_refused(example_repo, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (example_repo.root / ".plansync").symlink_to(elsewhere, target_is_directory=True)
    for args in (["validate"], ["sync"], ["record", "production", "christmas-2026", "sugar-cookie", "1"]):
        result = example_repo.run(*args)
        assert result.exit_code == 1
        assert result.stderr.startswith(f"error: {example_repo.root / '.plansync'} is not a folder but a link or a file;")
    assert list(elsewhere.iterdir()) == []


def test_a_lock_file_linked_to_a_precious_file_is_never_truncated(example_repo, tmp_path):
    precious = tmp_path / "precious.txt"
    precious.write_text("do not truncate me\n")
    locks = example_repo.root / ".plansync/locks"
    locks.mkdir(parents=True)
    (locks / "event-christmas-2026.lock").symlink_to(precious)
    result = example_repo.run("record", "production", "christmas-2026", "sugar-cookie", "1")
    assert result.exit_code == 1
    assert "it is a link, which plansync never follows" in result.stderr
    assert precious.read_text() == "do not truncate me\n"


def test_settings_cannot_point_the_index_outside_or_through_a_link(example_repo, tmp_path):
    settings = example_repo.root / "plansync.yaml"
    original = settings.read_text()
    for index in ("sqlite:////tmp/elsewhere.sqlite", "sqlite:///../elsewhere.sqlite"):
        settings.write_text(original + f"index: {index}\n")
        result = example_repo.run("sync")
        assert result.exit_code == 1
        assert result.stderr.startswith(f"error: index {index!r} in plansync.yaml leads outside the repository;")
    settings.write_text(original)
    target = tmp_path / "someone-elses.sqlite"
    (example_repo.root / ".plansync").mkdir(exist_ok=True)
    (example_repo.root / ".plansync/index.sqlite").symlink_to(target)
    result = example_repo.run("sync")
    assert result.exit_code == 1
    assert "is a link; plansync never writes through a link" in result.stderr
    assert not target.exists()


def test_a_planted_journal_cannot_write_hidden_or_outside_files(example_repo, tmp_path):
    """A journal is plansync's own; one planted in a repository may only name plan files."""
    folder = example_repo.root / ".plansync" / JOURNAL_FOLDER
    folder.mkdir(parents=True)
    entries = [
        {"path": ".git/hooks/post-checkout", "old": None, "new": "0" * 64, "temp": ".plansync-1-1-0.pending"},
        {"path": "../outside.yaml", "old": None, "new": "0" * 64, "temp": ".plansync-1-1-1.pending"},
        {"path": "catalog/x.yaml", "old": None, "new": "0" * 64, "temp": "../../outside.pending"},
    ]
    (folder / "1-1.json").write_text(json.dumps({"pid": 999999999, "files": entries}))
    result = example_repo.run("record", "production", "christmas-2026", "sugar-cookie", "1")
    assert result.exit_code == 0, result.stderr
    assert not (example_repo.root / ".git/hooks/post-checkout").exists()
    assert not (example_repo.root.parent / "outside.yaml").exists()
    assert list(folder.iterdir()) == []


def test_git_runs_without_a_shell_even_for_hostile_names(example_repo):
    """A file name full of shell syntax, committed: history and diff read it as a name."""
    name = "catalog/ingredients/$(touch pwned);`touch pwned2`.yaml"
    (example_repo.root / name).write_text("kind: ingredient\nslug: shell-name\nname: Shell\n")
    example_repo.commit_all("$(touch pwned3)")
    assert example_repo.run("history", "--format", "json").exit_code == 0
    assert example_repo.run("diff", "HEAD~1", "--format", "json").exit_code == 0
    assert subprocess.run(["git", "status", "--porcelain"], cwd=example_repo.root, capture_output=True, text=True).stdout == ""
    for marker in ("pwned", "pwned2", "pwned3"):
        assert not (example_repo.root / marker).exists() and not (Path.cwd() / marker).exists()


def test_no_traceback_for_a_user_error_with_debugging_off(tmp_path, monkeypatch):
    monkeypatch.delenv("PLANSYNC_DEBUG", raising=False)
    repo = PlanRepoFixture(tmp_path / "r")
    result = run_cli("--repo", str(repo.root), "validate")
    assert result.exit_code == 1 and "Traceback" not in result.output
