"""Tables in and out: a pandas DataFrame to typed columns for the engine, and the engine's
result columns to a DataFrame or to Python lists. numpy and pandas are imported here only."""

from __future__ import annotations

import functools
import re
import warnings
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Dict, List, Optional, Sequence, Tuple, Union

import numpy as np

from . import _ssprules
from ._errors import ColumnWarning

if TYPE_CHECKING:
    import numpy.typing as npt
    import pandas

    from ._policy import Field, Policy

_STATE_PRESENT = 0


def _masked(array: Any, dtype: Any) -> Tuple[Any, Any]:
    """(values, mask) of a pandas masked array (Int64, boolean, Float64), without a copy when
    pandas exposes them (its `_data` and `_mask`), else by its public methods."""
    data, mask = getattr(array, "_data", None), getattr(array, "_mask", None)
    if isinstance(data, np.ndarray) and isinstance(mask, np.ndarray) and len(data) == len(array):
        return data, mask
    return array.to_numpy(dtype=dtype, na_value=0), np.asarray(array.isna())


def _column_for_engine(series: Any) -> Tuple[str, Any]:
    """One DataFrame column as (kind, data) for `Core.evaluate_columns`: numbers, booleans and
    datetimes, and pandas' nullable Int64, boolean and Float64 (as values and mask), are read
    in place, with no Python object per cell; a categorical goes as its codes and categories
    (each category converted once); other columns as Python objects, converted a chunk at a
    time while the previous chunk is evaluated. None, NaN, NA and NaT are missing."""
    import pandas as pd
    dtype = series.dtype
    array = series.array
    if isinstance(array, pd.arrays.BooleanArray):
        return "bool_masked", _masked(array, np.bool_)
    if isinstance(array, pd.arrays.FloatingArray):
        return "float_masked", _masked(array, np.float64)
    if isinstance(array, pd.arrays.IntegerArray) and not (
            dtype.kind == "u" and len(series) and int(series.max()) > np.iinfo(np.int64).max):
        return "int_masked", _masked(array, np.int64)
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
    out = result_frame(policy, result, frame.index)
    for message in column_warnings(policy, frame, result.input_failures):
        # stacklevel: warn at the caller of Policy.evaluate_many
        warnings.warn(message, ColumnWarning, stacklevel=4)
    return out, result.warning


# The days (since 1970-01-01) a datetime64[ns] column holds: 1677-09-22 to 2262-04-11.
_NS_FIRST_DAY, _NS_LAST_DAY = -106_751, 106_751


#: The columns every result frame ends with, after the outputs.
ERROR_COLUMNS = ("error", "error_code", "error_field")


def result_frame(policy: Policy, result: _ssprules.BatchResult, index: Any) -> pandas.DataFrame:
    """The engine's result columns as a DataFrame: one column per output, then `error`
    (``"CODE: message"``), `error_code` and `error_field` (the first problem of the record;
    None when decided, and `error_field` None when no field is at fault). Its dtypes never
    depend on the data (they are those of `empty_result_frame`): a date output that
    datetime64[ns] cannot hold makes its record an error (SR1019) with every output missing.
    Each distinct error is one Python object, shared by every row that has it."""
    import pandas as pd
    table: List[Tuple[str, str, str]] = [(e.code, e.message, e.field) for e in result.error_table]
    error_of = result.error_of
    decided = error_of < 0
    for column in result.outputs:
        if column.kind != "date":
            continue
        values = column.values
        outside = ((column.states == _STATE_PRESENT)
                   & ((values < _NS_FIRST_DAY) | (values > _NS_LAST_DAY)))
        outside &= decided
        if outside.any():
            error_of = np.where(outside, len(table), error_of)
            table.append(("SR1019", f"output `{column.name}` is a date outside what a pandas "
                          "datetime64[ns] column holds (1677-09-22 to 2262-04-11); "
                          "Policy.evaluate() gives it as a datetime.date", column.name))
        decided &= ~outside
    # one object per distinct error
    error_texts = np.array([f"{c}: {m}" for c, m, _ in table], dtype=object)
    error_codes = np.array([c for c, _, _ in table], dtype=object)
    error_fields = np.array([f or None for _, _, f in table], dtype=object)
    def objects(array: Any) -> Any:
        # an object column as it is: pandas would otherwise look for dates in it, cell by cell
        return pd.Series(array, index=index, dtype=object, copy=False)

    data: Dict[str, Any] = {}
    for column, field in zip(result.outputs, policy.outputs):
        name, kind, values = column.name, column.kind, column.values
        present = (column.states == _STATE_PRESENT) & decided
        if kind == "bool":
            data[name] = pd.arrays.BooleanArray(values.astype(bool), ~present)
        elif kind == "integer":
            data[name] = pd.arrays.IntegerArray(values, ~present)
        elif kind == "decimal":
            data[name] = objects(_decimals(values, present))
        elif kind == "date":
            data[name] = _dates(values, present)
        elif kind == "enum":
            codes = np.where(present, values, -1)
            data[name] = pd.Categorical.from_codes(codes, dtype=_categories(field))
        else:  # strings and lists: Python objects already
            items = values if bool(decided.all()) else [
                v if p else None for v, p in zip(values, present.tolist())]
            data[name] = pd.array(items, dtype=object) if kind == "list" else objects(items)
    failed = np.flatnonzero(~decided)  # only those rows are read (an object array is None)
    for name, texts in zip(ERROR_COLUMNS, (error_texts, error_codes, error_fields)):
        cells = np.empty(len(error_of), dtype=object)
        cells[failed] = texts[error_of[failed]]
        data[name] = objects(cells)
    # the columns are new: the frame takes them as they are (pandas would otherwise copy each
    # into one block per dtype)
    return pd.DataFrame(data, index=index, copy=False)


@functools.lru_cache(maxsize=256)
def _category_dtype(values: Tuple[str, ...]) -> Any:
    import pandas as pd
    return pd.CategoricalDtype(list(values))


def _categories(field: Field) -> Any:
    """The CategoricalDtype of an enum output: its values in the policy's order (made once)."""
    return _category_dtype(tuple(field.values))


def _decimals(micros: npt.NDArray[np.int64], present: npt.NDArray[np.bool_]) -> Any:
    """A decimal output as an object array of exact decimal.Decimal (None where missing): one
    Decimal per distinct value, shared by the rows that have it."""
    out = np.full(len(micros), None, dtype=object)
    if present.any():
        distinct, inverse = np.unique(micros[present], return_inverse=True)
        objects = np.empty(len(distinct), dtype=object)
        objects[:] = [_ssprules.decimal_of(int(v)) for v in distinct.tolist()]
        out[present] = objects[inverse]
    return out


_NS_PER_DAY = 86_400_000_000_000
_NAT = np.iinfo(np.int64).min  # NaT as datetime64[ns] stores it


def _dates(days: npt.NDArray[np.int64], present: npt.NDArray[np.bool_]) -> Any:
    # only days datetime64[ns] holds are present here (result_frame made the others errors)
    return np.where(present, days * _NS_PER_DAY, _NAT).view("datetime64[ns]")


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
            made: Dict[int, Decimal] = {}
            items = [_decimal(v, made) if p else None for v, p in zip(raw, present)]
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
        elif field.kind == "decimal":  # exact: decimal.Decimal objects
            data[field.name] = np.array([], dtype=object)
        elif field.kind == "date":
            data[field.name] = np.array([], dtype="datetime64[ns]")
        elif field.kind == "enum":
            data[field.name] = pd.Categorical.from_codes([], dtype=_categories(field))
        else:
            data[field.name] = np.array([], dtype=object)
    for name in ERROR_COLUMNS:
        data[name] = np.array([], dtype=object)
    return pd.DataFrame(data)


def _decimal(micros: int, made: Dict[int, Decimal]) -> Decimal:
    found = made.get(micros)
    if found is None:
        found = made[micros] = _ssprules.decimal_of(micros)
    return found


# ---- one warning for a column that mostly fails the same way

#: A column "mostly fails" when more than this share of the rows has the same problem with it,
#: and at least MIN_RECORDS rows do (a few rows' errors are read row by row).
MOSTLY = 0.5
MIN_RECORDS = 10

# date layouts a register export often has, and the format that reads them
_DATE_LAYOUTS = (
    (re.compile(r"^\d{1,2}-\d{1,2}-\d{4}$"), "%d-%m-%Y", "dd-mm-yyyy"),
    (re.compile(r"^\d{1,2}/\d{1,2}/\d{4}$"), "%d/%m/%Y", "dd/mm/yyyy"),
    (re.compile(r"^\d{1,2}\.\d{1,2}\.\d{4}$"), "%d.%m.%Y", "dd.mm.yyyy"),
    (re.compile(r"^\d{4}/\d{1,2}/\d{1,2}$"), "%Y/%m/%d", "yyyy/mm/dd"),
    (re.compile(r"^\d{8}$"), "%Y%m%d", "yyyymmdd"),
    (re.compile(r"^\d{4}-\d{2}-\d{2}[ T]\d"), None, "a date and a time"),
)


def _sample(series: Any, count: int = 200) -> List[Any]:
    """Up to `count` of the column's present values (the problem is in most of them)."""
    values = series.iloc[:count * 10].dropna()  # most columns are mostly present
    if len(values) < count:
        values = series.dropna()
    sample: List[Any] = values.iloc[:count].tolist()
    return sample


def _is_text(values: Sequence[Any]) -> bool:
    return bool(values) and all(isinstance(v, str) for v in values)


def _date_layout(values: Sequence[Any]) -> Optional[Tuple[Optional[str], str]]:
    """The (strptime format, description) most of `values` follow; dd/mm or mm/dd by which part
    goes above 12."""
    texts = [str(v).strip() for v in values]
    for pattern, fmt, described in _DATE_LAYOUTS:
        if sum(1 for t in texts if pattern.match(t)) * 2 > len(texts):
            if fmt is not None and fmt.startswith("%d"):
                parts = [re.split(r"[-/.]", t) for t in texts if pattern.match(t)]
                if any(int(p[1]) > 12 for p in parts) and not any(int(p[0]) > 12 for p in parts):
                    sep = fmt[2]
                    fmt, described = f"%m{sep}%d{sep}%Y", f"mm{sep}dd{sep}yyyy"
            return fmt, described
    return None


def _conversion(field: Field, series: Any, code: str) -> Optional[str]:
    """The pandas conversion that makes most of `series` readable as `field`'s type, as code
    to paste (`df` is the caller's frame), or None when no conversion would help (a value out
    of range, a missing column)."""
    import pandas as pd
    col = f"df[{field.name!r}]".replace("'", '"')
    dtype = series.dtype
    values = _sample(series)
    if not values or code in ("SR1004", "SR1001"):
        return None
    numeric = pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_bool_dtype(dtype)
    if field.kind == "date":
        if pd.api.types.is_datetime64_any_dtype(dtype):
            if getattr(dtype, "tz", None) is not None:
                return f"{col}.dt.tz_localize(None).dt.normalize()"
            return f"{col}.dt.normalize()  # keep the date, drop the time of day"
        if numeric:
            return f'pd.to_datetime({col}.astype("Int64").astype("string"), format="%Y%m%d")'
        if _is_text(values):
            layout = _date_layout(values)
            if layout is not None and layout[0] is not None:
                return f'pd.to_datetime({col}, format="{layout[0]}")'
            if layout is not None:
                return f"pd.to_datetime({col}).dt.normalize()  # keep the date, drop the time"
            return f'pd.to_datetime({col}, format="...")  # the format of its dates'
        return None
    if field.kind == "enum":
        allowed = list(field.values)
        if numeric:
            if allowed and all(v.lstrip("-").isdigit() for v in allowed):
                return f'{col}.astype("Int64").astype("string")'
            codes = sorted({int(v) for v in values if float(v).is_integer()})[:len(allowed)]
            mapping = ", ".join(f"{c}: {v!r}" for c, v in zip(codes, allowed)).replace("'", '"')
            return f"{col}.map({{{mapping}}})  # each number to its value"
        if _is_text(values):
            lowered = {v.lower(): v for v in allowed}
            if all(str(v).strip().lower() in lowered for v in values):
                if all(v == v.lower() for v in allowed):
                    return f"{col}.str.strip().str.lower()"
                if all(v == v.upper() for v in allowed):
                    return f"{col}.str.strip().str.upper()"
                mapping = ", ".join(f"{v.lower()!r}: {v!r}" for v in allowed).replace("'", '"')
                return f"{col}.str.strip().str.lower().map({{{mapping}}})"
        return None
    if field.kind == "integer":
        if pd.api.types.is_float_dtype(dtype):
            return f'{col}.round().astype("Int64")  # whole numbers'
        if _is_text(values):
            return f'pd.to_numeric({col}.str.strip()).astype("Int64")'
        return None
    if field.kind == "decimal":
        if _is_text(values):
            if any("," in v for v in values):
                return f'pd.to_numeric({col}.str.replace(",", ".", regex=False))'
            return f"pd.to_numeric({col})"
        return None
    if field.kind == "bool":
        if _is_text(values):
            distinct = sorted({v.strip() for v in values})
            true_words = {"true", "yes", "ja", "y", "j", "1", "t", "x"}
            false_words = {"false", "no", "nej", "n", "0", "f", ""}
            if all(v.lower() in true_words | false_words for v in distinct):
                mapping = ", ".join(f"{v!r}: {v.lower() in true_words}" for v in distinct)
                return (f"{col}.str.strip().map({{{mapping}}}).astype(\"boolean\")"
                        .replace("'", '"'))
            return None
        if numeric:
            return f'{col}.astype("boolean")  # 0 and 1'
        return None
    if field.kind == "string" and numeric:
        return f'{col}.astype("Int64").astype("string")' if pd.api.types.is_integer_dtype(
            dtype) else f'{col}.astype("string")'
    return None


def column_warnings(policy: Policy, frame: Any,
                    failures: Sequence[_ssprules.InputFailure]) -> List[str]:
    """One message per input that more than half of the rows (and at least MIN_RECORDS) fail
    in the same way (same error code): the column, how many records, the error, and the conversion that fixes it when one
    does. The rows keep their own errors; the message says what they have in common."""
    rows = len(frame)
    if rows == 0:
        return []
    by_name = {f.name: f for f in policy.inputs}
    columns = {str(c): i for i, c in enumerate(frame.columns)}
    out = []
    for failure in failures:
        if (failure.records <= rows * MOSTLY or failure.records < MIN_RECORDS
                or failure.field not in by_name):
            continue
        field = by_name[failure.field]
        head = (f"column `{failure.field}`: {failure.records:,} of {rows:,} records fail with "
                f"{failure.code} ({failure.message})")
        if failure.field not in columns:
            out.append(f"{head}; the frame has no column `{failure.field}`: add it, or make the "
                       "input optional in the policy")
            continue
        series = frame.iloc[:, columns[failure.field]]
        fix = _conversion(field, series, failure.code)
        if fix is not None:
            out.append(f'{head}; convert the column first: df["{failure.field}"] = {fix}')
        else:
            out.append(f"{head}; the column is {series.dtype}: check its values against the "
                       f"input's type `{field.type}`")
    return out
