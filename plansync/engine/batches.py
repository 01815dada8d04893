"""Batches per finished unit: the yield-option choice and batch decisions.

The rule the whole tool exists for: never short. 300 cookies at 48 per
batch is 7 batches (336), not "about 6". Only a baker's batch decision
marked ``accept_shortfall`` may plan fewer items than needed, and even then
the plan says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from math import ceil
from typing import Literal

from plansync.engine.model import BatchDecision, FinishedUnit, YieldOption
from plansync.errors import RefusedError

from .rounding import json_number, json_percent, text
from .wording import counted

#: design.md: ``waste_threshold`` in plansync.yaml, 0.15 unless configured.
DEFAULT_WASTE_THRESHOLD = Fraction(15, 100)

DecisionKind = Literal["computed", "override"]


def whole_need(need: Fraction | int) -> int:
    """Items to make: a fractional need (2.5 cookies) rounds up, here only."""
    return max(0, ceil(Fraction(need)))


def waste_pct(extra: Fraction, needed: int) -> Fraction | None:
    """100 x extra / need; None for a zero need (nothing to waste against)."""
    return None if needed == 0 else 100 * extra / needed


@dataclass(frozen=True, slots=True)
class OptionOutcome:
    """What one yield option would give for a need."""

    index: int
    option: YieldOption
    batches: int
    total: Fraction
    extra: Fraction
    acceptable: bool


def evaluate(needed: int, option: YieldOption, index: int, threshold: Fraction) -> OptionOutcome:
    batches = ceil(Fraction(needed) / option.per_batch)
    total = batches * option.per_batch
    extra = total - needed
    return OptionOutcome(index, option, batches, total, extra, extra <= threshold * needed)


def choose_option(
    needed: int, options: tuple[YieldOption, ...], threshold: Fraction
) -> tuple[OptionOutcome, list[OptionOutcome]]:
    """(chosen outcome, all outcomes in option order).

    Among acceptable options the fewest batches win (ties: less extra);
    with none acceptable, the least extra wins (ties: fewer batches). The
    option's position breaks any remaining tie, so the choice is stable.
    """
    outcomes = [evaluate(needed, option, i, threshold) for i, option in enumerate(options)]
    acceptable = [o for o in outcomes if o.acceptable]
    if acceptable:
        chosen = min(acceptable, key=lambda o: (o.batches, o.extra, o.index))
    else:
        chosen = min(outcomes, key=lambda o: (o.extra, o.batches, o.index))
    return chosen, outcomes


@dataclass(frozen=True, slots=True)
class BatchLine:
    """One finished unit's batches. ``per_batch`` is items per batch (for
    batch_portion: portions per batch, 100 / percentage)."""

    finished_unit: str
    recipe: str
    needed: int
    per_batch: Fraction
    batch_multiplier: Fraction
    batches: int
    decision: DecisionKind
    accept_shortfall: bool = False

    @property
    def total_yield(self) -> Fraction:
        return self.batches * self.per_batch

    @property
    def extra(self) -> Fraction:
        """Signed: negative only for an override below the need."""
        return self.total_yield - self.needed

    @property
    def waste_pct(self) -> Fraction | None:
        return waste_pct(self.extra, self.needed)

    @property
    def short(self) -> Fraction:
        return max(Fraction(0), self.needed - self.total_yield)

    @property
    def recipe_batches(self) -> Fraction:
        """Batches of the recipe itself (a 2x option is two recipes' worth)."""
        return self.batches * self.batch_multiplier

    def to_json(self) -> dict:
        return {
            "finished_unit": self.finished_unit,
            "recipe": self.recipe,
            "needed": self.needed,
            "per_batch": json_number(self.per_batch),
            "batch_multiplier": json_number(self.batch_multiplier),
            "batches": self.batches,
            "total_yield": json_number(self.total_yield),
            "extra": json_number(self.extra),
            "waste_pct": json_percent(self.waste_pct),
            "decision": self.decision,
        }


@dataclass(frozen=True, slots=True)
class Shortfall:
    """A batch decision that makes fewer items than the need."""

    finished_unit: str
    batches: int
    gives: Fraction
    needed: int
    accepted: bool

    @property
    def short(self) -> Fraction:
        return self.needed - self.gives

    def message(self) -> str:
        head = (
            f"batch decision for {self.finished_unit} gives {text(self.gives)}, "
            f"below the need of {self.needed}"
        )
        if self.accepted:
            return f"{head} ({text(self.short)} short; shortfall accepted)"
        return f"{head}; add accept_shortfall: true"


def _discrete_choice(unit: FinishedUnit, needed: int, threshold: Fraction) -> tuple[OptionOutcome, str | None]:
    if not unit.options:
        raise RefusedError(f"finished unit '{unit.slug}' has no yield options")
    chosen, _ = choose_option(needed, unit.options, threshold)
    if chosen.acceptable:
        return chosen, None
    pct = waste_pct(chosen.extra, needed)
    warning = (
        f"{unit.slug}: no yield option stays within the {text(threshold * 100, 2)} % waste threshold; "
        f"using {text(chosen.option.per_batch)} per batch: {counted(chosen.batches, 'batch')} make{'s' if chosen.batches == 1 else ''} {text(chosen.total)} "
        f"for a need of {needed} ({text(chosen.extra)} extra, {text(pct or 0, 2)} %)"
    )
    return chosen, warning


def plan_batches(
    unit: FinishedUnit,
    need: Fraction | int,
    threshold: Fraction = DEFAULT_WASTE_THRESHOLD,
    decision: BatchDecision | None = None,
) -> tuple[BatchLine, list[str]]:
    """The batch line for ``need`` items of ``unit`` and any warnings.

    A decision replaces only the batch count: the option (per batch and
    multiplier) stays the one the computation would choose, so overriding
    7 batches of 48 with 8 means 8 batches of 48.
    """
    needed = whole_need(need)
    warnings: list[str] = []
    if unit.mode == "batch_portion":
        if unit.batch_percentage is None or unit.batch_percentage <= 0:
            raise RefusedError(f"finished unit '{unit.slug}' has no batch_percentage")
        per_batch, multiplier = unit.portions_per_batch, Fraction(1)
        batches = ceil(needed * unit.batch_percentage / 100)
    else:
        chosen, warning = _discrete_choice(unit, needed, threshold)
        per_batch, multiplier, batches = chosen.option.per_batch, chosen.option.batch_multiplier, chosen.batches
        if warning and decision is None:
            warnings.append(warning)
    if decision is None:
        return BatchLine(unit.slug, unit.recipe, needed, per_batch, multiplier, batches, "computed"), warnings
    line = BatchLine(
        unit.slug, unit.recipe, needed, per_batch, multiplier, decision.batches, "override",
        accept_shortfall=decision.accept_shortfall,
    )  # fmt: skip
    shortfall = line_shortfall(line)
    if shortfall is not None:
        warnings.append(shortfall.message())
    return line, warnings


def line_shortfall(line: BatchLine) -> Shortfall | None:
    """The shortfall of an override line, or None when it covers the need."""
    if line.decision != "override" or line.total_yield >= line.needed:
        return None
    return Shortfall(line.finished_unit, line.batches, line.total_yield, line.needed, line.accept_shortfall)


def decision_shortfall(
    unit: FinishedUnit,
    need: Fraction | int,
    decision: BatchDecision,
    threshold: Fraction = DEFAULT_WASTE_THRESHOLD,
) -> Shortfall | None:
    """For a validation rule: does ``decision`` give fewer items than ``need``?

    ``Shortfall.message()`` is the rule's text ("... add accept_shortfall:
    true"); a rule should report it only when ``accepted`` is false.
    """
    line, _ = plan_batches(unit, need, threshold, decision)
    return line_shortfall(line)
