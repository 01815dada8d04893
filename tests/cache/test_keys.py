"""The cache key follows the installed plugins, also within one process."""

from __future__ import annotations

import os
import subprocess
import sys
import time

from plansync.cache.keys import signature
from plansync.cache.store import RACY_NS
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


def _plansync(root, *args, site=None):
    """``plansync`` in a new process (as a user runs it), ``site`` first on its path."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(site) if site else None, os.environ.get("PYTHONPATH")]))}
    return subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "plansync", "--repo", str(root), *args],
        capture_output=True, text=True, env=env, check=False,
    )  # fmt: skip


def _listed_distributions(run) -> bool:
    return any(line.split("|")[-1].strip() == "importlib.metadata" for line in run.stderr.splitlines())


def test_the_plugin_listing_is_kept_for_the_next_command(plan_repo, tmp_path):
    plan_repo.write("notes.ini", "name = Notes\n")
    assert _plansync(plan_repo.root, "sync").returncode == 0  # the first command after a clone keeps it
    time.sleep(RACY_NS / 1e9 + 0.2)  # files written moments before a sync are read again by the next
    assert _plansync(plan_repo.root, "sync").returncode == 0
    again = _plansync(plan_repo.root, "sync")
    assert "0 added, 0 changed, 0 removed, 1 unchanged" in again.stdout
    assert not _listed_distributions(again)  # the stored listing answered


def test_a_plugin_installed_after_the_listing_was_kept_is_seen(plan_repo, tmp_path, monkeypatch):
    plan_repo.write("notes.ini", "name = Notes\n")
    assert _plansync(plan_repo.root, "validate").returncode == 0  # no format reads .ini yet
    site = tmp_path / "site"
    install_plugin(site, monkeypatch, "ini-format", "ini_format_plugin", INI_PLUGIN)
    checked = _plansync(plan_repo.root, "validate", site=site)
    assert "notes.ini" in checked.stdout  # now read, and not a plan file of any kind


def test_a_damaged_plugin_listing_is_listed_again(plan_repo, tmp_path, monkeypatch):
    plan_repo.write("notes.ini", "name = Notes\n")
    site = tmp_path / "site"
    install_plugin(site, monkeypatch, "ini-format", "ini_format_plugin", INI_PLUGIN)
    first = _plansync(plan_repo.root, "validate", site=site)
    assert "notes.ini" in first.stdout
    stored = plan_repo.root / ".plansync" / "plugins.json"
    stored.write_text(stored.read_text().replace("ini-format", "ini-renamed")[:-5])
    again = _plansync(plan_repo.root, "validate", site=site)
    assert again.stdout == first.stdout


def test_a_no_change_sync_right_after_the_first_sync_needs_no_plugin_registry(example_repo):
    time.sleep(RACY_NS / 1e9 + 0.2)  # the clone's files settled, as after any checkout a while ago
    assert _plansync(example_repo.root, "sync").returncode == 0  # makes plansync's folder, keeps settings and plugins
    again = _plansync(example_repo.root, "sync")
    assert "0 added, 0 changed, 0 removed" in again.stdout
    imported = {line.split("|")[-1].strip() for line in again.stderr.splitlines()}
    assert "plansync.plugins.manager" not in imported and "importlib.metadata" not in imported


def test_a_command_loads_an_installed_plugin_from_the_kept_listing(plan_repo, tmp_path, monkeypatch):
    plan_repo.write("notes.ini", "name = Notes\n")
    site = tmp_path / "site"
    install_plugin(site, monkeypatch, "ini-format", "ini_format_plugin", INI_PLUGIN)
    first = _plansync(plan_repo.root, "validate", site=site)  # lists the distributions and keeps the listing
    assert "notes.ini" in first.stdout
    again = _plansync(plan_repo.root, "validate", site=site)
    assert again.stdout == first.stdout  # the plugin read notes.ini again
    assert not _listed_distributions(again)  # loaded from the kept listing, no distribution scanned
    described = _plansync(plan_repo.root, "plugins", site=site)
    assert "ini-format" in described.stdout and "plansync-test-plugin 1.0" in described.stdout
