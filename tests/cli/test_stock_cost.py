"""`shopping --by`, `cost`, `stock --lots`, `buy` and the product-unit rule,
through the CLI, on a small bakery built from the worked numbers of
domain.md ("Packaging, stock, purchases and costs").

The ``bake`` event wants 50 cookie bags plus one gift of 2 for aunt-mary:
52 bags of 6 sugar cookies = 312 cookies = 7 batches of 48. A batch is 3 cup
flour, 1 cup sugar, 1 cup butter and 2 eggs (4.02809375 at replacement
price); a bag adds 6 in of ribbon (0.03) and a cellophane bag (0.12).
"""

from __future__ import annotations

import json

import pytest

from plansync.store import clock
from tests.conftest import PlanRepoFixture
from tests.helpers import edit, ok, refused

BAKERY = {
    "plansync.yaml": "version: 1\nwaste_threshold: 0.15\n",
    ".gitignore": ".plansync/\n",
    "catalog/ingredients/flour.yaml": """\
        kind: ingredient
        slug: flour
        name: Flour
        density: {volume: 1 cup, mass: 4.25 oz}
        aisle: baking
        """,
    "catalog/ingredients/sugar.yaml": """\
        kind: ingredient
        slug: sugar
        name: Sugar
        density: {volume: 1 cup, mass: 7 oz}
        aisle: baking
        """,
    "catalog/ingredients/butter.yaml": """\
        kind: ingredient
        slug: butter
        name: Butter
        density: {volume: 1 cup, mass: 8 oz}
        aisle: dairy
        """,
    "catalog/ingredients/eggs.yaml": "kind: ingredient\nslug: eggs\nname: Eggs\naisle: dairy\n",
    "catalog/recipes/sugar-cookies.yaml": """\
        kind: recipe
        slug: sugar-cookies
        name: Sugar cookies
        ingredients:
          - {ingredient: flour, quantity: 3, unit: cup}
          - {ingredient: sugar, quantity: 1, unit: cup}
          - {ingredient: butter, quantity: 1, unit: cup}
          - {ingredient: eggs, quantity: 2, unit: each}
        """,
    "catalog/recipes/butter-cookies.yaml": """\
        kind: recipe
        slug: butter-cookies
        name: Butter cookies
        ingredients:
          - {ingredient: butter, quantity: 3, unit: cup}
        """,
    "catalog/recipes/shortbread.yaml": """\
        kind: recipe
        slug: shortbread
        name: Shortbread
        ingredients:
          - {ingredient: butter, quantity: 2, unit: lb}
        """,
    "catalog/finished-units/sugar-cookie.yaml": """\
        kind: finished_unit
        slug: sugar-cookie
        name: Sugar cookie
        recipe: sugar-cookies
        yield: {mode: discrete_count, unit: cookie, options: [{per_batch: 48}]}
        """,
    "catalog/finished-units/butter-cookie.yaml": """\
        kind: finished_unit
        slug: butter-cookie
        name: Butter cookie
        recipe: butter-cookies
        yield: {mode: discrete_count, unit: cookie, options: [{per_batch: 10}]}
        """,
    "catalog/finished-units/shortbread-finger.yaml": """\
        kind: finished_unit
        slug: shortbread-finger
        name: Shortbread finger
        recipe: shortbread
        yield: {mode: discrete_count, unit: finger, options: [{per_batch: 10}]}
        """,
    "catalog/materials/red-satin-ribbon.yaml": "kind: material\nslug: red-satin-ribbon\nname: Red satin ribbon\nunit: inch\naisle: crafts\n",
    "catalog/materials/cellophane-bags.yaml": "kind: material\nslug: cellophane-bags\nname: Cellophane bags\nunit: each\naisle: crafts\n",
    "catalog/material-units/red-ribbon-6in.yaml": """\
        kind: material_unit
        slug: red-ribbon-6in
        name: 6-inch red ribbon
        material: red-satin-ribbon
        quantity_per_unit: 6
        unit: inch
        """,
    "catalog/material-units/cellophane-bag.yaml": """\
        kind: material_unit
        slug: cellophane-bag
        name: Cellophane bag
        material: cellophane-bags
        quantity_per_unit: 1
        unit: each
        """,
    "catalog/products/flour-5lb.yaml": """\
        kind: product
        slug: flour-5lb
        name: Flour, 5 lb
        ingredient: flour
        package: {quantity: 5, unit: lb}
        supplier: costco
        price: 4.99
        """,
    "catalog/products/sugar-4lb.yaml": """\
        kind: product
        slug: sugar-4lb
        name: Sugar, 4 lb
        ingredient: sugar
        package: {quantity: 4, unit: lb}
        supplier: costco
        price: 3.50
        """,
    "catalog/products/butter-1lb.yaml": """\
        kind: product
        slug: butter-1lb
        name: Butter, 1 lb
        ingredient: butter
        package: {quantity: 1, unit: lb}
        supplier: costco
        price: 4.50
        """,
    "catalog/products/eggs-dozen.yaml": """\
        kind: product
        slug: eggs-dozen
        name: Eggs, a dozen
        ingredient: eggs
        package: {quantity: 12, unit: each}
        supplier: costco
        price: 3.60
        """,
    "catalog/products/ribbon-spool.yaml": """\
        kind: product
        slug: ribbon-spool
        name: Red satin ribbon, 50 yd
        material: red-satin-ribbon
        package: {quantity: 1800, unit: inch}
        supplier: acme
        price: 9.00
        """,
    "catalog/products/cello-100.yaml": """\
        kind: product
        slug: cello-100
        name: Cellophane bags, 100
        material: cellophane-bags
        package: {quantity: 100, unit: each}
        supplier: acme
        price: 12.00
        """,
    # Costco's walking order puts dairy before baking: the grouping must follow it, not the alphabet.
    "catalog/suppliers/costco.yaml": "kind: supplier\nslug: costco\nname: Costco\naisles: [dairy, baking]\n",
    # Its slug sorts before costco's: grouped by supplier, packaging comes first.
    "catalog/suppliers/acme.yaml": "kind: supplier\nslug: acme\nname: Acme Crafts\naisles: [crafts]\n",
    "catalog/finished-goods/cookie-bag.yaml": """\
        kind: finished_good
        slug: cookie-bag
        name: Cookie bag
        assembly_type: bundle
        components:
          - {finished_unit: sugar-cookie, quantity: 6}
          - {material_unit: red-ribbon-6in, quantity: 1}
          - {material_unit: cellophane-bag, quantity: 1}
        """,
    "catalog/packages/gift.yaml": "kind: package\nslug: gift\nname: Gift\ncontents:\n  - {finished_good: cookie-bag, quantity: 2}\n",
    "catalog/recipients/aunt-mary.yaml": "kind: recipient\nslug: aunt-mary\nname: Mary Smith\n",
    "events/bake/event.yaml": """\
        kind: event
        slug: bake
        name: The big bake
        date: 2026-12-20
        output_mode: bundled
        plan_state: draft
        finished_goods:
          - {finished_good: cookie-bag, quantity: 50}
        recipients:
          - {recipient: aunt-mary, package: gift, quantity: 1, status: pending}
        """,
    "events/tea/event.yaml": """\
        kind: event
        slug: tea
        name: Butter tea
        date: 2026-12-07
        output_mode: bulk_count
        plan_state: draft
        finished_units:
          - {finished_unit: butter-cookie, quantity: 10}
          - {finished_unit: shortbread-finger, quantity: 10}
        """,
    "inventory.yaml": "kind: inventory\nitems: []\n",
}


@pytest.fixture
def bakery(tmp_path) -> PlanRepoFixture:
    repo = PlanRepoFixture(tmp_path / "bakery")
    for path, text in BAKERY.items():
        repo.write(path, text)
    repo.git("init", "-q")
    repo.commit_all("bakery")
    return repo


def _json(repo, *args: str) -> dict:
    return json.loads(ok(repo, *args, "--format", "json"))


def _name(item: dict) -> str:
    """A shopping line's ingredient or (kind material) material."""
    return item[item["kind"]]


def _rows(table: str) -> list[list[str]]:
    """The first cell of each data row of a plain-text report, in order
    (group titles, headers, rules and blank lines left out)."""
    rows = []
    # A data row follows a rule line or another data row, until a blank line.
    in_table = False
    for line in table.splitlines():
        if line.startswith("--"):
            in_table = True
        elif not line.strip():
            in_table = False
        elif in_table:
            rows.append(line.split())
    return rows


# --- the product-unit rule ------------------------------------------------------------


def test_the_bakery_validates_cleanly(bakery):
    result = bakery.run("validate")
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith(" 0 error(s), 0 warning(s)\n"), result.stdout


def test_a_package_in_the_wrong_dimension_for_its_material_is_a_located_error(bakery):
    edit(bakery, "catalog/products/ribbon-spool.yaml", "{quantity: 1800, unit: inch}", "{quantity: 1800, unit: oz}")
    result = bakery.run("validate", "--format", "json")
    assert result.exit_code == 1
    problems = [p for p in json.loads(result.stdout)["problems"] if p["code"] == "product-unit"]
    assert [(p["path"], p["line"], p["severity"]) for p in problems] == [("catalog/products/ribbon-spool.yaml", 5, "error")]
    assert "'oz'" in problems[0]["message"] and "'inch'" in problems[0]["message"]


def test_a_mass_package_for_an_ingredient_counted_each_is_a_located_error(bakery):
    # Eggs are used "each" and have no density: a package of grams cannot be converted.
    edit(bakery, "catalog/products/eggs-dozen.yaml", "{quantity: 12, unit: each}", "{quantity: 600, unit: g}")
    result = bakery.run("validate")
    assert result.exit_code == 1
    line = next(line for line in result.stdout.splitlines() if "[product-unit]" in line)
    assert line.startswith("catalog/products/eggs-dozen.yaml:5:")
    assert ": error: " in line and "'eggs'" in line


def test_a_mass_package_for_an_ingredient_with_a_density_is_fine(bakery):
    # flour is used in cups; its density converts the 5 lb bag. Make it a volume bag: still fine.
    edit(bakery, "catalog/products/flour-5lb.yaml", "{quantity: 5, unit: lb}", "{quantity: 18, unit: cup}")
    assert bakery.run("validate").exit_code == 0


# --- shopping in packages, grouped ----------------------------------------------------


def test_shopping_in_packages_with_the_worked_flour_line(bakery):
    # need 21 cup, have 17 cup -> buy 4 cup = 17 oz -> one 5 lb bag, 4.99 (domain.md).
    edit(bakery, "inventory.yaml", "items: []", "items:\n  - {ingredient: flour, quantity: 17, unit: cup}")
    document = _json(bakery, "shopping", "bake")
    lines = {_name(item): item for item in document["items"]}
    flour = lines["flour"]
    assert (flour["need"], flour["have"], flour["buy"], flour["product"], flour["packages"], flour["cost"]) == (
        21, 17, 4, "flour-5lb", 1, 4.99,
    )  # fmt: skip
    assert (flour["supplier"], flour["aisle"], flour["kind"]) == ("costco", "baking", "ingredient")
    # 52 bags: 312 inch of ribbon (one 1,800 in spool) and 52 cellophane bags (one pack of 100).
    ribbon = lines["red-satin-ribbon"]
    assert (ribbon["kind"], ribbon["need"], ribbon["buy"], ribbon["packages"], ribbon["cost"]) == ("material", 312, 312, 1, 9.0)
    # sugar 7 cup = 49 oz -> one 4 lb bag; butter 7 cup = 3.5 lb -> 4 x 1 lb; 14 eggs -> 2 dozen.
    assert [(lines[i]["packages"], lines[i]["cost"]) for i in ("sugar", "butter", "eggs")] == [(1, 3.5), (4, 18.0), (2, 7.2)]
    assert document["total_cost"] == 54.69  # 4.99 + 3.50 + 18.00 + 7.20 + 9.00 + 12.00


def test_shopping_by_supplier_follows_each_suppliers_aisle_order(bakery):
    # Suppliers by slug (acme before costco), then each one's walking order (costco: dairy, then baking).
    expected = [
        ("acme", "crafts", "cellophane-bags"), ("acme", "crafts", "red-satin-ribbon"),
        ("costco", "dairy", "butter"), ("costco", "dairy", "eggs"),
        ("costco", "baking", "flour"), ("costco", "baking", "sugar"),
    ]  # fmt: skip
    document = _json(bakery, "shopping", "bake", "--by", "supplier")
    assert [(item["supplier"], item["aisle"], _name(item)) for item in document["items"]] == expected
    assert document["total_cost"] == 59.68
    table = ok(bakery, "shopping", "bake", "--by", "supplier")
    titles = [line for line in table.splitlines() if line.startswith(("Acme Crafts: ", "Costco: "))]
    assert titles == ["Acme Crafts: crafts", "Costco: dairy", "Costco: baking"]
    assert [row[0] for row in _rows(table)] == [name for _s, _a, name in expected]


def test_shopping_without_by_lists_ingredients_then_packaging_by_slug(bakery):
    document = _json(bakery, "shopping", "bake")
    assert [_name(item) for item in document["items"]] == [
        "butter", "eggs", "flour", "sugar", "cellophane-bags", "red-satin-ribbon",
    ]  # fmt: skip


def test_shopping_by_aisle_groups_by_aisle_alone_by_name(bakery):
    # Without a supplier there is no walking order: aisles by name, whoever sells them.
    document = _json(bakery, "shopping", "bake", "--by", "aisle")
    assert [(item["aisle"], _name(item)) for item in document["items"]] == [
        ("baking", "flour"), ("baking", "sugar"),
        ("crafts", "cellophane-bags"), ("crafts", "red-satin-ribbon"),
        ("dairy", "butter"), ("dairy", "eggs"),
    ]  # fmt: skip
    assert document["total_cost"] == 59.68
    table = ok(bakery, "shopping", "bake", "--by", "aisle")
    assert [line for line in table.splitlines() if line.startswith("Aisle: ")] == [
        "Aisle: baking", "Aisle: crafts", "Aisle: dairy",
    ]  # fmt: skip
    assert [row[0] for row in _rows(table)] == ["flour", "sugar", "cellophane-bags", "red-satin-ribbon", "butter", "eggs"]
    assert table.splitlines()[-1] == "total: 59.68 USD"


def test_shopping_by_something_else_is_a_malformed_call(bakery):
    result = bakery.run("shopping", "bake", "--by", "brand")
    assert result.exit_code == 2 and result.stdout == ""


# --- cost -----------------------------------------------------------------------------


def test_cost_json_has_the_design_keys_and_the_worked_numbers(bakery):
    document = _json(bakery, "cost", "bake")
    assert set(document) == {"event", "currency", "batches", "finished_goods", "packages", "ingredients",
                             "packaging", "planned_total", "actual_total", "unknown", "warnings"}  # fmt: skip
    assert (document["event"], document["currency"]) == ("bake", "USD")
    assert document["batches"] == [{"finished_unit": "sugar-cookie", "recipe": "sugar-cookies", "batches": 7,
                                    "batch_cost": 4.03, "unit_cost": 0.08}]  # fmt: skip
    assert document["finished_goods"] == [{"finished_good": "cookie-bag", "quantity": 52, "unit_cost": 0.65, "cost": 33.98}]
    assert document["packages"] == [{"package": "gift", "unit_cost": 1.31}]
    # 7 x 4.02809375 = 28.19665625 -> 28.20; 52 x 0.15 = 7.80; the total rounded once from exact parts.
    assert (document["ingredients"], document["packaging"], document["planned_total"]) == (28.2, 7.8, 36.0)
    assert document["unknown"] == [] and document["warnings"] == []


def test_cost_table_shows_the_same_figures_in_cents(bakery):
    table = ok(bakery, "cost", "bake")
    assert ["sugar-cookie", "sugar-cookies", "7", "4.03", "0.08", "28.20"] in _rows(table)
    assert ["cookie-bag", "52", "0.65", "33.98"] in _rows(table)
    assert "planned total: 36.00 USD" in table.splitlines()


def test_cost_names_an_unknown_price_and_leaves_its_totals_null(bakery):
    edit(bakery, "catalog/products/eggs-dozen.yaml", "price: 3.60\n", "")
    result = bakery.run("cost", "bake", "--format", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["unknown"] == ["eggs"]
    assert document["batches"][0]["batch_cost"] is None and document["batches"][0]["unit_cost"] is None
    assert document["finished_goods"][0]["unit_cost"] is None and document["finished_goods"][0]["cost"] is None
    assert document["ingredients"] is None and document["planned_total"] is None
    # Packaging does not touch eggs: it stays known.
    assert document["packaging"] == 7.8
    assert any("eggs" in warning for warning in document["warnings"])
    table = bakery.run("cost", "bake")
    assert "no known price for eggs" in table.output and "planned total: unknown USD" in table.stdout


def test_cost_of_an_unknown_event_is_one_line_exit_1(bakery):
    result = bakery.run("cost", "no-such-event")
    assert result.exit_code == 1 and result.stdout == "" and "no-such-event" in result.stderr


# --- stock and the FIFO butter --------------------------------------------------------


def _butter_history(bakery, monkeypatch) -> None:
    """Counted 2 lb at 4.00/lb on 12-01, 4 x 1 lb bought for 18.00 on 12-03,
    a run using 3 cup (1.5 lb) on 12-05, one using 2 lb on 12-06, both for tea."""
    edit(bakery, "inventory.yaml", "kind: inventory\nitems: []",
         "kind: inventory\nas_of: 2026-12-01\nitems:\n  - {ingredient: butter, quantity: 2, unit: lb, unit_cost: 4.00}")  # fmt: skip
    bakery.commit_all("counted")
    ok(bakery, "buy", "butter-1lb", "4", "--price", "18.00", "--at", "2026-12-03T10:00:00Z")
    monkeypatch.setattr(clock, "utc_now", lambda: "2026-12-05T09:00:00Z")
    ok(bakery, "record", "production", "tea", "butter-cookie", "1")


def test_stock_lots_after_the_first_run(bakery, monkeypatch):
    _butter_history(bakery, monkeypatch)
    butter = _json(bakery, "stock", "butter", "--lots")["items"]
    assert len(butter) == 1
    butter = butter[0]
    assert (butter["unit"], butter["counted"], butter["bought"], butter["used"], butter["on_hand"]) == ("lb", 2, 4, 1.5, 4.5)
    assert butter["lots"] == [
        {"at": "2026-12-01T00:00:00Z", "source": "counted", "quantity": 0.5, "unit_cost": 4.0},
        {"at": "2026-12-03T10:00:00Z", "source": "purchase 1", "quantity": 4, "unit_cost": 4.5},
    ]


def test_stock_lots_and_actual_cost_after_both_runs(bakery, monkeypatch):
    _butter_history(bakery, monkeypatch)
    monkeypatch.setattr(clock, "utc_now", lambda: "2026-12-06T09:00:00Z")
    ok(bakery, "record", "production", "tea", "shortbread-finger", "1")
    document = _json(bakery, "stock", "butter", "--lots")
    assert document["as_of"] == "2026-12-01T00:00:00Z"
    (butter,) = document["items"]
    assert (butter["on_hand"], butter["value"]) == (2.5, 11.25)
    assert butter["lots"] == [{"at": "2026-12-03T10:00:00Z", "source": "purchase 1", "quantity": 2.5, "unit_cost": 4.5}]
    table = ok(bakery, "stock", "butter", "--lots")
    assert ["butter", "ingredient", "lb", "2", "4", "3.5", "0", "2.5", "11.25"] in _rows(table)
    assert "Lots, oldest first" in table
    # run 1: 1.5 lb x 4.00 = 6.00; run 2: 0.5 lb x 4.00 + 1.5 lb x 4.50 = 8.75.
    assert _json(bakery, "cost", "tea")["actual_total"] == 14.75


def test_stock_without_lots_has_no_lots_key_and_an_unknown_item_is_a_malformed_call(bakery):
    edit(bakery, "inventory.yaml", "items: []", "items:\n  - {ingredient: flour, quantity: 17, unit: cup}")
    document = _json(bakery, "stock")
    assert [(item["item"], item["on_hand"]) for item in document["items"]] == [("flour", 17)]
    assert "lots" not in document["items"][0]
    result = bakery.run("stock", "no-such-thing")
    assert result.exit_code == 2 and result.stdout == "" and "'no-such-thing'" in result.stderr


def test_negative_stock_is_a_warning_never_a_refusal(bakery, monkeypatch):
    edit(bakery, "inventory.yaml", "kind: inventory\nitems: []",
         "kind: inventory\nas_of: 2026-12-01\nitems:\n  - {ingredient: butter, quantity: 1, unit: lb}")  # fmt: skip
    monkeypatch.setattr(clock, "utc_now", lambda: "2026-12-05T09:00:00Z")
    ok(bakery, "record", "production", "tea", "shortbread-finger", "1")
    result = bakery.run("stock", "butter", "--format", "json")
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert document["items"][0]["on_hand"] == -1
    assert any("butter" in warning for warning in document["warnings"])


# --- buy refusals ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("cello-100", "-1"), 2, ""),
        (("cello-100", "two"), 2, "'two'"),
        (("cello-100", "1", "--price", "lots"), 2, ""),
        (("ribbon", "1"), 1, "unknown product 'ribbon'"),
        (("cello-100", "1", "--at", "2026-13-40"), 1, "2026-13-40"),
    ],
)
def test_a_refused_buy_writes_nothing(bakery, args, code, message):
    stderr = refused(bakery, "buy", *args, code=code)
    assert message in stderr
    assert not (bakery.root / "purchases.yaml").exists()


def test_buy_refuses_over_uncommitted_edits_of_the_purchase_log(bakery):
    ok(bakery, "buy", "cello-100", "1", "--price", "12.00", "--at", "2026-12-03", "--commit")
    log = bakery.read("purchases.yaml") + "# my own note\n"
    bakery.write("purchases.yaml", log)
    result = bakery.run("buy", "cello-100", "1", "--commit")
    assert result.exit_code == 1 and "purchases.yaml" in result.stderr
    assert bakery.read("purchases.yaml") == log
    assert bakery.git("log", "--format=%s").splitlines()[0].startswith("buy")


def test_a_purchase_prices_the_next_shopping_list(bakery):
    # The latest purchase price per package beats the list price: 2 spools for 16.00 -> 8.00 a spool.
    # The inventory has no as_of, so it is the stock now and the purchase does not move it.
    ok(bakery, "buy", "ribbon-spool", "2", "--price", "16.00", "--at", "2026-12-03")
    ribbon = next(item for item in _json(bakery, "shopping", "bake")["items"] if _name(item) == "red-satin-ribbon")
    assert (ribbon["have"], ribbon["buy"], ribbon["packages"], ribbon["cost"]) == (0, 312, 1, 8.0)
