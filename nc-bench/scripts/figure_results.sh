#!/usr/bin/env bash
# Runs the benchmarks behind BENCHMARKS.md's figures and the NumPy references beside them,
# writing the JSON files figures.sh reads into RESULTS_DIR (about an hour on two cores):
#   gemm.json, gemm-numpy-{1,0}.json           GemmBenchmark NN, n = 64..1024; gemm_numpy.py
#   svd.json, eigen.json, linalg-numpy-{1,0}.json   SvdBenchmark, EigenBenchmark; linalg_numpy.py
#   models.json, ufm-numpy-{1,2}.json          ModelStepBenchmark; ufm_numpy.py
#   tape.json                                  TapeBenchmark
#   lbfgs.json, lbfgs-scipy-1.json             LbfgsBenchmark.minimize; ufm_lbfgs_scipy.py
# Run it on a quiet machine; OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE are
# unset so that OpenBLAS picks its kernels as it would for a user.
#
# Usage (from the repository root, after mvn -B -q -DskipTests package -pl nc-bench -am):
#   nc-bench/scripts/figure_results.sh RESULTS_DIR
set -euo pipefail
results=${1:?usage: figure_results.sh RESULTS_DIR}
mkdir -p "$results"
unset OPENBLAS_CORETYPE OPENBLAS_L2_SIZE
jar=nc-bench/target/benchmarks.jar
scripts=nc-bench/scripts
java -jar $jar GemmBenchmark -p layout=NN -p n=64,128,256,512,1024 -rf json -rff "$results/gemm.json"
for threads in 1 0; do
  python3 $scripts/gemm_numpy.py $threads 64 128 256 512 1024 > "$results/gemm-numpy-$threads.json"
done
java -jar $jar SvdBenchmark -wi 2 -i 3 -rf json -rff "$results/svd.json"
java -jar $jar EigenBenchmark -wi 2 -i 3 -rf json -rff "$results/eigen.json"
for threads in 1 0; do
  python3 $scripts/linalg_numpy.py --json --threads $threads > "$results/linalg-numpy-$threads.json"
done
java -jar $jar ModelStepBenchmark -rf json -rff "$results/models.json"
reference=$(mktemp -d)
java -cp $jar io.github.nc4j.bench.ModelStepReference "$reference" > /dev/null
for threads in 1 2; do
  python3 $scripts/ufm_numpy.py $threads "$reference" > "$results/ufm-numpy-$threads.json"
done
rm -rf "$reference"
java -jar $jar 'TapeBenchmark.(tape|handWritten)' -rf json -rff "$results/tape.json"
java -jar $jar LbfgsBenchmark.minimize -rf json -rff "$results/lbfgs.json"
reference=$(mktemp -d)
java -cp $jar io.github.nc4j.bench.LbfgsReference "$reference" > /dev/null
python3 $scripts/ufm_lbfgs_scipy.py 1 "$reference" | tail -1 > "$results/lbfgs-scipy-1.json"
rm -rf "$reference"
