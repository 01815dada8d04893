"""Progress bars for long work: shown only on a terminal, and only once the
work has taken more than a second (a quick command stays quiet)."""

from __future__ import annotations

import sys
import time
from typing import Callable

Update = Callable[[int, int], None]


def progress_bar(label: str) -> tuple[Update | None, Callable[[], None]]:
    """(update(done, total) or None, stop()) for a rich progress bar."""
    if not sys.stdout.isatty():
        return None, lambda: None
    started = time.monotonic()
    state: dict = {}

    def update(done: int, total: int) -> None:
        if "bar" not in state:
            if time.monotonic() - started < 1.0:
                return
            from rich.progress import Progress

            state["bar"] = Progress(transient=True)
            state["bar"].start()
            state["task"] = state["bar"].add_task(label, total=total)
        state["bar"].update(state["task"], completed=done)

    def stop() -> None:
        if "bar" in state:
            state["bar"].stop()

    return update, stop
