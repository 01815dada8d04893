"""`plansync fulfill`: pending -> ready -> delivered, one step at a time."""

from __future__ import annotations

import json

import pytest

from tests.helpers import ok, refused, to_state, valid
from tests.party import EVENT, PARTY_EVENT

pytestmark = pytest.mark.usefixtures("fixed_clock")


def test_forward_one_step_at_a_time(party):
    assert ok(party, "fulfill", "party", "aunt-mary", "ready") == "aunt-mary (tin) in party: pending -> ready\n"
    assert party.read(EVENT) == PARTY_EVENT.replace(
        "{recipient: aunt-mary, package: tin, quantity: 1, status: pending}",
        "{recipient: aunt-mary, package: tin, quantity: 1, status: ready}",
    )
    party.commit_all("ready")
    assert json.loads(ok(party, "fulfill", "party", "aunt-mary", "delivered", "--format", "json")) == {
        "event": "party",
        "recipient": "aunt-mary",
        "package": "tin",
        "previous": "ready",
        "status": "delivered",
        "files": [EVENT],
        "commit": None,
    }
    party.commit_all("delivered")
    assert refused(party, "fulfill", "party", "aunt-mary", "ready") == (
        "error: cannot mark aunt-mary ready in party: it is delivered, which is final\n"
    )
    assert refused(party, "fulfill", "party", "aunt-mary", "delivered") == (
        "error: cannot mark aunt-mary delivered in party: it is delivered, which is final\n"
    )


@pytest.mark.parametrize(
    ("status", "message"),
    [
        ("delivered", "cannot mark uncle-bob delivered in party: it is pending; the next status is ready"),
        ("pending", "cannot mark uncle-bob pending in party: it is pending; the next status is ready"),
    ],
)
def test_skipping_or_going_back_is_refused(party, status, message):
    assert refused(party, "fulfill", "party", "uncle-bob", status) == f"error: {message}\n"


def test_unknown_recipient_and_bad_status(party):
    assert refused(party, "fulfill", "party", "cousin-vinny", "ready") == (
        "error: party has no package for recipient 'cousin-vinny' (recipients: aunt-mary, uncle-bob)\n"
    )
    assert refused(party, "fulfill", "party", "aunt-mary", "shipped", code=2).startswith("Usage:")


def test_several_packages_need_a_choice(party):
    party.write("catalog/packages/box.yaml", "kind: package\nslug: box\nname: Box\ncontents:\n  - {finished_good: brownie-stack, quantity: 1}\n")
    party.write(EVENT, PARTY_EVENT + "  - {recipient: aunt-mary, package: box, quantity: 1, status: pending}\n")
    party.commit_all("a box for Mary")
    assert refused(party, "fulfill", "party", "aunt-mary", "ready") == (
        "error: aunt-mary has 2 packages in party (tin, box); choose one with --package\n"
    )
    assert refused(party, "fulfill", "party", "aunt-mary", "ready", "--package", "crate") == (
        "error: aunt-mary gets no 'crate' in party (packages: tin, box)\n"
    )
    assert ok(party, "fulfill", "party", "aunt-mary", "ready", "--package", "box", "--commit").splitlines()[0] == (
        "aunt-mary (box) in party: pending -> ready"
    )
    assert party.git("log", "-1", "--format=%s").strip() == "fulfill party: aunt-mary box ready"
    assert party.read(EVENT).endswith("  - {recipient: aunt-mary, package: box, quantity: 1, status: ready}\n")
    assert "{recipient: aunt-mary, package: tin, quantity: 1, status: pending}" in party.read(EVENT)


def test_status_is_not_part_of_the_locked_plan(party):
    to_state(party, "in_production")
    ok(party, "fulfill", "party", "uncle-bob", "ready")
    valid(party)
    assert json.loads(ok(party, "progress", "party", "--format", "json"))["packages"] == {"pending": 1, "ready": 1, "delivered": 0}
