"""Which format reads a path: one lookup per path gives what the scan of every extension gives."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from plansync.formats.builtin import JSON, YAML
from plansync.formats.format import Formats, format_finder, format_for

SUFFIXES = [".yaml", ".yml", ".json", ".YAML", ".Json", ".x.yaml", "yaml", ".tar.gz", ".gz", ""]


def table(extensions: list[str]) -> Formats:
    return Formats({extension: (YAML if i % 2 else JSON) for i, extension in enumerate(extensions)})


paths = st.builds(
    lambda folder, stem, suffix: f"{folder}{stem}{suffix}",
    st.sampled_from(["", "catalog/", "a.b/", "events/x.yaml/"]),
    st.text("ab.-_", max_size=6),
    st.sampled_from(SUFFIXES),
)


@given(paths, st.lists(st.sampled_from([".yaml", ".yml", ".json", ".x.yaml", "yaml", ".tar.gz", ".gz"]), unique=True))
def test_the_finder_agrees_with_format_for(path: str, extensions: list[str]) -> None:
    formats = table(extensions)
    assert format_finder(formats)(path) is format_for(path, formats)


def test_an_upper_case_suffix_is_read_by_its_format() -> None:
    find = format_finder(Formats.of(YAML, JSON))
    assert find("catalog/recipes/Shortbread.YAML") is YAML
    assert find("events/party.Json") is JSON
    assert find("notes/readme.md") is None
    assert find("catalog.d/recipes") is None
