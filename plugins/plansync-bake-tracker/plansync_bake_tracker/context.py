"""The state of one conversion: slug tables, built documents, problems, notes.

Catalog documents are built first, each recording the records it needs.
Then :meth:`Conversion.cascade` leaves out every document that needs a
left-out one, so a finished good whose cookie was dropped is dropped too,
with a problem naming both. Events, runs and inventory are built after the
cascade, against what is known to be kept.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any, Callable

from plansync.plugins import RecordProblem
from plansync_bake_tracker.slugs import Record, SlugTable
from plansync_bake_tracker.values import BadRecord, json_type, listed

#: plansync kind -> (words for messages, fallback slug, file path by slug).
KINDS: dict[str, tuple[str, str, str]] = {
    "supplier": ("supplier", "supplier", "catalog/suppliers/{}.yaml"),
    "material": ("material", "material", "catalog/materials/{}.yaml"),
    "product": ("product", "product", "catalog/products/{}.yaml"),
    "ingredient": ("ingredient", "ingredient", "catalog/ingredients/{}.yaml"),
    "recipe": ("recipe", "recipe", "catalog/recipes/{}.yaml"),
    "finished_unit": ("finished unit", "finished-unit", "catalog/finished-units/{}.yaml"),
    "material_unit": ("material unit", "material-unit", "catalog/material-units/{}.yaml"),
    "finished_good": ("finished good", "finished-good", "catalog/finished-goods/{}.yaml"),
    "package": ("package", "package", "catalog/packages/{}.yaml"),
    "recipient": ("recipient", "recipient", "catalog/recipients/{}.yaml"),
    "event": ("event", "event", "events/{}/event.yaml"),
}

#: Order documents are built and listed in: what is referred to comes first.
CATALOG_ORDER = (
    "supplier", "ingredient", "material", "product", "recipe", "finished_unit", "material_unit",
    "finished_good", "package", "recipient",
)  # fmt: skip

Builder = Callable[[Record, list[Record]], dict[str, Any]]


@dataclass
class Built:
    record: Record
    data: dict[str, Any]
    needs: list[Record]


class Conversion:
    def __init__(self, export: dict[str, Any]) -> None:
        self.export = export
        self.tables = {kind: SlugTable(words, fallback) for kind, (words, fallback, _) in KINDS.items()}
        self.built: dict[tuple[str, str], Built] = {}
        self.problems: list[RecordProblem] = []
        self.notes: list[str] = []
        self.skipped: Counter[str] = Counter()
        #: Kept finished units by recipe slug, in export order; set by the cascade.
        self.units_by_recipe: dict[str, list[Built]] = {}

    # -- reading the export ------------------------------------------------

    def items(self, key: str, words: str) -> list[dict[str, Any]]:
        """The records of one export list; an entry that is no object is a problem."""
        found = []
        for position, item in enumerate(self.export.get(key) or [], start=1):
            if isinstance(item, dict):
                found.append(item)
            else:
                self.problem(f"{words} #{position}", f"is {json_type(item)}, not an object")
        return found

    def nested(self, record: Record, *keys: str) -> list[dict[str, Any]]:
        """Records nested in ``record`` under the first of ``keys`` that has any."""
        try:
            found = listed(record.raw, *keys)
        except BadRecord as exc:
            self.problem(record.label, f"{exc}; nothing in it was imported")
            return []
        items = [item for item in found if isinstance(item, dict)]
        if len(items) < len(found):
            self.problem(record.label, f"{len(found) - len(items)} of its {keys[0]} are not objects; left out")
        return items

    def record(
        self, kind: str, raw: dict[str, Any], name: str | None, export_slug: str | None, **extra: Any
    ) -> Record:
        """A new record of ``kind``, added to its slug table."""
        words = KINDS[kind][0]
        shown = name or export_slug or f"#{len(self.tables[kind]) + 1}"
        made = Record(kind=kind, label=f'{words} "{shown}"', raw=raw, name=name, export_slug=export_slug, **extra)
        self.tables[kind].add(made)
        return made

    # -- outcomes ------------------------------------------------------------

    def problem(self, record: str, message: str) -> None:
        self.problems.append(RecordProblem(record, message))

    def note(self, message: str) -> None:
        self.notes.append(message)

    def skip(self, what: str, count: int = 1) -> None:
        """Count records plansync has no place for (reported in one note)."""
        if count:
            self.skipped[what] += count

    # -- references --------------------------------------------------------

    def find(self, kind: str, reference: Any, what: str | None = None) -> Record:
        """The record ``reference`` means, or :class:`BadRecord` quoting it."""
        found = self.tables[kind].find(reference)
        if found is None:
            words = what or KINDS[kind][0]
            if reference is None or not str(reference).strip():
                raise BadRecord(f"names no {words}")
            raise BadRecord(f"{words} {str(reference)!r} is not in the export")
        return found

    def ref(self, kind: str, reference: Any, needs: list[Record], what: str | None = None) -> str:
        """The plansync slug of a catalog reference, remembered as needed."""
        found = self.find(kind, reference, what)
        needs.append(found)
        return found.slug

    def kept(self, kind: str, reference: Any) -> Built:
        """A referenced document that survived the cascade."""
        record = self.find(kind, reference)
        built = self.built.get((record.kind, record.slug))
        if built is None:
            raise BadRecord(f"uses {record.label}, which was left out")
        return built

    # -- building ----------------------------------------------------------

    def build(self, record: Record, builder: Builder) -> None:
        needs: list[Record] = []
        try:
            data = builder(record, needs)
        except BadRecord as exc:
            self.problem(record.label, str(exc))
            return
        self.built[(record.kind, record.slug)] = Built(record, data, needs)

    def cascade(self) -> None:
        """Leave out every built document that needs a left-out record."""
        changed = True
        while changed:
            changed = False
            for key, built in list(self.built.items()):
                missing = next((r for r in built.needs if (r.kind, r.slug) not in self.built), None)
                if missing is not None:
                    del self.built[key]
                    self.problem(built.record.label, f"uses {missing.label}, which was left out")
                    changed = True
        # The catalog is final now; targets and runs look units up by recipe.
        for unit in self.tables["finished_unit"]:
            built = self.built.get(("finished_unit", unit.slug))
            if built is not None:
                self.units_by_recipe.setdefault(built.data["recipe"], []).append(built)

    def documents(self, kind: str) -> list[tuple[str, dict[str, Any]]]:
        """Built documents of one kind, in export order, with their paths."""
        path = KINDS[kind][2]
        return [
            (path.format(record.slug), self.built[(kind, record.slug)].data)
            for record in self.tables[kind]
            if (kind, record.slug) in self.built
        ]
