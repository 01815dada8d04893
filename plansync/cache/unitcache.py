"""pint's answers, kept between runs (``.plansync/units.json``).

Importing pint costs about 0.2 s, more than planning a large event. The
conversion factors are a pure function of plansync's unit definitions, so
the factors pint computed once are kept under the definitions' digest and
seeded into the engine next time: a shopping list in cups and grams then
never imports pint again. A missing or damaged file only costs time.
"""

from __future__ import annotations

import atexit
import json
from fractions import Fraction

from plansync.engine import units
from plansync.repo.repository import PlanRepo

CACHE_FILE = "units.json"


def attach(repo: PlanRepo) -> None:
    """Seed the engine with kept factors; keep new ones when the process ends."""
    path = repo.state_dir / CACHE_FILE
    kept: dict[str, str] = {}
    try:
        stored = json.loads(path.read_bytes())
        if isinstance(stored, dict) and stored.get("definitions") == units.DEFINITIONS_DIGEST:
            factors = stored.get("factors")
            if isinstance(factors, dict) and all(isinstance(t, str) for t in factors.values()):
                seeded = {unit: Fraction(text) for unit, text in factors.items()}
                if all(factor > 0 for factor in seeded.values()):
                    units.seed_factors(seeded)
                    kept = factors
    except (OSError, ValueError, TypeError, ZeroDivisionError):  # damaged: only costs time
        kept = {}

    def keep() -> None:
        learned = {unit: str(factor) for unit, factor in units.learned_factors().items()}
        if learned == kept:
            return
        try:
            from plansync.store.atomic import write_atomic

            if not repo.state_dir.is_dir():
                return
            write_atomic(path, json.dumps({"definitions": units.DEFINITIONS_DIGEST, "factors": learned}, sort_keys=True))
        except Exception:  # a read-only checkout still works, only slower
            pass

    atexit.register(keep)
