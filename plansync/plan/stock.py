"""Stock, packages and money for one repository or event: what the
``stock``, ``shopping``, ``feasibility``, ``cost`` and ``status`` reports
compute, gathered once here so the command line and the web view call the
same functions.

Stock is derived (``engine.stock``): the inventory count, plus purchases
since its ``as_of``, minus what production and assembly runs consumed,
plus what they made. A run of a locked event consumed the definitions its
planning snapshot froze, not today's recipe.
"""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction

from plansync.engine import compute_feasibility, compute_shopping
from plansync.engine.cost import CostResult, compute_cost
from plansync.engine.feasibility import FeasibilityResult
from plansync.engine.model import AssemblyRun, Catalog, ProductionRun
from plansync.engine.packaging import material_needs, material_pool
from plansync.engine.purchasing import PackagedShopping, shop_in_packages
from plansync.engine.stock import StockResult, compute_stock
from plansync.load.workspace import Workspace
from plansync.plan.inputs import PlanningInputs, reads_snapshot, runs_of
from plansync.plan.snapshots import snapshot_catalog
from plansync.plan.states import state_of

def derived_stock(workspace: Workspace, *, leave_out_event: str | None = None) -> StockResult:
    """Stock on hand from the files; ``leave_out_event``: as if that event's
    own runs had not happened (what its whole plan may draw on)."""
    production, assembly = runs_of(workspace)
    if leave_out_event is not None:
        production = tuple(r for r in production if r.event != leave_out_event)
        assembly = tuple(r for r in assembly if r.event != leave_out_event)
    frozen: dict[str, Catalog | None] = {}

    def definitions(run: ProductionRun | AssemblyRun) -> Catalog | None:
        event = run.event
        if event is None:
            return None
        if event not in frozen:
            document = workspace.get("event", event)
            locked = document is not None and reads_snapshot(workspace, event, state_of(document))
            frozen[event] = snapshot_catalog(workspace, event) if locked else None
        return frozen[event]

    return compute_stock(workspace.catalog, production, assembly, definitions=definitions)


def with_stock(catalog: Catalog, stock: StockResult) -> Catalog:
    """``catalog`` with the derived stock as its inventory (the Have of a
    shopping list, the pool of feasibility)."""
    return replace(catalog, inventory=stock.as_inventory())


def shopping_in_packages(workspace: Workspace, inputs: PlanningInputs, *, production_aware: bool = False) -> PackagedShopping:
    """The event's shopping list, ingredients and packaging, in packages.

    Have is the derived stock. A list for the whole plan counts the stock as
    if the event's own runs had not used any of it (they are part of the
    plan); ``production_aware`` lists what the batches still to bake need,
    against the stock as it is now."""
    stock = derived_stock(workspace, leave_out_event=None if production_aware else inputs.event.slug)
    catalog = with_stock(inputs.catalog, stock)
    shopping = compute_shopping(
        catalog,
        inputs.event,
        inputs.waste_threshold,
        plan=inputs.plan,
        production_aware=production_aware,
        runs=inputs.production_runs,
    )
    materials, material_warnings = material_needs(catalog, {m.material_unit: m.quantity for m in inputs.plan.materials})
    packaged = shop_in_packages(catalog, shopping, materials)
    warnings = list(packaged.warnings)
    if not catalog.products:  # a repository without products shops by amount, as it always did
        warnings = [w for w in warnings if not w.endswith("the total cost is unknown")]
    return replace(packaged, warnings=(*_stock_warnings(stock), *material_warnings, *warnings))


def feasibility(workspace: Workspace, inputs: PlanningInputs, *, produced: bool = False) -> FeasibilityResult:
    """Can the event's goods be assembled? Material units draw from the
    packaging on hand: the stock before the event's runs for the plan, the
    stock now (after its assembly runs used some) with ``produced``."""
    stock = derived_stock(workspace, leave_out_event=None if produced else inputs.event.slug)
    return compute_feasibility(
        inputs.catalog,
        inputs.event,
        inputs.waste_threshold,
        plan=inputs.plan,
        produced=produced,
        runs=inputs.production_runs,
        assembly_runs=inputs.assembly_runs,
        material_stock=material_pool(with_stock(inputs.catalog, stock)),
    )


def event_cost(workspace: Workspace, inputs: PlanningInputs) -> CostResult:
    """Planned cost at replacement price, and the actual FIFO cost of the runs."""
    return compute_cost(
        inputs.catalog,
        inputs.event,
        inputs.waste_threshold,
        plan=inputs.plan,
        stock=derived_stock(workspace),
        currency=currency(workspace),
    )


def currency(workspace: Workspace) -> str:
    return workspace.repo.settings.currency


def stock_report(workspace: Workspace, items: tuple[str, ...] = ()) -> StockResult:
    """Derived stock, or only the items named (by slug, of any kind)."""
    stock = derived_stock(workspace)
    if not items:
        return stock
    wanted = set(items)
    return replace(stock, items=tuple(i for i in stock.items if i.item in wanted))


def _stock_warnings(stock: StockResult) -> tuple[str, ...]:
    return tuple(w for w in stock.warnings if w.startswith("negative-stock"))


def left_to_buy(shopping: PackagedShopping) -> tuple[int, Fraction | None]:
    """How many lines have something to buy, and what they cost (None: a price is unknown)."""
    lines = [line for line in shopping.items if line.buy > 0]
    return len(lines), shopping.total_cost
