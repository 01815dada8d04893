"""Generated documents: valid ones validate clean; mutated ones give problems, never exceptions."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings, strategies as st

from plansync.repo.repository import PlanRepo
from plansync.validation.runner import validate
from plansync.load.workspace import load_workspace
from plansync.formats.yamlwrite import dump

slugs = st.from_regex(r"[a-z][a-z0-9]{0,6}(-[a-z0-9]{1,4}){0,2}", fullmatch=True)
names = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=20)
positive = st.one_of(st.integers(1, 500), st.floats(0.01, 500, allow_nan=False).map(lambda f: round(f, 3)))
units = st.sampled_from(["cup", "tbsp", "tsp", "g", "oz", "lb", "each", "fl oz"])


@st.composite
def catalogs(draw):
    """A small, consistent catalog: ingredients, recipes, units, goods, an event."""
    ingredients = draw(st.lists(slugs, min_size=1, max_size=4, unique=True))
    recipes = draw(st.lists(slugs, min_size=1, max_size=3, unique=True))
    units_ = draw(st.lists(slugs, min_size=1, max_size=3, unique=True))
    goods = draw(st.lists(slugs, min_size=1, max_size=3, unique=True))
    files: dict[str, dict] = {}
    for slug in ingredients:
        files[f"catalog/ingredients/{slug}.yaml"] = {"kind": "ingredient", "slug": slug, "name": draw(names)}
    for slug in recipes:
        files[f"catalog/recipes/{slug}.yaml"] = {
            "kind": "recipe", "slug": slug, "name": draw(names),
            "ingredients": [{"ingredient": draw(st.sampled_from(ingredients)), "quantity": draw(positive), "unit": draw(units)}
                            for _ in range(draw(st.integers(1, 4)))],
        }  # fmt: skip
    for slug in units_:
        options = [{"per_batch": draw(st.integers(1, 96))} for _ in range(draw(st.integers(1, 3)))]
        files[f"catalog/finished-units/{slug}.yaml"] = {
            "kind": "finished_unit", "slug": slug, "name": draw(names), "recipe": draw(st.sampled_from(recipes)),
            "yield": {"mode": "discrete_count", "unit": "piece", "options": options},
        }  # fmt: skip
    for index, slug in enumerate(goods):
        components = [{"finished_unit": draw(st.sampled_from(units_)), "quantity": draw(positive)}]
        if index:  # only earlier goods: never a cycle
            components.append({"finished_good": draw(st.sampled_from(goods[:index])), "quantity": draw(positive)})
        files[f"catalog/finished-goods/{slug}.yaml"] = {
            "kind": "finished_good", "slug": slug, "name": draw(names), "assembly_type": "bundle", "components": components,
        }  # fmt: skip
    files["events/party/event.yaml"] = {
        "kind": "event", "slug": "party", "name": "Party", "date": "2026-12-24", "output_mode": "bundled",
        "finished_goods": [{"finished_good": g, "quantity": draw(st.integers(1, 100))} for g in goods],
    }  # fmt: skip
    return files


def _validate(files: dict[str, str]):
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "repo"
        root.mkdir()
        (root / "plansync.yaml").write_text("version: 1\n")
        for relative, text in files.items():
            path = root / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        return validate(load_workspace(PlanRepo.open(root)))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(catalogs())
def test_generated_valid_documents_validate_clean(files):
    assert _validate({path: dump(data) for path, data in files.items()}) == []


def _mutate(text: str, data) -> str:
    lines = text.splitlines(keepends=True)
    kind = data.draw(st.sampled_from(["drop", "duplicate", "truncate", "inject", "scalar"]))
    index = data.draw(st.integers(0, max(0, len(lines) - 1)))
    if kind == "drop" and lines:
        del lines[index]
    elif kind == "duplicate" and lines:
        lines.insert(index, lines[index])
    elif kind == "truncate":
        return text[: data.draw(st.integers(0, len(text)))]
    elif kind == "inject":
        junk = data.draw(st.sampled_from(["{", "[", "]", ": :", "- ", "\t", "&a ", "*a", "!!python/object:x ", "'", '"', "\0", "---\n"]))
        position = data.draw(st.integers(0, len(text)))
        return text[:position] + junk + text[position:]
    elif kind == "scalar" and lines:
        replacement = data.draw(st.sampled_from(["-1", "0", "1e400", ".nan", "null", "yes", "[]", "{}", "x" * 300, "Bad Slug"]))
        line = lines[index]
        if ": " in line:
            key = line.split(": ", 1)[0]
            lines[index] = f"{key}: {replacement}\n"
    return "".join(lines)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(catalogs(), st.data())
def test_mutated_documents_give_problems_never_exceptions(files, data):
    texts = {path: dump(value) for path, value in files.items()}
    victim = data.draw(st.sampled_from(sorted(texts)))
    texts[victim] = _mutate(texts[victim], data)
    problems = _validate(texts)
    for problem in problems:
        assert problem.line is None or problem.line >= 1
        assert problem.severity in ("error", "warning")
