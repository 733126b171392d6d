package io.github.nc4j.linalg.decomp;

import static io.github.nc4j.linalg.FloatingPoint.UNIT_ROUNDOFF;
import static io.github.nc4j.linalg.decomp.MergeColumns.BOTH;
import static io.github.nc4j.linalg.decomp.MergeColumns.LOWER;
import static io.github.nc4j.linalg.decomp.MergeColumns.UPPER;
import static io.github.nc4j.linalg.decomp.MergeColumns.rotateRows;

import io.github.nc4j.linalg.Blas;
import io.github.nc4j.linalg.internal.Workers;
import java.util.Arrays;

/**
 * Singular values and vectors of an upper bidiagonal matrix by divide and conquer, as LAPACK's
 * {@code dbdsdc} with {@code dlasd0} to {@code dlasd3} (Jessup and Sorensen, "A parallel
 * algorithm for computing the singular value decomposition of a matrix", SIAM J. Matrix Anal.
 * Appl. 15, 1994; Gu and Eisenstat, "A divide-and-conquer algorithm for the bidiagonal SVD",
 * SIAM J. Matrix Anal. Appl. 16, 1995).
 *
 * <p>A block of N rows and {@code N + sqre} columns ({@code sqre} is 1 for a block with one
 * extra column on its right, holding only the superdiagonal element of its last row) is split
 * at its middle row k: the rows above form a block with an extra column (column k), the rows
 * below one of the parent's kind, and row k keeps {@code alpha = d_k} in column k and
 * {@code beta = e_k} in column k + 1. With the halves' SVDs {@code B_i = U_i [D_i 0] V_i^T},
 * <pre>
 *   B = diag(U_1, 1, U_2) P [z^T; 0 diag(d_1 .. d_{N-1})] Q^T diag(V_1, V_2)^T
 * </pre>
 * (P, Q permutations), where {@code z^T = (alpha V_1^T e_k, beta V_2^T e_{k+1})} is row k moved
 * into the halves' right singular bases, and the halves' two null vectors, if there are two,
 * are first rotated into one with {@code d_0 = 0} and a parent null vector with a zero z
 * component. The squared singular values of the middle "broken arrow" matrix M are the
 * eigenvalues of {@code diag(d_i^2) + z z^T}. A merge
 * <ol>
 *   <li>deflates (LAPACK's {@code dlasd2}): a pole with a negligible z component is already a
 *       singular value, two close poles are rotated on both sides so that one z component
 *       vanishes, and a pole near zero is rotated into {@code d_0} on the right;</li>
 *   <li>solves the secular equation for the k singular values left
 *       ({@link SecularEquation#solveSquared}, with {@code d_i^2 - sigma^2} factored);</li>
 *   <li>recomputes z from them (Gu and Eisenstat), so that the vectors
 *       {@code v = (z_hat_i / (d_i^2 - sigma^2))} and
 *       {@code u = (-1, d_i z_hat_i / (d_i^2 - sigma^2))} of the nearby M are orthogonal to
 *       working precision;</li>
 *   <li>multiplies them into the halves' vectors by two GEMMs per side that skip the zero
 *       blocks, the columns from the upper half only, from both, or from the lower half only
 *       being grouped ({@code dlasd3}).</li>
 * </ol>
 * Blocks of at most {@link #LEAF_SIZE} rows are solved by {@link BidiagonalQr}. The GEMMs,
 * about {@code 8/3 n^3} flops when little deflates, are where the time goes, against the QR
 * iteration's rotations, about {@code 7 n^3} on random input.
 *
 * <p>Singular vectors are kept as rows (of {@code U^T} and {@code V^T}): a rotation or a copy of
 * one is then a contiguous row operation.
 */
final class BidiagonalDivideConquer {

    /** Largest block solved by the QR iteration (LAPACK's SMLSIZ). */
    static final int LEAF_SIZE = 25;


    private final double[] d;
    private final double[] e;
    private final double[] ut;
    private final int ldu;
    private final double[] vt;
    private final int n;
    private final int leafSize;
    private final String operation;

    // Workspace for the largest merge, reused by every merge; indexed by pole p of the merge.
    private final double[] pole;
    private final double[] z;
    private final double[] value;
    private final int[] order;
    private final int[] kept;
    private final int[] deflated;
    private final int[] kind;
    private final int[] source;
    // Indexed by kept pole i.
    private final double[] keptPole;
    private final double[] keptZ;
    private final double[] zHat;
    private final double[] roots;
    private final int[] column;
    private final int[] groupStart = new int[3];
    private final double[] deltas;
    private final double[] vectors;
    private final double[] oldRows;
    private final double[] newRows;

    private BidiagonalDivideConquer(double[] d, double[] e, double[] ut, int ldu, double[] vt,
                                    int leafSize, String operation) {
        this.d = d;
        this.e = e;
        this.ut = ut;
        this.ldu = ldu;
        this.vt = vt;
        this.n = d.length;
        this.leafSize = leafSize;
        this.operation = operation;
        int size = n > leafSize ? n : 0;
        pole = new double[size];
        z = new double[size];
        value = new double[size];
        order = new int[size];
        kept = new int[size];
        deflated = new int[size];
        kind = new int[size];
        source = new int[size];
        keptPole = new double[size];
        keptZ = new double[size];
        zHat = new double[size];
        roots = new double[size];
        column = new int[size];
        deltas = new double[size * size];
        vectors = new double[size * size];
        oldRows = new double[size * size];
        newRows = new double[size * size];
    }

    /**
     * The SVD {@code B = U diag(s) V^T} of the n x n upper bidiagonal {@code B = bidiag(d, e)}:
     * on return {@code d} holds s, descending and non-negative ({@code e} is destroyed), row j
     * of the n x n block at the start of {@code ut} (leading dimension {@code ldu >= n}) the
     * left singular vector {@code u_j}, and row j of the n x n row-major {@code vt} the right
     * one {@code v_j}. Both blocks are overwritten. Backward stable: the result is the exact SVD
     * of a B + dB with {@code ||dB|| = O(n eps ||B||)}, with vectors orthonormal to
     * {@code O(n eps)}. Workspace: four n x n arrays (differences, the merge's vectors, the old
     * and the new rows of one side).
     *
     * @param leafSize blocks of up to this many rows go to the QR iteration, at least 1
     * @throws ArithmeticException if the QR iteration on a leaf or a secular equation does not
     *     converge (never observed)
     */
    static void solve(double[] d, double[] e, double[] ut, int ldu, double[] vt, int leafSize,
                      String operation) {
        int n = d.length;
        if (leafSize < 1) {
            throw new IllegalArgumentException("leaf size " + leafSize + " < 1");
        }
        for (int i = 0; i < n; i++) {
            Arrays.fill(ut, i * ldu, i * ldu + n, 0.0);
        }
        Arrays.fill(vt, 0, n * n, 0.0);
        if (n == 0) {
            return;
        }
        // A power of two brings the largest element near 1 (as dbdsdc scales B to norm 1): the
        // leaves' rotations then neither underflow nor overflow.
        double largest = 0;
        for (int i = 0; i < n; i++) {
            largest = Math.max(largest, Math.abs(d[i]));
            if (i < n - 1) {
                largest = Math.max(largest, Math.abs(e[i]));
            }
        }
        double scale = largest > 0 ? Math.scalb(1.0, -Math.getExponent(largest)) : 1;
        scale(d, e, scale);
        new BidiagonalDivideConquer(d, e, ut, ldu, vt, leafSize, operation).divide(0, n, 0);
        scale(d, e, 1 / scale);
    }

    private static void scale(double[] d, double[] e, double factor) {
        for (int i = 0; i < d.length; i++) {
            d[i] *= factor;
        }
        for (int i = 0; i < d.length - 1; i++) {
            e[i] *= factor;
        }
    }

    /** Rows {@code lo .. hi-1} and columns {@code lo .. hi-1+sqre}. */
    private void divide(int lo, int hi, int sqre) {
        int rows = hi - lo;
        if (rows <= leafSize || rows < 3) {
            solveLeaf(lo, hi, sqre);
            return;
        }
        int k = lo + rows / 2;
        divide(lo, k, 1);
        divide(k + 1, hi, sqre);
        merge(lo, k, hi, sqre);
    }

    /**
     * The QR iteration on a block, from U = I and V = I. An extra column is first rotated away
     * from the right, bottom to top (each rotation of columns j and N zeroes element (j, N) and
     * moves the fill to (j - 1, N)), which leaves a square upper bidiagonal block and the
     * block's null vector in row N of V^T.
     */
    private void solveLeaf(int lo, int hi, int sqre) {
        int rows = hi - lo;
        int cols = rows + sqre;
        int uOff = lo * ldu + lo;
        int vOff = lo * n + lo;
        for (int i = 0; i < rows; i++) {
            ut[uOff + i * ldu + i] = 1;
        }
        for (int i = 0; i < cols; i++) {
            vt[vOff + i * n + i] = 1;
        }
        double[] dBlock = Arrays.copyOfRange(d, lo, hi);
        double[] eBlock = Arrays.copyOfRange(e, lo, hi - 1);
        if (sqre == 1) {
            double extra = e[hi - 1];
            for (int j = rows - 1; j >= 0 && extra != 0; j--) {
                double r = Math.hypot(dBlock[j], extra);
                double c = dBlock[j] / r;
                double s = extra / r;
                dBlock[j] = r;
                rotateRows(vt, vOff + j * n, vOff + rows * n, cols, c, s);
                if (j > 0) {
                    extra = -s * eBlock[j - 1];
                    eBlock[j - 1] *= c;
                }
            }
        }
        BidiagonalQr.solve(dBlock, eBlock, new RotationPipeline.Target(ut, uOff, ldu, rows, rows),
                new RotationPipeline.Target(vt, vOff, n, rows, cols), operation);
        System.arraycopy(dBlock, 0, d, lo, rows);
    }

    /**
     * Merges the solved halves (rows {@code lo .. k-1} with the extra column k, and rows
     * {@code k+1 .. hi-1}) with row k. Pole p of the merge is the middle one for p = 0 (d = 0,
     * left vector e_k, right vector the halves' combined null vector), the upper half's singular
     * value p - 1 for {@code 1 <= p <= nl}, the lower half's p - nl - 1 above; its vectors are
     * in row {@link #rowOf} of the block.
     */
    private void merge(int lo, int k, int hi, int sqre) {
        int rows = hi - lo;
        int cols = rows + sqre;
        int nl = k - lo;
        int uOff = lo * ldu + lo;
        int vOff = lo * n + lo;
        double alpha = d[k];
        double beta = e[k];
        ut[uOff + nl * ldu + nl] = 1;
        pole[0] = 0;
        z[0] = alpha * vt[vOff + nl * n + nl];
        kind[0] = sqre == 1 ? BOTH : UPPER;
        for (int p = 1; p < rows; p++) {
            int row = rowOf(p, nl);
            pole[p] = d[lo + row];
            boolean upper = p <= nl;
            z[p] = upper ? alpha * vt[vOff + row * n + nl] : beta * vt[vOff + row * n + nl + 1];
            kind[p] = upper ? UPPER : LOWER;
        }
        if (sqre == 1) {
            // The lower half's null vector (row N) and the upper half's (row nl) become one
            // with all of row k's weight and the parent's null vector, in row N.
            double z2 = beta * vt[vOff + rows * n + nl + 1];
            double r = Math.hypot(z[0], z2);
            if (r != 0) {
                rotateRows(vt, vOff + nl * n, vOff + rows * n, cols, z[0] / r, z2 / r);
                z[0] = r;
            }
        }
        // A power of two brings the largest element near 1: the squares neither overflow nor
        // underflow, and the tolerances are absolute.
        double largest = 0;
        for (int p = 0; p < rows; p++) {
            largest = Math.max(largest, Math.max(pole[p], Math.abs(z[p])));
        }
        double scale = largest > 0 ? Math.scalb(1.0, -Math.getExponent(largest)) : 1;
        for (int p = 0; p < rows; p++) {
            pole[p] *= scale;
            z[p] *= scale;
        }
        double tolerance = 8 * UNIT_ROUNDOFF * largest * scale;
        ascendingOrder(nl, rows);
        int count = deflate(lo, nl, rows, cols, tolerance);
        int deflatedCount = rows - count;
        if (Math.abs(z[0]) <= tolerance) {
            z[0] = Math.copySign(tolerance, z[0]);
        }
        for (int i = 0; i < count; i++) {
            keptPole[i] = pole[kept[i]];
            keptZ[i] = z[kept[i]];
        }
        MergeColumns.group(kind, kept, count, groupStart, column);
        if (count == 1) {
            roots[0] = Math.abs(keptZ[0]);
        } else {
            SecularEquation.solveAll(count, keptPole, keptZ, 1, true, roots, deltas);
            SecularEquation.recomputeZ(count, keptPole, keptZ, true, deltas, zHat);
        }
        MergeColumns.sortByKey(deflated, deflatedCount, value, 0);
        // Output position q (descending values) takes new row source[q]: a root (< count) or a
        // deflated pole (count + its rank among the deflated).
        int a = count - 1;
        int b = deflatedCount - 1;
        for (int q = 0; q < rows; q++) {
            boolean takeRoot = b < 0 || (a >= 0 && roots[a] >= value[deflated[b]]);
            if (takeRoot) {
                d[lo + q] = roots[a] / scale;
                source[q] = a--;
            } else {
                d[lo + q] = value[deflated[b]] / scale;
                source[q] = count + b--;
            }
        }
        updateSide(false, vt, vOff, n, cols, nl, count, deflatedCount);
        updateSide(true, ut, uOff, ldu, rows, nl, count, deflatedCount);
    }

    /** Block row of pole p (see {@link #merge}). */
    private static int rowOf(int p, int nl) {
        return p == 0 ? nl : p <= nl ? p - 1 : p;
    }

    /** {@code order}: the poles by ascending value; each half's come in descending. */
    private void ascendingOrder(int nl, int rows) {
        order[0] = 0;
        int a = nl;
        int b = rows - 1;
        for (int q = 1; q < rows; q++) {
            order[q] = b == nl || (a >= 1 && pole[a] <= pole[b]) ? a-- : b--;
        }
    }

    /**
     * Deflation in ascending order of the poles (LAPACK's {@code dlasd2}); pole 0 is always
     * kept. A pole whose |z| is below the tolerance is deflated. A pole below the tolerance is
     * rotated into pole 0 on the right (the element {@code s d_p} this leaves in column 0 is
     * dropped) and deflated with value {@code |c| d_p}. Otherwise, if the Givens rotation that
     * zeroes the z component of the previous kept pole would change D by less than the
     * tolerance ({@code |t c s|}, t the poles' gap), it is applied to both sides and the
     * previous pole is deflated. Fills {@code kept} (ascending, strictly increasing after this),
     * {@code deflated} and their values; returns the number kept.
     */
    private int deflate(int lo, int nl, int rows, int cols, double tolerance) {
        int uOff = lo * ldu + lo;
        int vOff = lo * n + lo;
        int count = 0;
        int deflatedCount = 0;
        int previous = 0;
        for (int q = 1; q < rows; q++) {
            int p = order[q];
            if (Math.abs(z[p]) <= tolerance) {
                value[p] = pole[p];
                deflated[deflatedCount++] = p;
                continue;
            }
            if (previous == 0 && pole[p] <= tolerance) {
                double r = Math.hypot(z[0], z[p]);
                double c = z[0] / r;
                double s = z[p] / r;
                int row = vOff + rowOf(p, nl) * n;
                rotateRows(vt, vOff + nl * n, row, cols, c, s);
                z[0] = r;
                z[p] = 0;
                if (kind[p] != kind[0]) {
                    kind[0] = BOTH;
                }
                value[p] = Math.abs(c) * pole[p];
                if (c < 0) {
                    Rows.negate(vt, row, 0, cols, 0);
                }
                deflated[deflatedCount++] = p;
                continue;
            }
            if (previous != 0) {
                double s = z[previous];
                double c = z[p];
                double r = Math.hypot(c, s);
                double t = pole[p] - pole[previous];
                c /= r;
                s = -s / r;
                if (Math.abs(t * c * s) <= tolerance) {
                    z[p] = r;
                    z[previous] = 0;
                    int x = rowOf(previous, nl);
                    int y = rowOf(p, nl);
                    rotateRows(ut, uOff + x * ldu, uOff + y * ldu, rows, c, s);
                    rotateRows(vt, vOff + x * n, vOff + y * n, cols, c, s);
                    if (kind[previous] != kind[p]) {
                        kind[p] = BOTH;
                    }
                    double dp = pole[previous];
                    double dk = pole[p];
                    pole[previous] = dp * c * c + dk * s * s;
                    pole[p] = dp * s * s + dk * c * c;
                    value[previous] = pole[previous];
                    deflated[deflatedCount++] = previous;
                    previous = p;
                    continue;
                }
            }
            kept[count++] = previous;
            previous = p;
        }
        kept[count++] = previous;
        return count;
    }

    /**
     * The new singular vectors of one side ({@code left}: U, else V) of the block at
     * {@code off} (rows of length {@code width}): the unit vectors of M times the kept old ones
     * by two GEMMs split at column nl + 1, the deflated ones copied, all put in the order
     * {@code source}.
     */
    private void updateSide(boolean left, double[] x, int off, int ld, int width, int nl,
                            int count, int deflatedCount) {
        for (int i = 0; i < count; i++) {
            System.arraycopy(x, off + rowOf(kept[i], nl) * ld, oldRows, column[i] * width,
                    width);
        }
        secularVectors(left, count);
        int split = nl + 1;
        int upper = groupStart[LOWER];
        int both = groupStart[BOTH];
        Blas.gemm(count, split, upper, 1.0, vectors, 0, count, false, oldRows, 0, width, false,
                0.0, newRows, 0, width);
        Blas.gemm(count, width - split, count - both, 1.0, vectors, both, count, false,
                oldRows, both * width + split, width, false, 0.0, newRows, split, width);
        for (int b = 0; b < deflatedCount; b++) {
            System.arraycopy(x, off + rowOf(deflated[b], nl) * ld, newRows,
                    (count + b) * width, width);
        }
        int rows = count + deflatedCount;
        for (int q = 0; q < rows; q++) {
            System.arraycopy(newRows, source[q] * width, x, off + q * ld, width);
        }
    }

    /**
     * Row j of {@code vectors}: the unit singular vector of M for root j, columns in
     * {@code column} order; right {@code (z_hat_i / delta_ji)}, left
     * {@code (-1, d_i z_hat_i / delta_ji)}, {@code delta_ji = d_i^2 - sigma_j^2}.
     */
    private void secularVectors(boolean left, int count) {
        if (count == 1) {
            // M = [z_0]: sigma = |z_0|, u = -1, v = -sign(z_0) (no division by 0 when z_0 = 0).
            vectors[0] = left || keptZ[0] >= 0 ? -1 : 1;
            return;
        }
        int parts = SecularEquation.parts(count);
        Workers.forEach(parts, part -> {
            // The entries in their own row first: simple loops, which the JIT vectorizes.
            double[] entries = new double[count];
            for (int j = part; j < count; j += parts) {
                int row = j * count;
                for (int i = 0; i < count; i++) {
                    entries[i] = zHat[i] / deltas[row + i];
                }
                if (left) {
                    for (int i = 1; i < count; i++) {
                        entries[i] *= keptPole[i];
                    }
                    entries[0] = -1;
                }
                double sum = 0;
                for (int i = 0; i < count; i++) {
                    sum += entries[i] * entries[i];
                }
                double inverse = 1 / Math.sqrt(sum);
                for (int i = 0; i < count; i++) {
                    vectors[row + column[i]] = entries[i] * inverse;
                }
            }
        });
    }
}
