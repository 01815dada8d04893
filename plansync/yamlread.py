"""The YAML read path: libyaml's C parser plus a small YAML 1.2 constructor.

Why not ``ruamel.yaml``'s own loaders: its safe loader costs ~2.7x a plain C
parse and its round-trip loader ~14x, and validation reads every file. Here
libyaml (through ``ruamel.yaml.clib``) composes the node tree in C; the
resolver only marks plain scalars, and :func:`_Builder.build` turns nodes
into plain Python values with YAML 1.2 core-schema rules:

- ``yes``/``no``/``on``/``off`` are strings; dates are strings (the schemas
  check their format); ``true``/``false``/``null``/``~``, integers and
  floats are what YAML 1.2 says;
- a duplicate mapping key is an error at the second key;
- a tag other than the core ones (``!!python/object``, ``!!binary``,
  ``!custom``...) is an error, so no object is ever constructed;
- aliases may not expand past :data:`MAX_EXPANDED_NODES` nodes (a
  billion-laughs file stops in milliseconds), nesting past
  :data:`MAX_FLOW_DEPTH` brackets is refused before the C parser sees it,
  and numbers must be finite and fit in 64 bits.

The node tree keeps marks; :func:`locate` re-composes a file to map a
pointer to its line and column, so only files with problems pay for it.
"""

from __future__ import annotations

import math
import re
from typing import Any

from ruamel.yaml.error import MarkedYAMLError
from ruamel.yaml.reader import ReaderError
from ruamel.yaml.tag import Tag
from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode

from plansync.errors import LoadError, Pointer

try:
    from ruamel.yaml.cyaml import CParser
except ImportError:  # pragma: no cover - ruamel.yaml.clib is a dependency
    CParser = None

MAX_EXPANDED_NODES = 100_000
MAX_FLOW_DEPTH = 200
MAX_INT = 2**63 - 1

# The resolver hands out these shared Tag objects: ruamel's nodes would
# otherwise build (and later decode) a Tag per node, which costs more than
# the C parse itself. The builder compares them by identity.
_PLAIN = Tag(suffix="?plain")
_STR = Tag(suffix="tag:yaml.org,2002:str")
_MAP = Tag(suffix="tag:yaml.org,2002:map")
_SEQ = Tag(suffix="tag:yaml.org,2002:seq")
_PLAIN_NAME = "?plain"
_STR_NAME = "tag:yaml.org,2002:str"
_MAP_NAME = "tag:yaml.org,2002:map"
_SEQ_NAME = "tag:yaml.org,2002:seq"
_CORE_SCALAR_TAGS = {
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
}

_SPECIAL = {
    "true": True, "True": True, "TRUE": True,
    "false": False, "False": False, "FALSE": False,
    "null": None, "Null": None, "NULL": None, "~": None, "": None,
    ".inf": math.inf, ".Inf": math.inf, ".INF": math.inf,
    "+.inf": math.inf, "+.Inf": math.inf, "+.INF": math.inf,
    "-.inf": -math.inf, "-.Inf": -math.inf, "-.INF": -math.inf,
    ".nan": math.nan, ".NaN": math.nan, ".NAN": math.nan,
}  # fmt: skip
_INT = re.compile(r"[-+]?[0-9]+\Z")
_INT_OTHER = re.compile(r"0o[0-7]+\Z|0x[0-9a-fA-F]+\Z")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?\Z")
_NUMBER_START = frozenset("0123456789-+.")


if CParser is not None:

    class _Parser(CParser):
        """libyaml composer whose resolver only tells plain scalars apart."""

        def descend_resolver(self, *args: Any) -> None:
            pass

        def ascend_resolver(self, *args: Any) -> None:
            pass

        def resolve(self, kind: type, value: Any, implicit: Any) -> Tag:
            if kind is ScalarNode:
                return _PLAIN if implicit[0] else _STR
            return _MAP if kind is MappingNode else _SEQ


def _compose(text: str) -> Any:
    _check_flow_depth(text)
    try:
        if CParser is None:  # pragma: no cover
            from ruamel.yaml import YAML

            return YAML(typ="safe", pure=True).compose(text)
        return _Parser(text).get_single_node()
    except ReaderError as exc:
        position = exc.position if isinstance(exc.position, int) else 0
        line = text.count("\n", 0, position) + 1
        column = position - (text.rfind("\n", 0, position) + 1) + 1
        character = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "?")
        raise LoadError(
            f"character U+{character:04X} is not allowed in YAML (control characters and NUL bytes)",
            line=line,
            column=column,
            code="bad-character",
        ) from None
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = exc.problem or "not valid YAML"
        if exc.context and exc.problem:
            message = f"{exc.problem} ({exc.context}"
            if exc.context_mark is not None and exc.context_mark is not mark:
                message += f" at line {exc.context_mark.line + 1}"
            message += ")"
        raise LoadError(
            f"YAML syntax: {message}",
            line=mark.line + 1 if mark else None,
            column=mark.column + 1 if mark else None,
            code="yaml-syntax",
        ) from None


def _check_flow_depth(text: str) -> None:
    """Refuse bracket nesting the C composer would recurse on until it crashes."""
    if text.count("[") + text.count("{") <= MAX_FLOW_DEPTH:
        return
    depth = 0
    line = 1
    for i, char in enumerate(text):
        if char in "[{":
            depth += 1
            if depth > MAX_FLOW_DEPTH:
                column = i - text.rfind("\n", 0, i)
                raise LoadError(
                    f"brackets nested deeper than {MAX_FLOW_DEPTH} levels",
                    line=line,
                    column=column,
                    code="too-deep",
                )
        elif char in "]}":
            depth = max(0, depth - 1)
        elif char == "\n":
            line += 1


def _tag_name(tag: str) -> str:
    return tag.replace("tag:yaml.org,2002:", "!!")


def _located(message: str, node: Any, code: str) -> LoadError:
    mark = node.start_mark
    return LoadError(message, line=mark.line + 1, column=mark.column + 1, code=code)


def _scalar(node: Any) -> Any:
    ctag = node.ctag
    value = node.value
    if ctag is _STR:
        return value
    tag = _PLAIN_NAME if ctag is _PLAIN else str(ctag)
    if tag == _STR_NAME:
        return value
    if tag != _PLAIN_NAME and tag not in _CORE_SCALAR_TAGS:
        raise _located(f"tag {_tag_name(tag)} is not allowed in plan files", node, "unsafe-tag")
    if value in _SPECIAL:
        result = _SPECIAL[value]
    elif value[:1] in _NUMBER_START and (_INT.match(value) or _INT_OTHER.match(value)):
        if len(value) > 20:
            raise _located(f"number {value[:24]}... is out of range", node, "number-range")
        result = int(value, 0) if value[:2] in ("0o", "0x") else int(value)
        if abs(result) > MAX_INT:
            raise _located(f"number {value} is out of range", node, "number-range")
    elif value[:1] in _NUMBER_START and _FLOAT.match(value):
        result = float(value)
    elif tag == _PLAIN_NAME:
        return value
    else:
        raise _located(f"{value!r} is not a valid {_tag_name(tag)}", node, "yaml-syntax")
    if result.__class__ is float and not math.isfinite(result):
        raise _located(f"number {value} is not finite", node, "number-range")
    return result


def _key(node: Any) -> str:
    if node.__class__ is not ScalarNode:
        raise _located("a mapping key must be a plain name, not a collection", node, "yaml-syntax")
    if node.ctag is not _PLAIN and node.ctag is not _STR and str(node.ctag) != _STR_NAME:
        raise _located(f"tag {_tag_name(node.tag)} is not allowed in plan files", node, "unsafe-tag")
    return node.value


class _Builder:
    """Turns a node tree into plain values, counting nodes when aliases may repeat them."""

    __slots__ = ("budget",)

    def __init__(self, budget: int | None) -> None:
        self.budget = budget

    def build(self, node: Any) -> Any:
        if self.budget is not None:
            self.budget -= 1
            if self.budget < 0:
                raise _located(
                    f"aliases expand past {MAX_EXPANDED_NODES} values (an alias bomb?)",
                    node,
                    "alias-bomb",
                )
        cls = node.__class__
        if cls is MappingNode:
            if node.ctag is not _MAP and str(node.ctag) != _MAP_NAME:
                raise _located(f"tag {_tag_name(node.tag)} is not allowed in plan files", node, "unsafe-tag")
            result: dict[str, Any] = {}
            for key_node, value_node in node.value:
                key = _key(key_node)
                if key in result:
                    first = next(k for k, _ in node.value if k.value == key)
                    raise _located(
                        f"duplicate key {key!r} (first at line {first.start_mark.line + 1})",
                        key_node,
                        "duplicate-key",
                    )
                result[key] = self.build(value_node)
            return result
        if cls is SequenceNode:
            if node.ctag is not _SEQ and str(node.ctag) != _SEQ_NAME:
                raise _located(f"tag {_tag_name(node.tag)} is not allowed in plan files", node, "unsafe-tag")
            return [self.build(item) for item in node.value]
        return _scalar(node)


def parse_yaml(text: str) -> Any:
    """Parse one YAML document into plain values; raise :class:`LoadError`."""
    node = _compose(text)
    if node is None:
        raise LoadError("the file holds no document", line=1, column=1, code="empty-file")
    # Without '*' there is no alias, so no node can be reached twice.
    builder = _Builder(MAX_EXPANDED_NODES if "*" in text else None)
    try:
        return builder.build(node)
    except RecursionError:
        raise LoadError("values nested too deeply", line=1, column=1, code="too-deep") from None


def locate(text: str, pointer: Pointer, at_key: bool = False) -> tuple[int, int] | None:
    """Line and column (1-based) of the value at ``pointer``, or of its key.

    When the pointer leads past what the file holds (a missing field), the
    deepest node found is used: the mapping that lacks the field.
    """
    try:
        node = _compose(text)
    except LoadError:
        return None
    if node is None:
        return None
    mark = node.start_mark
    last = len(pointer) - 1
    for depth, step in enumerate(pointer):
        if node.__class__ is MappingNode:
            for key_node, value_node in node.value:
                if key_node.__class__ is ScalarNode and key_node.value == step:
                    mark = key_node.start_mark if at_key and depth == last else value_node.start_mark
                    node = value_node
                    break
            else:
                break
        elif node.__class__ is SequenceNode and isinstance(step, int) and 0 <= step < len(node.value):
            node = node.value[step]
            mark = node.start_mark
        else:
            break
    return mark.line + 1, mark.column + 1
