"""ssprules.dask.evaluate on a distributed LocalCluster (2 worker processes) over a million
generated records: the result must equal Policy.evaluate_many on the same pandas DataFrame
(index, columns, dtypes, values and the error column)."""

import os
from datetime import date

import numpy as np
import pytest

pd = pytest.importorskip("pandas")
dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")

import ssprules  # noqa: E402
import ssprules.dask  # noqa: E402

# Debian's tornado (6.2) warns inside distributed's own event loop setup; not ours to fix.
pytestmark = pytest.mark.filterwarnings("ignore:make_current is deprecated:DeprecationWarning")

AS_OF = "2024-06-01"
N_RECORDS = 1_000_000
N_PARTITIONS = 8
STATE_SIGNALS = ("kriminalforsorgen", "politiet", "arbejdsdirektoratet", "skat")

# The deliberately bad rows: per kind, how many, and the error each must give (code, field).
BAD_KINDS = {
    "no_birth_date": (300, "SR1001", "birth_date"),
    "category_7": (300, "SR1004", "category"),
    "unknown_benefit_status": (200, "SR1005", "benefit_status"),
    "unknown_state_signal": (200, "SR1005", "state_signal"),
}


def _days(iso: str) -> int:
    return int(np.datetime64(iso, "D").astype(np.int64))


def generate_records(n: int, seed: int = 20240601):
    """`n` case records as a pandas DataFrame, built with vectorised numpy (no loop per row),
    and a dict of kind -> index labels of the deliberately bad rows."""
    rng = np.random.default_rng(seed)

    birth_days = rng.integers(_days("1986-01-01"), _days("2012-12-31") + 1, n)
    birth_date = birth_days.astype("datetime64[D]").astype("datetime64[ns]")

    category = pd.array(rng.integers(1, 5, n), dtype="Int64")
    category[rng.random(n) < 0.25] = pd.NA

    signals = np.array(list(STATE_SIGNALS) + [None], dtype=object)
    state_signal = signals[rng.choice(len(signals), n, p=[0.05, 0.04, 0.03, 0.03, 0.85])]

    statuses = np.array(["recipient", "self_supporting"], dtype=object)
    benefit_status = statuses[rng.choice(2, n, p=[0.7, 0.3])]

    plan_approved_on = np.full(n, np.datetime64("NaT"), dtype="datetime64[ns]")
    approved = rng.random(n) < 0.12
    plan_days = rng.integers(_days("2016-01-01"), _days("2024-05-31") + 1, int(approved.sum()))
    plan_approved_on[approved] = plan_days.astype("datetime64[D]").astype("datetime64[ns]")

    # A strictly increasing index that is not 0..n-1, so that keeping the index is checked.
    index = pd.Index(1_000_000 + np.cumsum(rng.integers(1, 4, n)), name="row")
    df = pd.DataFrame({
        "id": np.arange(n, dtype=np.int64) + 1,
        "birth_date": birth_date,
        "category": category,
        "assessed_category_3_or_4": rng.random(n) < 0.3,
        "state_signal": state_signal,
        "local_offer_signal": rng.random(n) < 0.1,
        "benefit_status": benefit_status,
        "plan_approved_on": plan_approved_on,
    }, index=index)

    # Bad rows: disjoint positions, one defect each.
    total_bad = sum(count for count, _, _ in BAD_KINDS.values())
    positions = rng.choice(n, total_bad, replace=False)
    bad, start = {}, 0
    for kind, (count, _, _) in BAD_KINDS.items():
        bad[kind] = df.index[positions[start:start + count]]
        start += count
    df.loc[bad["no_birth_date"], "birth_date"] = pd.NaT
    df.loc[bad["category_7"], "category"] = 7
    df.loc[bad["unknown_benefit_status"], "benefit_status"] = "unemployed"
    df.loc[bad["unknown_state_signal"], "state_signal"] = "interpol"
    return df, bad


def assert_same_frame(got, expected):
    """pandas.testing.assert_frame_equal, made quick for a million rows: pandas 1.5 compares
    extension (Int64, boolean, category) and object columns element by element (~25 s for
    these frames), while DataFrame.equals compares them in bulk, dtypes included. Index,
    columns and dtypes are checked first; on any difference assert_frame_equal reports it."""
    pd.testing.assert_index_equal(got.columns, expected.columns)
    pd.testing.assert_series_equal(got.dtypes, expected.dtypes)
    pd.testing.assert_index_equal(got.index, expected.index)
    if not got.equals(expected):
        pd.testing.assert_frame_equal(got, expected)
        raise AssertionError("DataFrame.equals found a difference assert_frame_equal did not")


@pytest.fixture(scope="module")
def records():
    return generate_records(N_RECORDS)


@pytest.fixture(scope="module")
def client():
    """A LocalCluster with 2 single-threaded worker processes that can import ssprules."""
    package_root = os.path.dirname(os.path.dirname(os.path.abspath(ssprules.__file__)))
    previous = os.environ.get("PYTHONPATH")
    os.environ["PYTHONPATH"] = package_root if not previous else package_root + os.pathsep + previous
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                       dashboard_address=None)
    client = distributed.Client(cluster)
    try:
        yield client
    finally:
        client.close()
        cluster.close()
        if previous is None:
            os.environ.pop("PYTHONPATH", None)
        else:
            os.environ["PYTHONPATH"] = previous


def test_dask_on_local_cluster_equals_evaluate_many(client, copenhagen, records):
    df, bad = records
    assert len(df) >= 1_000_000
    ddf = dd.from_pandas(df, npartitions=N_PARTITIONS)
    assert ddf.npartitions == N_PARTITIONS

    lazy = ssprules.dask.evaluate(ddf, copenhagen, as_of=AS_OF)
    assert lazy.npartitions == ddf.npartitions
    assert lazy.divisions == ddf.divisions
    with distributed.get_task_stream(client) as tasks:
        got = lazy.compute()

    # It ran on the cluster, partitions spread over both worker processes.
    evaluated_on = {t["worker"] for t in tasks.data if "_evaluate_partition" in str(t["key"])}
    assert evaluated_on == set(client.scheduler_info()["workers"]), evaluated_on

    expected = copenhagen.evaluate_many(df, as_of=AS_OF)
    assert len(got) == len(df)
    assert_same_frame(got, expected)

    # The error column: exactly the bad rows, each with the error its defect gives.
    errors = got["error"]
    bad_rows = pd.Index(np.concatenate([rows.to_numpy() for rows in bad.values()]))
    assert int(errors.notna().sum()) == len(bad_rows)
    assert set(errors.index[errors.notna()]) == set(bad_rows)
    for kind, (_, code, field) in BAD_KINDS.items():
        messages = errors.loc[bad[kind]]
        assert messages.str.startswith(code + ": ").all(), (kind, messages.iloc[0])
        assert messages.str.contains(f"`{field}`", regex=False).all(), (kind, messages.iloc[0])
    # An error row has no outputs at all; every output of this policy is required, so the other
    # rows have them all.
    outputs = got.drop(columns=["error", "error_code", "error_field"])
    assert outputs.loc[bad_rows].isna().all(axis=1).all()
    assert outputs[errors.isna()].notna().all().all()

    # The generated records reach the interesting branches, not only `none`.
    assert set(got["phase"].dropna().unique()) == {"triangle", "ssp_plus", "none"}
    assert set(got["route"].dropna().unique()) >= {"kui", "jobcenter", "none"}
    assert got["plan_status"].dropna().nunique() == 6
    assert got["eligible"].sum() > 0


def test_meta_date_as_of_and_type_check(client, copenhagen, records):
    df, _ = records
    small = df.iloc[:20_000]
    ddf = dd.from_pandas(small, npartitions=3)
    expected = copenhagen.evaluate_many(small, as_of=AS_OF)

    lazy = ssprules.dask.evaluate(ddf, copenhagen, as_of=date(2024, 6, 1))
    # Dask's meta has the columns and dtypes the computed partitions have.
    assert list(lazy._meta.columns) == list(expected.columns)
    pd.testing.assert_series_equal(lazy._meta.dtypes, expected.dtypes)
    assert list(lazy.columns) == list(expected.columns)
    pd.testing.assert_series_equal(lazy.dtypes, expected.dtypes)
    # ...and the index of ddf (dtype and name), as the computed partitions keep it.
    pd.testing.assert_index_equal(lazy._meta.index, ddf._meta.index)
    pd.testing.assert_frame_equal(lazy._meta, expected.iloc[:0])

    # as_of as a datetime.date gives what the ISO string gives.
    got = lazy.compute()
    pd.testing.assert_frame_equal(got, expected)
    # ...and as_of matters (ages differ ten years on).
    later = ssprules.dask.evaluate(ddf, copenhagen, as_of=date(2034, 6, 1)).compute()
    ok = expected["error"].isna()
    assert ((later["age"] - expected["age"])[ok] == 10).all()

    with pytest.raises(TypeError, match="Policy"):
        ssprules.dask.evaluate(ddf, "rules/copenhagen/ssp-plus.yaml",  # type: ignore[arg-type]
                               as_of=AS_OF)
    with pytest.raises(TypeError, match="Policy"):
        ssprules.dask.evaluate(ddf, copenhagen._core, as_of=AS_OF)
    # a bad date fails at once, not later on the workers
    with pytest.raises(ValueError, match="2024-02-30"):
        ssprules.dask.evaluate(ddf, copenhagen, as_of="2024-02-30")
    with pytest.raises(TypeError, match="as_of"):
        ssprules.dask.evaluate(ddf, copenhagen, as_of=20240601)  # type: ignore[arg-type]


def test_a_pandas_frame_gives_a_lazy_dask_frame_equal_to_evaluate_many(copenhagen):
    # an unsorted index keeps its order
    frame = pd.DataFrame(
        {"birth_date": ["2008-03-15", "2000-01-01", None, "2007-05-01", "2009-12-24"],
         "category": [4, 2, 4, 7, 3],
         "benefit_status": ["recipient", "self_supporting", "recipient", "recipient",
                            "recipient"]},
        index=pd.Index([40, 10, 30, 20, 0], name="case"))
    lazy = ssprules.dask.evaluate(frame, copenhagen, as_of=AS_OF)
    assert isinstance(lazy, dd.DataFrame)
    assert lazy.npartitions >= 1
    got = lazy.compute()
    expected = copenhagen.evaluate_many(frame, as_of=AS_OF)
    pd.testing.assert_frame_equal(got, expected)
    assert got.index.tolist() == [40, 10, 30, 20, 0] and got.index.name == "case"
    assert got["age"].tolist()[:2] == [16, 24]
    assert got["error"].notna().tolist() == [False, False, True, True, False]
    with pytest.raises(TypeError, match="pandas DataFrame"):
        ssprules.dask.evaluate([{"category": 4}], copenhagen)  # type: ignore[arg-type]
