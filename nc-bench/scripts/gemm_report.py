#!/usr/bin/env python3
"""Markdown table of GEMM GFLOP/s: nc4j, EJML and ojAlgo from a JMH JSON result file, and
NumPy/OpenBLAS measured now by gemm_numpy.py for the same sizes and thread counts (SGEMM, with
--float32, when the file comes from Float32GemmBenchmark).

Usage: gemm_report.py JMH_RESULT.json
"""
import json
import os
import subprocess
import sys
from collections import defaultdict

here = os.path.dirname(os.path.abspath(__file__))
jmh = json.load(open(sys.argv[1]))
ms = defaultdict(dict)  # (layout, n, threads) -> {library: ms}
for result in jmh:
    p = result["params"]
    library = result["benchmark"].rsplit(".", 1)[1]
    ms[(p["layout"], int(p["n"]), int(p["threads"]))][library] = result["primaryMetric"]["score"]

for threads in sorted({key[2] for key in ms}):
    sizes = sorted({key[1] for key in ms if key[2] == threads})
    precision = ["--float32"] if "Float32" in jmh[0]["benchmark"] else []
    numpy = json.loads(subprocess.check_output(
        [sys.executable, os.path.join(here, "gemm_numpy.py")] + precision + [str(threads)]
        + [str(n) for n in sizes]))
    for (layout, n, t), libs in ms.items():
        if t == threads:
            libs["openblas"] = numpy[f"{layout} {n}"]

cpus = os.cpu_count()
print("| layout | n | threads | nc4j GFLOP/s | OpenBLAS | EJML | ojAlgo | nc4j / OpenBLAS | nc4j / EJML | nc4j / ojAlgo |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
for (layout, n, threads) in sorted(ms, key=lambda k: (k[2], k[0], k[1])):
    libs = ms[(layout, n, threads)]
    gflops = {lib: 2 * n ** 3 / (t * 1e-3) / 1e9 for lib, t in libs.items()}
    def cell(lib):
        return f"{gflops[lib]:.1f}" if lib in gflops else "-"
    def ratio(lib):
        return f"{gflops['nc4j'] / gflops[lib]:.2f}" if lib in gflops and "nc4j" in gflops else "-"
    print(f"| {layout} | {n} | {threads or cpus} | {cell('nc4j')} | {cell('openblas')} | {cell('ejml')} "
          f"| {cell('ojalgo')} | {ratio('openblas')} | {ratio('ejml')} | {ratio('ojalgo')} |")
