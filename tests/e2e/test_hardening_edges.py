"""Issue 16's smaller items: JSON output that stays JSON, reasons with
newlines in tables, counted units, imports that stop part-way, bundles too
big to start, read-only repositories."""

from __future__ import annotations

import json

import pytest


def test_json_output_never_holds_infinity_or_nan(example_repo):
    assert example_repo.run("sync").exit_code == 0
    result = example_repo.run("query", "SELECT 1e999 AS big, -1e999 AS small, 0.5 AS half", "--format", "json")
    assert result.exit_code == 0, result.output
    # Python's json.loads would accept Infinity; a strict reader must too.
    rows = json.loads(result.stdout, parse_constant=lambda name: pytest.fail(f"{name} in JSON output"))["rows"]
    assert rows == [{"big": None, "small": None, "half": 0.5}]
