package io.github.nc4j.linalg.internal;

/**
 * The innermost loops of nc-linalg, behind one interface with two implementations: the plain
 * {@link ScalarKernels}, which is the reference the tests compare against and the fallback, and
 * {@code VectorKernels} on the incubating Vector API. {@link #get()} returns the one selected at
 * start-up (see {@link KernelSelection}).
 *
 * <p>Array arguments are not bounds-checked here beyond what the JVM does; callers validate
 * shapes at the public API boundary.
 */
public interface Kernels {

    /** The implementation chosen for this JVM. */
    static Kernels get() {
        return KernelSelection.SELECTED;
    }

    /** {@code "scalar"} or {@code "vector"}. */
    String name();

    /** {@code sum_i x[xOff + i] * y[yOff + i]} for {@code i < n}. */
    double dot(int n, double[] x, int xOff, double[] y, int yOff);

    /** {@code y[yOff + i] += alpha * x[xOff + i]} for {@code i < n}. */
    void axpy(int n, double alpha, double[] x, int xOff, double[] y, int yOff);

    /**
     * {@code y[yOff + i] += x[xOff + i]} where {@code m[mOff + i] > 0}, for {@code i < n}; y is
     * left as it was elsewhere, even where x is infinite or NaN. The backward pass of a ReLU
     * (x the output gradient, m the input): a branch on the signs of fresh pre-activations is
     * mispredicted half the time, and took 40 us for 8,000 values on a Zen 4 core where the
     * vector blend takes 2.5.
     */
    void addWherePositive(int n, double[] x, int xOff, double[] m, int mOff,
                          double[] y, int yOff);

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
     * runs over p in increasing order, whatever the tile's position, which is what makes GEMM
     * results independent of how C is split between threads.
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

    /**
     * Applies a chain of plane rotations in scaled ("fast Givens") form to consecutive rows of a
     * row-major block: rotation {@code r} replaces rows p and q by {@code p + mulP[csOff + r] q}
     * and {@code q + mulQ[csOff + r] p} (both from the old values, each one FMA), where (p, q)
     * is (row r, row r + 1) in a forward chain and (row r + 1, row r) in a backward one; row
     * {@code r} is {@code x[off + r * ld + j]} for {@code j < len}. A forward chain applies
     * {@code r = 0, 1, ..., count - 1} in that order, a backward chain the reverse. The caller
     * turns each rotation into its two multipliers and keeps the rows' scale factors.
     *
     * <p>This is the vector update of the QR algorithms for bidiagonal and tridiagonal matrices
     * (LAPACK's {@code dlasr}) with the vectors stored as rows, so that each rotation reads and
     * writes two contiguous rows; the row shared by consecutive rotations stays in registers.
     */
    void rotateRows(int count, double[] mulP, double[] mulQ, int csOff, boolean forward,
                    double[] x, int off, int ld, int len);

    /**
     * Returns {@code sum_i a[aOff + i] * x[xOff + i]} and, in the same pass over a, adds
     * {@code alpha * a[aOff + i]} to {@code y[yOff + i]}, for {@code i < n}: one row of a
     * symmetric matrix-vector product that reads only one triangle, where the row serves both
     * as a row (the dot product) and as a column (the AXPY). x and y must not overlap.
     */
    double dotAxpy(int n, double[] a, int aOff, double[] x, int xOff, double alpha,
                   double[] y, int yOff);
}
