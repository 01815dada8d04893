"""Loading files: encodings, limits, symlinks, JSON, and the source of files."""

from __future__ import annotations

import json
import os


def codes(repo):
    document = json.loads(repo.run("validate", "--format", "json").output)
    return [(p["path"], p["line"], p["column"], p["code"]) for p in document["problems"]]


def test_bom_is_fine(plan_repo):
    plan_repo.write_bytes("catalog/ingredients/a.yaml", b"\xef\xbb\xbfkind: ingredient\nslug: a\nname: A\n")
    assert codes(plan_repo) == []


def test_non_utf8_bytes_are_located(plan_repo):
    plan_repo.write_bytes("catalog/ingredients/a.yaml", b"kind: ingredient\nslug: a\nname: Cr\xe8me\n")
    assert codes(plan_repo) == [("catalog/ingredients/a.yaml", 3, 9, "encoding")]


def test_empty_file_is_a_problem(plan_repo):
    plan_repo.write("catalog/ingredients/a.yaml", "\n\n")
    assert codes(plan_repo) == [("catalog/ingredients/a.yaml", 1, 1, "empty-file")]


def test_file_over_the_size_limit_is_refused_with_the_setting_named(plan_repo):
    plan_repo.write("plansync.yaml", "version: 1\nmax_file_bytes: 100\n")
    plan_repo.write("catalog/ingredients/a.yaml", "kind: ingredient\nslug: a\nname: A\nnotes: " + "x" * 200 + "\n")
    result = plan_repo.run("validate")
    assert result.exit_code == 1
    assert "over the limit of 100 (max_file_bytes in plansync.yaml) [too-large]" in result.stdout


def test_symlink_outside_the_repository_is_refused(plan_repo, tmp_path):
    outside = tmp_path / "secret.yaml"
    outside.write_text("kind: ingredient\nslug: secret\nname: Secret\n")
    os.symlink(outside, plan_repo.root / "catalog/ingredients/secret.yaml")
    result = plan_repo.run("validate")
    assert result.exit_code == 1
    assert "catalog/ingredients/secret.yaml: error: symlink leads outside the repository; not followed [symlink]" in result.stdout


def test_symlink_inside_the_repository_is_read(plan_repo):
    plan_repo.write("shared/a.yaml", "kind: ingredient\nslug: a\nname: A\n")
    os.symlink(plan_repo.root / "shared/a.yaml", plan_repo.root / "catalog/ingredients/a.yaml")
    assert codes(plan_repo) == [
        ("catalog/ingredients/a.yaml", 2, 7, "duplicate-slug"),
        ("shared/a.yaml", 2, 7, "duplicate-slug"),
    ]


def test_hidden_files_and_interrupted_writes_are_not_plan_files(plan_repo):
    plan_repo.write(".plansync-abc.tmp", "kind: nonsense\n")
    plan_repo.write("catalog/.draft.yaml", "kind: nonsense\n")
    plan_repo.write(".github/workflow.yaml", "on: push\n")
    assert codes(plan_repo) == []


def test_missing_and_unknown_kind(plan_repo):
    plan_repo.write("catalog/a.yaml", "slug: a\nname: A\n")
    plan_repo.write("catalog/b.yaml", "kind: cookie\nslug: b\n")
    plan_repo.write("catalog/c.yaml", "- just\n- a list\n")
    assert codes(plan_repo) == [
        ("catalog/a.yaml", 1, 1, "missing-kind"),
        ("catalog/b.yaml", 1, 7, "unknown-kind"),
        ("catalog/c.yaml", 1, 1, "wrong-type"),
    ]


def test_json_syntax_and_duplicates_are_located(plan_repo):
    plan_repo.write("catalog/a.json", '{"kind": "ingredient",\n "slug": "a" "name": "A"}')
    plan_repo.write("catalog/b.json", '{"kind": "ingredient",\n\t"slug": "b", "name": "B",\n\t"name": "C"}')
    plan_repo.write("catalog/c.json", '{"kind": "ingredient", "slug": "c", "name": "C", "notes": NaN}')
    assert codes(plan_repo) == [
        ("catalog/a.json", 2, 14, "json-syntax"),
        ("catalog/b.json", 3, 2, "duplicate-key"),
        ("catalog/c.json", 1, 59, "number-range"),
    ]


def test_bad_settings_are_reported_and_defaults_used(plan_repo):
    plan_repo.write("plansync.yaml", "version: 1\nwaste_threshold: 2\n")
    assert codes(plan_repo) == [("plansync.yaml", 2, 18, "out-of-range")]


def test_remembered_results_follow_git_head(example_repo):
    """The append-only warning compares with HEAD: a commit must refresh it."""
    example_repo.write("events/christmas-2026/runs.yaml", "kind: runs\nevent: christmas-2026\nassembly:\n"
                       "  - {seq: 1, at: '2026-12-01T10:00:00Z', finished_good: holiday-gift-bag, quantity: 5, snapshot: '" + "a" * 64 + "'}\n")  # fmt: skip
    example_repo.commit_all("a run")
    text = example_repo.read("events/christmas-2026/runs.yaml")
    example_repo.write("events/christmas-2026/runs.yaml", text.replace("quantity: 5", "quantity: 6"))
    assert "[append-only]" in example_repo.run("validate").stdout
    example_repo.commit_all("fixed the count")
    assert "[append-only]" not in example_repo.run("validate").stdout
