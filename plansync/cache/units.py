"""The units section: pint's answers, kept between runs.

Importing pint costs about 0.2 s, more than planning a large event. The
conversion factors are a pure function of plansync's unit definitions, so
the factors pint computed once are kept under the definitions' digest and
seeded into the engine next time: a shopping list in cups and grams then
never imports pint again.
"""

from __future__ import annotations

import atexit
from fractions import Fraction

from plansync.cache import store
from plansync.cache.keys import key
from plansync.engine import units
from plansync.repo.repository import PlanRepo


def attach(repo: PlanRepo) -> None:
    """Seed the engine with kept factors; keep new ones when the process ends."""
    section_key = key("units", units.DEFINITIONS_DIGEST)
    kept: dict[str, str] = {}
    document = store.read(repo.root, "units", section_key)
    factors = document.get("factors") if document else None
    try:
        if isinstance(factors, dict) and all(isinstance(t, str) for t in factors.values()):
            seeded = {unit: Fraction(text) for unit, text in factors.items()}
            if all(factor > 0 for factor in seeded.values()):
                units.seed_factors(seeded)
                kept = factors
    except (ValueError, TypeError, ZeroDivisionError):  # damaged: worth nothing
        kept = {}

    def keep() -> None:
        learned = {unit: str(factor) for unit, factor in units.learned_factors().items()}
        if learned != kept:
            store.write(repo.root, "units", section_key, {"factors": dict(sorted(learned.items()))})

    atexit.register(keep)
