"""The YAML read path: YAML 1.2 values, refusals, and located errors."""

from __future__ import annotations

import time

import pytest

from plansync.errors import LoadError
from plansync.formats.yamlread import locate, parse_yaml


def error_of(text: str) -> LoadError:
    with pytest.raises(LoadError) as info:
        parse_yaml(text)
    return info.value


def test_yaml_1_2_scalars_keep_words_and_dates_as_strings():
    data = parse_yaml("a: yes\nb: no\nc: on\nd: off\ne: 2026-12-24\nf: true\ng: null\nh: 012\ni: 1.5\nj: 0x1f\n")
    assert data == {"a": "yes", "b": "no", "c": "on", "d": "off", "e": "2026-12-24",
                    "f": True, "g": None, "h": 12, "i": 1.5, "j": 31}  # fmt: skip


def test_quoted_numbers_stay_strings():
    assert parse_yaml("a: '1'\nb: \"2.5\"\nc: !!str 3\n") == {"a": "1", "b": "2.5", "c": "3"}


def test_duplicate_key_is_located_at_the_second_key():
    error = error_of("kind: recipe\nslug: a\nname: A\nslug: b\n")
    assert (error.code, error.line, error.column) == ("duplicate-key", 4, 1)
    assert "first at line 2" in error.message


@pytest.mark.parametrize(
    "text",
    [
        "a: !!python/object/apply:os.system ['echo pwned']\n",
        "a: !!python/name:os.system\n",
        "!!python/object:builtins.dict {}\n",
        "a: !custom 1\n",
        "a: !!binary aGVsbG8=\n",
        "a: !!set {x, y}\n",
    ],
)
def test_object_tags_are_refused_never_constructed(text):
    error = error_of(text)
    assert error.code == "unsafe-tag"
    assert "not allowed" in error.message


def test_billion_laughs_is_refused_quickly():
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in "bcdefghi":
        previous = chr(ord(level) - 1)
        lines.append(f"{level}: &{level} [" + ",".join([f"*{previous}"] * 9) + "]")
    started = time.perf_counter()
    error = error_of("\n".join(lines) + "\n")
    assert error.code == "alias-bomb"
    assert time.perf_counter() - started < 1.0


def test_few_aliases_are_fine():
    assert parse_yaml("x: &a [1, 2]\ny: *a\n") == {"x": [1, 2], "y": [1, 2]}


@pytest.mark.parametrize(
    "text, code, line, column",
    [
        ("a: 'unterminated\n", "yaml-syntax", 2, 1),
        ("a:\n\tb: 1\n", "yaml-syntax", 2, 1),
        ("a: [1, 2\n", "yaml-syntax", 2, 1),
        ("a: b: c\n", "yaml-syntax", 1, 5),
        ("a: *nowhere\n", "yaml-syntax", 1, 4),
        ("a: 1\n---\nb: 2\n", "yaml-syntax", 2, 1),
        ("a: .nan\n", "number-range", 1, 4),
        ("a: 1e400\n", "number-range", 1, 4),
        ("a: 123456789012345678901234567890\n", "number-range", 1, 4),
        ("a: b\0c\n", "bad-character", 1, 5),
        ("", "empty-file", 1, 1),
        ("# only a comment\n", "empty-file", 1, 1),
    ],
)
def test_malformed_yaml_is_located(text, code, line, column):
    error = error_of(text)
    assert (error.code, error.line, error.column) == (code, line, column)


def test_deep_brackets_are_refused_before_the_c_parser():
    error = error_of("a: " + "[" * 100_000 + "]" * 100_000 + "\n")
    assert error.code == "too-deep"
    assert error.line == 1


def test_locate_finds_values_keys_and_missing_fields():
    text = "kind: recipe\ningredients:\n  - {ingredient: flour, quantity: 2, unit: cup}\n  - ingredient: sugar\n    qty: 1\n"
    assert locate(text, ("ingredients", 0, "quantity")) == (3, 35)
    assert locate(text, ("ingredients", 1, "qty"), at_key=True) == (5, 5)
    # a missing field is reported at the mapping that lacks it
    assert locate(text, ("ingredients", 1, "unit")) == (4, 5)
