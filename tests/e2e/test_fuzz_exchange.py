"""Fuzzing what comes from elsewhere: damaged exports imported, damaged versions in git history.

An export of the example repository is damaged (paths that escape or hide,
values of the wrong type, records missing, the document itself wrong) and
imported into a new repository, dry and for real: exit 0 or 1, never a
file outside the repository or in a hidden folder, every file written
valid on its own. And damaged files are committed, then read back through
git: ``history``, ``diff``, ``validate --at`` and ``plan --at``.
"""

from __future__ import annotations

import copy
import json
import subprocess

import pytest
from click.testing import CliRunner
from hypothesis import given, strategies as st

from plansync.cli.main import cli
from plansync.lifecycle.init import init_repository
from plansync.load.documents import check_document, parse_bytes
from plansync.plugins.default_formats import YAML
from tests.conftest import EXAMPLE_PLAN_FILES, EXAMPLE_REPO, commit_example
from tests.fuzzing import fuzz_settings, mutate

EXPORT = json.loads(CliRunner().invoke(cli, ["--repo", str(EXAMPLE_REPO), "export", "--to", "json"]).stdout)
PATHS = ["../outside.yaml", "/tmp/outside.yaml", ".git/hooks/x.yaml", "a/../../b.yaml", "", "x", "catalog/x.txt",
         "plansync.yaml", "catalog/.hidden/x.yaml", "catalog/ingredients/eggs.yaml", "~/x.yaml", "events/x/../../../y.yaml"]  # fmt: skip
VALUES = [None, -1, 0, "x", [], {}, 1e300, True, "Bad Slug", "../x", {"kind": "recipe"}]


def invoke(*args: str):
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code in (0, 1, 2), (args, result.output)
    return result


def damaged_export(data) -> object:
    document = copy.deepcopy(EXPORT)
    for _ in range(data.draw(st.integers(1, 4))):
        record = data.draw(st.sampled_from(document["files"]))
        how = data.draw(st.sampled_from(["path", "value", "data", "drop-key"]))
        if how == "path":
            record["path"] = data.draw(st.sampled_from(PATHS))
        elif how == "value" and isinstance(record.get("data"), dict) and record["data"]:
            record["data"][data.draw(st.sampled_from(sorted(record["data"])))] = copy.deepcopy(data.draw(st.sampled_from(VALUES)))
        elif how == "data":
            record["data"] = copy.deepcopy(data.draw(st.sampled_from(VALUES)))
        elif record:
            del record[data.draw(st.sampled_from(sorted(record)))]
    if data.draw(st.integers(0, 9)) == 0:
        return data.draw(st.sampled_from([[], {}, {"format": "plansync-export"}, {**document, "files": "x"}, {**document, "version": 99}]))
    return document


@fuzz_settings(20, shrink=False)
@given(st.data())
def test_a_damaged_export_imports_what_is_sound_and_nothing_outside(tmp_path_factory, data):
    base = tmp_path_factory.mktemp("import")
    root = base / "repo"
    init_repository(root)
    export = base / "export.json"
    export.write_text(json.dumps(damaged_export(data)))
    for extra in (["--dry-run"], []):
        invoke("--repo", str(root), "import", str(export), "--from", "json", *extra, "--format", "json")
    assert not (base / "outside.yaml").exists() and not (base / "b.yaml").exists()
    for path in root.rglob("*"):
        relative = path.relative_to(root)
        if relative.parts[0] in (".git", ".plansync", ".schemas") or not path.is_file():
            continue
        assert not any(part.startswith(".") for part in relative.parts[:-1]), relative
        if path.suffix == ".yaml" and path.name != "plansync.yaml" and not path.name.startswith("."):
            assert check_document(parse_bytes(str(relative), path.read_bytes(), YAML)) == [], relative


@pytest.fixture(scope="module")
def history_repo(tmp_path_factory):
    return commit_example(tmp_path_factory.mktemp("history") / "plans")


@fuzz_settings(25, shrink=False)
@given(st.data())
def test_damaged_versions_in_git_are_read_back_without_a_crash(history_repo, data):
    root = history_repo
    paths = data.draw(st.lists(st.sampled_from(EXAMPLE_PLAN_FILES), min_size=1, max_size=2, unique=True))
    for path in paths:
        (root / path).write_bytes(mutate((EXAMPLE_REPO / path).read_text(encoding="utf-8"), data))
    subprocess.run(["git", "commit", "-q", "--allow-empty", "-am", "damage"], cwd=root, check=True, capture_output=True)
    for args in (["history", "--limit", "2", "--format", "json"], ["history", "christmas-2026", "--limit", "2"],
                 ["diff", "HEAD~1", "--format", "json"], ["diff", "HEAD~1", "HEAD"],
                 ["validate", "--at", "HEAD", "--format", "json"], ["plan", "christmas-2026", "--at", "HEAD", "--format", "json"],
                 ["shopping", "school-fair-2026", "--at", "HEAD~1", "--format", "json"]):  # fmt: skip
        result = invoke("--repo", str(root), *args)
        assert result.exit_code in (0, 1) and "Traceback" not in result.output, args
    # Repair, so damage does not pile up: the next example starts from the example again.
    for path in paths:
        (root / path).write_bytes((EXAMPLE_REPO / path).read_bytes())
    subprocess.run(["git", "commit", "-q", "--allow-empty", "-am", "repair"], cwd=root, check=True, capture_output=True)
