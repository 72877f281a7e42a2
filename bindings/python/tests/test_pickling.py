"""Decisions pickle (multiprocessing, joblib, Dask bags): outputs, error, id, as_of and the
explanation survive, also in another process."""

import multiprocessing
import pickle
from datetime import date
from typing import List

import ssprules

RECORDS = [
    {"id": "c1", "birth_date": "2008-03-15", "category": 4, "benefit_status": "recipient"},
    {"id": "c2", "birth_date": "2008-03-15", "category": 7, "benefit_status": "recipient"},
    {"id": "c3", "birth_date": "2000-01-01", "category": 2, "benefit_status": "self_supporting"},
]


def test_a_decision_pickles_with_its_explanation(copenhagen):
    d = copenhagen.evaluate(RECORDS[0], as_of="2025-03-15")
    copy = pickle.loads(pickle.dumps(d))
    assert isinstance(copy, ssprules.Decision)
    assert dict(copy) == dict(d) and copy["route"] == "jobcenter" and copy["age"] == 17
    assert (copy.id, copy.as_of, copy.error) == ("c1", date(2025, 3, 15), None)
    assert copy.explain() == d.explain() and "plan_deadline" in copy.explain()
    assert copy.explain("da") == d.explain("da")
    assert copy.explanation() == d.explanation()
    # an explanation computed before pickling travels with it
    again = pickle.loads(pickle.dumps(copy))
    assert again._explanation == copy._explanation and again.explain() == d.explain()


def test_a_list_of_decisions_with_an_error_pickles(copenhagen):
    decisions = copenhagen.evaluate_many(RECORDS, as_of="2025-03-15")
    copies: List[ssprules.Decision] = pickle.loads(pickle.dumps(decisions))
    assert [dict(c) for c in copies] == [dict(d) for d in decisions]
    assert [c.id for c in copies] == ["c1", "c2", "c3"]
    assert copies[0].ok and copies[0]["plan_status"] == "due"
    assert copies[1].error == decisions[1].error
    assert copies[1].error is not None and copies[1].error.code == "SR1004"
    assert copies[1].error.record_id == "c2" and copies[1]["age"] is None
    assert [c.explain() for c in copies] == [d.explain() for d in decisions]


def _decide(policy: ssprules.Policy, record: dict) -> ssprules.Decision:
    return policy.evaluate_many([record], as_of="2025-03-15")[0]


def test_a_process_pool_returns_decisions(copenhagen):
    context = multiprocessing.get_context("spawn")
    with context.Pool(2) as pool:
        got = pool.starmap(_decide, [(copenhagen, r) for r in RECORDS])
    expected = copenhagen.evaluate_many(RECORDS, as_of="2025-03-15")
    assert [dict(g) for g in got] == [dict(e) for e in expected]
    assert [g.id for g in got] == ["c1", "c2", "c3"]
    assert got[1].error is not None and got[1].error.code == "SR1004"
    assert got[0].explain() == expected[0].explain()
