#!/usr/bin/env python3
"""Markdown table of training steps per second: nc4j's ModelStepBenchmark from a JMH JSON
result file, and NumPy measured now by ufm_numpy.py for the same settings and thread counts.

Usage: model_step_report.py JMH_RESULT.json DIR
DIR holds the initial parameters written by ModelStepReference (see ufm_numpy.py).
"""
import json
import os
import subprocess
import sys

here = os.path.dirname(os.path.abspath(__file__))
jmh = json.load(open(sys.argv[1]))
nc4j = {}  # (setting, threads) -> (microseconds per step, error)
for result in jmh:
    p = result["params"]
    metric = result["primaryMetric"]
    nc4j[(p["setting"], int(p["threads"]))] = (metric["score"], metric["scoreError"])

numpy = {}
for threads in sorted({t for _, t in nc4j}):
    out = subprocess.check_output([sys.executable, os.path.join(here, "ufm_numpy.py"),
                                   str(threads), sys.argv[2]])
    for setting, micros in json.loads(out).items():
        numpy[(setting, threads)] = micros

order = [r["params"]["setting"] for r in jmh]
print("| setting | threads | nc4j us/step | nc4j steps/s | NumPy us/step | NumPy steps/s "
      "| nc4j speed-up |")
print("|---|---:|---:|---:|---:|---:|---:|")
for (setting, threads) in sorted(nc4j, key=lambda k: (k[1], order.index(k[0]))):
    micros, error = nc4j[(setting, threads)]
    reference = numpy.get((setting, threads))
    cells = (f"{reference:.1f} | {1e6 / reference:,.0f} | {reference / micros:.1f}x"
             if reference else "- | - | -")
    print(f"| {setting} | {threads} | {micros:.1f} ± {error:.1f} | {1e6 / micros:,.0f} "
          f"| {cells} |")
