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
from .explode import Demand, event_demand, explode_goods, goods_demand
from .feasibility import FeasibilityResult, GoodFeasibility, compute_feasibility
from .plan import MaterialLine, PlanResult, compute_plan
from .progress import ProgressResult, compute_progress
from .runs import RunYield, loss_status, per_batch, production_yield
from .shopping import ShoppingItem, ShoppingResult, compute_shopping

__all__ = [
    "DEFAULT_WASTE_THRESHOLD",
    "BatchLine",
    "Demand",
    "FeasibilityResult",
    "GoodFeasibility",
    "MaterialLine",
    "PlanResult",
    "ProgressResult",
    "RunYield",
    "Shortfall",
    "ShoppingItem",
    "ShoppingResult",
    "choose_option",
    "compute_feasibility",
    "compute_plan",
    "compute_progress",
    "compute_shopping",
    "decision_shortfall",
    "event_demand",
    "explode_goods",
    "goods_demand",
    "loss_status",
    "per_batch",
    "plan_batches",
    "production_yield",
]
