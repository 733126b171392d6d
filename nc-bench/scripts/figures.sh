#!/usr/bin/env bash
# The figures of BENCHMARKS.md, one PNG per benchmark family, drawn by
# io.github.nc4j.bench.report.BenchmarkFigures from the JMH and NumPy JSON files that
# figure_results.sh writes into RESULTS_DIR.
#
# Usage (from the repository root, after mvn -B -q -DskipTests package -pl nc-bench -am):
#   nc-bench/scripts/figures.sh RESULTS_DIR [OUTPUT_DIR]   (OUTPUT_DIR defaults to docs/benchmarks)
set -euo pipefail
results=${1:?usage: figures.sh RESULTS_DIR [OUTPUT_DIR]}
out=${2:-docs/benchmarks}
java -cp nc-bench/target/benchmarks.jar io.github.nc4j.bench.report.BenchmarkFigures "$results" "$out"
