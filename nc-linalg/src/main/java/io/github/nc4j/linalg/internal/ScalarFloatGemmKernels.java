package io.github.nc4j.linalg.internal;

/**
 * {@link FloatGemmKernels} as plain Java loops: the reference, the fallback when the Vector API
 * is unavailable, and the kernels single-precision products run while the SIMD ones warm up
 * ({@link WarmingGemmKernels}). The 4 x 4 tile keeps its 16 float sums in registers, as
 * {@link ScalarGemmKernels} does for doubles, and forms each with the SIMD kernels' operations,
 * {@code Math.fma} over p in increasing order from zero, so that it gets their bits.
 */
final class ScalarFloatGemmKernels implements FloatGemmKernels {

    private static final int MR = 4;
    private static final int NR = 4;

    @Override
    public String toString() {
        return "scalar float " + MR + " x " + NR;
    }

    @Override
    public int microRows() {
        return MR;
    }

    @Override
    public int microCols() {
        return NR;
    }

    @Override
    public void convertBlock(int rows, int len, double[] src, int srcOff, int srcLd,
                             float[] dst, int dstOff, int dstLd) {
        for (int i = 0; i < rows; i++) {
            int from = srcOff + i * srcLd;
            int to = dstOff + i * dstLd;
            for (int j = 0; j < len; j++) {
                dst[to + j] = (float) src[from + j];
            }
        }
    }

    @Override
    public void microKernel(int kc, float[] a, int aOff, float[] b, int bOff, float[] tile) {
        multiplyTile(kc, a, aOff, DEPTH_GROUP, b, bOff, tile);
    }

    @Override
    public void microKernelColumnPanel(int kc, float[] a, int aOff, float[] b, int bOff,
                                       float[] tile) {
        multiplyTile(kc, a, aOff, 1, b, bOff, tile);
    }

    /** The tile on a grouped panel with groups {@code group} steps deep. */
    private static void multiplyTile(int kc, float[] a, int aOff, int group,
                                     float[] b, int bOff, float[] tile) {
        float c00 = 0, c01 = 0, c02 = 0, c03 = 0;
        float c10 = 0, c11 = 0, c12 = 0, c13 = 0;
        float c20 = 0, c21 = 0, c22 = 0, c23 = 0;
        float c30 = 0, c31 = 0, c32 = 0, c33 = 0;
        for (int g = 0; g < kc; g += group) {
            int steps = Math.min(group, kc - g);
            for (int s = 0; s < steps; s++) {
                int bp = bOff + (g + s) * NR;
                int ap = aOff + g * MR + s;
                float b0 = b[bp], b1 = b[bp + 1], b2 = b[bp + 2], b3 = b[bp + 3];
                float a0 = a[ap], a1 = a[ap + group];
                float a2 = a[ap + 2 * group], a3 = a[ap + 3 * group];
                c00 = Math.fma(a0, b0, c00); c01 = Math.fma(a0, b1, c01);
                c02 = Math.fma(a0, b2, c02); c03 = Math.fma(a0, b3, c03);
                c10 = Math.fma(a1, b0, c10); c11 = Math.fma(a1, b1, c11);
                c12 = Math.fma(a1, b2, c12); c13 = Math.fma(a1, b3, c13);
                c20 = Math.fma(a2, b0, c20); c21 = Math.fma(a2, b1, c21);
                c22 = Math.fma(a2, b2, c22); c23 = Math.fma(a2, b3, c23);
                c30 = Math.fma(a3, b0, c30); c31 = Math.fma(a3, b1, c31);
                c32 = Math.fma(a3, b2, c32); c33 = Math.fma(a3, b3, c33);
            }
        }
        tile[0] = c00; tile[1] = c01; tile[2] = c02; tile[3] = c03;
        tile[4] = c10; tile[5] = c11; tile[6] = c12; tile[7] = c13;
        tile[8] = c20; tile[9] = c21; tile[10] = c22; tile[11] = c23;
        tile[12] = c30; tile[13] = c31; tile[14] = c32; tile[15] = c33;
    }

    @Override
    public void mergeTile(int rows, int cols, float[] tile, double alpha, double beta,
                          double[] c, int cOff, int ldc) {
        mergeRows(rows, 0, cols, tile, NR, alpha, beta, c, cOff, ldc);
    }

    /**
     * The scalar merge of columns {@code [from, to)} of a tile with {@code ldt} columns, which
     * the vector kernels also use for their tails, so that every element is rounded alike.
     */
    static void mergeRows(int rows, int from, int to, float[] tile, int ldt, double alpha,
                          double beta, double[] c, int cOff, int ldc) {
        for (int i = 0; i < rows; i++) {
            int row = cOff + i * ldc;
            int tileRow = i * ldt;
            for (int j = from; j < to; j++) {
                double product = alpha * tile[tileRow + j];
                c[row + j] = beta == 0 ? product : Math.fma(c[row + j], beta, product);
            }
        }
    }
}
