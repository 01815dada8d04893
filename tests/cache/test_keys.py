"""The cache key follows the installed plugins, also within one process."""

from __future__ import annotations

from plansync.cache.keys import signature
from plansync.repo.repository import PlanRepo
from tests.plugins.test_entry_points import INI_PLUGIN, install_plugin


def test_installing_a_plugin_changes_the_key_in_the_same_process(plan_repo, tmp_path, monkeypatch):
    repo = PlanRepo.open(plan_repo.root)
    before = signature(repo)
    assert signature(repo) == before
    install_plugin(tmp_path / "site", monkeypatch, "ini-format", "ini_format_plugin", INI_PLUGIN)
    installed = signature(repo)
    assert signature(repo) == installed
    assert installed != before
    # A second distribution in a folder already on the path.
    info = tmp_path / "site" / "plansync_other-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: plansync-other\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text("[plansync]\nother = ini_format_plugin\n")
    assert signature(repo) not in (before, installed)
    monkeypatch.undo()
    assert signature(repo) == before


def test_a_plugin_whose_entry_points_change_in_place_changes_the_key(plan_repo, tmp_path, monkeypatch):
    install_plugin(tmp_path / "site", monkeypatch, "ini-format", "ini_format_plugin", INI_PLUGIN)
    repo = PlanRepo.open(plan_repo.root)
    before = signature(repo)
    entry_points = tmp_path / "site" / "plansync_test_plugin-1.0.dist-info" / "entry_points.txt"
    entry_points.write_text("[plansync]\nini-format-renamed = ini_format_plugin\n")
    assert signature(repo) != before
