"""Evaluate a Dask DataFrame partition by partition (``import ssprules.dask``).

The policy pickles (its text travels and is compiled once per task on the workers), so this
runs on a ``distributed`` cluster as well as on the local scheduler.
"""

from __future__ import annotations

import warnings
from datetime import date
from typing import TYPE_CHECKING, Any, Union

from ._errors import UnknownFieldWarning
from ._frames import empty_result_frame
from ._policy import Policy, _evaluation_date, _warn_unknown

if TYPE_CHECKING:
    import dask.dataframe.core  # where DataFrame is defined (dask.dataframe does not re-export it)
    import pandas


def _evaluate_partition(partition: pandas.DataFrame, policy: Policy, as_of: Union[date, str],
                        threads: int) -> pandas.DataFrame:
    with warnings.catch_warnings():  # the columns were checked once, when the graph was made
        warnings.simplefilter("ignore", UnknownFieldWarning)
        return policy.evaluate_many(partition, as_of=as_of, threads=threads)


def evaluate(ddf: dask.dataframe.core.DataFrame, policy: Policy,
             as_of: Union[date, str, None] = None, threads: int = 1, *,
             strict: bool = False) -> dask.dataframe.core.DataFrame:
    """A lazy Dask DataFrame with one row per row of ``ddf`` (same index and partitions): the
    outputs of ``policy`` and an ``error`` column, as ``Policy.evaluate_many`` gives for a
    pandas DataFrame, with the same dtypes in every partition (those of the meta). ``as_of``
    defaults to today (fixed now, not when the graph runs); ``threads`` is per partition task
    (1: let Dask run partitions in parallel). Columns that are not inputs give one
    :class:`~ssprules.UnknownFieldWarning` now, or with ``strict=True`` a ``ValueError``."""
    if not isinstance(policy, Policy):
        raise TypeError(f"policy: give an ssprules.Policy, not {type(policy).__name__}")
    when = _evaluation_date(as_of)  # a bad date fails now, not on the workers
    _warn_unknown(policy._core.unknown_fields_warning([str(c) for c in ddf.columns], strict))
    meta = empty_result_frame(policy)
    meta.index = ddf._meta.index[:0]  # the result keeps ddf's index: its dtype and name
    frames: Any = ddf  # dask's methods are not annotated
    result: dask.dataframe.core.DataFrame = frames.map_partitions(
        _evaluate_partition, policy, when, threads, meta=meta)
    return result
