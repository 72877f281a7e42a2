"""Working days from Python: Easter against python-dateutil (an independent reference) for every
year of 1900-2200, and working-day deadlines through evaluate and evaluate_many."""

import datetime

import pandas as pd
from dateutil.easter import easter  # type: ignore[import]  # Debian python3-dateutil, no stubs

import ssprules

POLICY = """\
id: easter
effective: {from: 1900-01-01}
calendar: {working_days: {holidays: denmark}}
inputs:
  year: {type: integer, min: 1900, max: 2200}
outputs:
  easter_sunday: easter(year)
  good_friday_works: is_working_day(add_days(easter(year), -2))
  after_easter: add_working_days(easter(year), 1)
"""


def test_easter_agrees_with_dateutil_from_1900_to_2200(tmp_path):
    path = tmp_path / "easter.yaml"
    path.write_text(POLICY, encoding="utf-8")
    policy = ssprules.load(path)
    years = list(range(1900, 2201))
    frame = policy.evaluate_many(pd.DataFrame({"year": years}), as_of="2025-01-01")
    assert len(frame) == len(years)
    for year, got, works, after in zip(years, frame["easter_sunday"], frame["good_friday_works"],
                                       frame["after_easter"]):
        sunday = easter(year)  # Gregorian (dateutil's EASTER_WESTERN)
        assert pd.Timestamp(got).date() == sunday, year
        assert not works, year  # langfredag
        # 2. påskedag is closed: the first working day after Easter Sunday is the Tuesday
        assert pd.Timestamp(after).date() == sunday + datetime.timedelta(days=2), year


def test_deadlines_through_evaluate_and_evaluate_many(root):
    policy = ssprules.load(root / "tests" / "conformance" / "eval_working_days" / "rules.yaml")
    one = policy.evaluate({"notified_on": datetime.date(2025, 4, 11)}, as_of="2025-06-30")
    assert one["acknowledge_by"] == datetime.date(2025, 4, 24)
    assert one["aftercare_due"] == datetime.date(2025, 4, 11)
    frame = policy.evaluate_many(
        pd.DataFrame({"notified_on": pd.to_datetime(["2025-04-11", "2025-12-19"]),
                      "placement_ended_on": pd.to_datetime(["2025-05-27", None])}),
        as_of="2025-06-30")
    assert [pd.Timestamp(d).date() for d in frame["acknowledge_by"]] == [
        datetime.date(2025, 4, 24), datetime.date(2026, 1, 5)]
    assert pd.Timestamp(frame["aftercare_due"][0]).date() == datetime.date(2025, 6, 16)
