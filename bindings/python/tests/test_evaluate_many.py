"""Policy.evaluate_many: iterables of mappings and pandas DataFrames, one result per record."""

import json
import subprocess
from datetime import date

import pytest

import ssprules

np = pytest.importorskip("numpy")
pd = pytest.importorskip("pandas")


@pytest.fixture(scope="module")
def register(root):
    """The sample case register as read by pandas (dates as text, per-row as_of)."""
    return pd.read_csv(root / "examples" / "copenhagen-cases.csv")


def cli_decisions(cli, policy, cases, as_of):
    out = subprocess.run([str(cli), "eval", str(policy), str(cases), "--as-of", as_of],
                         capture_output=True, text=True)
    assert out.returncode in (0, 1), out.stderr
    return [json.loads(line) for line in out.stdout.splitlines()]


def as_json_value(v):
    if v is None or (isinstance(v, float) and np.isnan(v)) or v is pd.NaT:
        return None
    if isinstance(v, (pd.Timestamp, date)):
        return v.strftime("%Y-%m-%d")
    if isinstance(v, (np.bool_, bool)):
        return bool(v)
    if isinstance(v, (np.integer, int)):
        return int(v)
    return v


def test_data_frame_matches_the_cli(copenhagen, register, cli, root):
    result = copenhagen.evaluate_many(register, as_of="2025-03-01")
    expected = cli_decisions(cli, copenhagen.path, root / "examples" / "copenhagen-cases.csv",
                             "2025-03-01")
    assert len(result) == len(register) == len(expected)
    assert list(result.columns) == [f.name for f in copenhagen.outputs] + [
        "error", "error_code", "error_field"]
    for (_, row), want in zip(result.iterrows(), expected):
        assert row["error"] is None, want
        got = {name: as_json_value(row[name]) for name in result.columns
               if not name.startswith("error")}
        assert got == {k: v for k, v in want.items() if k != "id"}, want["id"]


def test_dtypes(copenhagen, register):
    result = copenhagen.evaluate_many(register, as_of="2025-03-01")
    assert str(result["age"].dtype) == "Int64"
    assert str(result["target_group"].dtype) == "boolean"
    assert str(result["plan_deadline"].dtype) == "datetime64[ns]"
    assert isinstance(result["route"].dtype, pd.CategoricalDtype)
    assert list(result["route"].cat.categories) == ["jobcenter", "uu", "kui", "none"]


def test_bad_rows_get_an_error_and_are_never_dropped(copenhagen, root, cli):
    bad = pd.read_csv(root / "examples" / "copenhagen-bad-cases.csv")
    result = copenhagen.evaluate_many(bad, as_of="2025-03-01")
    expected = cli_decisions(cli, copenhagen.path, root / "examples" / "copenhagen-bad-cases.csv",
                             "2025-03-01")
    assert len(result) == len(bad) == len(expected)
    for (_, row), want in zip(result.iterrows(), expected):
        if "error" in want and want["error"]["code"] == "SR1008":
            assert row["error"] is not None  # a malformed CSV row, which pandas pads out
        elif "error" in want:
            assert row["error"] == f"{want['error']['code']}: {want['error']['message']}"
        else:
            assert row["error"] is None
    assert result["error"].str.startswith("SR1003").any(), "2017-02-30 is not a date"


def test_missing_values_nan_none_nat_and_nullable_dtypes(copenhagen):
    frame = pd.DataFrame({
        "birth_date": pd.to_datetime(["2008-03-15", "2008-03-15", None, "2008-03-15"]),
        "category": pd.array([4, None, 4, 3], dtype="Int64"),  # row 20: assessed instead
        "assessed_category_3_or_4": [None, True, None, np.nan],
        "state_signal": [None, "politiet", np.nan, None],
        "benefit_status": pd.Categorical(["recipient", "recipient", "recipient", None]),
        "plan_approved_on": pd.Series([pd.NaT, "2025-04-01", None, np.nan], dtype=object,
                                      index=[10, 20, 30, 40]),
    }, index=[10, 20, 30, 40])
    result = copenhagen.evaluate_many(frame, as_of="2025-05-01")
    assert list(result.index) == [10, 20, 30, 40]
    assert result.loc[10, "plan_status"] == "due" and result.loc[10, "error"] is None
    assert result.loc[20, "error"] is None, "an optional category may be missing"
    assert result.loc[30, "error"].startswith("SR1001") and "birth_date" in result.loc[30, "error"]
    assert pd.isna(result.loc[30, "age"]) and pd.isna(result.loc[30, "plan_deadline"])
    assert result.loc[40, "error"].startswith("SR1001") and "benefit_status" in result.loc[40, "error"]
    # row by row, the same as evaluate()
    for index, row in frame.iterrows():
        record = {k: v for k, v in row.items()}
        try:
            want = dict(copenhagen.evaluate(record, as_of="2025-05-01"))
        except ssprules.RecordError:
            continue
        got = {k: result.loc[index, k] for k in want}
        got = {k: (v.date() if isinstance(v, pd.Timestamp) else v) for k, v in got.items()}
        assert got == want


def test_dates_as_text_or_datetime64_give_the_same(copenhagen, register):
    typed = register.copy()
    for column in ("as_of", "birth_date", "plan_approved_on"):
        typed[column] = pd.to_datetime(typed[column])
    a = copenhagen.evaluate_many(register, as_of="2025-03-01")
    b = copenhagen.evaluate_many(typed, as_of="2025-03-01")
    pd.testing.assert_frame_equal(a, b)


def test_a_date_with_a_time_of_day_is_an_error(copenhagen):
    frame = pd.DataFrame({"birth_date": pd.to_datetime(["2008-03-15 12:00"]),
                          "benefit_status": ["recipient"]})
    result = copenhagen.evaluate_many(frame, as_of="2025-03-01")
    assert result.loc[0, "error"].startswith("SR1002") and "birth_date" in result.loc[0, "error"]


def test_threads_give_the_same_result(copenhagen, register):
    big = pd.concat([register] * 200, ignore_index=True)  # 6,000 rows: several blocks
    one = copenhagen.evaluate_many(big, as_of="2025-03-01", threads=1)
    for threads in (0, 2, 3):
        pd.testing.assert_frame_equal(one, copenhagen.evaluate_many(big, as_of="2025-03-01",
                                                                    threads=threads))
    with pytest.raises(ValueError, match="threads"):
        copenhagen.evaluate_many(big, threads=-1)


def test_list_of_mappings(copenhagen, root):
    records = [json.loads(line) for line in
               (root / "examples" / "copenhagen-cases.jsonl").read_text().splitlines()]
    records.append({"id": "broken", "birth_date": "2017-02-30", "benefit_status": "recipient"})
    results = copenhagen.evaluate_many(iter(records), as_of="2025-03-01")
    assert len(results) == len(records)
    for record, decision in zip(records[:-1], results):
        want = copenhagen.evaluate(record, as_of="2025-03-01")
        assert dict(decision) == dict(want) and decision.id == record["id"]
        assert decision.as_of == want.as_of and decision.error is None
    broken = results[-1]
    assert not broken.ok and broken.error.code == "SR1003" and broken.error.field == "birth_date"
    assert broken.error.record_id == "broken"
    assert broken["age"] is None and broken["plan_deadline"] is None
    assert "decided by" in results[0].explain()


def test_empty_inputs(copenhagen):
    assert copenhagen.evaluate_many([], as_of="2025-03-01") == []
    empty = copenhagen.evaluate_many(pd.DataFrame({"birth_date": []}), as_of="2025-03-01")
    assert len(empty) == 0 and list(empty.columns)[-3:] == ["error", "error_code", "error_field"]


def test_columns_the_policy_does_not_read_are_ignored(copenhagen):
    frame = pd.DataFrame({"birth_date": ["2008-03-15"], "benefit_status": ["recipient"],
                          "category": [4], "notes": [object()], "name": ["not used"]})
    with pytest.warns(ssprules.UnknownFieldWarning, match="fields `notes` and `name` are not"):
        assert copenhagen.evaluate_many(frame, as_of="2025-03-15").loc[0, "phase"] == "triangle"


def test_wrong_arguments(copenhagen):
    with pytest.raises(TypeError, match="evaluate\\(\\)"):
        copenhagen.evaluate_many({"birth_date": "2008-03-15"})
    frame = pd.DataFrame([[1, 2]], columns=["category", "category"])
    with pytest.raises(ValueError, match="more than once"):
        copenhagen.evaluate_many(frame, as_of="2025-03-15")


def test_enum_categories_are_in_declaration_order(copenhagen, register):
    # rules/copenhagen/ssp-plus.yaml declares `route: values: [jobcenter, uu, kui, none]`
    result = copenhagen.evaluate_many(register)
    assert list(result["route"].cat.categories) == ["jobcenter", "uu", "kui", "none"]
    assert list(result["phase"].cat.categories) == ["triangle", "ssp_plus", "none"]
    assert list(result["plan_status"].cat.categories) == [
        "not_applicable", "approved", "approved_late", "not_due", "due", "overdue"]
    assert not result["route"].cat.ordered
    # the values are those of the decisions (codes follow the categories)
    decisions = copenhagen.evaluate_many(register.to_dict("records"))
    for name in ("route", "phase", "plan_status"):
        got = [None if pd.isna(v) else v for v in result[name].astype(object)]
        assert got == [d[name] for d in decisions], name
    assert {"jobcenter", "uu", "none"} <= set(result["route"].dropna())
    # Policy.outputs and the empty frame (Dask's meta) list them in the same order
    outputs = {f.name: f for f in copenhagen.outputs}
    assert outputs["route"].values == ("jobcenter", "uu", "kui", "none")
    from ssprules._frames import empty_result_frame
    assert list(empty_result_frame(copenhagen)["route"].cat.categories) == [
        "jobcenter", "uu", "kui", "none"]
    inputs = {f.name: f for f in copenhagen.inputs}
    assert inputs["state_signal"].values == (
        "kriminalforsorgen", "politiet", "arbejdsdirektoratet", "skat")
