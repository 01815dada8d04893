"""A plan repository: where it is and its settings (``plansync.yaml``)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from plansync.errors import LoadError, PlansyncError, Problem
from plansync.formats.builtin import BUILTIN
from plansync.formats.format import FormatTable, format_for
from plansync.repo import schemas
from plansync.repo.paths import UnsafePathError, contained, read_regular

SETTINGS_FILE = "plansync.yaml"
STATE_DIR = ".plansync"
DEFAULT_WASTE_THRESHOLD = 0.15
DEFAULT_MAX_FILE_BYTES = 1024 * 1024
DEFAULT_CURRENCY = "USD"
DEFAULT_QUERY_TIMEOUT = 10.0


@dataclass(frozen=True)
class Settings:
    version: int = 1
    waste_threshold: float = DEFAULT_WASTE_THRESHOLD
    index: str | None = None
    auto_commit: bool = False
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES
    #: ISO 4217 code money is shown in; display only.
    currency: str = DEFAULT_CURRENCY
    #: Seconds a ``query`` may run before it is stopped.
    query_timeout: float = DEFAULT_QUERY_TIMEOUT
    #: What the index records as this repository (default: its git root commit).
    repository_id: str | None = None


def parse_settings(
    text: str, path: str = SETTINGS_FILE, formats: FormatTable = BUILTIN
) -> tuple[Settings, list[Problem]]:
    """Settings from the text of ``plansync.yaml``, with the problems found,
    read with the format its extension names in ``formats``.

    Bad settings fall back to the defaults so that validation can still go
    on and report everything else.
    """

    fmt = format_for(path, formats) or format_for(path, BUILTIN)
    assert fmt is not None  # the built-in YAML format reads plansync.yaml
    try:
        data = fmt.read(text)
    except LoadError as exc:
        return Settings(), [Problem(path, exc.code or "yaml-syntax", exc.message, line=exc.line, column=exc.column)]
    problems = []
    for finding in schemas.check(schemas.SETTINGS, data):
        found = fmt.locate(text, finding.pointer, finding.at_key) if fmt.locate else None
        line, column = found or (1, 1)
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
            currency=data.get("currency", DEFAULT_CURRENCY),
            query_timeout=data.get("query_timeout", DEFAULT_QUERY_TIMEOUT),
            repository_id=data.get("repository_id"),
        ),
        [],
    )


@dataclass
class PlanRepo:
    """The root of a plan repository and what its settings say."""

    root: Path
    settings: Settings
    settings_problems: list[Problem]
    #: The formats plan files are read and written with: handed down by the
    #: command from the plugin registry; the built-in ones by default.
    formats: FormatTable = field(default=BUILTIN, repr=False)

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

    def writable(self, relative: str, folders_checked: set[Path] | None = None) -> Path:
        """The absolute path plansync may write for ``relative``: inside the
        repository even after following links in its folders, and not a
        link itself (a file replaced by a write would turn a link into a
        copy, and a link could lead anywhere). ``folders_checked``: folders
        already found safe by the same step, not resolved again (an import
        writes thousands of files into a few folders)."""
        path = self.path(relative)
        if any(part.startswith(".") for part in Path(relative).parts):
            raise PlansyncError(f"refusing to write {relative}: plan files are never hidden (a folder such as .git)")
        if folders_checked is None or path.parent not in folders_checked:
            self._check_folder(relative, path)
            if folders_checked is not None:
                folders_checked.add(path.parent)
        if path.is_symlink():
            raise PlansyncError(f"refusing to write {relative}: it is a link; plansync writes files, never through links")
        return path

    def _check_folder(self, relative: str, path: Path) -> None:
        real_root = os.path.realpath(self.root)
        folder = os.path.realpath(path.parent)
        if os.path.commonpath([real_root, folder]) != real_root:
            raise PlansyncError(f"refusing to write {relative}: its folder is a link that leads outside the plan repository")
        try:
            contained(self.root, path.parent, f"refusing to write {relative}")
        except UnsafePathError as exc:
            raise PlansyncError(f"{exc.message} (its folder is a link)") from None

    def with_settings(self, text: str) -> PlanRepo:
        """This repository as the settings ``text`` describe it (those of a
        git revision being read)."""
        settings, problems = parse_settings(text, formats=self.formats)
        return PlanRepo(self.root, settings, problems, self.formats)

    @classmethod
    def open(cls, root: Path, settings_text: str | None = None, formats: FormatTable = BUILTIN) -> PlanRepo:
        root = Path(os.path.abspath(root))
        if settings_text is None:
            settings_text = read_settings_text(root)
        settings, problems = parse_settings(settings_text, formats=formats)
        return cls(root, settings, problems, formats)

    @classmethod
    def find(cls, start: Path | None = None, formats: FormatTable = BUILTIN) -> PlanRepo:
        """The repository holding ``start`` (default: the working directory)."""
        return cls.open(find_root(start), formats=formats)


def read_settings_text(root: Path) -> str:
    """The text of ``root``'s ``plansync.yaml``; refuses a folder without one."""
    path = root / SETTINGS_FILE
    if not os.path.lexists(path):
        raise PlansyncError(f"{root} is not a plan repository (no {SETTINGS_FILE}); run `plansync init {root}`") from None
    # A linked plansync.yaml would have plansync read (and quote in its
    # messages) a file outside the repository.
    raw = read_regular(path, DEFAULT_MAX_FILE_BYTES, str(path))
    return raw.decode("utf-8-sig", errors="replace")


def find_root(start: Path | None = None) -> Path:
    """The nearest folder holding ``plansync.yaml``, from ``start`` (default:
    the working directory) up."""
    here = Path(os.path.abspath(start or Path.cwd()))
    for folder in (here, *here.parents):
        if os.path.lexists(folder / SETTINGS_FILE):
            return folder  # a link or a FIFO there is refused when read, by name
    raise PlansyncError(
        f"no {SETTINGS_FILE} in {here} or any parent folder: not a plan repository "
        "(run `plansync init` to make one, or pass --repo PATH)"
    )
