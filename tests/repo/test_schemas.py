"""The JSON Schemas themselves, and agreement of the two validators."""

from __future__ import annotations

import json

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from plansync.repo import schemas
from tests.conftest import PROJECT

ALL = (*schemas.KINDS, schemas.SETTINGS)


def _objects(node, path=()):
    if isinstance(node, dict):
        if "properties" in node:
            yield path, node
        for key, value in node.items():
            yield from _objects(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _objects(value, (*path, index))


@pytest.mark.parametrize("kind", ALL)
def test_schema_is_valid_2020_12_with_id_title_and_descriptions(kind):
    schema = schemas.load_schema(kind)
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == f"{schemas.SCHEMA_BASE}{kind}.schema.json"
    assert schema["title"]
    for path, obj in _objects(schema):
        assert obj.get("additionalProperties") is False, path
        for name, prop in obj["properties"].items():
            assert prop.get("description"), f"{kind}: {'/'.join(map(str, path))}/{name} has no description"


@pytest.mark.parametrize("kind", schemas.KINDS)
def test_every_plan_file_may_name_its_schema_for_editors(kind):
    schema = schemas.load_schema(kind)
    assert schema["properties"][schemas.EDITOR_KEY]["type"] == "string"
    assert schemas.check(kind, {schemas.EDITOR_KEY: f"../../.schemas/{kind}.schema.json"}) == schemas.check(kind, {})


def test_the_example_repository_carries_the_shipped_schemas_byte_for_byte():
    shipped = {p.name: p.read_bytes() for p in schemas.schema_dir().glob("*.schema.json")}
    copied = {p.name: p.read_bytes() for p in (PROJECT / "plans/.schemas").glob("*.schema.json")}
    assert copied == shipped


@pytest.mark.parametrize("kind", ["recipe", "finished_good", "event", "material_unit", "package"])
def test_slug_fields_use_the_slug_pattern(kind):
    text = json.dumps(schemas.load_schema(kind))
    assert "^[a-z0-9]+(-[a-z0-9]+)*$" in text


def test_batch_percentage_is_in_0_to_100():
    base = {"kind": "finished_unit", "slug": "cake", "name": "Cake", "recipe": "cake"}
    for pct, ok in [(0, False), (0.5, True), (50, True), (100, True), (100.01, False), (-5, False)]:
        doc = {**base, "yield": {"mode": "batch_portion", "batch_percentage": pct, "portion": "half"}}
        assert schemas.is_valid("finished_unit", doc) is ok, pct


def test_component_needs_exactly_one_kind():
    base = {"kind": "finished_good", "slug": "bag", "name": "Bag", "assembly_type": "bundle"}
    one = {**base, "components": [{"finished_unit": "cookie", "quantity": 1.5}]}
    two = {**base, "components": [{"finished_unit": "cookie", "material_unit": "ribbon", "quantity": 1}]}
    assert schemas.check("finished_good", one) == []
    [finding] = schemas.check("finished_good", two)
    assert finding.pointer == ("components", 0)
    assert "exactly one" in finding.message


# --- the compiled validator and jsonschema agree ---------------------------

_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-5, 200), st.floats(-10, 1000, allow_nan=False),
    st.sampled_from(["", "x", "Bad Slug", "sugar-cookie", "2026-12-24", "2026-13-40", "2026-12-24T10:00:00Z",
                     "bundled", "bulk_count", "discrete_count", "batch_portion", "pending", "draft", "a" * 64]),
)  # fmt: skip
_values = st.recursive(
    _scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.sampled_from(
        ["slug", "name", "quantity", "unit", "finished_unit", "finished_good", "per_batch", "mode",
         "options", "batch_percentage", "status", "recipe", "ingredient", "date"]), inner, max_size=4)),
    max_leaves=12,
)  # fmt: skip


def _mutated(kind: str, base: dict):
    return st.builds(lambda key, value: {**base, key: value}, st.sampled_from(sorted(base) + ["extra"]), _values)


_BASES = {
    "recipe": {"kind": "recipe", "slug": "r", "name": "R", "ingredients": [{"ingredient": "f", "quantity": 1, "unit": "cup"}]},
    "finished_unit": {"kind": "finished_unit", "slug": "c", "name": "C", "recipe": "r",
                      "yield": {"mode": "discrete_count", "unit": "cookie", "options": [{"per_batch": 48}]}},
    "event": {"kind": "event", "slug": "e", "name": "E", "date": "2026-12-24", "output_mode": "bundled",
              "finished_goods": [{"finished_good": "bag", "quantity": 5}]},
    "runs": {"kind": "runs", "event": "e", "assembly": [{"seq": 1, "at": "2026-12-01T10:00:00Z",
                                                          "finished_good": "bag", "quantity": 2, "snapshot": "a" * 64}]},
}  # fmt: skip


@pytest.mark.parametrize("kind", sorted(_BASES))
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_compiled_and_reference_validators_agree(kind, data):
    doc = data.draw(_mutated(kind, _BASES[kind]))
    reference = jsonschema.Draft202012Validator(
        schemas.load_schema(kind), format_checker=schemas._reference_validator(kind).format_checker
    )
    assert schemas.is_valid(kind, doc) == reference.is_valid(doc)
    assert (schemas.check(kind, doc) == []) == reference.is_valid(doc)
