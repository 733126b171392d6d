#!/usr/bin/env python3
"""NumPy/OpenBLAS timings of the products of StepProductBenchmark, on one thread.

Usage: step_products_numpy.py
Prints one line per product: its StepProductBenchmark name and microseconds per call. A product
marked "+" is added to C (c += a @ b, which NumPy does through a temporary), the others are
written into a preallocated C. Timing mimics the JMH settings: a warm-up of about 3 s, then the
mean time per call over about 5 s.
"""
import os

from call_timing import mean_seconds

os.environ["OPENBLAS_NUM_THREADS"] = "1"
import numpy as np  # noqa: E402  (after the environment is set)

PRODUCTS = ["200x40x40 NT", "200x10x40 NT", "200x40x40 NN+", "40x40x200 TN+", "200x40x10 NN+",
            "10x40x200 TN+"]

rng = np.random.default_rng(42)
for name in PRODUCTS:
    dims, layout = name.split(" ")
    m, n, k = (int(x) for x in dims.split("x"))
    a = rng.standard_normal((k, m) if layout[0] == "T" else (m, k))
    b = rng.standard_normal((n, k) if layout[1] == "T" else (k, n))
    op_a = a.T if layout[0] == "T" else a
    op_b = b.T if layout[1] == "T" else b
    c = np.zeros((m, n))
    if layout.endswith("+"):
        def product():
            c.__iadd__(op_a @ op_b)
    else:
        def product():
            np.matmul(op_a, op_b, out=c)
    print(f"{name:14s} {1e6 * mean_seconds(product, 3.0, 5.0):8.2f} us")
