"""``plansync serve``: the web view."""

from __future__ import annotations

import click

from plansync.cli.context import open_repo
from plansync.cli.usage import Command


@click.command(cls=Command)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on; off loopback a token is required.")
@click.option("--port", default=8765, show_default=True, type=click.IntRange(0, 65535), help="Port to listen on.")
@click.option("--token", envvar="PLANSYNC_TOKEN", help="Token every request must carry (default off loopback: a new one, printed).")
@click.option("--open", "open_browser", is_flag=True, help="Open the address in a web browser.")
@click.pass_context
def serve(ctx: click.Context, host: str, port: int, token: str | None, open_browser: bool) -> None:
    """Serve the plan repository as a web view: plan, shopping, progress, forms.

    Every page is computed from the files as they are at the request, so
    an edit in the editor shows on the next load (an open page reloads
    itself). Forms on an event's page record runs, fulfil packages, mark
    shopping done, buy, lock, start, complete and amend, through the same
    code as the commands, with the same refusals. It listens on 127.0.0.1;
    another --host needs a token (--token, or one printed at start).
    /api/<command>/<event> gives the command's JSON.

    \b
    Examples:
      plansync serve
      plansync --repo plans serve --open
      plansync serve --host 0.0.0.0 --port 8080 --token "$(openssl rand -hex 16)"
    """
    from plansync.web.server import serve as run  # the web libraries load only for serve
    from plansync.web.site import Site

    repo = open_repo(ctx)
    run(Site(repo.root, host=host, port=port, token=token), open_browser=open_browser, announce=click.echo)
