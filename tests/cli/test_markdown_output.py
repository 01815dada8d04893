"""`--format markdown`: every table is followed by a blank line, so the text
after it (a summary, a status) is not read as one more row."""

from __future__ import annotations

import pytest


def _lines_after_tables(text: str) -> list[str]:
    lines = text.split("\n")
    return [lines[i + 1] for i, line in enumerate(lines[:-1]) if line.startswith("|") and not lines[i + 1].startswith("|")]


@pytest.mark.parametrize(
    "command",
    [
        ("progress", "christmas-2026"),
        ("status", "christmas-2026"),
        ("shopping", "christmas-2026"),
        ("plan", "christmas-2026"),
        ("feasibility", "christmas-2026"),
        ("formats",),
    ],
)
def test_a_blank_line_follows_every_table(example_repo, command):
    result = example_repo.run(*command, "--format", "markdown")
    assert result.exit_code == 0, result.output
    assert result.stdout.count("| --- |") >= 1
    after = _lines_after_tables(result.stdout)
    assert after and all(line == "" for line in after), result.stdout


def test_the_summary_line_is_its_own_paragraph(example_repo):
    result = example_repo.run("progress", "christmas-2026", "--format", "markdown")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    status = lines.index("status: not_started")
    assert lines[status - 1] == "" and lines[status - 2].startswith("| ")
