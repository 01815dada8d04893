"""`--at REV` on every read command: computed from git objects, never a checkout."""

from __future__ import annotations

import json
import shutil

import pytest

from plansync.store import clock

EVENT = "events/christmas-2026/event.yaml"
READ_COMMANDS = [
    ("plan", "christmas-2026"),
    ("shopping", "christmas-2026"),
    ("feasibility", "christmas-2026"),
    ("progress", "christmas-2026"),
    ("status", "christmas-2026"),
    ("validate",),
]


@pytest.fixture
def later(example_repo, monkeypatch):
    """HEAD~1: the example. HEAD: 60 gift bags instead of 50, a production run, shopping done.

    Returns the JSON output of every read command before the change."""
    repo = example_repo
    before = {args[0]: repo.run(*args, "--format", "json").stdout for args in READ_COMMANDS}
    repo.write(EVENT, repo.read(EVENT).replace("{finished_good: holiday-gift-bag, quantity: 50}", "{finished_good: holiday-gift-bag, quantity: 60}"))
    assert repo.run("record", "production", "christmas-2026", "chocolate-chip-cookie", "2").exit_code == 0
    monkeypatch.setattr(clock, "utc_now", lambda: "2026-12-01T10:00:00Z")
    assert repo.run("shopping", "christmas-2026", "--done").exit_code == 0
    repo.commit_all("sixty bags, a run, shopping done")
    return repo, before


def as_json(repo, *args: str) -> dict:
    result = repo.run(*args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.mark.parametrize("args", READ_COMMANDS, ids=[a[0] for a in READ_COMMANDS])
def test_at_the_earlier_revision_gives_the_earlier_result(later, args):
    repo, before = later
    assert repo.run(*args, "--at", "HEAD~1", "--format", "json").stdout == before[args[0]]
    assert repo.run(*args, "--at", "HEAD", "--format", "json").stdout == repo.run(*args, "--format", "json").stdout


def test_plan_numbers(later):
    repo, _ = later
    old = {b["finished_unit"]: b for b in as_json(repo, "plan", "christmas-2026", "--at", "HEAD~1")["batches"]}
    new = {b["finished_unit"]: b for b in as_json(repo, "plan", "christmas-2026")["batches"]}
    assert (old["chocolate-chip-cookie"]["needed"], old["chocolate-chip-cookie"]["batches"]) == (384, 4)
    assert (new["chocolate-chip-cookie"]["needed"], new["chocolate-chip-cookie"]["batches"]) == (444, 5)


def test_shopping_numbers(later):
    repo, _ = later
    old = {i.get("ingredient"): i for i in as_json(repo, "shopping", "christmas-2026", "--at", "HEAD~1")["items"]}
    new = {i.get("ingredient"): i for i in as_json(repo, "shopping", "christmas-2026")["items"]}
    # 10 cups counted + 3 bags of 5 lb bought (4.25 oz a cup) = 66.4706 cups on hand.
    assert (old["all-purpose-flour"]["need"], old["all-purpose-flour"]["have"]) == (55.3498, 66.4706)
    assert (new["all-purpose-flour"]["need"], new["all-purpose-flour"]["have"]) == (61.8498, 66.4706)


def test_feasibility_numbers(later):
    repo, _ = later
    old = {g["finished_good"]: g for g in as_json(repo, "feasibility", "christmas-2026", "--at", "HEAD~1")["finished_goods"]}
    new = {g["finished_good"]: g for g in as_json(repo, "feasibility", "christmas-2026")["finished_goods"]}
    # 50 (then 60) listed, and 2 more through recipients' packages.
    assert (old["holiday-gift-bag"]["quantity"], old["holiday-gift-bag"]["can_assemble"]) == (52, 52)
    assert (new["holiday-gift-bag"]["quantity"], new["holiday-gift-bag"]["can_assemble"]) == (62, 62)


def test_progress_and_status_see_the_runs_of_their_revision(later):
    repo, _ = later
    old = {p["finished_unit"]: p for p in as_json(repo, "progress", "christmas-2026", "--at", "HEAD~1")["production"]}
    new = {p["finished_unit"]: p for p in as_json(repo, "progress", "christmas-2026")["production"]}
    assert (old["chocolate-chip-cookie"]["produced_batches"], old["chocolate-chip-cookie"]["target_batches"]) == (0, 4)
    assert (new["chocolate-chip-cookie"]["produced_batches"], new["chocolate-chip-cookie"]["target_batches"]) == (2, 5)
    assert as_json(repo, "status", "christmas-2026", "--at", "HEAD~1")["shopping"]["completed_at"] is None
    assert as_json(repo, "status", "christmas-2026")["shopping"]["completed_at"] == "2026-12-01T10:00:00Z"


def test_validate_at_a_clean_revision(example_repo):
    example_repo.write("catalog/recipes/broken.yaml", "kind: recipe\nslug: broken\nname: Broken\ningredients:\n  - {ingredient: unobtainium, quantity: 1, unit: cup}\n")
    example_repo.commit_all("a broken recipe")
    assert example_repo.run("validate").exit_code == 1
    result = example_repo.run("validate", "--at", "HEAD~1", "--format", "json")
    assert (result.exit_code, json.loads(result.stdout)["problems"]) == (0, [])
    assert example_repo.run("validate", "--at", "HEAD").exit_code == 1


def test_nothing_is_checked_out_or_read_from_the_work_tree(later):
    repo, before = later
    head = repo.git("rev-parse", "HEAD")
    # The work tree no longer has the event at all; the revision still does.
    shutil.rmtree(repo.root / "events/christmas-2026")
    status = repo.git("status", "--porcelain")
    for args in READ_COMMANDS:
        result = repo.run(*args, "--at", "HEAD~1", "--format", "json")
        assert (result.exit_code, result.stdout) == (0, before[args[0]])
    assert repo.run("plan", "christmas-2026").exit_code == 1  # the work tree has no such event
    assert (repo.git("rev-parse", "HEAD"), repo.git("status", "--porcelain")) == (head, status)


@pytest.mark.parametrize("args", READ_COMMANDS, ids=[a[0] for a in READ_COMMANDS])
@pytest.mark.parametrize("revision", ["-x", "--output=/tmp/plansync-at-test", "-"])
def test_a_revision_that_looks_like_an_option_is_refused(example_repo, args, revision):
    result = example_repo.run(*args, "--at", revision)
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", f"error: not a revision: {revision!r}\n")
    result = example_repo.run(*args, f"--at={revision}")
    assert (result.exit_code, result.stderr) == (2, f"error: not a revision: {revision!r}\n")


@pytest.mark.parametrize("revision", ["HEAD~1..HEAD", "HEAD...HEAD", "^HEAD", "HEAD^!", "HEAD^@", "HEAD^-"])
def test_a_range_is_refused_as_a_range(example_repo, revision):
    # Before, A..B went to git ls-tree as two commits ("git ls-tree failed: ^e7d1...").
    for args in (("validate",), ("plan", "christmas-2026"), ("diff",)):
        result = example_repo.run(*args, "--at", revision) if args[0] != "diff" else example_repo.run("diff", revision)
        assert (result.exit_code, result.stdout) == (2, ""), result.output
        assert result.stderr == (
            f"error: {revision!r} is a range of revisions; give one revision (a commit, branch or tag, such as "
            "HEAD~1 or v1); to compare two revisions: plansync diff A B\n"
        )


def test_the_help_of_at_says_what_it_takes(example_repo):
    text = " ".join(example_repo.run("plan", "--help").stdout.split())
    assert "--at REV Compute from the files of one git revision: a commit, branch or tag, such as HEAD~1 or v1" in text
    assert "not a range like A..B" in text
    assert example_repo.run("validate", "--at", "HEAD^{commit}").exit_code == 0


@pytest.mark.parametrize("args", READ_COMMANDS, ids=[a[0] for a in READ_COMMANDS])
def test_an_unknown_revision(example_repo, args):
    result = example_repo.run(*args, "--at", "v9")
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", "error: unknown revision 'v9'\n")


def test_outside_git(plan_repo):
    shutil.rmtree(plan_repo.root / ".git")
    result = plan_repo.run("validate", "--at", "HEAD")
    assert (result.exit_code, result.stderr) == (1, f"error: {plan_repo.root} is not in a git repository: there is no revision 'HEAD' to read\n")


def test_a_plan_repository_in_a_folder_of_the_git_repository(tmp_path):
    from tests.conftest import PlanRepoFixture, copy_example

    top = tmp_path / "project"
    copy_example(top / "plans")
    outer = PlanRepoFixture(top)
    outer.git("init", "-q")
    outer.commit_all("start")
    repo = PlanRepoFixture(top / "plans")
    before = repo.run("plan", "christmas-2026", "--format", "json").stdout
    repo.write("plansync.yaml", repo.read("plansync.yaml").replace("waste_threshold: 0.15", "waste_threshold: 0.5"))
    repo.write(EVENT, repo.read(EVENT).replace("{finished_good: holiday-gift-bag, quantity: 50}", "{finished_good: holiday-gift-bag, quantity: 60}"))
    outer.commit_all("sixty bags, a looser waste threshold")
    # The revision's own files and settings (its waste threshold), read from plans/ in git.
    assert repo.run("plan", "christmas-2026", "--at", "HEAD~1", "--format", "json").stdout == before
    new = {b["finished_unit"]: b for b in as_json(repo, "plan", "christmas-2026")["batches"]}
    assert new["chocolate-chip-cookie"]["needed"] == 444
