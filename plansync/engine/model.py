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


# --- from documents -------------------------------------------------------


def _opt(data: dict, key: str) -> Any:
    return data.get(key)


def ingredient_from(data: dict) -> Ingredient:
    density = None
    if "density" in data:
        density = Density(Amount.parse(data["density"]["volume"]), Amount.parse(data["density"]["mass"]))
    return Ingredient(data["slug"], data["name"], density, _opt(data, "category"), _opt(data, "aisle"))


def recipe_from(data: dict) -> Recipe:
    return Recipe(
        slug=data["slug"],
        name=data["name"],
        ingredients=tuple(
            RecipeIngredient(i["ingredient"], exact(i["quantity"]), i["unit"], i.get("note"))
            for i in data.get("ingredients", ())
        ),
        components=tuple(SubRecipe(c["recipe"], exact(c["batches"])) for c in data.get("components", ())),
        category=_opt(data, "category"),
        base=_opt(data, "base"),
        variant=_opt(data, "variant"),
    )


def finished_unit_from(data: dict) -> FinishedUnit:
    spec = data["yield"]
    if spec["mode"] == "batch_portion":
        return FinishedUnit(
            data["slug"], data["name"], data["recipe"], "batch_portion", spec["portion"],
            batch_percentage=exact(spec["batch_percentage"]),
        )  # fmt: skip
    options = tuple(
        YieldOption(exact(o["per_batch"]), exact(o.get("batch_multiplier", 1))) for o in spec["options"]
    )
    return FinishedUnit(data["slug"], data["name"], data["recipe"], "discrete_count", spec["unit"], options)


def material_unit_from(data: dict) -> MaterialUnit:
    return MaterialUnit(
        data["slug"], data["name"], data["material"], exact(data["quantity_per_unit"]), data["unit"]
    )


_COMPONENT_KINDS: tuple[ComponentKind, ...] = ("finished_unit", "finished_good", "material_unit")


def component_from(data: dict) -> Component:
    kind = next(k for k in _COMPONENT_KINDS if k in data)
    return Component(kind, data[kind], exact(data["quantity"]))


def finished_good_from(data: dict) -> FinishedGood:
    return FinishedGood(
        data["slug"], data["name"], data["assembly_type"],
        tuple(component_from(c) for c in data["components"]),
    )  # fmt: skip


def recipient_from(data: dict) -> Recipient:
    return Recipient(data["slug"], data["name"], _opt(data, "household"))


def package_from(data: dict) -> Package:
    return Package(
        data["slug"], data["name"],
        tuple(PackageLine(c["finished_good"], exact(c["quantity"])) for c in data["contents"]),
    )  # fmt: skip


_INVENTORY_KINDS: tuple[InventoryKind, ...] = ("ingredient", "material", "finished_unit", "finished_good", "recipe")


def inventory_items_from(data: dict) -> tuple[InventoryItem, ...]:
    as_of = optional_moment(data.get("as_of"))
    items = []
    for item in data.get("items", ()):
        kind = next(k for k in _INVENTORY_KINDS if k in item)
        quantity = item["batches"] if kind == "recipe" else item["quantity"]
        items.append(
            InventoryItem(kind, item[kind], exact(quantity), item.get("unit"), optional_exact(item.get("unit_cost")), as_of)
        )
    return tuple(items)


def material_from(data: dict) -> Material:
    return Material(data["slug"], data["name"], data["unit"], _opt(data, "aisle"))


def product_from(data: dict) -> Product:
    kind: ProductKind = "ingredient" if "ingredient" in data else "material"
    package = Amount(exact(data["package"]["quantity"]), data["package"]["unit"])
    return Product(
        data["slug"], data["name"], kind, data[kind], package, _opt(data, "brand"), _opt(data, "supplier"),
        optional_exact(data.get("price")), _opt(data, "aisle"),
    )  # fmt: skip


def supplier_from(data: dict) -> Supplier:
    return Supplier(data["slug"], data["name"], tuple(data.get("aisles") or ()))


def purchases_from(data: dict) -> tuple[Purchase, ...]:
    return tuple(
        Purchase(p["seq"], moment(p["at"]), p["product"], exact(p["packages"]), optional_exact(p.get("price")), p.get("supplier"))
        for p in data.get("purchases", ())
    )


def event_from(data: dict) -> Event:
    return Event(
        slug=data["slug"],
        name=data["name"],
        date=str(data["date"]),
        output_mode=_opt(data, "output_mode"),
        plan_state=data.get("plan_state", "draft"),
        finished_goods=tuple(PlannedGood(g["finished_good"], g["quantity"]) for g in data.get("finished_goods", ())),
        finished_units=tuple(PlannedUnit(u["finished_unit"], u["quantity"]) for u in data.get("finished_units", ())),
        batch_decisions=tuple(
            BatchDecision(d["finished_unit"], d["batches"], bool(d.get("accept_shortfall", False)))
            for d in data.get("batch_decisions", ())
        ),
        recipients=tuple(
            RecipientPackage(r["recipient"], r["package"], r.get("quantity", 1), r.get("status", "pending"))
            for r in data.get("recipients", ())
        ),
        expected_attendees=_opt(data, "expected_attendees"),
        shopping_completed_at=_opt(data, "shopping_completed_at"),
    )


def production_runs_from(data: dict) -> tuple[ProductionRun, ...]:
    event = data.get("event")
    return tuple(
        ProductionRun(
            r["seq"], str(r["at"]), r["finished_unit"], r["recipe"], r["batches"],
            exact(r["expected_yield"]), exact(r["actual_yield"]), r["loss_status"], r["snapshot"], event,
        )  # fmt: skip
        for r in data.get("production", ())
    )


def assembly_runs_from(data: dict) -> tuple[AssemblyRun, ...]:
    event = data.get("event")
    return tuple(
        AssemblyRun(r["seq"], str(r["at"]), r["finished_good"], r["quantity"], r["snapshot"], event)
        for r in data.get("assembly", ())
    )


#: kind -> (Catalog attribute, constructor) for the sluggable catalog kinds.
CATALOG_KINDS: dict[str, tuple[str, Any]] = {
    "ingredient": ("ingredients", ingredient_from),
    "recipe": ("recipes", recipe_from),
    "finished_unit": ("finished_units", finished_unit_from),
    "material_unit": ("material_units", material_unit_from),
    "finished_good": ("finished_goods", finished_good_from),
    "recipient": ("recipients", recipient_from),
    "package": ("packages", package_from),
    "material": ("materials", material_from),
    "product": ("products", product_from),
    "supplier": ("suppliers", supplier_from),
}


def catalog_from(
    entities: dict[str, dict[str, dict]],
    inventory_docs: list[dict] = (),  # type: ignore[assignment]
    purchase_docs: list[dict] = (),  # type: ignore[assignment]
) -> Catalog:
    """Build a Catalog from ``{kind: {slug: data}}``, inventory documents
    and purchase logs."""
    parts: dict[str, Any] = {}
    for kind, (attribute, build) in CATALOG_KINDS.items():
        parts[attribute] = {slug: build(data) for slug, data in entities.get(kind, {}).items()}
    items: list[InventoryItem] = []
    for doc in inventory_docs:
        items.extend(inventory_items_from(doc))
    purchases: list[Purchase] = []
    for doc in purchase_docs:
        purchases.extend(purchases_from(doc))
    return Catalog(inventory=tuple(items), purchases=tuple(purchases), **parts)
