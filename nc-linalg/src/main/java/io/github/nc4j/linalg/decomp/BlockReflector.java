package io.github.nc4j.linalg.decomp;

import io.github.nc4j.linalg.Blas;
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
     * Reflectors per block when a whole product is formed or applied: an inner dimension of 64
     * runs GEMM near its peak (32 leaves it memory-bound on C), and the extra flops on the zero
     * triangle of V stay below 64 / (2 len).
     */
    static final int WIDE_BLOCK = 64;

    private double[] vt = new double[0];
    private double[] work = new double[0];
    private final double[] t = new double[WIDE_BLOCK * WIDE_BLOCK];
    private final double[] gram = new double[WIDE_BLOCK * WIDE_BLOCK];
    private int k;
    private int len;

    /**
     * Loads reflectors {@code from .. from + count} of {@code r} (count <= WIDE_BLOCK),
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
     * {@code T(j, j) = tau_j}, with all the inner products {@code V^T V} from one GEMM.
     */
    private void formT(double[] tau, int tauOff) {
        Blas.gemm(k, k, len, 1.0, vt, 0, len, false, vt, 0, len, true, 0.0, gram, 0, k);
        for (int j = 0; j < k; j++) {
            double tj = tau[tauOff + j];
            for (int i = 0; i < j; i++) {
                double sum = 0;
                for (int p = i; p < j; p++) {
                    sum += t[i * k + p] * gram[p * k + j];
                }
                t[i * k + j] = -tj * sum;
            }
            t[j * k + j] = tj;
            for (int i = j + 1; i < k; i++) {
                t[i * k + j] = 0;
            }
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
        Blas.gemm(k, cols, k, 1.0, t, 0, k, transpose, w, 0, cols, false, 0.0, w, tw, cols);
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
        Blas.gemm(rows, k, k, 1.0, w, 0, k, false, t, 0, k, transpose, 0.0, w, tw, k);
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
        BlockReflector block = new BlockReflector();
        for (int from = lastBlockStart(r.count()); from >= 0; from -= WIDE_BLOCK) {
            if (from >= rows) {
                continue;
            }
            block.load(r, from, Math.min(WIDE_BLOCK, r.count() - from));
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
        BlockReflector block = new BlockReflector();
        for (int from = lastBlockStart(r.count()); from >= 0; from -= WIDE_BLOCK) {
            block.load(r, from, Math.min(WIDE_BLOCK, r.count() - from));
            block.applyRight(true, x, off + from, ldx, rows);
        }
    }

    /** {@code C := Q^T C} for the length x cols block C at {@code off}. */
    static void applyQTransposed(Reflectors r, double[] c, int off, int ldc, int cols) {
        BlockReflector block = new BlockReflector();
        for (int from = 0; from < r.count(); from += WIDE_BLOCK) {
            block.load(r, from, Math.min(WIDE_BLOCK, r.count() - from));
            block.applyLeft(true, c, off + from * ldc, ldc, cols);
        }
    }

    private static int lastBlockStart(int count) {
        return count == 0 ? -1 : (count - 1) / WIDE_BLOCK * WIDE_BLOCK;
    }
}
