"""The domain model: typed, immutable views of validated plan documents.

Documents are validated against their JSON Schema before they get here, so
these constructors trust shapes and only convert: every quantity becomes a
:class:`~fractions.Fraction` (built from the decimal text of the number, so
``2.25`` is exactly 9/4 and ``0.1`` is exactly 1/10) and the planning engine
works in exact arithmetic until it rounds for output.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from datetime import UTC, date, datetime
from fractions import Fraction
from typing import Any, Literal


def exact(value: Any) -> Fraction:
    """A YAML/JSON number as an exact fraction of its decimal text."""
    if isinstance(value, Fraction):
        return value
    if isinstance(value, int):
        return Fraction(value)
    return Fraction(repr(float(value)))


def optional_exact(value: Any) -> Fraction | None:
    return None if value is None else exact(value)


def moment(value: datetime | date | str) -> datetime:
    """A time as an aware UTC datetime, so counts, purchases and runs sort
    on one clock: a date is the start of its day, a naive time is UTC (the
    tool writes ``Z`` times; a hand-written ``2026-12-03`` means that day)."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value.strip())
    elif not isinstance(value, datetime):
        value = datetime(value.year, value.month, value.day)
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def optional_moment(value: Any) -> datetime | None:
    """A time, or None when absent or unreadable: the loader's rules report
    a malformed time; every other command must still load the catalog."""
    if value is None:
        return None
    try:
        return moment(value)
    except (TypeError, ValueError, AttributeError):
        return None


@dataclass(frozen=True, slots=True)
class Amount:
    quantity: Fraction
    unit: str

    @classmethod
    def parse(cls, text: str) -> Amount:
        """``"1 cup"`` or ``"4.4oz"`` -> Amount (the schema checked the shape)."""
        text = text.strip()
        index = 0
        while index < len(text) and (text[index].isdigit() or text[index] == "."):
            index += 1
        return cls(Fraction(text[:index]), text[index:].strip())


@dataclass(frozen=True, slots=True)
class Density:
    """``volume`` of the ingredient weighs ``mass``."""

    volume: Amount
    mass: Amount


@dataclass(frozen=True, slots=True)
class Ingredient:
    slug: str
    name: str
    density: Density | None = None
    category: str | None = None
    aisle: str | None = None


@dataclass(frozen=True, slots=True)
class RecipeIngredient:
    ingredient: str
    quantity: Fraction
    unit: str
    note: str | None = None


@dataclass(frozen=True, slots=True)
class SubRecipe:
    recipe: str
    batches: Fraction


@dataclass(frozen=True, slots=True)
class Recipe:
    slug: str
    name: str
    ingredients: tuple[RecipeIngredient, ...]
    components: tuple[SubRecipe, ...] = ()
    category: str | None = None
    base: str | None = None
    variant: str | None = None


@dataclass(frozen=True, slots=True)
class YieldOption:
    per_batch: Fraction
    batch_multiplier: Fraction = Fraction(1)


YieldMode = Literal["discrete_count", "batch_portion"]


@dataclass(frozen=True, slots=True)
class FinishedUnit:
    slug: str
    name: str
    recipe: str
    mode: YieldMode
    #: discrete_count: the item name ("cookie"); batch_portion: the portion ("half cake").
    unit: str
    options: tuple[YieldOption, ...] = ()
    batch_percentage: Fraction | None = None

    @property
    def portions_per_batch(self) -> Fraction:
        """batch_portion: how many items one batch gives (50 % -> 2)."""
        assert self.batch_percentage is not None
        return Fraction(100) / self.batch_percentage


@dataclass(frozen=True, slots=True)
class MaterialUnit:
    slug: str
    name: str
    material: str
    quantity_per_unit: Fraction
    unit: str


ComponentKind = Literal["finished_unit", "finished_good", "material_unit"]


@dataclass(frozen=True, slots=True)
class Component:
    kind: ComponentKind
    ref: str
    quantity: Fraction


@dataclass(frozen=True, slots=True)
class FinishedGood:
    slug: str
    name: str
    assembly_type: Literal["bare", "bundle"]
    components: tuple[Component, ...]


@dataclass(frozen=True, slots=True)
class Recipient:
    slug: str
    name: str
    household: str | None = None


@dataclass(frozen=True, slots=True)
class PackageLine:
    finished_good: str
    quantity: Fraction


@dataclass(frozen=True, slots=True)
class Package:
    slug: str
    name: str
    contents: tuple[PackageLine, ...]


InventoryKind = Literal["ingredient", "material", "finished_unit", "finished_good", "recipe"]


@dataclass(frozen=True, slots=True)
class InventoryItem:
    """One counted line. A ``recipe`` line is a prepared component (frozen
    dough): ``quantity`` is its batches and ``unit`` is None."""

    kind: InventoryKind
    ref: str
    quantity: Fraction
    unit: str | None = None
    #: Money per ``unit`` of this line; None when not known.
    unit_cost: Fraction | None = None
    #: When the inventory document was counted (its ``as_of``); None means
    #: "stock now", which no purchase or run moves.
    as_of: datetime | None = None


@dataclass(frozen=True, slots=True)
class Material:
    """A packaging supply, counted in ``unit`` (``inch``, ``each``)."""

    slug: str
    name: str
    unit: str
    aisle: str | None = None


ProductKind = Literal["ingredient", "material"]


@dataclass(frozen=True, slots=True)
class Product:
    """A purchasable package of exactly one ingredient or material."""

    slug: str
    name: str
    kind: ProductKind
    ref: str
    #: How much one package holds.
    package: Amount
    brand: str | None = None
    supplier: str | None = None
    #: Money per package; None when not known.
    price: Fraction | None = None
    aisle: str | None = None


@dataclass(frozen=True, slots=True)
class Supplier:
    slug: str
    name: str
    #: The store's aisle order (``produce`` before ``dairy``...).
    aisles: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Purchase:
    """One line of ``purchases.yaml``: ``packages`` of ``product`` bought at ``at``."""

    seq: int
    at: datetime
    product: str
    packages: Fraction
    #: Total paid for the line; None when not recorded.
    price: Fraction | None = None
    #: Where it was bought; None means the product's supplier.
    supplier: str | None = None


@dataclass(frozen=True, slots=True)
class PlannedGood:
    finished_good: str
    quantity: int


@dataclass(frozen=True, slots=True)
class PlannedUnit:
    finished_unit: str
    quantity: int


@dataclass(frozen=True, slots=True)
class BatchDecision:
    finished_unit: str
    batches: int
    accept_shortfall: bool = False


FulfillmentStatus = Literal["pending", "ready", "delivered"]
PlanState = Literal["draft", "locked", "in_production", "completed"]
PLAN_STATES: tuple[PlanState, ...] = ("draft", "locked", "in_production", "completed")


@dataclass(frozen=True, slots=True)
class RecipientPackage:
    recipient: str
    package: str
    quantity: int = 1
    status: FulfillmentStatus = "pending"


@dataclass(frozen=True, slots=True)
class Event:
    slug: str
    name: str
    date: str
    output_mode: Literal["bundled", "bulk_count"] | None
    plan_state: PlanState
    finished_goods: tuple[PlannedGood, ...] = ()
    finished_units: tuple[PlannedUnit, ...] = ()
    batch_decisions: tuple[BatchDecision, ...] = ()
    recipients: tuple[RecipientPackage, ...] = ()
    expected_attendees: int | None = None
    shopping_completed_at: str | None = None


@dataclass(frozen=True, slots=True)
class ProductionRun:
    seq: int
    at: str
    finished_unit: str
    recipe: str
    batches: int
    expected_yield: Fraction
    actual_yield: Fraction
    loss_status: Literal["complete", "partial_loss", "total_loss"]
    snapshot: str
    event: str | None = None


@dataclass(frozen=True, slots=True)
class AssemblyRun:
    seq: int
    at: str
    finished_good: str
    quantity: int
    snapshot: str
    event: str | None = None


@dataclass(frozen=True)
class Catalog:
    """The definitions a computation reads: the live catalog, or a planning
    snapshot's frozen copy once an event is locked."""

    ingredients: dict[str, Ingredient] = field(default_factory=dict)
    recipes: dict[str, Recipe] = field(default_factory=dict)
    finished_units: dict[str, FinishedUnit] = field(default_factory=dict)
    material_units: dict[str, MaterialUnit] = field(default_factory=dict)
    finished_goods: dict[str, FinishedGood] = field(default_factory=dict)
    recipients: dict[str, Recipient] = field(default_factory=dict)
    packages: dict[str, Package] = field(default_factory=dict)
    inventory: tuple[InventoryItem, ...] = ()
    materials: dict[str, Material] = field(default_factory=dict)
    products: dict[str, Product] = field(default_factory=dict)
    suppliers: dict[str, Supplier] = field(default_factory=dict)
    purchases: tuple[Purchase, ...] = ()

    @property
    def as_of(self) -> datetime | None:
        """When the inventory was counted: the latest ``as_of`` of its lines."""
        return max((item.as_of for item in self.inventory if item.as_of is not None), default=None)

    @cached_property
    def inventory_by_item(self) -> dict[tuple[str, str], tuple[InventoryItem, ...]]:
        """(kind, slug) -> its inventory lines, in the inventory's order.

        Grouped once per catalog: a shopping list asks it for every
        ingredient, and a scan of every line per ingredient grew as
        ingredients times inventory lines.
        """
        grouped: dict[tuple[str, str], list[InventoryItem]] = {}
        for item in self.inventory:
            grouped.setdefault((item.kind, item.ref), []).append(item)
        return {key: tuple(found) for key, found in grouped.items()}

    @cached_property
    def purchases_by_product(self) -> dict[str, tuple[Purchase, ...]]:
        """product slug -> its purchase lines, in the purchases' order (the
        price of every product a list or a cost names is looked up here)."""
        grouped: dict[str, list[Purchase]] = {}
        for purchase in self.purchases:
            grouped.setdefault(purchase.product, []).append(purchase)
        return {key: tuple(found) for key, found in grouped.items()}

    @cached_property
    def products_by_item(self) -> dict[tuple[ProductKind, str], tuple[Product, ...]]:
        """(kind, ingredient or material) -> the products that buy it, by slug.

        Grouped once per catalog: shopping, cost and the front page ask it
        for every line, and a scan of all products per line grew as lines
        times products (most of a 5,000-file front page).
        """
        grouped: dict[tuple[ProductKind, str], list[Product]] = {}
        for product in self.products.values():
            grouped.setdefault((product.kind, product.ref), []).append(product)
        return {key: tuple(sorted(found, key=lambda p: p.slug)) for key, found in grouped.items()}
