"""plansync slugs for export records, and finding records by reference.

bake-tracker refers to records in several ways: by its own slug
(``flour_all_purpose``), by name (``recipe_name``), and by slugs it made up
from names (``base_recipe_slug`` is the base recipe's name lower-cased with
underscores). A :class:`SlugTable` gives each record of one kind a unique
plansync slug and answers every one of those references with the same
record, so all references are remapped through one mapping.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field

MAX_SLUG = 100

# Letters that Unicode does not decompose into an ASCII base letter plus marks.
_LETTERS = str.maketrans({
    "ß": "ss", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ø": "o", "Ø": "O",
    "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "þ": "th", "Þ": "TH",
})


def fold(text: str) -> str:
    """ASCII-folded, lower-case, runs of anything else as ``-``, trimmed.

    ``"Crème Brûlée"`` -> ``"creme-brulee"``; ``"flour_all_purpose"`` ->
    ``"flour-all-purpose"``. May be empty (a name of symbols only).
    """
    ascii_text = unicodedata.normalize("NFKD", text.translate(_LETTERS))
    ascii_text = ascii_text.encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def _clip(slug: str, room: int) -> str:
    return slug[:room].rstrip("-")


@dataclass
class Record:
    """One export record of one plansync kind, with the slug it gets."""

    kind: str
    label: str
    raw: dict
    name: str | None
    export_slug: str | None
    slug: str = ""
    #: Records it contains in the export (a nested finished unit's recipe...).
    parent: Record | None = None
    #: Pieces gathered from other export lists (compositions, package contents).
    parts: list[dict] = field(default_factory=list)
    #: For a product: what it holds (``ingredient`` or ``material``).
    holds: str = ""


class SlugTable:
    """The records of one kind, their unique slugs, and lookup by reference."""

    def __init__(self, kind_label: str, fallback: str) -> None:
        self.kind_label = kind_label
        self._fallback = fallback
        self._records: list[Record] = []
        self._taken: set[str] = set()
        # Lookups in the order a reference is tried: export slug, name, then
        # the fold of each (bake-tracker's name-made slugs meet names there).
        self._lookups: tuple[dict[str, Record], ...] = ({}, {}, {}, {})
        self.notes: list[str] = []

    def __iter__(self) -> Iterator[Record]:
        return iter(self._records)

    def __len__(self) -> int:
        return len(self._records)

    def add(self, record: Record) -> str:
        """Give ``record`` its slug (numbered on a clash) and index it."""
        source = record.export_slug or record.name or ""
        base = _clip(fold(source), MAX_SLUG) or self._fallback
        slug, number = base, 1
        while slug in self._taken:
            number += 1
            suffix = f"-{number}"
            slug = _clip(base, MAX_SLUG - len(suffix)) + suffix
        record.slug = slug
        self._taken.add(slug)
        self._records.append(record)
        self._index(record)
        self._note(record, source, base)
        return slug

    def _index(self, record: Record) -> None:
        # The first record wins each key, so a reference means the same
        # record on every run.
        keys = (record.export_slug, record.name)
        for lookup, key in zip(self._lookups, (*keys, *(fold(k) if k else None for k in keys))):
            if key:
                lookup.setdefault(key, record)

    def _note(self, record: Record, source: str, base: str) -> None:
        shown = source if record.export_slug else f'"{source}"'
        if record.slug != base:
            self.notes.append(
                f"{self.kind_label} {shown} -> {record.slug} ({base} is taken by another {self.kind_label})"
            )
        elif record.slug != source:
            self.notes.append(f"{self.kind_label} {shown} -> {record.slug}")

    def find(self, reference: object) -> Record | None:
        """The record a reference (export slug, name or either's fold) means."""
        if reference is None:
            return None
        key = str(reference).strip()
        if not key:
            return None
        by_slug, by_name, by_folded_slug, by_folded_name = self._lookups
        folded = fold(key)
        return by_slug.get(key) or by_name.get(key) or by_folded_slug.get(folded) or by_folded_name.get(folded)
