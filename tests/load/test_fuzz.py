"""Fuzzing the loader: thousands of damaged plan files, each a located problem or a document.

Every file of the example repository (YAML and, converted, JSON) is
mutated (:mod:`tests.fuzzing`) and read the way plansync reads a file:
decode, parse, kind and schema check, problems located. Nothing may raise
but a LoadError (the located refusal itself), and every location must lie
inside the file.
"""

from __future__ import annotations

import json
import re

from hypothesis import given, strategies as st

from plansync.errors import LoadError
from plansync.load.documents import check_document, parse_bytes
from plansync.plugins.default_formats import JSON, YAML
from plansync.formats.yamlread import parse_yaml
from tests.conftest import EXAMPLE_REPO
from tests.fuzzing import fuzz_settings, mutate

FILES = {
    path.relative_to(EXAMPLE_REPO).as_posix(): path.read_text(encoding="utf-8")
    for path in sorted(EXAMPLE_REPO.rglob("*.yaml"))
    if not any(part.startswith(".") for part in path.relative_to(EXAMPLE_REPO).parts)
}
JSON_FILES = {
    path.replace(".yaml", ".json"): json.dumps(parse_yaml(text), indent=2) + "\n"
    for path, text in FILES.items()
    if path != "plansync.yaml"
}


def _in_file(raw: bytes, line: int | None, column: int | None) -> bool:
    """A location an editor can show: lines break at LF, CR LF or CR
    (YAML 1.2), never at NEL, LS or PS."""
    if line is None:
        return column is None
    lines = re.split(r"\r\n|\r|\n", raw.decode("utf-8", "replace"))
    return 1 <= line <= len(lines) and column is not None and 1 <= column <= len(lines[line - 1]) + 1


def _read(path: str, raw: bytes) -> None:
    fmt = JSON if path.endswith(".json") else YAML
    try:
        document = parse_bytes(path, raw, fmt)
    except LoadError as refusal:
        assert refusal.code, refusal.message
        assert _in_file(raw, refusal.line, refusal.column), (refusal.line, refusal.column)
        return
    for problem in check_document(document):
        assert problem.severity == "error" and problem.code and problem.message
        assert _in_file(raw, problem.line, problem.column), problem
    document.json_text()  # what the load cache keeps must serialise


@fuzz_settings(3000)
@given(st.sampled_from(sorted(FILES)), st.data())
def test_damaged_yaml_files_give_located_problems(path, data):
    _read(path, mutate(FILES[path], data))


@fuzz_settings(1000)
@given(st.sampled_from(sorted(JSON_FILES)), st.data())
def test_damaged_json_files_give_located_problems(path, data):
    _read(path, mutate(JSON_FILES[path], data))
