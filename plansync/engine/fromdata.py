"""The domain model built from validated documents' data: one function per
kind (``recipe_from``, ``event_from``...) and :func:`catalog_from` for a
whole catalog. The values themselves are :mod:`plansync.engine.model`'s.
"""

from __future__ import annotations

from typing import Any

from plansync.engine.model import (
    Amount,
    AssemblyRun,
    BatchDecision,
    Catalog,
    Component,
    ComponentKind,
    Density,
    Event,
    exact,
    FinishedGood,
    FinishedUnit,
    Ingredient,
    InventoryItem,
    InventoryKind,
    Material,
    MaterialUnit,
    moment,
    optional_exact,
    optional_moment,
    Package,
    PackageLine,
    PlannedGood,
    PlannedUnit,
    Product,
    ProductKind,
    ProductionRun,
    Purchase,
    Recipe,
    RecipeIngredient,
    Recipient,
    RecipientPackage,
    SubRecipe,
    Supplier,
    YieldOption,
)


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
