#!/usr/bin/env python3
"""Markdown tables of SVD and symmetric eigen times: nc4j, EJML and ojAlgo from the JMH JSON
result files of SvdBenchmark and EigenBenchmark, and NumPy/LAPACK measured now by
linalg_numpy.py for the same sizes and thread counts.

Usage: linalg_report.py SVD_RESULT.json [EIGEN_RESULT.json]
"""
import json
import os
import subprocess
import sys
from collections import defaultdict

here = os.path.dirname(os.path.abspath(__file__))
cpus = os.cpu_count()
# JMH benchmark file, its NumPy case names for (full, values), and the LAPACK routine.
reports = [(sys.argv[1], ("svd full", "svd values"), "SVD", "dgesdd")]
if len(sys.argv) > 2:
    reports.append((sys.argv[2], ("eigh", "eigvalsh"), "Symmetric eigen", "dsyevd"))

for path, numpy_cases, title, routine in reports:
    ms = defaultdict(dict)  # (n, threads) -> {method: ms}
    for result in json.load(open(path)):
        p = result["params"]
        method = result["benchmark"].rsplit(".", 1)[1]
        ms[(int(p["n"]), int(p["threads"]))][method] = result["primaryMetric"]["score"]
    for threads in sorted({key[1] for key in ms}):
        sizes = sorted({key[0] for key in ms if key[1] == threads})
        numpy = json.loads(subprocess.check_output(
            [sys.executable, os.path.join(here, "linalg_numpy.py"), "--json",
             "--threads", str(threads)] + [str(n) for n in sizes]))
        for n in sizes:
            ms[(n, threads)]["lapackFull"] = numpy[f"{numpy_cases[0]} {n}"]
            ms[(n, threads)]["lapackValues"] = numpy[f"{numpy_cases[1]} {n}"]
    print(f"\n{title}, milliseconds per call (LAPACK {routine} through NumPy); "
          "ratio = nc4j time / other time\n")
    print("| n | threads | kind | nc4j | LAPACK | EJML | ojAlgo | nc4j / LAPACK | EJML / nc4j | ojAlgo / nc4j |")
    print("|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|")
    for (n, threads) in sorted(ms, key=lambda k: (k[1], k[0])):
        t = ms[(n, threads)]
        for kind in ("Full", "Values"):
            def cell(lib):
                v = t.get(lib + kind)
                return f"{v:.2f}" if v is not None else "-"
            def ratio(a, b):
                if a + kind in t and b + kind in t:
                    return f"{t[a + kind] / t[b + kind]:.2f}"
                return "-"
            print(f"| {n} | {threads or cpus} | {kind.lower()} | {cell('nc4j')} | {cell('lapack')} "
                  f"| {cell('ejml')} | {cell('ojAlgo')} | {ratio('nc4j', 'lapack')} "
                  f"| {ratio('ejml', 'nc4j')} | {ratio('ojAlgo', 'nc4j')} |")
