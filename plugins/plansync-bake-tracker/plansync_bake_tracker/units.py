"""Unit spellings: bake-tracker's (and bakers') to the ones plansync converts.

plansync converts between cup, tbsp, tsp, fl oz, pt, qt, gal, ml, l (volume)
and oz, lb, g, kg (mass). Every other unit is a count ("each", "clove") that
only adds up with itself, so it is kept as written, lower-cased.
"""

from __future__ import annotations

import re

_SPELLINGS: dict[str, tuple[str, ...]] = {
    "cup": ("cup", "cups", "c"),
    "tbsp": ("tbsp", "tbsps", "tbs", "tbl", "tblsp", "tablespoon", "tablespoons"),
    "tsp": ("tsp", "tsps", "teaspoon", "teaspoons"),
    "fl oz": ("fl oz", "floz", "fl ozs", "fluid oz", "fluid ounce", "fluid ounces", "fl ounce", "fl ounces"),
    "pt": ("pt", "pts", "pint", "pints"),
    "qt": ("qt", "qts", "quart", "quarts"),
    "gal": ("gal", "gals", "gallon", "gallons"),
    "ml": ("ml", "mls", "milliliter", "milliliters", "millilitre", "millilitres"),
    "l": ("l", "liter", "liters", "litre", "litres"),
    "oz": ("oz", "ozs", "ounce", "ounces"),
    "lb": ("lb", "lbs", "pound", "pounds"),
    "g": ("g", "gm", "gms", "gram", "grams", "gramme", "grammes"),
    "kg": ("kg", "kgs", "kilo", "kilos", "kilogram", "kilograms"),
}

_CANONICAL = {spelling: unit for unit, spellings in _SPELLINGS.items() for spelling in spellings}

# Recipe shorthand where case is the only difference: "1 T" is a tablespoon,
# "1 t" a teaspoon. Checked before lower-casing loses it.
_CASE_SENSITIVE = {"T": "tbsp", "Tbsp": "tbsp", "t": "tsp"}


def normalise_unit(unit: str | None) -> str | None:
    """The plansync spelling of ``unit``; ``None`` when there is no unit."""
    if unit is None:
        return None
    written = " ".join(str(unit).split())
    if not written:
        return None
    if written in _CASE_SENSITIVE:
        return _CASE_SENSITIVE[written]
    key = re.sub(r"\s*\.\s*", " ", written.lower()).strip()
    key = re.sub(r"[\s_-]+", " ", key)
    return _CANONICAL.get(key, written.lower())
