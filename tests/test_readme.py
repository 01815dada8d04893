"""The README's sample files are the example repository's files, not a drifting copy."""

from __future__ import annotations

import re

import plansync

from tests.conftest import EXAMPLE_REPO, PROJECT

SAMPLE = re.compile(r"^`((?:catalog|events)/[a-z0-9/_.-]+\.yaml)`:\n\n```yaml\n(.*?)```$", re.S | re.M)


def test_readme_shows_one_example_file_of_each_main_kind_as_it_is():
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    samples = dict(SAMPLE.findall(readme))
    folders = {path.split("/")[1] if path.startswith("catalog/") else "events" for path in samples}
    assert {"ingredients", "recipes", "finished-units", "finished-goods", "materials", "material-units",
            "recipients", "packages", "events"} <= folders  # fmt: skip
    for path, text in samples.items():
        assert (EXAMPLE_REPO / path).read_text(encoding="utf-8") == text, path


def test_readme_pins_the_hook_to_this_version():
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    assert f"rev: v{plansync.__version__}\n" in readme
