"""Fixtures shared by the plugin's tests."""

from __future__ import annotations

import pytest

from plansync.lifecycle.init import init_repository
from plansync.plugins import manager


@pytest.fixture
def repo(tmp_path):
    """An empty plan repository, with the plugin registry loaded afresh."""
    manager.reset()
    root = tmp_path / "plans"
    init_repository(root)
    yield root
    manager.reset()
