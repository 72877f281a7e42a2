"""Loading policies, what they declare, their YAML tests, pickling."""

import pickle
from datetime import date

import pytest

import ssprules

BROKEN = """id: broken
title: Broken
effective: {from: 2020-01-01}
inputs:
  birth_date: date
outputs:
  age:
    type: integer
    expr: age(birth_date, as_of) + unknown_name
"""

SMALL = """id: small
title: Small
version: "2"
effective:
  - {name: first, from: 2020-01-01, to: 2020-12-31}
  - {name: second, from: 2021-01-01}
inputs:
  birth_date: date
  score: {type: integer, min: 0, max: 10, optional: true}
outputs:
  age:
    type: integer
    expr: age(birth_date, as_of)
  adult: {type: bool, expr: age >= 18}
tests:
  - name: eighteen today
    as_of: 2021-06-01
    input: {birth_date: 2003-06-01}
    expect: {age: 18, adult: true}
  - name: wrong on purpose
    as_of: 2021-06-01
    input: {birth_date: 2003-06-02}
    expect: {adult: true}
"""


def test_load_and_what_the_policy_declares(copenhagen):
    assert copenhagen.id == "copenhagen-ssp-plus"
    assert copenhagen.title
    assert copenhagen.path.endswith("ssp-plus.yaml")
    names = [f.name for f in copenhagen.inputs]
    assert names == ["birth_date", "category", "assessed_category_3_or_4", "state_signal",
                     "local_offer_signal", "benefit_status", "plan_approved_on"]
    category = copenhagen.inputs[1]
    assert (category.kind, category.optional) == ("integer", True)
    assert category.type.startswith("integer 1..4")
    status = copenhagen.inputs[5]
    assert status.kind == "enum" and status.values == ("recipient", "self_supporting")
    assert copenhagen.inputs[2].default is False
    outputs = {f.name: f for f in copenhagen.outputs}
    assert outputs["plan_deadline"].kind == "date"
    assert outputs["route"].values == ("uu", "kui", "none", "jobcenter")
    assert [(p.name, p.start, p.end) for p in copenhagen.effective] == [
        ("trial", date(2009, 5, 14), date(2010, 12, 31)),
        ("continuation", date(2011, 1, 1), None)]
    assert "copenhagen-ssp-plus" in repr(copenhagen)


def test_loads_with_a_name():
    p = ssprules.loads(SMALL, name="small.yaml")
    assert (p.id, p.version, p.path) == ("small", "2", None)
    assert [p.name for p in p.effective] == ["first", "second"]
    assert p.evaluate({"birth_date": "2003-06-01"}, as_of="2021-06-01")["adult"] is True


def test_policy_error_carries_diagnostics():
    with pytest.raises(ssprules.PolicyError) as caught:
        ssprules.loads(BROKEN, name="broken.yaml")
    err = caught.value
    assert err.diagnostics, "at least one diagnostic"
    d = next(d for d in err.diagnostics if d.severity == "error")
    assert d.file == "broken.yaml"
    assert d.line == 9 and d.column > 1
    assert d.code.startswith("SR")
    assert "unknown_name" in d.message
    text = str(err)
    assert f"broken.yaml:9:{d.column}: error[{d.code}]" in text
    assert "^" in text, "the rendered diagnostics point at the span"
    assert pickle.loads(pickle.dumps(err)).diagnostics == err.diagnostics


def test_load_errors(tmp_path):
    with pytest.raises(FileNotFoundError):
        ssprules.load(tmp_path / "nowhere.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: [unclosed\n")
    with pytest.raises(ssprules.PolicyError) as caught:
        ssprules.load(bad)
    assert caught.value.diagnostics[0].file == str(bad)
    latin = tmp_path / "latin.yaml"
    latin.write_bytes("title: K\xf8benhavn\n".encode("latin-1"))
    with pytest.raises(ssprules.PolicyError, match="not UTF-8"):
        ssprules.load(latin)
    with pytest.raises(TypeError):
        ssprules.loads(b"id: x")


def test_yaml_tests_of_a_bundled_policy(copenhagen, kolding):
    report = copenhagen.test()
    assert report.ok and report.failed == 0
    assert report.passed > 50, "the inline tests and ssp-plus.test.yaml"
    assert str(report).endswith(f"{report.passed} passed, 0 failed")
    assert kolding.test().ok


def test_yaml_test_failures_are_reported():
    report = ssprules.loads(SMALL, name="small.yaml").test()
    assert (report.passed, report.failed) == (1, 1)
    failure = report.failures[0]
    assert failure.test == "wrong on purpose"
    assert failure.file == "small.yaml" and failure.line > 0
    assert any("adult" in d and "false" in d for d in failure.differences), failure.differences
    assert "decided by" in failure.explanation
    assert not report.ok


def test_pickle_round_trip(copenhagen):
    copy = pickle.loads(pickle.dumps(copenhagen))
    assert copy.id == copenhagen.id and copy.path == copenhagen.path
    record = {"birth_date": "2008-03-15", "category": 4, "benefit_status": "recipient"}
    assert dict(copy.evaluate(record, as_of="2025-03-15")) == \
        dict(copenhagen.evaluate(record, as_of="2025-03-15"))
    small = pickle.loads(pickle.dumps(ssprules.loads(SMALL, name="small.yaml")))
    assert small.test().passed == 1


def test_warnings_do_not_stop_loading():
    text = SMALL.replace("  score: {type: integer, min: 0, max: 10, optional: true}\n",
                         "  score: {type: integer, min: 0, max: 10, optional: true}\n"
                         "  unused_flag: bool\n")
    p = ssprules.loads(text, name="small.yaml")
    assert any(d.severity == "warning" and "unused_flag" in d.message for d in p.diagnostics)
