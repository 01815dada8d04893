"""Production run yields (domain.md, Production and assembly runs)."""

from __future__ import annotations

from fractions import Fraction

import pytest

from plansync.engine import production_yield
from plansync.engine.runs import loss_status
from plansync.errors import RefusedError

from .conftest import catalog, decide, event, portion, unit

CAT = catalog(unit("chocolate-chip-cookie", 24, 48, 96), portion("half-cake", 50))
EV = event(units={"chocolate-chip-cookie": 300, "half-cake": 3})  # cookie plan: 48 per batch


def test_expected_uses_the_option_the_plan_chose() -> None:
    run = production_yield(CAT, "chocolate-chip-cookie", 2, EV)
    assert (run.expected_yield, run.actual_yield, run.loss, run.loss_status) == (96, 96, 0, "complete")
    assert run.recipe == "chocolate-chip-cookie-recipe"


def test_an_override_keeps_the_computed_option() -> None:
    ev = event(units={"chocolate-chip-cookie": 300}, decisions=[decide("chocolate-chip-cookie", 9)])
    assert production_yield(CAT, "chocolate-chip-cookie", 2, ev).expected_yield == 96


def test_no_event_uses_the_first_option() -> None:
    assert production_yield(CAT, "chocolate-chip-cookie", 2).expected_yield == 48
    unplanned = event(units={"half-cake": 1})
    assert production_yield(CAT, "chocolate-chip-cookie", 2, unplanned).expected_yield == 48


def test_batch_portion_expects_portions() -> None:
    assert production_yield(CAT, "half-cake", 3, EV).expected_yield == 6


def test_losses() -> None:
    partial = production_yield(CAT, "chocolate-chip-cookie", 2, EV, actual_yield=90)
    assert (partial.loss, partial.loss_status) == (6, "partial_loss")
    total = production_yield(CAT, "chocolate-chip-cookie", 1, EV, actual_yield=0)
    assert (total.loss, total.loss_status) == (48, "total_loss")
    assert loss_status(Fraction(10), Fraction(10)) == "complete"


def test_more_than_expected_is_refused_naming_the_unit() -> None:
    with pytest.raises(RefusedError, match="chocolate-chip-cookie.*97.*expected 96"):
        production_yield(CAT, "chocolate-chip-cookie", 2, EV, actual_yield=97)


@pytest.mark.parametrize("batches", [0, -1])
def test_batches_must_be_positive(batches: int) -> None:
    with pytest.raises(RefusedError, match="chocolate-chip-cookie"):
        production_yield(CAT, "chocolate-chip-cookie", batches, EV)


def test_unknown_unit_is_refused() -> None:
    with pytest.raises(RefusedError, match="'ghost'"):
        production_yield(CAT, "ghost", 1)
