"""Policy.evaluate: one record, its values, its errors, its explanation; thread safety."""

import json
import threading
from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any, List

import pytest

import ssprules

RECIPIENT = {"id": "c1", "birth_date": "2008-03-15", "category": 4, "benefit_status": "recipient"}


def test_a_decision_is_a_read_only_mapping_of_outputs(copenhagen):
    d: ssprules.Decision = copenhagen.evaluate(RECIPIENT, as_of="2025-03-15")
    assert isinstance(d, Mapping)
    assert list(d) == [f.name for f in copenhagen.outputs]
    assert dict(d) == {"age": 17, "target_group": True, "phase": "triangle", "eligible": True,
                       "route": "jobcenter", "intake_date": date(2025, 3, 15),
                       "plan_deadline": date(2025, 9, 15), "plan_status": "due"}
    assert (d.id, d.as_of, d.error, d.ok) == ("c1", date(2025, 3, 15), None, True)
    with pytest.raises(TypeError):
        d["age"] = 3  # type: ignore[index]  # deliberately wrong: read-only
    with pytest.raises(KeyError):
        d["no_such_output"]
    assert "phase='triangle'" in repr(d)


def test_dates_as_strings_and_as_date_objects(copenhagen):
    as_text = copenhagen.evaluate(RECIPIENT, as_of="2025-03-15")
    as_dates = copenhagen.evaluate(dict(RECIPIENT, birth_date=date(2008, 3, 15)),
                                   as_of=date(2025, 3, 15))
    midnight = copenhagen.evaluate(dict(RECIPIENT, birth_date=datetime(2008, 3, 15)),
                                   as_of=date(2025, 3, 15))
    assert dict(as_text) == dict(as_dates) == dict(midnight)


def test_29_february_birthdays(copenhagen):
    record = {"birth_date": date(2008, 2, 29), "category": 3, "benefit_status": "self_supporting"}
    assert copenhagen.evaluate(record, as_of="2025-02-28")["age"] == 16
    d = copenhagen.evaluate(record, as_of="2025-03-01")
    assert d["age"] == 17 and d["intake_date"] == date(2025, 3, 1)
    assert d["route"] == "kui", "self-supporting goes to KUI from August 2019"


def test_the_records_own_as_of_wins(copenhagen):
    d = copenhagen.evaluate(dict(RECIPIENT, as_of="2025-03-14"), as_of="2030-01-01")
    assert d.as_of == date(2025, 3, 14) and d["age"] == 16


def test_default_as_of_is_today(copenhagen):
    assert copenhagen.evaluate(RECIPIENT).as_of == date.today()


@pytest.mark.parametrize("change, code, field", [
    ({"birth_date": None}, "SR1001", "birth_date"),          # missing
    ({"birth_date": "2017-02-30"}, "SR1003", "birth_date"),  # a day that does not exist
    ({"birth_date": date(2017, 2, 28), "category": 7}, "SR1004", "category"),  # out of range
    ({"category": "four"}, "SR1002", "category"),            # wrong type
    ({"category": [3]}, "SR1002", "category"),               # a list
    ({"category": 3.5}, "SR1002", "category"),               # not a whole number
    ({"benefit_status": "student"}, "SR1005", "benefit_status"),  # not an enum value
    ({"birth_date": datetime(2008, 3, 15, 12, 30)}, "SR1002", "birth_date"),  # time of day
])
def test_record_errors_name_the_field(copenhagen, change, code, field):
    record = dict(RECIPIENT, **change)
    if change.get("birth_date", "") is None:
        del record["birth_date"]
    with pytest.raises(ssprules.RecordError) as caught:
        copenhagen.evaluate(record, as_of="2025-03-15")
    err = caught.value
    assert (err.code, err.field, err.record_id) == (code, field, "c1"), repr(err)
    assert field in err.message
    assert str(err).startswith(code)


def test_missing_values_in_many_spellings(copenhagen):
    plain = copenhagen.evaluate({k: v for k, v in RECIPIENT.items() if k != "category"},
                                as_of="2025-03-15")
    for missing in (None, float("nan")):
        d = copenhagen.evaluate(dict(RECIPIENT, category=missing), as_of="2025-03-15")
        assert dict(d) == dict(plain)
    pd = pytest.importorskip("pandas")
    np = pytest.importorskip("numpy")
    for missing in (pd.NaT, np.datetime64("NaT"), np.nan):
        d = copenhagen.evaluate(dict(RECIPIENT, plan_approved_on=missing), as_of="2025-03-15")
        assert d["plan_status"] == "due"


def test_numpy_and_pandas_scalars(copenhagen):
    np = pytest.importorskip("numpy")
    pd = pytest.importorskip("pandas")
    record = {"birth_date": pd.Timestamp("2008-03-15"), "category": np.int64(4),
              "assessed_category_3_or_4": np.bool_(False), "benefit_status": "recipient",
              "plan_approved_on": np.datetime64("2025-04-01")}
    d = copenhagen.evaluate(record, as_of="2025-05-01")
    assert d["plan_status"] == "approved"
    assert copenhagen.evaluate(dict(record, category=np.float64(4.0)), as_of="2025-05-01") == d
    assert copenhagen.evaluate(dict(record, category=Decimal("4")), as_of="2025-05-01") == d


def test_bad_arguments(copenhagen):
    with pytest.raises(ValueError, match="2025-02-30"):
        copenhagen.evaluate(RECIPIENT, as_of="2025-02-30")
    with pytest.raises(TypeError, match="as_of"):
        copenhagen.evaluate(RECIPIENT, as_of=20250301)
    with pytest.raises(TypeError, match="mapping"):
        copenhagen.evaluate([("birth_date", "2008-03-15")], as_of="2025-03-15")
    with pytest.raises(TypeError, match="field names"):
        copenhagen.evaluate({1: "x"}, as_of="2025-03-15")


def test_not_in_force(copenhagen):
    with pytest.raises(ssprules.RecordError) as caught:
        copenhagen.evaluate(RECIPIENT, as_of="2009-01-01")
    assert "in force" in caught.value.message


def test_explanations(copenhagen):
    d = copenhagen.evaluate(dict(RECIPIENT, benefit_status="self_supporting"), as_of="2025-03-15")
    text = d.explain()
    assert "output route = kui" in text and "decided by" in text
    steps = d.explanation()
    route = next(s for s in steps if s["rule"] == "route")
    assert route["value"] == "kui" and route["output"] is True
    assert route["used"]["benefit_status"] == "self_supporting"
    assert route["sources"], "every rule cites its source"
    page = d._repr_html_()
    assert page.startswith("<table") and "<td style='text-align:left'><b>route</b></td>" in page
    assert "kui" in page and "Decision for c1" in page


def test_kolding(kolding):
    d = kolding.evaluate({"birth_date": "2010-01-10", "criminal_behaviour": True},
                         as_of="2024-06-01")
    assert d["age"] == 14
    assert d["programme"] in ("ssp", "ssp_plus")


def test_many_threads_share_one_policy(copenhagen):
    records = [dict(RECIPIENT, id=str(i), birth_date=date(1990 + i % 20, 1 + i % 12, 1 + i % 28),
                    category=1 + i % 4) for i in range(300)]
    expected = [dict(copenhagen.evaluate(r, as_of="2024-06-01")) for r in records]
    results: List[Any] = [None] * 8
    barrier = threading.Barrier(8)

    def work(t):
        barrier.wait()
        got = []
        for _ in range(3):
            got = [dict(copenhagen.evaluate(r, as_of="2024-06-01")) for r in records]
            many = copenhagen.evaluate_many(records, as_of="2024-06-01", threads=2)
            assert [dict(m) for m in many] == expected
        results[t] = got

    threads = [threading.Thread(target=work, args=(t,)) for t in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(r == expected for r in results)


def test_explanations_in_danish_are_the_clis(copenhagen, cli, root):
    import subprocess
    record = {"id": "c1", "birth_date": "2008-02-29", "category": 3,
              "benefit_status": "self_supporting"}
    d = copenhagen.evaluate(record, as_of="2025-03-01")
    da = d.explain(lang="da")
    assert "resultat route = kui" in da and "afgjort af række 3" in da
    assert d.explain() != da
    with pytest.raises(ValueError, match="lang"):
        d.explain(lang="sv")
    import json
    out = subprocess.run([str(cli), "explain", copenhagen.path, "--case", json.dumps(record),
                          "--as-of", "2025-03-01", "--lang", "da"],
                         capture_output=True, text=True, check=True).stdout
    assert out == "== sag c1 pr. 2025-03-01\n" + da, "one implementation for C++, CLI and Python"


def test_why_not_and_undetermined_in_the_explanation(copenhagen):
    sixteen = copenhagen.evaluate({"birth_date": "2009-03-01", "category": 4,
                                   "benefit_status": "recipient"}, as_of="2025-03-01")
    assert sixteen["phase"] == "none"
    assert "  phase would be triangle from 2026-03-01\n" in sixteen.explain()
    assert "  phase ville være triangle fra 2026-03-01\n" in sixteen.explain(lang="da")
    unknown = copenhagen.evaluate({"birth_date": "2009-03-01", "benefit_status": "recipient"},
                                  as_of="2025-03-01")
    assert "undetermined (optional inputs are missing):\n" \
           "  target_group = false depends on category\n" in unknown.explain()


def test_decision_records_hold_no_input_values(copenhagen, cli, root, tmp_path):
    record = {"id": "c1", "birth_date": "2008-02-29", "category": 3,
              "benefit_status": "self_supporting"}
    key1, key2 = "a-test-key-of-16+", "another-test-key"
    audit = copenhagen.decision_record(record, key=key1, as_of="2025-03-01")
    assert audit["policy"] == "copenhagen-ssp-plus" and audit["id"] == "c1"
    assert audit["outputs"]["route"] == "kui" and audit["decided_by"]["route"] == "row 3"
    assert audit["inputs"]["birth_date"] == "present"
    assert "2008-02-29" not in json_text(audit)
    same = copenhagen.decision_record(dict(record, birth_date=date(2008, 2, 29)),
                                      key=key1.encode(), as_of="2025-03-01")
    assert same["inputs_hmac_sha256"] == audit["inputs_hmac_sha256"]
    assert copenhagen.decision_record(record, key=key2, as_of="2025-03-01")[
        "inputs_hmac_sha256"] != audit["inputs_hmac_sha256"]
    with pytest.raises(ValueError, match="key"):
        copenhagen.decision_record(record, key="")
    # keys shorter than 16 bytes are refused by the C++ check the CLI uses (a key of NUL bytes
    # is the empty key to HMAC)
    for short in ["k1", "\0", "\0\0\0\0", b"\0" * 16, "x" * 15, "x" * 15 + "\0"]:
        with pytest.raises(ValueError, match="shorter than 16 bytes|need a secret key"):
            copenhagen.decision_record(record, key=short, as_of="2025-03-01")
    with pytest.raises(TypeError):
        copenhagen.decision_record(record, key=1234567890123456789)
    # the CLI writes the same record
    import json
    import subprocess
    cases = tmp_path / "one.jsonl"
    cases.write_text(json.dumps(record) + "\n")
    key = tmp_path / "key"
    key.write_text(key1 + "\n")
    out = tmp_path / "records.jsonl"
    subprocess.run([str(cli), "eval", copenhagen.path, str(cases), "--as-of", "2025-03-01",
                    "--records", str(out), "--key-file", str(key)], check=True,
                   capture_output=True)
    assert json.loads(out.read_text()) == audit


def json_text(obj):
    import json
    return json.dumps(obj)


def test_explanations_hide_what_is_computed_from_a_sensitive_input(root):
    """Sensitivity follows the dependency graph: the birth date, the age computed from it and
    the case its conditions chose are not shown, nor its 18th birthday in "why not"; the
    outputs are."""
    policy = ssprules.load(root / "tests" / "cli" / "sensitive.yaml")
    d = policy.evaluate({"id": "s1", "birth_date": "2009-05-14", "cpr": "140509-1234",
                         "has_plan": True}, as_of="2025-03-01")
    assert d["adult"] is False and d["stage"] == "youth"
    for text in (d.explain(), d.explain(lang="da"), json.dumps(d.explanation())):
        assert "2009-05-14" not in text and "140509" not in text
        assert "2027-05-14" not in text, "the 18th birthday"
    assert "value age_now = (present)\n" in d.explain()
    assert "value cpr_checked = (present)\n" in d.explain()
    steps = {step["rule"]: step for step in d.explanation()}
    assert steps["stage"]["decided_by"] == "sensitive"
    assert steps["adult"]["value"] is False and steps["age_now"]["value"] == "(present)"
