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
  billion-laughs file stops in milliseconds), values may not nest past
  :data:`MAX_DEPTH` levels, and numbers must be finite and fit in 64 bits.

libyaml's composer recurses in C, once per level, and a deep enough file
(``- - - - ...``, two bytes a level) overflows the C stack and kills the
process outright. So before it sees a file, bracket nesting past
:data:`MAX_FLOW_DEPTH` is refused, and a big file whose layout allows
deep block nesting has its depth measured from parser events (which do
not recurse).

The node tree keeps marks; :func:`locate` re-composes a file to map a
pointer to its line and column, so only files with problems pay for it.
"""

from __future__ import annotations

import math
import re
from typing import Any

from ruamel.yaml.error import MarkedYAMLError
from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode
from ruamel.yaml.reader import ReaderError
from ruamel.yaml.tag import Tag

from plansync.errors import LoadError, Pointer

try:
    from ruamel.yaml.cyaml import CParser
except ImportError:  # pragma: no cover - ruamel.yaml.clib is a dependency
    CParser = None

MAX_EXPANDED_NODES = 100_000
#: Values nest at most this deep (plan files need fewer than 10 levels).
MAX_DEPTH = 100
MAX_FLOW_DEPTH = 200
#: Block nesting takes at least two bytes a level: a file this small cannot
#: nest deep enough to trouble the C composer.
BLOCK_CHECK_BYTES = 8192
#: Past this bound on block depth, depth is measured before composing.
COMPOSE_SAFE_DEPTH = 2000
#: The indentation and block indicators (``- ``, ``? ``, ``: ``, anchors,
#: tags) a line starts with: every block collection on a line starts
#: within it, so nesting depth is at most twice the longest one.
_STRUCTURE = re.compile(r"^[ \t]*(?:(?:[-?:]|[&!][^ \t\n]*)(?:[ \t]+|$))*", re.M)
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
        _check_block_depth(text)
        if CParser is None:  # pragma: no cover
            from ruamel.yaml import YAML

            return YAML(typ="safe", pure=True).compose(text)
        return _Parser(text).get_single_node()
    except ReaderError as exc:
        position = exc.position if isinstance(exc.position, int) else 0
        line, column = position_of(text, position)
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
                message += f" at line {position_of(text, exc.context_mark.index)[0]}"
            message += ")"
        line, column = position_of(text, mark.index) if mark else (None, None)
        raise LoadError(f"YAML syntax: {message}", line=line, column=column, code="yaml-syntax") from None


_BREAK = re.compile(r"\r\n|\r|\n")


def position_of(text: str, index: int) -> tuple[int, int]:
    """Line and column (1-based) of character ``index``. YAML 1.2 breaks
    lines at LF, CR LF and CR only; libyaml (YAML 1.1) also breaks at NEL,
    LS and PS, which editors show inside a line, so its own line numbers
    are not used."""
    line, start = 1, 0
    for match in _BREAK.finditer(text, 0, index):
        line, start = line + 1, match.end()
    return line, index - start + 1


def _at_mark(error: LoadError, text: str) -> LoadError:
    """``error`` located from its mark's character index (see :func:`position_of`)."""
    index = getattr(error, "index", None)
    if index is not None:
        error.line, error.column = position_of(text, index)
    return error


def _check_flow_depth(text: str) -> None:
    """Refuse bracket nesting the C composer would recurse on until it crashes."""
    if text.count("[") + text.count("{") <= MAX_FLOW_DEPTH:
        return
    depth = 0
    for i, char in enumerate(text):
        if char in "[{":
            depth += 1
            if depth > MAX_FLOW_DEPTH:
                line, column = position_of(text, i)
                raise LoadError(
                    f"brackets nested deeper than {MAX_FLOW_DEPTH} levels", line=line, column=column, code="too-deep"
                )
        elif char in "]}":
            depth = max(0, depth - 1)


def _too_deep(mark: Any) -> LoadError:
    error = LoadError(
        f"values nested deeper than {MAX_DEPTH} levels", line=mark.line + 1, column=mark.column + 1, code="too-deep"
    )
    error.index = mark.index  # type: ignore[attr-defined]
    return error


def _check_block_depth(text: str) -> None:
    """Refuse block nesting past :data:`MAX_DEPTH` in a file whose layout
    allows the C composer to recurse dangerously deep."""
    if len(text) < BLOCK_CHECK_BYTES or CParser is None:
        return
    widest = max((match.end() - match.start() for match in _STRUCTURE.finditer(text)), default=0)
    if 2 * widest + 2 <= COMPOSE_SAFE_DEPTH:
        return
    from ruamel.yaml.events import CollectionEndEvent, CollectionStartEvent

    parser = _Parser(text)
    depth = 0
    while parser.check_event():
        event = parser.get_event()
        if isinstance(event, CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise _at_mark(_too_deep(event.start_mark), text)
        elif isinstance(event, CollectionEndEvent):
            depth -= 1


def _tag_name(tag: str) -> str:
    return tag.replace("tag:yaml.org,2002:", "!!")


def _located(message: str, node: Any, code: str) -> LoadError:
    """An error at ``node``; :func:`parse_yaml` locates it from the mark's index."""
    mark = node.start_mark
    error = LoadError(message, line=mark.line + 1, column=mark.column + 1, code=code)
    error.index = mark.index  # type: ignore[attr-defined]
    return error


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

    __slots__ = ("budget", "depth", "top")

    def __init__(self, budget: int | None) -> None:
        self.budget = budget
        self.depth = 0
        #: The value of the top-level key being built (where a bomb goes off).
        self.top: Any = None

    def build(self, node: Any) -> Any:
        if self.budget is not None:
            self.budget -= 1
            if self.budget < 0:
                # Located at the top-level value that blew up, not at the
                # anchored node it repeats (which may be many lines above).
                raise _located(
                    f"aliases expand past {MAX_EXPANDED_NODES} values (an alias bomb?)",
                    self.top or node,
                    "alias-bomb",
                )
        cls = node.__class__
        if cls is MappingNode:
            if node.ctag is not _MAP and str(node.ctag) != _MAP_NAME:
                raise _located(f"tag {_tag_name(node.tag)} is not allowed in plan files", node, "unsafe-tag")
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise _too_deep(node.start_mark)
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
                if self.depth == 1:
                    self.top = value_node
                result[key] = self.build(value_node)
            self.depth -= 1
            return result
        if cls is SequenceNode:
            if node.ctag is not _SEQ and str(node.ctag) != _SEQ_NAME:
                raise _located(f"tag {_tag_name(node.tag)} is not allowed in plan files", node, "unsafe-tag")
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise _too_deep(node.start_mark)
            items = [self.build(item) for item in node.value]
            self.depth -= 1
            return items
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
    except LoadError as error:
        raise _at_mark(error, text) from None
    except RecursionError:  # a caller deep in its own stack: still a located refusal
        raise LoadError(f"values nested deeper than Python can follow here (at most {MAX_DEPTH} levels are allowed)",
                        line=1, column=1, code="too-deep") from None


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
    return position_of(text, mark.index)
