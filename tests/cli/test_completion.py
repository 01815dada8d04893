"""Shell completion of slugs, through click's completion protocol, as bash,
zsh and fish call it (``_PLANSYNC_COMPLETE=..._complete``)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import PlanRepoFixture


def complete(words: str, cwd, shell: str = "bash") -> list[str]:
    """What the shell would offer for the last word of ``words``."""
    env = {**os.environ, "_PLANSYNC_COMPLETE": f"{shell}_complete", "COMP_WORDS": words}
    if shell == "fish":  # fish gives the word being completed, the others its position
        env["COMP_CWORD"] = "" if words.endswith(" ") else words.split()[-1]
    else:
        env["COMP_CWORD"] = str(len(words.split()) - (0 if words.endswith(" ") else 1))
    done = subprocess.run(
        [sys.executable, "-m", "plansync"], cwd=cwd, env=env, capture_output=True, text=True, check=True
    )
    if shell == "bash":
        return [line.split(",", 1)[1] for line in done.stdout.splitlines() if line]
    return done.stdout.splitlines()


@pytest.fixture
def repo(example_repo: PlanRepoFixture) -> PlanRepoFixture:
    return example_repo


def test_event_slugs_complete_for_plan(repo):
    assert complete("plansync plan ", repo.root) == ["christmas-2026", "school-fair-2026"]
    assert complete("plansync plan sch", repo.root) == ["school-fair-2026"]


def test_finished_units_and_goods_complete_after_the_event(repo):
    units = complete("plansync record production christmas-2026 chocolate-ch", repo.root)
    assert units == ["chocolate-chip-cookie"]
    goods = complete("plansync record assembly christmas-2026 holiday-gift-ba", repo.root)
    assert goods == ["holiday-gift-bag"]
    assert complete("plansync amend christmas-2026 modify-batch chocolate-ch", repo.root) == ["chocolate-chip-cookie"]


def test_recipients_products_and_stock_items_complete(repo):
    assert "chen-family" in complete("plansync fulfill christmas-2026 ", repo.root)
    products = complete("plansync buy ", repo.root)
    assert products and all((repo.root / "catalog/products" / f"{p}.yaml").is_file() for p in products)
    items = complete("plansync stock all-p", repo.root)
    assert "all-purpose-flour" in items


def test_kinds_complete_for_new(repo):
    assert complete("plansync new finished", repo.root) == ["finished-good", "finished-unit"]


def test_repo_given_before_the_command_is_where_slugs_come_from(repo, tmp_path):
    assert complete(f"plansync --repo {repo.root} plan chr", tmp_path) == ["christmas-2026"]


def test_a_new_event_folder_is_offered_at_once(repo):
    repo.write("events/bake-sale/event.yaml", "kind: event\nslug: bake-sale\n")
    assert "bake-sale" in complete("plansync status ", repo.root)


def test_outside_a_plan_repository_nothing_is_offered_and_nothing_fails(tmp_path):
    assert complete("plansync plan ", tmp_path) == []


@pytest.mark.parametrize("shell", ["zsh", "fish"])
def test_zsh_and_fish_get_the_same_slugs(repo, shell):
    output = complete("plansync plan chr", repo.root, shell)
    assert any("christmas-2026" in line for line in output)


@pytest.mark.parametrize("command", ["lock", "start", "complete", "fulfill"])
def test_lifecycle_commands_complete_event_slugs(repo, command):
    assert complete(f"plansync {command} chr", repo.root) == ["christmas-2026"]


def test_export_completes_the_event_it_is_scoped_to(repo):
    assert complete("plansync export --to csv --event chr", repo.root) == ["christmas-2026"]
