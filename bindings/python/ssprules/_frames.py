"""Tables in and out: a pandas DataFrame to typed columns for the engine, and the engine's
result columns to a DataFrame or to Python lists. numpy and pandas are imported here only."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, Dict, List, Optional, Tuple, Union

import numpy as np

if TYPE_CHECKING:
    import numpy.typing as npt
    import pandas

    from . import _ssprules
    from ._policy import Policy

_STATE_PRESENT = 0


def _column_for_engine(series: Any) -> Tuple[str, Any]:
    """One DataFrame column as (kind, data) for `Core.evaluate_columns`: numbers, booleans and
    datetimes are read in place; a categorical goes as its codes and categories (each category
    converted once); other columns as Python objects, converted a chunk at a time while the
    previous chunk is evaluated. None, NaN, NA and NaT are missing."""
    import pandas as pd
    dtype = series.dtype
    if isinstance(dtype, pd.CategoricalDtype):
        return "codes", (series.cat.codes.to_numpy(dtype=np.int64),
                         list(series.cat.categories.astype(object)))
    if pd.api.types.is_bool_dtype(dtype) and not pd.api.types.is_extension_array_dtype(dtype):
        return "bool", series.to_numpy(dtype=np.uint8)
    if pd.api.types.is_unsigned_integer_dtype(dtype) and not pd.api.types.is_extension_array_dtype(dtype):
        if len(series) and int(series.max()) > np.iinfo(np.int64).max:  # beyond 64 signed bits:
            return "object", series.to_numpy(dtype=object)  # as Python ints, for the decoder
        return "int", series.to_numpy(dtype=np.int64)
    if pd.api.types.is_integer_dtype(dtype) and not pd.api.types.is_extension_array_dtype(dtype):
        return "int", series.to_numpy(dtype=np.int64)
    if pd.api.types.is_float_dtype(dtype) and not pd.api.types.is_extension_array_dtype(dtype):
        return "float", series.to_numpy(dtype=np.float64)
    if pd.api.types.is_datetime64_dtype(dtype):  # tz-naive; NaT is missing
        return "date_ns", series.to_numpy(dtype="datetime64[ns]").view(np.int64)
    if pd.api.types.is_extension_array_dtype(dtype):  # Int64, boolean, string: NA -> None
        return "object", series.to_numpy(dtype=object, na_value=None)
    return "object", series.to_numpy(dtype=object)


def evaluate_frame(policy: Policy, frame: pandas.DataFrame, as_of: Union[date, str],
                   threads: int, strict: bool = False) -> Tuple[pandas.DataFrame, Optional[str]]:
    """The result DataFrame and the unknown-field warning (None when there is none)."""
    names = [str(c) for c in frame.columns]
    read = {f.name for f in policy.inputs} | {"as_of"}
    kinds: List[str] = []
    arrays: List[Any] = []
    for position, name in enumerate(names):
        # columns the policy does not read (and `id`: rows are known by the index) stay as they are
        kind, array = _column_for_engine(frame.iloc[:, position]) if name in read else ("unused", None)
        kinds.append(kind)
        arrays.append(array)
    result = policy._core.evaluate_columns(names, kinds, arrays, len(frame), as_of, threads,
                                           strict)
    return result_frame(policy, result, frame.index), result.warning


# The days (since 1970-01-01) a datetime64[ns] column holds: 1677-09-22 to 2262-04-11.
_NS_FIRST_DAY, _NS_LAST_DAY = -106_751, 106_751


def result_frame(policy: Policy, result: _ssprules.BatchResult, index: Any) -> pandas.DataFrame:
    """The engine's result columns as a DataFrame: one column per output and `error`. Its dtypes
    never depend on the data (they are those of `empty_result_frame`): a date output that
    datetime64[ns] cannot hold makes its record an error (SR1019) with every output missing."""
    import pandas as pd
    errors = np.full(len(index), None, dtype=object)
    for row, error in zip(result.error_rows.tolist(), result.errors):
        errors[row] = f"{error.code}: {error.message}"
    decided = np.ones(len(index), dtype=bool)
    for column in result.outputs:
        if column.kind != "date":
            continue
        values = column.values
        outside = ((column.states == _STATE_PRESENT)
                   & ((values < _NS_FIRST_DAY) | (values > _NS_LAST_DAY)))
        for row in np.flatnonzero(outside & decided).tolist():
            errors[row] = (f"SR1019: output `{column.name}` is a date outside what a pandas "
                           "datetime64[ns] column holds (1677-09-22 to 2262-04-11); "
                           "Policy.evaluate() gives it as a datetime.date")
        decided &= ~outside
    data: Dict[str, Any] = {}
    for column, field in zip(result.outputs, policy.outputs):
        name, kind, values = column.name, column.kind, column.values
        present = (column.states == _STATE_PRESENT) & decided
        if kind == "bool":
            data[name] = pd.arrays.BooleanArray(values.astype(bool), ~present)
        elif kind == "integer":
            data[name] = pd.arrays.IntegerArray(values, ~present)
        elif kind == "decimal":
            data[name] = np.where(present, values / 1e6, np.nan)
        elif kind == "date":
            data[name] = _dates(values, present)
        elif kind == "enum":
            codes = np.where(present, values, -1)
            data[name] = pd.Categorical.from_codes(codes, categories=list(field.values))
        else:  # strings and lists: Python objects already
            items = values if bool(decided.all()) else [
                v if p else None for v, p in zip(values, present.tolist())]
            data[name] = pd.array(items, dtype=object) if kind == "list" else items
    data["error"] = errors
    return pd.DataFrame(data, index=index)


def _dates(days: npt.NDArray[np.int64], present: npt.NDArray[np.bool_]) -> Any:
    # only days datetime64[ns] holds are present here (result_frame made the others errors)
    out = np.where(present, days, 0).astype("datetime64[D]").astype("datetime64[ns]")
    out[~present] = np.datetime64("NaT")
    return out


def python_columns(policy: Policy, result: _ssprules.BatchResult) -> List[Tuple[str, List[Any]]]:
    """The engine's result columns as Python lists (for lists of decisions)."""
    columns = []
    for column, field in zip(result.outputs, policy.outputs):
        kind, values = column.kind, column.values
        present = (column.states == _STATE_PRESENT).tolist()
        raw = values if isinstance(values, list) else values.tolist()
        items: List[Any]
        if kind == "bool":
            items = [bool(v) if p else None for v, p in zip(raw, present)]
        elif kind == "integer":
            items = [v if p else None for v, p in zip(raw, present)]
        elif kind == "decimal":
            items = [v / 1e6 if p else None for v, p in zip(raw, present)]
        elif kind == "date":
            items = [date.fromordinal(v + 719_163) if p else None for v, p in zip(raw, present)]
        elif kind == "enum":
            names = field.values
            items = [names[v] if v >= 0 else None for v in raw]
        else:
            items = raw
        columns.append((column.name, items))
    return columns


def empty_result_frame(policy: Policy) -> pandas.DataFrame:
    """A DataFrame with no rows and the columns and dtypes `evaluate_many` gives (Dask's meta)."""
    import pandas as pd
    data: Dict[str, Any] = {}
    for field in policy.outputs:
        if field.kind == "bool":
            data[field.name] = pd.array([], dtype="boolean")
        elif field.kind == "integer":
            data[field.name] = pd.array([], dtype="Int64")
        elif field.kind == "decimal":
            data[field.name] = np.array([], dtype=np.float64)
        elif field.kind == "date":
            data[field.name] = np.array([], dtype="datetime64[ns]")
        elif field.kind == "enum":
            data[field.name] = pd.Categorical([], categories=list(field.values))
        else:
            data[field.name] = np.array([], dtype=object)
    data["error"] = np.array([], dtype=object)
    return pd.DataFrame(data)
