"""Decimal outputs are exact: decimal.Decimal in a Decision, an object column of Decimal in a
DataFrame (issue 15, item 9)."""

import decimal
import pickle
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest

import ssprules

POLICY = """\
id: amounts
title: Exact amounts
version: "1"
effective: {from: 2020-01-01}
inputs:
  price: {type: decimal}
  count: {type: integer}
  rate: {type: decimal, default: 0.1}
outputs:
  total: price * count
  tenth: price * rate
  third_sum: 0.1 + 0.2
  whole: price * 0 + 3
  negative: 0 - price
"""


@pytest.fixture(scope="module")
def policy():
    return ssprules.loads(POLICY)


def test_decimal_outputs_are_exact_decimals(policy):
    d = policy.evaluate({"price": Decimal("19.99"), "count": 3}, as_of="2025-01-01")
    assert isinstance(d["total"], Decimal) and d["total"] == Decimal("59.97")
    assert d["tenth"] == Decimal("1.999")
    # 0.1 + 0.2 is 0.3, as the language promises (a float would be 0.30000000000000004)
    assert d["third_sum"] == Decimal("0.3") and str(d["third_sum"]) == "0.3"
    assert str(d["whole"]) == "3" and str(d["negative"]) == "-19.99"


def test_a_decimal_default_is_a_decimal(policy):
    rate = next(f for f in policy.inputs if f.name == "rate")
    assert rate.default == Decimal("0.1") and isinstance(rate.default, Decimal)


def test_decimals_ignore_the_callers_decimal_context(policy):
    with decimal.localcontext() as ctx:
        ctx.prec = 2  # would round 59.97 to 60 if the value were computed in Python
        d = policy.evaluate({"price": Decimal("19.99"), "count": 3}, as_of="2025-01-01")
        assert d["total"].as_tuple() == Decimal("59.97").as_tuple()
        frame = policy.evaluate_many(pd.DataFrame({"price": [Decimal("19.99")], "count": [3]}),
                                     as_of="2025-01-01")
        assert frame.loc[0, "total"].as_tuple() == Decimal("59.97").as_tuple()


def test_the_smallest_and_largest_decimals_round_trip(policy):
    for text in ("0.000001", "-0.000001", "9000000000000.5", "-9000000000000.5"):
        d = policy.evaluate({"price": Decimal(text), "count": 1}, as_of="2025-01-01")
        assert d["total"] == Decimal(text), text


def test_evaluate_many_gives_decimals_in_decisions(policy):
    many = policy.evaluate_many([{"price": 0.1, "count": 3}, {"price": "x", "count": 1}],
                                as_of="2025-01-01")
    assert many[0]["total"] == Decimal("0.3") and isinstance(many[0]["total"], Decimal)
    assert many[1]["total"] is None and many[1].error.code == "SR1002"
    copy = pickle.loads(pickle.dumps(many[0]))
    assert copy["total"] == Decimal("0.3")


def test_a_frame_has_an_object_column_of_decimals(policy):
    frame = pd.DataFrame({"price": [0.1, 2.5, None, 0.1], "count": [3, 1, 1, 3]})
    result = policy.evaluate_many(frame, as_of="2025-01-01")
    assert result["total"].dtype == object
    assert result["total"].tolist() == [Decimal("0.3"), Decimal("2.5"), None, Decimal("0.3")]
    assert all(isinstance(v, Decimal) for v in result["total"].dropna())
    # sums stay exact; .astype(float) gives floats for plotting
    assert result["total"].dropna().sum() == Decimal("3.1")
    assert result["total"].astype(float).dtype == np.float64
    assert result.loc[2, "error_code"] == "SR1001"
    # one object per distinct value, shared by the rows that have it
    assert result.loc[0, "total"] is result.loc[3, "total"]


def test_the_empty_frame_has_the_same_dtypes(policy):
    from ssprules._frames import empty_result_frame
    empty = empty_result_frame(policy)
    full = policy.evaluate_many(pd.DataFrame({"price": [1], "count": [1]}), as_of="2025-01-01")
    assert empty.dtypes.to_dict() == full.dtypes.to_dict()
    assert empty["total"].dtype == object
