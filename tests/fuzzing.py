"""Hypothesis strategies that damage valid plan files, and the fuzz settings.

A mutation takes a real plan file (from the example repository) and breaks
it the ways hands and tools do: lines dropped, doubled, swapped or
re-indented, the file cut short, YAML syntax injected, a value replaced by
a hostile one (negative, zero, 1e400, NaN, a slug of another kind, a
state), a key added, raw bytes (NUL, Latin-1, a BOM) put in.

Counts are tuned for CI (each fuzz test stays within seconds on two cores,
derandomized so a failure repeats); ``PLANSYNC_FUZZ_EXAMPLES=N`` runs N
examples in every fuzz test instead (docs/reliability.md).
"""

from __future__ import annotations

import os
import re

from hypothesis import HealthCheck, Phase, settings, strategies as st

_VALUE = re.compile(r"(?<=: )[^,}\n#]+")

JUNK = [
    "{", "}", "[", "]", ": :", "- ", "\t", "&a ", "*a", "*nowhere", "!!python/object/apply:os.system ['true'] ",
    "!custom ", "!!binary ", "'", '"', "\\", "---\n", "...\n", "? ", "|", ">", "%YAML 1.1\n", "@", "`", "#", "<<: ",
    "\n  ", "\n", "&a [*a, *a]", ": ", ",", "\ufeff", "\u2028", "\x85",
]  # fmt: skip

VALUES = [
    "-1", "0", "-0.0", "1e400", "-1e400", ".nan", ".inf", "-.inf", "null", "~", "yes", "no", "true", "[]", "{}",
    "x" * 300, "Bad Slug", "2.5", "0x10", "0o17", "99999999999999999999", "1e-400", "''", "'é'", "[1, 2]", "{a: 1}",
    "2026-02-30", "2026-12-24T10:00:00Z", "christmas-2026", "school-fair-2026", "holiday-gift-bag", "mini-sampler",
    "chocolate-chip-cookie", "sugar-cookie", "chocolate-chip-cookies", "aunt-mary", "cookie-tin", "0.0000001", "1e20",
    "100000000", "draft", "locked", "in_production", "completed", "bundled", "bulk_count", "batch_portion",
    "discrete_count", "bare", "bundle", "pending", "ready", "delivered", "cup", "parsec", "each", "oz", "fl oz",
    "*a", "&a 1", "!!str 1", "!!int x", "'1'", "150", "101", "100", "1",
]  # fmt: skip

KEY_LINES = [
    "extra: 1\n", "slug: other\n", "kind: recipe\n", "kind: event\n", "kind: snapshot\n", "plan_state: locked\n",
    "plan_state: in_production\n", "output_mode: bulk_count\n", "event: school-fair-2026\n", "event: null\n",
    "components:\n  - {finished_good: holiday-gift-box, quantity: 1}\n", "batch_decisions: []\n",
    "finished_units:\n  - {finished_unit: sugar-cookie, quantity: 5}\n", "name: \n", "slug: holiday-gift-bag\n",
]  # fmt: skip

RAW = [b"\x00", b"\xe9", b"\xff\xfe", b"\xef\xbb\xbf", b"\x07", b"\r", b"\r\n", b"\xc3", b"\xed\xa0\x80"]


def examples(default: int) -> int:
    """``default`` in CI; ``PLANSYNC_FUZZ_EXAMPLES`` for a longer run."""
    return int(os.environ.get("PLANSYNC_FUZZ_EXAMPLES") or default)


def fuzz_settings(default: int, shrink: bool = True) -> settings:
    """Derandomized (a failure repeats); ``shrink=False`` for tests whose
    examples cost a second: the failing draws are printed as found."""
    phases = [Phase.explicit, Phase.reuse, Phase.generate, Phase.target] + ([Phase.shrink] if shrink else [])
    return settings(
        max_examples=examples(default),
        deadline=None,
        derandomize=True,
        database=None,
        phases=phases,
        suppress_health_check=list(HealthCheck),
    )


def _one(text: str, data: st.DataObject) -> str:
    lines = text.splitlines(keepends=True) or [""]
    kind = data.draw(st.sampled_from(["drop", "duplicate", "swap", "indent", "truncate", "inject", "value", "value", "key"]))
    index = data.draw(st.integers(0, len(lines) - 1))
    if kind == "drop":
        del lines[index]
    elif kind == "duplicate":
        lines.insert(index, lines[index])
    elif kind == "swap":
        other = data.draw(st.integers(0, len(lines) - 1))
        lines[index], lines[other] = lines[other], lines[index]
    elif kind == "indent":
        lines[index] = data.draw(st.sampled_from([" ", "  ", "    ", "\t"])) + lines[index]
    elif kind == "truncate":
        return text[: data.draw(st.integers(0, len(text)))]
    elif kind == "inject":
        position = data.draw(st.integers(0, len(text)))
        return text[:position] + data.draw(st.sampled_from(JUNK)) + text[position:]
    elif kind == "key":
        lines.insert(index, data.draw(st.sampled_from(KEY_LINES)))
    else:
        found = list(_VALUE.finditer(lines[index]))
        if found:
            match = data.draw(st.sampled_from(found))
            value = data.draw(st.sampled_from(VALUES))
            lines[index] = lines[index][: match.start()] + value + lines[index][match.end() :]
    return "".join(lines)


def mutate(text: str, data: st.DataObject) -> bytes:
    """``text`` damaged by one to three mutations; sometimes raw bytes too."""
    for _ in range(data.draw(st.integers(1, 3))):
        text = _one(text, data)
    raw = text.encode("utf-8", "surrogatepass")
    if data.draw(st.integers(0, 9)) == 0:
        position = data.draw(st.integers(0, len(raw)))
        raw = raw[:position] + data.draw(st.sampled_from(RAW)) + raw[position:]
    return raw
