"""JSON plan files may carry the `"$schema"` key editors read: it validates,
syncs, is left out of what the engine and the snapshots see, and a command
that rewrites the file keeps it."""

from __future__ import annotations

import json

import pytest

from plansync.formats.builtin import parse_yaml
from tests.helpers import ok

pytestmark = pytest.mark.usefixtures("fixed_clock")

BUTTER = {
    "$schema": "../../.schemas/ingredient.schema.json",
    "kind": "ingredient",
    "slug": "butter",
    "name": "Butter",
}
RECIPE = {
    "$schema": "../../.schemas/recipe.schema.json",
    "kind": "recipe",
    "slug": "cookies",
    "name": "Cookies",
    "ingredients": [
        {"ingredient": "flour", "quantity": 2.25, "unit": "cup"},
        {"ingredient": "butter", "quantity": 2, "unit": "sticks"},
    ],
}
EVENT = {
    "$schema": "../../.schemas/event.schema.json",
    "kind": "event",
    "slug": "fair",
    "name": "Fair",
    "date": "2026-12-12",
    "output_mode": "bulk_count",
    "finished_units": [{"finished_unit": "cookie", "quantity": 96}],
}


def write_json(repo, path: str, data: dict) -> None:
    repo.write(path, json.dumps(data, indent=2) + "\n")


@pytest.fixture
def json_repo(catalog):
    (catalog.root / "catalog/recipes/cookies.yaml").unlink()
    write_json(catalog, "catalog/ingredients/butter.json", BUTTER)
    write_json(catalog, "catalog/recipes/cookies.json", RECIPE)
    write_json(catalog, "events/fair/event.json", EVENT)
    catalog.commit_all("json files")
    return catalog


def test_a_json_file_with_schema_validates_clean(json_repo):
    result = json_repo.run("validate")
    assert result.exit_code == 0
    assert [line for line in result.stdout.splitlines() if "json:" in line] == []
    assert "0 error(s), 0 warning(s)" in result.output


def test_schema_must_still_be_text(json_repo):
    write_json(json_repo, "catalog/ingredients/butter.json", {**BUTTER, "$schema": 3})
    result = json_repo.run("validate")
    assert result.exit_code == 1
    assert result.stdout.startswith("catalog/ingredients/butter.json:2:14: error: expected text, got 3 [wrong-type]\n")


def test_an_unknown_field_message_does_not_offer_schema(json_repo):
    write_json(json_repo, "catalog/ingredients/butter.json", {**BUTTER, "colour": "yellow"})
    result = json_repo.run("validate")
    assert result.stdout.startswith(
        "catalog/ingredients/butter.json:6:3: error: unknown field 'colour'; "
        "allowed: aisle, category, density, description, kind, name, notes, slug [unknown-field]\n"
    )


def test_a_json_file_with_schema_syncs_and_plans(json_repo):
    assert json_repo.run("sync").exit_code == 0
    rows = json.loads(ok(json_repo, "query", "SELECT slug, file_path FROM ingredients ORDER BY slug", "--format", "json"))
    assert rows["rows"][0] == {"slug": "butter", "file_path": "catalog/ingredients/butter.json"}
    shopping = json.loads(ok(json_repo, "shopping", "fair", "--format", "json"))
    assert {i["ingredient"]: (i["unit"], i["need"]) for i in shopping["items"]}["butter"] == ("stick", 4)


def test_shopping_done_rewrites_the_json_event_keeping_schema(json_repo):
    result = json_repo.run("shopping", "fair", "--done")
    assert result.exit_code == 0, result.output
    written = json.loads(json_repo.read("events/fair/event.json"))
    assert list(written)[0] == "$schema"
    assert written == {**EVENT, "shopping_completed_at": written["shopping_completed_at"]}
    assert json_repo.run("validate").exit_code == 0


def test_lock_keeps_schema_in_the_event_and_out_of_the_snapshot(json_repo):
    result = json_repo.run("lock", "fair")
    assert result.exit_code == 0, result.output
    event = json.loads(json_repo.read("events/fair/event.json"))
    assert (event["$schema"], event["plan_state"]) == ("../../.schemas/event.schema.json", "locked")
    planning = parse_yaml(json_repo.read("events/fair/snapshots/planning.yaml"))
    frozen = [entry for kind in planning["definitions"].values() for entry in kind.values()]
    assert len(frozen) == 4 and not any("$schema" in entry for entry in frozen)  # flour, butter, cookies, cookie
    validated = json_repo.run("validate")
    assert (validated.exit_code, "0 error(s), 0 warning(s)" in validated.output) == (0, True)
    # The editor's key is no content: the catalog's recipe, with it, matches its frozen copy, without it;
    # and dropping it from the file changes nothing either.
    assert json.loads(ok(json_repo, "stale", "fair", "--format", "json")) == {"event": "fair", "stale": []}
    recipe = dict(RECIPE)
    del recipe["$schema"]
    write_json(json_repo, "catalog/recipes/cookies.json", recipe)
    assert json.loads(ok(json_repo, "stale", "fair", "--format", "json")) == {"event": "fair", "stale": []}
