"""The planning engine: pure functions over a Catalog and an Event.

No files, no database, no click: callers load the model (live catalog or a
planning snapshot) and hand it in; results are immutable values whose
``to_json()`` gives exactly design.md's keys. Quantities are exact
fractions until ``to_json`` rounds them.

The names below are imported from their modules when first asked for
(PEP 562): a command that needs one rule, or only :mod:`.celltext`, does
not pay for building every result class (about 60 ms at start-up).
``money`` names the module here, not its function of that name: importing
a submodule sets the package's attribute of its name.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

#: Each public name, by the module that owns it.
_OWNERS: dict[str, tuple[str, ...]] = {
    "batches": ("DEFAULT_WASTE_THRESHOLD", "BatchLine", "Shortfall", "choose_option", "decision_shortfall", "plan_batches"),
    "cost": ("CostResult", "compute_cost"),
    "explode": ("Demand", "event_demand", "explode_goods", "goods_demand"),
    "feasibility": ("FeasibilityResult", "GoodFeasibility", "MaterialShortfall", "compute_feasibility"),
    "money": ("json_money", "round_money"),
    "packaging": ("MaterialNeed", "material_needs", "material_pool"),
    "plan": ("MaterialLine", "PlanResult", "compute_plan"),
    "progress": ("ProgressResult", "compute_progress"),
    "purchasing": ("PackagedLine", "PackagedShopping", "choose_product", "shop_in_packages"),
    "runs": ("RunYield", "loss_status", "per_batch", "production_yield"),
    "shopping": ("PreparedUse", "ShoppingItem", "ShoppingResult", "compute_shopping", "prepared_components"),
    "stock": ("StockItem", "StockResult", "compute_stock"),
}
_MODULE_OF = {name: module for module, names in _OWNERS.items() for name in names}

__all__ = sorted(_MODULE_OF)


def __getattr__(name: str) -> Any:
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{module}"), name)
    globals()[name] = value  # asked once: later lookups are plain attribute reads
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


if TYPE_CHECKING:  # what type checkers and editors see: the same names, read eagerly
    from .batches import DEFAULT_WASTE_THRESHOLD, BatchLine, Shortfall, choose_option, decision_shortfall, plan_batches
    from .cost import CostResult, compute_cost
    from .explode import Demand, event_demand, explode_goods, goods_demand
    from .feasibility import FeasibilityResult, GoodFeasibility, MaterialShortfall, compute_feasibility
    from .money import json_money, round_money
    from .packaging import MaterialNeed, material_needs, material_pool
    from .plan import MaterialLine, PlanResult, compute_plan
    from .progress import ProgressResult, compute_progress
    from .purchasing import PackagedLine, PackagedShopping, choose_product, shop_in_packages
    from .runs import RunYield, loss_status, per_batch, production_yield
    from .shopping import PreparedUse, ShoppingItem, ShoppingResult, compute_shopping, prepared_components
    from .stock import StockItem, StockResult, compute_stock
