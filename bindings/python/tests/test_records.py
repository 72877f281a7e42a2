"""Records that are not quite right: misnamed fields (a warning with the likely meant input, or
strict mode's refusal), records with errors (every output missing), a record's own `as_of`,
dates that pandas' datetime64[ns] cannot hold. The same rules as the CLI's."""

import warnings
from datetime import date
from typing import Any, Dict

import pytest

import ssprules

pd = pytest.importorskip("pandas")

AS_OF = "2025-03-01"
RECORD: Dict[str, Any] = {"birth_date": "2008-02-29", "benefit_status": "recipient"}


@pytest.mark.parametrize("misnamed", ["Category", "category ", "kategori"])
def test_a_misnamed_field_warns_with_the_input_it_likely_means(copenhagen, misnamed):
    with pytest.warns(ssprules.UnknownFieldWarning) as caught:
        d = copenhagen.evaluate({**RECORD, misnamed: 3}, as_of=AS_OF)
    assert len(caught) == 1
    message = str(caught[0].message)
    assert f"`{misnamed}`" in message and "did you mean `category`?" in message, message
    assert "copenhagen-ssp-plus" in message
    assert caught[0].filename == __file__, "the warning points at the caller's line"
    assert d["target_group"] is False, "decided as if the category were absent"


def test_one_warning_per_call_naming_every_unknown_field(copenhagen):
    records = [{**RECORD, "Category": 3}, {**RECORD, "kategori": 4}, {**RECORD, "Category": 1}]
    with pytest.warns(ssprules.UnknownFieldWarning) as caught:
        decisions = copenhagen.evaluate_many(records, as_of=AS_OF)
    assert len(caught) == 1 and len(decisions) == 3
    message = str(caught[0].message)
    assert "fields `Category` (did you mean `category`?) and `kategori` (did you mean" in message
    frame = pd.DataFrame(records)
    with pytest.warns(ssprules.UnknownFieldWarning) as caught:
        result = copenhagen.evaluate_many(frame, as_of=AS_OF)
    assert len(caught) == 1 and len(result) == 3
    assert "`Category`" in str(caught[0].message) and "`kategori`" in str(caught[0].message)


def test_known_fields_give_no_warning(copenhagen):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        copenhagen.evaluate({**RECORD, "id": "c1", "as_of": AS_OF, "category": 3})
        copenhagen.evaluate_many(pd.DataFrame([{**RECORD, "id": "c1", "category": 3}]),
                                 as_of=AS_OF)


def test_strict_refuses_before_evaluating_anything(copenhagen):
    for call in (lambda: copenhagen.evaluate({**RECORD, "Category": 3}, AS_OF, strict=True),
                 lambda: copenhagen.evaluate_many([RECORD, {**RECORD, "Category": 3}], AS_OF,
                                                  strict=True),
                 lambda: copenhagen.evaluate_many(pd.DataFrame([{**RECORD, "Category": 3}]),
                                                  AS_OF, strict=True)):
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # refused, not warned
            with pytest.raises(ValueError, match=r"`Category` is not an input of "
                                                 r"`copenhagen-ssp-plus` \(did you mean "
                                                 r"`category`\?\); nothing was evaluated"):
                call()
    # strict with every field known evaluates as usual
    assert copenhagen.evaluate({**RECORD, "category": 3}, AS_OF, strict=True)["age"] == 17


def policy_with(mode):
    return ssprules.loads(f"""id: t
unknown_fields: {mode}
effective: {{from: 2020-01-01}}
inputs:
  n: {{type: integer, optional: true}}
outputs:
  doubled: (n ?? 0) * 2
""")


def test_the_policy_says_what_unknown_fields_mean():
    with pytest.raises(ValueError, match="`m` is not an input"):
        policy_with("error").evaluate({"m": 1}, AS_OF)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert policy_with("ignore").evaluate({"m": 1, "n": 2}, AS_OF)["doubled"] == 4
    with pytest.warns(ssprules.UnknownFieldWarning):
        policy_with("warn").evaluate({"m": 1}, AS_OF)
    with pytest.raises(ssprules.PolicyError, match="SR0109.*`unknown_fields` is `warn`"):
        policy_with("maybe")


def test_a_record_with_an_error_has_every_output_missing(copenhagen):
    frame = pd.DataFrame([{**RECORD, "category": 4},
                          {**RECORD, "category": 4, "plan_approved_on": "2025-02-30"},
                          {**RECORD, "category": 9}])
    result = copenhagen.evaluate_many(frame, as_of=AS_OF)
    assert result["error"].isna().tolist() == [True, False, False]
    outputs = [f.name for f in copenhagen.outputs]
    assert result.loc[1:, outputs].isna().all().all(), result.loc[1:, outputs]
    assert result.loc[0, outputs].notna().all()
    assert int(pd.crosstab(result.route, result.phase).to_numpy().sum()) == 1, "only decided rows"
    decisions = copenhagen.evaluate_many(frame.to_dict("records"), as_of=AS_OF)
    assert decisions[1].error.code == "SR1003"
    assert all(decisions[1][name] is None for name in outputs)


def test_the_decision_reports_the_date_it_was_evaluated_on(copenhagen):
    records = [{**RECORD, "as_of": "20190505"}, {**RECORD, "as_of": "2026-01-01"}, RECORD,
               {**RECORD, "as_of": date(2025, 6, 1)}]
    decisions = copenhagen.evaluate_many(records, as_of=AS_OF)
    assert decisions[0].error.code == "SR1007"
    assert [d.as_of for d in decisions] == [date(2025, 3, 1), date(2026, 1, 1), date(2025, 3, 1),
                                            date(2025, 6, 1)]


def test_pandas_na_is_a_missing_value_everywhere(copenhagen):
    one = copenhagen.evaluate({**RECORD, "category": pd.NA, "plan_approved_on": pd.NaT}, AS_OF)
    many = copenhagen.evaluate_many(pd.DataFrame([{**RECORD, "category": pd.NA}]), as_of=AS_OF)
    assert many.loc[0, "error"] is None
    assert one["target_group"] == bool(many.loc[0, "target_group"]) is False


FAR = ssprules.loads("""id: far
effective: {from: 2000-01-01}
inputs:
  start: date
  years: {type: integer, min: 0, max: 1000}
outputs:
  until: add_years(start, years)
  length: years
""")


def test_dates_pandas_cannot_hold_make_the_row_an_error_not_another_dtype():
    frame = pd.DataFrame({"start": ["2020-01-01"] * 3, "years": [10, 300, 0]})
    result = FAR.evaluate_many(frame, as_of=AS_OF)
    assert str(result["until"].dtype) == "datetime64[ns]"
    assert result.loc[1, "error"].startswith("SR1019: output `until` is a date outside")
    assert result.loc[1, ["until", "length"]].isna().all(), "every output missing"
    assert result.loc[0, "until"] == pd.Timestamp("2030-01-01")
    assert FAR.evaluate({"start": "2020-01-01", "years": 300}, AS_OF)["until"] == date(2320, 1, 1)


def test_dask_partitions_match_the_meta_whatever_their_dates():
    dd = pytest.importorskip("dask.dataframe")
    import ssprules.dask
    frame = pd.DataFrame({"start": ["2020-01-01"] * 4, "years": [10, 20, 300, 0]})
    lazy = ssprules.dask.evaluate(dd.from_pandas(frame, npartitions=2), FAR, as_of=AS_OF)
    partitions = [p.compute(scheduler="sync") for p in lazy.to_delayed()]
    for p in partitions:
        assert p.dtypes.to_dict() == lazy._meta.dtypes.to_dict()
    assert partitions[1].iloc[0]["error"].startswith("SR1019")


def test_dask_warns_once_for_unknown_columns_or_refuses_when_strict(copenhagen):
    dd = pytest.importorskip("dask.dataframe")
    import ssprules.dask
    ddf = dd.from_pandas(pd.DataFrame([{**RECORD, "kategori": 3}] * 4), npartitions=2)
    with pytest.warns(ssprules.UnknownFieldWarning, match="did you mean `category`"):
        lazy = ssprules.dask.evaluate(ddf, copenhagen, as_of=AS_OF)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the workers say nothing more
        assert len(lazy.compute(scheduler="sync")) == 4
    with pytest.raises(ValueError, match="`kategori`"):
        ssprules.dask.evaluate(ddf, copenhagen, as_of=AS_OF, strict=True)


def test_decision_records_and_diffs_warn_too(copenhagen):
    key = "0123456789abcdef-secret"
    with pytest.warns(ssprules.UnknownFieldWarning, match="`Category`"):
        copenhagen.decision_record({**RECORD, "Category": 3}, key, as_of=AS_OF)
    with pytest.raises(ValueError, match="`Category`"):
        copenhagen.decision_record({**RECORD, "Category": 3}, key, as_of=AS_OF, strict=True)
    with pytest.warns(ssprules.UnknownFieldWarning, match="`kategori`"):
        copenhagen.diff(copenhagen, [{**RECORD, "kategori": 3}], as_of=AS_OF)
