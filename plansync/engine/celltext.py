"""How one value reads in a table cell, the same in both faces.

The command line's tables (plain, rich, markdown, CSV) and the web view's
cells show a value alike, so a figure copied from one matches the other.
"""

from __future__ import annotations

from typing import Any


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        # As JSON shows it (4 decimals at most), without trailing zeros.
        return f"{value:.4f}".rstrip("0").rstrip(".") if abs(value) < 1e15 else str(value)
    # A cell is one line: a line break in text (an amendment's reason) would
    # start a new row in every table format. Shown as \n, the text stays
    # whole in files and JSON.
    return "\\n".join(str(value).splitlines())
