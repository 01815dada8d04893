"""`plansync import --from bake-tracker` end to end: through the installed entry point."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from plansync.cli.main import cli

DATA = Path(__file__).parent / "data"
MIN = DATA / "bake-tracker-export-min.json"
RECIPES = DATA / "bake-tracker-recipes.json"


def run(root, *args):
    return CliRunner().invoke(cli, ["--repo", str(root), *args], catch_exceptions=False)


def plan_files(root):
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*.yaml")
                  if not any(part.startswith(".") for part in p.relative_to(root).parts))  # fmt: skip


def test_the_larger_sample_imports_reporting_bad_records_by_name(repo):
    before = plan_files(repo)
    dry = run(repo, "import", str(MIN), "--from", "bake-tracker", "--dry-run")
    assert dry.exit_code == 1
    assert plan_files(repo) == before  # a dry run writes nothing
    result = run(repo, "import", str(MIN), "--from", "bake-tracker", "--format", "json")
    assert result.exit_code == 1
    outcome = json.loads(result.stdout)
    assert outcome["problems"][:2] == [
        {"record": 'finished unit "Whole Pie"', "message": "unknown yield_mode 'weight'"},
        {"record": 'event "Christmas Gift Boxes 2025"', "message": "unknown output_mode 'packaged'"},
    ]
    # The sample lists no ingredients, so none has a density: a product sold
    # by weight of an ingredient measured in cups would not validate. Each is
    # named, never written.
    unconvertible = outcome["problems"][2:]
    assert len(unconvertible) == 13
    assert all(p["record"].startswith('product "') and p["message"].endswith("[product-unit]") for p in unconvertible)
    assert {"record": 'product "king-arthur-flour-all-purpose-25lb"',
            "message": "would not validate, so it is not written: package unit 'lb' does not convert to 'cup', the unit(s)"
                       " 'flour-all-purpose' is used in (a density on the ingredient would convert mass and volume)"
                       " [product-unit]"} in unconvertible  # fmt: skip
    assert outcome["create"] == 103
    assert len([f for f in outcome["files"] if f["path"].startswith("catalog/products/")]) == 50 - 13
    assert "ingredient flour_all_purpose -> flour-all-purpose" in outcome["notes"]
    assert "catalog/ingredients/flour-all-purpose.yaml" in plan_files(repo)
    assert run(repo, "validate").exit_code == 0
    again = run(repo, "import", str(MIN), "--from", "bake-tracker", "--dry-run", "--detailed-exitcode")
    assert again.exit_code == 1  # the two bad records are still bad
    assert "would create 0, update 0, leave 103 unchanged" in again.stdout


def test_the_recipes_sample_imports_cleanly_and_plans(repo):
    result = run(repo, "import", str(RECIPES), "--from", "bake-tracker")
    assert result.exit_code == 0, result.output
    assert "recipe \"Hot Cross Buns\" -> hot-cross-buns" in result.stderr
    assert run(repo, "validate").exit_code == 0
    dry = run(repo, "import", str(RECIPES), "--from", "bake-tracker", "--dry-run", "--detailed-exitcode")
    assert dry.exit_code == 0


def test_made_up_ingredients_never_replace_the_bakers_own(repo):
    own = repo / "catalog/ingredients/flour-all-purpose.yaml"
    own.write_text("kind: ingredient\nslug: flour-all-purpose\nname: King Arthur AP flour  # mine\n"
                   "density: {volume: 1 cup, mass: 4.25 oz}\n")  # fmt: skip
    before = own.read_bytes()
    result = run(repo, "import", str(MIN), "--from", "bake-tracker")
    assert own.read_bytes() == before
    assert "kept the existing catalog/ingredients/flour-all-purpose.yaml" in result.stderr
