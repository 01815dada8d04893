"""Issue 16's classes that are not about special files: text that cannot be
encoded, imports across kinds, torn reads, stuck commits, numbers a later
step refuses, and internal errors that must be located problems."""

from __future__ import annotations

import json

from tests.helpers import write_export

GHOST = '{\n  "kind": "ingredient",\n  "slug": "ghost",\n  "name": "Gh\\ud800ost"\n}\n'


def test_a_lone_surrogate_is_a_problem_and_breaks_no_command(example_repo, tmp_path):
    example_repo.write("catalog/ingredients/ghost.json", GHOST)
    validate = example_repo.run("validate", "--format", "json")
    assert validate.exit_code == 1
    assert [(p["path"], p["line"], p["column"], p["code"]) for p in json.loads(validate.stdout)["problems"]] == [
        ("catalog/ingredients/ghost.json", 4, 11, "encoding")
    ]
    sync = example_repo.run("sync")
    assert sync.exit_code == 1 and "1 file(s) with problems left out" in sync.stdout, sync.output
    query = example_repo.run("query", "SELECT count(*) AS n FROM ingredients", "--format", "json")
    assert query.exit_code == 0, query.output
    assert example_repo.run("export", "--to", "json", "--output", str(tmp_path / "out.json")).exit_code == 0
    exported = json.loads((tmp_path / "out.json").read_text())
    assert "catalog/ingredients/ghost.json" not in [f["path"] for f in exported["files"]]
    assert example_repo.run("plan", "christmas-2026", "--format", "json").exit_code == 0


def test_an_import_of_a_lone_surrogate_is_a_problem_not_a_file(plan_repo, tmp_path):
    export = tmp_path / "export.json"
    write_export(export, [{"path": "catalog/ingredients/ghost.yaml", "data": {"kind": "ingredient", "slug": "ghost", "name": "G\ud800"}}])
    result = plan_repo.run("import", str(export), "--from", "json", "--format", "json")
    assert result.exit_code == 1, result.output
    problems = json.loads(result.stdout)["problems"]
    assert [p["record"] for p in problems] == ["ingredient 'ghost'"]
    assert "lone surrogate" in problems[0]["message"]
    assert not (plan_repo.root / "catalog/ingredients/ghost.yaml").exists()


# --- imports: bounded sources, kinds in their place, names validate accepts --------

import os  # noqa: E402
import stat  # noqa: E402

import pytest  # noqa: E402


def _import(repo, export):
    return repo.run("import", str(export), "--from", "json", "--format", "json")


def test_an_import_refuses_a_fifo_without_waiting(plan_repo, tmp_path):
    fifo = tmp_path / "export.json"
    os.mkfifo(fifo)
    result = plan_repo.run("import", str(fifo), "--from", "json")
    assert result.exit_code == 1
    assert result.stderr == f"error: cannot import {fifo}: it is a named pipe (FIFO), not a regular file or a folder\n"


def test_an_import_refuses_a_device(plan_repo, tmp_path):
    if os.geteuid() != 0:
        pytest.skip("making a device node needs root")
    zero = tmp_path / "zero"
    os.mknod(zero, stat.S_IFCHR | 0o600, os.makedev(1, 5))  # what /dev/zero is
    result = plan_repo.run("import", str(zero), "--from", "json")
    assert result.exit_code == 1
    assert result.stderr == f"error: cannot import {zero}: it is a character device, not a regular file or a folder\n"


def test_an_import_over_the_size_bound_is_refused_unread(plan_repo, tmp_path):
    big = tmp_path / "big.json"
    with open(big, "wb") as handle:
        handle.truncate(256 * 1024 * 1024 + 1)  # sparse: costs no disk
    result = plan_repo.run("import", str(big), "--from", "json")
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: cannot import {big}: 268435457 bytes, over the limit of 268435456 bytes for an import\n"
    )


INGREDIENT = {"kind": "ingredient", "slug": "evil", "name": "Evil"}


@pytest.mark.parametrize("path, data, message", [
    ("events/christmas-2026/event.yaml", INGREDIENT,
     "a ingredient never goes under events/ (events/christmas-2026/event.yaml); its place is catalog/ingredients/"),
    ("catalog/ingredients/all-purpose-flour.yaml", {"kind": "recipe", "slug": "butter", "name": "B", "ingredients": []},
     "catalog/ingredients/all-purpose-flour.yaml holds a ingredient; an import never replaces a file of another kind"),
    ("catalog/ingredients/runs.yaml", {"kind": "runs", "event": "christmas-2026", "production": []},
     "a runs goes under events/<event>/, not at catalog/ingredients/runs.yaml"),
])  # fmt: skip
def test_an_import_never_replaces_across_kinds(example_repo, tmp_path, path, data, message):
    export = tmp_path / "export.json"
    write_export(export, [{"path": path, "data": data}])
    before = example_repo.git("status", "--porcelain")
    result = _import(example_repo, export)
    assert result.exit_code == 1
    assert [p["message"] for p in json.loads(result.stdout)["problems"]] == [message]
    assert example_repo.git("status", "--porcelain") == before


def test_an_import_never_sets_an_event_past_draft_back(example_repo, tmp_path):
    event_file = example_repo.root / "events/christmas-2026/event.yaml"
    draft = event_file.read_text()
    assert example_repo.run("lock", "christmas-2026").exit_code == 0
    locked = {p: (example_repo.root / p).read_bytes() for p in ("events/christmas-2026/event.yaml",)}
    from plansync.formats.builtin import YAML

    export = tmp_path / "export.json"
    write_export(export, [{"path": "events/christmas-2026/event.yaml", "data": YAML.read(draft)},
                          {"path": "events/christmas-2026/runs.yaml",
                           "data": {"kind": "runs", "event": "christmas-2026", "production": []}}])  # fmt: skip
    result = _import(example_repo, export)
    assert result.exit_code == 1
    assert [p["message"] for p in json.loads(result.stdout)["problems"]] == [
        "event 'christmas-2026' is locked; an import never changes the files of an event past draft"
    ] * 2
    assert {p: (example_repo.root / p).read_bytes() for p in locked} == locked
    assert not (example_repo.root / "events/christmas-2026/runs.yaml").exists()


def _files(root):
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if not any(x.startswith(".") for x in p.relative_to(root).parts))


@pytest.mark.parametrize("path, message", [
    ("catalog/ingredients/a\nb.yaml", "holds a NUL or control character; plan file names are printable"),
    ("catalog/ingredients/a\x00b.yaml", "holds a NUL or control character; plan file names are printable"),
    ("catalog/ingredients/" + "x" * 300 + ".yaml", "a name is longer than 255 bytes"),
    ("catalog/ingredients/con.yaml", "'con.yaml' is a reserved device name on Windows; choose another name"),
    ("catalog/ingredients/Flour.yaml", "differs from the existing 'flour.yaml' only in case; one would hide the other"),
    ("catalog/ingredients", "is a folder in the repository; an import writes files only"),
])  # fmt: skip
def test_an_import_refuses_names_validate_or_the_disk_would_refuse(catalog, tmp_path, path, message):
    export = tmp_path / "export.json"
    write_export(export, [{"path": path, "data": INGREDIENT}])
    before = _files(catalog.root)
    result = _import(catalog, export)
    assert result.exit_code == 1, result.output
    problems = json.loads(result.stdout)["problems"]
    assert len(problems) == 1 and message in problems[0]["message"], problems
    assert _files(catalog.root) == before


def test_two_names_of_one_import_differing_in_case_are_refused(plan_repo, tmp_path):
    export = tmp_path / "export.json"
    write_export(export, [{"path": "catalog/ingredients/x.yaml", "data": INGREDIENT},
                          {"path": "catalog/ingredients/X.yaml", "data": {**INGREDIENT, "slug": "evil2"}}])  # fmt: skip
    result = _import(plan_repo, export)
    assert [p["message"] for p in json.loads(result.stdout)["problems"]] == [
        "path 'catalog/ingredients/X.yaml' differs from 'catalog/ingredients/x.yaml' only in case; one would hide the other"
    ]


# --- numbers beyond what a later step accepts: refused at the first step ---------


@pytest.mark.parametrize("args, message", [
    (["record", "production", "christmas-2026", "sugar-cookie", "99999999999999999999999"],
     "error: refused: batches must be at most 1000000000, got 99999999999999999999999, more than "
     "events/christmas-2026/runs.yaml may hold; nothing was written\n"),
    (["amend", "christmas-2026", "modify-batch", "fudge-brownie", "99999999999999999999999", "--reason", "x"],
     "error: refused: new_batches must be at most 1000000000, got 99999999999999999999999, more than "
     "events/christmas-2026/amendments.yaml may hold; nothing was written\n"),
    (["amend", "christmas-2026", "add-fg", "teacher-treat-bag", "99999999999999999999", "--reason", "x"],
     "error: refused: quantity must be at most 1000000000, got 99999999999999999999, more than "
     "events/christmas-2026/amendments.yaml may hold; nothing was written\n"),
])  # fmt: skip
def test_numbers_past_the_schema_maximum_are_refused_not_internal_errors(example_repo, args, message):
    assert example_repo.run("lock", "christmas-2026").exit_code == 0
    assert example_repo.run("start", "christmas-2026").exit_code == 0
    example_repo.commit_all("in production")
    result = example_repo.run(*args)
    assert result.exit_code == 1
    assert result.stderr == message
    assert example_repo.git("status", "--porcelain") == ""
