#!/usr/bin/env python3
"""Throughput of the Python bindings against the C++ batch, on the Copenhagen policy.

    PYTHONPATH=build/python /usr/bin/python3 bench/python_bench.py [--records N] [--ssprules build/ssprules]

Measures, all on as_of 2024-06-01 and the synthetic register of `build/bench/make_register`
(bench/copenhagen_workload.hpp):

  (a) `Policy.evaluate` on single records (dicts made from the register): median time per call;
  (b) `Policy.evaluate_many` on the register read into a pandas DataFrame, threads=1 and
      threads=0 (one per core); reading the CSV is timed separately;
  (c) the C++ batch: `ssprules bench POLICY CSV --as-of 2024-06-01 --threads 1` (records are
      decoded before its clock starts: it times `evaluate_batch` alone);

then the ratio C++/Python for evaluate_many, and, when evaluate_many is more than 3x slower than
the C++ batch, where its time goes (the column conversions, `_core.evaluate_columns` and
`result_frame` timed apart, and `evaluate_columns` on variants of the frame). The last line is
a JSON summary. Targets (from the issue): evaluate_many within 3x of the C++ batch; a single
evaluate under 5 µs.

This is a benchmark, not a test: the figures depend on the machine and on what else runs.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

import ssprules
from ssprules import _frames

ROOT = Path(__file__).resolve().parents[1]
POLICY = ROOT / "rules" / "copenhagen" / "ssp-plus.yaml"
AS_OF = "2024-06-01"
TARGET_RATIO = 3.0
TARGET_SINGLE_US = 5.0


def median_seconds(fn, repeat: int, warmup: int = 1):
    """(median, all timings) of `fn()` over `repeat` runs after `warmup` untimed ones."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), times


class cpu_usage:
    """User and system CPU seconds and minor page faults of one run of `fn()`."""

    def __init__(self, fn):
        before = resource.getrusage(resource.RUSAGE_SELF)
        start = time.perf_counter()
        fn()
        self.wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_SELF)
        self.user = after.ru_utime - before.ru_utime
        self.system = after.ru_stime - before.ru_stime
        self.faults = after.ru_minflt - before.ru_minflt

    def __str__(self) -> str:
        return (f"wall {self.wall * 1e3:7.1f} ms: user {self.user * 1e3:7.1f} ms, system "
                f"{self.system * 1e3:7.1f} ms, {self.faults:,} page faults")


def fmt_rate(records: int, seconds: float) -> str:
    return f"{records / seconds:>13,.0f} records/s"


def make_register(records: int, make_register_exe: Path, build_dir: Path, path: Path) -> float:
    if not make_register_exe.exists():
        print(f"building {make_register_exe.name} ...", flush=True)
        subprocess.run(["cmake", "--build", str(build_dir), "-j2", "--target", "make_register"],
                       check=True, stdout=subprocess.DEVNULL)
    start = time.perf_counter()
    with open(path, "wb") as out:
        subprocess.run([str(make_register_exe), str(records)], stdout=out, check=True)
    return time.perf_counter() - start


def single_records(frame: pd.DataFrame, count: int) -> list:
    """The first `count` rows as the dicts an application would pass: absent fields left out,
    whole numbers as int, dates as ISO strings."""
    out = []
    for row in frame.head(count).to_dict("records"):
        record = {}
        for name, value in row.items():
            if value is None or (isinstance(value, float) and math.isnan(value)):
                continue
            if isinstance(value, float) and value.is_integer():
                value = int(value)
            record[name] = value
        out.append(record)
    return out


def bench_single(policy, records: list, repeat: int) -> dict:
    core = policy._core
    evaluate = policy.evaluate

    def public():
        for r in records:
            evaluate(r, AS_OF)

    def raw():  # the extension call alone: no Decision, no explainer closure
        for r in records:
            core.evaluate(r, AS_OF, False)

    med, times = median_seconds(public, repeat)
    med_raw, _ = median_seconds(raw, repeat)
    n = len(records)
    return {"us_per_call": med / n * 1e6, "best_us_per_call": min(times) / n * 1e6,
            "core_us_per_call": med_raw / n * 1e6, "records_per_second": n / med}


def cpp_bench(ssprules_exe: Path, csv: Path, threads: int) -> dict:
    proc = subprocess.run([str(ssprules_exe), "bench", str(POLICY), str(csv), "--as-of", AS_OF,
                           "--threads", str(threads)],
                          check=True, capture_output=True, text=True)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def profile_evaluate_many(policy, frame: pd.DataFrame, repeat: int, cpp_seconds: float) -> dict:
    """Where `evaluate_many(frame, threads=1)` spends its time, stage by stage, as
    `_frames.evaluate_frame` runs them."""
    names = [str(c) for c in frame.columns]
    conv_times = {}
    kinds, arrays = [], []
    for position, name in enumerate(names):
        start = time.perf_counter()
        kind, array = _frames._column_for_engine(frame.iloc[:, position])
        conv_times[name] = (kind, time.perf_counter() - start)
        kinds.append(kind)
        arrays.append(array)
    convert = sum(t for _, t in conv_times.values())

    def columns(frame_names=names, frame_kinds=kinds, frame_arrays=arrays):
        return policy._core.evaluate_columns(frame_names, frame_kinds, frame_arrays, len(frame),
                                             AS_OF, 1)

    core_s, _ = median_seconds(columns, repeat)
    result = columns()
    whole_usage = cpu_usage(columns)
    frame_s, _ = median_seconds(lambda: _frames.result_frame(policy, result, frame.index), repeat)
    total = convert + core_s + frame_s

    print("\n== profile: evaluate_many(threads=1), stage by stage (median of "
          f"{repeat}; one run of the column conversions)")
    print(f"  _column_for_engine, all columns  {convert * 1e3:9.1f} ms  {convert / total:6.1%}")
    for name, (kind, t) in conv_times.items():
        print(f"      {name:<28} {kind:<8} {t * 1e3:8.2f} ms")
    print(f"  _core.evaluate_columns           {core_s * 1e3:9.1f} ms  {core_s / total:6.1%}"
          "   (objects -> fields, decode, pack, evaluate_batch, result columns)")
    print(f"      of which evaluate_batch as the C++ bench times it: ~{cpp_seconds * 1e3:.1f} ms;"
          f" the rest ~{max(core_s - cpp_seconds, 0) * 1e3:.1f} ms")
    print(f"  result_frame                     {frame_s * 1e3:9.1f} ms  {frame_s / total:6.1%}")

    # the same arrays in blocks: is it the work, or the size of one call (memory)?
    block = 65_536

    def blocks():
        for start in range(0, len(frame), block):
            part = [a[start:start + block] for a in arrays]
            policy._core.evaluate_columns(names, kinds, part, len(part[0]), AS_OF, 1)

    blocks_s, _ = median_seconds(blocks, repeat)
    blocks_usage = cpu_usage(blocks)
    print("  evaluate_columns(threads=1), CPU time of one run (user / system, minor page faults):")
    one = f"one call of {len(frame):,} rows"
    many_calls = f"{math.ceil(len(frame) / block)} calls of {block:,} rows"
    print(f"      {one:<30} {whole_usage}")
    print(f"      {many_calls:<30} {blocks_usage}")
    print(f"      {many_calls:<30} median {blocks_s * 1e3:7.1f} ms  {fmt_rate(len(frame), blocks_s)}")

    def chunked_many():
        return pd.concat([policy.evaluate_many(frame.iloc[s:s + block], as_of=AS_OF, threads=1)
                          for s in range(0, len(frame), block)])

    chunked_s, _ = median_seconds(chunked_many, repeat)
    print(f"  workaround: pd.concat(evaluate_many on {block:,}-row slices)  {chunked_s * 1e3:8.1f} ms"
          f"  {fmt_rate(len(frame), chunked_s)}")

    # evaluate_columns on variants of the frame: what each kind of column costs inside C++
    variants = {}
    base = frame
    parsed = base.copy()
    for c in ("birth_date", "plan_approved_on"):
        if c in parsed:
            parsed[c] = pd.to_datetime(parsed[c])
    typed = parsed.copy()
    for c in ("assessed_category_3_or_4", "local_offer_signal"):
        if c in typed:
            typed[c] = typed[c].fillna(False).astype(bool)
    if "category" in typed:
        typed["category"] = typed["category"].astype("Int64")
    cases = [
        ("as read (dates are str objects)", base),
        ("without the id column", base.drop(columns=["id"], errors="ignore")),
        ("dates as datetime64[ns]", parsed),
        ("dates datetime64, bools bool, category Int64", typed),
        ("as above, without the id column", typed.drop(columns=["id"], errors="ignore")),
        ("only birth_date (datetime64) + benefit_status", typed[["birth_date", "benefit_status"]]),
    ]
    print("  evaluate_columns(threads=1) on variants of the frame:")
    for label, variant in cases:
        vn = [str(c) for c in variant.columns]
        conv = [_frames._column_for_engine(variant.iloc[:, i]) for i in range(variant.shape[1])]
        vk = [k for k, _ in conv]
        va = [a for _, a in conv]
        t, _ = median_seconds(lambda: policy._core.evaluate_columns(vn, vk, va, len(variant),
                                                                   AS_OF, 1), repeat)
        variants[label] = t
        print(f"      {label:<46} {t * 1e3:8.1f} ms  {fmt_rate(len(variant), t)}")
    return {"convert_s": convert, "evaluate_columns_s": core_s, "result_frame_s": frame_s,
            "evaluate_columns_blocks_s": blocks_s, "chunked_evaluate_many_s": chunked_s,
            "evaluate_columns_variants_s": variants}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=1_000_000,
                        help="rows of the register for evaluate_many and the C++ batch (default 1000000)")
    parser.add_argument("--ssprules", type=Path, default=ROOT / "build" / "ssprules",
                        help="the ssprules CLI (default build/ssprules)")
    parser.add_argument("--make-register", type=Path,
                        default=ROOT / "build" / "bench" / "make_register",
                        help="the register generator (default build/bench/make_register; built if missing)")
    parser.add_argument("--single", type=int, default=20_000,
                        help="records per repetition of the single-record benchmark (default 20000)")
    parser.add_argument("--repeat", type=int, default=5,
                        help="timed repetitions of each measurement; the median is reported (default 5)")
    parser.add_argument("--profile", choices=("auto", "always", "never"), default="auto",
                        help="profile evaluate_many: when it misses the 3x target (auto), always or never")
    args = parser.parse_args()
    if args.records <= 0 or args.single <= 0 or args.repeat <= 0:
        parser.error("--records, --single and --repeat must be positive")

    print(f"ssprules {ssprules.__version__} from {Path(ssprules.__file__).parent}")
    print(f"python {sys.version.split()[0]}, pandas {pd.__version__}, numpy {np.__version__}, "
          f"{os.cpu_count()} cores; policy {POLICY.relative_to(ROOT)}; as_of {AS_OF}")
    policy = ssprules.load(POLICY)
    summary = {"records": args.records, "as_of": AS_OF}

    with tempfile.TemporaryDirectory(prefix="ssprules-bench-") as tmp:
        csv = Path(tmp) / "register.csv"
        made = make_register(args.records, args.make_register, args.make_register.parent.parent, csv)
        size_mb = csv.stat().st_size / 1e6
        print(f"\nregister: {args.records:,} records, {size_mb:.1f} MB, written in {made:.2f} s")

        start = time.perf_counter()
        frame = pd.read_csv(csv)
        read_s = time.perf_counter() - start
        print(f"pandas.read_csv                     {read_s:8.3f} s   {fmt_rate(len(frame), read_s)}"
              "   (not part of evaluate_many)")
        summary["read_csv_seconds"] = round(read_s, 4)

        # (a) single records
        records = single_records(frame, min(args.single, len(frame)))
        single = bench_single(policy, records, args.repeat)
        print(f"\n== (a) Policy.evaluate, one record per call ({len(records):,} dict records, "
              f"median of {args.repeat})")
        print(f"  Policy.evaluate(record, as_of)     {single['us_per_call']:8.2f} µs/call "
              f"(best {single['best_us_per_call']:.2f})   "
              f"{single['records_per_second']:>11,.0f} records/s")
        print(f"  of which _core.evaluate           {single['core_us_per_call']:8.2f} µs/call "
              "(the extension call, without the Decision)")
        print(f"  target < {TARGET_SINGLE_US:g} µs: "
              f"{'met' if single['us_per_call'] < TARGET_SINGLE_US else 'MISSED'}")
        summary["single_evaluate_us"] = round(single["us_per_call"], 3)
        summary["single_core_evaluate_us"] = round(single["core_us_per_call"], 3)

        # (b) evaluate_many
        print(f"\n== (b) Policy.evaluate_many on the DataFrame ({len(frame):,} rows, median of "
              f"{args.repeat} after one warm-up run)")
        many = {}
        for threads in (1, 0):
            start = time.perf_counter()
            out = policy.evaluate_many(frame, as_of=AS_OF, threads=threads)
            cold = time.perf_counter() - start
            med, _ = median_seconds(lambda: policy.evaluate_many(frame, as_of=AS_OF,
                                                                 threads=threads),
                                    args.repeat, warmup=0)
            errors = int(out["error"].notna().sum())
            many[threads] = med
            label = "threads=1" if threads == 1 else f"threads=0 ({os.cpu_count()} cores)"
            print(f"  {label:<22} {med:8.3f} s   {fmt_rate(len(frame), med)}   "
                  f"(first call {cold:.3f} s; {errors} records with errors)")
        summary["evaluate_many_rps_threads1"] = round(len(frame) / many[1])
        summary["evaluate_many_rps_threads0"] = round(len(frame) / many[0])

        # (c) the C++ batch
        print("\n== (c) C++ batch: ssprules bench (evaluate_batch on decoded records)")
        cpp = {}
        for threads in (1, 0):
            result = cpp_bench(args.ssprules, csv, threads)
            cpp[threads] = result
            print(f"  threads={threads} -> {json.dumps(result)}")
        summary["cpp_rps_threads1"] = round(cpp[1]["records_per_second"])
        summary["cpp_rps_threads0"] = round(cpp[0]["records_per_second"])

        ratio1 = cpp[1]["records_per_second"] / (len(frame) / many[1])
        ratio0 = cpp[0]["records_per_second"] / (len(frame) / many[0])
        print("\n== ratio C++ batch / Python evaluate_many (records per second)")
        print(f"  threads=1: {ratio1:6.2f}x   target <= {TARGET_RATIO:g}x: "
              f"{'met' if ratio1 <= TARGET_RATIO else 'MISSED'}")
        print(f"  threads=0: {ratio0:6.2f}x")
        summary["ratio_cpp_over_python_threads1"] = round(ratio1, 2)
        summary["ratio_cpp_over_python_threads0"] = round(ratio0, 2)

        if args.profile == "always" or (args.profile == "auto" and ratio1 > TARGET_RATIO):
            prof = profile_evaluate_many(policy, frame, args.repeat, cpp[1]["seconds"])
            summary["profile_threads1_seconds"] = {
                "column_for_engine": round(prof["convert_s"], 4),
                "evaluate_columns": round(prof["evaluate_columns_s"], 4),
                "result_frame": round(prof["result_frame_s"], 4),
                "evaluate_columns_in_65536_row_blocks": round(prof["evaluate_columns_blocks_s"], 4),
                "evaluate_many_on_65536_row_slices": round(prof["chunked_evaluate_many_s"], 4)}

    summary["targets"] = {"evaluate_many_within_3x": ratio1 <= TARGET_RATIO,
                          "single_evaluate_under_5us": single["us_per_call"] < TARGET_SINGLE_US}
    print()
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
