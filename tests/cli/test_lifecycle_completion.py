"""The commands that move an event complete its slug (their module also
imports the `complete` transition, which must not stand in for it)."""

from __future__ import annotations

import pytest

from tests.cli.test_completion import complete


@pytest.mark.parametrize("command", ["lock", "start", "complete", "fulfill"])
def test_lifecycle_commands_complete_event_slugs(example_repo, command):
    assert complete(f"plansync {command} ", example_repo.root) == ["christmas-2026", "school-fair-2026"]


def test_export_completes_the_event_it_is_scoped_to(example_repo):
    assert complete("plansync export --to csv --event chr", example_repo.root) == ["christmas-2026"]
