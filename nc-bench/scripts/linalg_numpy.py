#!/usr/bin/env python3
"""NumPy/LAPACK timings for the same cases as SvdBenchmark and EigenBenchmark.

Usage: linalg_numpy.py [--threads T] [--json] [--case C ...] [N ...]   (T = 0, the default, means
every processor, as threads = 0 in the JMH benchmarks; sizes default to 64 128 256 512 1024;
each --case keeps one of the cases below, e.g. --case "svd full"; default all four)

Cases, on the benchmarks' inputs (A Gaussian n x n; the symmetric cases use A + A^T):
  svd full    numpy.linalg.svd(A, full_matrices=False)   LAPACK dgesdd, thin U, s, V^T
  svd values  numpy.linalg.svd(A, compute_uv=False)      dgesdd, values only
  eigh        numpy.linalg.eigh(A + A^T)                 dsyevd
  eigvalsh    numpy.linalg.eigvalsh(A + A^T)             dsyevd, values only
Timing mimics the JMH settings of the benchmarks (-wi 3 -i 5, one second each): about 3 s of
warm-up, then the mean time per call over about 5 s, in milliseconds. The thread count goes into
OPENBLAS_NUM_THREADS before NumPy is imported. Prints a table, or with --json one JSON object
{"<case> <n>": milliseconds} for linalg_report.py.
"""
import argparse
import json
import os

from call_timing import mean_seconds

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--threads", type=int, default=0)
parser.add_argument("--json", action="store_true")
parser.add_argument("--case", action="append", dest="cases")
parser.add_argument("sizes", type=int, nargs="*", default=[64, 128, 256, 512, 1024])
args = parser.parse_args()
os.environ["OPENBLAS_NUM_THREADS"] = str(args.threads or os.cpu_count())
import numpy as np  # noqa: E402  (after the environment is set)


rng = np.random.default_rng(42)
results = {}
for n in args.sizes:
    a = rng.standard_normal((n, n))
    s = a + a.T
    cases = {"svd full": lambda: np.linalg.svd(a, full_matrices=False),
             "svd values": lambda: np.linalg.svd(a, compute_uv=False),
             "eigh": lambda: np.linalg.eigh(s),
             "eigvalsh": lambda: np.linalg.eigvalsh(s)}
    for name, call in cases.items():
        if args.cases is not None and name not in args.cases:
            continue
        results[f"{name} {n}"] = 1e3 * mean_seconds(call, 3.0, 5.0)
        if not args.json:
            print(f"{name:<12}{n:>6}{results[f'{name} {n}']:>12.3f} ms", flush=True)
if args.json:
    print(json.dumps(results))
