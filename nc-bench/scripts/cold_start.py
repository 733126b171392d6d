#!/usr/bin/env python3
"""Cold start of GEMM and the SVD, nc4j against EJML, each sample in a fresh JVM (issue 21).

Runs io.github.nc4j.bench.ColdStart (see its Javadoc and WarmUp's for the definitions) in K fresh
JVMs for each case and configuration: GEMM at n = 128, 512, 1024, single-precision GEMM at
n = 128 and 1024, and the SVD at n = 256 (--ops picks some of them); nc4j
with its defaults (all processors, the Vector API kernels, GEMM starting on the scalar kernels
until the SIMD ones are compiled), with one thread, with the scalar kernels, with the SIMD
kernels from the first call (-Dnc4j.warmup=false), and calling Blas.warmUp 1 s before the first
call (as a program that reads its data first), and EJML. Each round runs every case's configurations one after the other, in an order
rotated from one round to the next, so that nc4j and EJML alternate and the machine's drift
spreads over all. Writes every JSON line to RAW (one per JVM) and prints a Markdown table of
medians and ranges (the ranges over the K JVMs; "before steady" over those that converged), with
the nc4j / EJML ratios of the medians. Each JVM runs for SECONDS (5 by default, at least 15
calls): about 13 minutes in all with K = 5.

Usage: cold_start.py [--runs K] [--seconds S] [--raw FILE] [--jar JAR] [--java JAVA]
                     [--configs NAME ...] [--ops OP ...]
       cold_start.py --report FILE     (the table again, from a RAW file)
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.dirname(os.path.dirname(here))

# (operation, n) and the nc4j configurations beside EJML's: name -> extra JVM options
CASES = [("gemm", 128), ("gemm", 512), ("gemm", 1024), ("sgemm", 128), ("sgemm", 1024),
         ("svd", 256)]
CONFIGS = {
    "nc4j": ("nc4j", []),
    "nc4j 1 thread": ("nc4j", ["-Dnc4j.threads=1"]),
    "nc4j scalar": ("nc4j", ["-Dnc4j.kernels=scalar"]),
    "nc4j no warm-up": ("nc4j", ["-Dnc4j.warmup=false"]),
    # Blas.warmUp, then 1 s of something else (a program reading its data) before the first call
    "nc4j warmUp 1 s": ("nc4j", ["-Dcoldstart.warmUpThenSleepMs=1000"]),
    "EJML": ("ejml", []),
}


def run_one(args, config, op, n):
    library, options = CONFIGS[config]
    command = [args.java, "--add-modules", "jdk.incubator.vector", *options, "-cp", args.jar,
               "io.github.nc4j.bench.ColdStart", library, op, str(n), str(args.seconds)]
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    result = json.loads(out.strip().splitlines()[-1])
    result["config"] = config
    return result


def measure(args):
    results = []
    names = args.configs
    start = time.time()
    with open(args.raw, "w") as raw:
        for round_ in range(args.runs):
            order = names[round_ % len(names):] + names[:round_ % len(names)]
            for op, n in CASES:
                if op not in args.ops:
                    continue
                for config in order:
                    result = run_one(args, config, op, n)
                    result["round"] = round_
                    raw.write(json.dumps(result) + "\n")
                    raw.flush()
                    results.append(result)
            print(f"round {round_ + 1} of {args.runs} done after {time.time() - start:.0f} s",
                  file=sys.stderr)
    return results


def fmt(x, digits):
    if x >= 100:
        return f"{x:,.0f}"
    return f"{x:.{digits}f}"


def cell(values, digits=1):
    """Median, and the range when there is more than one value."""
    if not values:
        return "-"
    m = fmt(statistics.median(values), digits)
    if len(values) == 1:
        return m
    return f"{m} ({fmt(min(values), digits)}-{fmt(max(values), digits)})"


def ratio(a, b):
    """The ratio of the medians, to two significant digits; "-" where EJML's median is 0."""
    if not a or not b or statistics.median(b) == 0:
        return "-"
    r = statistics.median(a) / statistics.median(b)
    return f"{r:.0f}" if r >= 10 else f"{r:.1f}" if r >= 1 else f"{r:.2f}"


def report(results):
    print("| operation | n | library | first call ms | calls before steady | ms before steady"
          " | steady ms | nc4j / EJML: first call | ms before steady | steady |")
    print("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|")
    for op, n in CASES:
        case = [r for r in results if r["op"] == op and r["n"] == n]
        ejml = [r for r in case if r["config"] == "EJML"]
        ejml_first = [r["firstMs"] for r in ejml]
        ejml_before = [r["msBeforeSteady"] for r in ejml if r["msBeforeSteady"] is not None]
        ejml_steady = [r["steadyMs"] for r in ejml]
        for config in CONFIGS:
            rows = [r for r in case if r["config"] == config]
            if not rows:
                continue
            converged = [r for r in rows if r["callsBeforeSteady"] is not None]
            first = [r["firstMs"] for r in rows]
            steady = [r["steadyMs"] for r in rows]
            calls = [r["callsBeforeSteady"] for r in converged]
            before = [r["msBeforeSteady"] for r in converged]
            note = "" if len(converged) == len(rows) else f" ({len(converged)} of {len(rows)} converged)"
            digits = 3 if statistics.median(steady) < 1 else 1
            ratios = ("| | | |" if config == "EJML" else
                      f"| {ratio(first, ejml_first)} | {ratio(before, ejml_before)} | {ratio(steady, ejml_steady)} |")
            print(f"| {op} | {n} | {config} | {cell(first)} | {cell(calls, 0)}{note} | {cell(before)}"
                  f" | {cell(steady, digits)} {ratios}")
    threads = sorted({(r["config"], r["threads"], r["kernels"]) for r in results})
    print()
    print("Threads and kernels: " + "; ".join(f"{c}: {t} thread(s), {k}" for c, t, k in threads))
    to_main = [r["jvmToMainMs"] for r in results]
    print(f"JVM start to main: median {statistics.median(to_main):.0f} ms"
          f" ({min(to_main)}-{max(to_main)}) over {len(results)} JVMs")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="fresh JVMs per case and library")
    parser.add_argument("--seconds", type=float, default=5,
                        help="time budget per JVM (at least 15 calls are made regardless)")
    parser.add_argument("--raw", default="cold-start.jsonl", help="where the JSON lines go")
    parser.add_argument("--jar", default=os.path.join(root, "nc-bench", "target", "benchmarks.jar"))
    parser.add_argument("--java", default="java")
    parser.add_argument("--configs", nargs="+", choices=list(CONFIGS), default=list(CONFIGS),
                        help="the configurations to run (default: all)")
    parser.add_argument("--ops", nargs="+", choices=sorted({op for op, _ in CASES}),
                        default=sorted({op for op, _ in CASES}),
                        help="the operations to run (default: all)")
    parser.add_argument("--report", metavar="FILE", help="only print the table of a RAW file")
    args = parser.parse_args()
    if args.report:
        results = [json.loads(line) for line in open(args.report) if line.strip()]
    else:
        results = measure(args)
    report(results)


if __name__ == "__main__":
    main()
