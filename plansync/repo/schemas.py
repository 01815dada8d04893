"""JSON Schemas: where they live, checking documents, and explaining failures.

One schema source, two validators: the compiled ``jsonschema-rs`` answers
"is this document valid?" in microseconds for the common case, and the
reference ``jsonschema`` implementation explains the documents that are
not, one :class:`SchemaFinding` per problem, each with the pointer to the
offending value. A test checks that both agree on a corpus.
"""

from __future__ import annotations

import datetime
import difflib
import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from plansync.errors import Pointer

#: Files plansync knows, by their ``kind`` field.
KINDS = (
    "ingredient",
    "recipe",
    "finished_unit",
    "material",
    "material_unit",
    "finished_good",
    "recipient",
    "package",
    "product",
    "supplier",
    "inventory",
    "purchases",
    "event",
    "snapshot",
    "amendments",
    "runs",
)
SETTINGS = "settings"
SCHEMA_BASE = "https://plansync.dev/schemas/"
#: The key a JSON file names its schema by for editors (YAML files use the
#: modeline comment): every plan file's schema allows it, nothing reads it.
EDITOR_KEY = "$schema"


def shipped(packaged: str, checkout: str) -> Path:
    """A data folder the wheel carries inside the package as ``packaged``;
    in a source checkout (an editable install) it is ``checkout`` beside it."""
    package = Path(__file__).parent.parent
    inside = package / packaged
    return inside if inside.is_dir() else package.parent / checkout


def schema_dir() -> Path:
    """The schemas shipped in the wheel, or those of a source checkout."""
    return shipped("schemas", "schemas")


def schema_file(kind: str) -> Path:
    return schema_dir() / f"{kind}.schema.json"


@cache
def load_schema(kind: str) -> dict:
    with open(schema_file(kind), encoding="utf-8") as handle:
        return json.load(handle)


@cache
def schema_version() -> str:
    """A digest of every schema: validation results cached under it are
    invalidated when any schema changes."""
    import hashlib

    digest = hashlib.sha256()
    for kind in (*KINDS, SETTINGS):
        digest.update(schema_file(kind).read_bytes())
    return digest.hexdigest()[:16]


@cache
def _fast_validator(kind: str) -> Any:
    import jsonschema_rs

    return jsonschema_rs.Draft202012Validator(load_schema(kind), validate_formats=True)


_RFC3339 = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?([Zz]|[+-]\d\d:\d\d)\Z")


def _is_date_time(value: object) -> bool:
    if not isinstance(value, str):
        return True
    if not _RFC3339.match(value):
        return False
    try:
        datetime.datetime.fromisoformat(value.replace("z", "Z"))
    except ValueError:
        return False
    return True


def _is_date(value: object) -> bool:
    if not isinstance(value, str):
        return True
    if not re.fullmatch(r"\d{4}-\d\d-\d\d", value):
        return False
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return False
    return True


@cache
def _reference_validator(kind: str) -> Any:
    import jsonschema

    # Our own date checks: jsonschema's date-time check needs an optional
    # package, and the compiled validator is strict RFC 3339; both must agree.
    checker = jsonschema.FormatChecker(formats=())
    checker.checks("date")(_is_date)
    checker.checks("date-time")(_is_date_time)
    return jsonschema.Draft202012Validator(load_schema(kind), format_checker=checker)


@dataclass(frozen=True)
class SchemaFinding:
    pointer: Pointer
    code: str
    message: str
    at_key: bool = False


def is_valid(kind: str, data: Any) -> bool:
    return _fast_validator(kind).is_valid(data)


def check(kind: str, data: Any) -> list[SchemaFinding]:
    """Every schema problem of ``data`` (empty when valid), text that cannot
    be stored as UTF-8 included."""
    unencodable = encoding_findings(data)
    if is_valid(kind, data):
        return unencodable
    return sorted({*unencodable, *explain(kind, data)}, key=lambda f: (tuple(str(p) for p in f.pointer), f.message))


_SURROGATE = re.compile("[\ud800-\udfff]")


def encoding_findings(data: Any) -> list[SchemaFinding]:
    """Text holding a lone surrogate (JSON's ``"\\ud800"``): no UTF-8 file,
    database or JSON output can hold it, so it would pass the schema and
    then break every step after it; it is refused where it is read."""
    findings: list[SchemaFinding] = []
    stack: list[tuple[Pointer, Any]] = [((), data)]
    while stack:
        pointer, value = stack.pop()
        if isinstance(value, str):
            if _SURROGATE.search(value):
                findings.append(SchemaFinding(pointer, "encoding", _surrogate_message(value)))
        elif isinstance(value, dict):
            for key, item in value.items():
                if isinstance(key, str) and _SURROGATE.search(key):
                    findings.append(SchemaFinding((*pointer, key), "encoding", _surrogate_message(key), at_key=True))
                stack.append(((*pointer, key), item))
        elif isinstance(value, list):
            stack.extend(((*pointer, index), item) for index, item in enumerate(value))
    return sorted(findings, key=lambda f: tuple(str(p) for p in f.pointer))


def _surrogate_message(text: str) -> str:
    found = _SURROGATE.search(text)
    assert found is not None
    return (
        f"text holds a lone surrogate (\\u{ord(found.group()):04x}), which cannot be stored as UTF-8; "
        "write the character itself, or a surrogate pair"
    )


def explain(kind: str, data: Any) -> list[SchemaFinding]:
    validator = _reference_validator(kind)
    findings: list[SchemaFinding] = []
    for error in validator.iter_errors(data):
        findings.extend(_describe(error, validator))
    unique = {(f.pointer, f.code, f.message): f for f in findings}
    return sorted(unique.values(), key=lambda f: (tuple(str(p) for p in f.pointer), f.message))


def _resolve(schema: dict, validator: Any) -> dict:
    ref = schema.get("$ref")
    if ref and ref.startswith("#/"):
        node: Any = validator.schema
        for part in ref[2:].split("/"):
            node = node[part]
        return node
    return schema


def _show(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "..."


_TYPE_NAMES = {
    "string": "text",
    "number": "a number",
    "integer": "a whole number",
    "object": "a mapping",
    "array": "a list",
    "boolean": "true or false",
    "null": "null",
}


def _describe(error: Any, validator: Any) -> list[SchemaFinding]:
    pointer: Pointer = tuple(error.absolute_path)
    keyword = error.validator
    value = error.instance
    schema = error.schema
    if keyword == "additionalProperties" and isinstance(value, dict):
        # `$schema` is for editors: offered when it is nearly what was typed, never listed.
        allowed = sorted(name for name in schema.get("properties", {}) if name != EDITOR_KEY)
        near = sorted(schema.get("properties", {}))
        findings = []
        for key in value:
            if key in schema.get("properties", {}):
                continue
            hint = difflib.get_close_matches(str(key), near, n=1)
            suggestion = f"; did you mean {hint[0]!r}?" if hint else f"; allowed: {', '.join(allowed)}"
            findings.append(SchemaFinding((*pointer, key), "unknown-field", f"unknown field {key!r}{suggestion}", True))
        return findings
    if keyword == "required":
        missing = [name for name in error.validator_value if isinstance(value, dict) and name not in value]
        return [SchemaFinding(pointer, "missing-field", f"missing required field {name!r}") for name in missing]
    if keyword in ("oneOf", "anyOf"):
        return _describe_alternatives(error, validator, pointer)
    if keyword == "type":
        wanted = error.validator_value
        names = " or ".join(_TYPE_NAMES.get(t, t) for t in (wanted if isinstance(wanted, list) else [wanted]))
        return [SchemaFinding(pointer, "wrong-type", f"expected {names}, got {_show(value)}")]
    if keyword in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        bound = error.validator_value
        phrase = {
            "minimum": f"at least {bound}",
            "maximum": f"at most {bound:g}" if isinstance(bound, float) else f"at most {bound}",
            "exclusiveMinimum": f"greater than {bound}",
            "exclusiveMaximum": f"less than {bound}",
        }[keyword]
        return [SchemaFinding(pointer, "out-of-range", f"must be {phrase}, got {_show(value)}")]
    if keyword == "enum":
        options = ", ".join(str(v) for v in error.validator_value)
        return [SchemaFinding(pointer, "bad-value", f"{_show(value)} is not one of: {options}")]
    if keyword == "const":
        return [SchemaFinding(pointer, "bad-value", f"must be {_show(error.validator_value)}, got {_show(value)}")]
    if keyword == "pattern":
        if "a-z0-9" in error.validator_value:
            what = "is not a valid slug (lower-case letters, digits and hyphens, like 'sugar-cookie')"
        elif "0-9a-f]{64}" in error.validator_value:
            what = "is not a sha256 (64 lower-case hex digits)"
        elif error.validator_value == "\\S":
            what = "must not be blank"
        else:
            what = f"does not match {error.validator_value}"
        return [SchemaFinding(pointer, "bad-value", f"{_show(value)} {what}")]
    if keyword == "format":
        example = {"date": "2026-12-24", "date-time": "2026-12-24T09:30:00Z"}.get(error.validator_value, "")
        return [
            SchemaFinding(
                pointer,
                "bad-value",
                f"{_show(value)} is not a valid {error.validator_value}" + (f" (like {example})" if example else ""),
            )
        ]
    if keyword == "minItems":
        return [SchemaFinding(pointer, "missing-field", "must list at least one entry")]
    if keyword == "maxLength":
        return [SchemaFinding(pointer, "out-of-range", f"is longer than {error.validator_value} characters")]
    if keyword == "minLength":
        return [SchemaFinding(pointer, "bad-value", "must not be empty")]
    return [SchemaFinding(pointer, "schema", error.message)]


def _describe_alternatives(error: Any, validator: Any, pointer: Pointer) -> list[SchemaFinding]:
    """Explain a failed ``oneOf``: pick the branch the author meant.

    Our alternatives are told apart by their first required key (a component
    names exactly one of finished_unit, finished_good, material_unit).
    """
    value = error.instance
    branches = [_resolve(b, validator) for b in error.validator_value]
    keys = [b.get("required", [None])[0] for b in branches]
    if isinstance(value, dict) and all(keys) and len(set(keys)) == 1:
        # Same first key in every branch (yield modes): the branch is chosen by a const.
        findings = _describe_by_const(error, validator, branches, value, pointer)
        if findings:
            return findings
    elif isinstance(value, dict) and all(keys):
        present = [k for k in keys if k in value]
        if len(present) > 1:
            return [
                SchemaFinding(
                    pointer, "bad-value", f"names more than one of {', '.join(keys)}: use exactly one per entry"
                )
            ]
        if not present:
            return [SchemaFinding(pointer, "missing-field", f"needs exactly one of {', '.join(keys)}")]
        index = keys.index(present[0])
        sub = [e for e in (error.context or []) if e.relative_schema_path and e.relative_schema_path[0] == index]
        findings = [f for e in sub for f in _describe(e, validator)]
        if findings:
            return findings
    if error.context:
        import jsonschema

        best = jsonschema.exceptions.best_match(error.context)
        return _describe(best, validator)
    return [SchemaFinding(pointer, "schema", error.message)]


def _describe_by_const(
    error: Any, validator: Any, branches: list[dict], value: dict, pointer: Pointer
) -> list[SchemaFinding]:
    for key, prop in branches[0].get("properties", {}).items():
        if "const" not in prop:
            continue
        allowed = [b.get("properties", {}).get(key, {}).get("const") for b in branches]
        if key not in value:
            return [SchemaFinding(pointer, "missing-field", f"missing required field {key!r}")]
        if value[key] not in allowed:
            options = ", ".join(str(a) for a in allowed)
            return [SchemaFinding((*pointer, key), "bad-value", f"{_show(value[key])} is not one of: {options}")]
        index = allowed.index(value[key])
        sub = [e for e in (error.context or []) if e.relative_schema_path and e.relative_schema_path[0] == index]
        return [f for e in sub for f in _describe(e, validator)]
    return []
