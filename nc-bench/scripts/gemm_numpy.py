#!/usr/bin/env python3
"""NumPy/OpenBLAS DGEMM timings for the same cases as GemmBenchmark, or with --float32 SGEMM
timings (float32 operands and output) for the cases of Float32GemmBenchmark.

Usage: gemm_numpy.py [--float32] THREADS [N ...]   (THREADS = 0 means every processor)
Prints one JSON object: {"<layout> <n>": milliseconds per product}. Timing mimics the JMH
settings of GemmBenchmark: a warm-up of about 4 s, then the mean time per call over about 5 s.
The thread count goes into OPENBLAS_NUM_THREADS before NumPy is imported, which is why each
thread count needs its own process.
"""
import json
import os
import sys

from call_timing import mean_seconds

args = sys.argv[1:]
single = args[:1] == ["--float32"]
if single:
    args = args[1:]
threads = int(args[0])
os.environ["OPENBLAS_NUM_THREADS"] = str(threads or os.cpu_count())
import numpy as np  # noqa: E402  (after the environment is set)

sizes = [int(s) for s in args[1:]] or [64, 128, 256, 512, 1024, 2048]
dtype = np.float32 if single else np.float64
rng = np.random.default_rng(42)
results = {}
for n in sizes:
    a = rng.standard_normal((n, n)).astype(dtype)
    b = rng.standard_normal((n, n)).astype(dtype)
    c = np.empty((n, n), dtype)
    cases = {"NN": lambda: np.matmul(a, b, out=c),
             "NT": lambda: np.matmul(a, b.T, out=c),
             "TN": lambda: np.matmul(a.T, b, out=c)}
    for layout, product in cases.items():
        results[f"{layout} {n}"] = 1e3 * mean_seconds(product, 4.0, 5.0)
print(json.dumps(results))
