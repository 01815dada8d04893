"""`export --to json` and `import --from json`: a byte-identical round trip, safe paths."""

from __future__ import annotations

import json

from plansync.lifecycle.init import init_repository
from tests.conftest import PlanRepoFixture
from tests.helpers import write_export


def plan_files(root):
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in root.rglob("*")
        if p.is_file() and p.suffix in (".yaml", ".json") and not any(part.startswith(".") for part in p.relative_to(root).parts)
        and p.name != "plansync.yaml"
    }


def test_export_is_deterministic_and_round_trips_byte_identical(example_repo, tmp_path):
    first = example_repo.run("export", "--to", "json").stdout
    assert example_repo.run("export", "--to", "json").stdout == first
    document = json.loads(first)
    assert document["format"] == "plansync-export" and len(document["files"]) >= 100
    export = tmp_path / "export.json"
    export.write_text(first)

    target = PlanRepoFixture(tmp_path / "copy")
    init_repository(target.root)
    (target.root / "inventory.yaml").unlink()
    dry = target.run("import", str(export), "--from", "json", "--dry-run", "--detailed-exitcode")
    assert dry.exit_code == 2
    assert plan_files(target.root) == {}
    done = target.run("import", str(export), "--from", "json")
    assert done.exit_code == 0
    assert plan_files(target.root) == plan_files(example_repo.root)
    again = target.run("import", str(export), "--from", "json", "--dry-run", "--detailed-exitcode")
    assert again.exit_code == 0
    assert again.stdout.splitlines()[-1] == f"would create 0, update 0, leave {len(document['files'])} unchanged; 0 records with problems"


def test_runs_in_the_export_carry_the_event_name(plan_repo, tmp_path):
    plan_repo.write("events/fair/event.yaml", "kind: event\nslug: fair\nname: School Fair\ndate: 2026-12-05\n")
    plan_repo.write("events/fair/runs.yaml", "kind: runs\nevent: fair\nproduction: []\n")
    document = json.loads(plan_repo.run("export", "--to", "json").stdout)
    [runs] = [f for f in document["files"] if f["kind"] == "runs"]
    assert runs["event_name"] == "School Fair"


def test_bad_records_are_reported_and_the_good_ones_written(plan_repo, tmp_path):
    export = tmp_path / "export.json"
    write_export(export, [
        {"path": "catalog/ingredients/salt.yaml", "data": {"kind": "ingredient", "slug": "salt", "name": "Salt"}},
        {"path": "catalog/ingredients/bad.yaml", "data": {"kind": "ingredient", "slug": "Bad Slug", "name": "Bad"}},
        {"path": "../outside.yaml", "data": {"kind": "ingredient", "slug": "evil", "name": "Evil"}},
        {"path": "/etc/evil.yaml", "data": {"kind": "ingredient", "slug": "evil2", "name": "Evil"}},
        {"path": ".git/hooks/x.yaml", "data": {"kind": "ingredient", "slug": "evil3", "name": "Evil"}},
    ])  # fmt: skip
    result = plan_repo.run("import", str(export), "--from", "json")
    assert result.exit_code == 1
    problems = [line for line in result.stderr.splitlines() if line.startswith("problem:")]
    assert problems == [
        "problem: ingredient 'Bad Slug': \"Bad Slug\" is not a valid slug (lower-case letters, digits and hyphens, like 'sugar-cookie') (at slug)",
        "problem: ingredient 'evil': path '../outside.yaml' leads outside the repository",
        "problem: ingredient 'evil2': path '/etc/evil.yaml' leads outside the repository",
        "problem: ingredient 'evil3': path '.git/hooks/x.yaml' is hidden or empty; plan files are never hidden",
    ]
    assert (plan_repo.root / "catalog/ingredients/salt.yaml").exists()
    assert not (plan_repo.root.parent / "outside.yaml").exists()
    assert not (plan_repo.root / "catalog/ingredients/bad.yaml").exists()
    assert plan_repo.read("catalog/ingredients/salt.yaml").startswith("# yaml-language-server: $schema=../../.schemas/ingredient.schema.json\n")


def test_dry_run_writes_nothing(plan_repo, tmp_path):
    export = tmp_path / "export.json"
    write_export(export, [{"path": "catalog/ingredients/salt.yaml", "data": {"kind": "ingredient", "slug": "salt", "name": "Salt"}}])
    result = plan_repo.run("import", str(export), "--from", "json", "--dry-run")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == ["+ catalog/ingredients/salt.yaml", "would create 1, update 0, leave 0 unchanged; 0 records with problems"]
    assert not (plan_repo.root / "catalog/ingredients/salt.yaml").exists()


def test_reimport_updates_in_place_keeping_comments(plan_repo, tmp_path):
    plan_repo.write("catalog/ingredients/salt.yaml", "kind: ingredient\nslug: salt   # kosher\nname: Salt\n")
    export = tmp_path / "export.json"
    write_export(export, [{"path": "catalog/ingredients/salt.yaml", "data": {"kind": "ingredient", "slug": "salt", "name": "Sea salt"}}])
    result = plan_repo.run("import", str(export), "--from", "json")
    assert result.stdout.splitlines()[0] == "~ catalog/ingredients/salt.yaml"
    assert plan_repo.read("catalog/ingredients/salt.yaml") == "kind: ingredient\nslug: salt   # kosher\nname: Sea salt\n"


def test_unknown_importer_and_exporter_are_one_line(plan_repo, tmp_path):
    export = tmp_path / "x.json"
    export.write_text("{}")
    result = plan_repo.run("import", str(export), "--from", "nope")
    assert result.exit_code == 1 and "no importer named 'nope'" in result.stderr
    result = plan_repo.run("export", "--to", "nope")
    assert result.exit_code == 1 and "no exporter named 'nope'" in result.stderr
    result = plan_repo.run("import", str(export), "--from", "json")
    assert result.exit_code == 1 and "is not a plansync JSON export" in result.stderr
