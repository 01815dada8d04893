"""One workspace served to repeated requests while the tree is as it was
loaded; any edit, add, commit or settings change shows on the next page."""

from __future__ import annotations

import os
import time

import pytest

from plansync.cache.store import RACY_NS
from plansync.web.site import Site
from tests.web.conftest import client_for

EVENT = "events/christmas-2026/event.yaml"


def settle(root) -> None:
    """Leave the tree untouched past the racy window (ctimes cannot be set back)."""
    past = time.time() - 3600
    for path in root.rglob("*.yaml"):
        os.utime(path, (past, past))
    time.sleep(RACY_NS / 1e9 + 0.2)


@pytest.fixture
def site(served) -> Site:
    settle(served.root)
    return Site(served.root)


def test_a_settled_tree_is_served_from_one_workspace(site) -> None:
    first = site.workspace()
    assert site.workspace() is first
    assert site.remembered("answer", lambda: 42) == 42 and site.remembered("answer", lambda: 0) == 42


def rename_in_place(root) -> None:
    """Same size and mtime: only the ctime tells."""
    path = root / EVENT
    before = path.stat()
    path.write_text(path.read_text().replace("name: Christmas 2026", "name: Christmas 2062"))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))


def test_an_edit_in_place_shows_on_the_front_page_and_the_event_page(served, site) -> None:
    client = client_for(site)
    assert "Christmas 2026" in client.get("/").text and "Christmas 2026" in client.get("/events/christmas-2026").text
    rename_in_place(served.root)
    assert "Christmas 2062" in client.get("/").text
    assert "Christmas 2062" in client.get("/events/christmas-2026").text


def test_an_added_file_and_a_removed_one_show(served, site) -> None:
    client = client_for(site)
    assert "cardamom" not in client.get("/catalog").text
    served.write("catalog/ingredients/cardamom.yaml", "kind: ingredient\nslug: cardamom\nname: Cardamom\n")
    assert "cardamom" in client.get("/catalog").text
    (served.root / "catalog/ingredients/cardamom.yaml").unlink()
    assert "cardamom" not in client.get("/catalog").text


def test_a_commit_or_new_settings_load_again(served, site) -> None:
    first = site.workspace()
    served.git("commit", "-q", "--allow-empty", "-m", "nothing but a commit")
    second = site.workspace()
    assert second is not first
    settings = served.root / "plansync.yaml"
    settings.write_text(settings.read_text().replace("waste_threshold: 0.15", "waste_threshold: 0.2"))
    assert site.workspace() is not second and site.workspace().repo.settings.waste_threshold == 0.2


def test_a_form_that_writes_is_seen_by_the_next_request(served, site) -> None:
    from tests.web.conftest import Browser

    web = Browser(client_for(site), served)
    before = site.workspace()
    runs = [d.data for d in before.documents if d.path == "events/christmas-2026/runs.yaml"]
    web.act("record-production", {"finished_unit": "chocolate-chip-cookie", "batches": "2"})
    after = site.workspace()
    assert after is not before
    now = [d.data for d in after.documents if d.path == "events/christmas-2026/runs.yaml"]
    assert now != runs and "chocolate-chip-cookie" in str(now)
