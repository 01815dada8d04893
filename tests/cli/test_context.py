"""A command run as its own process (the collector paused while it loads,
the workspace then left out of its passes) answers exactly as the same
command run in-process, where the collector is left as it is."""

from __future__ import annotations

import gc
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from plansync.cli.main import cli

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))
from corpus import generate  # noqa: E402  (the benchmark corpus generator, a file of this project)

COMMANDS = [
    ["plan", "{event}"],
    ["shopping", "{event}"],
    ["shopping", "{event}", "--by", "aisle"],
    ["feasibility", "{event}"],
    ["cost", "{event}"],
    ["stock"],
    ["validate"],
]


def in_own_process(root: Path, args: list[str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "plansync", "--repo", str(root), *args], capture_output=True, text=True
    )


def assert_same_answers(root: Path, event: str) -> None:
    for command in COMMANDS:
        args = [part.format(event=event) for part in command] + ["--format", "json"]
        inside = CliRunner().invoke(cli, ["--repo", str(root), *args])
        outside = in_own_process(root, args)
        assert (outside.returncode, outside.stdout) == (inside.exit_code, inside.stdout), args
        assert inside.exit_code in (0, 1), (args, inside.output)
    assert gc.isenabled() and gc.get_freeze_count() == 0  # in-process runs leave the collector as it was


def test_example_repository_answers_the_same_in_its_own_process(example_repo) -> None:
    assert_same_answers(example_repo.root, "christmas-2026")


def test_generated_repository_answers_the_same_in_its_own_process(tmp_path: Path) -> None:
    root = generate(tmp_path / "corpus", 400)
    assert_same_answers(root, "big-event")


def test_a_broken_file_the_event_reads_refuses_the_same_in_its_own_process(example_repo) -> None:
    recipe = sorted((example_repo.root / "catalog" / "recipes").glob("*.yaml"))[0]
    recipe.write_text("name: [unclosed\n", encoding="utf-8")
    args = ["plan", "christmas-2026"]
    inside = CliRunner().invoke(cli, ["--repo", str(example_repo.root), *args])
    outside = in_own_process(example_repo.root, args)
    assert inside.exit_code != 0
    assert (outside.returncode, outside.stdout, outside.stderr) == (inside.exit_code, inside.stdout, inside.stderr)
