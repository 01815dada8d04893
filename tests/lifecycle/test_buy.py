"""`plansync buy` appends to purchases.yaml; refusals write nothing; stock moves."""

from __future__ import annotations

import json


def test_buy_appends_a_purchase_and_stock_counts_it(example_repo):
    before = json.loads(example_repo.run("stock", "unsalted-butter", "--format", "json").stdout)["items"][0]["on_hand"]
    result = example_repo.run("buy", "butter-4lb", "1", "--price", "13.99", "--at", "2026-12-05T09:00:00Z")
    assert result.exit_code == 0, result.output
    assert result.stdout == "bought: purchase 10: 1 x butter-4lb, 13.99\n"
    assert "seq: 10, at: '2026-12-05T09:00:00Z'" in example_repo.read("purchases.yaml") or "seq: 10" in example_repo.read("purchases.yaml")
    after = json.loads(example_repo.run("stock", "unsalted-butter", "--format", "json").stdout)["items"][0]["on_hand"]
    assert after == before + 4
    assert example_repo.run("validate").exit_code == 0


def test_a_refused_purchase_changes_nothing(example_repo):
    log = example_repo.read("purchases.yaml")
    for args, message in [
        (("nothing-like-it", "1"), "unknown product 'nothing-like-it'"),
        (("butter-4lb", "0"), "packages must be above 0"),
        (("butter-4lb", "1", "--at", "soon"), "--at 'soon' is not a date"),
    ]:
        result = example_repo.run("buy", *args)
        assert result.exit_code == 1 and message in result.stderr
    assert example_repo.read("purchases.yaml") == log


def test_history_and_diff_explain_purchases(example_repo):
    example_repo.run("buy", "salt-26oz", "2", "--price", "2.58", "--commit")
    history = example_repo.run("history").stdout
    assert "purchases.yaml: purchase 10: 2 x salt-26oz, 2.58" in history
    assert "  + purchase 10: 2 x salt-26oz, 2.58" in example_repo.run("diff", "HEAD~1").stdout


def test_cost_and_stock_json_keys(example_repo):
    cost = json.loads(example_repo.run("cost", "christmas-2026", "--format", "json").stdout)
    assert set(cost) == {"event", "currency", "batches", "finished_goods", "packages", "ingredients", "packaging",
                         "planned_total", "actual_total", "unknown", "warnings"}  # fmt: skip
    assert cost["unknown"] == [] and cost["planned_total"] == round(cost["ingredients"] + cost["packaging"], 2)
    stock = json.loads(example_repo.run("stock", "--lots", "--format", "json").stdout)
    ribbon = next(i for i in stock["items"] if i["item"] == "red-satin-ribbon")
    assert (ribbon["counted"], ribbon["bought"], ribbon["on_hand"]) == (120, 1800, 1920)
    assert [lot["source"] for lot in ribbon["lots"]] == ["counted", "purchase 1"]
