"""The one cache store: named sections under ``.plansync/``, one key, one
stat-trust rule, one policy for damage.

Sections (one JSON file each): ``files`` (parsed plan files and the last
whole-repository validation), ``settings`` (valid settings by text),
``units`` (pint's conversion factors), ``sync`` (what the last sync of a
local SQLite index saw) and ``refs`` (the reference index and the
incremental rules' results, :mod:`plansync.cache.refs`) and ``plugins``
(the installed plugins' entry points, :func:`plansync.cache.keys.installed_plugins`).

- **Key**: every section is stored under :func:`plansync.cache.keys.key`,
  which changes with plansync's version, its code, its schemas and
  whatever the section adds (settings, plugins): a stale section is
  ignored whole.
- **Stat trust**, like git's index: a file whose size, mtime, ctime and
  inode are those recorded *before* its content was hashed is unchanged,
  unless it changed within :data:`RACY_NS` of the recording (a "racily
  clean" file, which is hashed again).
- **Base and delta**, like git's split index: the two big sections
  (``files``, ``refs``) are written whole only now and then; a command that
  changed a few entries writes those to a small delta section naming the
  base it applies to (:func:`read_split`, :func:`write_split`), so one
  changed file costs a few kilobytes of writing, not the whole section. A
  delta whose base was replaced since is ignored.
- **Damage**: a section that cannot be read, does not parse or has the
  wrong layout is worth nothing: it reads as empty, the answers are those
  of a clean run, nothing is said, and the next write replaces it. A
  failed write (a read-only checkout) only costs time.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from plansync.repo.repository import STATE_DIR
from plansync.store.atomic import write_atomic

SECTIONS = {
    "files": "load-cache.json",
    "settings": "settings.json",
    "units": "units.json",
    "sync": "sync-state.json",
    "refs": "reference-index.json",
    "plugins": "plugins.json",
    # What changed since the base of a section kept as base + delta (see read_split).
    "files-delta": "load-cache.delta.json",
    "refs-delta": "reference-index.delta.json",
}

#: A delta carrying more than this share of a section's entries is folded
#: into the base (see :func:`write_split`).
DELTA_SHARE = 0.05
#: ...and never below this many entries: a small repository keeps deltas too.
DELTA_MIN = 64

#: A file changed this close to its check may change again within the same
#: clock tick without a different stat: never trust such a record.
RACY_NS = 2_000_000_000


@dataclass(frozen=True)
class Seen:
    """A file's stat as recorded before its content was hashed, and the hash."""

    size: int
    mtime_ns: int
    #: ctime too: a user can put an old mtime back (touch -d), never a ctime.
    ctime_ns: int
    inode: int
    sha256: str

    @classmethod
    def of(cls, stat: os.stat_result, sha256: str) -> Seen:
        return cls(stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino, sha256)

    def matches(self, stat: os.stat_result) -> bool:
        return (self.size, self.mtime_ns, self.ctime_ns, self.inode) == (
            stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino
        )  # fmt: skip


def settled(changed_ns: int, checked_ns: int) -> bool:
    """Whether a file last changed at ``changed_ns`` (the later of its mtime
    and ctime) was settled when checked at ``checked_ns``: the one racy-stat
    rule."""
    return changed_ns < checked_ns - RACY_NS


def stat_digest(stats: list) -> str:
    """One digest of a folder's files' stats (each (size, mtime_ns, ctime_ns,
    inode)): a folder is compared in one step, its records decoded only
    when it differs."""
    return hashlib.blake2b(repr(stats).encode(), digest_size=16).hexdigest()


def settled_digest(stats: list[tuple[int, int, int, int]], checked_ns: Iterable[int]) -> str | None:
    """The :func:`stat_digest` of a folder's files' stats, or None when one
    of them was not :func:`settled` when checked (at the matching
    ``checked_ns``): a folder holding such a file is never proven by its
    digest, as such a file is never proven by its stat."""
    if all(settled(max(stat[1], stat[2]), at) for stat, at in zip(stats, checked_ns)):
        return stat_digest(stats)
    return None


def sound_folder_record(record: object) -> bool:
    """Whether ``record`` starts as a recorded folder does: its stat (mtime,
    ctime, inode), whether it holds a link, its files' and subfolders' names
    (a :func:`plansync.load.sources.folder_record`), then the digest of its
    files' stats or None. What a section adds after that, it checks itself."""
    return (
        type(record) is list and len(record) >= 7 and all(type(n) is int for n in record[:3]) and type(record[3]) is bool
        and is_name_list(record[4]) and is_name_list(record[5]) and type(record[6]) in (str, type(None))
    )  # fmt: skip


def is_name_list(value: object) -> bool:
    """A JSON list of strings (names of files, folders, extensions)."""
    return type(value) is list and all(type(name) is str for name in value)


def trusted(seen: Seen, stat: os.stat_result, checked_ns: int) -> bool:
    """Whether ``stat`` proves the file is still the one recorded as ``seen``
    at ``checked_ns``, without reading it."""
    return seen.matches(stat) and settled(max(stat.st_mtime_ns, stat.st_ctime_ns), checked_ns)


def section_path(root: Path, section: str, create: bool = False) -> Path:
    """The file of ``section``. plansync's folder is never used through a
    link: a link or a file there, or a missing folder (unless ``create``),
    raise OSError, which readers and writers take as "no cache"."""
    folder = root / STATE_DIR
    if create and not os.path.lexists(folder):
        folder.mkdir(exist_ok=True)
    if os.path.islink(folder) or not os.path.isdir(folder):
        raise FileNotFoundError(folder)
    return folder / SECTIONS[section]


def read(root: Path, section: str, key: str) -> dict[str, Any] | None:
    """The section's document when it was stored under ``key``, else None
    (missing, unreadable, not JSON, not an object, another key)."""
    try:
        document = json.loads(section_path(root, section).read_bytes())
    except (OSError, ValueError):
        return None
    if not isinstance(document, dict) or document.get("signature") != key:
        return None
    return document


def write(root: Path, section: str, key: str, document: dict[str, Any], create: bool = False) -> bool:
    """Store ``document`` under ``key``, atomically; False when it could not
    be. ``create``: make plansync's folder if missing (the sections a command
    only reads through leave that to the commands that keep state)."""
    try:
        text = json.dumps({"signature": key, **document}, separators=(",", ":"), ensure_ascii=False)
        write_atomic(section_path(root, section, create), text)
        return True
    except Exception:  # a read-only checkout still works, only slower
        return False


def forget(root: Path, section: str) -> None:
    try:
        section_path(root, section).unlink()
    except OSError:
        pass


def read_split(root: Path, section: str, key: str) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """The section's base document (:func:`read`) and the delta written
    over it since, or None when there is none for this base (a delta of an
    earlier base, damaged, under another key)."""
    base = read(root, section, key)
    generation = None if base is None else base.get("generation")
    if type(generation) is not str:
        return base, None
    delta = read(root, f"{section}-delta", key)
    if delta is None or delta.get("base") != generation:
        return base, None
    return base, delta


def delta_fits(changed: int, entries: int) -> bool:
    """Whether ``changed`` entries of ``entries`` are few enough for a delta."""
    return changed <= max(DELTA_MIN, int(entries * DELTA_SHARE))


def write_split(
    root: Path, section: str, key: str, generation: str | None, whole: Any, delta: Any
) -> str | None:
    """Store a section kept as base + delta: ``delta()`` (the document of
    what changed since the base ``generation``) when there is a base, else
    ``whole()`` as a new base. Gives the generation the next write builds
    on (None when nothing could be written)."""
    if generation is not None:
        document = delta()
        if document is not None:
            return generation if write(root, f"{section}-delta", key, {"base": generation, **document}) else None
    generation = os.urandom(8).hex()
    if not write(root, section, key, {"generation": generation, **whole()}, create=True):
        return None
    forget(root, f"{section}-delta")  # of the replaced base: ignored anyway, but read for nothing
    return generation
