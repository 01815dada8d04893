"""Every shape bake-tracker writes, through `plansync import --from bake-tracker` into a real repository."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from plansync.cli.main import cli

DATA = Path(__file__).parent / "data"
FULL = DATA / "bake-tracker-full-export.json"


def run(root, *args):
    return CliRunner().invoke(cli, ["--repo", str(root), *args], catch_exceptions=False)


def imported(root, name, code=0):
    result = run(root, "import", str(DATA / name), "--from", "bake-tracker", "--format", "json")
    assert result.exit_code == code, result.output
    return json.loads(result.stdout)


def count(root, table):
    result = run(root, "query", f"select count(*) as n from {table}", "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["rows"][0]["n"]


def read(root, path):
    from plansync.formats.builtin import YAML

    return YAML.read((root / path).read_text(encoding="utf-8"))


def test_the_full_export_validates_and_keeps_every_supplier_product_and_material(repo):
    export = json.loads(FULL.read_text(encoding="utf-8"))
    outcome = imported(repo, FULL.name)
    assert outcome["problems"] == []
    assert run(repo, "validate").exit_code == 0
    assert count(repo, "suppliers") == len(export["suppliers"])
    assert count(repo, "products") == len(export["products"]) + len(export["material_products"])
    assert count(repo, "materials") == len(export["materials"])
    assert "skipped: 1 material categories, 2 material subcategories, 1 used-up inventory lots" in outcome["notes"][0]
    again = run(repo, "import", str(FULL), "--from", "bake-tracker", "--dry-run", "--detailed-exitcode")
    assert again.exit_code == 0, again.output  # re-importing changes nothing


def test_products_purchases_and_lots_carry_brand_supplier_price_and_cost(repo):
    imported(repo, FULL.name)
    flour = read(repo, "catalog/products/king-arthur-unbleached-all-purpose-flour-5lb.yaml")
    assert (flour["ingredient"], flour["package"], flour["brand"], flour["supplier"], flour["price"]) == (
        "flour-all-purpose", {"quantity": 5, "unit": "lb"}, "King Arthur", "wegmans", 6.99,
    )  # fmt: skip
    boxes = read(repo, "catalog/products/uline-s-4344-25count.yaml")
    assert (boxes["material"], boxes["package"], boxes["price"]) == ("kraft-box-6x6x6", {"quantity": 25, "unit": "each"}, 45)
    assert read(repo, "catalog/materials/red-satin-ribbon.yaml")["unit"] == "cm"
    log = read(repo, "purchases.yaml")["purchases"]
    assert [(line["seq"], line["product"], line["packages"], line["price"]) for line in log][-2:] == [
        (4, "nestle-toll-house-morsels-72oz", 1, 12.49),
        (5, "uline-s-4344-25count", 2, 90),
    ]
    stock = read(repo, "inventory.yaml")
    assert stock["as_of"] == "2026-01-12T18:30:00Z"
    assert stock["items"][0] == {
        "ingredient": "flour-all-purpose", "quantity": 18.5, "unit": "lb", "unit_cost": 0.3796,
        "note": "Kirkland; Pantry; bought 2025-11-15",
    }  # fmt: skip
    assert {"material": "kraft-box-6x6x6", "quantity": 35, "unit": "each", "unit_cost": 1.8,
            "note": "Uline; Storage Room A; bought 2026-01-05"} in stock["items"]  # fmt: skip


def test_the_planning_screen_plan_is_the_events_plan_and_a_short_decision_says_so(repo):
    outcome = imported(repo, FULL.name)
    christmas = read(repo, "events/christmas-2025/event.yaml")
    assert christmas["output_mode"] == "bundled"
    assert christmas["finished_goods"] == [{"finished_good": "cookie-gift-box", "quantity": 20}]
    # A bundled event's production target is a batch decision, never finished units.
    assert "finished_units" not in christmas
    assert christmas["batch_decisions"] == [
        {"finished_unit": "chocolate-chip-cookie", "batches": 2, "accept_shortfall": True},
        {"finished_unit": "sugar-cookie", "batches": 4},
    ]
    assert any("below the need of 120; kept as the program's shortfall choice (accept_shortfall: true)" in note
               for note in outcome["notes"])  # fmt: skip
    plan = json.loads(run(repo, "plan", "christmas-2025", "--format", "json").stdout)
    assert [(b["finished_unit"], b["batches"], b["decision"]) for b in plan["batches"]] == [
        ("chocolate-chip-cookie", 2, "override"), ("sugar-cookie", 4, "override"),
    ]  # fmt: skip


def test_a_record_whose_file_would_not_validate_is_reported_never_written(repo, tmp_path):
    export = json.loads(FULL.read_text(encoding="utf-8"))
    # A product sold by weight of an ingredient that has no density and is
    # measured by volume: its file would fail `validate`.
    export["ingredients"][2].pop("density_weight_value")
    export["inventory_items"] = [lot for lot in export["inventory_items"] if lot["ingredient_slug"] != "butter_unsalted"]
    path = tmp_path / "export.json"
    path.write_text(json.dumps(export), encoding="utf-8")
    result = run(repo, "import", str(path), "--from", "bake-tracker", "--format", "json")
    assert result.exit_code == 1
    outcome = json.loads(result.stdout)
    assert [p["record"] for p in outcome["problems"]] == ['product "kirkland-butter-unsalted-4lb"']
    assert outcome["problems"][0]["message"].endswith("[product-unit]")
    assert not (repo / "catalog/products/kirkland-butter-unsalted-4lb.yaml").exists()
    assert run(repo, "validate").exit_code == 0


def test_catalog_files_import_through_the_same_plugin(repo):
    for name in ("catalog-materials-1.0.json", "catalog-recipes-1.0.json", "catalog-ingredients-3.5.json",
                 "catalog-food-products-3.5.json", "catalog-inventory-3.5.json"):  # fmt: skip
        outcome = imported(repo, name)
        assert outcome["problems"] == []
        assert any(note.startswith("read as a bake-tracker ") for note in outcome["notes"]), name
    assert run(repo, "validate").exit_code == 0
    assert read(repo, "catalog/materials/box-window-cake-10x10.yaml")["notes"].endswith("category: Boxes: Window Boxes")
    # The real ingredient (3.5) replaced the stand-in the recipes made; later files keep it.
    assert read(repo, "catalog/ingredients/flour-all-purpose.yaml")["density"] == {"volume": "1 cup", "mass": "4.25 oz"}
    assert count(repo, "products") == 4
    assert read(repo, "inventory.yaml")["items"][0]["quantity"] == 12.5


def test_mobile_purchases_are_added_once_and_an_unknown_upc_is_a_problem(repo):
    imported(repo, FULL.name)
    outcome = imported(repo, "bt-mobile-purchases.json", code=1)
    assert outcome["problems"] == [{
        "record": "purchase #4",
        "message": "product UPC 999999999999 is not in the repository (import the full export first: its products"
                   " carry their UPCs)",
    }]  # fmt: skip
    log = read(repo, "purchases.yaml")["purchases"]
    assert [(line["seq"], line["product"], line["price"], line.get("supplier")) for line in log[5:]] == [
        (6, "kirkland-flour-all-purpose-25lb", 19.98, "costco-waltham-ma"),
        (7, "domino-sugar-granulated-4lb", 3.89, "wegmans"),
        (8, "uline-s-4344-25count", 44, "uline"),
    ]
    again = imported(repo, "bt-mobile-purchases.json", code=1)
    assert again["create"] == again["update"] == 0
    assert "purchases: 0 added to purchases.yaml, 3 already there" in again["notes"]
    assert run(repo, "validate").exit_code == 0


def test_a_mobile_count_becomes_the_count_of_the_products_it_counted(repo):
    imported(repo, FULL.name)
    outcome = imported(repo, "bt-mobile-inventory.json")
    stock = read(repo, "inventory.yaml")
    assert stock["as_of"] == "2026-01-21T09:11:00Z"
    flour = [item for item in stock["items"] if item.get("ingredient") == "flour-all-purpose"]
    assert [(item["quantity"], item["note"].split(";")[0]) for item in flour] == [
        (10, "King Arthur"),  # another product's lot: not counted, kept
        (7.5, "kirkland-flour-all-purpose-25lb: 30% left at 2026-01-21T09:10:12Z"),
    ]
    assert {"ingredient": "chocolate-chips-semi-sweet", "quantity": 36, "unit": "oz", "unit_cost": 0.173472,
            "note": "nestle-toll-house-morsels-72oz: 50% left at 2026-01-21T09:11:00Z"} in stock["items"]  # fmt: skip
    assert outcome["problems"] == []
    assert run(repo, "validate").exit_code == 0
    dry = run(repo, "import", str(DATA / "bt-mobile-inventory.json"), "--from", "bake-tracker", "--dry-run",
              "--detailed-exitcode")  # fmt: skip
    assert dry.exit_code == 0, dry.output


def test_adjustments_are_named_in_the_summary(repo):
    outcome = imported(repo, "bt-mobile-adjustments.json")
    assert outcome["files"] == []
    assert outcome["notes"][0].startswith("skipped: 1 adjustments")
