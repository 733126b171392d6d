package io.github.nc4j.linalg.internal;

/**
 * The register-blocked micro-kernels of {@link Gemm} and the block copy its packing uses:
 * {@link ScalarGemmKernels}, the reference, and {@code VectorGemmKernels}. Arguments are not
 * bounds-checked here beyond what the JVM does.
 *
 * <p>Every implementation must give each element of C the same bits (see
 * {@link #microKernel}): that is what lets {@link Gemm} change kernels between two rank-KC
 * updates of one product ({@link GemmKernelSource}).
 */
public interface GemmKernels extends GemmKernelSource<GemmKernels> {

    /** These kernels, always. */
    @Override
    default GemmKernels current(boolean transA) {
        return this;
    }

    /**
     * Copies a {@code rows x len} block between row-major layouts (LAPACK's {@code dlacpy}): row
     * i goes from {@code src[srcOff + i * srcLd ..]} to {@code dst[dstOff + i * dstLd ..]}. GEMM
     * packs B's micro-panels with it, rows of NR values, where a System.arraycopy per row cost
     * more than the copying in small products.
     */
    void copyBlock(int rows, int len, double[] src, int srcOff, int srcLd,
                   double[] dst, int dstOff, int dstLd);

    /** Rows of the GEMM micro-tile (MR): the micro-kernel keeps MR x NR sums in registers. */
    int microRows();

    /** Columns of the GEMM micro-tile (NR). */
    int microCols();

    /**
     * The GEMM micro-kernel: {@code C[0..MR, 0..NR) = A B + beta C} over depth {@code kc}, where
     * A(i, p) is {@code a[aOff + i * lda + p]} (a packed panel has {@code lda = kc}; a row-major
     * matrix read in place has its own leading dimension) and B(p, j) is
     * {@code b[bOff + p * NR + j]}, a packed micro-panel. C is row-major with leading dimension
     * {@code ldc}. With {@code beta == 0} C is only written, so NaN in it is ignored; otherwise
     * each element becomes {@code fma(c, beta, sum)}, one rounding. Every sum starts at zero and
     * runs over p in increasing order, one {@code fma(A(i, p), B(p, j), sum)} per step, whatever
     * the tile's position or shape: so the result of GEMM is independent of how C is split
     * between threads, and of which implementation runs.
     */
    void microKernel(int kc, double[] a, int aOff, int lda,
                     double[] b, int bOff, double[] c, int cOff, int ldc, double beta);

    /**
     * {@link #microKernel} on an A micro-panel packed column by column: A(i, p) is
     * {@code a[aOff + p * MR + i]}, so each step of p reads MR consecutive values. GEMM packs
     * transposed A this way, since every column of op(A) = A^T is then a contiguous piece of a
     * stored row.
     */
    void microKernelColumnPanel(int kc, double[] a, int aOff,
                                double[] b, int bOff, double[] c, int cOff, int ldc, double beta);

    /**
     * The micro-kernel for a tile at C's right edge, of which only the first {@code cols}
     * columns (fewer than NR) are wanted; the others may be left with any value. A(i, p) is
     * {@code a[aOff + i * rowStep + p * colStep]}: {@code (lda, 1)} for the layout of
     * {@link #microKernel}, {@code (1, MR)} for that of {@link #microKernelColumnPanel}. The
     * wanted columns get exactly the values the whole-tile kernel gives them. This default
     * runs the whole-tile kernel; an implementation may skip the padding columns' work.
     */
    default void microKernelEdge(int kc, double[] a, int aOff, int rowStep, int colStep,
                                 double[] b, int bOff, double[] c, int cOff, int ldc, int cols,
                                 double beta) {
        if (colStep == 1) {
            microKernel(kc, a, aOff, rowStep, b, bOff, c, cOff, ldc, beta);
        } else {
            microKernelColumnPanel(kc, a, aOff, b, bOff, c, cOff, ldc, beta);
        }
    }
}
