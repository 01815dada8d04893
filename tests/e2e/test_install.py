"""A plain, non-editable install carries the schemas and validates from anywhere."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path
import zipfile

import pytest

from tests.conftest import EXAMPLE_REPO, PROJECT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The project's wheel, built once for the tests of this module."""
    wheels = tmp_path_factory.mktemp("wheels")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(wheels), str(PROJECT)],
                   check=True)  # fmt: skip
    [built] = list(wheels.glob("plansync-*.whl"))
    return built


@pytest.mark.slow
def test_wheel_install_validates_the_example_from_another_folder(tmp_path, wheel):
    names = zipfile.ZipFile(wheel).namelist()
    assert "plansync/schemas/recipe.schema.json" in names
    assert "plansync/schemas/settings.schema.json" in names
    # The web view's templates and assets ship too (no CDN, no checkout).
    assert {"plansync/web/templates/event.html", "plansync/web/static/style.css", "plansync/web/static/refresh.js"} <= set(names)

    # The dependencies come from this environment; plansync itself only from the wheel.
    target = tmp_path / "venv"
    venv.create(target, with_pip=False)
    python = target / "bin" / "python"
    site_packages = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                                   capture_output=True, text=True, check=True).stdout.strip()  # fmt: skip
    (Path(site_packages) / "test-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps", str(wheel)],
                   check=True)  # fmt: skip
    # Only the fresh environment: no checkout on the import path.
    # Entry points of this environment's editable plugins would not import there.
    env = {**{k: v for k, v in os.environ.items() if k != "PYTHONPATH"}, "PLANSYNC_LOAD_PLUGINS": ""}
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    where = subprocess.run([str(python), "-c", "import plansync; print(plansync.__file__)"], cwd=elsewhere,
                           env=env, capture_output=True, text=True, check=True).stdout  # fmt: skip
    assert where.startswith(str(target))
    result = subprocess.run([str(target / "bin" / "plansync"), "--repo", str(EXAMPLE_REPO), "validate"],
                            cwd=elsewhere, env=env, capture_output=True, text=True)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "0 error(s)" in result.stdout


@pytest.mark.slow
def test_the_wheel_carries_the_example_repository_as_in_plans(wheel):
    # `init --example` from an installed wheel has no checkout to read plans/ from.
    archive = zipfile.ZipFile(wheel)
    packaged = {name.removeprefix("plansync/example/") for name in archive.namelist()
                if name.startswith("plansync/example/")}  # fmt: skip
    tracked = subprocess.run(["git", "ls-files", "plans"], cwd=PROJECT, capture_output=True, text=True,
                             check=True).stdout.split()  # fmt: skip
    expected = {name.removeprefix("plans/") for name in tracked}
    assert {name for name in packaged if not name.startswith(".plansync/")} == expected
    assert not any(name.startswith(".plansync/") for name in packaged)
    for name in ("events/christmas-2026/event.yaml", "catalog/recipes/sugar-cookies.yaml"):
        assert archive.read(f"plansync/example/{name}") == (EXAMPLE_REPO / name).read_bytes()
