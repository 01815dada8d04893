"""`plansync amend EVENT drop-fg|add-fg|modify-batch` and `plansync amendments`."""

from __future__ import annotations

import json

import pytest

from plansync.formats.canonical import content_sha256
from plansync.formats.yamlread import parse_yaml
from tests.helpers import ok, refused, to_state, valid
from tests.party import EVENT, NOW, PARTY_EVENT

pytestmark = pytest.mark.usefixtures("fixed_clock")

LOG = "events/party/amendments.yaml"


@pytest.fixture
def started(party):
    to_state(party, "in_production")
    return party


def amend(repo, *args: str) -> str:
    return ok(repo, "amend", "party", *args)


def test_drop_fg_removes_the_entry_and_logs_it(started):
    out = amend(started, "drop-fg", "brownie-stack", "--reason", "  nobody asked for them ")
    assert out == "amendment 1 for party: drop_fg brownie-stack (was 4) (nobody asked for them)\n"
    # One line less in the event's file; comments kept.
    expected = PARTY_EVENT.replace("plan_state: draft", "plan_state: in_production").replace(
        "  - {finished_good: brownie-stack, quantity: 4}\n", ""
    )
    assert started.read(EVENT) == expected
    assert started.read(LOG) == (
        "# yaml-language-server: $schema=../../.schemas/amendments.schema.json\n"
        "kind: amendments\n"
        "event: party\n"
        "amendments:\n"
        "  - seq: 1\n"
        "    type: drop_fg\n"
        f"    at: '{NOW}'\n"
        "    reason: nobody asked for them\n"
        "    data:\n"
        "      finished_good: brownie-stack\n"
        "      quantity: 4\n"
    )
    valid(started)


def test_add_fg_appends_and_freezes_definitions_the_snapshot_lacks(started):
    out = amend(started, "add-fg", "lemon-box", "2", "--reason", "lemons are in season")
    assert out == "amendment 1 for party: add_fg lemon-box x2, 4 definitions frozen (lemons are in season)\n"
    event = parse_yaml(started.read(EVENT))
    assert event["finished_goods"][-1] == {"finished_good": "lemon-box", "quantity": 2}
    [entry] = parse_yaml(started.read(LOG))["amendments"]
    definitions = entry["data"].pop("definitions")
    assert entry == {"seq": 1, "type": "add_fg", "at": NOW, "reason": "lemons are in season",
                     "data": {"finished_good": "lemon-box", "quantity": 2}}  # fmt: skip
    # Flour was frozen at lock already; the rest of the lemon box is frozen now.
    assert {kind: list(slugs) for kind, slugs in definitions.items()} == {
        "finished_good": ["lemon-box"],
        "finished_unit": ["lemon-bar"],
        "ingredient": ["lemon"],
        "recipe": ["lemon-bars"],
    }
    box = parse_yaml(started.read("catalog/finished-goods/lemon-box.yaml"))
    assert definitions["finished_good"]["lemon-box"] == {"sha256": content_sha256(box), **box}
    # The plan reads the frozen lemon bars, not the catalog.
    started.write("catalog/finished-units/lemon-bar.yaml", started.read("catalog/finished-units/lemon-bar.yaml").replace("8}", "4}"))
    plan = json.loads(ok(started, "plan", "party", "--format", "json"))
    lemon = next(b for b in plan["batches"] if b["finished_unit"] == "lemon-bar")
    assert (plan["source"], lemon["needed"], lemon["per_batch"], lemon["batches"]) == ("snapshot", 8, 8, 1)
    run = json.loads(ok(started, "record", "production", "party", "lemon-bar", "1", "--format", "json"))
    assert run["snapshot"] == definitions["finished_unit"]["lemon-bar"]["sha256"]
    assert run["expected_yield"] == 8


def test_add_fg_of_a_good_the_snapshot_holds_freezes_nothing(started):
    amend(started, "add-fg", "sampler", "5", "--reason", "for the kids")
    [entry] = parse_yaml(started.read(LOG))["amendments"]
    assert entry["data"] == {"finished_good": "sampler", "quantity": 5}


def test_modify_batch_sets_the_decision(started):
    out = amend(started, "modify-batch", "cookie", "5", "--reason", "spares for the kitchen")
    assert out == "amendment 1 for party: modify_batch cookie 3 -> 5 batches (spares for the kitchen)\n"
    assert parse_yaml(started.read(EVENT))["batch_decisions"] == [{"finished_unit": "cookie", "batches": 5}]
    assert started.read(EVENT).endswith("batch_decisions:\n  - {finished_unit: cookie, batches: 5}\n")
    # A second change of the same unit edits the decision in place.
    out = amend(started, "modify-batch", "cookie", "4", "--reason", "one fewer")
    assert out == "amendment 2 for party: modify_batch cookie 5 -> 4 batches (one fewer)\n"
    assert parse_yaml(started.read(EVENT))["batch_decisions"] == [{"finished_unit": "cookie", "batches": 4}]
    assert [a["data"] for a in parse_yaml(started.read(LOG))["amendments"]] == [
        {"finished_unit": "cookie", "old_batches": 3, "new_batches": 5},
        {"finished_unit": "cookie", "old_batches": 5, "new_batches": 4},
    ]
    valid(started)


def test_modify_batch_below_the_need_accepts_the_shortfall(started):
    out = amend(started, "modify-batch", "brownie", "2", "--reason", "oven broke")
    assert out == "amendment 1 for party: modify_batch brownie 3 -> 2 batches, shortfall accepted (oven broke)\n"
    assert parse_yaml(started.read(EVENT))["batch_decisions"] == [
        {"finished_unit": "brownie", "batches": 2, "accept_shortfall": True}
    ]
    valid(started)
    plan = json.loads(ok(started, "plan", "party", "--format", "json"))
    assert plan["warnings"] == ["batch decision for brownie gives 24, below the need of 36 (12 short; shortfall accepted)"]


def test_comments_survive_every_amendment(started):
    started.write(EVENT, started.read(EVENT).replace("kind: event\n", "kind: event  # do not rename\n"))
    started.commit_all("a note")
    amend(started, "drop-fg", "brownie-stack", "-r", "x")
    amend(started, "add-fg", "lemon-box", "1", "-r", "y")
    amend(started, "modify-batch", "cookie", "4", "-r", "z")
    text = started.read(EVENT)
    for comment in ("# yaml-language-server: $schema=../../.schemas/event.schema.json\n", "# The office holiday party.\n",
                    "kind: event  # do not rename\n", "  - {finished_good: gift-bag, quantity: 9}  # office\n"):  # fmt: skip
        assert comment in text
    assert [a["seq"] for a in parse_yaml(started.read(LOG))["amendments"]] == [1, 2, 3]
    valid(started)


def test_amendments_lists_the_log_oldest_first(started):
    amend(started, "drop-fg", "brownie-stack", "-r", "nobody asked")
    amend(started, "add-fg", "lemon-box", "2", "-r", "lemons")
    amend(started, "modify-batch", "cookie", "5", "-r", "spares")
    assert ok(started, "amendments", "party") == (
        "Amendments of party\n"
        "seq  type          at                    reason        change\n"
        "---  ------------  --------------------  ------------  ----------------------------------\n"
        "1    drop_fg       2026-12-01T10:00:00Z  nobody asked  brownie-stack (was 4)\n"
        "2    add_fg        2026-12-01T10:00:00Z  lemons        lemon-box x2, 4 definitions frozen\n"
        "3    modify_batch  2026-12-01T10:00:00Z  spares        cookie 3 -> 5 batches\n"
        "\n"
    )
    data = json.loads(ok(started, "amendments", "party", "--format", "json"))
    assert data["event"] == "party"
    assert [(a["seq"], a["type"], a["reason"]) for a in data["amendments"]] == [
        (1, "drop_fg", "nobody asked"), (2, "add_fg", "lemons"), (3, "modify_batch", "spares")]  # fmt: skip
    assert data["amendments"][2]["data"] == {"finished_unit": "cookie", "old_batches": 3, "new_batches": 5}
    assert ok(started, "amendments", "party", "--format", "csv").splitlines()[:2] == [
        "seq,type,at,reason,change", "1,drop_fg,2026-12-01T10:00:00Z,nobody asked,brownie-stack (was 4)"]  # fmt: skip
    assert ok(started, "amendments", "party", "--format", "markdown").splitlines()[2] == (
        "| seq | type | at | reason | change |"
    )


def test_amendments_of_an_event_without_any(party):
    assert ok(party, "amendments", "party") == "party has no amendments\n"
    assert json.loads(ok(party, "amendments", "party", "--format", "json")) == {"event": "party", "amendments": []}


REFUSALS = [
    (["drop-fg", "sampler", "-r", "x"],
     "cannot drop sampler from party: it is not listed in its finished_goods (it is inside gift-bag; a nested good "
     "cannot be dropped on its own)"),
    (["drop-fg", "lemon-box", "-r", "x"], "cannot drop lemon-box from party: it is not listed in its finished_goods (it is not in the plan)"),
    (["add-fg", "gift-bag", "3", "-r", "x"], "cannot add gift-bag to party: it is already in the plan (quantity 9)"),
    (["add-fg", "lemon-box", "0", "-r", "x"], "cannot add lemon-box to party: the quantity must be a whole number above 0, not 0"),
    (["add-fg", "lemon-boxx", "1", "-r", "x"], "cannot add lemon-boxx to party: unknown finished good 'lemon-boxx'; did you mean 'lemon-box'?"),
    (["modify-batch", "lemon-bar", "2", "-r", "x"], "cannot modify batches of lemon-bar in party: it is not in the current plan"),
    (["modify-batch", "cookie", "0", "-r", "x"],
     "cannot modify batches of cookie in party: the new batch count must be a whole number above 0, not 0"),
    (["drop-fg", "brownie-stack", "-r", "   "], "an amendment needs a reason: --reason must not be blank"),
    (["drop-fg", "brownie-stack", "-r", ""], "an amendment needs a reason: --reason must not be blank"),
]  # fmt: skip


@pytest.mark.parametrize(("args", "message"), REFUSALS)
def test_refusals(started, args, message):
    assert refused(started, "amend", "party", *args, "--commit") == f"error: {message}\n"
    assert not (started.root / LOG).exists()


def test_a_package_good_is_not_listed(started):
    # Dropped from the list, gift bags still come with the recipients' tins.
    amend(started, "drop-fg", "gift-bag", "-r", "office party cancelled", "--commit")
    assert refused(started, "amend", "party", "drop-fg", "gift-bag", "-r", "again") == (
        "error: cannot drop gift-bag from party: it is not listed in its finished_goods "
        "(it comes with the recipient packages tin)\n"
    )


def test_production_recorded_refuses_drop_and_modify(started):
    ok(started, "record", "production", "party", "brownie", "1", "--commit")
    assert refused(started, "amend", "party", "drop-fg", "brownie-stack", "-r", "x") == (
        "error: cannot drop brownie-stack from party: production was already recorded for recipes that feed it: brownies\n"
    )
    assert refused(started, "amend", "party", "drop-fg", "gift-bag", "-r", "x") == (
        "error: cannot drop gift-bag from party: production was already recorded for recipes that feed it: brownies\n"
    )
    ok(started, "record", "production", "party", "brownie", "1", "--commit")
    assert refused(started, "amend", "party", "modify-batch", "brownie", "5", "-r", "x") == (
        "error: cannot modify batches of brownie in party: production was already recorded for it (production runs 1, 2)\n"
    )
    # A unit nothing was recorded for is still free to change.
    amend(started, "modify-batch", "cookie", "4", "-r", "ok")


def test_a_recipe_recorded_for_another_unit_also_feeds_the_good(party):
    # brownie-stack's brownies share their recipe with a unit the event does
    # not plan; a trial batch of it was recorded for the event before the lock.
    party.write("catalog/finished-units/brownie-bite.yaml", party.read("catalog/finished-units/brownie.yaml")
                .replace("slug: brownie", "slug: brownie-bite").replace("name: Brownie", "name: Brownie Bite"))  # fmt: skip
    party.commit_all("bites")
    ok(party, "record", "production", "party", "brownie-bite", "1", "--commit")
    to_state(party, "in_production")
    assert refused(party, "amend", "party", "drop-fg", "brownie-stack", "-r", "x") == (
        "error: cannot drop brownie-stack from party: production was already recorded for recipes that feed it: brownies\n"
    )


@pytest.mark.parametrize(
    ("state", "next_step"),
    [("draft", "the next step is lock"), ("locked", "the next step is start"), ("completed", "completed is final; there is no next step")],
)
def test_amendments_only_in_production(party, state, next_step):
    to_state(party, state)
    for args in (["drop-fg", "brownie-stack"], ["add-fg", "lemon-box", "1"], ["modify-batch", "cookie", "4"]):
        assert refused(party, "amend", "party", *args, "--reason", "why not") == (
            f"error: cannot amend party: it is {state}; amendments are allowed only in production ({next_step})\n"
        )


@pytest.mark.parametrize(
    "args",
    [
        ["amend", "party", "add-fg", "lemon-box", "two", "-r", "x"],
        ["amend", "party", "modify-batch", "cookie", "1.5", "-r", "x"],
        ["amend", "party", "drop-fg", "brownie-stack"],
        ["amend", "party", "drop-fg"],
        ["amend", "party", "swap-fg", "brownie-stack", "-r", "x"],
    ],
)
def test_malformed_calls_exit_2(started, args):
    result = started.run(*args)
    assert result.exit_code == 2
    assert started.git("status", "--porcelain") == ""


def test_a_reason_of_several_lines_is_kept_whole_and_tables_stay_one_row(started):
    reason = "the oven broke\nmoved to Saturday"
    amend(started, "drop-fg", "brownie-stack", "--reason", reason)
    amend(started, "add-fg", "lemon-box", "2", "--reason", "lemons")
    assert [a["reason"] for a in parse_yaml(started.read(LOG))["amendments"]] == [reason, "lemons"]
    listed = json.loads(ok(started, "amendments", "party", "--format", "json"))
    assert [a["reason"] for a in listed["amendments"]] == [reason, "lemons"]
    valid(started)
    shown = "the oven broke\\nmoved to Saturday"
    table = ok(started, "amendments", "party").splitlines()
    # A title or header, a rule, then one line per amendment: none split in two.
    rows = [line for line in table if "drop_fg" in line or "add_fg" in line]
    assert len(rows) == 2 and shown in rows[0] and "lemons" in rows[1], table
    assert not any(line.strip().startswith("moved to Saturday") for line in table), table
    markdown = ok(started, "amendments", "party", "--format", "markdown").splitlines()
    pipes = [line.count("|") for line in markdown if line.startswith("|")]
    assert len(pipes) == 4 and len(set(pipes)) == 1, markdown
    assert any(shown in line for line in markdown)
    csv = ok(started, "amendments", "party", "--format", "csv").splitlines()
    assert len(csv) == 3 and shown in csv[1]
