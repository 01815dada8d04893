"""``/api/<command>/<args>`` gives exactly what ``plansync <command> --format json`` prints."""

from __future__ import annotations

import json

import pytest

from tests.web.conftest import Browser


def cli_json(web: Browser, *args: str) -> object:
    result = web.repo.run(*args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


@pytest.mark.parametrize(
    ("path", "command"),
    [
        ("plan/christmas-2026", ["plan", "christmas-2026"]),
        ("shopping/christmas-2026", ["shopping", "christmas-2026"]),
        ("shopping/christmas-2026?production_aware=1", ["shopping", "christmas-2026", "--production-aware"]),
        ("feasibility/christmas-2026", ["feasibility", "christmas-2026"]),
        ("feasibility/school-fair-2026?produced=1", ["feasibility", "school-fair-2026", "--produced"]),
        ("progress/christmas-2026", ["progress", "christmas-2026"]),
        ("status/school-fair-2026", ["status", "school-fair-2026"]),
        ("cost/christmas-2026", ["cost", "christmas-2026"]),
        ("compare/christmas-2026", ["compare", "christmas-2026"]),
        ("amendments/christmas-2026", ["amendments", "christmas-2026"]),
        ("stock", ["stock"]),
        ("stock/all-purpose-flour?lots=1", ["stock", "all-purpose-flour", "--lots"]),
        ("validate", ["validate"]),
        ("history/christmas-2026", ["history", "christmas-2026"]),
    ],
)
def test_the_api_document_is_the_commands_json(web: Browser, path: str, command: list[str]) -> None:
    web.repo.run("record", "production", "school-fair-2026", "fudge-square", "1")
    answer = web.get(f"/api/{path}")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("application/json")
    assert answer.json() == cli_json(web, *command)


def test_stale_after_a_lock_is_the_commands_json(web: Browser) -> None:
    web.repo.run("lock", "christmas-2026")
    path = web.repo.root / "catalog/recipes/sugar-cookies.yaml"
    path.write_text(path.read_text().replace("name: Cut-out Sugar Cookies", "name: Iced Sugar Cookies"))
    answer = web.get("/api/stale/christmas-2026").json()
    assert answer == cli_json(web, "stale", "christmas-2026")
    assert answer["stale"][0]["slug"] == "sugar-cookies"


def test_api_errors_are_json_with_the_refusal(web: Browser) -> None:
    unknown = web.get("/api/plan/easter-2027")
    assert unknown.status_code == 404
    assert "unknown event 'easter-2027'" in unknown.json()["error"]
    assert web.get("/api/taxes/christmas-2026").status_code == 404
    refused = web.get("/api/stale/christmas-2026")
    assert refused.status_code == 409 and "error" in refused.json()
