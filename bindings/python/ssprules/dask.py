"""Evaluate a Dask DataFrame partition by partition (``import ssprules.dask``).

The policy pickles (its text travels and is compiled once per task on the workers), so this
runs on a ``distributed`` cluster as well as on the local scheduler.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Optional, Union

from ._frames import empty_result_frame
from ._policy import Policy, _evaluation_date


def _evaluate_partition(partition: Any, policy: Policy, as_of: Union[date, str], threads: int) -> Any:
    return policy.evaluate_many(partition, as_of=as_of, threads=threads)


def evaluate(ddf: Any, policy: Policy, as_of: Union[date, str, None] = None, threads: int = 1) -> Any:
    """A lazy Dask DataFrame with one row per row of ``ddf`` (same index and partitions): the
    outputs of ``policy`` and an ``error`` column, as ``Policy.evaluate_many`` gives for a
    pandas DataFrame. ``as_of`` defaults to today (fixed now, not when the graph runs);
    ``threads`` is per partition task (1: let Dask run partitions in parallel)."""
    if not isinstance(policy, Policy):
        raise TypeError(f"policy: give an ssprules.Policy, not {type(policy).__name__}")
    when = _evaluation_date(as_of)  # a bad date fails now, not on the workers
    meta = empty_result_frame(policy)
    meta.index = ddf._meta.index[:0]  # the result keeps ddf's index: its dtype and name
    return ddf.map_partitions(_evaluate_partition, policy, when, threads, meta=meta)
