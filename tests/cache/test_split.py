"""The big cache sections kept as a base and a delta: a change of a few
files writes a small delta and leaves the base alone; a delta that is
damaged, or was written over a base since replaced, is ignored; many
changes are folded into a new base. Whatever the delta's state, the
answers are a cold run's."""

from __future__ import annotations

import json
import shutil

import pytest

from plansync.cache import store
from plansync.cache.files import LoadCache
from plansync.repo.repository import PlanRepo
from tests.conftest import PlanRepoFixture

STATE = ".plansync"
BASES = ["load-cache.json", "reference-index.json"]
DELTAS = ["load-cache.delta.json", "reference-index.delta.json"]
RECIPE = "catalog/recipes/sugar-cookies.yaml"


def break_reference(repo: PlanRepoFixture) -> None:
    text = repo.read(RECIPE)
    repo.write(RECIPE, text.replace("ingredient: all-purpose-flour", "ingredient: rye-flour", 1))


def cold_answer(repo: PlanRepoFixture, tmp_path) -> tuple[int, str]:
    """What ``validate`` says of the same files with no cache at all."""
    copy = tmp_path / "cold"
    shutil.copytree(repo.root, copy, ignore=shutil.ignore_patterns(STATE))
    result = PlanRepoFixture(copy).run("validate", "--format", "json")
    return result.exit_code, result.stdout


def answer(repo: PlanRepoFixture) -> tuple[int, str]:
    result = repo.run("validate", "--format", "json")
    return result.exit_code, result.stdout


def test_a_one_file_change_is_kept_as_a_delta_over_the_untouched_base(example_repo, tmp_path):
    assert example_repo.run("validate").exit_code == 0  # both bases written
    state = example_repo.root / STATE
    bases = {name: (state / name).read_bytes() for name in BASES}
    break_reference(example_repo)
    broken = answer(example_repo)
    assert broken[0] == 1 and "rye-flour" in broken[1]
    assert broken == cold_answer(example_repo, tmp_path)
    assert {name: (state / name).read_bytes() for name in BASES} == bases  # not written again
    assert all((state / name).stat().st_size < len(bases[base]) for name, base in zip(DELTAS, BASES))
    example_repo.write(RECIPE, example_repo.read(RECIPE).replace("ingredient: rye-flour", "ingredient: all-purpose-flour"))
    assert answer(example_repo) == (0, cold_answer(example_repo, tmp_path / "mended")[1])
    assert {name: (state / name).read_bytes() for name in BASES} == bases


def _damage_delta(path, how: str) -> None:
    document = json.loads(path.read_text())
    if how == "garbage":
        path.write_bytes(b"\x00\xffnot json")
    elif how == "truncated":
        path.write_text(path.read_text()[:40])
    elif how == "another base":
        path.write_text(json.dumps({**document, "base": "0" * 16}))
    elif how == "wrong types":
        for key in ("files", "entries"):
            if key in document:
                document[key] = {"7" if key == "entries" else name: ["x"] * 11 for name in document[key]}
        for key in ("paths", "names", "results", "folders", "extra"):
            if key in document:
                document[key] = 42
        path.write_text(json.dumps(document))
    elif how == "entries out of range":
        document["entries"] = {"99999": None} if "entries" in document else {"x": None}
        path.write_text(json.dumps(document))


@pytest.mark.parametrize("delta", DELTAS)
@pytest.mark.parametrize("how", ["garbage", "truncated", "another base", "wrong types", "entries out of range"])
def test_a_damaged_delta_is_ignored_silently(example_repo, tmp_path, delta, how):
    assert example_repo.run("validate").exit_code == 0
    break_reference(example_repo)
    assert answer(example_repo)[0] == 1  # the change is kept as deltas
    _damage_delta(example_repo.root / STATE / delta, how)
    result = example_repo.run("validate", "--format", "json")
    assert (result.exit_code, result.stdout) == cold_answer(example_repo, tmp_path)
    assert result.stderr == ""
    assert answer(example_repo) == cold_answer(example_repo, tmp_path / "again")


def test_a_delta_over_a_replaced_base_is_not_applied(example_repo):
    assert example_repo.run("validate").exit_code == 0
    break_reference(example_repo)
    assert answer(example_repo)[0] == 1
    state = example_repo.root / STATE
    old_delta = (state / DELTAS[0]).read_bytes()
    (state / BASES[0]).unlink()
    assert answer(example_repo)[0] == 1  # a new base, its own generation
    assert json.loads((state / DELTAS[0]).read_text())["base"] != json.loads(old_delta)["base"]
    (state / DELTAS[0]).write_bytes(old_delta)
    cache = LoadCache.open(PlanRepo.open(example_repo.root))
    assert cache.generation is not None and cache.changed == set()


def test_many_changed_entries_are_folded_into_a_new_base(example_repo, monkeypatch):
    assert example_repo.run("validate").exit_code == 0
    state = example_repo.root / STATE
    generation = json.loads((state / BASES[0]).read_text())["generation"]
    monkeypatch.setattr(store, "DELTA_MIN", 0)
    monkeypatch.setattr(store, "DELTA_SHARE", 0.0)  # any change is too many for a delta
    break_reference(example_repo)
    assert answer(example_repo)[0] == 1
    assert json.loads((state / BASES[0]).read_text())["generation"] != generation
    # What was written over the new base since (the run's validation results) changes no file's entry.
    assert json.loads((state / DELTAS[0]).read_text())["files"] == {}
