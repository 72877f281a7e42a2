"""Type stubs of ssprules.dask."""

from datetime import date
from typing import Union

import dask.dataframe

from . import Policy

def evaluate(ddf: dask.dataframe.DataFrame, policy: Policy, as_of: Union[date, str, None] = ...,
             threads: int = ..., *, strict: bool = ...) -> dask.dataframe.DataFrame:
    """A lazy Dask DataFrame of the outputs and an ``error`` column, one row per row."""
