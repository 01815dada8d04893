"""The YAML write path: ruamel.yaml round-trip, so edits stay minimal.

:func:`update` loads the existing text with its comments, walks the new data
into that tree (keeping every unchanged node, with its comments, quoting and
flow style; matching list items by content so a removed entry removes one
entry), and dumps it with the file's own indentation. :func:`dump` writes a
new document in the house style: block mappings, short flat records as
one-line flow mappings (``- {ingredient: butter, quantity: 1, unit: cup}``).
Both are deterministic: the same input gives the same bytes.
"""

from __future__ import annotations

import datetime
import difflib
import io
import json
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.representer import RoundTripRepresenter

#: A mapping inside a list is written on one line when it is flat and short.
FLOW_MAX_KEYS = 6
FLOW_MAX_CHARS = 100


class _NewFileRepresenter(RoundTripRepresenter):
    """A new file says ``event: null`` (ruamel writes ``event:``); rewrites of
    existing files keep however the baker wrote an empty value. A subclass,
    because ruamel's add_representer changes the class it is called on."""


_NewFileRepresenter.add_representer(
    type(None), lambda representer, _: representer.represent_scalar("tag:yaml.org,2002:null", "null")
)


def _yaml(mapping_indent: int = 2, sequence_indent: int = 4, offset: int = 2) -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=mapping_indent, sequence=sequence_indent, offset=offset)
    return yaml


def _is_flat(value: dict) -> bool:
    if len(value) > FLOW_MAX_KEYS:
        return False
    if any(isinstance(v, (dict, list)) for v in value.values()):
        return False
    return len(json.dumps(value, ensure_ascii=False)) <= FLOW_MAX_CHARS


def to_tree(value: Any, in_sequence: bool = False) -> Any:
    """Plain data -> ruamel nodes in the house style."""
    if isinstance(value, dict):
        node = CommentedMap((k, to_tree(v)) for k, v in value.items())
        if in_sequence and _is_flat(value):
            node.fa.set_flow_style()
        else:
            node.fa.set_block_style()
        return node
    if isinstance(value, list):
        seq = CommentedSeq(to_tree(v, in_sequence=True) for v in value)
        seq.fa.set_block_style()
        return seq
    return value


def _render(yaml: YAML, tree: Any) -> str:
    out = io.StringIO()
    yaml.dump(tree, out)
    return out.getvalue()


def dump(data: Any) -> str:
    """A new YAML document for ``data``."""
    yaml = _yaml()
    yaml.Representer = _NewFileRepresenter
    return _render(yaml, to_tree(data))


def _same_scalar(old: Any, new: Any) -> bool:
    if isinstance(old, (datetime.date, datetime.datetime)):
        # The round-trip loader reads unquoted dates as dates; plansync keeps them as text.
        return isinstance(new, str) and new in (str(old), old.isoformat())
    if isinstance(old, bool) or isinstance(new, bool):
        return isinstance(old, bool) and isinstance(new, bool) and bool(old) == bool(new)
    if isinstance(old, (int, float)) and isinstance(new, (int, float)):
        return float(old) == float(new) and isinstance(old, int) == isinstance(new, int)
    return old == new


def _key(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=str)


def _plain(node: Any) -> Any:
    if isinstance(node, dict):
        return {str(k): _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    if isinstance(node, bool):
        return bool(node)
    if isinstance(node, int):
        return int(node)
    if isinstance(node, float):
        return float(node)
    if isinstance(node, (datetime.date, datetime.datetime)):
        return str(node)
    if isinstance(node, str):
        return str(node)
    return node


def _merge_sequence(old: CommentedSeq, new: list) -> CommentedSeq:
    old_keys = [_key(_plain(v)) for v in old]
    new_keys = [_key(v) for v in new]
    flow = any(isinstance(v, CommentedMap) and v.fa.flow_style() for v in old)
    result: list[Any] = []
    matcher = difflib.SequenceMatcher(a=old_keys, b=new_keys, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            result.extend(old[a1:a2])
        elif op == "replace" and a2 - a1 == b2 - b1:
            result.extend(merge(old[a1 + i], new[b1 + i]) for i in range(a2 - a1))
        else:
            for value in new[b1:b2]:
                node = to_tree(value, in_sequence=True)
                if isinstance(node, CommentedMap) and flow and _is_flat(value):
                    node.fa.set_flow_style()
                result.append(node)
    # Edit in place so the comments ruamel keeps on the sequence survive.
    kept = {id(node) for node in result}
    for index in range(len(old) - 1, -1, -1):
        if id(old[index]) not in kept:
            del old[index]
    for index, node in enumerate(result):
        if index < len(old) and old[index] is node:
            continue
        old.insert(index, node)
    return old


def merge(old: Any, new: Any) -> Any:
    """Walk ``new`` into the round-trip tree ``old``, keeping what is unchanged."""
    if isinstance(old, CommentedMap) and isinstance(new, dict):
        for key in [k for k in old if k not in new]:
            del old[key]
        for key, value in new.items():
            if key in old:
                merged = merge(old[key], value)
                if merged is not old[key]:
                    old[key] = merged
            else:
                old[key] = to_tree(value)
        return old
    if isinstance(old, CommentedSeq) and isinstance(new, list):
        return _merge_sequence(old, new)
    if not isinstance(new, (dict, list)) and not isinstance(old, (dict, list)) and _same_scalar(old, new):
        return old
    return to_tree(new)


def guess_indentation(text: str) -> tuple[int, int, int]:
    """(mapping indent, sequence indent, dash offset) the file uses, from its first nested lines.

    ruamel.yaml keeps comments but not indentation, so a file written with
    another layout would otherwise be re-indented on every write.
    """
    mapping_indent = offset = None
    after_dash = 2
    previous_indent, previous_opens = 0, False
    for raw in text.splitlines():
        stripped = raw.lstrip(" ")
        if not stripped or stripped.startswith("#"):
            continue
        indent = len(raw) - len(stripped)
        if previous_opens and indent > previous_indent:
            if stripped.startswith("- ") and offset is None:
                offset = indent - previous_indent
                after_dash = len(stripped) - len(stripped[1:].lstrip(" "))
            elif mapping_indent is None:
                mapping_indent = indent - previous_indent
        if mapping_indent is not None and offset is not None:
            break
        if not stripped.startswith("- "):
            previous_indent, previous_opens = indent, stripped.rstrip().endswith(":")
        else:
            previous_opens = False
    offset = offset if offset is not None else 2
    return mapping_indent or 2, offset + after_dash, offset


def update(old_text: str, data: Any) -> str:
    """``old_text`` rewritten to hold ``data``, with its comments and layout kept."""
    yaml = _yaml(*guess_indentation(old_text))
    tree = yaml.load(old_text)
    if not isinstance(tree, CommentedMap) or not isinstance(data, dict):
        return _render(yaml, to_tree(data))
    merged = merge(tree, data)
    text = _render(yaml, merged)
    if old_text.lstrip().startswith("---") and not text.startswith("---"):
        text = "---\n" + text
    return text
