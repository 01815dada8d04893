"""`plansync validate` on where files are: named for their slug, one event per folder."""

from __future__ import annotations

from tests.helpers import COOKIES

EVENT = """
kind: event
slug: {slug}
name: Fair
date: 2026-12-12
output_mode: bulk_count
finished_units:
  - {{finished_unit: cookie, quantity: 48}}
"""


def problem_lines(result) -> list[str]:
    return [line for line in result.stdout.splitlines() if ": warning: " in line or ": error: " in line]


def test_a_file_named_unlike_its_slug_is_a_located_warning_naming_both(catalog):
    (catalog.root / "catalog/recipes/cookies.yaml").unlink()
    catalog.write("catalog/recipes/foo.yaml", COOKIES)
    result = catalog.run("validate")
    assert result.exit_code == 0
    assert problem_lines(result) == [
        "catalog/recipes/foo.yaml:2:7: warning: file foo.yaml declares recipe 'cookies': "
        "rename it to catalog/recipes/cookies.yaml [file-name]"
    ]
    assert "0 error(s), 1 warning(s)" in result.output


def test_a_json_file_is_named_for_its_slug_too(catalog):
    catalog.write("catalog/ingredients/butter-2.json", '{"kind": "ingredient",\n "slug": "butter", "name": "Butter"}\n')
    result = catalog.run("validate")
    assert (result.exit_code, problem_lines(result)) == (0, [
        "catalog/ingredients/butter-2.json:2:10: warning: file butter-2.json declares ingredient 'butter': "
        "rename it to catalog/ingredients/butter.json [file-name]"
    ])  # fmt: skip


def test_an_event_outside_its_own_folder_is_a_warning(catalog):
    catalog.write("events/fair/event.yaml", EVENT.format(slug="bake-sale"))
    result = catalog.run("validate")
    assert (result.exit_code, problem_lines(result)) == (0, [
        "events/fair/event.yaml:2:7: warning: event 'bake-sale' is in folder events/fair/, not events/bake-sale/: "
        "move it to events/bake-sale/event.yaml [file-name]"
    ])  # fmt: skip


def test_an_event_file_in_its_folder_is_named_event(catalog):
    catalog.write("events/fair/plan.yaml", EVENT.format(slug="fair"))
    result = catalog.run("validate")
    assert (result.exit_code, problem_lines(result)) == (0, [
        "events/fair/plan.yaml:2:7: warning: file plan.yaml declares event 'fair': rename it to events/fair/event.yaml [file-name]"
    ])  # fmt: skip


def test_files_named_for_their_slugs_are_clean(catalog):
    catalog.write("events/fair/event.yaml", EVENT.format(slug="fair"))
    result = catalog.run("validate")
    assert (result.exit_code, problem_lines(result)) == (0, [])


def test_a_second_event_file_in_one_event_folder_is_an_error_at_both(catalog):
    catalog.write("events/fair/event.yaml", EVENT.format(slug="fair"))
    catalog.write("events/fair/fair-copy.yaml", EVENT.format(slug="fair-copy"))
    result = catalog.run("validate")
    assert result.exit_code == 1
    shared = "an event's snapshots and logs live in its folder: give each event its own events/<slug>/ [event-folder]"
    assert problem_lines(result) == [
        "events/fair/event.yaml:2:7: error: events/fair/ holds more than one event file "
        f"(also events/fair/fair-copy.yaml:2:7); {shared}",
        "events/fair/fair-copy.yaml:2:7: error: events/fair/ holds more than one event file "
        f"(also events/fair/event.yaml:2:7); {shared}",
        "events/fair/fair-copy.yaml:2:7: warning: event 'fair-copy' is in folder events/fair/, not events/fair-copy/: "
        "move it to events/fair-copy/event.yaml [file-name]",
    ]
    assert "2 error(s), 1 warning(s)" in result.output


def test_the_second_event_file_stops_planning_the_event(catalog):
    catalog.write("events/fair/event.yaml", EVENT.format(slug="fair"))
    catalog.write("events/fair/event.json", '{"kind": "event", "slug": "fair-two", "name": "Two", "date": "2026-12-13"}\n')
    result = catalog.run("plan", "fair")
    assert result.exit_code == 1
    assert result.output.startswith("error: cannot plan fair: 2 errors in the files it reads")
    assert "events/fair/event.yaml:2:7: error: events/fair/ holds more than one event file" in result.output
