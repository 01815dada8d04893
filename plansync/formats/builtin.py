"""The built-in YAML and JSON formats (the codecs the core reads with).

They reach commands the way any plugin's formats do: through the
``register_formats`` hook (:mod:`plansync.plugins.default_formats`).
"""

from __future__ import annotations

import json
import re
from functools import partial
from typing import Any

from plansync.errors import LoadError, Pointer
from plansync.formats.format import Format, Formats

# The YAML reader (and ruamel.yaml under it) is imported on first use: a
# command answered from the load cache never parses a file. The JSON reader
# shares its limits and positions.


def position_of(text: str, index: int) -> tuple[int, int]:
    from plansync.formats.yamlread import position_of as position  # ruamel.yaml: only when a file is parsed

    return position(text, index)


def parse_yaml(text: str) -> Any:
    from plansync.formats.yamlread import parse_yaml as parse  # ruamel.yaml: only when a file is parsed

    return parse(text)


def locate_yaml(text: str, pointer: Pointer, at_key: bool = False) -> tuple[int, int] | None:
    from plansync.formats.yamlread import locate  # ruamel.yaml: only when a file is parsed

    return locate(text, pointer, at_key)


def _yaml_dump(data: Any) -> str:
    from plansync.formats.yamlwrite import dump  # ruamel.yaml: only when a file is written

    return dump(data)


def _yaml_update(old_text: str, data: Any) -> str:
    from plansync.formats.yamlwrite import update  # ruamel.yaml: only when a file is written

    return update(old_text, data)


class _BadNumber(Exception):
    def __init__(self, literal: str, message: str) -> None:
        super().__init__(message)
        self.literal = literal


def _no_constants(name: str) -> Any:
    raise _BadNumber(name, f"{name} is not a number JSON allows")


def _finite_float(text: str) -> float:
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise _BadNumber(text, f"number {text[:24]} is out of range")
    return value


def _big_int(text: str, limit: int) -> int:
    if len(text) > 20 or abs(int(text)) > limit:
        raise _BadNumber(text, f"number {text[:24]} is out of range")
    return int(text)


def _position_of(text: str, literal: str) -> tuple[int, int]:
    """Where a bad number literal first stands outside a string."""
    match = re.search(r'(?<![\w".])' + re.escape(literal) + r'(?![\w"])', text)
    if match is None:
        return 1, 1
    return position_of(text, match.start())


class _DuplicateKey(Exception):
    pass


def _pairs(pairs: list[tuple[str, Any]]) -> dict:
    result = dict(pairs)
    if len(result) != len(pairs):
        raise _DuplicateKey
    return result


#: Python's JSON messages that read oddly on their own.
_JSON_MESSAGES = {
    "Unterminated string starting at": "a string starts here and never ends",
    "Expecting value": "expected a value here (a trailing comma?)",
    "Extra data": "more after the end of the document",
}

_JSON_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')


def _check_json_depth(text: str) -> None:
    """Refuse nesting past MAX_DEPTH before Python's parser recurses into it."""
    from plansync.formats.yamlread import MAX_DEPTH  # ruamel.yaml: only when a file is parsed

    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return
    depth = 0
    for match in _JSON_TOKEN.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                line, column = position_of(text, match.start())
                raise LoadError(f"values nested deeper than {MAX_DEPTH} levels", line=line, column=column, code="too-deep")
        elif token in "]}":
            depth -= 1


def _json_read(text: str) -> Any:
    from plansync.formats.yamlread import MAX_INT  # ruamel.yaml: only when a file is parsed

    _check_json_depth(text)
    try:
        return json.loads(
            text, object_pairs_hook=_pairs, parse_constant=_no_constants,
            parse_int=partial(_big_int, limit=MAX_INT), parse_float=_finite_float,
        )  # fmt: skip
    except json.JSONDecodeError as exc:
        message = _JSON_MESSAGES.get(exc.msg, exc.msg)
        line, column = position_of(text, exc.pos)  # lines break at CR too, as editors show them
        raise LoadError(f"JSON syntax: {message}", line=line, column=column, code="json-syntax") from None
    except _DuplicateKey:
        # JSON is YAML flow syntax: the YAML reader finds where the duplicate is.
        try:
            parse_yaml(text.replace("\t", " "))
        except LoadError as exc:
            if exc.code == "duplicate-key":
                raise
        raise LoadError("duplicate key in a JSON object", line=1, column=1, code="duplicate-key") from None
    except _BadNumber as exc:
        line, column = _position_of(text, exc.literal)
        raise LoadError(str(exc), line=line, column=column, code="number-range") from None
    except RecursionError:
        raise LoadError("values nested too deeply", line=1, column=1, code="too-deep") from None


def _json_dump(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _json_locate(text: str, pointer: Pointer, at_key: bool) -> tuple[int, int] | None:
    # Tabs are JSON white space but not YAML indentation; one space keeps columns.
    return locate_yaml(text.replace("\t", " "), pointer, at_key)


YAML = Format(
    name="yaml",
    extensions=(".yaml", ".yml"),
    read=parse_yaml,
    dump=_yaml_dump,
    update=_yaml_update,
    locate=locate_yaml,
)
JSON = Format(name="json", extensions=(".json",), read=_json_read, dump=_json_dump, locate=_json_locate)


#: The built-in formats alone: what a library caller reads with when it
#: hands no registry down.
BUILTIN = Formats.of(YAML, JSON)
