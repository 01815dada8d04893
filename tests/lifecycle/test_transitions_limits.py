"""`plansync lock` refuses a plan that `start` could never write.

A baseline holds at most 1,000,000,000 batches of a finished unit (the
snapshot schema). Nested bundles multiply: ten levels of 1000 ask for
10^30 cookies. Once locked the plan cannot change, so lock, the first
step, must refuse what start would refuse.
"""

from __future__ import annotations

import pytest

from tests.conftest import PlanRepoFixture
from tests.helpers import ok, refused
from tests.party import BASELINE, EVENT, PLANNING

pytestmark = pytest.mark.usefixtures("fixed_clock")


def nest(repo: PlanRepoFixture, levels: int, quantity: int, top: int) -> None:
    """Goods level-1 .. level-N, each ``quantity`` of the one below, level-1
    ``quantity`` cookies (24 per batch); the event plans ``top`` of the last."""
    for level in range(1, levels + 1):
        inner = "finished_unit: cookie" if level == 1 else f"finished_good: level-{level - 1}"
        repo.write(
            f"catalog/finished-goods/level-{level}.yaml",
            f"kind: finished_good\nslug: level-{level}\nname: Level {level}\nassembly_type: bundle\n"
            f"components:\n  - {{{inner}, quantity: {quantity}}}\n",
        )
    repo.write(
        EVENT,
        "kind: event\nslug: party\nname: Holiday Party\ndate: 2026-12-20\noutput_mode: bundled\nplan_state: draft\n"
        f"finished_goods:\n  - {{finished_good: level-{levels}, quantity: {top}}}\n",
    )
    repo.commit_all(f"{levels} levels of {quantity}")


def test_ten_levels_of_a_thousand_are_refused_at_lock(party):
    nest(party, 10, 1000, 1)
    assert refused(party, "lock", "party") == (
        "error: cannot lock party: `start` could never write its baseline: the batches of cookie (for level-10 x 1) "
        "must be at most 1000000000, got 41666666666666666666666666667; "
        f"lower the quantities in {EVENT} or in the goods it lists; nothing was written\n"
    )
    assert not (party.root / PLANNING).exists()


@pytest.mark.parametrize(("top", "locks"), [(24, True), (25, False)])
def test_the_limit_is_a_billion_batches_of_one_unit(party, top, locks):
    # 3 levels of 1000: 10^9 cookies each; 24 of them are exactly 10^9 batches of 24.
    nest(party, 3, 1000, top)
    if not locks:
        message = refused(party, "lock", "party")
        assert "the batches of cookie (for level-3 x 25) must be at most 1000000000, got 1041666667" in message
        return
    ok(party, "lock", "party", "--commit")
    ok(party, "start", "party")
    assert "batches: 1000000000" in party.read(BASELINE)


def test_a_bulk_count_unit_is_named_too(party):
    party.write(
        "catalog/finished-units/crumb.yaml",
        "kind: finished_unit\nslug: crumb\nname: Crumb\nrecipe: cookies\n"
        "yield: {mode: discrete_count, unit: crumb, options: [{per_batch: 0.5}]}\n",
    )
    party.write(
        EVENT,
        "kind: event\nslug: party\nname: Holiday Party\ndate: 2026-12-20\noutput_mode: bulk_count\nplan_state: draft\n"
        "finished_units:\n  - {finished_unit: crumb, quantity: 1000000000}\n",
    )
    party.commit_all("crumbs")
    assert "the batches of crumb (for crumb x 1000000000) must be at most 1000000000, got 2000000000" in refused(
        party, "lock", "party"
    )
