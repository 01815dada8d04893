"""What a sync did, in numbers (no SQLAlchemy here: the no-change path uses it too)."""

from __future__ import annotations

from dataclasses import dataclass, field

from plansync.errors import Problem


@dataclass
class SyncReport:
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0
    #: Problems found this run (empty when nothing changed: see problem_files).
    problems: list[Problem] = field(default_factory=list)
    #: Files left out of the index for their problems (errors, or what they
    #: refer to has errors); a file with warnings only is indexed, not counted.
    problem_files: int = 0
    rebuilt: str | None = None
    #: What each file read looked like (stat before reading, content hash).
    seen: dict = field(default_factory=dict)

    def to_json(self) -> dict[str, int]:
        return {
            "added": len(self.added),
            "changed": len(self.changed),
            "removed": len(self.removed),
            "unchanged": self.unchanged,
            "problems": self.problem_files,
        }

    @classmethod
    def unchanged_files(cls, files: int, problem_files: int) -> SyncReport:
        return cls(unchanged=files, problem_files=problem_files)
