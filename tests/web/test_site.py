"""Serving off loopback: a token, asked of every request."""

from __future__ import annotations

import pytest

from plansync.errors import UsageError
from plansync.web.server import prepare
from plansync.web.site import Site
from tests.web.conftest import client_for


def test_off_loopback_a_token_is_made_and_printed_in_the_address(served) -> None:
    site, address = prepare(Site(served.root, host="0.0.0.0", port=8080))
    assert site.token and address.endswith(f"?token={site.token}")
    _site, local = prepare(Site(served.root))
    assert local == "http://localhost:8765/"


def test_a_short_token_is_refused(served) -> None:
    with pytest.raises(UsageError, match="12 characters"):
        prepare(Site(served.root, host="0.0.0.0", token="abc"))


def test_every_request_needs_the_token_and_the_address_trades_it_for_a_cookie(served) -> None:
    client = client_for(Site(served.root, host="0.0.0.0", port=8080, token="kitchen-tablet-1234"))
    assert client.get("/").status_code == 401
    assert client.get("/?token=wrong-token-000000").status_code == 401
    assert client.get("/api/status/christmas-2026").status_code == 401
    traded = client.get("/events/christmas-2026?token=kitchen-tablet-1234", follow_redirects=False)
    assert traded.status_code == 303 and traded.headers["location"].endswith("/events/christmas-2026")
    assert client.get("/events/christmas-2026").status_code == 200
    bearer = client_for(Site(served.root, host="0.0.0.0", port=8080, token="kitchen-tablet-1234"))
    assert bearer.get("/", headers={"authorization": "Bearer kitchen-tablet-1234"}).status_code == 200
