"""Running the web view with uvicorn."""

from __future__ import annotations

import secrets
import threading
import webbrowser
from collections.abc import Callable

import uvicorn

from plansync.errors import UsageError
from plansync.web.app import create_app
from plansync.web.site import Site, is_loopback


def prepare(site: Site) -> tuple[Site, str]:
    """The site with its token settled, and the address to open."""
    if not is_loopback(site.host) and site.token is None:
        site.token = secrets.token_urlsafe(18)
    if site.token is not None and len(site.token) < 12:
        raise UsageError("a token needs 12 characters at least")
    shown = "localhost" if is_loopback(site.host) else site.host
    address = f"http://{shown}:{site.port}/"
    return site, address + (f"?token={site.token}" if site.token else "")


def serve(site: Site, *, open_browser: bool = False, announce: Callable[[str], None] = print) -> None:
    site, address = prepare(site)
    site.repo()  # refuse a missing or broken repository before listening
    announce(f"plansync serves {site.root} at {address} (Ctrl-C stops)")
    if open_browser:
        threading.Timer(0.8, webbrowser.open, [address]).start()
    uvicorn.run(create_app(site), host=site.host, port=site.port, log_level="warning", server_header=False)
