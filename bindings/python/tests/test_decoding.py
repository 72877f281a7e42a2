"""The decoding matrix (tests/decoding/matrix.jsonl: the table "How records are read" in
docs/rule-language.md, row by row) through every front end: `ssprules eval` of a CSV file and of
a JSON Lines file, `Policy.evaluate`, `Policy.evaluate_many` of a list of mappings and of a
DataFrame (the value alone in its column, and above a missing value, as pandas reads a column
with blanks). The C++ decoder reads the same rows in tests/unit/decoding_test.cpp. Every front
end must give each row its expected value or error code: one table, one decoder."""

import csv
import datetime  # noqa: F401  (the matrix's Python values use these modules)
import decimal
import io
import json
import math
import subprocess
import warnings

import numpy  # noqa: F401
import pandas
import pytest

import ssprules

AS_OF = "2025-03-01"
FIELDS = ["flag", "n", "big", "amount", "name", "status", "born", "as_of"]


def _rows(root):
    with open(root / "tests" / "decoding" / "matrix.jsonl", encoding="utf-8") as f:
        return [dict(json.loads(line), line=number)
                for number, line in enumerate(f, 1) if line.strip()]


@pytest.fixture(scope="module")
def matrix(root):
    return _rows(root)


@pytest.fixture(scope="module")
def policy(root):
    return ssprules.load(root / "tests" / "decoding" / "policy.yaml")


def _expected(row, beside_a_blank=False):
    e = row["blank_expect"] if beside_a_blank and "blank_expect" in row else row["expect"]
    # decimals are exact decimal.Decimal outputs: read the matrix's numbers exactly too
    return ("error", e) if e.startswith("SR") else ("value", json.loads(e, parse_float=decimal.Decimal))


def _output(field):
    return "on" if field == "as_of" else f"out_{field}"


def _plain(v):
    """A value as the matrix writes it: None, bool, int, float, str (dates as ISO text)."""
    if v is None or v is pandas.NA or v is pandas.NaT:
        return None
    if isinstance(v, float) and math.isnan(v):
        return None
    if isinstance(v, (pandas.Timestamp, datetime.datetime)):
        return v.date().isoformat()
    if isinstance(v, datetime.date):
        return v.isoformat()
    if hasattr(v, "item"):  # numpy scalars
        return _plain(v.item())
    return v


def _python_value(row):
    return eval(row["python"], {"datetime": datetime, "decimal": decimal, "numpy": numpy,  # noqa: S307
                                "pandas": pandas, "float": float})


def _check(got, row, front_end, beside_a_blank=False):
    assert got == _expected(row, beside_a_blank), (f"matrix.jsonl:{row['line']} ({row['field']}) "
                                   f"through {front_end}: got {got}, expected {row['expect']}")


def _from_json_line(line, field):
    out = json.loads(line, parse_float=decimal.Decimal)
    if "error" in out:
        return ("error", out["error"]["code"])
    return ("value", out[_output(field)])


def _cli(cli, root, policy_file, name, text, tmp_path):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8", newline="")
    run = subprocess.run([str(cli), "eval", str(policy_file), str(path), "--as-of", AS_OF],
                         capture_output=True, text=True)
    assert run.returncode in (0, 1), run.stderr
    return run.stdout.splitlines()


def test_cli_csv(matrix, cli, root, tmp_path):
    rows = [r for r in matrix if "csv" in r]
    lines = ["id," + ",".join(FIELDS)]
    for r in rows:
        cells = [r["csv"] if f == r["field"] else "" for f in FIELDS]
        lines.append(f"row-{r['line']}," + ",".join(cells))
    out = _cli(cli, root, root / "tests" / "decoding" / "policy.yaml", "matrix.csv",
               "\n".join(lines) + "\n", tmp_path)
    assert len(out) == len(rows), "one result per record"
    for r, line in zip(rows, out):
        assert json.loads(line)["id"] == f"row-{r['line']}"
        _check(_from_json_line(line, r["field"]), r, "ssprules eval (CSV)")


def test_cli_json_lines(matrix, cli, root, tmp_path):
    rows = [r for r in matrix if "json" in r]
    text = "".join(f'{{"id": "row-{r["line"]}", "{r["field"]}": {r["json"]}}}\n' for r in rows)
    out = _cli(cli, root, root / "tests" / "decoding" / "policy.yaml", "matrix.jsonl", text,
               tmp_path)
    assert len(out) == len(rows), "one result per record"
    for r, line in zip(rows, out):
        _check(_from_json_line(line, r["field"]), r, "ssprules eval (JSON Lines)")


def test_evaluate(matrix, policy):
    for r in (r for r in matrix if "python" in r):
        try:
            d = policy.evaluate({"id": "r", r["field"]: _python_value(r)}, as_of=AS_OF)
            got = ("value", _plain(d[_output(r["field"])]))
        except ssprules.RecordError as e:
            got = ("error", e.code)
        _check(got, r, f"Policy.evaluate({r['python']})")


def test_evaluate_many_of_mappings(matrix, policy):
    rows = [r for r in matrix if "python" in r]
    decisions = policy.evaluate_many([{r["field"]: _python_value(r)} for r in rows], as_of=AS_OF)
    assert len(decisions) == len(rows)
    for r, d in zip(rows, decisions):
        got = ("error", d.error.code) if d.error else ("value", _plain(d[_output(r["field"])]))
        _check(got, r, f"Policy.evaluate_many([{{...: {r['python']}}}])")


def _frame_outcome(result, field):
    error = result.loc[0, "error"]
    if error is not None:
        return ("error", error.split(":")[0])
    return ("value", _plain(result.loc[0, _output(field)]))


@pytest.mark.parametrize("beside_a_blank", [False, True])
def test_evaluate_many_of_data_frames(matrix, policy, beside_a_blank):
    for r in (r for r in matrix if "python" in r):
        value = _python_value(r)
        column = [value, None] if beside_a_blank else [value]
        frame = pandas.DataFrame({r["field"]: pandas.Series(column)})
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # the matrix's columns are all inputs
            result = policy.evaluate_many(frame, as_of=AS_OF)
        got = _frame_outcome(result, r["field"])
        _check(got, r, f"Policy.evaluate_many(DataFrame {frame[r['field']].dtype} "
                       f"of {r['python']}{' and None' if beside_a_blank else ''})", beside_a_blank)
