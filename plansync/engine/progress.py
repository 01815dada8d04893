"""Progress of an event: batches baked and goods assembled against the plan.

Status comes from the runs recorded for the event, never from
``plan_state``: a locked plan with nothing baked is ``not_started`` and a
draft whose targets were all met is ``complete``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

from plansync.engine.model import (
    AssemblyRun,
    Catalog,
    Event,
    FulfillmentStatus,
    ProductionRun,
    RecipientPackage,
)

from .batches import DEFAULT_WASTE_THRESHOLD
from .plan import PlanResult, compute_plan
from .rounding import json_number, json_percent, text

ProgressStatus = Literal["not_started", "in_progress", "complete"]
FULFILLMENT: tuple[FulfillmentStatus, ...] = ("pending", "ready", "delivered")


@dataclass(frozen=True, slots=True)
class Tally:
    """``done`` of ``target``; the percentage is not capped (125 % means a
    batch more than planned) and a zero target has no percentage."""

    slug: str
    target: Fraction
    done: Fraction

    @property
    def pct(self) -> Fraction | None:
        return None if self.target == 0 else 100 * self.done / self.target

    @property
    def remaining(self) -> Fraction:
        return max(Fraction(0), self.target - self.done)

    @property
    def complete(self) -> bool:
        return self.done >= self.target

    def production_json(self) -> dict:
        return {
            "finished_unit": self.slug,
            "target_batches": json_number(self.target),
            "produced_batches": json_number(self.done),
            "pct": json_percent(self.pct),
            "remaining": json_number(self.remaining),
            "complete": self.complete,
        }

    def assembly_json(self) -> dict:
        return {
            "finished_good": self.slug,
            "target": json_number(self.target),
            "assembled": json_number(self.done),
            "pct": json_percent(self.pct),
            "remaining": json_number(self.remaining),
            "complete": self.complete,
        }


@dataclass(frozen=True)
class ProgressResult:
    status: ProgressStatus
    production: tuple[Tally, ...]
    assembly: tuple[Tally, ...]
    #: Recipient-package ENTRIES per fulfillment status (one per recipient
    #: line, whatever its quantity): what a baker ticks off is deliveries.
    packages: dict[str, int]

    def total(self, kind: Literal["production", "assembly"]) -> Tally:
        """All lines of ``kind`` as one: done and target summed."""
        tallies = self.production if kind == "production" else self.assembly
        return Tally(
            kind,
            sum((t.target for t in tallies), Fraction(0)),
            sum((t.done for t in tallies), Fraction(0)),
        )

    def percent(self, kind: Literal["production", "assembly"]) -> Fraction | None:
        """The share of ``kind`` done for the summary, by the same rule as a
        line (domain.md, "Progress": not capped), so ``status`` and
        ``progress`` agree: 6 of 4 batches is 150 % in both. Whether
        everything is done is the status (``in_progress``), not this
        figure. None when there is no target."""
        return self.total(kind).pct

    def to_json(self) -> dict:
        return {
            "status": self.status,
            "production": [t.production_json() for t in self.production],
            "assembly": [t.assembly_json() for t in self.assembly],
            "packages": dict(self.packages),
        }


def _tallies(targets: dict[str, Fraction], done: dict[str, Fraction]) -> tuple[Tally, ...]:
    # Work recorded for something the plan no longer holds (dropped by an
    # amendment, say) is shown with a zero target rather than hidden.
    slugs = sorted(set(targets) | set(done))
    return tuple(Tally(s, targets.get(s, Fraction(0)), done.get(s, Fraction(0))) for s in slugs)


def package_counts(event: Event) -> dict[str, int]:
    counts = dict.fromkeys(FULFILLMENT, 0)
    for entry in event.recipients:
        counts[entry.status] = counts.get(entry.status, 0) + 1
    return counts


def progress_from(
    plan: PlanResult, event: Event, runs: Iterable[ProductionRun], assembly_runs: Iterable[AssemblyRun]
) -> ProgressResult:
    produced: dict[str, Fraction] = {}
    recorded = False
    for run in runs:
        if run.event == event.slug:
            recorded = True
            produced[run.finished_unit] = produced.get(run.finished_unit, Fraction(0)) + run.batches
    assembled: dict[str, Fraction] = {}
    for assembly in assembly_runs:
        if assembly.event == event.slug:
            recorded = True
            assembled[assembly.finished_good] = assembled.get(assembly.finished_good, Fraction(0)) + assembly.quantity
    production = _tallies({line.finished_unit: Fraction(line.batches) for line in plan.batches}, produced)
    assembly = _tallies(dict(plan.goods), assembled)
    status: ProgressStatus
    if not recorded:
        status = "not_started"
    elif all(t.complete for t in (*production, *assembly)):
        status = "complete"
    else:
        status = "in_progress"
    return ProgressResult(status, production, assembly, package_counts(event))


def compute_progress(
    catalog: Catalog,
    event: Event,
    runs: Iterable[ProductionRun] = (),
    assembly_runs: Iterable[AssemblyRun] = (),
    waste_threshold: Fraction | float | str = DEFAULT_WASTE_THRESHOLD,
    *,
    plan: PlanResult | None = None,
) -> ProgressResult:
    """Progress of ``event``; runs of other events or of none are ignored.
    Pass ``plan`` to measure against an amended plan (modify_batch)."""
    if plan is None:
        plan = compute_plan(catalog, event, waste_threshold)
    return progress_from(plan, event, runs, assembly_runs)


@dataclass(frozen=True)
class Unfinished:
    """What an event still lacks when it is closed: finished units with
    fewer batches than planned, finished goods assembled short of their
    target, recipient packages not delivered. ``checked`` is False when the
    batches and goods could not be measured (files the plan reads are
    broken); the packages come from the event's own file."""

    batches: tuple[Tally, ...]
    goods: tuple[Tally, ...]
    packages: tuple[RecipientPackage, ...]
    checked: bool = True

    def __bool__(self) -> bool:
        return bool(self.batches or self.goods or self.packages) or not self.checked

    def to_json(self) -> dict:
        return {
            "batches": [
                {"finished_unit": t.slug, "produced_batches": json_number(t.done), "target_batches": json_number(t.target)}
                for t in self.batches
            ],
            "finished_goods": [
                {"finished_good": t.slug, "assembled": json_number(t.done), "target": json_number(t.target)}
                for t in self.goods
            ],
            "packages": [{"recipient": p.recipient, "package": p.package, "status": p.status} for p in self.packages],
        }

    def message(self, event: str) -> str:
        """One line naming everything left, ``unfinished`` first."""
        parts = []
        if self.batches:
            listed = ", ".join(f"{t.slug} {text(t.done)} of {text(t.target)}" for t in self.batches)
            parts.append(f"batches below target for {_count(len(self.batches), 'finished unit')} ({listed})")
        if self.goods:
            listed = ", ".join(f"{t.slug} {text(t.done)} of {text(t.target)}" for t in self.goods)
            parts.append(f"{_count(len(self.goods), 'finished good')} below target ({listed})")
        if self.packages:
            listed = ", ".join(f"{p.recipient}: {p.package} {p.status}" for p in self.packages)
            parts.append(f"{_count(len(self.packages), 'package')} not delivered ({listed})")
        if not self.checked:
            parts.append("batches and goods not checked (the files its plan reads have errors)")
        return f"unfinished: {event} was completed with " + "; ".join(parts)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def unfinished_work(result: ProgressResult | None, recipients: Iterable[RecipientPackage]) -> Unfinished:
    """What an event lacks by its progress ``result`` (None: not measured)
    and its ``recipients`` lines."""
    packages = tuple(entry for entry in recipients if entry.status != "delivered")
    if result is None:
        return Unfinished((), (), packages, checked=False)

    def short(tallies: tuple[Tally, ...]) -> tuple[Tally, ...]:
        return tuple(t for t in tallies if not t.complete)

    return Unfinished(short(result.production), short(result.assembly), packages)
