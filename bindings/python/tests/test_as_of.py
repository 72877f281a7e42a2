"""`as_of` everywhere the API takes one: a datetime.date, `YYYY-MM-DD`, or at midnight a
datetime, pandas.Timestamp or numpy.datetime64; another time of day is a TypeError."""

from datetime import date, datetime

import pytest

import ssprules

np = pytest.importorskip("numpy")
pd = pytest.importorskip("pandas")

RECIPIENT = {"id": "c1", "birth_date": "2008-03-15", "category": 4, "benefit_status": "recipient"}
DAY = date(2025, 3, 15)
MIDNIGHTS = [
    pd.Timestamp("2025-03-15"),
    pd.Timestamp("2025-03-15", tz="Europe/Copenhagen"),
    np.datetime64("2025-03-15"),
    np.datetime64("2025-03-15T00:00:00.000000000"),  # ns, as a DataFrame column holds them
    np.datetime64("2025-03-15T00:00", "s"),
    datetime(2025, 3, 15),
]
NOT_MIDNIGHT = [
    pd.Timestamp("2025-03-15 12:30"),
    pd.Timestamp("2025-03-15 00:00:00.000000001"),  # one nanosecond past
    np.datetime64("2025-03-15T12:30"),
    np.datetime64("2025-03-15T00:00:00.000000001"),
    datetime(2025, 3, 15, 0, 0, 1),
]


@pytest.mark.parametrize("as_of", MIDNIGHTS, ids=repr)
def test_a_timestamp_or_datetime64_at_midnight_is_its_date(copenhagen, as_of):
    expected = copenhagen.evaluate(RECIPIENT, as_of="2025-03-15")
    d = copenhagen.evaluate(RECIPIENT, as_of=as_of)
    assert d.as_of == DAY and type(d.as_of) is date
    assert dict(d) == dict(expected) and d["age"] == 17 and d["route"] == "jobcenter"
    assert d.explain() == expected.explain()

    [one] = copenhagen.evaluate_many([RECIPIENT], as_of=as_of)
    assert one.as_of == DAY and dict(one) == dict(expected)
    frame = copenhagen.evaluate_many(pd.DataFrame([RECIPIENT]), as_of=as_of)
    assert frame["age"].tolist() == [17] and frame["route"].tolist() == ["jobcenter"]
    assert frame["plan_deadline"].tolist() == [pd.Timestamp("2025-09-15")]

    key = "k" * 16
    assert (copenhagen.decision_record(RECIPIENT, key, as_of=as_of)
            == copenhagen.decision_record(RECIPIENT, key, as_of="2025-03-15"))
    assert copenhagen.diff(copenhagen, [RECIPIENT], as_of=as_of).changed_records == 0


def test_dask_evaluate_takes_a_timestamp(copenhagen):
    dd = pytest.importorskip("dask.dataframe")
    import ssprules.dask
    ddf = dd.from_pandas(pd.DataFrame([RECIPIENT, dict(RECIPIENT, birth_date="2000-01-01")]),
                         npartitions=1)
    got = ssprules.dask.evaluate(ddf, copenhagen, as_of=pd.Timestamp("2025-03-15")).compute()
    assert got["age"].tolist() == [17, 25]
    got = ssprules.dask.evaluate(ddf, copenhagen, as_of=np.datetime64("2035-03-15")).compute()
    assert got["age"].tolist() == [27, 35]


@pytest.mark.parametrize("as_of", NOT_MIDNIGHT, ids=repr)
def test_a_time_of_day_is_a_type_error_that_says_so(copenhagen, as_of):
    message = r"as_of: give a date, not a date and time \(.*2025-03-15.* is not midnight\)"
    with pytest.raises(TypeError, match=message):
        copenhagen.evaluate(RECIPIENT, as_of=as_of)
    with pytest.raises(TypeError, match=message):
        copenhagen.evaluate_many([RECIPIENT], as_of=as_of)
    with pytest.raises(TypeError, match=message):
        copenhagen.evaluate_many(pd.DataFrame([RECIPIENT]), as_of=as_of)
    with pytest.raises(TypeError, match=message):
        copenhagen.decision_record(RECIPIENT, "k" * 16, as_of=as_of)
    with pytest.raises(TypeError, match=message):
        copenhagen.diff(copenhagen, [RECIPIENT], as_of=as_of)


def test_dask_evaluate_refuses_a_time_of_day_at_once(copenhagen):
    dd = pytest.importorskip("dask.dataframe")
    import ssprules.dask
    ddf = dd.from_pandas(pd.DataFrame([RECIPIENT]), npartitions=1)
    with pytest.raises(TypeError, match=r"as_of: give a date, not a date and time \("):
        ssprules.dask.evaluate(ddf, copenhagen, as_of=pd.Timestamp("2025-03-15 08:00"))


def test_other_dates_that_are_not_one(copenhagen):
    with pytest.raises(ValueError, match="NaT"):
        copenhagen.evaluate(RECIPIENT, as_of=pd.NaT)
    with pytest.raises(ValueError, match="NaT"):
        copenhagen.evaluate(RECIPIENT, as_of=np.datetime64("NaT", "ns"))
    with pytest.raises(TypeError, match="unit `M`"):
        copenhagen.evaluate(RECIPIENT, as_of=np.datetime64("2025-03"))
    with pytest.raises(TypeError, match="as_of: give a datetime.date, pandas.Timestamp"):
        copenhagen.evaluate(RECIPIENT, as_of=20250315)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="2025-02-30"):
        copenhagen.evaluate(RECIPIENT, as_of="2025-02-30")
    assert ssprules.DateLike is not None
