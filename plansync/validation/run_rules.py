"""What a production run says came out agrees with itself.

`record production` refuses a run whose actual yield is more than the
expected one and writes the loss status the yields give; a run log edited
by hand may break either, and progress, stock and cost would then count
items that never came out of the oven. Each run is checked within its own
file: the rule reads nothing else.
"""

from __future__ import annotations

from typing import Iterator

from plansync.engine.model import exact
from plansync.engine.rounding import text
from plansync.engine.runs import loss_status
from plansync.errors import Problem
from plansync.load.documents import Document
from plansync.plugins.types import RuleContext


def run_yields(context: RuleContext) -> Iterator[Problem]:
    for doc in context.valid("runs"):
        yield from run_yields_in(doc)


def run_yields_in(doc: Document) -> Iterator[Problem]:
    if doc.kind != "runs" or not doc.valid:
        return
    for index, run in enumerate(doc.data.get("production", ())):
        expected, actual = exact(run["expected_yield"]), exact(run["actual_yield"])
        what = f"production run {run['seq']} ({run['finished_unit']})"
        if actual > expected:
            yield doc.problem(
                ("production", index, "actual_yield"),
                "run-yield",
                f"{what}: actual yield {text(actual)} is more than the expected {text(expected)}; "
                "record the extra batches as a run of their own",
            )
            continue
        status = loss_status(expected, actual)
        if run["loss_status"] != status:
            yield doc.problem(
                ("production", index, "loss_status"),
                "run-yield",
                f"{what}: {text(actual)} of {text(expected)} came out, which is {status}, "
                f"not {run['loss_status']}",
            )
