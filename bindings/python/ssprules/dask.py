"""Evaluate a Dask DataFrame partition by partition (``import ssprules.dask``).

The policy pickles (its text travels and is compiled once per process on the workers), so this
runs on a ``distributed`` cluster as well as on the local scheduler.
"""

from __future__ import annotations

import os
import warnings
from datetime import date
from typing import TYPE_CHECKING, Any, Union

from ._errors import UnknownFieldWarning
from ._frames import empty_result_frame
from ._policy import (DateLike, Policy, _evaluation_date, _is_data_frame, _show_real_types,
                      _warn_unknown)

if TYPE_CHECKING:
    import dask.dataframe.core  # where DataFrame is defined (dask.dataframe does not re-export it)
    import pandas
    from typing_extensions import TypeGuard
else:  # for the annotations shown at run time (a user of this module imports both anyway)
    try:
        import dask.dataframe.core
        import pandas
    except ImportError:  # the annotations stay names
        pass


def _evaluate_partition(partition: pandas.DataFrame, policy: Policy, as_of: date,
                        threads: int) -> pandas.DataFrame:
    with warnings.catch_warnings():  # the columns were checked once, when the graph was made
        warnings.simplefilter("ignore", UnknownFieldWarning)
        return policy.evaluate_many(partition, as_of=as_of, threads=threads)


def evaluate(ddf: Union[dask.dataframe.core.DataFrame, pandas.DataFrame], policy: Policy,
             as_of: DateLike = None, threads: int = 1, *,
             strict: bool = False) -> dask.dataframe.core.DataFrame:
    """A lazy Dask DataFrame with one row per row of ``ddf`` (same index and partitions): the
    outputs of ``policy`` and an ``error`` column, as ``Policy.evaluate_many`` gives for a
    pandas DataFrame, with the same dtypes in every partition (those of the meta). ``as_of``
    defaults to today (fixed now, not when the graph runs); ``threads`` is per partition task
    (1: let Dask run partitions in parallel). Columns that are not inputs give one
    :class:`~ssprules.UnknownFieldWarning` now, or with ``strict=True`` a ``ValueError``.

    ``ddf`` may also be a pandas DataFrame: it is split into one partition per core
    (``dask.dataframe.from_pandas(..., sort=False)``: its rows stay in their order) and the
    result is a lazy Dask DataFrame all the same, whose ``.compute()`` is the frame
    ``Policy.evaluate_many`` gives. (To stay in pandas, call ``Policy.evaluate_many``.)"""
    if not isinstance(policy, Policy):
        raise TypeError(f"policy: give an ssprules.Policy, not {type(policy).__name__}")
    when = _evaluation_date(as_of)  # a bad date fails now, not on the workers
    if _is_pandas_frame(ddf):
        from dask.dataframe.io.io import from_pandas  # (dask.dataframe does not re-export it)
        parts = max(1, min(len(ddf), os.cpu_count() or 1))
        ddf = from_pandas(ddf, npartitions=parts, sort=False)
    elif not hasattr(ddf, "map_partitions"):
        raise TypeError(f"ddf: give a Dask or pandas DataFrame, not {type(ddf).__name__}")
    _warn_unknown(policy._core.unknown_fields_warning([str(c) for c in ddf.columns], strict))
    meta = empty_result_frame(policy)
    meta.index = ddf._meta.index[:0]  # the result keeps ddf's index: its dtype and name
    frames: Any = ddf  # dask's methods are not annotated
    result: dask.dataframe.core.DataFrame = frames.map_partitions(
        _evaluate_partition, policy, when, threads, meta=meta)
    return result


def _is_pandas_frame(obj: object) -> TypeGuard[pandas.DataFrame]:
    return _is_data_frame(obj) and type(obj).__module__.startswith("pandas")


# help() and inspect.signature show classes, as in the package itself (ssprules._policy)
_show_real_types([evaluate])
del _show_real_types
