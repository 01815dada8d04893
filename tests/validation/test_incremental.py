"""Validation after a change re-checks what the change reaches and gives the
full run's answer (plansync/validation/incremental.py).

The property test edits a real repository at random (files added, removed,
renamed, references changed, slugs renamed, files broken, commits), and
after every edit compares validation through the reference index with a
full run that uses no cache at all: the same problems, in the same order,
at the same line and column.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from plansync.cache import store
from plansync.cache.refs import ReferenceIndex
from plansync.load.repository import open_repository
from plansync.load.workspace import load_workspace
from plansync.validation import incremental
from plansync.validation.runner import validate
from tests.helpers import ok, to_state

#: Files an edit may add (or put back in another shape), each bringing
#: some rule into play.
POOL = {
    # a second declaration of cookies: duplicate-slug
    "catalog/recipes/cookies-again.yaml": "kind: recipe\nslug: cookies\nname: Cookies again\ningredients:\n  - {ingredient: sugar, quantity: 1, unit: cup}\n",
    # two recipes nesting each other: recipe-cycle
    "catalog/recipes/loop-a.yaml": "kind: recipe\nslug: loop-a\nname: A\ningredients:\n  - {ingredient: flour, quantity: 1, unit: cup}\ncomponents:\n  - {recipe: loop-b, batches: 1}\n",
    "catalog/recipes/loop-b.yaml": "kind: recipe\nslug: loop-b\nname: B\ningredients:\n  - {ingredient: sugar, quantity: 1, unit: cup}\ncomponents:\n  - {recipe: loop-a, batches: 1}\n",
    # products whose package does (flour, by density) or does not (sugar) convert: product-unit
    "catalog/products/flour-bag.yaml": "kind: product\nslug: flour-bag\nname: Flour bag\ningredient: flour\npackage: {quantity: 5, unit: lb}\n",
    "catalog/products/sugar-box.yaml": "kind: product\nslug: sugar-box\nname: Sugar box\ningredient: sugar\npackage: {quantity: 2, unit: each}\n",
    "catalog/products/ribbon-roll.yaml": "kind: product\nslug: ribbon-roll\nname: Ribbon roll\nmaterial: red-ribbon\npackage: {quantity: 10, unit: yd}\n",
    # the material the ribbon names: unknown-material
    "catalog/materials/red-ribbon.yaml": "kind: material\nslug: red-ribbon\nname: Red ribbon\nunit: inch\n",
    # a bare good of two units: bare-good
    "catalog/finished-goods/bare-pair.yaml": "kind: finished_good\nslug: bare-pair\nname: Pair\nassembly_type: bare\ncomponents:\n  - {finished_unit: cookie, quantity: 1}\n  - {finished_unit: brownie, quantity: 1}\n",
    # goods nesting each other: cycle
    "catalog/finished-goods/box-a.yaml": "kind: finished_good\nslug: box-a\nname: Box A\nassembly_type: bundle\ncomponents:\n  - {finished_good: box-b, quantity: 1}\n",
    "catalog/finished-goods/box-b.yaml": "kind: finished_good\nslug: box-b\nname: Box B\nassembly_type: bundle\ncomponents:\n  - {finished_good: box-a, quantity: 1}\n  - {finished_unit: cookie, quantity: 1}\n",
    # a run log of the locked event: what its snapshot keeps (only-in-snapshot)
    "events/party/runs.yaml": "kind: runs\nevent: party\nproduction:\n  - {seq: 1, finished_unit: cookie, recipe: cookies}\n",
    "events/party/amendments.yaml": "kind: amendments\nevent: party\namendments: []\n",
    # the inventory and the purchase log: units, materials, purchase numbers
    "inventory.yaml": "kind: inventory\nas_of: 2026-11-28\nitems:\n  - {ingredient: sugar, quantity: 2, unit: lb}\n  - {material: red-ribbon, quantity: 30, unit: inch}\n",
    "purchases.yaml": "kind: purchases\npurchases:\n  - {seq: 1, at: '2026-12-03T15:20:00Z', product: flour-bag, packages: 1, price: 4.5}\n  - {seq: 1, at: '2026-12-03T15:21:00Z', product: sugar-box, packages: 1, price: 2.0}\n",
    # an event whose batch decision falls short: batch-shortfall, output-mode, duplicate-entry
    "events/fair/event.yaml": "kind: event\nslug: fair\nname: Fair\ndate: 2026-12-01\noutput_mode: bulk_count\nfinished_units:\n  - {finished_unit: cookie, quantity: 30}\n  - {finished_unit: cookie, quantity: 5}\nbatch_decisions:\n  - {finished_unit: cookie, batches: 1}\n",
    # a recipe in a file not named for it, with a misspelt unit: file-name, unknown-unit
    "catalog/recipes/misnamed.yaml": "kind: recipe\nslug: spice-cake\nname: Spice cake\ningredients:\n  - {ingredient: sugar, quantity: 1, unit: cupz}\n",
    # a file that does not load, named for a slug others name: the hint of unknown-reference
    "catalog/recipes/icing.yaml": "kind: recipe\nslug: [icing\n",
}

#: Slugs a changed reference may take: known ones, and one nothing declares.
SLUGS = ["cookies", "icing", "brownies", "flour", "sugar", "cookie", "brownie", "sampler", "gift-bag", "tin",
         "ribbon", "red-ribbon", "loop-a", "box-a", "party", "nothing-here"]  # fmt: skip
VALUE = re.compile(r"(?<=: )[a-z][a-z0-9-]*")
FIXED = ("plansync.yaml", ".gitignore")


@pytest.fixture(scope="module")
def locked_party(tmp_path_factory) -> Path:
    """The party repository with its event locked (a planning snapshot), committed."""
    from tests.conftest import PlanRepoFixture
    from tests.party import EVENT, PARTY_EVENT, PARTY_FILES

    repo = PlanRepoFixture(tmp_path_factory.mktemp("template") / "party")
    for path, text in PARTY_FILES.items():
        repo.write(path, text)
    repo.write(EVENT, PARTY_EVENT)
    repo.git("init", "-q")
    repo.commit_all("party")
    to_state(repo, "locked")
    shutil.rmtree(repo.root / ".plansync", ignore_errors=True)
    return repo.root


def _files(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): p.read_text()
        for p in root.rglob("*")
        if p.is_file() and not {".git", ".plansync"} & set(p.relative_to(root).parts)
    }


def _apply(files: dict[str, str], originals: dict[str, str], step: tuple[str, int, int]) -> None:
    """One edit of ``files`` (path -> text); choices are taken modulo what there is."""
    op, a, b = step
    paths = sorted(p for p in files if p not in FIXED)
    if op == "add":
        path = sorted(POOL)[a % len(POOL)]
        files[path] = POOL[path]
    elif op == "restore":
        path = sorted(originals)[a % len(originals)]
        files[path] = originals[path]
    elif not paths:
        return
    elif op == "remove":
        del files[paths[a % len(paths)]]
    elif op == "rename":
        path = paths[a % len(paths)]
        folder, _, name = path.rpartition("/")
        files[f"{folder}/moved-{name}" if b % 2 else f"catalog/other/{name}"] = files.pop(path)
    elif op == "retarget":
        path = paths[a % len(paths)]
        found = list(VALUE.finditer(files[path]))
        if found:
            hit = found[b % len(found)]
            text = files[path]
            files[path] = text[: hit.start()] + SLUGS[(a + b) % len(SLUGS)] + text[hit.end() :]
    elif op == "reslug":
        path = paths[a % len(paths)]
        files[path] = re.sub(r"(?m)^slug: (\S+)$", rf"slug: \g<1>-{b % 3}", files[path], count=1)
    elif op == "break":
        path = paths[a % len(paths)]
        files[path] = files[path] + "\n  - : [\n" if b % 2 else files[path].replace("name:", "nome:", 1)


def _write(root: Path, files: dict[str, str]) -> None:
    on_disk = _files(root)
    for path in on_disk.keys() - files.keys():
        (root / path).unlink()
    for path, text in files.items():
        if on_disk.get(path) != text:
            (root / path).parent.mkdir(parents=True, exist_ok=True)
            (root / path).write_text(text)


def _incremental_and_full(root: Path) -> tuple[list, list]:
    repo = open_repository(root)
    through_index = validate(load_workspace(repo))
    full = validate(load_workspace(repo, use_cache=False))
    return through_index, full


STEP = st.tuples(
    st.sampled_from(["add", "add", "remove", "rename", "retarget", "retarget", "reslug", "break", "restore", "commit"]),
    st.integers(0, 10_000),
    st.integers(0, 10_000),
)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(STEP, min_size=1, max_size=6))
def test_after_random_edits_validation_through_the_index_is_the_full_run(locked_party, tmp_path_factory, steps):
    root = tmp_path_factory.mktemp("edits") / "party"
    shutil.copytree(locked_party, root)
    originals = {**_files(root), **POOL}
    files = _files(root)
    assert _incremental_and_full(root)[0] == _incremental_and_full(root)[1]  # the index is built
    for step in steps:
        if step[0] == "commit":
            subprocess.run(["git", "add", "-A"], cwd=root, check=True)
            subprocess.run(["git", "commit", "-q", "--allow-empty", "-m", "edit"], cwd=root, check=True)
        else:
            _apply(files, originals, step)
            _write(root, files)
        through_index, full = _incremental_and_full(root)
        assert [p.format() for p in through_index] == [p.format() for p in full]
        assert through_index == full


def test_the_pool_brings_each_cross_file_rule_into_play(locked_party, tmp_path):
    """The edits above can reach every built-in cross-file rule: with the
    whole pool in place, each reports something."""
    root = tmp_path / "party"
    shutil.copytree(locked_party, root)
    files = {**_files(root), **{p: t for p, t in POOL.items() if p != "catalog/recipes/icing.yaml"}}
    files["catalog/finished-units/cookie.yaml"] = files["catalog/finished-units/cookie.yaml"].replace("recipe: cookies", "recipe: gone")
    del files["catalog/finished-goods/brownie-stack.yaml"]  # the locked event still plans it
    files["events/party/event.yaml"] = files["events/party/event.yaml"].replace("quantity: 9", "quantity: 10")
    _write(root, files)
    problems = validate(load_workspace(open_repository(root), use_cache=False))
    codes = {p.code for p in problems}
    assert {"duplicate-slug", "unknown-reference", "only-in-snapshot", "cycle", "bare-good", "product-unit",
            "duplicate-entry", "batch-shortfall", "locked-plan", "file-name", "unknown-unit"} <= codes, codes  # fmt: skip
    assert any("sub-recipe cycle" in p.message for p in problems)


def test_one_changed_recipe_rechecks_only_what_names_it(locked_party, tmp_path):
    """A note changed in one recipe: the files re-checked are that recipe,
    the finished unit and the recipe naming it, and the products of its
    ingredients; nothing else is read again."""
    root = tmp_path / "party"
    shutil.copytree(locked_party, root)
    for path in ("catalog/products/flour-bag.yaml", "catalog/products/sugar-box.yaml"):
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(POOL[path])
    repo = open_repository(root)
    validate(load_workspace(repo))
    cookies = root / "catalog/recipes/cookies.yaml"
    cookies.write_text(cookies.read_text() + "notes: a new note\n")
    workspace = load_workspace(repo)
    index = ReferenceIndex.open(root, workspace.cache.signature)
    reached = incremental.reach(index, workspace)
    assert sorted(reached) == [
        "catalog/finished-units/cookie.yaml",
        "catalog/products/flour-bag.yaml",
        "catalog/products/sugar-box.yaml",
        "catalog/recipes/brownies.yaml",  # its base
        "catalog/recipes/cookies.yaml",
    ]
    assert validate(workspace) == validate(load_workspace(repo, use_cache=False))


def _damage(section: Path, how: str) -> None:
    document = json.loads(section.read_text())
    entries = document["entries"]
    if how == "garbage":
        section.write_bytes(b"\x00\xffnot json")
    elif how == "truncated":
        section.write_text(section.read_text()[:1000])
    elif how == "another key":
        section.write_text(json.dumps({**document, "signature": "another"}))
    elif how == "wrong types":
        section.write_text(json.dumps({**document, "entries": [["x"] * 6 for _ in entries]}))
    elif how == "names out of range":
        section.write_text(json.dumps({**document, "names": document["names"][:3]}))
    elif how == "bad problem rows":
        for entry in entries:
            entry[5] = [["code", "message", "fatal", "one", None]]
        section.write_text(json.dumps(document))
    elif how == "facts cut":  # read only when used: a product of a changed recipe's ingredient
        for entry in entries:
            if entry is not None and entry[4]:
                entry[4] = entry[4][:10]
        section.write_text(json.dumps(document))
    elif how == "missing":
        section.unlink()


DAMAGE = ["garbage", "truncated", "another key", "wrong types", "names out of range", "bad problem rows", "facts cut", "missing"]


@pytest.mark.parametrize("how", DAMAGE)
def test_a_damaged_index_costs_a_full_run_and_nothing_else(example_repo, how):
    """The index damaged (or gone), then a recipe changed: the answer is a
    clean full run's, and the index is written whole again."""
    repo = open_repository(example_repo.root)
    validate(load_workspace(repo))
    section = store.section_path(example_repo.root, "refs")
    _damage(section, how)
    recipe = example_repo.root / "catalog/recipes/sugar-cookies.yaml"
    text = recipe.read_text()
    recipe.write_text(text.replace("unit: cup", "unit: each", 1).replace("ingredient: all-purpose-flour", "ingredient: rye-flour", 1))
    after = validate(load_workspace(repo))
    assert [p.format() for p in after] == [p.format() for p in validate(load_workspace(repo, use_cache=False))]
    assert any(p.code == "unknown-reference" for p in after)
    assert ReferenceIndex.open(example_repo.root, load_workspace(repo).cache.signature) is not None


def test_validate_output_is_unchanged_by_the_index(example_repo):
    """The command's words after a change: the same with and without the index."""
    ok(example_repo, "validate")
    recipe = example_repo.root / "catalog/recipes/sugar-cookies.yaml"
    recipe.write_text(recipe.read_text().replace("ingredient: all-purpose-flour", "ingredient: rye-flour", 1))
    through_index = example_repo.run("validate")
    shutil.rmtree(example_repo.root / ".plansync")
    full = example_repo.run("validate")
    assert through_index.exit_code == full.exit_code == 1
    assert through_index.stdout == full.stdout
    assert "ingredient 'rye-flour' does not exist [unknown-reference]" in through_index.stdout


def _same_as_full(root: Path) -> list:
    through_index, full = _incremental_and_full(root)
    assert [p.format() for p in through_index] == [p.format() for p in full]
    return through_index


def test_a_file_that_stops_loading_gives_its_hint_to_the_files_naming_its_stem(locked_party, tmp_path):
    root = tmp_path / "party"
    shutil.copytree(locked_party, root)
    (root / "catalog/recipes/icing.yaml").unlink()
    assert any(p.message == "recipe 'icing' does not exist" for p in _same_as_full(root))
    # A broken file declares nothing: only its name ties it to cookies.
    (root / "catalog/other").mkdir()
    (root / "catalog/other/icing.yaml").write_text("kind: recipe\nslug: [icing\n")
    hint = "recipe 'icing' does not exist: catalog/other/icing.yaml, which may declare it, does not load"
    assert any(p.message == hint for p in _same_as_full(root))
    (root / "catalog/other/icing.yaml").unlink()
    assert any(p.message == "recipe 'icing' does not exist" for p in _same_as_full(root))


def test_a_commit_moves_what_the_append_only_logs_are_compared_with(locked_party, tmp_path):
    root = tmp_path / "party"
    shutil.copytree(locked_party, root)
    (root / "purchases.yaml").write_text(POOL["purchases.yaml"])
    subprocess.run(["git", "add", "-A"], cwd=root, check=True)
    subprocess.run(["git", "commit", "-q", "-m", "bought"], cwd=root, check=True)
    assert not any(p.code == "append-only" for p in _same_as_full(root))
    (root / "purchases.yaml").write_text(POOL["purchases.yaml"].replace("price: 4.5", "price: 5.5"))
    assert any(p.code == "append-only" for p in _same_as_full(root))
    subprocess.run(["git", "commit", "-q", "-am", "price corrected"], cwd=root, check=True)
    assert not any(p.code == "append-only" for p in _same_as_full(root))


def test_a_removed_snapshot_reaches_the_run_log_of_its_event(locked_party, tmp_path):
    root = tmp_path / "party"
    shutil.copytree(locked_party, root)
    (root / "events/party/runs.yaml").write_text(POOL["events/party/runs.yaml"])
    (root / "catalog/finished-units/cookie.yaml").unlink()
    assert any(p.path == "events/party/runs.yaml" and p.code == "only-in-snapshot" for p in _same_as_full(root))
    (root / "events/party/snapshots/planning.yaml").unlink()
    problems = _same_as_full(root)
    assert any(p.path == "events/party/runs.yaml" and p.code == "unknown-reference" for p in problems)
    assert not any(p.code == "only-in-snapshot" for p in problems)


def test_a_misnamed_file_is_warned_about_until_another_file_declares_its_slug(locked_party, tmp_path):
    """file-name and unknown-unit follow the change: a file not named for its
    slug, unchanged itself, loses its warning when a changed file declares
    the same slug (duplicate-slug says it then) and gets it back when that
    file goes; a misspelt unit is found in the changed file."""
    root = tmp_path / "party"
    shutil.copytree(locked_party, root)
    misnamed = root / "catalog/recipes/misnamed.yaml"
    misnamed.write_text(POOL["catalog/recipes/misnamed.yaml"].replace("cupz", "cup"))
    rename = "file misnamed.yaml declares recipe 'spice-cake': rename it to catalog/recipes/spice-cake.yaml"
    assert rename in [p.message for p in _same_as_full(root)]
    other = root / "catalog/recipes/spice-cake.yaml"
    other.write_text(POOL["catalog/recipes/misnamed.yaml"])
    found = _same_as_full(root)
    assert rename not in [p.message for p in found]
    assert [p.format() for p in found if p.code == "unknown-unit"] == [
        "catalog/recipes/spice-cake.yaml:5:44: warning: unknown unit 'cupz' (did you mean 'cup'?): as written it is "
        "a count, which never converts to cup or any other measure [unknown-unit]"
    ]
    other.unlink()
    found = _same_as_full(root)
    assert rename in [p.message for p in found]
    assert not [p for p in found if p.code == "unknown-unit"]
