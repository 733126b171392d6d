package io.github.nc4j.linalg.decomp;

import io.github.nc4j.linalg.Matrix;

/**
 * Singular value decomposition {@code A = U diag(s) V^T} of an m x n matrix, with
 * {@code p = min(m, n)} singular values {@code s_0 >= s_1 >= ... >= s_{p-1} >= 0}.
 * {@link #of} gives the thin factors (U m x p, V n x p, orthonormal columns), {@link #full} square
 * orthogonal ones (U m x m, V n x n), {@link #values} the singular values alone.
 *
 * <p>Algorithm, as LAPACK's {@code dgesvd}: a matrix much taller than wide (m > 1.6 n) is first
 * reduced by Householder QR, A = Q R, and the SVD of R is computed instead (a wide one is
 * transposed). Blocked Householder bidiagonalization {@code A = Q_B B P^T} ({@code dgebrd}) puts
 * half its flops in GEMM; the singular values of the bidiagonal B come from implicit QR sweeps
 * with Demmel-Kahan zero shifts and relative convergence tests ({@code dbdsqr}; Demmel and
 * Kahan, SIAM J. Sci. Stat. Comput. 11, 1990), or, for the values alone, from the dqds
 * algorithm (Fernando and Parlett, 1994), several times faster; both find every singular value
 * of B to high relative accuracy. For the vectors, {@code Q_B^T} and {@code P^T} are formed by
 * blocked (GEMM-based) accumulation of the reflectors, and the sweeps' rotations are applied to
 * their rows in cache-sized batches, in scaled ("fast Givens") form; from order
 * 128 on, as LAPACK's {@code dgesdd}, the SVD of B with its vectors
 * comes from divide and conquer ({@code dbdsdc}; Gu and Eisenstat, SIAM J. Matrix Anal. Appl. 16,
 * 1995) and the reflectors are applied to those vectors ({@code dormbr}). Inputs whose largest
 * element lies outside
 * {@code [sqrt(safmin)/eps, eps/sqrt(safmin)]} are scaled by a power of two first and the
 * singular values scaled back. References: Golub and Van Loan, <i>Matrix Computations</i>,
 * 4th ed., sections 5.4.8 and 8.6.
 *
 * <p>Accuracy (backward stable): {@code ||A - U diag(s) V^T|| = O(max(m, n) eps ||A||)},
 * {@code ||I - U^T U|| = O(m eps)}, {@code ||I - V^T V|| = O(n eps)}, and each singular value is
 * within {@code O(max(m, n) eps s_0)} of the exact one. Cost: about {@code 4 m n^2 - 4 n^3 / 3}
 * flops for the values (m >= n, half of them in GEMM); for a square matrix the vectors add about
 * {@code 8 n^3 / 3} for forming {@code Q_B} and P (GEMM) and about {@code 7 n^3} for the
 * rotations (0.85 n^2 per side on random input, two FMAs per element in their scaled form), or,
 * from order 128, at most {@code 8 n^3 / 3} for the divide and
 * conquer and {@code 4 n^3} for applying the reflectors, both in GEMM.
 * Inputs are never modified.
 */
public final class Svd {

    /** LAPACK's crossover (ilaenv: 1.6 min(m, n)) above which a tall matrix is QR-reduced first. */
    private static final double QR_FIRST_RATIO = 1.6;

    /** Order from which the bidiagonal SVD with vectors is divide and conquer, not QR sweeps. */
    static final int DIVIDE_AND_CONQUER_FROM = 128;

    /**
     * U^T and V^T, as the algorithm leaves them (one singular vector per row): the accessors
     * transpose them into fresh matrices, which costs what a copy of U or V would.
     */
    private final Matrix ut;
    private final double[] s;
    private final Matrix vt;

    private Svd(Matrix ut, double[] s, Matrix vt) {
        this.ut = ut;
        this.s = s;
        this.vt = vt;
    }

    /**
     * The thin SVD: U is m x p and V is n x p with orthonormal columns, {@code p = min(m, n)}.
     *
     * @param a the matrix A
     * @return the thin SVD
     * @throws IllegalArgumentException if {@code a} holds NaN or infinity (checked before any
     *     iteration)
     * @throws ArithmeticException if the bidiagonal QR iteration needs more than 6 p^2 inner
     *     steps, or a secular equation of the divide and conquer finds no root (neither ever
     *     observed; the message names the size and the step count)
     */
    public static Svd of(Matrix a) {
        return decompose(a, Mode.THIN, "Svd.of");
    }

    /**
     * The full SVD: U is m x m and V is n x n, orthogonal; their first p columns are those of
     * {@link #of}. Same exceptions as {@link #of}, and an {@link IllegalArgumentException} if
     * U or V would not fit in one Java array.
     *
     * @param a the matrix A
     * @return the full SVD
     */
    public static Svd full(Matrix a) {
        int largest = Math.max(a.rows(), a.cols());
        if ((long) largest * largest > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("Svd.full: for the " + a.shape() + " input the"
                    + " orthogonal factor would be " + largest + "x" + largest
                    + ", too large for one Java array; Svd.of gives the thin factors");
        }
        return decompose(a, Mode.FULL, "Svd.full");
    }

    /**
     * {@return the singular values of {@code a} in descending order, without the vectors (about
     * three times as fast as {@link #of} for a square matrix of order 512)}
     *
     * @param a the matrix A
     * @throws IllegalArgumentException if {@code a} holds NaN or infinity
     * @throws ArithmeticException if the dqds iteration needs more than 100 p transforms
     *     (never observed; the message names the size and the transform count)
     */
    public static double[] values(Matrix a) {
        return decompose(a, Mode.VALUES, "Svd.values").s;
    }

    /** {@return U: m x p (thin) or m x m (full), orthonormal columns} */
    public Matrix u() {
        return ut.transpose();
    }

    /** {@return V: n x p (thin) or n x n (full), orthonormal columns} */
    public Matrix v() {
        return vt.transpose();
    }

    /** {@return the singular values, descending and non-negative (a copy)} */
    public double[] singularValues() {
        return s.clone();
    }

    private enum Mode { VALUES, THIN, FULL }

    private static Svd decompose(Matrix a, Mode mode, String operation) {
        Checks.requireFinite(a, operation);
        if (a.rows() < a.cols()) {
            Svd transposed = decomposeTall(a.transpose(), mode, operation);
            return new Svd(transposed.vt, transposed.s, transposed.ut);
        }
        return decomposeTall(a.copy(), mode, operation);
    }

    /** The SVD of an m x n matrix with m >= n, given as a copy that may be overwritten. */
    private static Svd decomposeTall(Matrix work, Mode mode, String operation) {
        int m = work.rows();
        int n = work.cols();
        if (n == 0) {
            return new Svd(mode == Mode.FULL ? Matrix.identity(m) : Matrix.zeros(0, m),
                    new double[0], Matrix.zeros(0, 0));
        }
        double[] a = work.data();
        double scale = Rows.safeScale(work.maxAbs(), Rows.SAFE_SMALL, Rows.SAFE_LARGE);
        if (scale != 1) {
            work.scaleInPlace(scale);
        }
        boolean wantVectors = mode != Mode.VALUES;
        boolean qrFirst = m > QR_FIRST_RATIO * n;
        double[] qrTau = null;
        double[] qrFactors = null;
        int rows = m;
        if (qrFirst) {
            qrTau = new double[n];
            Qr.factor(a, m, n, qrTau);
            qrFactors = a;
            a = new double[n * n];
            for (int i = 0; i < n; i++) {
                System.arraycopy(qrFactors, i * n + i, a, i * n + i, n - i);
            }
            rows = n;
        }
        double[] d = new double[n];
        double[] e = new double[n - 1];
        double[] tauQ = new double[n];
        double[] tauP = new double[n - 1];
        Bidiagonalization.reduce(a, rows, n, d, e, tauQ, tauP);
        if (!wantVectors) {
            Dqds.singularValues(d, e, operation);
            unscale(d, scale);
            return new Svd(null, d, null);
        }
        // Rows of U^T: thin keeps n of them, full all m (the last m - n untouched by the sweeps).
        int uRows = mode == Mode.FULL ? m : n;
        double[] ut = new double[uRows * m];
        double[] vt;
        if (n >= DIVIDE_AND_CONQUER_FROM) {
            // U^T = [U_B^T 0] Q_B^T and V^T = V_B^T P^T, the reflectors applied to the
            // bidiagonal's vectors directly (LAPACK's dormbr after dbdsdc).
            vt = new double[n * n];
            BidiagonalDivideConquer.solve(d, e, ut, m, vt, BidiagonalDivideConquer.LEAF_SIZE,
                    operation);
            for (int i = n; i < uRows; i++) {
                ut[i * m + i] = 1;
            }
            BlockReflector.multiplyByQTransposed(Bidiagonalization.left(a, rows, n, tauQ), ut, 0,
                    m, qrFirst ? n : uRows);
            BlockReflector.multiplyByQTransposed(Bidiagonalization.right(a, n, tauP), vt, 1, n, n);
        } else {
            if (qrFirst) {
                BlockReflector.formQTransposed(Bidiagonalization.left(a, n, n, tauQ), ut, 0, m,
                        n);
                for (int i = n; i < uRows; i++) {
                    ut[i * m + i] = 1;
                }
            } else {
                BlockReflector.formQTransposed(Bidiagonalization.left(a, m, n, tauQ), ut, 0, m,
                        uRows);
            }
            vt = BlockReflector.formShiftedQTransposed(Bidiagonalization.right(a, n, tauP));
            int bidiagonalCols = qrFirst ? n : m;
            BidiagonalQr.solve(d, e, new RotationPipeline.Target(ut, 0, m, n, bidiagonalCols),
                    new RotationPipeline.Target(vt, 0, n, n, n), operation);
        }
        if (qrFirst) {
            BlockReflector.multiplyByQTransposed(Qr.reflectors(qrFactors, m, n, qrTau), ut, 0, m,
                    uRows);
        }
        unscale(d, scale);
        return new Svd(Matrix.wrap(uRows, m, ut), d, Matrix.wrap(n, n, vt));
    }

    private static void unscale(double[] s, double scale) {
        if (scale != 1) {
            for (int i = 0; i < s.length; i++) {
                s[i] /= scale;
            }
        }
    }
}
