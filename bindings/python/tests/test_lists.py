"""List inputs (`type: list, of: ...`) from Python: lists, tuples and numpy arrays of scalars,
lists of dicts for lists of records; through `evaluate`, `evaluate_many` of a list of mappings
and of a DataFrame (columns of lists, of numpy arrays, with missing cells); and the record errors
of bad lists (named by field and item)."""

from datetime import date
from typing import Any, Dict, List

import pytest

import ssprules

np = pytest.importorskip("numpy")
pd = pytest.importorskip("pandas")

AS_OF = "2025-03-01"

POLICY = """\
id: list_inputs
title: List inputs
version: "1"
effective: {from: 2020-01-01}
inputs:
  police_reports:
    type: list
    of:
      date: date
      kind: {type: enum, values: [vold, tyveri, andet]}
  codes: {type: list, of: integer}
outputs:
  reports_12m: count(r in police_reports where r.date > add_months(as_of, -12) and r.date <= as_of)
  violent: some r in police_reports satisfies r.kind == vold
  total: sum(codes)
  has7: 7 in codes
"""

# Lists of every item kind, to read numpy arrays of dates, strings, booleans and decimals.
KINDS = """\
id: list_kinds
title: Lists of every kind
version: "1"
effective: {from: 2020-01-01}
inputs:
  days: {type: list, of: date}
  names: {type: list, of: string}
  flags: {type: list, of: bool}
  amounts: {type: list, of: decimal}
  colours: {type: list, of: {type: enum, values: [red, green]}}
outputs:
  days_n: count(days)
  in_2024: count(d in days where d >= 2024-01-01 and d <= 2024-12-31)
  has_bob: '"bob" in names'
  names_n: count(names)
  any_flag: some f in flags satisfies f
  amount: sum(amounts)
  colours_n: count(colours)
"""

OUTPUTS = ["reports_12m", "violent", "total", "has7"]

# Reports around the 12 months before AS_OF: (2024-03-01, 2025-03-01] counts.
REPORTS = [
    {"date": "2024-03-01", "kind": "vold"},     # exactly 12 months before: not counted
    {"date": "2024-03-02", "kind": "tyveri"},   # counted
    {"date": date(2025, 3, 1), "kind": "andet"},  # on as_of (a datetime.date): counted
    {"date": "2025-03-02", "kind": "tyveri"},   # after as_of: not counted
]


@pytest.fixture(scope="module")
def policy(tmp_path_factory):
    path = tmp_path_factory.mktemp("lists") / "lists.yaml"
    path.write_text(POLICY, encoding="utf-8")
    return ssprules.load(path)


@pytest.fixture(scope="module")
def kinds(tmp_path_factory):
    path = tmp_path_factory.mktemp("kinds") / "kinds.yaml"
    path.write_text(KINDS, encoding="utf-8")
    return ssprules.load(path)


def outputs(d) -> Dict[str, Any]:
    return {name: d[name] for name in OUTPUTS}


def error_of(policy, record) -> ssprules.RecordError:
    with pytest.raises(ssprules.RecordError) as caught:
        policy.evaluate(record, as_of=AS_OF)
    return caught.value


# ---- the types

def test_list_inputs_show_their_item_types(policy):
    fields = {f.name: f for f in policy.inputs}
    assert fields["police_reports"].kind == "list"
    assert fields["police_reports"].type == ("list of {date: date, kind: enum {vold, tyveri, "
                                             "andet}}")
    assert fields["codes"].kind == "list"
    assert fields["codes"].type == "list of integer"
    assert not fields["codes"].optional and fields["codes"].default is None


def test_a_list_of_enums_shows_its_values(kinds):
    colours = next(f for f in kinds.inputs if f.name == "colours")
    assert colours.type == "list of enum {red, green}"
    assert colours.values == ("red", "green")


# ---- evaluate

def test_a_list_of_dicts_and_a_list_of_ints(policy):
    d = policy.evaluate({"police_reports": REPORTS, "codes": [1, 7, 7]}, as_of=AS_OF)
    assert d.ok and d.error is None
    assert dict(d) == {"reports_12m": 2, "violent": True, "total": 15, "has7": True}


def test_violent_counts_whatever_its_date(policy):
    d = policy.evaluate({"police_reports": [{"date": "2001-01-01", "kind": "vold"}]}, as_of=AS_OF)
    assert outputs(d) == {"reports_12m": 0, "violent": True, "total": 0, "has7": False}


@pytest.mark.parametrize("codes, total, has7", [
    ((1, 7), 8, True),                                  # a tuple
    (np.array([1, 2, 3]), 6, False),                    # a numpy array of int64
    (np.array([7, 100], dtype=np.int32), 107, True),    # of int32
    (np.array([7, 250], dtype=np.uint8), 257, True),    # of uint8
    (np.array([7.0, 2.0]), 9, True),                    # of whole floats
    (np.array([3, 4], dtype=object), 7, False),         # of objects
    ([np.int64(7), np.int16(-7)], 0, True),             # a list of numpy scalars
    ([2**40, -(2**40)], 0, False),                      # big ints
    ([], 0, False),                                     # empty
    (np.array([], dtype=np.int64), 0, False),           # an empty array
    (None, 0, False),                                   # None: absent, an empty list
    (float("nan"), 0, False),                           # NaN: absent too
])
def test_lists_of_integers_in_every_form(policy, codes, total, has7):
    d = policy.evaluate({"police_reports": REPORTS[1:2], "codes": codes}, as_of=AS_OF)
    assert outputs(d) == {"reports_12m": 1, "violent": False, "total": total, "has7": has7}


def test_absent_lists_are_empty(policy):
    d = policy.evaluate({}, as_of=AS_OF)
    assert dict(d) == {"reports_12m": 0, "violent": False, "total": 0, "has7": False}


def test_a_tuple_of_dicts_and_an_array_of_dicts(policy):
    as_tuple = policy.evaluate({"police_reports": tuple(REPORTS)}, as_of=AS_OF)
    as_array = policy.evaluate({"police_reports": np.array(REPORTS, dtype=object)}, as_of=AS_OF)
    assert outputs(as_tuple) == outputs(as_array) == {
        "reports_12m": 2, "violent": True, "total": 0, "has7": False}


def test_record_items_take_dates_in_every_form_and_ignore_other_fields(policy):
    reports = [
        {"date": pd.Timestamp("2024-06-01"), "kind": "vold", "officer": "A. Jensen"},
        {"kind": "tyveri", "date": np.datetime64("2024-07-01")},  # any order
        {"date": date(2024, 8, 1), "kind": np.str_("andet")},
    ]
    d = policy.evaluate({"police_reports": reports}, as_of=AS_OF)
    assert outputs(d) == {"reports_12m": 3, "violent": True, "total": 0, "has7": False}


def test_numpy_arrays_of_every_item_kind(kinds):
    record = {
        "days": np.array(["2023-12-31", "2024-01-01", "2024-12-31"], dtype="datetime64[ns]"),
        "names": np.array(["alice-with-a-long-name-beyond-short-strings", "bob"]),
        "flags": np.array([False, True]),
        "amounts": np.array([0.5, 0.25], dtype=np.float32),
        "colours": np.array(["red", "green", "red"], dtype=object),
    }
    d = kinds.evaluate(record, as_of=AS_OF)
    assert dict(d) == {"days_n": 3, "in_2024": 2, "has_bob": True, "names_n": 2,
                       "any_flag": True, "amount": 0.75, "colours_n": 3}


def test_lists_of_python_values_of_every_item_kind(kinds):
    from decimal import Decimal
    record = {"days": [date(2024, 5, 1), "2024-06-01", pd.Timestamp("2019-01-01")],
              "names": ("al", "bob", ""), "flags": [False, np.bool_(False)],
              "amounts": [Decimal("0.1"), 0.2, 1], "colours": []}
    d = kinds.evaluate(record, as_of=AS_OF)
    assert dict(d) == {"days_n": 3, "in_2024": 2, "has_bob": True, "names_n": 3,
                       "any_flag": False, "amount": Decimal("1.3"), "colours_n": 0}


def test_the_texts_of_array_items_outlive_their_numpy_scalars(kinds):
    # np.str_ items are made while the array is read: their texts must be copied
    names = np.array([f"name number {i:05d} and some more text" for i in range(2000)] + ["bob"])
    d = kinds.evaluate({"names": names}, as_of=AS_OF)
    assert (d["names_n"], d["has_bob"]) == (2001, True)
    many = kinds.evaluate_many([{"names": names}, {"names": names[:5]}], as_of=AS_OF)
    assert [(m["names_n"], m["has_bob"]) for m in many] == [(2001, True), (5, False)]


# ---- evaluate_many

def expected_rows() -> List[Dict[str, Any]]:
    return [
        {"reports_12m": 2, "violent": True, "total": 8, "has7": True},
        {"reports_12m": 0, "violent": False, "total": 0, "has7": False},
        {"reports_12m": 0, "violent": False, "total": 0, "has7": False},
        {"reports_12m": 1, "violent": True, "total": 14, "has7": True},
        {"reports_12m": 0, "violent": False, "total": 3, "has7": False},
    ]


def frame_of_lists() -> Any:
    return pd.DataFrame({
        "police_reports": [
            REPORTS,
            [],
            None,
            [{"date": "2025-01-01", "kind": "vold"}],
            np.nan,
        ],
        "codes": [[1, 7], [], np.nan, (7, 7), [3]],
    }, index=["a", "b", "c", "d", "e"])


def rows_of(result) -> List[Dict[str, Any]]:
    out = []
    for _, row in result.iterrows():
        assert row["error"] is None, row["error"]
        out.append({name: (None if pd.isna(row[name]) else
                           bool(row[name]) if name in ("violent", "has7") else int(row[name]))
                    for name in OUTPUTS})
    return out


def test_a_data_frame_with_columns_of_lists(policy):
    frame = frame_of_lists()
    assert frame["codes"].dtype == object
    result = policy.evaluate_many(frame, as_of=AS_OF)
    assert len(result) == len(frame)
    assert list(result.index) == list(frame.index)
    assert list(result.columns) == OUTPUTS + ["error", "error_code", "error_field"]
    assert rows_of(result) == expected_rows()


def test_a_data_frame_with_a_column_of_numpy_arrays(policy):
    frame = frame_of_lists()
    frame["codes"] = [np.array([1, 7]), np.array([], dtype=np.int64), None,
                      np.array([7, 7], dtype=np.int32), np.array([3.0])]
    result = policy.evaluate_many(frame, as_of=AS_OF)
    assert len(result) == len(frame)
    assert rows_of(result) == expected_rows()


def test_a_data_frame_of_missing_lists_only(policy):
    frame = pd.DataFrame({"codes": [np.nan, np.nan, None]})  # object: NaN and None
    floats = pd.DataFrame({"codes": [np.nan, np.nan]})       # float64 NaN
    for f in (frame, floats):
        result = policy.evaluate_many(f, as_of=AS_OF)
        assert len(result) == len(f)
        assert rows_of(result) == [{"reports_12m": 0, "violent": False, "total": 0,
                                    "has7": False}] * len(f)


def test_a_list_of_dicts(policy):
    records = frame_of_lists().to_dict("records")
    decisions = policy.evaluate_many(records, as_of=AS_OF)
    assert len(decisions) == len(records)
    assert [d.error for d in decisions] == [None] * len(records)
    assert [dict(d) for d in decisions] == expected_rows()


def test_many_rows_of_lists_across_chunks(policy):
    # more rows than one chunk of object columns (65,536): the second chunk is converted while
    # the first is evaluated, so each chunk's lists must stay where they are
    n = 70_001
    frame = pd.DataFrame({"codes": [[i, 7] if i % 2 else np.array([i]) for i in range(n)]})
    result = policy.evaluate_many(frame, as_of=AS_OF)
    assert len(result) == n and result["error"].isna().all()
    want = np.array([i + 7 if i % 2 else i for i in range(n)])
    assert (result["total"].to_numpy(dtype=np.int64) == want).all()
    assert (result["has7"].to_numpy(dtype=bool) == ((np.arange(n) % 2 == 1) | (np.arange(n) == 7))).all()


def test_a_bad_row_is_an_error_row_and_the_others_are_decided(policy):
    frame = pd.DataFrame({"codes": [[1], [1, "two"], list(range(10_001)), [7]]})
    result = policy.evaluate_many(frame, as_of=AS_OF)
    assert len(result) == 4
    errors = result["error"].tolist()
    assert errors[0] is None and errors[3] is None
    assert errors[1].startswith("SR1002: ") and "`codes` (item 2)" in errors[1]
    assert errors[2].startswith("SR1022: ") and "`codes`" in errors[2]
    assert result["total"].tolist()[0] == 1 and result["total"].tolist()[3] == 7
    assert result["total"].isna().tolist() == [False, True, True, False]
    decisions = policy.evaluate_many(frame.to_dict("records"), as_of=AS_OF)
    assert len(decisions) == 4
    codes = [None if d.error is None else d.error.code for d in decisions]
    assert codes == [None, "SR1002", "SR1022", None]
    assert decisions[3]["has7"] is True and decisions[1]["total"] is None


# ---- bad lists

def test_a_string_where_a_list_is_expected(policy):
    err = error_of(policy, {"codes": "1;7"})
    assert (err.code, err.field) == ("SR1002", "codes")
    assert "`codes`" in err.message and "list" in err.message


def test_a_wrong_item_type_names_the_field_and_the_item(policy):
    err = error_of(policy, {"codes": [1, "two", 3]})
    assert (err.code, err.field) == ("SR1002", "codes")
    assert "`codes` (item 2)" in err.message
    assert "whole number" in err.message and "string" in err.message


def test_a_wrong_item_type_in_a_record_names_its_field(policy):
    err = error_of(policy, {"police_reports": [REPORTS[0], {"date": 20240101, "kind": "vold"}]})
    assert (err.code, err.field) == ("SR1002", "police_reports")
    assert "`police_reports` (item 2, `date`)" in err.message


def test_a_misspelt_item_field_suggests_the_declared_one(policy):
    err = error_of(policy, {"police_reports": [{"dato": "2024-06-01", "kind": "vold"}]})
    assert (err.code, err.field) == ("SR1002", "police_reports")
    assert "`dato`" in err.message and "`date`" in err.message and "item 1" in err.message


def test_a_record_item_without_a_field_is_missing_it(policy):
    err = error_of(policy, {"police_reports": [{"kind": "vold"}]})
    assert (err.code, err.field) == ("SR1001", "police_reports")
    assert "`police_reports` (item 1, `date`)" in err.message


def test_an_enum_item_field_outside_its_values(policy):
    err = error_of(policy, {"police_reports": [{"date": "2024-06-01", "kind": "fraud"}]})
    assert (err.code, err.field) == ("SR1005", "police_reports")
    assert "item 1, `kind`" in err.message


def test_more_than_10000_items(policy):
    assert policy.evaluate({"codes": [1] * 10_000}, as_of=AS_OF)["total"] == 10_000
    for too_many in ([1] * 10_001, np.ones(10_001, dtype=np.int64)):
        err = error_of(policy, {"codes": too_many})
        assert (err.code, err.field) == ("SR1022", "codes")
        assert "`codes`" in err.message


@pytest.mark.parametrize("missing", [None, float("nan"), np.nan, pd.NA, pd.NaT])
def test_a_missing_item_is_an_error(policy, missing):
    err = error_of(policy, {"codes": [1, 2, missing]})
    assert (err.code, err.field) == ("SR1001", "codes")
    assert "`codes` (item 3) is missing" in err.message


def test_a_missing_item_in_an_array(policy):
    err = error_of(policy, {"codes": np.array([1.0, np.nan])})
    assert (err.code, err.field) == ("SR1001", "codes")
    assert "(item 2)" in err.message


@pytest.mark.parametrize("codes, item", [
    ([1, [2, 3]], 2),                 # a list in a list
    ([(1,), 2], 1),                   # a tuple in a list
    ([1, np.array([2])], 2),          # an array in a list
    ([1, {"code": 2}], 2),            # a mapping where an integer is expected
])
def test_a_nested_item_is_a_wrong_type(policy, codes, item):
    err = error_of(policy, {"codes": codes})
    assert (err.code, err.field) == ("SR1002", "codes")
    assert f"(item {item})" in err.message


@pytest.mark.parametrize("item, says", [
    ({1: "2024-06-01"}, "key that is not text"),
    ("2024-06-01", "string"),
    ([{"date": "2024-06-01", "kind": "vold"}], "list"),
])
def test_a_record_item_must_be_a_mapping_with_text_keys(policy, item, says):
    err = error_of(policy, {"police_reports": [item]})
    assert (err.code, err.field) == ("SR1002", "police_reports")
    assert "(item 1)" in err.message and says in err.message


def test_a_list_in_a_record_field(policy):
    err = error_of(policy, {"police_reports": [{"date": ["2024-06-01"], "kind": "vold"}]})
    assert (err.code, err.field) == ("SR1002", "police_reports")
    assert "(item 1, `date`)" in err.message and "a list" in err.message


def test_a_mapping_or_a_matrix_is_not_a_list(policy):
    err = error_of(policy, {"codes": {"a": 1}})
    assert (err.code, err.field) == ("SR1002", "codes") and "a mapping" in err.message
    err = error_of(policy, {"codes": np.zeros((2, 2), dtype=np.int64)})
    assert (err.code, err.field) == ("SR1002", "codes") and "dimension" in err.message


def test_items_of_other_mappings_are_records(policy):
    from collections.abc import Mapping

    class Report(Mapping):  # a read-only mapping that makes its values when asked
        def __init__(self, day: str) -> None:
            self._day = day

        def __getitem__(self, key: str) -> str:
            return {"date": "".join(self._day), "kind": "vold"}[key]

        def __iter__(self) -> Any:
            return iter(["date", "kind"])

        def __len__(self) -> int:
            return 2

    d = policy.evaluate({"police_reports": [Report("2024-06-01"), Report("2020-01-01")]},
                        as_of=AS_OF)
    assert outputs(d) == {"reports_12m": 1, "violent": True, "total": 0, "has7": False}
