"""The bad-input corpus: every kind of broken file, through `plansync validate --format json`.

Each case in ``tests/badinput/cases`` is a ``NAME.expect`` file and its
input: ``NAME.data`` (one file, placed at ``path:``) or a folder ``NAME/``
of files placed by their repository paths. The input goes into a copy of
``tests/badinput/base`` (a small repository that validates clean), and the
problems ``validate`` reports must be exactly the lines under ``expect:``,
in the CLI's own ``path:line:col: severity: message [code]`` form, with the
exit code (1 with an error, else 0; ``exit:`` says otherwise).

Header lines of an ``.expect`` file:

- ``path: P``: where ``NAME.data`` goes (replacing the base file there);
- ``remove: P``: a base file to delete first (a YAML file replaced by JSON);
- ``settings: LINE``: a line added to plansync.yaml (``max_file_bytes: 300``);
- ``link: file|folder``: the input goes outside the repository and ``path``
  becomes a symbolic link to it (the file, or a folder holding the case's
  ``outside/`` files);
- ``expand: yes``: ``<<repeat N:TEXT>>`` in the data stands for TEXT N
  times (so a 1 MiB file is a few bytes in git).

``PLANSYNC_BADINPUT_RECORD=1`` rewrites every ``expect:`` block with what
plansync says now: review the diff before committing it.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from click.testing import CliRunner

from plansync.cli.main import cli

CORPUS = Path(__file__).resolve().parents[1] / "badinput"
CASES = CORPUS / "cases"
RECORD = bool(os.environ.get("PLANSYNC_BADINPUT_RECORD"))
_REPEAT = re.compile(rb"<<repeat (\d+):(.*?)>>", re.S)


@dataclass
class Case:
    name: str
    about: str
    headers: dict[str, str] = field(default_factory=dict)
    expected: list[str] = field(default_factory=list)

    @classmethod
    def read(cls, path: Path) -> Case:
        case = cls(path.stem, "")
        lines = path.read_text(encoding="utf-8").splitlines()
        index = 0
        while index < len(lines) and lines[index] != "expect:":
            line = lines[index]
            if line.startswith("#"):
                case.about = case.about or line.lstrip("# ")
            elif line.strip():
                key, _, value = line.partition(": ")
                case.headers[key] = value
            index += 1
        case.expected = [line for line in lines[index + 1 :] if line.strip()]
        return case

    @property
    def exit_code(self) -> int:
        if "exit" in self.headers:
            return int(self.headers["exit"])
        return 1 if any(": error: " in line for line in self.expected) else 0

    def data(self) -> bytes:
        raw = (CASES / f"{self.name}.data").read_bytes()
        if self.headers.get("expand") == "yes":
            raw = _REPEAT.sub(lambda m: m.group(2) * int(m.group(1)), raw)
        return raw

    def build(self, tmp: Path) -> Path:
        """The base repository with this case's input in place."""
        root = tmp / "repo"
        shutil.copytree(CORPUS / "base", root)
        if "settings" in self.headers:
            with open(root / "plansync.yaml", "a", encoding="utf-8") as settings:
                settings.write(self.headers["settings"] + "\n")
        if "remove" in self.headers:
            (root / self.headers["remove"]).unlink()
        folder = CASES / self.name
        link = self.headers.get("link")
        if link == "folder":
            shutil.copytree(folder / "outside", tmp / "outside")
            (root / self.headers["path"]).symlink_to(tmp / "outside", target_is_directory=True)
        elif link == "file":
            (tmp / "outside.yaml").write_bytes(self.data())
            (root / self.headers["path"]).symlink_to(tmp / "outside.yaml")
        elif folder.is_dir():
            shutil.copytree(folder, root, dirs_exist_ok=True)
        else:
            target = root / self.headers["path"]
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(self.data())
        return root

    def record(self, lines: list[str]) -> None:
        path = CASES / f"{self.name}.expect"
        text = path.read_text(encoding="utf-8")
        head = text[: text.index("expect:\n") + len("expect:\n")]
        path.write_text(head + "".join(f"{line}\n" for line in lines), encoding="utf-8")


def problem_line(problem: dict) -> str:
    where = problem["path"]
    if problem["line"] is not None:
        where += f":{problem['line']}:{problem['column']}"
    return f"{where}: {problem['severity']}: {problem['message']} [{problem['code']}]"


ALL = [Case.read(path) for path in sorted(CASES.glob("*.expect"))]


def validate(root: Path) -> tuple[int, list[str], str]:
    result = CliRunner().invoke(cli, ["--repo", str(root), "validate", "--format", "json"], catch_exceptions=False)
    document = json.loads(result.stdout)
    return result.exit_code, [problem_line(p) for p in document["problems"]], result.stderr


def test_the_base_repository_validates_clean(tmp_path):
    shutil.copytree(CORPUS / "base", tmp_path / "repo")
    assert validate(tmp_path / "repo") == (0, [], "")


def test_the_corpus_covers_every_kind_of_bad_input():
    codes = {re.search(r"\[([a-z-]+)\]$", line).group(1) for case in ALL for line in case.expected}
    assert len(ALL) >= 90
    assert codes >= {
        "yaml-syntax", "json-syntax", "duplicate-key", "wrong-type", "unknown-field", "out-of-range", "number-range",
        "missing-field", "missing-kind", "unknown-kind", "unknown-reference", "cycle", "nesting-depth", "too-deep",
        "empty-file", "encoding", "bad-character", "too-large", "alias-bomb", "unsafe-tag", "symlink", "duplicate-slug",
    }  # fmt: skip


@pytest.mark.parametrize("case", ALL, ids=[case.name for case in ALL])
def test_bad_input(case, tmp_path):
    code, lines, stderr = validate(case.build(tmp_path))
    if RECORD:
        case.record(lines)
        return
    assert lines == case.expected, case.about
    assert code == case.exit_code
    assert stderr == ""
