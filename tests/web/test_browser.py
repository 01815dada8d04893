"""The web view in a real headless Chromium: what a person sees and does.

Screenshots land in .artifacts/web/ (PLANSYNC_TEST_ARTIFACTS to move them).
"""

from __future__ import annotations

import base64
import re
import time
from typing import Any

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from tests.helpers import git
from tests.web.conftest import ARTIFACTS, screenshot

EVENT = "/events/christmas-2026"


def wait_for(driver: Any, css: str, timeout: float = 15) -> Any:
    return WebDriverWait(driver, timeout).until(lambda d: d.find_element(By.CSS_SELECTOR, css))


def row_bar(driver: Any, table_title: str, name: str) -> str:
    """The progress bar's value on the row of ``name`` in the table titled ``table_title``."""
    heading = driver.find_element(By.XPATH, f"//h3[text()='{table_title}']")
    row = heading.find_element(By.XPATH, f"following::table[1]//tr[td/a[text()='{name}']]")
    return row.find_element(By.TAG_NAME, "progress").get_attribute("value")


def test_the_event_page_shows_the_plan_with_progress_bars(browser: Any, live: str) -> None:
    browser.get(live + EVENT)
    assert browser.find_element(By.TAG_NAME, "h1").text.startswith("Christmas 2026")
    summary = browser.find_element(By.CSS_SELECTOR, "table.summary").text
    assert "30 ingredients to buy, 262.02 USD" in summary
    assert row_bar(browser, "Production", "chocolate-chip-cookie") == "0"
    screenshot(browser, "event")


def test_recording_a_run_through_the_form_writes_commits_and_moves_the_bar(browser: Any, live: str, served) -> None:
    browser.get(live + EVENT)
    form = browser.find_element(By.CSS_SELECTOR, "form[action$='/actions/record-production']")
    Select(form.find_element(By.NAME, "finished_unit")).select_by_visible_text("chocolate-chip-cookie")
    batches = form.find_element(By.NAME, "batches")
    batches.clear()
    batches.send_keys("2")
    form.find_element(By.NAME, "commit").click()
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    flash = wait_for(browser, ".flash.ok")
    assert flash.text.startswith("recorded production run 1 for christmas-2026: chocolate-chip-cookie, 2 batches")
    assert row_bar(browser, "Production", "chocolate-chip-cookie") == "50"
    runs = served.read("events/christmas-2026/runs.yaml")
    assert "finished_unit: chocolate-chip-cookie" in runs and "batches: 2" in runs
    assert git(served.root, "show", "--name-only", "--format=", "HEAD").split() == ["events/christmas-2026/runs.yaml"]
    screenshot(browser, "event-after-recording")


def test_a_refusal_is_shown_on_the_page_and_nothing_is_written(browser: Any, live: str, served) -> None:
    browser.get(live + EVENT)
    browser.find_element(By.XPATH, "//button[text()='Start production']").click()
    alert = wait_for(browser, ".flash.refused")
    assert alert.text.startswith("refused:") and "draft" in alert.text
    assert git(served.root, "status", "--porcelain").strip() == ""
    screenshot(browser, "event-refused")


def test_the_shopping_list_shows_its_lines_grouped_by_supplier(browser: Any, live: str) -> None:
    browser.get(live + EVENT + "/shopping?by=supplier")
    headings = [h.text for h in browser.find_elements(By.CSS_SELECTOR, "section.shop h2")]
    assert headings[:2] == ["Costco: produce", "Costco: dairy"]
    bananas = browser.find_element(By.CSS_SELECTOR, "li.line[data-item='bananas']")
    assert bananas.text.startswith("2 × bananas-bunch bananas")
    lemons = browser.find_element(By.CSS_SELECTOR, "li.line[data-item='lemons'] input")
    assert lemons.is_selected()  # enough in stock: already ticked
    bananas.find_element(By.TAG_NAME, "input").click()
    assert bananas.find_element(By.TAG_NAME, "input").is_selected()
    screenshot(browser, "shopping-by-supplier")


def test_the_shopping_list_prints_cleanly_one_page_per_supplier(browser: Any, live: str, served) -> None:
    inventory = served.root / "inventory.yaml"
    # Fewer bags on hand: packaging to buy at the craft store too.
    inventory.write_text(inventory.read_text().replace("{material: cellophane-bag-4x6, quantity: 100", "{material: cellophane-bag-4x6, quantity: 10"))
    browser.get(live + EVENT + "/shopping?by=supplier")
    suppliers = {h.text.split(":")[0] for h in browser.find_elements(By.CSS_SELECTOR, "section.shop:not(.nothing-to-buy) h2")}
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    assert not browser.find_element(By.CSS_SELECTOR, "header.top").is_displayed()
    assert not browser.find_element(By.CSS_SELECTOR, "li.line.sufficient").is_displayed()
    assert browser.find_element(By.CSS_SELECTOR, "li.line.buy").is_displayed()
    assert all(not s.is_displayed() for s in browser.find_elements(By.CSS_SELECTOR, "section.nothing-to-buy"))
    screenshot(browser, "shopping-print")
    pdf = base64.b64decode(browser.execute_cdp_cmd("Page.printToPDF", {"printBackground": False})["data"])
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "shopping-by-supplier.pdf").write_bytes(pdf)
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert suppliers == {"Costco", "Michaels"}
    assert pages >= len(suppliers)
    michaels = browser.find_element(By.XPATH, "//section[contains(@class, 'new-supplier')][h2[starts-with(text(), 'Michaels')]]")
    assert browser.execute_script("return getComputedStyle(arguments[0]).breakBefore", michaels) == "page"


def test_at_a_phones_width_nothing_spills_sideways(browser: Any, live: str) -> None:
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": 375, "height": 800, "deviceScaleFactor": 2, "mobile": True})
    try:
        browser.get(live + EVENT)
        width = browser.execute_script("return document.documentElement.scrollWidth")
        assert width <= 375
        button = browser.find_element(By.XPATH, "//button[text()='Record batches']")
        assert button.is_displayed() and button.size["width"] <= 375
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    browser.set_window_size(375, 900)
    browser.get(live + EVENT)
    screenshot(browser, "event-375px")


def test_an_open_page_reloads_itself_when_a_file_changes(browser: Any, live: str, served) -> None:
    browser.get(live + EVENT)
    time.sleep(0.5)  # the page has read the repository's fingerprint
    path = served.root / "events/christmas-2026/event.yaml"
    path.write_text(path.read_text().replace("name: Christmas 2026", "name: Christmas Eve 2026"))
    WebDriverWait(browser, 15).until(lambda d: d.find_element(By.TAG_NAME, "h1").text.startswith("Christmas Eve 2026"))


def test_each_page_opens_without_an_error(browser: Any, live: str) -> None:
    paths = ["/", EVENT, *(f"{EVENT}/{r}" for r in ("plan", "shopping", "feasibility", "progress", "cost", "compare", "history")),
             "/catalog", "/catalog/finished_good/holiday-gift-bag", "/stock", "/problems", "/files/plansync.yaml",
             "/query?sql=SELECT+slug,+name+FROM+recipes"]  # fmt: skip
    for path in paths:
        browser.get(live + path)
        assert browser.find_element(By.TAG_NAME, "h1").text, path
        logs = [entry for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]
        assert logs == [], (path, logs)
    screenshot(browser, "catalog-good")
