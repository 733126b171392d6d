package io.github.nc4j.linalg.internal;

/**
 * The register-blocked micro-kernel of {@link FloatGemm} and the merge of its float tile into
 * the double-precision C: {@link ScalarFloatGemmKernels}, the reference and fallback, and
 * {@code VectorFloatGemmKernels}. Arguments are not bounds-checked here beyond what the JVM
 * does.
 *
 * <p>A separate interface from {@link GemmKernels} because Java has no generics over primitive
 * arrays: the float kernels read {@code float[]} panels, and boxing or a common supertype would
 * cost the kernels their speed.
 */
public interface FloatGemmKernels {

    /** Rows of the micro-tile (MR): the micro-kernel keeps MR x NR float sums in registers. */
    int microRows();

    /** Columns of the micro-tile (NR). */
    int microCols();

    /**
     * Rounds a {@code rows x len} block of doubles to floats between row-major layouts: row i
     * goes from {@code src[srcOff + i * srcLd ..]} to {@code dst[dstOff + i * dstLd ..]}. The
     * packing of {@link FloatGemm} moves every contiguous piece of an operand with it.
     */
    void convertBlock(int rows, int len, double[] src, int srcOff, int srcLd,
                      float[] dst, int dstOff, int dstLd);

    /**
     * Steps of depth that a grouped row panel ({@link #microKernel}) keeps together: 64 floats,
     * four cache lines of each row. Within a group the MR rows lie at distances fixed at compile
     * time, so the kernels address all of them from one index instead of keeping MR row
     * offsets, and the panel is read front to back. Deep enough that what a kernel does once
     * per group, and the packing's work per piece, cost little.
     */
    int DEPTH_GROUP = 64;

    /**
     * The floats one row of a grouped panel takes at depth {@code kc}: {@code kc} rounded up to
     * whole {@link #DEPTH_GROUP}s, since a last, partial group keeps the others' layout.
     */
    static int groupedDepth(int kc) {
        return (kc + DEPTH_GROUP - 1) / DEPTH_GROUP * DEPTH_GROUP;
    }

    /**
     * {@code tile[i * NR + j] = sum_p A(i, p) B(p, j)} for the whole MR x NR tile, in float,
     * over depth {@code kc}. A is a grouped row panel: its depth cut into groups of G =
     * {@link #DEPTH_GROUP} steps, group g holding a G-long piece of each row, so that A(i, p)
     * lies at {@code a[aOff + g G MR + i G + p - g G]}, g = p / G (a last, partial group too,
     * its floats past {@code kc} unread). B is a packed micro-panel, B(p, j) at
     * {@code b[bOff + p * NR + j]}. Every sum starts at zero and
     * runs over p in increasing order, one float {@code fma(A(i, p), B(p, j), sum)} per step,
     * whatever the tile's position in C or the implementation: so results are independent of
     * how C is split between threads and of which kernels run, and {@link UnpackedFloatGemm},
     * which forms each sum the same way, has their bits too.
     */
    void microKernel(int kc, float[] a, int aOff, float[] b, int bOff, float[] tile);

    /**
     * {@link #microKernel} on a column panel of A, A(i, p) at {@code a[aOff + p * MR + i]} (a
     * grouped panel with groups one step deep): FloatGemm packs transposed A this way, each
     * column of op(A) = A^T being a contiguous piece of a stored row. Each sum is formed as in
     * {@link #microKernel}, so it has its bits.
     */
    void microKernelColumnPanel(int kc, float[] a, int aOff, float[] b, int bOff, float[] tile);

    /**
     * {@code C(i, j) = fma(C(i, j), beta, alpha * tile[i * NR + j])} in double for
     * {@code i < rows, j < cols}: each tile element is widened exactly, scaled by alpha with one
     * rounding and added with a second. With {@code beta == 0} C is only written, so NaN in it
     * is ignored. Every implementation rounds each element the same way, wherever it lies.
     */
    void mergeTile(int rows, int cols, float[] tile, double alpha, double beta,
                   double[] c, int cOff, int ldc);
}
