"""Every page of the web view, as a person reads it, through a real app
over a real repository (Starlette's TestClient)."""

from __future__ import annotations

import json
import re

import pytest

from tests.web.conftest import Browser

EVENT = "/events/christmas-2026"


def flat(html: str) -> str:
    """The page's text with its whitespace collapsed, as a reader sees it."""
    return re.sub(r"\s+", " ", html)


def progress_values(html: str) -> list[str]:
    return re.findall(r'<progress max="100" value="([^"]+)"', html)


def test_the_index_lists_each_event_with_its_state_and_what_is_left_to_buy(web: Browser) -> None:
    page = web.get("/")
    assert page.status_code == 200
    assert 'href="/events/christmas-2026">Christmas 2026</a>' in page.text
    assert "school-fair-2026" in page.text
    assert "30 (262.02 USD)" in page.text
    assert "No problems in the plan files." in page.text


def test_the_event_page_shows_the_status_with_progress_bars_and_its_forms(web: Browser) -> None:
    page = web.get(EVENT)
    assert page.status_code == 200
    assert "30 ingredients to buy, 262.02 USD" in page.text
    assert "290.81 USD" in page.text
    assert "6 pending, 0 ready, 0 delivered" in page.text
    # production, assembly, then one bar per finished unit and per good
    assert progress_values(page.text)[:2] == ["0", "0"]
    assert "0 of 4" in page.text  # chocolate-chip-cookie: 4 batches planned
    for action in ("record-production", "record-assembly", "fulfill", "shopping-done", "buy", "lock", "start", "complete"):
        assert f'action="/events/christmas-2026/actions/{action}"' in page.text


def test_the_plan_page_shows_batches_and_packaging(web: Browser) -> None:
    page = web.get(f"{EVENT}/plan")
    assert page.status_code == 200
    assert "Batches (draft, from the catalog)" in page.text
    assert 'href="/catalog/finished_unit/chocolate-chip-cookie"' in page.text
    assert "Packaging" in page.text and "small-cellophane-bag" in page.text


def test_the_shopping_list_names_packages_to_buy_and_groups_by_supplier(web: Browser) -> None:
    page = flat(web.get(f"{EVENT}/shopping").text)
    assert "<strong>2 × bananas-bunch</strong> bananas" in page
    assert "total: <strong>262.02 USD</strong>" in page
    grouped = web.get(f"{EVENT}/shopping?by=supplier").text
    headings = re.findall(r"<h2>([^<]+)</h2>", grouped)
    assert headings[:3] == ["Costco: produce", "Costco: dairy", "Costco: baking"]
    assert grouped.count('new-supplier') == 2  # Costco, then Michaels: a sheet each in print
    by_aisle = re.findall(r"<h2>([^<]+)</h2>", web.get(f"{EVENT}/shopping?by=aisle").text)
    assert by_aisle and all(h.startswith("Aisle: ") for h in by_aisle)


def test_the_shopping_list_can_count_only_batches_still_to_bake(web: Browser) -> None:
    web.repo.run("record", "production", "christmas-2026", "chocolate-chip-cookie", "4")
    everything = web.get(f"{EVENT}/shopping").text
    still = web.get(f"{EVENT}/shopping?production_aware=1").text
    assert "semisweet-chocolate-chips" in everything
    chips = re.search(r"need ([0-9.]+) oz, have [0-9.]+, buy [0-9.]+ · [0-9.]+ USD · baking", still)
    assert chips and everything != still


@pytest.mark.parametrize(
    ("report", "seen"),
    [
        ("feasibility", "status: can_assemble"),
        ("progress", "status: not_started"),
        ("cost", "planned total: 290.81 USD"),
        ("compare", "has no baseline yet (it is draft"),
        ("history", "added event christmas-2026"),
    ],
)
def test_each_report_shows_what_its_command_reports(web: Browser, report: str, seen: str) -> None:
    page = web.get(f"{EVENT}/{report}")
    assert page.status_code == 200
    assert seen in page.text
    assert f'href="{EVENT}/{report}" aria-current="page"' in page.text


def test_a_refused_report_shows_the_refusal_in_the_event_frame(web: Browser) -> None:
    page = web.get(f"{EVENT}/stale")
    assert page.status_code == 409
    assert 'role="alert"' in page.text and "locked" in page.text
    assert 'aria-label="reports"' in page.text


def test_unknown_events_and_reports_are_pages_not_tracebacks(web: Browser) -> None:
    missing = web.get("/events/easter-2027")
    assert missing.status_code == 404
    assert "unknown event &#39;easter-2027&#39;" in missing.text and "christmas-2026" in missing.text
    assert "Traceback" not in missing.text
    report = web.get(f"{EVENT}/taxes")
    assert report.status_code == 404 and "no report named" in report.text


def test_a_catalog_entity_shows_what_it_uses_and_what_uses_it(web: Browser) -> None:
    page = web.get("/catalog/recipe/sugar-cookies")
    assert page.status_code == 200
    uses, used_by = page.text.split("<h3>Used by</h3>")
    assert 'href="/catalog/ingredient/all-purpose-flour"' in uses
    assert 'href="/catalog/finished_unit/sugar-cookie"' in used_by
    assert 'id="L1">kind: recipe' in page.text or 'id="L1">' in page.text
    assert web.get("/catalog/recipe/no-such-recipe").status_code == 404


def test_the_catalog_lists_every_kind(web: Browser) -> None:
    page = web.get("/catalog").text
    for heading in ("Finished goods", "Recipes", "Ingredients", "Products", "Suppliers"):
        assert f"<h3>{heading}</h3>" in page


def test_the_stock_page_shows_derived_stock_and_lots(web: Browser) -> None:
    page = web.get("/stock").text
    assert "Stock (counted 2026-11-28T00:00:00Z)" in page
    assert "Lots, oldest first" in page
    assert "66.4706" in page  # all-purpose flour: 10 counted + 56.4706 bought


def test_problems_link_to_the_line_of_their_file(web: Browser) -> None:
    web.repo.write("catalog/recipes/broken.yaml", "kind: recipe\nslug: broken\nname: Broken\ningredients:\n  - {ingredient: moon-dust, quantity: 1, unit: cup}\n")
    page = web.get("/problems").text
    link = re.search(r'href="/files/catalog/recipes/broken.yaml#L(\d+)"', page)
    assert link and int(link.group(1)) == 5
    assert "moon-dust" in page
    source = web.get("/files/catalog/recipes/broken.yaml").text
    assert 'id="L5"' in source and "moon-dust" in source
    assert "1 error(s)" in web.get("/").text


@pytest.mark.parametrize("path", ["../../etc/passwd", ".git/config", "%2e%2e/%2e%2e/etc/passwd", ".plansync/index.sqlite", "nope.yaml"])
def test_files_never_leave_the_repository(web: Browser, path: str) -> None:
    page = web.get(f"/files/{path}")
    assert page.status_code == 404
    assert "root:" not in page.text and "[core]" not in page.text


def test_a_linked_file_pointing_outside_is_not_shown(web: Browser, tmp_path) -> None:
    secret = tmp_path / "secret.yaml"
    secret.write_text("password: hunter2\n")
    (web.repo.root / "catalog/recipes/linked.yaml").symlink_to(secret)
    page = web.get("/files/catalog/recipes/linked.yaml")
    assert "hunter2" not in page.text


def test_the_query_page_runs_read_only_sql_as_a_table_json_and_csv(web: Browser) -> None:
    sql = "SELECT slug FROM recipes ORDER BY slug LIMIT 2"
    page = web.get("/query", params={"sql": sql})
    assert page.status_code == 200 and "<td>almond-biscotti</td>" in page.text
    data = web.get("/query", params={"sql": sql, "_format": "json"}).json()
    assert data == {"columns": ["slug"], "rows": [{"slug": "almond-biscotti"}, {"slug": "banana-bread"}]}
    csv = web.get("/query", params={"sql": sql, "_format": "csv"})
    assert csv.headers["content-type"].startswith("text/csv") and csv.text == "slug\nalmond-biscotti\nbanana-bread\n"


def strict(text: str) -> object:
    """JSON as a strict reader takes it: Python's own would accept Infinity and NaN."""
    return json.loads(text, parse_constant=lambda name: pytest.fail(f"{name} in a JSON answer"))


def test_json_answers_are_strict_json_with_non_finite_numbers_as_null(web: Browser) -> None:
    answer = web.get("/query", params={"sql": "SELECT 1e999 AS big, -1e999 AS small, 0.5 AS half", "_format": "json"})
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("application/json")
    assert strict(answer.text) == {"columns": ["big", "small", "half"], "rows": [{"big": None, "small": None, "half": 0.5}]}
    # The same text as `plansync query --format json` prints.
    assert answer.text == web.repo.run("query", "SELECT 1e999 AS big, -1e999 AS small, 0.5 AS half", "--format", "json").stdout.rstrip("\n")
    refused = web.get("/query", params={"sql": "DELETE FROM recipes", "_format": "json"})
    assert refused.status_code == 400 and "error" in strict(refused.text)


def test_the_query_page_refuses_writes(web: Browser) -> None:
    page = web.get("/query", params={"sql": "DELETE FROM recipes"})
    assert page.status_code == 400 and 'role="alert"' in page.text
    rows = web.get("/query", params={"sql": "SELECT COUNT(*) AS n FROM recipes", "_format": "json"}).json()["rows"]
    assert rows[0]["n"] > 0


def test_an_edit_in_the_editor_shows_on_the_next_load(web: Browser) -> None:
    before = web.get("/_changes").json()["fingerprint"]
    path = web.repo.root / "events/christmas-2026/event.yaml"
    path.write_text(path.read_text().replace("name: Christmas 2026", "name: Christmas Eve 2026"))
    assert "Christmas Eve 2026" in web.get(EVENT).text
    assert web.get("/_changes").json()["fingerprint"] != before


def test_pages_carry_no_asset_from_the_network(web: Browser) -> None:
    for path in ("/", EVENT, f"{EVENT}/shopping", "/stock"):
        html = web.get(path).text
        assert not re.search(r'(src|href)="(https?:)?//', html), path
    assert web.get("/static/style.css").status_code == 200
    assert web.get("/static/refresh.js").status_code == 200


def test_a_query_that_runs_too_long_is_stopped_with_a_message(web: Browser) -> None:
    settings = web.repo.root / "plansync.yaml"
    settings.write_text(settings.read_text() + "query_timeout: 0.5\n")
    endless = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT COUNT(*) FROM n"
    page = web.get("/query", params={"sql": endless})
    assert page.status_code == 400 and 'role="alert"' in page.text
    assert web.get("/query", params={"sql": endless, "_format": "json"}).json()["error"]


def test_json_plan_files_are_served_like_yaml_ones(web: Browser) -> None:
    web.repo.write("catalog/ingredients/cardamom.json", '{"kind": "ingredient", "slug": "cardamom", "name": "Ground cardamom"}\n')
    page = web.get("/catalog/ingredient/cardamom")
    assert page.status_code == 200 and "Ground cardamom" in page.text
    assert 'href="/files/catalog/ingredients/cardamom.json"' in page.text
    assert "Ground cardamom" in web.get("/files/catalog/ingredients/cardamom.json").text
