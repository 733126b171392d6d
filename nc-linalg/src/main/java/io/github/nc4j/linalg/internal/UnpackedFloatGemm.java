package io.github.nc4j.linalg.internal;

import java.util.Arrays;

/**
 * Single-precision GEMM without packing or register tiles, for the first products of a JVM,
 * while the SIMD micro-kernels are not yet compiled ({@link WarmingGemmKernels}). Each element's
 * sum is formed as {@link FloatGemmKernels#microKernel} forms it: over each rank-KC update of
 * {@link FloatGemm} (the same k-blocks), float {@code fma} steps over p in increasing order from
 * zero, then merged into C as {@link FloatGemmKernels#mergeTile} merges. So its results have the
 * packed product's bits, and a switch from one to the other between two products changes
 * nothing but the speed.
 *
 * <p>Its loop is one row update, {@code sums += A(i, p) B(p, :)}, over a row of B converted into
 * an array of its own: a loop on two distinct arrays at offset zero, which C2 vectorizes soon
 * after the start (on arrays that may be the same one, at different offsets, it does not).
 */
final class UnpackedFloatGemm implements FloatProduct {

    /**
     * Columns of C per pass: the converted rows of B for one rank update take at most
     * {@code kc} x this many floats (1 MiB at kc = 512).
     */
    static final int COLUMNS = 512;

    private final int kc;

    /** With rank-KC updates at most {@code kc} deep ({@link FloatGemm.Blocking#kc()}). */
    UnpackedFloatGemm(int kc) {
        this.kc = kc;
    }

    @Override
    public void multiply(int threads, int m, int n, int k, double alpha,
                         double[] a, int aOff, int lda, boolean transA,
                         double[] b, int bOff, int ldb, boolean transB,
                         double beta, double[] c, int cOff, int ldc) {
        Gemm.forEachBlock(m, n, (long) m * n * k, 1, 1, threads, new Gemm.BlockTask() {
            @Override // a class, not a lambda: see Gemm's BlockGrid
            public void run(int rowFrom, int rowTo, int colFrom, int colTo) {
                multiplyBlock(rowTo - rowFrom, colTo - colFrom, k, alpha,
                        a, aOff + (transA ? rowFrom : rowFrom * lda), lda, transA,
                        b, bOff + (transB ? colFrom * ldb : colFrom), ldb, transB,
                        beta, c, cOff + rowFrom * ldc + colFrom, ldc);
            }
        });
    }

    private void multiplyBlock(int m, int n, int k, double alpha,
                               double[] a, int aOff, int lda, boolean transA,
                               double[] b, int bOff, int ldb, boolean transB,
                               double beta, double[] c, int cOff, int ldc) {
        int depth = Gemm.ceilDiv(k, Gemm.ceilDiv(k, kc));
        // Allocated per call: this product runs only while the JVM warms up.
        float[][] bRows = new float[depth][Math.min(n, COLUMNS)];
        float[] sums = new float[Math.min(n, COLUMNS)];
        for (int jc = 0; jc < n; jc += COLUMNS) {
            int cols = Math.min(COLUMNS, n - jc);
            for (int pc = 0; pc < k; pc += depth) {
                int rank = Math.min(depth, k - pc);
                double betaNow = pc == 0 ? beta : 1.0;
                for (int p = 0; p < rank; p++) {
                    float[] row = bRows[p];
                    for (int j = 0; j < cols; j++) {
                        row[j] = (float) (transB ? b[bOff + (jc + j) * ldb + pc + p]
                                : b[bOff + (pc + p) * ldb + jc + j]);
                    }
                }
                for (int i = 0; i < m; i++) {
                    Arrays.fill(sums, 0, cols, 0f);
                    for (int p = 0; p < rank; p++) {
                        float aip = (float) (transA ? a[aOff + (pc + p) * lda + i]
                                : a[aOff + i * lda + pc + p]);
                        addMultiple(cols, aip, bRows[p], sums);
                    }
                    ScalarFloatGemmKernels.mergeRows(1, 0, cols, sums, cols, alpha, betaNow,
                            c, cOff + i * ldc + jc, ldc);
                }
            }
        }
    }

    /** {@code sums[j] = fma(x, row[j], sums[j])}: the loop C2 vectorizes. */
    private static void addMultiple(int len, float x, float[] row, float[] sums) {
        for (int j = 0; j < len; j++) {
            sums[j] = Math.fma(x, row[j], sums[j]);
        }
    }

    @Override
    public String toString() {
        return "unpacked float GEMM";
    }
}
