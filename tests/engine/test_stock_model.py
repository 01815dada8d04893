"""The stock entities built from plain documents."""

from __future__ import annotations

from datetime import UTC, date, datetime
from fractions import Fraction

from plansync.engine.fromdata import catalog_from, inventory_items_from, purchases_from
from plansync.engine.model import Amount, moment


def test_products_suppliers_materials_and_purchases_from_documents() -> None:
    cat = catalog_from(
        {
            "ingredient": {"flour": {"slug": "flour", "name": "Flour", "aisle": "baking"}},
            "material": {"red-satin-ribbon": {"slug": "red-satin-ribbon", "name": "Red satin ribbon", "unit": "inch"}},
            "product": {"flour-5lb": {"slug": "flour-5lb", "name": "Flour 5 lb", "ingredient": "flour",
                                      "package": {"quantity": 5, "unit": "lb"}, "price": 4.99, "supplier": "costco"},
                        "spool": {"slug": "spool", "name": "Spool", "material": "red-satin-ribbon",
                                  "package": {"quantity": 1800, "unit": "inch"}}},
            "supplier": {"costco": {"slug": "costco", "name": "Costco", "aisles": ["produce", "baking"]}},
        },  # fmt: skip
        [{"kind": "inventory", "as_of": date(2026, 12, 1),
          "items": [{"ingredient": "flour", "quantity": 10, "unit": "cup", "unit_cost": 0.25},
                    {"recipe": "cookie-dough-base", "batches": 1}]}],
        [{"kind": "purchases", "purchases": [{"seq": 1, "at": "2026-12-03T10:00:00Z", "product": "flour-5lb",
                                               "packages": 2, "price": 9.98, "supplier": "costco"}]}],
    )  # fmt: skip
    flour = cat.products["flour-5lb"]
    assert (flour.kind, flour.ref, flour.package, flour.price) == ("ingredient", "flour", Amount(Fraction(5), "lb"), Fraction("4.99"))
    assert (cat.products["spool"].kind, cat.products["spool"].price) == ("material", None)
    assert cat.suppliers["costco"].aisles == ("produce", "baking")
    assert cat.materials["red-satin-ribbon"].unit == "inch" and cat.ingredients["flour"].aisle == "baking"
    line, dough = cat.inventory
    assert (line.unit_cost, line.as_of) == (Fraction(1, 4), datetime(2026, 12, 1, tzinfo=UTC))
    assert (dough.kind, dough.ref, dough.quantity, dough.unit) == ("recipe", "cookie-dough-base", 1, None)
    assert cat.as_of == datetime(2026, 12, 1, tzinfo=UTC)
    [bought] = cat.purchases
    assert (bought.at, bought.packages, bought.price) == (datetime(2026, 12, 3, 10, tzinfo=UTC), 2, Fraction("9.98"))


def test_old_documents_keep_their_meaning() -> None:
    [line] = inventory_items_from({"items": [{"ingredient": "flour", "quantity": 10, "unit": "cup"}]})
    assert (line.unit_cost, line.as_of) == (None, None)
    assert catalog_from({}).purchases == () and catalog_from({}).as_of is None
    assert purchases_from({}) == ()


def test_times_share_one_clock() -> None:
    assert moment("2026-12-03") == moment(date(2026, 12, 3)) == moment(datetime(2026, 12, 3))
    assert moment("2026-12-03T11:00:00+01:00") == moment("2026-12-03T10:00:00Z")
    [line] = inventory_items_from({"as_of": "not a time", "items": [{"material": "bags", "quantity": 3}]})
    assert line.as_of is None
