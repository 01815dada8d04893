"""`plansync new KIND SLUG`: a template a baker fills in, valid as written in the example."""

from __future__ import annotations

import pytest

from tests.conftest import run_cli

KINDS = {
    "ingredient": "catalog/ingredients", "recipe": "catalog/recipes", "finished-unit": "catalog/finished-units",
    "finished-good": "catalog/finished-goods", "material": "catalog/materials",
    "material-unit": "catalog/material-units", "product": "catalog/products", "supplier": "catalog/suppliers",
    "recipient": "catalog/recipients", "package": "catalog/packages",
}  # fmt: skip


@pytest.fixture
def example(tmp_path):
    target = tmp_path / "try-it"
    assert run_cli("init", str(target), "--example").exit_code == 0
    return target


def test_every_kind_writes_a_template_that_validates_clean_in_the_example(example):
    for kind, folder in KINDS.items():
        result = run_cli("--repo", str(example), "new", kind, f"my-{kind}")
        assert result.exit_code == 0, result.output
        assert result.stdout == f"created {folder}/my-{kind}.yaml\n"
    result = run_cli("--repo", str(example), "new", "event", "my-party", "--name", "My party")
    assert result.stdout == "created events/my-party/event.yaml\n"
    event = (example / "events/my-party/event.yaml").read_text()
    assert event.startswith("# yaml-language-server: $schema=../../.schemas/event.schema.json\n")
    assert "name: My party\n" in event and "# output_mode: bundled" in event
    recipe = (example / "catalog/recipes/my-recipe.yaml").read_text()
    assert recipe.startswith("# yaml-language-server: $schema=../../.schemas/recipe.schema.json\n")
    assert "kind: recipe\nslug: my-recipe\nname: My recipe\n" in recipe
    validated = run_cli("--repo", str(example), "validate")
    assert validated.exit_code == 0, validated.output
    assert "0 error(s), 0 warning(s)" in validated.output


def test_an_existing_slug_is_refused_and_the_file_kept(example):
    before = (example / "catalog/recipes/sugar-cookies.yaml").read_bytes()
    result = run_cli("--repo", str(example), "new", "recipe", "sugar-cookies")
    assert result.exit_code == 1
    assert "catalog/recipes/sugar-cookies.yaml exists already" in result.output
    assert (example / "catalog/recipes/sugar-cookies.yaml").read_bytes() == before


def test_a_bad_slug_or_kind_is_refused(example):
    assert run_cli("--repo", str(example), "new", "recipe", "Sugar Cookies").exit_code == 1
    wrong = run_cli("--repo", str(example), "new", "cake", "x")
    assert wrong.exit_code == 2
    assert "finished-good" in wrong.output


def test_simple_kinds_validate_in_a_fresh_repository(tmp_path):
    assert run_cli("init", str(tmp_path)).exit_code == 0
    for kind in ("ingredient", "material", "supplier", "recipient", "event"):
        assert run_cli("--repo", str(tmp_path), "new", kind, f"a-{kind}").exit_code == 0
    validated = run_cli("--repo", str(tmp_path), "validate")
    assert validated.exit_code == 0, validated.output
    assert "0 error(s)" in validated.output
