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
 * Eigenvalues and eigenvectors of a symmetric tridiagonal matrix by divide and conquer, as
 * LAPACK's {@code dstedc} (Cuppen, "A divide and conquer method for the symmetric tridiagonal
 * eigenproblem", Numer. Math. 36, 1981; Gu and Eisenstat, "A divide-and-conquer algorithm for
 * the symmetric tridiagonal eigenproblem", SIAM J. Matrix Anal. Appl. 16, 1995; Demmel,
 * <i>Applied Numerical Linear Algebra</i>, section 5.3.3).
 *
 * <p>An unreduced block is torn in two by a rank-one change, {@code T = diag(T1, T2) +
 * |beta| u u^T} with beta the off-diagonal element between the halves and
 * {@code u = (e_last, sign(beta) e_first)}; the halves are solved recursively (by
 * {@link TridiagonalQr} below the leaf size) and merged: with {@code Ti = Qi Di Qi^T},
 * {@code T = Q (D + rho z z^T) Q^T}, {@code Q = diag(Q1, Q2)}, {@code z = Q^T u}. A merge
 * <ol>
 *   <li>deflates: an eigenpair of D whose z component is negligible is already one of T, and two
 *       close poles are rotated so that one z component vanishes (LAPACK's {@code dlaed2});</li>
 *   <li>solves the secular equation for the k roots left ({@link SecularEquation});</li>
 *   <li>recomputes z from the roots (Gu and Eisenstat's Loewner formula), so that the
 *       eigenvectors {@code (D - lambda_j)^{-1} z_hat} of the nearby problem are orthogonal to
 *       working precision whatever the roots' errors;</li>
 *   <li>multiplies those k vectors into Q by two GEMMs, one per half, which skip the zero blocks
 *       of Q: the columns that come only from Q1, only from Q2, or from both (rotated) are
 *       grouped (LAPACK's {@code dlaed3}).</li>
 * </ol>
 * The GEMMs, about {@code 4/3 n^3} flops when little deflates, are where the time goes, and the
 * reason this beats the QR iteration's {@code 6 n^3} of rotations for large n.
 *
 * <p>The eigenvectors are kept as the rows of {@code Z^T}: a rotation or a copy of one is a
 * contiguous row operation.
 */
final class TridiagonalDivideConquer {

    /** Largest block solved by the QR iteration (LAPACK's SMLSIZ). */
    static final int LEAF_SIZE = 25;

    private final double[] d;
    private final double[] e;
    private final double[] zt;
    private final int n;
    private final int leafSize;
    private final String operation;

    // Workspace for the largest merge, reused by every merge.
    private final double[] z;
    private final double[] poles;
    private final double[] weights;
    private final double[] roots;
    private final int[] order;
    private final int[] kept;
    private final int[] deflated;
    private final int[] kind;
    private final int[] column;
    private final int[] groupStart = new int[3];
    private final double[] keptZ;
    private final double[] deltas;
    private final double[] vectors;
    private final double[] oldRows;
    private final double[] newRows;

    private TridiagonalDivideConquer(double[] d, double[] e, double[] zt, int leafSize,
                                     String operation, int largest) {
        this.d = d;
        this.e = e;
        this.zt = zt;
        this.n = d.length;
        this.leafSize = leafSize;
        this.operation = operation;
        int size = largest > leafSize ? largest : 0;
        z = new double[size];
        poles = new double[size];
        weights = new double[size];
        roots = new double[size];
        order = new int[size];
        kept = new int[size];
        deflated = new int[size];
        kind = new int[size];
        column = new int[size];
        keptZ = new double[size];
        deltas = new double[size * size];
        vectors = new double[size * size];
        oldRows = new double[size * size];
        newRows = new double[size * size];
    }

    /**
     * Diagonalizes {@code T = tridiag(e, d, e)}: on return {@code d} holds the eigenvalues,
     * ascending within each block that T splits into (at off-diagonal elements
     * {@code |e_i| <= u sqrt(|d_i| |d_{i+1}|)}, which are set to zero), and row j of the n x n
     * row-major {@code zt} (overwritten) the unit eigenvector of {@code d[j]}.
     *
     * @param leafSize blocks up to this order go to the QR iteration, at least 1
     * @throws ArithmeticException if the QR iteration on a leaf does not converge
     */
    static void diagonalize(double[] d, double[] e, double[] zt, int leafSize, String operation) {
        int n = d.length;
        if (leafSize < 1) {
            throw new IllegalArgumentException("leaf size " + leafSize + " < 1");
        }
        Arrays.fill(zt, 0, n * n, 0.0);
        int largest = 0;
        for (int start = 0, end; start < n; start = end + 1) {
            end = blockEnd(d, e, start);
            largest = Math.max(largest, end + 1 - start);
        }
        TridiagonalDivideConquer solver =
                new TridiagonalDivideConquer(d, e, zt, leafSize, operation, largest);
        for (int start = 0, end; start < n; start = end + 1) {
            end = blockEnd(d, e, start);
            solver.solveBlock(start, end + 1);
        }
    }

    /** Last index of the unreduced block from {@code start}; zeroes the negligible e after it. */
    private static int blockEnd(double[] d, double[] e, int start) {
        int end = start;
        while (end < d.length - 1) {
            double scale = Math.sqrt(Math.abs(d[end])) * Math.sqrt(Math.abs(d[end + 1]));
            if (Math.abs(e[end]) <= UNIT_ROUNDOFF * scale) {
                e[end] = 0;
                break;
            }
            end++;
        }
        return end;
    }

    /**
     * Solves the unreduced block {@code lo .. hi-1}, scaled by a power of two so that its
     * largest element is near 1 (the deflation tolerances are absolute).
     */
    private void solveBlock(int lo, int hi) {
        if (hi - lo <= leafSize) {
            solveLeaf(lo, hi);
            return;
        }
        double norm = 0;
        for (int i = lo; i < hi; i++) {
            norm = Math.max(norm, Math.abs(d[i]));
            if (i < hi - 1) {
                norm = Math.max(norm, Math.abs(e[i]));
            }
        }
        double scale = Math.scalb(1.0, -Math.getExponent(norm));
        scale(lo, hi, scale);
        divide(lo, hi);
        scale(lo, hi, 1 / scale);
    }

    private void scale(int lo, int hi, double factor) {
        for (int i = lo; i < hi; i++) {
            d[i] *= factor;
            if (i < hi - 1) {
                e[i] *= factor;
            }
        }
    }

    private void divide(int lo, int hi) {
        if (hi - lo <= leafSize) {
            solveLeaf(lo, hi);
            return;
        }
        int mid = lo + (hi - lo) / 2;
        double beta = e[mid - 1];
        d[mid - 1] -= Math.abs(beta);
        d[mid] -= Math.abs(beta);
        divide(lo, mid);
        divide(mid, hi);
        merge(lo, mid, hi, beta);
    }

    /** The QR iteration on block {@code lo .. hi-1}, from Z = I, then sorted ascending. */
    private void solveLeaf(int lo, int hi) {
        int m = hi - lo;
        int off = lo * n + lo;
        for (int i = 0; i < m; i++) {
            zt[off + i * n + i] = 1;
        }
        double[] dBlock = Arrays.copyOfRange(d, lo, hi);
        double[] eBlock = Arrays.copyOfRange(e, lo, hi - 1);
        TridiagonalQr.diagonalize(dBlock, eBlock,
                new RotationPipeline.Target(zt, off, n, m, m), operation);
        for (int i = 0; i < m - 1; i++) {
            int min = i;
            for (int j = i + 1; j < m; j++) {
                if (dBlock[j] < dBlock[min]) {
                    min = j;
                }
            }
            if (min != i) {
                double t = dBlock[i];
                dBlock[i] = dBlock[min];
                dBlock[min] = t;
                Rows.swap(zt, off, n, m, i, min);
            }
        }
        System.arraycopy(dBlock, 0, d, lo, m);
    }

    /**
     * Merges the solved halves {@code lo .. mid-1} and {@code mid .. hi-1} (values ascending in
     * each, eigenvectors in the rows of zt) into the eigen-decomposition of the block.
     */
    private void merge(int lo, int mid, int hi, double beta) {
        int m = hi - lo;
        int n1 = mid - lo;
        int rowOff = lo * n + lo;
        // z = Q^T u / sqrt(2), rho = 2 |beta|: the same rank-one term with ||z|| = 1.
        double scale = Math.sqrt(0.5);
        for (int k = 0; k < m; k++) {
            z[k] = k < n1 ? scale * zt[rowOff + k * n + n1 - 1]
                    : Math.copySign(scale, beta) * zt[rowOff + k * n + n1];
        }
        double rho = 2 * Math.abs(beta);
        mergeOrder(lo, n1, m);
        double largest = 0;
        for (int k = 0; k < m; k++) {
            largest = Math.max(largest, Math.max(Math.abs(d[lo + k]), Math.abs(z[k])));
        }
        double tolerance = 8 * UNIT_ROUNDOFF * largest;
        int count = deflate(lo, n1, m, rho, tolerance);
        int deflatedCount = m - count;
        if (count > 0) {
            groupColumns(lo, m, count);
            solveSecular(lo, count, rho);
            multiply(n1, m, count);
        }
        // Deflated eigenvectors follow the new ones in newRows; then all go back sorted.
        MergeColumns.sortByKey(deflated, deflatedCount, d, lo);
        for (int r = 0; r < deflatedCount; r++) {
            System.arraycopy(zt, rowOff + deflated[r] * n, newRows, (count + r) * m, m);
        }
        int a = 0;
        int b = 0;
        for (int p = 0; p < m; p++) {
            boolean takeRoot = b == deflatedCount
                    || (a < count && roots[a] <= d[lo + deflated[b]]);
            double value;
            int source;
            if (takeRoot) {
                value = roots[a];
                source = a++;
            } else {
                value = d[lo + deflated[b]];
                source = count + b++;
            }
            weights[p] = value;
            System.arraycopy(newRows, source * m, zt, rowOff + p * n, m);
        }
        System.arraycopy(weights, 0, d, lo, m);
    }

    /** {@code order}: the block's indices by ascending d, merging the two sorted halves. */
    private void mergeOrder(int lo, int n1, int m) {
        int a = 0;
        int b = n1;
        for (int p = 0; p < m; p++) {
            order[p] = b == m || (a < n1 && d[lo + a] <= d[lo + b]) ? a++ : b++;
        }
    }

    /**
     * Deflation in ascending order of the poles: an index whose {@code rho |z|} is below the
     * tolerance is deflated; otherwise, if the Givens rotation that zeroes the z component of the
     * previous kept index would change D by less than the tolerance ({@code |t c s|} with t the
     * poles' gap), it is applied to D, z and the two eigenvectors, and the previous index is
     * deflated. Fills {@code kept} (ascending poles, strictly increasing after this) and
     * {@code deflated}; returns the number kept.
     */
    private int deflate(int lo, int n1, int m, double rho, double tolerance) {
        int rowOff = lo * n + lo;
        for (int k = 0; k < m; k++) {
            kind[k] = k < n1 ? UPPER : LOWER;
        }
        int count = 0;
        int deflatedCount = 0;
        int previous = -1;
        for (int p = 0; p < m; p++) {
            int k = order[p];
            if (rho * Math.abs(z[k]) <= tolerance) {
                deflated[deflatedCount++] = k;
                continue;
            }
            if (previous < 0) {
                previous = k;
                continue;
            }
            double s = z[previous];
            double c = z[k];
            double r = Math.hypot(c, s);
            double t = d[lo + k] - d[lo + previous];
            c /= r;
            s = -s / r;
            if (Math.abs(t * c * s) <= tolerance) {
                z[k] = r;
                z[previous] = 0;
                rotateRows(zt, rowOff + previous * n, rowOff + k * n, m, c, s);
                if (kind[previous] != kind[k]) {
                    kind[k] = BOTH;
                }
                double dp = d[lo + previous];
                double dk = d[lo + k];
                d[lo + previous] = dp * c * c + dk * s * s;
                d[lo + k] = dp * s * s + dk * c * c;
                deflated[deflatedCount++] = previous;
            } else {
                kept[count++] = previous;
            }
            previous = k;
        }
        if (previous >= 0) {
            kept[count++] = previous;
        }
        return count;
    }

    /** {@code x := c x + s y, y := c y - s x} for the rows at {@code x} and {@code y}. */
    /**
     * The roots of the deflated problem into {@code roots}, their differences to the poles into
     * the rows of {@code deltas}, Gu and Eisenstat's {@code z_hat} into {@code weights}, and the
     * unit eigenvectors {@code (D - lambda_j)^{-1} z_hat} into the rows of {@code vectors},
     * with the columns permuted into {@code column} order (grouped by kind).
     */
    private void solveSecular(int lo, int count, double rho) {
        for (int i = 0; i < count; i++) {
            poles[i] = d[lo + kept[i]];
            keptZ[i] = z[kept[i]];
        }
        SecularEquation.solveAll(count, poles, keptZ, rho, false, roots, deltas);
        SecularEquation.recomputeZ(count, poles, keptZ, false, deltas, weights);
        int parts = SecularEquation.parts(count);
        Workers.forEach(parts, part -> {
            for (int j = part; j < count; j += parts) {
                int row = j * count;
                double sum = 0;
                for (int i = 0; i < count; i++) {
                    double v = weights[i] / deltas[row + i];
                    deltas[row + i] = v;
                    sum += v * v;
                }
                double inverse = 1 / Math.sqrt(sum);
                for (int i = 0; i < count; i++) {
                    vectors[row + column[i]] = deltas[row + i] * inverse;
                }
            }
        });
    }

    /**
     * Groups the kept old eigenvectors by kind (upper only, both, lower only) into the rows of
     * {@code oldRows}; {@code column[i]} is where kept index i went, and {@code groupStart} where
     * each group begins.
     */
    private void groupColumns(int lo, int m, int count) {
        MergeColumns.group(kind, kept, count, groupStart, column);
        int rowOff = lo * n + lo;
        for (int i = 0; i < count; i++) {
            System.arraycopy(zt, rowOff + kept[i] * n, oldRows, column[i] * m, m);
        }
    }

    /**
     * New eigenvector j (row j of newRows) is {@code sum_i v_j(i) q_i} over the kept old
     * eigenvectors {@code q_i}: the left n1 columns need only the groups upper and both, the
     * right ones only both and lower.
     */
    private void multiply(int n1, int m, int count) {
        int upper = groupStart[LOWER];
        int both = groupStart[BOTH];
        Blas.gemm(count, n1, upper, 1.0, vectors, 0, count, false, oldRows, 0, m, false,
                0.0, newRows, 0, m);
        Blas.gemm(count, m - n1, count - both, 1.0, vectors, both, count, false,
                oldRows, both * m + n1, m, false, 0.0, newRows, n1, m);
    }
}
