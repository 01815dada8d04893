"""The forms of an event page: the same writes and refusals as the commands."""

from __future__ import annotations

import re
from urllib.parse import unquote

from tests.helpers import git
from tests.web.conftest import Browser

EVENT = "/events/christmas-2026"


def confirmation(answer) -> str:  # type: ignore[no-untyped-def]
    assert answer.status_code == 303, answer.text[:400]
    location = answer.headers["location"]
    assert location.startswith(f"{EVENT}?done=")
    return unquote(location.split("done=", 1)[1].split("&warning=", 1)[0])


def commits(web: Browser) -> int:
    return int(git(web.repo.root, "rev-list", "--count", "HEAD").strip())


def test_recording_a_run_writes_the_log_and_moves_the_progress_bar(web: Browser) -> None:
    answer = web.act("record-production", {"finished_unit": "chocolate-chip-cookie", "batches": "2"})
    assert confirmation(answer).startswith("recorded production run 1 for christmas-2026: chocolate-chip-cookie, 2 batches")
    runs = web.repo.read("events/christmas-2026/runs.yaml")
    assert "finished_unit: chocolate-chip-cookie" in runs and "batches: 2" in runs
    page = web.get(answer.headers["location"]).text
    assert "recorded production run 1" in page
    assert "2 of 4" in page
    assert re.search(r'<progress max="100" value="50">', page)


def test_the_commit_box_commits_what_the_form_wrote(web: Browser) -> None:
    before = commits(web)
    answer = web.act("record-assembly", {"finished_good": "holiday-gift-bag", "quantity": "3", "commit": "1"})
    assert "committed" in confirmation(answer)
    assert commits(web) == before + 1
    assert git(web.repo.root, "show", "--name-only", "--format=", "HEAD").split() == ["events/christmas-2026/runs.yaml"]
    assert git(web.repo.root, "status", "--porcelain").strip() == ""


def test_without_the_box_nothing_is_committed_unless_auto_commit_says_so(web: Browser) -> None:
    before = commits(web)
    web.act("record-production", {"finished_unit": "sugar-cookie", "batches": "1"})
    assert commits(web) == before
    settings = web.repo.root / "plansync.yaml"
    settings.write_text(settings.read_text().replace("auto_commit: false", "auto_commit: true"))
    web.repo.commit_all("auto commit on")
    web.act("record-production", {"finished_unit": "sugar-cookie", "batches": "1"})
    assert commits(web) == before + 2


def test_a_refused_action_shows_the_refusal_and_writes_nothing(web: Browser) -> None:
    answer = web.act("start")
    assert answer.status_code == 409
    assert 'role="alert">refused:' in answer.text and "draft" in answer.text
    assert git(web.repo.root, "status", "--porcelain").strip() == ""


def test_an_amendment_needs_a_reason(web: Browser) -> None:
    web.act("lock")
    web.act("start")
    missing = web.act("amend", {"type": "modify-batch", "finished_unit": "sugar-cookie", "batches": "2", "reason": " "})
    assert missing.status_code == 409 and "a reason for the amendment is required" in missing.text
    assert not (web.repo.root / "events/christmas-2026/amendments.yaml").exists()
    done = web.act("amend", {"type": "modify-batch", "finished_unit": "sugar-cookie", "batches": "2", "reason": "extra tray"})
    assert confirmation(done)
    assert "reason: extra tray" in web.repo.read("events/christmas-2026/amendments.yaml")


def test_lock_start_and_complete_move_the_event_through_its_states(web: Browser) -> None:
    for step, state in (("lock", "locked"), ("start", "in_production"), ("complete", "completed")):
        confirmation(web.act(step, {"commit": "1"}))
        assert f"plan_state: {state}" in web.repo.read("events/christmas-2026/event.yaml")
    assert (web.repo.root / "events/christmas-2026/snapshots/baseline.yaml").exists()
    assert git(web.repo.root, "status", "--porcelain").strip() == ""


def test_buy_fulfil_and_shopping_done_write_their_files(web: Browser) -> None:
    confirmation(web.act("buy", {"product": "eggs-24", "packages": "2", "price": "9.98", "at": "2026-12-03"}))
    purchases = web.repo.read("purchases.yaml")
    assert "product: eggs-24" in purchases and "price: 9.98" in purchases
    confirmation(web.act("fulfill", {"recipient": "aunt-mary", "status": "ready"}))
    assert "6 pending" not in web.get(EVENT).text and "5 pending, 1 ready" in web.get(EVENT).text
    confirmation(web.act("shopping-done"))
    assert "shopping_completed_at:" in web.repo.read("events/christmas-2026/event.yaml")


def test_bad_numbers_are_refused_before_anything_runs(web: Browser) -> None:
    answer = web.act("record-production", {"finished_unit": "sugar-cookie", "batches": "1.5"})
    assert answer.status_code == 409 and "batches must be a whole number" in answer.text
    assert not (web.repo.root / "events/christmas-2026/runs.yaml").exists()


def test_a_form_without_the_sessions_csrf_token_is_refused(web: Browser) -> None:
    web.get(EVENT)  # the session cookie
    missing = web.post(f"{EVENT}/actions/lock", {}, csrf=False)
    assert missing.status_code == 403 and "form is out of date" in missing.text
    forged = web.post(f"{EVENT}/actions/lock", {"csrf": "0" * 64}, csrf=False)
    assert forged.status_code == 403
    assert "plan_state: draft" in web.repo.read("events/christmas-2026/event.yaml")


def test_a_post_from_another_site_is_refused(web: Browser) -> None:
    token = web.csrf()
    answer = web.client.post(f"{EVENT}/actions/lock", data={"csrf": token}, headers={"origin": "http://evil.example"}, follow_redirects=False)
    assert answer.status_code == 403 and "another site" in answer.text
    cross = web.client.post(f"{EVENT}/actions/lock", data={"csrf": token}, headers={"sec-fetch-site": "cross-site"}, follow_redirects=False)
    assert cross.status_code == 403
    assert "plan_state: draft" in web.repo.read("events/christmas-2026/event.yaml")


def test_a_request_naming_another_host_is_refused(web: Browser) -> None:
    """DNS rebinding: a page on attacker.example resolved to 127.0.0.1."""
    answer = web.get("/", headers={"host": "attacker.example:8765"})
    assert answer.status_code == 400 and "answers for" in answer.text
    assert web.get("/api/status/christmas-2026", headers={"host": "attacker.example"}).status_code == 400
    assert web.get("/", headers={"host": "localhost:8765"}).status_code == 200


def test_no_write_path_besides_the_forms(web: Browser) -> None:
    token = web.csrf()
    for path in ("/", "/files/events/christmas-2026/event.yaml", "/query", "/api/plan/christmas-2026", f"{EVENT}/plan"):
        answer = web.client.post(path, data={"csrf": token}, follow_redirects=False)
        assert answer.status_code == 405, path
    assert web.act("rm-rf").status_code == 404
    assert git(web.repo.root, "status", "--porcelain").strip() == ""


def test_an_assembly_beyond_the_baked_units_is_written_with_the_commands_warning(web: Browser) -> None:
    answer = web.act("record-assembly", {"finished_good": "holiday-gift-bag", "quantity": "3"})
    message = confirmation(answer)
    assert message.startswith("recorded assembly run 1 for christmas-2026")
    assert "warning" not in message  # the confirmation is the success box's alone
    page = web.get(answer.headers["location"]).text
    ok = re.search(r'<p class="flash ok" role="status">([^<]*)</p>', page)
    warned = re.findall(r'<p class="flash warn" role="status">([^<]*)</p>', page)
    assert ok is not None and "warning" not in ok.group(1)
    assert len(warned) == 1
    assert warned[0].startswith("warning: assembly run 1 records 3 holiday-gift-bag, but the production runs of christmas-2026")
    assert "finished_good: holiday-gift-bag" in web.repo.read("events/christmas-2026/runs.yaml")
