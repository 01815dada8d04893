"""`export --to json --event E`: only that event, and it imports into an empty repository clean."""

from __future__ import annotations

import json

from tests.conftest import run_cli


def test_an_event_scoped_json_export_imports_into_an_empty_repository_and_validates(tmp_path):
    source = tmp_path / "source"
    assert run_cli("init", str(source), "--example").exit_code == 0
    exported = tmp_path / "fair.json"
    result = run_cli("--repo", str(source), "export", "--to", "json", "--event", "school-fair-2026",
                     "--output", str(exported))  # fmt: skip
    assert result.exit_code == 0, result.output
    paths = [entry["path"] for entry in json.loads(exported.read_text())["files"]]
    assert "events/school-fair-2026/event.yaml" in paths
    assert not any(path.startswith("events/christmas-2026/") for path in paths)

    target = tmp_path / "target"
    assert run_cli("init", str(target)).exit_code == 0
    imported = run_cli("--repo", str(target), "import", "--from", "json", str(exported))
    assert imported.exit_code == 0, imported.output
    assert (target / "events/school-fair-2026/event.yaml").is_file()
    assert not (target / "events/christmas-2026").exists()
    validated = run_cli("--repo", str(target), "validate")
    assert validated.exit_code == 0, validated.output
    assert "0 error(s), 0 warning(s)" in validated.output


def test_an_unknown_event_is_refused_not_ignored(tmp_path):
    assert run_cli("init", str(tmp_path), "--example").exit_code == 0
    result = run_cli("--repo", str(tmp_path), "export", "--to", "json", "--event", "easter-2027")
    assert result.exit_code != 0
    assert "easter-2027" in result.output
