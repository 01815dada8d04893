"""The reference index: for each plan file, the slugs it names; reversed,
which files name a slug. Kept in the ``refs`` section beside the load cache.

Per file it keeps the content hash it was built from, the kind and slug the
file declares, every (target kind, slug) it names
(:mod:`plansync.engine.references`: its references and the materials it names), small facts the validation
stage derives from the file (opaque here), and that stage's per-file
problems. Reversed: for each (target kind, slug), the files naming it,
rebuilt from the files' side when the section is read (a few milliseconds
for 5,000 files), so the two sides cannot disagree.
Beside them, an opaque ``extra`` document for what the validation stage
keeps between runs (whole-repository rule results, what they were computed
from).

Files and named slugs are stored by number (a path or a slug written once,
however many files name it): the section is read whole, so its size is
what it costs. A change of a few files is written as a delta over the
stored base (:func:`plansync.cache.store.write_split`): the files' new
entries by number, and the paths and slugs numbered since.

The key is the load cache's (:func:`plansync.cache.keys.signature`): code,
schemas, settings and plugins. Like every section, one that is missing,
damaged or stored under another key is worth nothing: :meth:`open` gives
None and the caller starts from an empty index.
"""

from __future__ import annotations

from typing import Any, Iterable

from plansync.cache import store
from plansync.errors import Problem

#: Entry layout: [sha256, kind, slug, numbers of the (kind, slug)s it names, facts, problems]
_SHA, _KIND, _SLUG, _NAMES, _FACTS, _PROBLEMS = range(6)


class Damaged(ValueError):
    """A part of the index read only when used does not read back: the
    whole index is worth nothing."""


def sound_row(row: Any) -> bool:
    return (
        type(row) is list and len(row) == 5 and type(row[0]) is str and type(row[1]) is str
        and row[2] in ("error", "warning") and (row[3] is None or type(row[3]) is int)
        and (row[4] is None or type(row[4]) is int)
    )  # fmt: skip


_OPTIONAL_TEXT = (str, type(None))
_INTS = {int}


def _sound_entry(entry: Any, names: int) -> bool:
    if entry is None:  # a removed file's number, free
        return True
    if type(entry) is not list or len(entry) != 6 or type(entry[_SHA]) is not str:
        return False
    if type(entry[_KIND]) not in _OPTIONAL_TEXT or type(entry[_SLUG]) not in _OPTIONAL_TEXT:
        return False
    if type(entry[_NAMES]) is not list or type(entry[_PROBLEMS]) is not list:
        return False
    numbers = entry[_NAMES]
    # Checked in C (sets, min, max): 5,000 entries' names at every open.
    if numbers and not ({*map(type, numbers)} == _INTS and min(numbers) >= 0 and max(numbers) < names):
        return False
    return all(map(sound_row, entry[_PROBLEMS]))


def problem_row(problem: Problem) -> list:
    return [problem.code, problem.message, problem.severity, problem.line, problem.column]


def row_problem(path: str, row: list) -> Problem:
    return Problem(path, row[0], row[1], row[2], row[3], row[4])


def _delta_entries(delta: dict[str, Any], paths: int, names: int) -> dict[int, Any] | None:
    """The entries a delta sets, by file number, when it has the layout
    :meth:`ReferenceIndex.save` writes over a base of ``paths`` files and
    ``names`` named slugs; else None (the delta is worth nothing)."""
    added, named, entries = delta.get("paths"), delta.get("names"), delta.get("entries")
    if not (store.is_name_list(added) and store.is_name_list(named) and type(entries) is dict):
        return None
    total = paths + len(added)  # type: ignore[arg-type]
    changed: dict[int, Any] = {}
    for number, entry in entries.items():
        if not number.isdigit() or int(number) >= total:
            return None
        changed[int(number)] = entry
    return changed


class ReferenceIndex:
    """The index of one work tree, as stored or being brought up to date."""

    def __init__(self) -> None:
        self._paths: list[str] = []
        self._entries: list[list | None] = []
        self._number: dict[str, int] = {}
        #: "kind\\0slug" of each named number, and the file numbers naming it
        self._names: list[str] = []
        self._referrers: list[list[int]] = []
        self._name_number: dict[str, int] = {}
        self.extra: dict[str, Any] = {}
        #: The stored base this index was read from, how many paths and names
        #: it held, and the file numbers whose entries differ from it.
        self._generation: str | None = None
        self._base_sizes = (0, 0)
        self._changed: set[int] = set()

    @classmethod
    def open(cls, root: Any, key: str) -> ReferenceIndex | None:
        """The stored index under ``key``; None when there is none worth using."""
        stored, delta = store.read_split(root, "refs", key)
        if stored is None:
            return None
        paths, entries, names, extra = stored.get("paths"), stored.get("entries"), stored.get("names"), stored.get("extra")
        if not (type(paths) is list and type(entries) is list and len(paths) == len(entries) and type(names) is list):
            return None
        base_sizes = (len(paths), len(names))
        changed = _delta_entries(delta, len(paths), len(names)) if delta is not None else None
        if changed is not None:
            assert delta is not None
            paths, names, entries = paths + delta["paths"], names + delta["names"], entries + [None] * len(delta["paths"])
            for number, entry in changed.items():
                entries[number] = entry
            extra = delta["extra"]
        if not (type(extra) is dict and all(type(name) is str for name in names)):
            return None
        if not all(type(path) is str for path in paths) or not all(_sound_entry(e, len(names)) for e in entries):
            return None
        index = cls()
        index._paths, index._entries, index._names, index.extra = paths, entries, names, extra
        index._number = {path: number for number, path in enumerate(paths)}
        index._name_number = {name: number for number, name in enumerate(names)}
        if len(index._number) != len(paths) or len(index._name_number) != len(names):
            return None
        referrers: list[list[int]] = [[] for _ in names]
        for number, entry in enumerate(entries):
            if entry is not None:
                for at in entry[_NAMES]:
                    referrers[at].append(number)
        index._referrers = referrers
        generation = stored.get("generation")
        index._generation = generation if type(generation) is str else None
        index._base_sizes = base_sizes
        index._changed = set(changed or ())
        return index

    def save(self, root: Any, key: str) -> bool:
        """Write what changed: a delta over the stored base when few files
        did, else the whole index as a new base (:func:`plansync.cache.store.write_split`)."""
        paths, names = self._base_sizes

        def whole() -> dict[str, Any]:
            return {"paths": self._paths, "entries": self._entries, "names": self._names, "extra": self.extra}

        def delta() -> dict[str, Any] | None:
            if not store.delta_fits(len(self._changed), len(self._paths)):
                return None
            entries = {str(number): self._entries[number] for number in sorted(self._changed)}
            return {"paths": self._paths[paths:], "names": self._names[names:], "entries": entries, "extra": self.extra}

        generation = store.write_split(root, "refs", key, self._generation, whole, delta)
        if generation is None:
            return False
        if generation != self._generation:
            self._generation, self._base_sizes, self._changed = generation, (len(self._paths), len(self._names)), set()
        return True

    # --- reading ------------------------------------------------------------

    def paths(self) -> list[str]:
        return [path for path, entry in zip(self._paths, self._entries) if entry is not None]

    def _entry(self, path: str) -> list | None:
        number = self._number.get(path)
        return None if number is None else self._entries[number]

    def sha(self, path: str) -> str | None:
        entry = self._entry(path)
        return None if entry is None else entry[_SHA]

    def declares(self, path: str) -> tuple[str | None, str | None]:
        entry = self._entry(path)
        return (None, None) if entry is None else (entry[_KIND], entry[_SLUG])

    def names(self, path: str) -> list[tuple[str, str]]:
        """Every (target kind, slug) the file names, once each."""
        entry = self._entry(path)
        if entry is None:
            return []
        return [tuple(self._names[n].split("\0", 1)) for n in entry[_NAMES]]  # type: ignore[misc]

    def facts(self, path: str) -> Any:
        """What the validation stage recorded about the file (None: nothing)."""
        entry = self._entry(path)
        return None if entry is None else entry[_FACTS]

    def problems(self, path: str) -> list[Problem]:
        entry = self._entry(path)
        return [] if entry is None else [row_problem(path, row) for row in entry[_PROBLEMS]]

    def referring(self, target: str, slug: str) -> list[str]:
        """The paths of the files naming ``slug`` as a ``target``."""
        number = self._name_number.get(f"{target}\0{slug}")
        if number is None:
            return []
        return [self._paths[n] for n in self._referrers[number]]

    # --- writing ------------------------------------------------------------

    def put(self, path: str, sha256: str, kind: str | None, slug: str | None, found: Iterable[tuple[Any, str, str]], facts: Any) -> None:
        """Record ``path`` as it is now, with ``found``: the (pointer, target
        kind, slug) of each reference it makes (its problems are set apart,
        by :meth:`set_problems`); the reverse side follows."""
        self.drop(path)
        number = self._number.get(path)
        if number is None:
            number = self._number[path] = len(self._paths)
            self._paths.append(path)
            self._entries.append(None)
        named = []
        numbers, referrers = self._name_number, self._referrers
        for name in {f"{target}\0{slug}" for _pointer, target, slug in found}:
            at = numbers.get(name)
            if at is None:
                at = numbers[name] = len(self._names)
                self._names.append(name)
                referrers.append([])
            referrers[at].append(number)
            named.append(at)
        self._entries[number] = [sha256, kind, slug, named, facts, []]
        self._changed.add(number)

    def drop(self, path: str) -> None:
        """Forget ``path`` (its number stays with it, for when it comes back)."""
        number = self._number.get(path)
        if number is None or self._entries[number] is None:
            return
        for at in self._entries[number][_NAMES]:  # type: ignore[index]
            self._referrers[at].remove(number)
        self._entries[number] = None
        self._changed.add(number)

    def set_problems(self, path: str, problems: list[Problem]) -> None:
        number = self._number[path]
        self._entries[number][_PROBLEMS] = [problem_row(p) for p in problems]  # type: ignore[index]
        self._changed.add(number)
