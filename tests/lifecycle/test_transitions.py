"""`plansync lock`, `start`, `complete`: the state machine, its snapshots and refusals.

The ``party`` repository is small enough that every snapshot can be checked
value by value; tests against the example repository check the same things
at scale. Every refusal must leave ``git status --porcelain`` empty.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest

from plansync.formats.canonical import content_sha256
from plansync.formats.yamlread import parse_yaml
from tests.conftest import PROJECT, PlanRepoFixture
from tests.helpers import last_commit, ok, refused, to_state, valid
from tests.party import BASELINE, EVENT, NOW, PARTY_EVENT, PARTY_FILES, PLANNING

pytestmark = pytest.mark.usefixtures("fixed_clock")


def data_of(repo: PlanRepoFixture, path: str) -> dict:
    return parse_yaml(repo.read(path))


def entity(repo: PlanRepoFixture, path: str) -> dict:
    return parse_yaml(repo.read(path))


# --- lock ----------------------------------------------------------------------


def test_lock_writes_the_planning_snapshot_then_the_state(party):
    out = ok(party, "lock", "party")
    snapshot = data_of(party, PLANNING)
    digest = snapshot["content_sha256"]
    assert out == f"party: draft -> locked (planning snapshot {PLANNING}, {digest[:8]}, 14 definitions)\n"
    assert party.read(PLANNING).startswith("# yaml-language-server: $schema=../../../.schemas/snapshot.schema.json\n")
    assert list(snapshot)[:5] == ["kind", "snapshot_type", "event", "created_at", "content_sha256"]
    assert (snapshot["kind"], snapshot["snapshot_type"], snapshot["event"], snapshot["created_at"]) == (
        "snapshot", "planning", "party", NOW)  # fmt: skip
    assert digest == content_sha256({"definitions": snapshot["definitions"], "plan": snapshot["plan"]})
    # Everything the plan reaches, by kind then slug; nothing it does not
    # (lemon-*, a recipe's `base` note), each the entity plus its own hash.
    assert {kind: list(slugs) for kind, slugs in snapshot["definitions"].items()} == {
        "finished_good": ["brownie-stack", "gift-bag", "sampler"],
        "finished_unit": ["brownie", "cookie"],
        "ingredient": ["flour", "sugar"],
        "material_unit": ["ribbon"],
        "package": ["tin"],
        "recipe": ["brownies", "cookies", "icing"],
        "recipient": ["aunt-mary", "uncle-bob"],
    }
    flour = entity(party, "catalog/ingredients/flour.yaml")
    assert snapshot["definitions"]["ingredient"]["flour"] == {"sha256": content_sha256(flour), **flour}
    assert flour["density"] == {"volume": "1 cup", "mass": "4.25 oz"}
    for kind, slugs in snapshot["definitions"].items():
        for slug, entry in slugs.items():
            assert entry["sha256"] == content_sha256({k: v for k, v in entry.items() if k != "sha256"}), (kind, slug)
    assert snapshot["plan"] == {
        "output_mode": "bundled",
        "finished_goods": [{"finished_good": "gift-bag", "quantity": 9}, {"finished_good": "brownie-stack", "quantity": 4}],
        "finished_units": [],
        "batch_decisions": [],
        "recipients": [
            {"recipient": "aunt-mary", "package": "tin", "quantity": 1},
            {"recipient": "uncle-bob", "package": "tin", "quantity": 2},
        ],
    }
    # The event's file changes by one line; its comments stay.
    assert party.read(EVENT) == PARTY_EVENT.replace("plan_state: draft", "plan_state: locked")
    valid(party)


def test_lock_json_output(party):
    data = json.loads(ok(party, "lock", "party", "--format", "json"))
    digest = data_of(party, PLANNING)["content_sha256"]
    assert data == {
        "event": "party",
        "previous": "draft",
        "state": "locked",
        "snapshot": PLANNING,
        "content_sha256": digest,
        "definitions": 14,
        "files": [PLANNING, EVENT],
        "commit": None,
    }


def test_the_same_plan_locks_to_byte_identical_snapshots(party, tmp_path):
    ok(party, "lock", "party")
    first = party.read(PLANNING)
    party.git("checkout", "-q", "--", EVENT)
    (party.root / PLANNING).unlink()
    ok(party, "lock", "party")
    assert party.read(PLANNING) == first


def test_locked_plan_reads_the_snapshot_and_ignores_catalog_edits(party):
    before = json.loads(ok(party, "plan", "party", "--format", "json"))
    assert (before["state"], before["source"]) == ("draft", "catalog")
    shopping_before = ok(party, "shopping", "party", "--format", "json")
    ok(party, "lock", "party", "--commit")
    locked = json.loads(ok(party, "plan", "party", "--format", "json"))
    assert (locked["state"], locked["source"]) == ("locked", "snapshot")
    assert locked["batches"] == before["batches"]
    # Edit a recipe and a yield after lock: the plan and the shopping list stay.
    party.write("catalog/recipes/cookies.yaml", party.read("catalog/recipes/cookies.yaml").replace("2.25", "3"))
    party.write("catalog/finished-units/cookie.yaml", party.read("catalog/finished-units/cookie.yaml").replace("24", "36"))
    assert json.loads(ok(party, "plan", "party", "--format", "json")) == locked
    assert ok(party, "shopping", "party", "--format", "json") == shopping_before
    assert "from the snapshot" in ok(party, "plan", "party")
    # Another (draft) event reads the live catalog.
    party.write("events/fair/event.yaml", "kind: event\nslug: fair\nname: Fair\ndate: 2026-10-01\noutput_mode: bulk_count\n"
                "finished_units:\n  - {finished_unit: cookie, quantity: 72}\n")  # fmt: skip
    fair = json.loads(ok(party, "plan", "fair", "--format", "json"))
    assert (fair["source"], fair["batches"][0]["per_batch"], fair["batches"][0]["batches"]) == ("catalog", 36, 2)


def test_a_definition_removed_from_the_catalog_after_lock_still_plans_from_the_snapshot(party):
    ok(party, "lock", "party", "--commit")
    locked = ok(party, "plan", "party", "--format", "json")
    shopping = ok(party, "shopping", "party", "--format", "json")
    # The baker retires the brownie stack and breaks another catalog file the
    # event reached through the catalog: neither concerns the locked plan.
    (party.root / "catalog/finished-goods/brownie-stack.yaml").unlink()
    party.write("catalog/finished-goods/sampler.yaml", party.read("catalog/finished-goods/sampler.yaml") + "  - {finished_unit: scone, quantity: 1}\n")
    result = party.run("validate")
    assert result.exit_code == 1
    assert result.stdout == (
        "catalog/finished-goods/sampler.yaml:7:21: error: finished unit 'scone' does not exist [unknown-reference]\n"
        f"{EVENT}:11:21: warning: finished good 'brownie-stack' is no longer in the catalog; "
        "the locked plan reads it from its planning snapshot [only-in-snapshot]\n"
        "19 files checked: 1 error(s), 1 warning(s)\n"
    )
    assert ok(party, "plan", "party", "--format", "json") == locked
    assert ok(party, "shopping", "party", "--format", "json") == shopping
    for command in ("feasibility", "progress", "status", "stale"):
        ok(party, command, "party")
    ok(party, "start", "party", "--commit")
    ok(party, "record", "production", "party", "brownie", "1")
    # The index cannot hold an event naming a good no file declares: the
    # event (and what names it) stays out, with warnings, and sync does not fail.
    synced = party.run("sync")
    assert synced.exit_code == 1
    assert f"{EVENT}:11:21: warning: finished good 'brownie-stack' is no longer in the catalog" in synced.output
    assert "events/party/runs.yaml:3:8: warning: left out of the index: event 'party' is not indexed" in synced.output
    assert party.run("query", "select slug from events", "--format", "json").stdout.count("party") == 0
    # A draft event naming the removed good is planned from the catalog: an error.
    party.write("events/fair/event.yaml", "kind: event\nslug: fair\nname: Fair\ndate: 2026-10-01\noutput_mode: bundled\n"
                "finished_goods:\n  - {finished_good: brownie-stack, quantity: 2}\n")  # fmt: skip
    assert "events/fair/event.yaml:7:21: error: finished good 'brownie-stack' does not exist" in party.run("validate").stdout
    assert party.run("plan", "fair").exit_code == 1


def test_plan_at_a_revision_before_the_lock_reads_the_catalog(party):
    ok(party, "lock", "party", "--commit")
    party.write("catalog/finished-units/cookie.yaml", party.read("catalog/finished-units/cookie.yaml").replace("24", "36"))
    party.commit_all("bigger cookie batches")
    now = json.loads(ok(party, "plan", "party", "--format", "json"))
    before_lock = json.loads(ok(party, "plan", "party", "--format", "json", "--at", "HEAD~2"))
    at_lock = json.loads(ok(party, "plan", "party", "--format", "json", "--at", "HEAD~1"))
    assert (before_lock["state"], before_lock["source"]) == ("draft", "catalog")
    assert (at_lock["state"], at_lock["source"]) == ("locked", "snapshot")
    assert now == at_lock
    assert before_lock["batches"] == now["batches"]  # the same plan: the lock froze it


# --- refusals ------------------------------------------------------------------

STATE_REFUSALS = [
    ("draft", "start", "cannot start party: it is draft; the next step is lock"),
    ("draft", "complete", "cannot complete party: it is draft; the next step is lock"),
    ("locked", "lock", "cannot lock party: it is locked; the next step is start"),
    ("locked", "complete", "cannot complete party: it is locked; the next step is start"),
    ("in_production", "lock", "cannot lock party: it is in_production; the next step is complete"),
    ("in_production", "start", "cannot start party: it is in_production; the next step is complete"),
    ("completed", "lock", "cannot lock party: it is completed; completed is final; there is no next step"),
    ("completed", "start", "cannot start party: it is completed; completed is final; there is no next step"),
    ("completed", "complete", "cannot complete party: it is completed; completed is final; there is no next step"),
]


@pytest.mark.parametrize(("state", "command", "message"), STATE_REFUSALS)
def test_transitions_go_forward_one_step_at_a_time(party, state, command, message):
    to_state(party, state)
    assert refused(party, command, "party", "--commit") == f"error: {message}\n"


def test_unknown_event(party):
    assert refused(party, "lock", "xmas") == "error: unknown event 'xmas' (events: party)\n"


def test_lock_refuses_an_event_without_output_mode(party):
    party.write(EVENT, "kind: event\nslug: party\nname: Holiday Party\ndate: 2026-12-20\n")
    party.commit_all("no output mode yet")
    assert refused(party, "lock", "party") == (
        f"error: cannot lock party: it has no output_mode; set output_mode: bundled or bulk_count in {EVENT}\n"
    )


def test_lock_refuses_errors_in_the_files_the_plan_reads(party):
    party.write("catalog/finished-units/brownie.yaml", party.read("catalog/finished-units/brownie.yaml").replace("brownies", "browniez"))
    party.commit_all("typo")
    assert refused(party, "lock", "party") == (
        "error: cannot lock party: catalog/finished-units/brownie.yaml:4:9: error: recipe 'browniez' does not exist "
        "[unknown-reference]\n"
    )


def test_lock_refuses_a_batch_decision_below_the_need(party):
    party.write(EVENT, PARTY_EVENT + "batch_decisions:\n  - {finished_unit: cookie, batches: 2}\n")
    party.commit_all("two batches")
    assert refused(party, "lock", "party") == (
        "error: cannot lock party: batch decision for cookie gives 48, below the need of 72; add accept_shortfall: true\n"
    )
    party.write(EVENT, PARTY_EVENT + "batch_decisions:\n  - {finished_unit: cookie, batches: 2, accept_shortfall: true}\n")
    ok(party, "lock", "party")


def test_refusals_with_commit_when_the_files_carry_edits(party):
    party.write(EVENT, PARTY_EVENT + "# a note\n")
    result = party.run("lock", "party", "--commit")
    assert result.exit_code == 1
    assert result.stderr == (
        f"error: refusing to commit: {EVENT} has uncommitted edits; commit or stash them first (nothing was changed)\n"
    )
    assert not (party.root / PLANNING).exists()
    assert party.git("status", "--porcelain") == f" M {EVENT}\n"


# --- start -----------------------------------------------------------------------


def test_start_writes_the_baseline_then_the_state(party):
    ok(party, "lock", "party", "--commit")
    planning = data_of(party, PLANNING)["content_sha256"]
    out = ok(party, "start", "party")
    baseline = data_of(party, BASELINE)
    assert out == f"party: locked -> in_production (baseline {BASELINE}, {baseline['content_sha256'][:8]})\n"
    assert (baseline["kind"], baseline["snapshot_type"], baseline["event"], baseline["created_at"]) == (
        "snapshot", "baseline", "party", NOW)  # fmt: skip
    assert "definitions" not in baseline
    assert baseline["content_sha256"] == content_sha256({"plan": baseline["plan"]})
    assert baseline["plan"] == {
        "planning_snapshot": planning,
        "output_mode": "bundled",
        "finished_goods": [{"finished_good": "gift-bag", "quantity": 9}, {"finished_good": "brownie-stack", "quantity": 4}],
        "finished_units": [],
        "batch_decisions": [],
        "batches": [
            # 12 bags (9 + 3 in tins) x 2 + 4 stacks x 3 = 36 brownies; 12 x (4 + 2) = 72 cookies
            {"finished_unit": "brownie", "recipe": "brownies", "per_batch": 12, "batch_multiplier": 1, "batches": 3,
             "total_yield": 36, "decision": "computed"},
            {"finished_unit": "cookie", "recipe": "cookies", "per_batch": 24, "batch_multiplier": 1, "batches": 3,
             "total_yield": 72, "decision": "computed"},
        ],
    }  # fmt: skip
    assert party.read(EVENT) == PARTY_EVENT.replace("plan_state: draft", "plan_state: in_production")
    valid(party)


def test_a_second_start_is_refused_and_changes_nothing(party):
    to_state(party, "in_production")
    baseline = party.read(BASELINE)
    assert refused(party, "start", "party") == "error: cannot start party: it is in_production; the next step is complete\n"
    assert party.read(BASELINE) == baseline


def test_start_refuses_when_a_baseline_already_exists(party):
    to_state(party, "in_production")
    party.write(EVENT, party.read(EVENT).replace("in_production", "locked"))
    party.commit_all("moved back by hand")
    assert refused(party, "start", "party") == (
        f"error: cannot start party: {BASELINE} already exists; starting twice creates no second baseline\n"
    )


def _run_with_file_size_limit(repo, limit: int, *args: str) -> subprocess.CompletedProcess:
    """A real failed write: plansync in a process that may not write past ``limit`` bytes."""
    script = textwrap.dedent(
        f"""
        import resource, signal, sys
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, ({limit}, {limit}))
        from plansync.cli.main import cli
        cli(["--repo", sys.argv[1], *sys.argv[2:]], prog_name="plansync")
        """
    )
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "PYTHONPATH": str(PROJECT)}
    env.pop("PLANSYNC_DEBUG", None)
    return subprocess.run([sys.executable, "-c", script, str(repo.root), *args], capture_output=True, text=True, env=env)


def test_lock_whose_state_write_fails_leaves_no_snapshot(party):
    """The snapshot fits under RLIMIT_FSIZE, the (padded) event file does not."""
    padding = "".join(f"# note {i:05d}: {'x' * 90}\n" for i in range(120))
    party.write(EVENT, PARTY_EVENT + padding)
    party.commit_all("long notes")
    done = _run_with_file_size_limit(party, 8000, "lock", "party", "--commit")
    assert done.returncode == 1, done.stderr
    assert done.stderr == "error: could not write event.yaml: the disk is full; the file is unchanged\n"
    assert not (party.root / PLANNING).exists()
    assert party.git("status", "--porcelain") == ""
    assert party.git("log", "-1", "--format=%s") == "long notes\n"
    assert [p.name for p in (party.root / "events/party").iterdir() if p.name.startswith(".")] == []


def test_start_past_a_file_size_limit_writes_neither_file(party):
    """A real failed write: the baseline fits under RLIMIT_FSIZE, the
    (padded) event file does not, so the second write fails."""
    padding = "".join(f"# note {i:05d}: {'x' * 90}\n" for i in range(120))
    party.write(EVENT, PARTY_EVENT + padding)
    party.commit_all("long notes")
    ok(party, "lock", "party", "--commit")
    event_before = party.read(EVENT)
    assert len(event_before.encode()) > 12000
    script = textwrap.dedent(
        """
        import resource, sys
        resource.setrlimit(resource.RLIMIT_FSIZE, (8000, 8000))
        from plansync.cli.main import cli
        cli(["--repo", sys.argv[1], "start", "party"], prog_name="plansync")
        """
    )
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "PYTHONPATH": str(PROJECT)}
    env.pop("PLANSYNC_DEBUG", None)
    done = subprocess.run([sys.executable, "-c", script, str(party.root)], capture_output=True, text=True, env=env)
    assert done.returncode == 1, done.stderr
    assert done.stderr == "error: could not write event.yaml: the disk is full; the file is unchanged\n"
    assert not (party.root / BASELINE).exists()
    assert party.read(EVENT) == event_before
    assert party.git("status", "--porcelain") == ""


def test_start_refuses_an_unaccepted_shortfall_added_while_locked(party):
    ok(party, "lock", "party", "--commit")
    # Batch decisions may still be edited while locked...
    party.write(EVENT, party.read(EVENT) + "batch_decisions:\n  - {finished_unit: brownie, batches: 4}\n")
    valid(party)
    party.write(EVENT, party.read(EVENT).replace("batches: 4", "batches: 2"))
    party.commit_all("fewer brownies")
    # ...but one below the need must accept the shortfall.
    assert refused(party, "start", "party") == (
        "error: cannot start party: batch decision for brownie gives 24, below the need of 36; add accept_shortfall: true\n"
    )


# --- complete ----------------------------------------------------------------------


def test_complete_closes_the_event(party):
    to_state(party, "in_production")
    assert ok(party, "complete", "party") == "party: in_production -> completed\n"
    assert party.read(EVENT) == PARTY_EVENT.replace("plan_state: draft", "plan_state: completed")
    party.commit_all("done")
    assert refused(party, "record", "production", "party", "cookie", "1") == (
        "error: event 'party' is completed: runs are refused once an event is completed\n"
    )
    assert refused(party, "amend", "party", "drop-fg", "brownie-stack", "--reason", "late") == (
        "error: cannot amend party: it is completed; amendments are allowed only in production "
        "(completed is final; there is no next step)\n"
    )
    # Reports still work, from the snapshot.
    assert json.loads(ok(party, "plan", "party", "--format", "json"))["source"] == "snapshot"


# --- runs name the frozen definition -------------------------------------------------


def test_runs_for_a_locked_event_name_the_planning_snapshot_definition(party):
    draft = json.loads(ok(party, "record", "production", "party", "cookie", "1", "--format", "json"))
    assert draft["snapshot"] == content_sha256(entity(party, "catalog/finished-units/cookie.yaml"))
    party.commit_all("a trial batch")
    ok(party, "lock", "party", "--commit")
    frozen = data_of(party, PLANNING)["definitions"]
    party.write("catalog/finished-units/cookie.yaml", party.read("catalog/finished-units/cookie.yaml").replace("Cookie\n", "Big Cookie\n"))
    party.write("catalog/finished-goods/gift-bag.yaml", party.read("catalog/finished-goods/gift-bag.yaml") + "notes: new\n")
    run = json.loads(ok(party, "record", "production", "party", "cookie", "2", "--format", "json"))
    assert run["snapshot"] == frozen["finished_unit"]["cookie"]["sha256"]
    assert run["snapshot"] != content_sha256(entity(party, "catalog/finished-units/cookie.yaml"))
    assembly = json.loads(ok(party, "record", "assembly", "party", "gift-bag", "3", "--format", "json"))
    assert assembly["snapshot"] == frozen["finished_good"]["gift-bag"]["sha256"]


# --- --commit -----------------------------------------------------------------------


def test_each_writing_command_commits_exactly_its_files(party):
    out = ok(party, "lock", "party", "--commit")
    digest = data_of(party, PLANNING)["content_sha256"]
    assert out.splitlines()[1] == f"committed {party.git('rev-parse', '--short=7', 'HEAD').strip()}"
    assert last_commit(party) == (f"lock party: planning snapshot {digest[:8]}", [EVENT, PLANNING])
    # An unrelated edit elsewhere is never swept in.
    party.write("catalog/ingredients/salt.yaml", "kind: ingredient\nslug: salt\nname: Salt\n")
    ok(party, "start", "party", "--commit")
    assert last_commit(party) == (f"start party: baseline {data_of(party, BASELINE)['content_sha256'][:8]}", [EVENT, BASELINE])
    ok(party, "amend", "party", "drop-fg", "brownie-stack", "--reason", "nobody  asked\nfor them", "--commit")
    assert last_commit(party) == ("amend party: drop_fg brownie-stack (nobody asked for them)", ["events/party/amendments.yaml", EVENT])
    ok(party, "amend", "party", "add-fg", "lemon-box", "2", "--reason", "lemons", "--commit")
    assert last_commit(party) == ("amend party: add_fg lemon-box x2 (lemons)", ["events/party/amendments.yaml", EVENT])
    ok(party, "amend", "party", "modify-batch", "cookie", "5", "--reason", "spares", "--commit")
    assert last_commit(party) == ("amend party: modify_batch cookie 3 -> 5 (spares)", ["events/party/amendments.yaml", EVENT])
    ok(party, "record", "production", "party", "cookie", "2", "--commit")
    assert last_commit(party) == ("record production party: cookie x2", ["events/party/runs.yaml"])
    ok(party, "record", "assembly", "party", "gift-bag", "3", "--commit")
    assert last_commit(party) == ("record assembly party: gift-bag x3", ["events/party/runs.yaml"])
    ok(party, "fulfill", "party", "aunt-mary", "ready", "--commit")
    assert last_commit(party) == ("fulfill party: aunt-mary ready", [EVENT])
    ok(party, "complete", "party", "--commit")
    assert last_commit(party) == ("complete party", [EVENT])
    assert party.git("status", "--porcelain") == "?? catalog/ingredients/salt.yaml\n"
    valid(party)


def test_record_with_commit_refuses_a_run_log_with_edits(party):
    ok(party, "record", "production", "party", "cookie", "1", "--commit")
    runs = "events/party/runs.yaml"
    party.write(runs, party.read(runs) + "# oops\n")
    result = party.run("record", "production", "party", "cookie", "1", "--commit")
    assert result.exit_code == 1
    assert "has uncommitted edits" in result.stderr
    assert party.read(runs).count("seq:") == 1


def test_commit_outside_git_is_refused(tmp_path):
    repo = PlanRepoFixture(tmp_path / "nogit")
    for path, text in PARTY_FILES.items():
        repo.write(path, text)
    repo.write(EVENT, PARTY_EVENT)
    result = repo.run("lock", "party", "--commit")
    assert result.exit_code == 1
    assert result.stderr == f"error: cannot commit: {repo.root} is not in a git repository\n"
    assert not (repo.root / PLANNING).exists()


# --- the example repository ---------------------------------------------------------


def test_example_repository_lifecycle(example_repo):
    event = "events/christmas-2026/event.yaml"
    text = example_repo.read(event)
    ok(example_repo, "lock", "christmas-2026", "--commit")
    snapshot = parse_yaml(example_repo.read("events/christmas-2026/snapshots/planning.yaml"))
    definitions = snapshot["definitions"]
    # Nested goods, sub-recipes (cinnamon rolls are not planned; the frosting
    # comes in through no plan), material units, packages, recipients.
    assert "mini-sampler" in definitions["finished_good"]  # only inside other goods
    assert "holiday-gift-box" in definitions["finished_good"]  # only through a package
    assert "cinnamon-rolls" not in definitions["recipe"]
    assert sorted(definitions["recipient"]) == ["aunt-mary", "chen-family", "garcia-family", "grandma-rose", "mr-okafor", "ms-patel"]
    assert definitions["ingredient"]["all-purpose-flour"]["density"] == {"volume": "1 cup", "mass": "4.25 oz"}
    # Only plan_state changed; every comment of the baker's file is kept.
    assert example_repo.read(event) == text.replace("plan_state: draft", "plan_state: locked")
    ok(example_repo, "start", "christmas-2026", "--commit")
    ok(example_repo, "complete", "christmas-2026", "--commit")
    assert example_repo.git("log", "--format=%s").splitlines()[:3] == [
        "complete christmas-2026",
        f"start christmas-2026: baseline {parse_yaml(example_repo.read('events/christmas-2026/snapshots/baseline.yaml'))['content_sha256'][:8]}",
        f"lock christmas-2026: planning snapshot {snapshot['content_sha256'][:8]}",
    ]
    valid(example_repo)


def test_help_texts_end_with_an_example():
    from click.testing import CliRunner

    from plansync.cli.main import cli

    for args in (["lock"], ["start"], ["complete"], ["fulfill"], ["amend"], ["amend", "x", "drop-fg"],
                 ["amend", "x", "add-fg"], ["amend", "x", "modify-batch"], ["amendments"], ["compare"], ["stale"]):  # fmt: skip
        result = CliRunner().invoke(cli, [*args, "--help"])
        assert result.exit_code == 0, (args, result.output)
        example = result.output.split("Example:\n", 1)[1].splitlines()
        assert example[0].strip().startswith("plansync "), args


def test_writing_commands_print_every_format(party):
    csv = ok(party, "lock", "party", "--format", "csv").splitlines()
    digest = data_of(party, PLANNING)["content_sha256"]
    assert csv == [
        "event,previous,state,snapshot,content_sha256,definitions,files,commit",
        f"party,draft,locked,{PLANNING},{digest},14,{PLANNING} {EVENT},",
    ]
    markdown = ok(party, "start", "party", "--format", "markdown").splitlines()
    assert markdown[0] == "| event | previous | state | snapshot | content_sha256 | files | commit |"
    amended = json.loads(ok(party, "amend", "party", "drop-fg", "brownie-stack", "-r", "none", "--format", "json"))
    assert amended == {
        "event": "party", "seq": 1, "type": "drop_fg", "at": NOW, "reason": "none",
        "data": {"finished_good": "brownie-stack", "quantity": 4},
        "files": ["events/party/amendments.yaml", EVENT], "commit": None,
    }  # fmt: skip
    completed = json.loads(ok(party, "complete", "party", "--format", "json"))
    assert {key: completed[key] for key in ("event", "previous", "state", "files", "commit")} == {
        "event": "party", "previous": "in_production", "state": "completed", "files": [EVENT], "commit": None}  # fmt: skip
    assert set(completed) == {"event", "previous", "state", "unfinished", "warnings", "files", "commit"}
