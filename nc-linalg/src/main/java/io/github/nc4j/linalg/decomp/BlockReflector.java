package io.github.nc4j.linalg.decomp;

import io.github.nc4j.linalg.Blas;
import io.github.nc4j.linalg.internal.Gemm;
import io.github.nc4j.linalg.internal.Kernels;
import io.github.nc4j.linalg.internal.Level1Kernels;
import java.util.Arrays;

/**
 * A product of consecutive Householder reflectors in compact WY form,
 * {@code H = H_0 H_1 ... H_{k-1} = I - V T V^T} with V unit lower trapezoidal (len x k) and T
 * upper triangular (k x k), so that applying H to a matrix costs two GEMMs (Schreiber and Van
 * Loan, "A storage-efficient WY representation for products of Householder transformations",
 * SIAM J. Sci. Stat. Comput. 10, 1989; LAPACK's {@code dlarft} and {@code dlarfb}).
 *
 * <p>V is held transposed, one reflector per row ({@code vt}, k x len, row-major), which is the
 * layout both GEMMs read without copying. One instance is reused for every block of a
 * factorization; its buffers grow on demand.
 */
final class BlockReflector {

    /** Reflectors per block of a factorization's panel: the inner dimension of its GEMMs. */
    static final int BLOCK = 32;

    /**
     * Reflectors per block when a whole product over vectors of at least
     * {@link #WIDE_FROM_LENGTH} is formed or applied: an inner dimension of 64 runs GEMM near its
     * peak (32 leaves it memory-bound on C), and the extra flops on the zero triangle of V stay
     * below 64 / (2 len).
     */
    static final int WIDE_BLOCK = 64;

    /**
     * Shorter products use {@link #BLOCK}: their C stays in cache, where an inner dimension of 32
     * is not memory-bound, and the narrower block halves both the zero triangle's share of the
     * flops and the cost of T per reflector (BENCHMARKS.md, SVD section).
     */
    static final int WIDE_FROM_LENGTH = 8 * WIDE_BLOCK;

    private final Level1Kernels kernels = Kernels.get().level1();
    private double[] vt = new double[0];
    private double[] work = new double[0];
    /** T^T, k x k row-major (lower triangular). */
    private final double[] tTransposed;
    private final double[] gram;
    private int k;
    private int len;

    /** A block of at most {@code maxCount} reflectors. */
    BlockReflector(int maxCount) {
        tTransposed = new double[maxCount * maxCount];
        gram = new double[maxCount * maxCount];
    }

    /**
     * Loads reflectors {@code from .. from + count} of {@code r} (count at most the maximum),
     * restricted to the indices {@code from .. r.length()} on which they act, and forms T.
     */
    void load(Reflectors r, int from, int count) {
        k = count;
        len = r.length() - from;
        if (vt.length < k * len) {
            vt = new double[k * len];
        }
        for (int j = 0; j < k; j++) {
            int row = j * len;
            Arrays.fill(vt, row, row + j, 0.0);
            vt[row + j] = 1;
            if (r.alongRows()) {
                System.arraycopy(r.a(), r.off() + (from + j) * r.lda() + from + j + 1,
                        vt, row + j + 1, len - j - 1);
            } else {
                for (int i = j + 1; i < len; i++) {
                    vt[row + i] = r.element(from + j, from + i);
                }
            }
        }
        formT(r.tau(), from);
    }

    /**
     * T from the recurrence {@code T(0:j, j) = -tau_j T(0:j, 0:j) V(:, 0:j)^T v_j},
     * {@code T(j, j) = tau_j}, with all the inner products {@code V^T V} from one symmetric rank-k update. T is held
     * transposed, so that column j of T is row j of {@link #tTransposed} and the product with
     * the triangle is a sum of contiguous rows, {@code sum_p w_p T(0:p, p)}, rather than a
     * serial chain of dependent multiply-adds per element.
     */
    private void formT(double[] tau, int tauOff) {
        Gemm.symmetricRankK(k, len, 1.0, vt, 0, len, false, 0.0, gram, 0, k);
        double[] tt = tTransposed;
        for (int j = 0; j < k; j++) {
            int row = j * k;
            Arrays.fill(tt, row, row + k, 0.0);
            // gram is symmetric: row j holds the inner products of v_j with v_0 .. v_{j-1}.
            for (int p = 0; p < j; p++) {
                kernels.axpy(p + 1, gram[row + p], tt, p * k, tt, row);
            }
            double tj = tau[tauOff + j];
            for (int i = 0; i < j; i++) {
                tt[row + i] *= -tj;
            }
            tt[row + j] = tj;
        }
    }

    /**
     * {@code C = H C}, or {@code C = H^T C} when {@code transpose}, for the len x cols block C
     * at {@code off}: {@code C -= V (op(T) (V^T C))}, three GEMMs.
     */
    void applyLeft(boolean transpose, double[] c, int off, int ldc, int cols) {
        if (cols == 0 || len == 0) {
            return;
        }
        double[] w = work(2 * k * cols);
        int tw = k * cols;
        Blas.gemm(k, cols, len, 1.0, vt, 0, len, false, c, off, ldc, false, 0.0, w, 0, cols);
        Blas.gemm(k, cols, k, 1.0, tTransposed, 0, k, !transpose, w, 0, cols, false, 0.0, w, tw,
                cols);
        Blas.gemm(len, cols, k, -1.0, vt, 0, len, true, w, tw, cols, false, 1.0, c, off, ldc);
    }

    /**
     * {@code C = C H}, or {@code C = C H^T} when {@code transpose}, for the rows x len block C
     * at {@code off}: {@code C -= ((C V) op(T)) V^T}, three GEMMs.
     */
    void applyRight(boolean transpose, double[] c, int off, int ldc, int rows) {
        if (rows == 0 || len == 0) {
            return;
        }
        double[] w = work(2 * rows * k);
        int tw = rows * k;
        Blas.gemm(rows, k, len, 1.0, c, off, ldc, false, vt, 0, len, true, 0.0, w, 0, k);
        Blas.gemm(rows, k, k, 1.0, w, 0, k, false, tTransposed, 0, k, !transpose, 0.0, w, tw, k);
        Blas.gemm(rows, len, k, -1.0, w, tw, k, false, vt, 0, len, false, 1.0, c, off, ldc);
    }

    private double[] work(int size) {
        if (work.length < size) {
            work = new double[size];
        }
        return work;
    }

    // ---------------------------------------------------------------- products of all blocks

    /**
     * Writes the first {@code rows} rows of {@code Q^T}, {@code Q = H_0 H_1 ... H_{count-1}},
     * into the rows x length block X at {@code off}: X = [I 0] Q^T, accumulated backwards,
     * {@code X := X B^T} for the blocks B from last to first, so that each block only touches
     * the part of X it changes (as LAPACK's {@code dorgqr}, on the transpose).
     */
    static void formQTransposed(Reflectors r, double[] x, int off, int ldx, int rows) {
        int length = r.length();
        for (int i = 0; i < rows; i++) {
            Arrays.fill(x, off + i * ldx, off + i * ldx + length, 0.0);
            if (i < length) {
                x[off + i * ldx + i] = 1;
            }
        }
        int width = blockWidth(r);
        BlockReflector block = new BlockReflector(width);
        for (int from = lastBlockStart(r.count(), width); from >= 0; from -= width) {
            if (from >= rows) {
                continue;
            }
            block.load(r, from, Math.min(width, r.count() - from));
            block.applyRight(true, x, off + from * ldx + from, ldx, rows - from);
        }
    }

    /**
     * {@code diag(1, Q^T)} as a new (length + 1) x (length + 1) row-major array: the transposed
     * orthogonal factor of a reduction whose reflectors leave index 0 alone (tridiagonal Q,
     * bidiagonal P), {@code Q = H_0 ... H_{count-1}} acting on indices 1 .. length.
     */
    static double[] formShiftedQTransposed(Reflectors r) {
        int n = r.length() + 1;
        double[] qt = new double[n * n];
        qt[0] = 1;
        formQTransposed(r, qt, n + 1, n, n - 1);
        return qt;
    }

    /**
     * {@code X := X Q^T} for the rows x length block X at {@code off},
     * {@code Q = H_0 ... H_{count-1}}.
     */
    static void multiplyByQTransposed(Reflectors r, double[] x, int off, int ldx, int rows) {
        int width = blockWidth(r);
        BlockReflector block = new BlockReflector(width);
        for (int from = lastBlockStart(r.count(), width); from >= 0; from -= width) {
            block.load(r, from, Math.min(width, r.count() - from));
            block.applyRight(true, x, off + from, ldx, rows);
        }
    }

    /** {@code C := Q^T C} for the length x cols block C at {@code off}. */
    static void applyQTransposed(Reflectors r, double[] c, int off, int ldc, int cols) {
        int width = blockWidth(r);
        BlockReflector block = new BlockReflector(width);
        for (int from = 0; from < r.count(); from += width) {
            block.load(r, from, Math.min(width, r.count() - from));
            block.applyLeft(true, c, off + from * ldc, ldc, cols);
        }
    }

    /** Reflectors per block for a whole product of {@code r}'s reflectors. */
    static int blockWidth(Reflectors r) {
        return r.length() >= WIDE_FROM_LENGTH ? WIDE_BLOCK : BLOCK;
    }

    private static int lastBlockStart(int count, int width) {
        return count == 0 ? -1 : (count - 1) / width * width;
    }
}
