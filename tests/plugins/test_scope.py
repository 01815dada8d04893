"""`plansync.plugins.export_scope`: what an export of one event holds."""

from __future__ import annotations

import json

import pytest

from plansync.errors import RefusedError
from plansync.load.repository import open_repository
from plansync.load.workspace import load_workspace
from plansync.plugins import export_scope
from tests.conftest import run_cli


def _scope(root, event):
    return {item.document.path: item for item in export_scope(load_workspace(open_repository(root)), event)}


def test_the_whole_repository_without_an_event(example_repo):
    workspace = load_workspace(open_repository(example_repo.root))
    scoped = export_scope(workspace, None)
    assert [item.document.path for item in scoped] == sorted(d.path for d in workspace.documents)
    assert all(item.whole for item in scoped)


def test_an_event_reaches_its_definitions_the_products_that_buy_them_and_their_suppliers(example_repo):
    scoped = _scope(example_repo.root, "school-fair-2026")
    paths = set(scoped)
    assert "events/school-fair-2026/event.yaml" in paths
    assert not any(path.startswith("events/christmas-2026/") for path in paths)
    assert {"catalog/finished-units/cinnamon-roll.yaml", "catalog/recipes/cinnamon-rolls.yaml",
            "catalog/recipes/cream-cheese-frosting.yaml", "catalog/ingredients/cream-cheese.yaml"} <= paths  # fmt: skip
    assert "catalog/recipes/almond-biscotti.yaml" not in paths  # Christmas only
    assert "catalog/products/cream-cheese-3lb.yaml" in paths and "catalog/suppliers/costco.yaml" in paths
    assert "catalog/products/almonds-3lb.yaml" not in paths
    assert not any(path.startswith(("catalog/packages/", "catalog/recipients/", "catalog/finished-goods/")) for path in paths)


def test_stock_files_keep_only_their_lines_about_what_is_in_scope(example_repo):
    scoped = _scope(example_repo.root, "school-fair-2026")
    inventory = scoped["inventory.yaml"]
    assert not inventory.whole
    everything = inventory.document.data["items"]
    kept = inventory.data["items"]
    assert 0 < len(kept) < len(everything)
    assert all(line.get("material") is None for line in kept)  # the fair packs nothing
    assert inventory.document.data["items"] == everything  # the document itself is untouched
    products = {line["product"] for line in scoped["purchases.yaml"].data["purchases"]}
    assert products <= {path.rsplit("/", 1)[1][:-5] for path in scoped if path.startswith("catalog/products/")}


def test_an_unknown_event_is_refused_naming_the_known_ones(example_repo):
    with pytest.raises(RefusedError, match="unknown event 'easter-2027' \\(events: christmas-2026, school-fair-2026\\)"):
        _scope(example_repo.root, "easter-2027")


def test_the_scoped_json_export_plans_the_event_as_the_whole_repository_does(example_repo, tmp_path):
    exported = tmp_path / "christmas.json"
    assert example_repo.run("export", "--to", "json", "--event", "christmas-2026", "-o", str(exported)).exit_code == 0
    files = json.loads(exported.read_text())["files"]
    trimmed = [entry["path"] for entry in files if "text" not in entry]
    assert "catalog/recipes/cinnamon-rolls.yaml" not in [entry["path"] for entry in files]
    assert trimmed == ["inventory.yaml"]  # every purchase buys something Christmas uses
    target = tmp_path / "target"
    assert run_cli("init", str(target)).exit_code == 0
    assert run_cli("--repo", str(target), "import", "--from", "json", str(exported)).exit_code == 0
    validated = run_cli("--repo", str(target), "validate")
    assert validated.exit_code == 0 and validated.stdout.endswith(" 0 error(s), 0 warning(s)\n"), validated.output
    for command in ("plan", "shopping", "feasibility", "cost"):
        here = example_repo.run(command, "christmas-2026", "--format", "json")
        there = run_cli("--repo", str(target), command, "christmas-2026", "--format", "json")
        assert json.loads(there.stdout) == json.loads(here.stdout), command
