"""Small builders for engine tests: catalogs and events straight from the
typed model, so each test reads like the baker's sentence it checks."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from fractions import Fraction

from plansync.engine.model import Material, Product, Purchase, Supplier, moment

from plansync.engine.model import (
    Amount,
    AssemblyRun,
    BatchDecision,
    Catalog,
    Component,
    Density,
    Event,
    FinishedGood,
    FinishedUnit,
    Ingredient,
    InventoryItem,
    MaterialUnit,
    Package,
    PackageLine,
    PlannedGood,
    PlannedUnit,
    ProductionRun,
    Recipe,
    RecipeIngredient,
    RecipientPackage,
    SubRecipe,
    YieldOption,
    exact,
)

Number = int | float | Fraction | str


def F(value: Number) -> Fraction:
    return Fraction(value) if isinstance(value, str) else exact(value)


def unit(slug: str, *per_batch: Number, recipe: str | None = None, multipliers: Iterable[Number] = ()) -> FinishedUnit:
    """A discrete_count finished unit with one option per ``per_batch``."""
    mults = list(multipliers) or [1] * len(per_batch)
    options = tuple(YieldOption(F(y), F(m)) for y, m in zip(per_batch, mults, strict=True))
    return FinishedUnit(slug, slug.replace("-", " ").title(), recipe or f"{slug}-recipe", "discrete_count", slug, options)


def portion(slug: str, percentage: Number, recipe: str | None = None) -> FinishedUnit:
    return FinishedUnit(
        slug, slug.title(), recipe or f"{slug}-recipe", "batch_portion", "portion", batch_percentage=F(percentage)
    )


def good(
    slug: str,
    units: Mapping[str, Number] = {},  # noqa: B006 - read only
    goods: Mapping[str, Number] = {},  # noqa: B006
    materials: Mapping[str, Number] = {},  # noqa: B006
) -> FinishedGood:
    components = (
        *(Component("finished_unit", ref, F(q)) for ref, q in units.items()),
        *(Component("finished_good", ref, F(q)) for ref, q in goods.items()),
        *(Component("material_unit", ref, F(q)) for ref, q in materials.items()),
    )
    return FinishedGood(slug, slug.title(), "bundle", components)


def recipe(slug: str, *lines: tuple[str, Number, str], subs: Mapping[str, Number] = {}) -> Recipe:  # noqa: B006
    return Recipe(
        slug,
        slug.title(),
        tuple(RecipeIngredient(ing, F(q), u) for ing, q, u in lines),
        tuple(SubRecipe(r, F(b)) for r, b in subs.items()),
    )


def ingredient(slug: str, density: str | None = None) -> Ingredient:
    """``density`` as ``"1 cup = 4.25 oz"``."""
    parsed = None
    if density is not None:
        volume, mass = density.split("=")
        parsed = Density(Amount.parse(volume), Amount.parse(mass))
    return Ingredient(slug, slug.title(), parsed)


def material(slug: str) -> MaterialUnit:
    return MaterialUnit(slug, slug.title(), slug, Fraction(1), "each")


def package(slug: str, goods: Mapping[str, Number]) -> Package:
    return Package(slug, slug.title(), tuple(PackageLine(g, F(q)) for g, q in goods.items()))


def stock(kind: str, ref: str, quantity: Number, unit_name: str | None = None) -> InventoryItem:
    return InventoryItem(kind, ref, F(quantity), unit_name)  # type: ignore[arg-type]


def catalog(
    *entities: object, inventory: Iterable[InventoryItem] = (), purchases: Iterable[Purchase] = ()
) -> Catalog:
    """A catalog of ``entities``; ingredients named by recipes but not given
    are added without density, so a test only spells out what matters."""
    parts: dict[str, dict] = {
        "ingredients": {}, "recipes": {}, "finished_units": {}, "material_units": {},
        "finished_goods": {}, "packages": {}, "materials": {}, "products": {}, "suppliers": {},
    }  # fmt: skip
    kinds = {
        Ingredient: "ingredients", Recipe: "recipes", FinishedUnit: "finished_units",
        MaterialUnit: "material_units", FinishedGood: "finished_goods", Package: "packages",
        Material: "materials", Product: "products", Supplier: "suppliers",
    }  # fmt: skip
    for entity in entities:
        parts[kinds[type(entity)]][entity.slug] = entity  # type: ignore[attr-defined]
    for r in list(parts["recipes"].values()):
        for line in r.ingredients:
            parts["ingredients"].setdefault(line.ingredient, ingredient(line.ingredient))
    for g in parts["finished_goods"].values():
        for c in g.components:
            if c.kind == "material_unit":
                parts["material_units"].setdefault(c.ref, material(c.ref))
    return Catalog(inventory=tuple(inventory), purchases=tuple(purchases), **parts)


def event(
    goods: Mapping[str, int] = {},  # noqa: B006
    units: Mapping[str, int] = {},  # noqa: B006
    decisions: Iterable[BatchDecision] = (),
    recipients: Iterable[RecipientPackage] = (),
    mode: str | None = None,
    slug: str = "ev",
) -> Event:
    if mode is None:
        mode = "bulk_count" if units and not goods else "bundled"
    return Event(
        slug, slug.title(), "2026-12-24", mode, "draft",  # type: ignore[arg-type]
        finished_goods=tuple(PlannedGood(g, q) for g, q in goods.items()),
        finished_units=tuple(PlannedUnit(u, q) for u, q in units.items()),
        batch_decisions=tuple(decisions),
        recipients=tuple(recipients),
    )  # fmt: skip


def decide(finished_unit: str, batches: int, accept_shortfall: bool = False) -> BatchDecision:
    return BatchDecision(finished_unit, batches, accept_shortfall)


def prun(finished_unit: str, batches: int, actual: Number | None = None, event: str | None = "ev") -> ProductionRun:
    actual_yield = F(actual if actual is not None else 0)
    return ProductionRun(0, "2026-12-01T10:00:00Z", finished_unit, f"{finished_unit}-recipe", batches,
                         actual_yield, actual_yield, "complete", "0" * 64, event)  # fmt: skip


def arun(finished_good: str, quantity: int, event: str | None = "ev") -> AssemblyRun:
    return AssemblyRun(0, "2026-12-01T10:00:00Z", finished_good, quantity, "0" * 64, event)


# --- packaging, stock, purchases and costs ------------------------------------


def money(value: Number) -> Fraction:
    return F(value)


def product(
    slug: str, ref: str, quantity: Number, unit_name: str, price: Number | None = None, *,
    kind: str = "ingredient", supplier: str | None = None, aisle: str | None = None,
) -> Product:  # fmt: skip
    """``product("sugar-4lb", "sugar", 4, "lb", 3.50)``: a 4 lb bag at 3.50."""
    return Product(
        slug, slug.title(), kind, ref, Amount(F(quantity), unit_name), None, supplier,  # type: ignore[arg-type]
        None if price is None else F(price), aisle,
    )  # fmt: skip


def supply(slug: str, unit_name: str = "each", aisle: str | None = None) -> Material:
    return Material(slug, slug.title(), unit_name, aisle)


def material_unit(slug: str, material_slug: str, per_unit: Number, unit_name: str) -> MaterialUnit:
    return MaterialUnit(slug, slug.replace("-", " "), material_slug, F(per_unit), unit_name)


def bought(seq: int, at: str, product_slug: str, packages: Number, price: Number | None = None) -> Purchase:
    return Purchase(seq, moment(at), product_slug, F(packages), None if price is None else F(price))


def counted(
    kind: str, ref: str, quantity: Number, unit_name: str | None = None, unit_cost: Number | None = None,
    as_of: str | None = None,
) -> InventoryItem:  # fmt: skip
    return InventoryItem(
        kind, ref, F(quantity), unit_name, None if unit_cost is None else F(unit_cost),  # type: ignore[arg-type]
        None if as_of is None else moment(as_of),
    )  # fmt: skip


def baked(
    seq: int, at: str, finished_unit: str, batches: int, recipe_slug: str, per_batch: Number = 1,
    event: str | None = "ev",
) -> ProductionRun:  # fmt: skip
    expected = F(per_batch) * batches
    return ProductionRun(seq, at, finished_unit, recipe_slug, batches, expected, expected, "complete", "0" * 64, event)


def assembled(seq: int, at: str, finished_good: str, quantity: int, event: str | None = "ev") -> AssemblyRun:
    return AssemblyRun(seq, at, finished_good, quantity, "0" * 64, event)
