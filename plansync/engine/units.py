"""Units of measure: spelling, dimension and exact conversion.

Only domain.md's US customary and metric units convert, and three kitchen
measures defined through them: a stick (of butter) is 1/2 cup (8 tbsp), a
dash 1/8 tsp, a pinch 1/16 tsp. Every other unit ("each", "clove", "large
egg", "can") is a count that never converts. A count spelled like a
misspelt measure (``cupz``) is what :func:`likely_meant` finds, for
``validate`` to warn about before a shopping list splits over it. Conversion
factors come from a tiny pint registry built from our own definitions, with
``non_int_type=Fraction`` so every factor is exact (1 tsp is exactly 1/48
cup, never 0.0208333...). pint is imported only when two different units
really must be converted: importing it costs ~0.2 s, and a plan whose units
all agree never pays that.
"""

from __future__ import annotations

import difflib
import hashlib
from fractions import Fraction
from functools import cache
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from plansync.engine.model import Density

Dimension = Literal["volume", "mass", "count"]

#: Canonical spelling -> (dimension, pint name). Canonical spellings are what
#: the shopping list prints; pint names cannot hold a space ("fl oz").
_UNITS: dict[str, tuple[Dimension, str]] = {
    "ml": ("volume", "milliliter"),
    "l": ("volume", "liter"),
    "tsp": ("volume", "teaspoon"),
    "tbsp": ("volume", "tablespoon"),
    "fl oz": ("volume", "fluid_ounce"),
    "cup": ("volume", "cup"),
    "pt": ("volume", "pint"),
    "qt": ("volume", "quart"),
    "gal": ("volume", "gallon"),
    "stick": ("volume", "stick"),
    "dash": ("volume", "dash"),
    "pinch": ("volume", "pinch"),
    "g": ("mass", "gram"),
    "kg": ("mass", "kilogram"),
    "oz": ("mass", "ounce"),
    "lb": ("mass", "pound"),
}

# Exactly domain.md's table; pint's own default registry would bring
# imperial/legal cup and fluid-ounce variants we must not use.
_DEFINITIONS = (
    "milliliter = [volume]",
    "liter = 1000 * milliliter",
    "cup = 236.5882365 * milliliter",
    "tablespoon = cup / 16",
    "teaspoon = tablespoon / 3",
    "fluid_ounce = cup / 8",
    "pint = 2 * cup",
    "quart = 4 * cup",
    "gallon = 16 * cup",
    "stick = cup / 2",
    "dash = teaspoon / 8",
    "pinch = teaspoon / 16",
    "gram = [mass]",
    "kilogram = 1000 * gram",
    "ounce = 28.349523125 * gram",
    "pound = 16 * ounce",
)

_SPELLINGS: dict[str, tuple[str, ...]] = {
    "ml": ("ml", "mls", "milliliter", "milliliters", "millilitre", "millilitres"),
    "l": ("l", "ls", "liter", "liters", "litre", "litres", "ltr", "ltrs"),
    "tsp": ("tsp", "tsps", "teaspoon", "teaspoons", "tspn"),
    "tbsp": ("tbsp", "tbsps", "tbs", "tbl", "tbls", "tablespoon", "tablespoons", "tblsp"),
    "fl oz": ("fl oz", "floz", "fl ozs", "fluid ounce", "fluid ounces", "fl ounce", "fl ounces", "fluid oz"),
    "cup": ("cup", "cups"),
    "pt": ("pt", "pts", "pint", "pints"),
    "qt": ("qt", "qts", "quart", "quarts"),
    "gal": ("gal", "gals", "gallon", "gallons"),
    "stick": ("stick", "sticks"),
    "dash": ("dash", "dashes"),
    "pinch": ("pinch", "pinches"),
    "g": ("g", "gs", "gm", "gms", "gram", "grams", "gramme", "grammes"),
    "kg": ("kg", "kgs", "kilogram", "kilograms", "kilogramme", "kilogrammes", "kilo", "kilos"),
    "oz": ("oz", "ozs", "ounce", "ounces"),
    "lb": ("lb", "lbs", "pound", "pounds"),
}
_ALIASES: dict[str, str] = {alias: canon for canon, aliases in _SPELLINGS.items() for alias in aliases}

#: What a missing unit means: an inventory line "24 cookies" has none.
COUNT_DEFAULT = "each"


def _clean(unit: str | None) -> str:
    # "Fl. Oz", " tbsp. ", "fluid_ounces" all reduce to single-spaced words.
    text = (unit or "").strip().lower().replace(".", " ").replace("_", " ").replace("-", " ")
    return " ".join(text.split())


def _singular(word: str) -> str:
    # Counts merge "clove" with "cloves"; a crude English singular is enough
    # because both spellings only need to land on the same key.
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "sses", "xes", "zes", "oes")):
        return word[:-2]
    if len(word) > 2 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


@cache
def normalise(unit: str | None) -> str:
    """The canonical spelling: ``"Tablespoons"`` -> ``"tbsp"``, ``"fl. oz"`` ->
    ``"fl oz"``, ``"Cloves"`` -> ``"clove"``; empty -> ``"each"``."""
    text = _clean(unit)
    if not text:
        return COUNT_DEFAULT
    if text in _ALIASES:
        return _ALIASES[text]
    words = text.split(" ")
    words[-1] = _singular(words[-1])
    return " ".join(words)


#: Spellings a typo is compared with: one- and two-letter ones ("l", "oz")
#: are a letter away from too many honest count words.
_NEAR_MISS_SPELLINGS = tuple(alias for alias in _ALIASES if len(alias) >= 3)

#: Honest counts a letter or two from a measure ("stack" of pancakes, not "stick").
_COUNTS_NEAR_MEASURES = frozenset({"quarter", "stack"})


@cache
def likely_meant(unit: str | None) -> str | None:
    """The measure unit a count spelling is probably a typo of (``"cupz"``
    -> ``"cup"``, ``"teaspon"`` -> ``"tsp"``), or None: for a measure unit,
    and for an ordinary count (``"clove"``, ``"can"``, ``"large egg"``).

    A typo keeps its first letter: ``"inch"`` is one letter from
    ``"pinch"``, and is a count of its own.
    """
    canon = normalise(unit)
    if canon in _UNITS or canon in _COUNTS_NEAR_MEASURES:
        return None
    text = _clean(unit)
    close = difflib.get_close_matches(text, _NEAR_MISS_SPELLINGS, n=3, cutoff=0.8)
    same_start = [alias for alias in close if alias[:1] == text[:1]]
    return _ALIASES[same_start[0]] if same_start else None


def dimension(unit: str | None) -> Dimension:
    canon = normalise(unit)
    return _UNITS[canon][0] if canon in _UNITS else "count"


@cache
def _registry() -> Any:
    import pint  # deferred: see the module docstring

    registry = pint.UnitRegistry(None, non_int_type=Fraction)
    for definition in _DEFINITIONS:
        registry.define(definition)
    return registry


def _as_exact(number: Any) -> Fraction:
    if isinstance(number, Fraction):
        return number
    if isinstance(number, int):
        return Fraction(number)
    # A float factor (another pint setup) is read by its decimal text, which
    # is what the definition said, not its binary approximation.
    return Fraction(repr(float(number)))


#: Factors pint gave (or a cache of its earlier answers seeded), per canonical unit.
_FACTORS: dict[str, Fraction] = {}

#: Identifies the unit definitions: a cache of factors is only valid for these.
DEFINITIONS_DIGEST = hashlib.sha256("\n".join(_DEFINITIONS).encode()).hexdigest()[:16]


def base_factor(unit: str) -> Fraction:
    """How many ml (volume) or g (mass) one ``unit`` is; memoised per unit."""
    canon = normalise(unit)
    if canon not in _UNITS:
        raise ValueError(f"{unit!r} is a count unit and has no conversion factor")
    if canon not in _FACTORS:
        factor, _base = _registry().get_base_units(_UNITS[canon][1])
        _FACTORS[canon] = _as_exact(factor)
    return _FACTORS[canon]


def seed_factors(factors: dict[str, Fraction]) -> None:
    """Take factors pint gave in an earlier run (for :data:`DEFINITIONS_DIGEST`),
    so this run need not import pint at all."""
    for unit, factor in factors.items():
        if unit in _UNITS:
            _FACTORS.setdefault(unit, Fraction(factor))


def learned_factors() -> dict[str, Fraction]:
    """Every factor known now (to keep for a later run)."""
    return dict(_FACTORS)


def _within(quantity: Fraction, source: str, target: str) -> Fraction:
    if source == target:
        return quantity
    return quantity * base_factor(source) / base_factor(target)


def _density_units(density: Density | None) -> tuple[str, str] | None:
    """(volume unit, mass unit) of a usable density, else None."""
    if density is None or density.volume.quantity <= 0 or density.mass.quantity <= 0:
        return None
    volume, mass = normalise(density.volume.unit), normalise(density.mass.unit)
    if dimension(volume) != "volume" or dimension(mass) != "mass":
        return None
    return volume, mass


def convertible(from_unit: str | None, to_unit: str | None, density: Density | None = None) -> bool:
    """Whether :func:`convert` would give a number (never imports pint)."""
    source, target = normalise(from_unit), normalise(to_unit)
    if source == target:
        return True
    kinds = {dimension(source), dimension(target)}
    if "count" in kinds:
        return False
    return len(kinds) == 1 or _density_units(density) is not None


def convert(
    quantity: Fraction, from_unit: str | None, to_unit: str | None, density: Density | None = None
) -> Fraction | None:
    """``quantity`` of ``from_unit`` expressed in ``to_unit``, exactly.

    None when impossible: a count to or from anything else, or volume <->
    mass without a usable density of the ingredient.
    """
    source, target = normalise(from_unit), normalise(to_unit)
    if source == target:
        return Fraction(quantity)
    if not convertible(source, target, density):
        return None
    if dimension(source) == dimension(target):
        return _within(Fraction(quantity), source, target)
    units = _density_units(density)
    assert units is not None and density is not None  # convertible() checked it
    volume_unit, mass_unit = units
    if dimension(source) == "volume":
        volumes = _within(Fraction(quantity), source, volume_unit) / density.volume.quantity
        return _within(volumes * density.mass.quantity, mass_unit, target)
    masses = _within(Fraction(quantity), source, mass_unit) / density.mass.quantity
    return _within(masses * density.volume.quantity, volume_unit, target)
