"""Prepared components in stock (frozen dough) replace sub-recipe batches."""

from __future__ import annotations

from plansync.engine import compute_plan, compute_shopping
from plansync.engine.shopping import prepared_components
from plansync.engine.stock import compute_stock

from .conftest import baked, catalog, counted, event, recipe, stock, unit

COOKIE = unit("cookie", 10, recipe="cookies")
COOKIES = recipe("cookies", ("chips", 1, "cup"), subs={"cookie-dough-base": 1})
DOUGH = recipe("cookie-dough-base", ("flour", 2, "cup"), ("butter", 1, "cup"))
FOUR_BATCHES = event(units={"cookie": 40})


def test_one_dough_batch_in_the_freezer_leaves_three_to_make() -> None:
    cat = catalog(COOKIE, COOKIES, DOUGH, inventory=[stock("recipe", "cookie-dough-base", 1)])
    plan = compute_plan(cat, FOUR_BATCHES)
    uses = {u.recipe: (u.needed, u.from_stock, u.to_make) for u in prepared_components(cat, plan)}
    assert uses == {"cookie-dough-base": (4, 1, 3), "cookies": (4, 0, 4)}
    needs = {i.ingredient: i.need for i in compute_shopping(cat, FOUR_BATCHES, plan=plan).items}
    assert needs == {"butter": 3, "chips": 4, "flour": 6}  # the dough's ingredients x 3


def test_without_prepared_stock_the_list_is_unchanged() -> None:
    cat = catalog(COOKIE, COOKIES, DOUGH)
    needs = {i.ingredient: i.need for i in compute_shopping(cat, FOUR_BATCHES).items}
    assert needs == {"butter": 4, "chips": 4, "flour": 8}


def test_a_top_level_recipe_in_stock_is_not_a_sub_recipe() -> None:
    cat = catalog(COOKIE, COOKIES, DOUGH, inventory=[stock("recipe", "cookies", 2)])
    needs = {i.ingredient: i.need for i in compute_shopping(cat, FOUR_BATCHES).items}
    assert needs == {"butter": 4, "chips": 4, "flour": 8}


def test_a_run_uses_the_prepared_dough_before_the_ingredients() -> None:
    cat = catalog(
        COOKIE, COOKIES, DOUGH,
        inventory=[counted("recipe", "cookie-dough-base", 1, as_of="2026-12-01"),
                   counted("ingredient", "flour", 10, "cup", as_of="2026-12-01")],
    )  # fmt: skip
    result = compute_stock(cat, [baked(1, "2026-12-05T09:00:00Z", "cookie", 2, "cookies", 10)])
    assert result.item("recipe", "cookie-dough-base").on_hand == 0  # type: ignore[union-attr]
    assert result.item("ingredient", "flour").used == 2  # type: ignore[union-attr]
