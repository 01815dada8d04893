"""Plugins through real entry points: formats, duplicates, failures, lazy loading."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest

from plansync.plugins import manager
from tests.conftest import run_cli

INI_PLUGIN = '''
from plansync.errors import LoadError
from plansync.plugins import Format, hookimpl

def read(text):
    data = {}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        if "=" not in line:
            raise LoadError("expected key = value", line=number, column=1, code="ini-syntax")
        key, value = (part.strip() for part in line.split("=", 1))
        data[key] = value
    return data

def dump(data):
    return "".join(f"{k} = {v}\\n" for k, v in data.items())

@hookimpl
def register_formats(register):
    register(Format(name="ini", extensions=(".ini",), read=read, dump=dump))
'''


def install_plugin(site, monkeypatch, entry_name, module, source, dist="plansync-test-plugin", value=None):
    """A real distribution on sys.path: a module plus a .dist-info with its
    entry point (``value``, default: the module)."""
    site.mkdir(exist_ok=True)
    (site / f"{module}.py").write_text(textwrap.dedent(source))
    info = site / f"{dist.replace('-', '_')}-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {dist}\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text(f"[plansync]\n{entry_name} = {value or module}\n")
    monkeypatch.syspath_prepend(str(site))
    manager.reset()


def test_a_plugin_format_reads_plan_files(plan_repo, tmp_path, monkeypatch):
    install_plugin(tmp_path / "site", monkeypatch, "ini-format", "ini_format_plugin", INI_PLUGIN)
    plan_repo.write("catalog/ingredients/salt.ini", "kind = ingredient\nslug = salt\nname = Salt\n")
    plan_repo.write("catalog/ingredients/bad.ini", "kind = ingredient\nnonsense line\n")
    result = plan_repo.run("validate")
    assert result.stdout.splitlines()[0] == "catalog/ingredients/bad.ini:2:1: error: expected key = value [ini-syntax]"
    formats = json.loads(run_cli("formats", "--format", "json").stdout)
    assert {"type": "format", "name": "ini", "detail": ".ini", "plugin": "ini-format"} in formats
    listed = json.loads(run_cli("plugins", "--format", "json").stdout)
    assert {"plugin": "ini-format", "distribution": "plansync-test-plugin 1.0",
            "hooks": ["register_formats"], "status": "ok"} in listed  # fmt: skip


def test_an_entry_point_naming_an_object_inside_a_module_loads_that_object(plan_repo, tmp_path, monkeypatch):
    source = INI_PLUGIN.replace("@hookimpl\ndef register_formats", "class Holder:\n  class Inner:\n    @staticmethod\n    @hookimpl\n    def register_formats")
    source = source.replace("    register(Format(", "        register(Format(")
    install_plugin(tmp_path / "site", monkeypatch, "ini-format", "nested_plugin", source, value="nested_plugin:Holder.Inner [extra]")
    plan_repo.write("catalog/ingredients/bad.ini", "kind = ingredient\nnonsense line\n")
    result = plan_repo.run("validate")
    assert result.stdout.splitlines()[0] == "catalog/ingredients/bad.ini:2:1: error: expected key = value [ini-syntax]"


def test_a_duplicate_format_name_fails_loudly_naming_both(plan_repo, tmp_path, monkeypatch):
    source = INI_PLUGIN.replace('name="ini", extensions=(".ini",)', 'name="yaml", extensions=(".yamlx",)')
    install_plugin(tmp_path / "site", monkeypatch, "impostor", "impostor_plugin", source)
    result = plan_repo.run("validate")
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        "error: format 'yaml' is registered twice: by plugin "
        "'plansync.plugins.default_formats' and by plugin 'impostor'"
    )


def test_a_plugin_that_raises_is_a_problem_naming_it(plan_repo, tmp_path, monkeypatch):
    install_plugin(tmp_path / "site", monkeypatch, "broken", "broken_plugin", "raise RuntimeError('kaboom')\n")
    result = plan_repo.run("validate")
    assert result.exit_code == 1
    assert "plugin:broken: error: failed to load: RuntimeError: kaboom [plugin-error]" in result.stdout
    listed = run_cli("plugins").stdout
    assert "FAILED: failed to load: RuntimeError: kaboom" in listed


def test_a_hook_that_raises_is_a_problem_naming_it(plan_repo, tmp_path, monkeypatch):
    source = "from plansync.plugins import hookimpl\n@hookimpl\ndef register_formats(register):\n    raise ValueError('bad hook')\n"
    install_plugin(tmp_path / "site", monkeypatch, "badhook", "badhook_plugin", source)
    result = plan_repo.run("validate")
    assert "plugin:badhook: error: hook register_formats raised ValueError: bad hook [plugin-error]" in result.stdout


def test_load_plugins_variable_limits_entry_points(plan_repo, tmp_path, monkeypatch):
    install_plugin(tmp_path / "site", monkeypatch, "broken", "broken_plugin", "raise RuntimeError('kaboom')\n")
    monkeypatch.setenv("PLANSYNC_LOAD_PLUGINS", "")
    assert plan_repo.run("validate").exit_code == 0
    monkeypatch.setenv("PLANSYNC_LOAD_PLUGINS", "broken")
    manager.reset()
    assert plan_repo.run("validate").exit_code == 1


def test_help_does_not_import_plugins(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    marker = tmp_path / "imported"
    (site / "noisy_plugin.py").write_text(f"open({str(marker)!r}, 'w').write('yes')\n")
    info = site / "noisy-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: noisy\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text("[plansync]\nnoisy = noisy_plugin\n")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(site), *sys.path])}
    subprocess.run([sys.executable, "-m", "plansync", "--help"], env=env, check=True, capture_output=True)
    assert not marker.exists()
    subprocess.run([sys.executable, "-m", "plansync", "formats"], env=env, check=True, capture_output=True)
    assert marker.exists()


def test_plugin_commands_are_added(plan_repo, tmp_path, monkeypatch):
    source = '''
    import click
    from plansync.plugins import hookimpl

    @hookimpl
    def register_commands(cli):
        @cli.command()
        def hello():
            """Say hello. Example: plansync hello"""
            click.echo("hello from a plugin")
    '''
    install_plugin(tmp_path / "site", monkeypatch, "hello", "hello_plugin", source)
    assert run_cli("hello").stdout == "hello from a plugin\n"
