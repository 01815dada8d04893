"""The web view's fixtures: the example repository served by a real app."""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import pytest

from tests.conftest import PlanRepoFixture, commit_example

with warnings.catch_warnings():
    # Starlette's TestClient prefers httpx2 when installed; either works.
    warnings.simplefilter("ignore", DeprecationWarning)
    from starlette.testclient import TestClient

from plansync.web.app import create_app
from plansync.web.site import Site

SERVED = "http://127.0.0.1:8765"
CSRF = re.compile(r'name="csrf" value="([^"]+)"')


class Browser:
    """A TestClient that keeps its session cookie and reads the form's CSRF token."""

    def __init__(self, client: TestClient, repo: PlanRepoFixture) -> None:
        self.client = client
        self.repo = repo

    def get(self, path: str, **kwargs):  # type: ignore[no-untyped-def]
        return self.client.get(path, **kwargs)

    def csrf(self, page: str = "/events/christmas-2026") -> str:
        found = CSRF.search(self.client.get(page).text)
        assert found, f"no form on {page}"
        return found.group(1)

    def post(self, path: str, data: dict[str, str] | None = None, *, csrf: bool = True, **kwargs):  # type: ignore[no-untyped-def]
        form = dict(data or {})
        if csrf:
            form["csrf"] = self.csrf()
        return self.client.post(path, data=form, follow_redirects=False, **kwargs)

    def act(self, action: str, data: dict[str, str] | None = None, event: str = "christmas-2026"):  # type: ignore[no-untyped-def]
        return self.post(f"/events/{event}/actions/{action}", data)


def client_for(site: Site) -> TestClient:
    return TestClient(create_app(site), base_url=SERVED, raise_server_exceptions=False)


@pytest.fixture
def served(tmp_path: Path) -> PlanRepoFixture:
    """The example repository, committed, ready to serve."""
    return PlanRepoFixture(commit_example(tmp_path / "example"))


@pytest.fixture
def web(served: PlanRepoFixture) -> Browser:
    return Browser(client_for(Site(served.root)), served)
