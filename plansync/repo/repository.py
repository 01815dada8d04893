"""A plan repository: where it is and its settings (``plansync.yaml``)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from plansync.errors import LoadError, PlansyncError, Problem

SETTINGS_FILE = "plansync.yaml"
STATE_DIR = ".plansync"
DEFAULT_WASTE_THRESHOLD = 0.15
DEFAULT_MAX_FILE_BYTES = 1024 * 1024


@dataclass(frozen=True)
class Settings:
    version: int = 1
    waste_threshold: float = DEFAULT_WASTE_THRESHOLD
    index: str | None = None
    auto_commit: bool = False
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES


def parse_settings(text: str, path: str = SETTINGS_FILE) -> tuple[Settings, list[Problem]]:
    """Settings from the text of ``plansync.yaml``, with the problems found.

    Bad settings fall back to the defaults so that validation can still go
    on and report everything else.
    """
    from plansync.repo import schemas
    from plansync.formats.yamlread import locate, parse_yaml

    try:
        data = parse_yaml(text)
    except LoadError as exc:
        return Settings(), [Problem(path, exc.code or "yaml-syntax", exc.message, line=exc.line, column=exc.column)]
    problems = []
    for finding in schemas.check(schemas.SETTINGS, data):
        line, column = locate(text, finding.pointer, finding.at_key) or (1, 1)
        problems.append(Problem(path, finding.code, finding.message, line=line, column=column))
    if problems or not isinstance(data, dict):
        return Settings(), problems
    return (
        Settings(
            version=data["version"],
            waste_threshold=data.get("waste_threshold", DEFAULT_WASTE_THRESHOLD),
            index=data.get("index"),
            auto_commit=data.get("auto_commit", False),
            max_file_bytes=data.get("max_file_bytes", DEFAULT_MAX_FILE_BYTES),
        ),
        [],
    )


def _settings_of(root: Path, text: str) -> tuple[Settings, list[Problem]]:
    """The settings of the repository at ``root``; valid ones are remembered
    (see :mod:`plansync.cache.settingscache`)."""
    from plansync.cache import settingscache

    remembered = settingscache.recall(root, text)
    if remembered is not None:
        return remembered, []
    settings, problems = parse_settings(text)
    if not problems:
        settingscache.remember(root, text, settings)
    return settings, problems


@dataclass
class PlanRepo:
    """The root of a plan repository and what its settings say."""

    root: Path
    settings: Settings
    settings_problems: list[Problem]

    @property
    def state_dir(self) -> Path:
        """``.plansync/``: the index, caches and locks. A repository may not
        make it a link elsewhere (plansync would write there)."""
        path = self.root / STATE_DIR
        if os.path.islink(path) or (os.path.lexists(path) and not os.path.isdir(path)):
            raise PlansyncError(
                f"{path} is not a folder but a link or a file; plansync keeps its index, caches and locks there "
                "and never follows a link out of the repository: remove it (it is rebuilt from the files)"
            )
        return path

    def relative(self, path: Path | str) -> str:
        """``path`` as a repository-relative POSIX path; refuses escapes."""
        absolute = Path(os.path.abspath(Path(path) if Path(path).is_absolute() else Path.cwd() / path))
        try:
            return absolute.relative_to(self.root).as_posix()
        except ValueError:
            raise PlansyncError(f"{path} is outside the plan repository {self.root}") from None

    def path(self, relative: str) -> Path:
        """The absolute path of a repository-relative path; refuses ``..`` and absolute paths."""
        candidate = Path(relative)
        if candidate.is_absolute() or ".." in candidate.parts:
            raise PlansyncError(f"refusing path {relative!r}: it leads outside the plan repository")
        return self.root / candidate

    def writable(self, relative: str) -> Path:
        """The absolute path plansync may write for ``relative``: inside the
        repository even after following links in its folders, and not a
        link itself (a file replaced by a write would turn a link into a
        copy, and a link could lead anywhere)."""
        path = self.path(relative)
        if any(part.startswith(".") for part in Path(relative).parts):
            raise PlansyncError(f"refusing to write {relative}: plan files are never hidden (a folder such as .git)")
        real_root = os.path.realpath(self.root)
        folder = os.path.realpath(path.parent)
        if os.path.commonpath([real_root, folder]) != real_root:
            raise PlansyncError(f"refusing to write {relative}: its folder is a link that leads outside the plan repository")
        if path.is_symlink():
            raise PlansyncError(f"refusing to write {relative}: it is a link; plansync writes files, never through links")
        return path

    @classmethod
    def open(cls, root: Path, settings_text: str | None = None) -> PlanRepo:
        root = Path(os.path.abspath(root))
        if settings_text is None:
            settings_path = root / SETTINGS_FILE
            try:
                raw = settings_path.read_bytes()
            except FileNotFoundError:
                raise PlansyncError(
                    f"{root} is not a plan repository (no {SETTINGS_FILE}); run `plansync init {root}`"
                ) from None
            text = raw.decode("utf-8-sig", errors="replace")
            return cls(root, *_settings_of(root, text))
        settings, problems = parse_settings(settings_text)
        return cls(root, settings, problems)

    @classmethod
    def find(cls, start: Path | None = None) -> PlanRepo:
        """The repository holding ``start`` (default: the working directory)."""
        here = Path(os.path.abspath(start or Path.cwd()))
        for folder in (here, *here.parents):
            if (folder / SETTINGS_FILE).is_file():
                return cls.open(folder)
        raise PlansyncError(
            f"no {SETTINGS_FILE} in {here} or any parent folder: not a plan repository "
            "(run `plansync init` to make one, or pass --repo PATH)"
        )
