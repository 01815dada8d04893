"""Stock on hand, derived: the count, moved by purchases and runs since.

Nothing here is typed twice: on hand = counted + bought - used + produced,
where bought and used are the purchases and runs at or after the
inventory's ``as_of``. Without ``as_of`` the inventory is "stock now" and
nothing moves it (the runs are listed, unpriced).

Each item keeps FIFO lots (the counted line at its ``unit_cost``, each
purchase at price / quantity, each run's output at the run's cost / yield),
and a run is priced by taking the oldest lots first. A lot of unknown cost
makes the run's cost unknown, never 0. Using more than is on hand is not
refused: the stock goes negative with a ``negative-stock`` warning ("record
the purchase"), and the next lot to arrive fills that hole first.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from fractions import Fraction
from typing import Literal

from plansync.errors import RefusedError
from plansync.engine.model import AssemblyRun, Catalog, InventoryItem, ProductionRun, moment

from .money import Money, json_money, total
from .packaging import material_share, material_unit_of
from .recipes import ingredient_uses, recipe_batches
from .rounding import json_number, text
from .units import convert, normalise

StockKind = Literal["ingredient", "material", "finished_unit", "finished_good", "recipe"]
KINDS: tuple[StockKind, ...] = ("ingredient", "material", "finished_unit", "finished_good", "recipe")
NEGATIVE_STOCK = "negative-stock"
_ZERO = Fraction(0)

#: The catalog a run was recorded against (its snapshot), or None for the live one.
Definitions = Callable[[ProductionRun | AssemblyRun], Catalog | None]


def iso(at: datetime | None) -> str | None:
    return None if at is None else at.isoformat().replace("+00:00", "Z")


@dataclass(frozen=True, slots=True)
class Lot:
    at: datetime | None
    source: str
    quantity: Fraction
    unit_cost: Money | None
    #: Bought or counted (not made by a run): what an event's actual cost sums.
    external: bool = True

    @property
    def value(self) -> Money | None:
        return None if self.unit_cost is None else self.quantity * self.unit_cost

    def to_json(self) -> dict:
        return {"at": iso(self.at), "source": self.source, "quantity": json_number(self.quantity),
                "unit_cost": json_money(self.unit_cost)}  # fmt: skip


@dataclass(frozen=True)
class StockItem:
    item: str
    kind: StockKind
    unit: str
    counted: Fraction = _ZERO
    bought: Fraction = _ZERO
    used: Fraction = _ZERO
    produced: Fraction = _ZERO
    #: What is left of each lot, oldest first.
    lots: tuple[Lot, ...] = ()

    @property
    def on_hand(self) -> Fraction:
        return self.counted + self.bought - self.used + self.produced

    @property
    def value(self) -> Money | None:
        """What the remaining lots cost; unknown if any of them is."""
        return total(lot.value for lot in self.lots)

    def to_json(self, lots: bool = False) -> dict:
        data = {
            "item": self.item, "kind": self.kind, "unit": self.unit, "counted": json_number(self.counted),
            "bought": json_number(self.bought), "used": json_number(self.used),
            "produced": json_number(self.produced), "on_hand": json_number(self.on_hand),
            "value": json_money(self.value),
        }  # fmt: skip
        if lots:
            data["lots"] = [lot.to_json() for lot in self.lots]
        return data


@dataclass(frozen=True, slots=True)
class RunCost:
    kind: Literal["production", "assembly"]
    seq: int
    event: str | None
    at: datetime
    #: Everything the run consumed, at FIFO cost; None if any part is unknown
    #: or the run was not moved (before ``as_of``, or no ``as_of``).
    cost: Money | None
    #: The part of ``cost`` from bought or counted lots (not from lots other
    #: runs made), so summing an event's runs counts nothing twice.
    external_cost: Money | None
    moved: bool = True


@dataclass(frozen=True)
class StockResult:
    as_of: datetime | None
    items: tuple[StockItem, ...]
    runs: tuple[RunCost, ...] = ()
    warnings: tuple[str, ...] = ()

    def item(self, kind: StockKind, slug: str) -> StockItem | None:
        return next((i for i in self.items if i.kind == kind and i.item == slug), None)

    def actual_cost(self, event: str) -> Money | None:
        """The FIFO cost of ``event``'s runs; unknown if any run's is."""
        return total(run.external_cost for run in self.runs if run.event == event)

    def as_inventory(self) -> tuple[InventoryItem, ...]:
        """Stock as inventory lines (max(0, on hand)), the Have a shopping
        list or feasibility reads instead of the counted lines."""
        return tuple(
            InventoryItem(i.kind, i.item, max(_ZERO, i.on_hand), None if i.kind in ("finished_unit", "finished_good", "recipe") else i.unit)
            for i in self.items
        )

    def to_json(self, lots: bool = False) -> dict:
        return {"as_of": iso(self.as_of), "items": [i.to_json(lots) for i in self.items], "warnings": list(self.warnings)}


@dataclass
class _Ledger:
    unit: str
    counted: Fraction = _ZERO
    bought: Fraction = _ZERO
    used: Fraction = _ZERO
    produced: Fraction = _ZERO
    lots: list[Lot] = field(default_factory=list)
    deficit: Fraction = _ZERO

    def receive(self, lot: Lot) -> None:
        fill = min(self.deficit, lot.quantity)
        self.deficit -= fill
        if lot.quantity > fill:
            self.lots.append(Lot(lot.at, lot.source, lot.quantity - fill, lot.unit_cost, lot.external))

    def take(self, quantity: Fraction) -> tuple[Money | None, Money | None, bool]:
        """(cost, external cost, went negative) of ``quantity``, oldest first."""
        cost: Money | None = _ZERO
        external: Money | None = _ZERO
        while quantity > 0 and self.lots:
            lot = self.lots[0]
            part = min(quantity, lot.quantity)
            price = None if lot.unit_cost is None else part * lot.unit_cost
            cost = None if cost is None or price is None else cost + price
            if lot.external:
                external = None if external is None or price is None else external + price
            quantity -= part
            if part == lot.quantity:
                self.lots.pop(0)
            else:
                self.lots[0] = Lot(lot.at, lot.source, lot.quantity - part, lot.unit_cost, lot.external)
        if quantity > 0:
            self.deficit += quantity
            return None, None, True
        return cost, external, False


class _Books:
    """All ledgers while the history is replayed."""

    def __init__(self, catalog: Catalog, definitions: Definitions | None) -> None:
        self.catalog = catalog
        self.definitions = definitions
        self.ledgers: dict[tuple[StockKind, str], _Ledger] = {}
        self.warnings: list[str] = []

    def ledger(self, kind: StockKind, slug: str, unit: str | None = None) -> _Ledger:
        key = (kind, slug)
        if key not in self.ledgers:
            self.ledgers[key] = _Ledger(self._unit(kind, slug, unit))
        return self.ledgers[key]

    def _unit(self, kind: StockKind, slug: str, hint: str | None) -> str:
        if kind == "material":
            return material_unit_of(self.catalog, slug)
        if kind == "ingredient":
            return normalise(hint)
        return "batch" if kind == "recipe" else "each"

    def amount(self, kind: StockKind, slug: str, quantity: Fraction, unit: str | None, catalog: Catalog) -> Fraction | None:
        """``quantity`` of ``unit`` in the ledger's unit (ingredients through
        the density), or None with a warning when it does not convert."""
        ledger = self.ledger(kind, slug, unit)
        if kind in ("finished_unit", "finished_good", "recipe"):
            return quantity
        found = (catalog.ingredients.get(slug) or self.catalog.ingredients.get(slug)) if kind == "ingredient" else None
        converted = convert(quantity, unit, ledger.unit, found.density if found is not None else None)
        if converted is None:
            self.warnings.append(
                f"unconvertible: {slug}: {text(quantity)} {normalise(unit)} does not convert to {ledger.unit}; not counted"
            )
        return converted

    def on_hand(self, kind: StockKind, slug: str) -> Fraction:
        ledger = self.ledger(kind, slug)
        return ledger.counted + ledger.bought - ledger.used + ledger.produced

    def consume(self, kind: StockKind, slug: str, quantity: Fraction, what: str, at: datetime) -> tuple[Money | None, Money | None]:
        ledger = self.ledger(kind, slug)
        ledger.used += quantity
        cost, external, negative = ledger.take(quantity)
        if negative:
            on_hand = ledger.counted + ledger.bought - ledger.used + ledger.produced
            self.warnings.append(
                f"{NEGATIVE_STOCK}: {slug}: {text(on_hand)} {ledger.unit} on hand after {what} ({iso(at)}); record the purchase"
            )
        return cost, external


def _multiplier(catalog: Catalog, run: ProductionRun) -> Fraction:
    """The option the run baked: the one whose per batch matches its expected
    yield; else the unit's first option (a run records no option)."""
    unit = catalog.finished_units.get(run.finished_unit)
    if unit is None or unit.mode == "batch_portion" or not unit.options:
        return Fraction(1)
    per = run.expected_yield / run.batches if run.batches else None
    match = next((o for o in unit.options if o.per_batch == per), unit.options[0])
    return match.batch_multiplier


def _add_cost(into: list[Money | None], parts: tuple[Money | None, Money | None]) -> None:
    into[0] = None if into[0] is None or parts[0] is None else into[0] + parts[0]
    into[1] = None if into[1] is None or parts[1] is None else into[1] + parts[1]


def _produce(books: _Books, run: ProductionRun, at: datetime) -> tuple[Money | None, Money | None]:
    catalog = (books.definitions(run) if books.definitions else None) or books.catalog
    what = f"production run {run.seq}"
    costs: list[Money | None] = [_ZERO, _ZERO]
    try:
        prepared = {slug: max(_ZERO, books.on_hand("recipe", slug)) for (k, slug) in list(books.ledgers) if k == "recipe"}
        used: dict[str, Fraction] = {}
        batches = recipe_batches(catalog, [(run.recipe, run.batches * _multiplier(catalog, run))], prepared, used)
        uses = ingredient_uses(catalog, batches)
    except RefusedError as exc:
        books.warnings.append(f"unknown-definition: {what}: {exc}; its use is not counted")
        costs = [None, None]
        used, uses = {}, []
    for slug, taken in used.items():
        _add_cost(costs, books.consume("recipe", slug, taken, what, at))
    for use in uses:
        amount = books.amount("ingredient", use.ingredient, use.quantity, use.unit, catalog)
        if amount is None:
            costs = [None, None]
            continue
        _add_cost(costs, books.consume("ingredient", use.ingredient, amount, what, at))
    ledger = books.ledger("finished_unit", run.finished_unit)
    ledger.produced += run.actual_yield
    unit_cost = costs[0] / run.actual_yield if costs[0] is not None and run.actual_yield else None
    ledger.receive(Lot(at, f"production {run.seq}", run.actual_yield, unit_cost, external=False))
    return costs[0], costs[1]


def _assemble(books: _Books, run: AssemblyRun, at: datetime) -> tuple[Money | None, Money | None]:
    catalog = (books.definitions(run) if books.definitions else None) or books.catalog
    what = f"assembly run {run.seq}"
    costs: list[Money | None] = [_ZERO, _ZERO]
    found = catalog.finished_goods.get(run.finished_good)
    if found is None:
        books.warnings.append(f"unknown-definition: {what}: unknown finished good '{run.finished_good}'; its use is not counted")
        costs = [None, None]
    for component in found.components if found is not None else ():
        quantity = component.quantity * run.quantity
        if component.kind == "material_unit":
            try:
                material, _unit, share = material_share(catalog, component.ref)
            except RefusedError as exc:
                books.warnings.append(f"unknown-definition: {what}: {exc}; its use is not counted")
                costs = [None, None]
                continue
            if share is None:
                books.warnings.append(f"unconvertible: {what}: material unit {component.ref} does not convert to {material}'s unit")
                costs = [None, None]
                continue
            _add_cost(costs, books.consume("material", material, share * quantity, what, at))
        else:
            _add_cost(costs, books.consume(component.kind, component.ref, quantity, what, at))
    ledger = books.ledger("finished_good", run.finished_good)
    ledger.produced += run.quantity
    unit_cost = costs[0] / run.quantity if costs[0] is not None and run.quantity else None
    ledger.receive(Lot(at, f"assembly {run.seq}", Fraction(run.quantity), unit_cost, external=False))
    return costs[0], costs[1]


def _count(books: _Books, as_of: datetime | None) -> None:
    for line in books.catalog.inventory:
        ledger = books.ledger(line.kind, line.ref, line.unit)
        amount = books.amount(line.kind, line.ref, line.quantity, line.unit, books.catalog)
        if amount is None:
            continue
        unit_cost = None if line.unit_cost is None or not amount else line.unit_cost * line.quantity / amount
        ledger.counted += amount
        ledger.receive(Lot(as_of, "counted", amount, unit_cost))


def _buy(books: _Books, seq: int, product_slug: str, packages: Fraction, price: Money | None, at: datetime) -> None:
    product = books.catalog.products.get(product_slug)
    if product is None:
        books.warnings.append(f"unknown-product: purchase {seq} names unknown product '{product_slug}'; not counted")
        return
    kind: StockKind = product.kind
    held = packages * product.package.quantity
    amount = books.amount(kind, product.ref, held, product.package.unit, books.catalog)
    if amount is None:
        return
    if price is None and product.price is not None:
        price = product.price * packages  # not recorded: the product's price per package
    ledger = books.ledger(kind, product.ref)
    ledger.bought += amount
    ledger.receive(Lot(at, f"purchase {seq}", amount, price / amount if price is not None and amount else None))


def compute_stock(
    catalog: Catalog,
    runs: Iterable[ProductionRun] = (),
    assembly_runs: Iterable[AssemblyRun] = (),
    *,
    definitions: Definitions | None = None,
) -> StockResult:
    """Stock per item and each run's FIFO cost (see the module docstring).

    ``definitions`` gives the catalog a run used (its snapshot's), so a
    recipe edited since does not rewrite what an old run consumed.
    Purchases and runs at the same moment: purchases first, then
    production, then assembly, each by ``seq``.
    """
    books = _Books(catalog, definitions)
    as_of = catalog.as_of
    _count(books, as_of)
    events: list[tuple[datetime, int, int, object]] = []
    for purchase in catalog.purchases:
        events.append((purchase.at, 0, purchase.seq, purchase))
    for run in runs:
        events.append((moment(run.at), 1, run.seq, run))
    for assembled in assembly_runs:
        events.append((moment(assembled.at), 2, assembled.seq, assembled))
    costs: list[RunCost] = []
    for at, order, seq, entry in sorted(events, key=lambda e: e[:3]):
        moved = as_of is not None and at >= as_of
        if order == 0:
            if moved:
                _buy(books, seq, entry.product, entry.packages, entry.price, at)  # type: ignore[attr-defined]
            continue
        kind: Literal["production", "assembly"] = "production" if order == 1 else "assembly"
        cost: tuple[Money | None, Money | None] = (None, None)
        if moved:
            cost = _produce(books, entry, at) if order == 1 else _assemble(books, entry, at)  # type: ignore[arg-type]
        costs.append(RunCost(kind, seq, entry.event, at, cost[0], cost[1], moved))  # type: ignore[attr-defined]
    items = tuple(
        StockItem(slug, kind, ledger.unit, ledger.counted, ledger.bought, ledger.used, ledger.produced, tuple(ledger.lots))
        for (kind, slug), ledger in sorted(books.ledgers.items(), key=lambda kv: (KINDS.index(kv[0][0]), kv[0][1]))
    )
    return StockResult(as_of, items, tuple(costs), tuple(books.warnings))
