"""`plansync history`: the audit trail decoded from real git commits.

The lifecycle files (snapshots, amendments, runs) are written by hand here,
in the shapes of design.md, exactly as `lock`, `amend` and `record` write
them, and committed with pinned dates so every output line is exact.
"""

from __future__ import annotations

import json
import os
import subprocess

import pytest

from tests.helpers import edit

SHA = "1a2b3c4d" + "0" * 56
BASELINE = "9f8e7d6c" + "1" * 56
RUN_SNAPSHOT = "ab" * 32
EVENT = "events/christmas-2026/event.yaml"


def commit(repo, message: str, when: str) -> str:
    """Commit everything with a pinned author and committer date."""
    env = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    subprocess.run(["git", "add", "-A"], cwd=repo.root, check=True, env=env)
    subprocess.run(["git", "commit", "-q", "-m", message], cwd=repo.root, check=True, env=env)
    return repo.git("rev-parse", "HEAD").strip()


def snapshot(kind: str, digest: str, payload: str) -> str:
    return (
        f"kind: snapshot\nsnapshot_type: {kind}\nevent: christmas-2026\n"
        f"created_at: '2026-12-0{1 if kind == 'planning' else 2}T10:00:00Z'\ncontent_sha256: {digest}\n{payload}"
    )


AMENDMENT_1 = """\
  - seq: 1
    type: drop_fg
    at: '2026-12-03T09:00:00Z'
    reason: the tins did not arrive
    data: {finished_good: holiday-cookie-tin, original_quantity: 10}
"""
AMENDMENT_2 = """\
  - seq: 2
    type: modify_batch
    at: '2026-12-03T09:05:00Z'
    reason: a bigger oven tray
    data: {finished_unit: sugar-cookie, old_batches: 1, new_batches: 2}
"""


@pytest.fixture
def lifecycle(example_repo):
    """The example repository after lock, start, two amendments, runs, a delivery and shopping."""
    repo = example_repo
    shas = {}
    edit(repo, EVENT, "plan_state: draft", "plan_state: locked")
    repo.write("events/christmas-2026/snapshots/planning.yaml", snapshot("planning", SHA, "definitions: {}\n"))
    shas["lock"] = commit(repo, "lock christmas-2026", "2026-12-01T10:00:00+00:00")
    edit(repo, EVENT, "plan_state: locked", "plan_state: in_production")
    repo.write("events/christmas-2026/snapshots/baseline.yaml", snapshot("baseline", BASELINE, "plan: {}\n"))
    shas["start"] = commit(repo, "start christmas-2026", "2026-12-02T10:00:00+00:00")
    repo.write("events/christmas-2026/amendments.yaml", "kind: amendments\nevent: christmas-2026\namendments:\n" + AMENDMENT_1)
    shas["amend1"] = commit(repo, "amend christmas-2026: drop_fg", "2026-12-03T09:00:00+00:00")
    repo.write("events/christmas-2026/amendments.yaml", repo.read("events/christmas-2026/amendments.yaml") + AMENDMENT_2)
    shas["amend2"] = commit(repo, "amend christmas-2026: modify_batch", "2026-12-03T09:05:00+00:00")
    repo.write(
        "events/christmas-2026/runs.yaml",
        f"""\
        kind: runs
        event: christmas-2026
        production:
          - {{seq: 1, at: '2026-12-12T08:00:00Z', finished_unit: chocolate-chip-cookie, recipe: chocolate-chip-cookies, batches: 2, expected_yield: 96, actual_yield: 90, loss_status: partial_loss, snapshot: {RUN_SNAPSHOT}}}
        assembly:
          - {{seq: 1, at: '2026-12-21T15:00:00Z', finished_good: holiday-gift-bag, quantity: 12, snapshot: {RUN_SNAPSHOT}}}
        """,
    )
    shas["record"] = commit(repo, "record christmas-2026", "2026-12-21T15:00:00+00:00")
    edit(repo, EVENT, "{recipient: aunt-mary, package: family-gift-box, quantity: 1, status: pending}",
         "{recipient: aunt-mary, package: family-gift-box, quantity: 1, status: delivered}")  # fmt: skip
    shas["fulfill"] = commit(repo, "fulfill christmas-2026 aunt-mary delivered", "2026-12-23T12:00:00+00:00")
    repo.write(EVENT, repo.read(EVENT) + "shopping_completed_at: '2026-12-10T18:00:00Z'\n")
    shas["shopping"] = commit(repo, "shopping christmas-2026: done", "2026-12-23T18:00:00+00:00")
    return repo, shas


def history_json(repo, *args: str) -> dict:
    result = repo.run("history", *args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_each_lifecycle_change_is_decoded_with_its_details(lifecycle):
    repo, shas = lifecycle
    commits = history_json(repo, "christmas-2026")["commits"]
    assert [c["subject"] for c in commits] == [
        "shopping christmas-2026: done",
        "fulfill christmas-2026 aunt-mary delivered",
        "record christmas-2026",
        "amend christmas-2026: modify_batch",
        "amend christmas-2026: drop_fg",
        "start christmas-2026",
        "lock christmas-2026",
        "example",
    ]
    by_subject = {c["subject"]: c for c in commits}
    lock = by_subject["lock christmas-2026"]
    assert {k: lock[k] for k in ("sha", "short", "date", "author")} == {
        "sha": shas["lock"],
        "short": shas["lock"][:7],
        "date": "2026-12-01T10:00:00+00:00",
        "author": "Test Baker <baker@example.com>",
    }
    assert lock["changes"] == [
        {"path": EVENT, "kind": "event", "change": "state", "event": "christmas-2026",
         "from": "draft", "to": "locked", "summary": "plan_state draft -> locked"},
        {"path": "events/christmas-2026/snapshots/planning.yaml", "kind": "snapshot", "change": "snapshot",
         "event": "christmas-2026", "snapshot_type": "planning", "content_sha256": SHA, "hash8": "1a2b3c4d",
         "created_at": "2026-12-01T10:00:00Z", "summary": "planning snapshot written (1a2b3c4d)"},
    ]  # fmt: skip
    assert [c["summary"] for c in by_subject["start christmas-2026"]["changes"]] == [
        "plan_state locked -> in_production",
        "baseline snapshot written (9f8e7d6c)",
    ]
    # The first amendment creates the log; the second appends to it: each commit shows only its own.
    assert by_subject["amend christmas-2026: drop_fg"]["changes"] == [
        {"path": "events/christmas-2026/amendments.yaml", "kind": "amendments", "change": "amendment",
         "event": "christmas-2026", "seq": 1, "type": "drop_fg",
         "data": {"finished_good": "holiday-cookie-tin", "original_quantity": 10},
         "reason": "the tins did not arrive", "at": "2026-12-03T09:00:00Z",
         "summary": "amendment 1 drop_fg: finished_good holiday-cookie-tin, original_quantity 10; reason: the tins did not arrive"},
    ]  # fmt: skip
    second = by_subject["amend christmas-2026: modify_batch"]["changes"]
    assert [(c["change"], c["seq"], c["type"], c["data"], c["reason"]) for c in second] == [
        ("amendment", 2, "modify_batch", {"finished_unit": "sugar-cookie", "old_batches": 1, "new_batches": 2}, "a bigger oven tray")
    ]
    runs = by_subject["record christmas-2026"]["changes"]
    assert runs == [
        {"path": "events/christmas-2026/runs.yaml", "kind": "runs", "change": "production_run", "event": "christmas-2026",
         "seq": 1, "finished_unit": "chocolate-chip-cookie", "recipe": "chocolate-chip-cookies", "batches": 2,
         "expected_yield": 96, "actual_yield": 90, "loss_status": "partial_loss", "at": "2026-12-12T08:00:00Z",
         "summary": "production run 1: chocolate-chip-cookie, 2 batch(es), yield 90 of 96 (partial_loss)"},
        {"path": "events/christmas-2026/runs.yaml", "kind": "runs", "change": "assembly_run", "event": "christmas-2026",
         "seq": 1, "finished_good": "holiday-gift-bag", "quantity": 12, "at": "2026-12-21T15:00:00Z",
         "summary": "assembly run 1: holiday-gift-bag, quantity 12"},
    ]  # fmt: skip
    assert by_subject["fulfill christmas-2026 aunt-mary delivered"]["changes"] == [
        {"path": EVENT, "kind": "event", "change": "fulfillment", "event": "christmas-2026", "recipient": "aunt-mary",
         "package": "family-gift-box", "from": "pending", "to": "delivered",
         "summary": "recipient aunt-mary (family-gift-box): pending -> delivered"},
    ]  # fmt: skip
    assert by_subject["shopping christmas-2026: done"]["changes"] == [
        {"path": EVENT, "kind": "event", "change": "shopping_done", "event": "christmas-2026",
         "at": "2026-12-10T18:00:00Z", "summary": "shopping marked done at 2026-12-10T18:00:00Z"},
    ]  # fmt: skip
    # The event's own creation, in the first commit.
    assert by_subject["example"]["changes"] == [
        {"path": EVENT, "kind": "event", "change": "added", "slug": "christmas-2026", "summary": "added event christmas-2026"}
    ]


def test_table_lines(lifecycle):
    repo, shas = lifecycle
    result = repo.run("history", "christmas-2026", "--limit", "3")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        f"{shas['shopping'][:7]}  2026-12-23T18:00:00+00:00  Test Baker <baker@example.com>",
        "    shopping christmas-2026: done",
        f"  ~ {EVENT}: shopping marked done at 2026-12-10T18:00:00Z",
        "",
        f"{shas['fulfill'][:7]}  2026-12-23T12:00:00+00:00  Test Baker <baker@example.com>",
        "    fulfill christmas-2026 aunt-mary delivered",
        f"  ~ {EVENT}: recipient aunt-mary (family-gift-box): pending -> delivered",
        "",
        f"{shas['record'][:7]}  2026-12-21T15:00:00+00:00  Test Baker <baker@example.com>",
        "    record christmas-2026",
        "  + events/christmas-2026/runs.yaml: production run 1: chocolate-chip-cookie, 2 batch(es), yield 90 of 96 (partial_loss)",
        "  + events/christmas-2026/runs.yaml: assembly run 1: holiday-gift-bag, quantity 12",
    ]


def test_csv_has_one_row_per_change(lifecycle):
    repo, shas = lifecycle
    lines = repo.run("history", "christmas-2026", "--limit", "1", "--format", "csv").stdout.splitlines()
    assert lines == [
        "commit,date,author,subject,path,kind,change,summary",
        f"{shas['shopping'][:7]},2026-12-23T18:00:00+00:00,Test Baker <baker@example.com>,shopping christmas-2026: done,"
        f"{EVENT},event,shopping_done,shopping marked done at 2026-12-10T18:00:00Z",
    ]


def test_limit_keeps_the_newest(lifecycle):
    repo, shas = lifecycle
    commits = history_json(repo, "--limit", "2")["commits"]
    assert [c["sha"] for c in commits] == [shas["shopping"], shas["fulfill"]]
    assert repo.run("history", "--limit", "0").exit_code == 2


def test_history_of_a_path(lifecycle, monkeypatch):
    repo, shas = lifecycle
    commits = history_json(repo, "events/christmas-2026/amendments.yaml")["commits"]
    assert [c["sha"] for c in commits] == [shas["amend2"], shas["amend1"]]
    # A folder, given relative to the working directory.
    monkeypatch.chdir(repo.root / "events")
    commits = history_json(repo, "christmas-2026/snapshots")["commits"]
    assert [(c["sha"], [x["summary"] for x in c["changes"]]) for c in commits] == [
        (shas["start"], ["baseline snapshot written (9f8e7d6c)"]),
        (shas["lock"], ["planning snapshot written (1a2b3c4d)"]),
    ]


def test_history_of_a_catalog_file_names_the_changed_fields(example_repo):
    path = "catalog/recipes/sugar-cookies.yaml"
    edit(example_repo, path, "name: ", "name: Iced ")
    sha = commit(example_repo, "rename", "2026-11-01T08:00:00+00:00")
    lines = example_repo.run("history", path).stdout.splitlines()
    assert lines[:3] == [
        f"{sha[:7]}  2026-11-01T08:00:00+00:00  Test Baker <baker@example.com>",
        "    rename",
        f"  ~ {path}: changed name",
    ]
    change = history_json(example_repo, path)["commits"][0]["changes"][0]
    assert change == {"path": path, "kind": "recipe", "change": "changed", "slug": "sugar-cookies", "summary": "changed name", "fields": ["name"]}


def test_history_of_the_whole_repository(lifecycle):
    repo, shas = lifecycle
    repo.write("catalog/recipients/new-neighbor.yaml", "kind: recipient\nslug: new-neighbor\nname: New Neighbor\n")
    repo.write(".gitignore", repo.read(".gitignore") + "*.bak\n")
    newest = commit(repo, "a new neighbor", "2026-12-24T08:00:00+00:00")
    repo.write(".gitignore", repo.read(".gitignore") + "*.tmp\n")
    commit(repo, "hidden files only", "2026-12-24T09:00:00+00:00")
    commits = history_json(repo)["commits"]
    # A commit touching only hidden files is no plan change; hidden files are never listed.
    assert [c["subject"] for c in commits][:2] == ["a new neighbor", "shopping christmas-2026: done"]
    assert commits[0]["sha"] == newest
    assert commits[0]["changes"] == [
        {"path": "catalog/recipients/new-neighbor.yaml", "kind": "recipient", "change": "added",
         "slug": "new-neighbor", "summary": "added recipient new-neighbor"},
    ]  # fmt: skip
    first = commits[-1]
    assert first["subject"] == "example"
    paths = [c["path"] for c in first["changes"]]
    assert "plansync.yaml" in paths and "inventory.yaml" in paths
    assert not any(p.startswith(".") for p in paths)
    # One change per plan file, except purchases.yaml, which lists each purchase it adds.
    purchases = [c for c in first["changes"] if c["path"] == "purchases.yaml"]
    assert [c["seq"] for c in purchases] == list(range(1, 10))
    others = [p for p in paths if p != "purchases.yaml"]
    assert len(others) == len(set(others)) == 172  # 171 other plan files and plansync.yaml


def test_a_version_that_does_not_parse_is_reported_as_changed(example_repo):
    path = "catalog/recipes/sugar-cookies.yaml"
    good = example_repo.read(path)
    example_repo.write(path, "kind: recipe\nslug: [unclosed\n")
    broken = commit(example_repo, "oops", "2026-11-02T08:00:00+00:00")
    example_repo.write(path, good)
    fixed = commit(example_repo, "fixed", "2026-11-02T09:00:00+00:00")
    example_repo.write_bytes(path, b"\xff\xfe not utf-8")
    commit(example_repo, "binary", "2026-11-02T10:00:00+00:00")
    example_repo.git("rm", "-q", path)
    removed = commit(example_repo, "gone", "2026-11-02T11:00:00+00:00")
    commits = history_json(example_repo, path)["commits"]
    summaries = {c["sha"]: [(x["change"], x["kind"], x["summary"]) for x in c["changes"]] for c in commits}
    assert summaries[broken][0][0:2] == ("changed", "recipe")
    assert summaries[broken][0][2].startswith("changed; does not parse: line 3: YAML syntax: ")
    assert summaries[fixed][0][2].startswith("changed; parses again (did not parse before: line 3: YAML syntax: ")
    assert summaries[commits[1]["sha"]] == [("changed", "recipe", "changed; does not parse: not UTF-8")]
    assert summaries[removed] == [("removed", None, "removed (does not parse)")]


def test_plan_repository_in_a_folder_of_the_git_repository(tmp_path):
    from tests.conftest import PlanRepoFixture, copy_example

    top = tmp_path / "project"
    copy_example(top / "plans")
    (top / "README.md").write_text("project\n")
    outer = PlanRepoFixture(top)
    outer.git("init", "-q")
    commit(outer, "start", "2026-11-01T08:00:00+00:00")
    repo = PlanRepoFixture(top / "plans")
    edit(repo, EVENT, "plan_state: draft", "plan_state: locked")
    (top / "README.md").write_text("project, locked\n")
    locked = commit(outer, "lock", "2026-11-02T08:00:00+00:00")
    (top / "README.md").write_text("only the readme\n")
    commit(outer, "readme", "2026-11-03T08:00:00+00:00")
    commits = history_json(repo)["commits"]
    assert [c["subject"] for c in commits] == ["lock", "start"]  # the readme commit is outside the plan repository
    assert commits[0]["sha"] == locked
    assert [(c["path"], c["summary"]) for c in commits[0]["changes"]] == [(EVENT, "plan_state draft -> locked")]
    assert [c["sha"] for c in history_json(repo, "christmas-2026")["commits"]] == [locked, commits[1]["sha"]]
    assert [c["sha"] for c in history_json(repo, EVENT)["commits"]] == [locked, commits[1]["sha"]]


def test_a_removed_event_still_has_its_history(lifecycle):
    repo, shas = lifecycle
    repo.git("rm", "-q", "-r", "events/christmas-2026")
    gone = commit(repo, "drop christmas", "2026-12-30T08:00:00+00:00")
    commits = history_json(repo, "christmas-2026")["commits"]
    assert commits[0]["sha"] == gone
    assert [(c["change"], c["path"]) for c in commits[0]["changes"]] == [
        ("removed", "events/christmas-2026/amendments.yaml"),
        ("removed", EVENT),
        ("removed", "events/christmas-2026/runs.yaml"),
        ("removed", "events/christmas-2026/snapshots/baseline.yaml"),
        ("removed", "events/christmas-2026/snapshots/planning.yaml"),
    ]
    assert len(commits) == 9


def test_unknown_event_or_path_is_one_line_exit_1(example_repo):
    result = example_repo.run("history", "easter-2027")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        "error: unknown event or path 'easter-2027': no event has that slug, "
        "and no file or folder has that path now or in the history\n"
    )
    assert example_repo.run("history", "catalog/nothing.yaml").exit_code == 1


def test_outside_git_is_one_line_exit_1(plan_repo, tmp_path):
    import shutil

    shutil.rmtree(plan_repo.root / ".git")
    result = plan_repo.run("history")
    assert (result.exit_code, result.stderr) == (1, f"error: {plan_repo.root} is not in a git repository: there is no history to show\n")


def test_no_commits_yet(plan_repo):
    result = plan_repo.run("history")
    assert (result.exit_code, result.stdout) == (0, "no commits touch the plan repository\n")
    assert history_json(plan_repo) == {"commits": []}


def test_help_ends_with_an_example():
    from plansync.cli.git_cmds import diff, history

    for command, name in ((history, "history"), (diff, "diff")):
        lines = [line.strip() for line in command.help.rstrip().splitlines()]
        block = lines[lines.index("Example:") + 1 :]
        assert block and all(line.startswith(f"plansync {name} ") for line in block)


def test_what_the_lifecycle_does_not_explain_is_listed_as_fields(example_repo):
    edit(example_repo, EVENT, "plan_state: draft", "plan_state: locked")
    edit(example_repo, EVENT, "expected_attendees: 40", "expected_attendees: 45")
    example_repo.write("events/christmas-2026/amendments.yaml", "kind: amendments\nevent: christmas-2026\namendments:\n" + AMENDMENT_1)
    commit(example_repo, "lock and more", "2026-12-01T10:00:00+00:00")
    # An "append-only" log whose first entry was edited: the edit shows beside the new entry.
    text = example_repo.read("events/christmas-2026/amendments.yaml").replace("the tins did not arrive", "tins late")
    example_repo.write("events/christmas-2026/amendments.yaml", text + AMENDMENT_2)
    commit(example_repo, "edit the log", "2026-12-02T10:00:00+00:00")
    lines = example_repo.run("history", "christmas-2026", "--limit", "2").stdout.splitlines()
    assert [line for line in lines if line.startswith("  ") and not line.startswith("    ")] == [
        "  ~ events/christmas-2026/amendments.yaml: amendment 2 modify_batch: finished_unit sugar-cookie, old_batches 1, new_batches 2; reason: a bigger oven tray",
        "  ~ events/christmas-2026/amendments.yaml: changed amendments.0.reason",
        "  + events/christmas-2026/amendments.yaml: amendment 1 drop_fg: finished_good holiday-cookie-tin, original_quantity 10; reason: the tins did not arrive",
        f"  ~ {EVENT}: plan_state draft -> locked",
        f"  ~ {EVENT}: changed expected_attendees",
    ]
    change = history_json(example_repo, EVENT, "--limit", "1")["commits"][0]["changes"][1]
    assert change == {"path": EVENT, "kind": "event", "change": "changed", "slug": "christmas-2026",
                      "summary": "changed expected_attendees", "fields": ["expected_attendees"]}  # fmt: skip


def test_plan_entries_are_named_by_what_they_plan_not_by_position(example_repo):
    """Dropping the first good shifts every later entry up a position; the
    history names the good dropped, the good added and the quantity changed,
    and nothing else."""
    text = example_repo.read(EVENT)
    first = "  - {finished_good: holiday-gift-bag, quantity: 50}  # office (32) and church choir (18)\n"
    assert first in text
    text = text.replace(first, "").replace("{finished_good: wrapped-brownie, quantity: 24}", "{finished_good: wrapped-brownie, quantity: 30}")
    text = text.replace("finished_goods:\n", "finished_goods:\n  - {finished_good: wrapped-banana-bread, quantity: 4}\n", 1)
    example_repo.write(EVENT, text)
    commit(example_repo, "plan changes", "2026-12-01T10:00:00+00:00")
    lines = example_repo.run("history", EVENT, "--limit", "1").stdout.splitlines()
    assert [line for line in lines if line.startswith("  ") and not line.startswith("    ")] == [
        f"  ~ {EVENT}: finished good wrapped-banana-bread added (quantity 4)",
        f"  ~ {EVENT}: finished good wrapped-brownie: quantity: 24 -> 30",
        f"  ~ {EVENT}: finished good holiday-gift-bag removed",
    ]
    changes = history_json(example_repo, EVENT, "--limit", "1")["commits"][0]["changes"]
    assert changes[2] == {
        "path": EVENT, "kind": "event", "change": "plan", "event": "christmas-2026", "list": "finished_goods",
        "item": "holiday-gift-bag", "from": {"finished_good": "holiday-gift-bag", "quantity": 50}, "to": None,
        "summary": "finished good holiday-gift-bag removed",
    }  # fmt: skip
    # A list naming one good twice cannot be matched by name: its fields are listed.
    example_repo.write(EVENT, example_repo.read(EVENT).replace("wrapped-banana-bread, quantity: 4", "wrapped-brownie, quantity: 4"))
    commit(example_repo, "a duplicate", "2026-12-02T10:00:00+00:00")
    lines = example_repo.run("history", EVENT, "--limit", "1").stdout.splitlines()
    assert f"  ~ {EVENT}: changed finished_goods.0.finished_good" in lines
