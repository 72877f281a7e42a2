#!/usr/bin/env python3
"""evaluate_many on typed and object DataFrames against `ssprules bench`, on the same records,
one thread each, in the same run (issue 15, item 10); and a register full of errors against a
clean one (item 3).

    PYTHONPATH=build/python /usr/bin/python3 bench/python_frames.py [--records N] [--ssprules build/ssprules]
    PYTHONPATH=build/python /usr/bin/python3 bench/python_frames.py --errors {compare,clean,broken} [--records N]

The register is the Copenhagen sample (examples/copenhagen-cases.csv) repeated to N records
(default 200,000) with distinct ids, written to a temporary CSV that `ssprules bench` reads too.
Frames, all of the same records (threads=1, median of --repeat runs after one warm-up):

  typed      dates datetime64[ns], `category` Int64, flags boolean, enums category: what
             `pd.read_csv(..., parse_dates=..., dtype=...)` or a typed export gives;
  objects    every column object, of Python values (Timestamp, int, bool, str, None);
  as read    `pd.read_csv(csv)` as it comes: dates and enums str objects, `category` float64,
             flags object (bools and NaN);

and `ssprules bench POLICY CSV --threads 1` (it decodes the records before its clock starts and
times `evaluate_batch` alone). Target: typed within 3x of `ssprules bench`.

With --errors compare, evaluate_many(threads=1) of a frame as read (object columns) clean and
with every row broken (birth_date written dd-mm-yyyy, benefit_status in capitals: two input
errors per record), in the same run. Target: broken at most 2x clean. With --errors clean or
--errors broken, one evaluate_many of either: run it under `/usr/bin/time -v` for the peak RSS
(target: at most 2x, beyond the frame itself).

This is a benchmark, not a test: the figures depend on the machine and on what else runs.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

import pandas as pd

import ssprules

ROOT = Path(__file__).resolve().parents[1]
POLICY = ROOT / "rules" / "copenhagen" / "ssp-plus.yaml"
SAMPLE = ROOT / "examples" / "copenhagen-cases.csv"
AS_OF = "2024-06-01"
TARGET_RATIO = 3.0
DATES = ["as_of", "birth_date", "plan_approved_on"]
FLAGS = ["assessed_category_3_or_4", "local_offer_signal"]
ENUMS = ["state_signal", "benefit_status"]


def write_register(records: int, path: Path) -> None:
    sample = pd.read_csv(SAMPLE, dtype=str, keep_default_na=False)
    repeats = -(-records // len(sample))
    frame = pd.concat([sample] * repeats, ignore_index=True).iloc[:records].copy()
    frame["id"] = [f"case-{i:07d}" for i in range(records)]
    frame.to_csv(path, index=False)


def typed_frame(csv: Path) -> pd.DataFrame:
    frame = pd.read_csv(csv, parse_dates=DATES,
                        dtype={"category": "Int64", **{e: "category" for e in ENUMS}})
    for flag in FLAGS:
        frame[flag] = frame[flag].astype("boolean")
    return frame


def object_frame(typed: pd.DataFrame) -> pd.DataFrame:
    return typed.astype(object).where(typed.notna(), None)


def median_seconds(fn, repeat: int) -> float:
    fn()  # warm-up
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def cpp_bench(ssprules_exe: Path, csv: Path) -> dict:
    proc = subprocess.run([str(ssprules_exe), "bench", str(POLICY), str(csv), "--as-of", AS_OF,
                           "--threads", "1"], check=True, capture_output=True, text=True)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def register_as_read(records: int) -> pd.DataFrame:
    """The register as `pd.read_csv` gives it."""
    with tempfile.TemporaryDirectory(prefix="ssprules-errors-") as tmp:
        csv = Path(tmp) / "register.csv"
        write_register(records, csv)
        return pd.read_csv(csv)


def broken_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Every row with two input errors: birth_date written dd-mm-yyyy, benefit_status in capitals."""
    broken = frame.copy()
    broken["birth_date"] = pd.to_datetime(broken["birth_date"]).dt.strftime("%d-%m-%Y")
    broken["benefit_status"] = broken["benefit_status"].str.upper()
    return broken


def errors_compare(records: int, repeat: int) -> int:
    """The clean and the broken register in the same run (median of `repeat`): the ratio."""
    policy = ssprules.load(POLICY)
    clean = register_as_read(records)
    frames = {"clean": clean, "broken": broken_frame(clean)}
    seconds = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ssprules.ColumnWarning)
        for label, frame in frames.items():
            seconds[label] = median_seconds(
                lambda f=frame: policy.evaluate_many(f, as_of=AS_OF, threads=1), repeat)
            print(f"  evaluate_many, {label:<7} {records / seconds[label]:>12,.0f} records/s   "
                  f"({seconds[label] * 1e3:7.1f} ms)")
    ratio = seconds["broken"] / seconds["clean"]
    print(f"  broken / clean {ratio:5.2f}x; target at most 2x: {'met' if ratio <= 2 else 'MISSED'}")
    print(json.dumps({"records": records, "seconds": {k: round(v, 4) for k, v in seconds.items()},
                      "ratio": round(ratio, 2), "within_2x": ratio <= 2}))
    return 0


def errors_run(records: int, mode: str) -> int:
    """One evaluate_many of a clean or a broken register (for /usr/bin/time -v)."""
    policy = ssprules.load(POLICY)
    frame = register_as_read(records)
    if mode == "broken":
        frame = broken_frame(frame)
    start = time.perf_counter()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = policy.evaluate_many(frame, as_of=AS_OF, threads=1)
    seconds = time.perf_counter() - start
    errors = int(result["error"].notna().sum())
    print(json.dumps({"mode": mode, "records": records, "evaluate_many_seconds": round(seconds, 4),
                      "records_per_second": round(records / seconds), "errors": errors,
                      "warnings": [str(w.message)[:100] for w in caught]}))
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--ssprules", type=Path, default=ROOT / "build" / "ssprules",
                        help="the ssprules CLI (default build/ssprules)")
    parser.add_argument("--errors", choices=("compare", "clean", "broken"),
                        help="compare: time a clean and a broken register (median of --repeat);"
                             " clean, broken: one evaluate_many of either (for the peak RSS)")
    args = parser.parse_args()
    if args.records <= 0 or args.repeat <= 0:
        parser.error("--records and --repeat must be positive")
    if args.errors == "compare":
        return errors_compare(args.records, args.repeat)
    if args.errors:
        return errors_run(args.records, args.errors)

    policy = ssprules.load(POLICY)
    print(f"ssprules {ssprules.__version__} from {Path(ssprules.__file__).parent}; "
          f"pandas {pd.__version__}; policy {POLICY.relative_to(ROOT)}; as_of {AS_OF}; "
          f"{args.records:,} records; threads=1; median of {args.repeat}")
    with tempfile.TemporaryDirectory(prefix="ssprules-frames-") as tmp:
        csv = Path(tmp) / "register.csv"
        write_register(args.records, csv)
        typed = typed_frame(csv)
        frames = {"typed": typed, "objects": object_frame(typed), "as read": pd.read_csv(csv)}
        rates = {}
        for label, frame in frames.items():
            seconds = median_seconds(
                lambda f=frame: policy.evaluate_many(f, as_of=AS_OF, threads=1), args.repeat)
            rates[label] = len(frame) / seconds
            kinds = sorted({str(t) for t in frame.dtypes})
            print(f"  evaluate_many, {label:<8} {rates[label]:>12,.0f} records/s   "
                  f"({seconds * 1e3:7.1f} ms; dtypes {', '.join(kinds)})")
        check = policy.evaluate_many(typed, as_of=AS_OF, threads=1)
        assert check["error"].isna().all(), check["error"].dropna().unique()[:3]
        cpp = cpp_bench(args.ssprules, csv)
        print(f"  ssprules bench           {cpp['records_per_second']:>12,.0f} records/s   "
              f"({cpp['seconds'] * 1e3:7.1f} ms; evaluate_batch on decoded records)")
    ratios = {label: cpp["records_per_second"] / rate for label, rate in rates.items()}
    for label, ratio in ratios.items():
        print(f"  ssprules bench / {label:<8} {ratio:6.2f}x")
    met = ratios["typed"] <= TARGET_RATIO
    print(f"  target: typed within {TARGET_RATIO:g}x: {'met' if met else 'MISSED'}")
    print(json.dumps({"records": args.records,
                      "records_per_second": {k: round(v) for k, v in rates.items()},
                      "cpp_bench_records_per_second": round(cpp["records_per_second"]),
                      "ratios": {k: round(v, 2) for k, v in ratios.items()},
                      "typed_within_3x": met}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
