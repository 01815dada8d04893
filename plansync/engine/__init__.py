"""The planning engine: pure functions over a Catalog and an Event.

No files, no database, no click: callers load the model (live catalog or a
planning snapshot) and hand it in; results are immutable values whose
``to_json()`` gives exactly design.md's keys. Quantities are exact
fractions until ``to_json`` rounds them.
"""

from .batches import (
    DEFAULT_WASTE_THRESHOLD,
    BatchLine,
    Shortfall,
    choose_option,
    decision_shortfall,
    plan_batches,
)
from .cost import CostResult, compute_cost
from .explode import Demand, event_demand, explode_goods, goods_demand
from .feasibility import FeasibilityResult, GoodFeasibility, MaterialShortfall, compute_feasibility
from .money import json_money, money, round_money
from .packaging import MaterialNeed, material_needs, material_pool
from .plan import MaterialLine, PlanResult, compute_plan
from .progress import ProgressResult, compute_progress
from .purchasing import PackagedLine, PackagedShopping, choose_product, shop_in_packages
from .runs import RunYield, loss_status, per_batch, production_yield
from .shopping import PreparedUse, ShoppingItem, ShoppingResult, compute_shopping, prepared_components
from .stock import StockItem, StockResult, compute_stock

__all__ = [
    "DEFAULT_WASTE_THRESHOLD",
    "BatchLine",
    "CostResult",
    "Demand",
    "FeasibilityResult",
    "GoodFeasibility",
    "MaterialLine",
    "MaterialNeed",
    "MaterialShortfall",
    "PackagedLine",
    "PackagedShopping",
    "PlanResult",
    "PreparedUse",
    "ProgressResult",
    "RunYield",
    "Shortfall",
    "ShoppingItem",
    "ShoppingResult",
    "StockItem",
    "StockResult",
    "choose_option",
    "choose_product",
    "compute_cost",
    "compute_feasibility",
    "compute_plan",
    "compute_progress",
    "compute_shopping",
    "compute_stock",
    "decision_shortfall",
    "event_demand",
    "explode_goods",
    "goods_demand",
    "json_money",
    "loss_status",
    "material_needs",
    "material_pool",
    "money",
    "per_batch",
    "plan_batches",
    "prepared_components",
    "production_yield",
    "round_money",
    "shop_in_packages",
]
