"""How counts and names read in English: one rule for every message.

"1 batch", "2 batches", "Need 52 more oatmeal cookies": every message that
puts a number before a noun goes through :func:`plural` or :func:`counted`,
so no command pluralises on its own.
"""

from __future__ import annotations

from fractions import Fraction

#: Words whose plural is not the plain English rule.
_IRREGULAR = {"half": "halves", "loaf": "loaves", "knife": "knives", "leaf": "leaves", "person": "people"}


def _plural_word(word: str) -> str:
    lower = word.lower()
    if lower in _IRREGULAR:
        plural = _IRREGULAR[lower]
        return plural.upper() if word.isupper() else (plural.capitalize() if word[:1].isupper() else plural)
    if lower.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    if lower.endswith("y") and lower[-2:-1] not in ("a", "e", "i", "o", "u"):
        return word[:-1] + "ies"
    if lower.endswith("i"):  # biscotti is plural already
        return word
    return word + "s"


def plural(noun: str, count: int | float | Fraction = 2) -> str:
    """``noun`` as it reads after ``count``: ``plural("batch", 2)`` ->
    ``"batches"``; ``plural("chocolate chip cookie", 1)`` unchanged. Only
    the last word changes (``"pound cake half"`` -> ``"pound cake halves"``)."""
    if count == 1 or not noun:
        return noun
    head, _, last = noun.rpartition(" ")
    last = _plural_word(last)
    return f"{head} {last}" if head else last


def counted(count: int | float | Fraction | str, noun: str) -> str:
    """``counted(1, "batch")`` -> ``"1 batch"``; ``counted(3, "file")`` -> ``"3 files"``."""
    one = count == "1" if isinstance(count, str) else count == 1
    return f"{count} {noun if one else plural(noun)}"


def in_sentence(name: str) -> str:
    """A catalog name as it reads inside a sentence: ``"Oatmeal Raisin
    Cookie"`` -> ``"oatmeal raisin cookie"``, as domain.md writes "Need 54
    more truffles". Words in capitals or with inner capitals (``PB&J``,
    ``McIntosh``) are names and stay as written."""
    return " ".join(word.lower() if word[1:] == word[1:].lower() else word for word in name.split(" "))
