#!/usr/bin/env python3
"""Markdown table of the time to minimize issue 17's deep linear UFM with L-BFGS: nc4j's
LbfgsBenchmark from a JMH JSON result file, and SciPy's L-BFGS-B measured now, right after, by
ufm_lbfgs_scipy.py from the same initial parameters, with as many BLAS threads as JMH's
`threads` parameter.

Usage: lbfgs_report.py JMH_RESULT.json DIR [REPEATS]
DIR holds what LbfgsReference writes (see ufm_lbfgs_scipy.py); nc4j's iterations and
evaluations are read from it (L-BFGS is deterministic, so every JMH operation takes the same).
The last line sums up: the mean time per minimization over the seeds of each, and their ratio.
"""
import json
import os
import statistics
import subprocess
import sys

here = os.path.dirname(os.path.abspath(__file__))
jmh = json.load(open(sys.argv[1]))
root = sys.argv[2]
repeats = sys.argv[3] if len(sys.argv) > 3 else "20"

nc4j, evaluate = {}, {}  # seed -> (ms, error); seed -> us per evaluation
threads = set()
for result in jmh:
    p, metric = result["params"], result["primaryMetric"]
    threads.add(int(p["threads"]))
    name = result["benchmark"].rsplit(".", 1)[1]
    if name == "minimize":
        nc4j[p["seed"]] = (metric["score"], metric["scoreError"])
    elif name == "evaluate":
        evaluate[p["seed"]] = metric["score"]
if len(threads) != 1:
    sys.exit("run one thread count at a time (-p threads=N), got " + str(sorted(threads)))
(thread_count,) = threads

env = {k: v for k, v in os.environ.items() if k not in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")}
out = subprocess.check_output([sys.executable, os.path.join(here, "ufm_lbfgs_scipy.py"),
                               str(thread_count), root, repeats], env=env, text=True)
scipy = json.loads(out.strip().splitlines()[-1])

print(f"threads: {thread_count} (nc4j GEMM threads; OPENBLAS_NUM_THREADS = OMP_NUM_THREADS ="
      f" {thread_count})\n")
print("| seed | nc4j ms | nc4j iterations / evaluations | nc4j iterations/s | SciPy ms "
      "| SciPy iterations / evaluations | SciPy iterations/s | nc4j speed-up |")
print("|---:|---:|---:|---:|---:|---:|---:|---:|")
ours_all, theirs_all = [], []
split = []
for seed in sorted(nc4j, key=int):
    ms, error = nc4j[seed]
    spec = json.load(open(os.path.join(root, f"seed{seed}", "problem.json")))
    it, ev = spec["nc4j"]["iterations"], spec["nc4j"]["evaluations"]
    s = scipy.get(seed)
    cells = "- | - | - | -"
    if s:
        cells = (f"{s['ms']:.2f} | {s['iterations']} / {s['evaluations']} "
                 f"| {1e3 * s['iterations'] / s['ms']:,.0f} | {s['ms'] / ms:.2f}x")
        ours_all.append(ms)
        theirs_all.append(s["ms"])
        if seed in evaluate:
            split.append((seed, ev * evaluate[seed] / 1e3 / ms,
                          s["evaluations"] * s["objective_us"] / 1e3 / s["ms"],
                          evaluate[seed], s["objective_us"]))
    print(f"| {seed} | {ms:.2f} ± {error:.2f} | {it} / {ev} | {1e3 * it / ms:,.0f} | {cells} |")

if split:
    print("\nShare of the time in the objective and gradient (evaluations x the time of one):")
    for seed, ours, theirs, ours_us, theirs_us in split:
        print(f"- seed {seed}: nc4j {100 * ours:.0f} % ({ours_us:.1f} us per evaluation),"
              f" SciPy {100 * theirs:.0f} % ({theirs_us:.1f} us per evaluation)")
if ours_all:
    ours, theirs = statistics.fmean(ours_all), statistics.fmean(theirs_all)
    print(f"\nall seeds: nc4j {ours:.2f} ms, SciPy {theirs:.2f} ms per minimization,"
          f" nc4j speed-up {theirs / ours:.2f}x")
