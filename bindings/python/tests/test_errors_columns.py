"""Errors of many records (issue 15, item 3): `error_code` and `error_field` beside `error`, every
input error of a record in `Decision.errors`, one ColumnWarning per column that mostly fails the
same way (with the conversion that fixes it), and errors kept once each however many rows share
them. Also the typed columns of item 10: nullable Int64, boolean, Float64 read in place."""

import warnings

import numpy as np
import pandas as pd
import pytest

import ssprules
from ssprules import _frames

AS_OF = "2025-03-01"
ERRORS = ["error", "error_code", "error_field"]


def clean_frame(rows: int) -> pd.DataFrame:
    births = pd.Timestamp("2001-01-15") + pd.to_timedelta((np.arange(rows) % 400) * 17, unit="D")
    return pd.DataFrame({
        "id": [f"r{i}" for i in range(rows)],
        "birth_date": births.strftime("%Y-%m-%d"),
        "category": [(i % 4) + 1 for i in range(rows)],
        "benefit_status": ["recipient" if i % 3 else "self_supporting" for i in range(rows)],
    })


def evaluate(policy, frame):
    """(result, the ColumnWarning messages)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = policy.evaluate_many(frame, as_of=AS_OF)
    return result, [str(w.message) for w in caught if w.category is ssprules.ColumnWarning]


def apply_fix(message: str, frame: pd.DataFrame) -> pd.DataFrame:
    """Runs the conversion a warning proposes on a copy of `frame`."""
    statement = message.split("convert the column first: ", 1)[1]
    scope = {"df": frame.copy(), "pd": pd, "np": np}
    exec(statement, scope)  # noqa: S102 - the suggestion is the engine's own text
    return scope["df"]


# ---- error, error_code, error_field

def test_frames_have_error_code_and_error_field(copenhagen):
    frame = clean_frame(4)
    frame.loc[1, "birth_date"] = "2017-02-30"
    frame.loc[2, "benefit_status"] = None
    result, _ = evaluate(copenhagen, frame)
    assert list(result.columns) == [f.name for f in copenhagen.outputs] + ERRORS
    assert result[ERRORS].loc[0].tolist() == [None, None, None]
    assert result.loc[1, "error_code"] == "SR1003" and result.loc[1, "error_field"] == "birth_date"
    assert result.loc[1, "error"].startswith("SR1003: field `birth_date`")
    assert (result.loc[2, "error_code"], result.loc[2, "error_field"]) == ("SR1001",
                                                                          "benefit_status")
    assert result.dtypes[ERRORS].tolist() == [object] * 3
    assert _frames.empty_result_frame(copenhagen).dtypes.to_dict() == result.dtypes.to_dict()


def test_an_error_without_a_field_has_no_error_field(copenhagen):
    frame = clean_frame(1)
    result = copenhagen.evaluate_many(frame, as_of="1990-01-01")  # not in force: field as_of
    assert result.loc[0, "error_code"] == "SR1006" and result.loc[0, "error_field"] == "as_of"
    policy = ssprules.loads(
        'id: div\ntitle: t\nversion: "1"\neffective: {from: 2020-01-01}\n'
        "inputs:\n  n: {type: integer}\noutputs:\n  q: 10 / n\n")
    out = policy.evaluate_many(pd.DataFrame({"n": [0, 2]}), as_of=AS_OF)
    assert out.loc[0, "error_code"] == "SR1010" and out.loc[0, "error_field"] is None
    assert out[ERRORS].loc[1].tolist() == [None, None, None]


# ---- Decision.errors: every input error of a record

def test_a_decision_lists_every_input_error(copenhagen):
    records = [
        {"id": "a", "birth_date": "17-04-1992", "category": 9, "benefit_status": "Recipient"},
        {"id": "b", "birth_date": "2008-03-15", "benefit_status": "recipient"},
    ]
    broken, ok = copenhagen.evaluate_many(records, as_of=AS_OF)
    assert [(e.code, e.field) for e in broken.errors] == [
        ("SR1003", "birth_date"), ("SR1004", "category"), ("SR1005", "benefit_status")]
    assert broken.error == broken.errors[0] and broken.error.record_id == "a"
    assert all(e.record_id == "a" for e in broken.errors)
    assert ok.errors == () and ok.error is None
    import pickle
    assert pickle.loads(pickle.dumps(broken)).errors == broken.errors


def test_a_record_error_comes_first_then_the_input_errors(copenhagen):
    # not in force on the date: SR1006 is the record's error, the bad field follows it
    d, = copenhagen.evaluate_many([{"birth_date": "1992-13-01", "benefit_status": "recipient",
                                    "as_of": "1990-01-01"}], as_of=AS_OF)
    assert [e.code for e in d.errors] == ["SR1006", "SR1003"]


# ---- one warning per column that mostly fails the same way

def test_a_column_of_day_month_year_dates_gives_one_warning(copenhagen):
    frame = clean_frame(40)
    frame["birth_date"] = pd.to_datetime(frame["birth_date"]).dt.strftime("%d-%m-%Y")
    result, messages = evaluate(copenhagen, frame)
    assert len(messages) == 1, messages
    message = messages[0]
    assert message.startswith("column `birth_date`: 40 of 40 records fail with SR1003")
    assert 'df["birth_date"] = pd.to_datetime(df["birth_date"], format="%d-%m-%Y")' in message
    # every record still has its own row and its own error
    assert len(result) == 40 and (result["error_code"] == "SR1003").all()
    fixed, again = evaluate(copenhagen, apply_fix(message, frame))
    assert fixed["error"].isna().all() and again == []


def test_a_float_column_for_an_enum_names_the_mapping(copenhagen):
    frame = clean_frame(30)
    frame["benefit_status"] = [1.0 if s == "recipient" else 2.0 for s in frame["benefit_status"]]
    result, messages = evaluate(copenhagen, frame)
    assert len(messages) == 1 and messages[0].startswith(
        "column `benefit_status`: 30 of 30 records fail with SR1002"), messages
    assert 'df["benefit_status"].map({1: "recipient", 2: "self_supporting"})' in messages[0]
    fixed, _ = evaluate(copenhagen, apply_fix(messages[0], frame))
    assert fixed["error"].isna().all()
    expected, _ = evaluate(copenhagen, clean_frame(30))
    pd.testing.assert_frame_equal(fixed, expected)


@pytest.mark.parametrize("column, values, fix", [
    ("category", ["1", "2", "3", "4"] * 5, 'pd.to_numeric(df["category"].str.strip())'),
    ("category", [1.5, 2.5] * 10, 'df["category"].round().astype("Int64")'),
    ("birth_date", list(pd.date_range("2001-01-01 08:30", periods=20, freq="31D")),
     'df["birth_date"].dt.normalize()'),
    ("birth_date", ["2001/01/15"] * 20, 'format="%Y/%m/%d"'),
    ("birth_date", ["04/23/2001", "12/01/2001"] * 10, 'format="%m/%d/%Y"'),
    ("benefit_status", ["Recipient", "SELF_SUPPORTING"] * 10, 'df["benefit_status"].str.strip().str.lower()'),
])
def test_the_conversion_that_fixes_a_column(copenhagen, column, values, fix):
    frame = clean_frame(len(values))
    frame[column] = values
    result, messages = evaluate(copenhagen, frame)
    assert len(messages) == 1 and f"column `{column}`" in messages[0], messages
    assert fix in messages[0], messages[0]
    fixed, again = evaluate(copenhagen, apply_fix(messages[0], frame))
    assert fixed["error"].isna().all(), fixed["error"].dropna().unique()
    assert again == []


def test_one_warning_per_failing_column(copenhagen):
    frame = clean_frame(20)
    frame["birth_date"] = pd.to_datetime(frame["birth_date"]).dt.strftime("%d.%m.%Y")
    frame["benefit_status"] = frame["benefit_status"].str.upper()
    result, messages = evaluate(copenhagen, frame)
    assert [m.split(":")[0] for m in messages] == ["column `birth_date`",
                                                  "column `benefit_status`"]
    # the second column's errors count although each row's first error is the first column's
    assert "20 of 20 records fail with SR1005" in messages[1]
    assert (result["error_field"] == "birth_date").all()


def test_a_few_bad_rows_give_no_column_warning(copenhagen):
    frame = clean_frame(20)
    frame.loc[[3, 7], "birth_date"] = "15-01-2001"
    result, messages = evaluate(copenhagen, frame)
    assert messages == [] and (result["error_code"] == "SR1003").sum() == 2


def test_a_missing_required_column_is_named(copenhagen):
    frame = clean_frame(10).drop(columns=["benefit_status"])
    _, messages = evaluate(copenhagen, frame)
    assert len(messages) == 1 and "the frame has no column `benefit_status`" in messages[0]


def test_an_unhelpful_column_still_gets_one_warning(copenhagen):
    frame = clean_frame(10)
    frame["category"] = 9  # out of range: no conversion helps
    _, messages = evaluate(copenhagen, frame)
    assert len(messages) == 1 and "SR1004" in messages[0]
    assert "check its values against the input's type `integer 1..4" in messages[0]


# ---- cost: errors kept once, rows share them

def test_errors_are_kept_once_however_many_rows_share_them(copenhagen):
    frame = clean_frame(5000)
    frame["birth_date"] = "31-12-2001"
    names = [str(c) for c in frame.columns]
    converted = [_frames._column_for_engine(frame[c]) for c in names]
    raw = copenhagen._core.evaluate_columns(names, [k for k, _ in converted],
                                            [a for _, a in converted], len(frame), AS_OF, 1)
    assert len(raw.error_table) == 1 and raw.error_of.dtype == np.int32
    assert (raw.error_of == 0).all()
    assert [(f.field, f.code, f.records) for f in raw.input_failures] == [
        ("birth_date", "SR1003", 5000)]
    result, _ = evaluate(copenhagen, frame)
    column = result["error"].to_numpy()
    assert len({id(v) for v in column}) == 1, "one str object for the whole column"


# ---- typed columns read in place (item 10)

def typed_frame(rows: int) -> pd.DataFrame:
    frame = clean_frame(rows)
    frame["birth_date"] = pd.to_datetime(frame["birth_date"])
    frame["category"] = pd.array([None if i % 5 == 0 else (i % 4) + 1 for i in range(rows)],
                                 dtype="Int64")
    frame["assessed_category_3_or_4"] = pd.array(
        [None if i % 7 == 0 else i % 2 == 0 for i in range(rows)], dtype="boolean")
    frame["benefit_status"] = frame["benefit_status"].astype("category")
    return frame


def test_nullable_columns_are_read_in_place(copenhagen):
    frame = typed_frame(50)
    kinds = {c: _frames._column_for_engine(frame[c])[0] for c in frame.columns}
    assert kinds == {"id": "object", "birth_date": "date_ns", "category": "int_masked",
                     "assessed_category_3_or_4": "bool_masked", "benefit_status": "codes"}
    floats = _frames._column_for_engine(pd.Series([1.5, None], dtype="Float64"))
    assert floats[0] == "float_masked" and floats[1][1].tolist() == [False, True]


def test_typed_and_object_frames_decide_alike(copenhagen):
    typed = typed_frame(60)
    objects = typed.astype(object).where(typed.notna(), None)
    assert all(objects[c].dtype == object for c in objects.columns)
    a, _ = evaluate(copenhagen, typed)
    b, _ = evaluate(copenhagen, objects)
    pd.testing.assert_frame_equal(a, b)
    assert a["error"].isna().all()


@pytest.mark.parametrize("threads", [1, 2])
def test_typed_columns_beside_object_columns_over_many_chunks(copenhagen, threads):
    # more rows than one chunk of object columns (65,536) and many windows of typed rows
    typed = typed_frame(70_001)
    typed.loc[66_000:66_100, "birth_date"] = pd.NaT  # SR1001 in the second chunk
    mixed = typed.copy()
    mixed["birth_date"] = typed["birth_date"].dt.strftime("%Y-%m-%d")  # str objects, NaN
    objects = typed.astype(object).where(typed.notna(), None)
    a = copenhagen.evaluate_many(mixed, as_of=AS_OF, threads=threads)
    b = copenhagen.evaluate_many(objects, as_of=AS_OF, threads=threads)
    pd.testing.assert_frame_equal(a, b)
    assert (a["error_code"] == "SR1001").sum() == 101
    assert a.loc[66_050, "error_field"] == "birth_date" and a.loc[66_101, "error"] is None
    # the list path reads no columns: every row must agree with it
    records = objects.to_dict("records")
    decisions = copenhagen.evaluate_many(records, as_of=AS_OF, threads=threads)
    assert [d["plan_status"] for d in decisions] == [
        None if pd.isna(v) else v for v in a["plan_status"]]
    assert [d.error.code if d.error else None for d in decisions] == a["error_code"].tolist()
    some = [0, 511, 512, 16_384, 65_535, 65_536, 70_000]
    for i in some:
        record = {k: (None if pd.isna(v) else v) for k, v in objects.loc[i].items()}
        one = copenhagen.evaluate(record, as_of=AS_OF)
        assert one["plan_status"] == a.loc[i, "plan_status"], i


def test_messy_typed_frames_decide_as_object_frames_and_records_do(copenhagen):
    """Typed columns go column by column (nullable arrays, datetime64, category codes), object
    columns cell by cell, mappings field by field: three ways into the one decoder, the same
    decisions and the same first problem, on rows with every kind of mistake."""
    rng = np.random.default_rng(5)
    n = 400

    def pick(choices):
        return [choices[i] for i in rng.integers(0, len(choices), n)]

    def dates(choices):
        return pd.Series(pick(choices), dtype="datetime64[ns]")

    day = pd.Timestamp
    frame = pd.DataFrame({
        "id": [f"r{i}" for i in range(n)],
        "as_of": dates([day("2024-06-01"), pd.NaT, day("2008-01-01")]),  # 2008: not in force
        "birth_date": dates([day("2001-03-04"), day("2006-11-30"), pd.NaT,
                             day("2007-01-01 13:00"), day("1999-12-31")]),  # NaT: required
        "category": pd.array(pick([None, 0, 1, 3, 4, 5]), dtype="Int64"),  # 0, 5: out of range
        "assessed_category_3_or_4": pd.array(pick([None, True, False]), dtype="boolean"),
        "state_signal": pd.Categorical(pick([None, "politiet", "Politiet", "skat"])),
        "benefit_status": pd.Categorical(pick(["recipient", "RECIPIENT", None,
                                               "self_supporting"])),
        "plan_approved_on": dates([pd.NaT, day("2023-02-01")]),
        "local_offer_signal": pick([0.0, 1.0, np.nan, 0.5]),  # 0.5: not a bool
    })
    kinds = {_frames._column_for_engine(frame[c])[0] for c in frame.columns if c != "id"}
    assert kinds == {"date_ns", "int_masked", "bool_masked", "codes", "float"}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ssprules.ColumnWarning)
        typed = copenhagen.evaluate_many(frame, as_of="2024-06-01", threads=1)
        objects = frame.astype(object).where(frame.notna(), None)
        pd.testing.assert_frame_equal(typed, copenhagen.evaluate_many(objects, as_of="2024-06-01"))
        decisions = copenhagen.evaluate_many(objects.to_dict("records"), as_of="2024-06-01")
    assert set(typed["error_code"].dropna()) == {"SR1001", "SR1002", "SR1004", "SR1005",
                                                 "SR1006"}
    assert typed["error"].isna().sum() > 10, "some rows are decided"
    for i, d in enumerate(decisions):
        row = typed.iloc[i]
        if d.error is not None:
            assert (f"{d.error.code}: {d.error.message}", d.error.field) == \
                (row["error"], row["error_field"]), i
            continue
        assert row["error"] is None, i
        for f in copenhagen.outputs:
            if d[f.name] is None:
                assert pd.isna(row[f.name]), (i, f.name)
            elif f.kind == "date":
                assert pd.Timestamp(d[f.name]) == row[f.name], (i, f.name)
            else:
                assert d[f.name] == row[f.name], (i, f.name)


def test_a_frame_without_columns_still_has_a_result_per_row(copenhagen):
    result = copenhagen.evaluate_many(pd.DataFrame(index=[7, 8, 9]), as_of=AS_OF)
    assert result.index.tolist() == [7, 8, 9]
    assert result["error_code"].tolist() == ["SR1001"] * 3
    assert result["error_field"].tolist() == ["birth_date"] * 3
