"""Unit spelling, dimensions and exact conversion (domain.md, Computations 3)."""

from __future__ import annotations

import os
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plansync.engine.units import base_factor, convert, convertible, dimension, likely_meant, normalise

from .conftest import ingredient

VOLUME = ["tsp", "tbsp", "fl oz", "cup", "pt", "qt", "gal", "ml", "l", "stick", "dash", "pinch"]
MASS = ["g", "kg", "oz", "lb"]


@pytest.mark.parametrize(
    ("spelling", "canonical"),
    [
        ("cups", "cup"), (" Cup ", "cup"), ("Tablespoons", "tbsp"), ("tbsp.", "tbsp"), ("TBSP", "tbsp"),
        ("teaspoons", "tsp"), ("fluid ounces", "fl oz"), ("fl. oz", "fl oz"), ("fl oz", "fl oz"),
        ("fl.oz", "fl oz"), ("pounds", "lb"), ("lbs", "lb"), ("grams", "g"), ("kilograms", "kg"),
        ("liters", "l"), ("litres", "l"), ("milliliters", "ml"), ("millilitres", "ml"), ("ounces", "oz"),
        ("pints", "pt"), ("quarts", "qt"), ("gallons", "gal"),
        ("each", "each"), ("Cloves", "clove"), ("slices", "slice"), ("large", "large"), ("", "each"),
        ("large eggs", "large egg"), ("bunches", "bunch"), ("berries", "berry"),
    ],
)  # fmt: skip
def test_normalise_spellings(spelling: str, canonical: str) -> None:
    assert normalise(spelling) == canonical


def test_dimensions() -> None:
    assert {dimension(u) for u in VOLUME} == {"volume"}
    assert {dimension(u) for u in MASS} == {"mass"}
    assert dimension("each") == dimension("clove") == dimension("slice") == "count"
    assert dimension("Fluid Ounces") == "volume"


def test_us_customary_table_is_exact() -> None:
    assert base_factor("cup") == Fraction("236.5882365")
    assert convert(Fraction(1), "tsp", "cup") == Fraction(1, 48)
    assert convert(Fraction(1), "tbsp", "cup") == Fraction(1, 16)
    assert convert(Fraction(3), "tsp", "tbsp") == 1
    assert convert(Fraction(8), "fl oz", "cup") == 1
    assert convert(Fraction(1), "gal", "qt") == 4
    assert convert(Fraction(1), "qt", "pt") == 2
    assert convert(Fraction(1), "pt", "cup") == 2
    assert convert(Fraction(1), "l", "ml") == 1000
    assert convert(Fraction(1), "oz", "g") == Fraction("28.349523125")
    assert convert(Fraction(1), "lb", "oz") == 16
    assert convert(Fraction(1), "kg", "g") == 1000
    assert convert(Fraction(1), "lb", "g") == Fraction("453.59237")


def test_kitchen_measures_are_volumes_through_the_cup_and_teaspoon() -> None:
    assert [normalise(u) for u in ("sticks", "Stick", "pinches", "dashes")] == ["stick", "stick", "pinch", "dash"]
    assert convert(Fraction(1), "stick", "cup") == Fraction(1, 2)
    assert convert(Fraction(1), "stick", "tbsp") == 8
    assert convert(Fraction(1), "dash", "tsp") == Fraction(1, 8)
    assert convert(Fraction(2), "pinches", "dash") == 1
    butter = ingredient("butter", "1 cup = 8 oz")
    assert convert(Fraction(1), "stick", "oz", butter.density) == 4


def test_can_is_a_count() -> None:
    # A can holds what its label says (14 oz of milk, 15 oz of pumpkin): no one size to convert by.
    assert dimension("cans") == "count"
    assert convert(Fraction(2), "can", "cup") is None
    assert convert(Fraction(2), "cans", "can") == 2


@pytest.mark.parametrize(
    ("unit", "meant"),
    [
        ("cupz", "cup"), ("Cupp", "cup"), ("teaspon", "tsp"), ("tsbp", "tsp"), ("gramz", "g"), ("ounze", "oz"),
        ("galon", "gal"), ("stik", "stick"), ("pinchh", "pinch"), ("mililiter", "ml"),
        ("cup", None), ("sticks", None), ("each", None), ("clove", None), ("can", None), ("large egg", None),
        ("inch", None), ("sheet", None), ("stack", None), ("quarters", None), ("", None),
    ],
)  # fmt: skip
def test_likely_meant_finds_misspelt_measures_and_leaves_counts_alone(unit: str, meant: str | None) -> None:
    assert likely_meant(unit) == meant


def test_counts_never_convert() -> None:
    assert convert(Fraction(2), "each", "g") is None
    assert convert(Fraction(2), "cup", "clove") is None
    assert convert(Fraction(2), "clove", "slice") is None
    assert convert(Fraction(2), "cloves", "clove") == 2
    assert not convertible("each", "g")


def test_volume_mass_only_through_density() -> None:
    assert convert(Fraction(1), "cup", "oz") is None
    flour = ingredient("flour", "1 cup = 4.25 oz")
    assert convert(Fraction(2), "cup", "oz", flour.density) == Fraction("8.5")
    assert convert(Fraction(1), "lb", "cup", flour.density) == Fraction(64, 17)
    assert convert(Fraction(16), "tbsp", "g", flour.density) == Fraction("4.25") * Fraction("28.349523125")


def test_pint_is_not_imported_when_units_agree() -> None:
    """plan/shopping with like units must not pay pint's ~0.2 s import."""
    code = (
        "import sys\n"
        "from fractions import Fraction\n"
        "from plansync.engine import compute_plan, compute_shopping\n"
        "from plansync.engine.units import convert\n"
        "from tests.engine.conftest import catalog, event, recipe, stock, unit\n"
        "cat = catalog(unit('cookie', 48, recipe='r'), recipe('r', ('flour', 2, 'cups'), ('egg', 1, 'each')),\n"
        "              inventory=[stock('ingredient', 'flour', 3, 'Cup')])\n"
        "ev = event(units={'cookie': 300})\n"
        "assert compute_shopping(cat, ev, plan=compute_plan(cat, ev)).items[1].buy == 11\n"
        "assert convert(Fraction(2), 'each', 'g') is None\n"
        "assert 'pint' not in sys.modules, 'pint imported'\n"
        "convert(Fraction(1), 'tbsp', 'cup')\n"
        "assert 'pint' in sys.modules\n"
    )
    root = Path(__file__).resolve().parents[2]
    subprocess.run([sys.executable, "-c", code], check=True, cwd=root, env={**os.environ, "PYTHONPATH": str(root)})


positive = st.fractions(min_value=Fraction(1, 1000), max_value=10**6)


@settings(deadline=None)
@given(st.sampled_from(VOLUME), st.sampled_from(VOLUME), positive)
def test_volume_round_trip_is_identity(a: str, b: str, quantity: Fraction) -> None:
    there = convert(quantity, a, b)
    assert there is not None
    back = convert(there, b, a)
    assert back is not None and abs(back - quantity) <= Fraction(1, 10**9)


@settings(deadline=None)
@given(st.sampled_from(MASS), st.sampled_from(MASS), positive)
def test_mass_round_trip_is_identity(a: str, b: str, quantity: Fraction) -> None:
    there = convert(quantity, a, b)
    assert there is not None
    back = convert(there, b, a)
    assert back is not None and abs(back - quantity) <= Fraction(1, 10**9)


@settings(deadline=None)
@given(st.sampled_from(VOLUME), st.sampled_from(MASS), positive)
def test_density_round_trip_is_identity(volume: str, mass: str, quantity: Fraction) -> None:
    density = ingredient("sugar", "1 cup = 7.93 oz").density
    there = convert(quantity, volume, mass, density)
    assert there is not None
    back = convert(there, mass, volume, density)
    assert back is not None and abs(back - quantity) <= Fraction(1, 10**9)
