"""The example repository in plans/ is realistic and clean."""

from __future__ import annotations

import json

from tests.conftest import EXAMPLE_REPO, run_cli


def test_example_repository_validates_clean():
    result = run_cli("--repo", str(EXAMPLE_REPO), "validate", "--format", "json")
    document = json.loads(result.stdout)
    assert result.exit_code == 0
    assert document["problems"] == []
    assert document["files"] >= 100


def test_example_repository_has_what_the_readme_promises():
    from plansync.repo.repository import PlanRepo
    from plansync.load.workspace import load_workspace

    workspace = load_workspace(PlanRepo.open(EXAMPLE_REPO))
    catalog = workspace.catalog
    assert len(catalog.recipes) >= 12
    assert any(r.components for r in catalog.recipes.values())
    assert len(catalog.finished_units) >= 15
    assert sum(len(u.options) >= 2 for u in catalog.finished_units.values()) >= 3
    assert any(u.mode == "batch_portion" for u in catalog.finished_units.values())
    assert len(catalog.finished_goods) >= 6
    assert any(c.kind == "finished_good" for g in catalog.finished_goods.values() for c in g.components)
    assert any(c.kind == "material_unit" for g in catalog.finished_goods.values() for c in g.components)
    assert len(catalog.recipients) >= 5 and len(catalog.packages) >= 3
    assert {item.kind for item in catalog.inventory} == {"ingredient", "material", "finished_unit", "finished_good"}
    modes = {d.data["output_mode"] for d in workspace.valid("event")}
    assert modes == {"bundled", "bulk_count"}
