"""The web view's fixtures: the example repository served by a real app."""

from __future__ import annotations

import os
import re
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import PlanRepoFixture, commit_example

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


# --- a real browser: Debian's headless Chromium through Selenium -----------

ARTIFACTS = Path(os.environ.get("PLANSYNC_TEST_ARTIFACTS", Path(__file__).resolve().parents[2] / ".artifacts" / "web"))


def _browser_binaries() -> tuple[str, str] | None:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    driver = shutil.which("chromedriver")
    return (chromium, driver) if chromium and driver else None


@pytest.fixture
def live(served: PlanRepoFixture) -> Iterator[str]:
    """The example repository served by uvicorn on a free loopback port."""
    import uvicorn

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(Site(served.root, port=port)), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the server did not start"
        time.sleep(0.02)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    binaries = _browser_binaries()
    if binaries is None:
        if os.environ.get("PLANSYNC_REQUIRE_BROWSER"):
            pytest.fail("PLANSYNC_REQUIRE_BROWSER is set but no Chromium and chromedriver are installed")
        pytest.skip("no Chromium and chromedriver installed (Debian: apt install chromium chromium-driver)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = binaries[0]
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync", "--window-size=1200,900"):  # fmt: skip
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(binaries[1]), options=options)
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


@pytest.fixture
def browser(chromium: Any) -> Iterator[Any]:
    """The session's Chromium, at desktop width, its cookies cleared."""
    chromium.set_window_size(1200, 900)
    chromium.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    chromium.get_log("browser")  # what earlier tests left in the console
    yield chromium
    chromium.delete_all_cookies()


def screenshot(driver: Any, name: str) -> Path:
    """A full-page screenshot kept as a test artefact (look at them)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    width = driver.execute_script("return window.innerWidth")
    height = driver.execute_script("return document.documentElement.scrollHeight")
    metrics = {"width": width, "height": min(height, 6000), "deviceScaleFactor": 1, "mobile": width < 600}
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)
    path = ARTIFACTS / f"{name}.png"
    path.write_bytes(driver.get_screenshot_as_png())
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    return path
