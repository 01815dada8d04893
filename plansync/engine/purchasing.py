"""Shopping in packages: which product to buy, how many, and what it costs.

A baker buys bags, not cups: 4 cup of flour is 17 oz, so one 5 lb bag.
The product chosen for an ingredient or material is the cheapest per unit
among its products with a price (the latest purchase's price per package,
else the product's ``price``); ties go to the larger package, then the
slug. With no price anywhere, the first product by slug is named and its
cost is unknown (``null``), never 0. Packages are ``ceil(buy / package)``,
so packages x size always covers the buy.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction
from math import ceil
from typing import Literal

from plansync.engine.model import Catalog, Product, ProductKind

from .money import Money, json_money, total
from .packaging import MaterialNeed
from .rounding import json_number
from .shopping import ShoppingItem, ShoppingResult
from .units import convert

GroupBy = Literal["supplier", "aisle"]


def package_size(catalog: Catalog, product: Product, unit: str) -> Fraction | None:
    """What one package holds in ``unit`` (through the ingredient's density)."""
    density = None
    if product.kind == "ingredient":
        found = catalog.ingredients.get(product.ref)
        density = found.density if found is not None else None
    return convert(product.package.quantity, product.package.unit, unit, density)


def package_price(catalog: Catalog, product: Product) -> Money | None:
    """Price per package: the latest purchase that recorded one, else the
    product's ``price``; None when neither is known."""
    paid = [p for p in catalog.purchases_by_product.get(product.slug, ()) if p.price is not None and p.packages > 0]
    if paid:
        latest = max(paid, key=lambda p: (p.at, p.seq))
        assert latest.price is not None
        return latest.price / latest.packages
    return product.price


def unit_price(catalog: Catalog, product: Product, unit: str) -> Money | None:
    """Price of one ``unit`` bought as ``product``; None if unknown or unconvertible."""
    price, size = package_price(catalog, product), package_size(catalog, product, unit)
    if price is None or not size:
        return None
    return price / size


def products_for(catalog: Catalog, kind: ProductKind, ref: str) -> list[Product]:
    return list(catalog.products_by_item.get((kind, ref), ()))


def choose_product(catalog: Catalog, kind: ProductKind, ref: str, unit: str) -> Product | None:
    """The product to buy ``ref`` as, among those whose package converts to ``unit``."""
    # Each package's size once: converting it is most of the work here.
    sized = [(p, size) for p in products_for(catalog, kind, ref) if (size := package_size(catalog, p, unit))]
    known = [(price / size, -size, p.slug, p) for p, size in sized if (price := package_price(catalog, p)) is not None]
    if known:
        return min(known, key=lambda row: row[:3])[3]
    return sized[0][0] if sized else None


def replacement_price(catalog: Catalog, kind: ProductKind, ref: str, unit: str) -> Money | None:
    """What one ``unit`` of ``ref`` costs at the chosen product's price."""
    chosen = choose_product(catalog, kind, ref, unit)
    return None if chosen is None else unit_price(catalog, chosen, unit)


_NOTHING = Fraction(0)


@dataclass(frozen=True, slots=True)
class PackagedLine:
    """A shopping line with the product, packages and cost to buy it."""

    kind: ProductKind
    item: str
    unit: str
    need: Fraction
    have: Fraction
    product: str | None = None
    packages: int | None = None
    #: packages x price per package; None when there is nothing to buy
    #: (cost 0) is never confused with an unknown price (None with buy > 0).
    cost: Money | None = None
    supplier: str | None = None
    aisle: str | None = None

    # Asked many times per line (status, totals, tables, JSON): one comparison
    # of fractions costs less than a subtraction and a new zero.
    @property
    def buy(self) -> Fraction:
        return self.need - self.have if self.need > self.have else _NOTHING

    @property
    def status(self) -> Literal["buy", "sufficient"]:
        return "buy" if self.need > self.have else "sufficient"

    @property
    def unknown_cost(self) -> bool:
        return self.cost is None and self.need > self.have

    def to_json(self) -> dict:
        return {
            "kind": self.kind,
            self.kind: self.item,
            "unit": self.unit,
            "need": json_number(self.need),
            "have": json_number(self.have),
            "buy": json_number(self.buy),
            "status": self.status,
            "product": self.product,
            "packages": self.packages,
            "cost": json_money(self.cost),
            "supplier": self.supplier,
            "aisle": self.aisle,
        }


def _item_aisle(catalog: Catalog, kind: ProductKind, ref: str) -> str | None:
    found = catalog.ingredients.get(ref) if kind == "ingredient" else catalog.materials.get(ref)
    return getattr(found, "aisle", None)


def packaged_line(catalog: Catalog, kind: ProductKind, item: str, unit: str, need: Fraction, have: Fraction) -> PackagedLine:
    """The line for ``need`` / ``have`` of ``item`` in ``unit``, in packages."""
    buy = max(Fraction(0), need - have)
    chosen = choose_product(catalog, kind, item, unit)
    aisle = _item_aisle(catalog, kind, item)
    if chosen is None:
        return PackagedLine(kind, item, unit, need, have, aisle=aisle)
    size = package_size(catalog, chosen, unit)
    assert size  # choose_product keeps only convertible, non-empty packages
    packages = ceil(buy / size)
    price = package_price(catalog, chosen)
    cost = None if price is None else packages * price
    return PackagedLine(kind, item, unit, need, have, chosen.slug, packages, cost, chosen.supplier, chosen.aisle or aisle)


@dataclass(frozen=True)
class PackagedShopping:
    items: tuple[PackagedLine, ...]
    warnings: tuple[str, ...] = ()

    @property
    def unknown(self) -> tuple[str, ...]:
        """What has something to buy but no known price, by slug."""
        return tuple(sorted({line.item for line in self.items if line.unknown_cost}))

    @property
    def total_cost(self) -> Money | None:
        return total(line.cost if line.need > line.have else _NOTHING for line in self.items)

    def grouped(self, catalog: Catalog, by: GroupBy) -> list[tuple[str | None, str | None, tuple[PackagedLine, ...]]]:
        """(supplier, aisle, lines) groups: by supplier (by slug, none last)
        then aisle in the supplier's ``aisles`` order (others after, by
        name; none last); ``aisle`` groups by aisle alone (supplier None)."""
        groups: dict[tuple[str | None, str | None], list[PackagedLine]] = {}
        for line in self.items:
            key = (line.supplier if by == "supplier" else None, line.aisle)
            groups.setdefault(key, []).append(line)

        def order(key: tuple[str | None, str | None]) -> tuple:
            supplier, aisle = key
            known = catalog.suppliers.get(supplier) if supplier is not None else None
            aisles = known.aisles if known is not None else ()
            return (
                supplier is None, supplier or "",
                aisle is None, aisles.index(aisle) if aisle in aisles else len(aisles), aisle or "",
            )  # fmt: skip

        return [(s, a, tuple(groups[(s, a)])) for s, a in sorted(groups, key=order)]

    def to_json(self) -> dict:
        return {
            "items": [line.to_json() for line in self.items],
            "total_cost": json_money(self.total_cost),
            "warnings": list(self.warnings),
        }


def shop_in_packages(
    catalog: Catalog, shopping: ShoppingResult, materials: Iterable[MaterialNeed] = ()
) -> PackagedShopping:
    """The shopping list (ingredients, then packaging) in packages, with a
    warning per item that has something to buy and no known price."""
    lines = [packaged_line(catalog, "ingredient", i.ingredient, i.unit, i.need, i.have) for i in shopping.items]
    lines += [packaged_line(catalog, "material", m.material, m.unit, m.need, m.have) for m in materials]
    warnings = list(shopping.warnings)
    for line in lines:
        if line.unknown_cost:
            why = "no product" if line.product is None else f"no price for {line.product}"
            warnings.append(f"{line.item}: {why}; the total cost is unknown")
    return PackagedShopping(tuple(lines), tuple(warnings))


def packaged_item(catalog: Catalog, item: ShoppingItem) -> PackagedLine:
    """One ingredient line of a shopping list, in packages."""
    return packaged_line(catalog, "ingredient", item.ingredient, item.unit, item.need, item.have)
