package io.github.nc4j.linalg.internal;

/**
 * {@link GemmKernels} as plain Java loops: the reference, and the fallback. The 4 x 4 tile has
 * the same register blocking as the vector kernels, one scalar per tile element, and forms each
 * sum with the same operations: {@code Math.fma} over p in increasing order from zero, then
 * {@code fma(c, beta, sum)}. So every element of C gets exactly the bits the SIMD kernels give
 * it, which lets {@link Gemm} run these kernels while the SIMD ones are not compiled yet.
 */
final class ScalarGemmKernels implements GemmKernels {

    private static final int MR = 4;
    private static final int NR = 4;

    @Override
    public String toString() {
        return MR + " x " + NR;
    }

    @Override
    public void copyBlock(int rows, int len, double[] src, int srcOff, int srcLd,
                          double[] dst, int dstOff, int dstLd) {
        for (int i = 0; i < rows; i++) {
            System.arraycopy(src, srcOff + i * srcLd, dst, dstOff + i * dstLd, len);
        }
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
    public void microKernel(int kc, double[] a, int aOff, int lda,
                            double[] b, int bOff, double[] c, int cOff, int ldc, double beta) {
        multiplyTile(kc, a, aOff, lda, 1, b, bOff, c, cOff, ldc, beta);
    }

    @Override
    public void microKernelColumnPanel(int kc, double[] a, int aOff, double[] b, int bOff,
                                       double[] c, int cOff, int ldc, double beta) {
        multiplyTile(kc, a, aOff, 1, MR, b, bOff, c, cOff, ldc, beta);
    }

    /**
     * The tile with A(i, p) at {@code a[aOff + i * rowStep + p * colStep]}. The same register
     * blocking as the SIMD kernel, one scalar per tile element: the 16 sums stay in registers,
     * several times faster than the naive triple loop. Each step is one fused multiply-add, as
     * a lane of the SIMD kernel does it (not a product rounded and then added).
     */
    private static void multiplyTile(int kc, double[] a, int aOff, int rowStep, int colStep,
                                     double[] b, int bOff, double[] c, int cOff, int ldc,
                                     double beta) {
        double c00 = 0, c01 = 0, c02 = 0, c03 = 0;
        double c10 = 0, c11 = 0, c12 = 0, c13 = 0;
        double c20 = 0, c21 = 0, c22 = 0, c23 = 0;
        double c30 = 0, c31 = 0, c32 = 0, c33 = 0;
        for (int p = 0; p < kc; p++) {
            int bp = bOff + p * NR;
            int ap = aOff + p * colStep;
            double b0 = b[bp], b1 = b[bp + 1], b2 = b[bp + 2], b3 = b[bp + 3];
            double a0 = a[ap], a1 = a[ap + rowStep];
            double a2 = a[ap + 2 * rowStep], a3 = a[ap + 3 * rowStep];
            c00 = Math.fma(a0, b0, c00);
            c01 = Math.fma(a0, b1, c01);
            c02 = Math.fma(a0, b2, c02);
            c03 = Math.fma(a0, b3, c03);
            c10 = Math.fma(a1, b0, c10);
            c11 = Math.fma(a1, b1, c11);
            c12 = Math.fma(a1, b2, c12);
            c13 = Math.fma(a1, b3, c13);
            c20 = Math.fma(a2, b0, c20);
            c21 = Math.fma(a2, b1, c21);
            c22 = Math.fma(a2, b2, c22);
            c23 = Math.fma(a2, b3, c23);
            c30 = Math.fma(a3, b0, c30);
            c31 = Math.fma(a3, b1, c31);
            c32 = Math.fma(a3, b2, c32);
            c33 = Math.fma(a3, b3, c33);
        }
        storeRow(c, cOff, beta, c00, c01, c02, c03);
        storeRow(c, cOff + ldc, beta, c10, c11, c12, c13);
        storeRow(c, cOff + 2 * ldc, beta, c20, c21, c22, c23);
        storeRow(c, cOff + 3 * ldc, beta, c30, c31, c32, c33);
    }

    private static void storeRow(double[] c, int off, double beta,
                                 double x0, double x1, double x2, double x3) {
        c[off] = beta == 0 ? x0 : Math.fma(c[off], beta, x0);
        c[off + 1] = beta == 0 ? x1 : Math.fma(c[off + 1], beta, x1);
        c[off + 2] = beta == 0 ? x2 : Math.fma(c[off + 2], beta, x2);
        c[off + 3] = beta == 0 ? x3 : Math.fma(c[off + 3], beta, x3);
    }
}
