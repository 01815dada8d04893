"""The engine package hands out its public names lazily: each must still
be there, be the owning module's own, and cost nothing until asked for."""

from __future__ import annotations

import ast
import subprocess
import sys
from importlib import import_module
from pathlib import Path

import pytest

import plansync.engine as engine


@pytest.mark.parametrize("name", engine.__all__)
def test_every_public_name_is_its_modules_own(name):
    owner = import_module(f"plansync.engine.{engine._MODULE_OF[name]}")
    assert getattr(engine, name) is getattr(owner, name)


def test_unknown_names_are_an_attribute_error():
    with pytest.raises(AttributeError, match="no attribute 'compute_everything'"):
        engine.compute_everything  # noqa: B018


def test_from_import_and_dir_see_the_lazy_names():
    namespace: dict = {}
    exec("from plansync.engine import compute_plan, DEFAULT_WASTE_THRESHOLD", namespace)
    assert callable(namespace["compute_plan"])
    assert set(engine.__all__) <= set(dir(engine))


def test_the_type_checking_imports_name_the_same_things():
    tree = ast.parse(Path(engine.__file__).read_text())
    guarded = next(node for node in tree.body if isinstance(node, ast.If))
    seen = {(node.module, alias.name) for node in guarded.body for alias in node.names}
    assert seen == {(module, name) for name, module in engine._MODULE_OF.items()}


def test_a_leaf_module_does_not_load_the_rules():
    code = "import sys, plansync.engine.celltext; print(sorted(m for m in sys.modules if m.startswith('plansync.engine')))"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "['plansync.engine', 'plansync.engine.celltext']"
