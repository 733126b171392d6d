package io.github.nc4j.linalg.decomp;

import static io.github.nc4j.linalg.FloatingPoint.UNIT_ROUNDOFF;

/**
 * Eigenvalues, and optionally eigenvectors, of a symmetric tridiagonal matrix by the implicit QL
 * and QR algorithms with Wilkinson shifts, as LAPACK's {@code dsteqr} (Golub and Van Loan, 4th ed.,
 * section 8.3.5): the matrix splits wherever an off-diagonal element is negligible,
 * {@code |e_i| <= u sqrt(|d_i| |d_{i+1}|)} with u the unit roundoff, and each unreduced block is
 * iterated on from its end with the smaller diagonal element (QL from the top, QR from the
 * bottom), which keeps graded matrices accurate (Greenbaum and Dongarra, "Experiments with QL/QR
 * methods for the symmetric tridiagonal eigenproblem", LAPACK Working Note 17, 1989). Blocks are
 * scaled into a safe range first.
 */
final class TridiagonalQr {

    /** Iterations allowed per eigenvalue before the algorithm gives up (LAPACK's MAXIT). */
    static final int MAX_ITERATIONS_PER_VALUE = 30;

    private static final double UNIT_ROUNDOFF_SQUARED = UNIT_ROUNDOFF * UNIT_ROUNDOFF;
    private static final double SAFE_MIN = Double.MIN_NORMAL;
    private static final double SCALED_MAX = Math.sqrt(1 / SAFE_MIN) / 3;
    private static final double SCALED_MIN = Math.sqrt(SAFE_MIN) / UNIT_ROUNDOFF_SQUARED;

    private final double[] d;
    private final double[] e;
    private final RotationPipeline rotations;
    private final PlaneRotation rotation = new PlaneRotation();
    private final int maxIterations;
    private int iterations;

    private TridiagonalQr(double[] d, double[] e, RotationPipeline rotations, int maxIterations) {
        this.d = d;
        this.e = e;
        this.rotations = rotations;
        this.maxIterations = maxIterations;
    }

    /**
     * Diagonalizes {@code T = tridiag(e, d, e)} in place: on return {@code d} holds the
     * eigenvalues in no particular order and {@code e} is destroyed. When {@code vectors} is not
     * null, its rows turn from {@code Z^T} into {@code (Z S)^T}, where {@code T = S diag(d) S^T}.
     *
     * @throws ArithmeticException if the iteration count reaches 30 n before every
     *     off-diagonal element is negligible
     */
    static void diagonalize(double[] d, double[] e, RotationPipeline.Target vectors,
                            String operation) {
        diagonalize(d, e, vectors, operation, MAX_ITERATIONS_PER_VALUE * d.length);
    }

    /** {@link #diagonalize} with an explicit iteration cap (tests lower it). */
    static void diagonalize(double[] d, double[] e, RotationPipeline.Target vectors,
                            String operation, int maxIterations) {
        if (vectors == null) {
            new TridiagonalQr(d, e, null, maxIterations).run(operation);
        } else {
            RotationPipeline.run(new RotationPipeline.Target[] {vectors},
                    pipeline -> new TridiagonalQr(d, e, pipeline, maxIterations).run(operation));
        }
    }

    private void run(String operation) {
        int n = d.length;
        int start = 0;
        while (start < n) {
            if (start > 0) {
                e[start - 1] = 0;
            }
            int end = start;
            while (end < n - 1) {
                double offDiagonal = Math.abs(e[end]);
                if (offDiagonal == 0) {
                    break;
                }
                double scale = Math.sqrt(Math.abs(d[end])) * Math.sqrt(Math.abs(d[end + 1]));
                if (offDiagonal <= scale * UNIT_ROUNDOFF) {
                    e[end] = 0;
                    break;
                }
                end++;
            }
            int blockStart = start;
            start = end + 1;
            if (end > blockStart) {
                solveBlock(blockStart, end);
            }
            if (iterations >= maxIterations) {
                int left = 0;
                for (int i = 0; i < n - 1; i++) {
                    if (e[i] != 0) {
                        left++;
                    }
                }
                throw new ArithmeticException(operation + ": the tridiagonal QL/QR iteration did"
                        + " not converge for order " + n + " after " + iterations
                        + " iterations (" + left + " off-diagonal elements not negligible)");
            }
        }
    }

    /** Iterates on the unreduced block {@code lo .. hi} until it splits completely. */
    private void solveBlock(int lo, int hi) {
        double norm = 0;
        for (int i = lo; i <= hi; i++) {
            norm = Math.max(norm, Math.abs(d[i]));
            if (i < hi) {
                norm = Math.max(norm, Math.abs(e[i]));
            }
        }
        if (norm == 0) {
            return;
        }
        double scale = norm > SCALED_MAX ? SCALED_MAX / norm
                : norm < SCALED_MIN ? SCALED_MIN / norm : 1;
        scaleBlock(lo, hi, scale);
        if (Math.abs(d[hi]) < Math.abs(d[lo])) {
            qrFromBottom(hi, lo);
        } else {
            qlFromTop(lo, hi);
        }
        scaleBlock(lo, hi, 1 / scale);
    }

    private void scaleBlock(int lo, int hi, double scale) {
        if (scale == 1) {
            return;
        }
        for (int i = lo; i <= hi; i++) {
            d[i] *= scale;
            if (i < hi) {
                e[i] *= scale;
            }
        }
    }

    private boolean negligible(double offDiagonal, double d1, double d2) {
        return offDiagonal * offDiagonal
                <= (UNIT_ROUNDOFF_SQUARED * Math.abs(d1)) * Math.abs(d2) + SAFE_MIN;
    }

    /** QL: eigenvalues converge at the top, l rises to lend. */
    private void qlFromTop(int l, int lend) {
        while (l <= lend) {
            int m = l;
            while (m < lend && !negligible(e[m], d[m], d[m + 1])) {
                m++;
            }
            if (m < lend) {
                e[m] = 0;
            }
            if (m == l) {
                l++;
                continue;
            }
            if (m == l + 1) {
                solveTwoByTwo(l);
                l += 2;
                continue;
            }
            if (iterations >= maxIterations) {
                return;
            }
            iterations++;
            double p = d[l];
            double g = (d[l + 1] - p) / (2 * e[l]);
            double r = Math.hypot(g, 1);
            g = d[m] - p + e[l] / (g + Math.copySign(r, g));
            double s = 1;
            double c = 1;
            p = 0;
            int base = reserve(l, m - l, false);
            for (int i = m - 1; i >= l; i--) {
                double f = s * e[i];
                double b = c * e[i];
                rotation.zero(g, f);
                c = rotation.c;
                s = rotation.s;
                if (i != m - 1) {
                    e[i + 1] = rotation.r;
                }
                g = d[i + 1] - p;
                r = (d[i] - g) * s + 2 * c * b;
                p = s * r;
                d[i + 1] = g + p;
                g = c * r - b;
                store(base + i - l, c, -s);
            }
            d[l] -= p;
            e[l] = g;
        }
    }

    /** QR: eigenvalues converge at the bottom, l falls to lend. */
    private void qrFromBottom(int l, int lend) {
        while (l >= lend) {
            int m = l;
            while (m > lend && !negligible(e[m - 1], d[m], d[m - 1])) {
                m--;
            }
            if (m > lend) {
                e[m - 1] = 0;
            }
            if (m == l) {
                l--;
                continue;
            }
            if (m == l - 1) {
                solveTwoByTwo(l - 1);
                l -= 2;
                continue;
            }
            if (iterations >= maxIterations) {
                return;
            }
            iterations++;
            double p = d[l];
            double g = (d[l - 1] - p) / (2 * e[l - 1]);
            double r = Math.hypot(g, 1);
            g = d[m] - p + e[l - 1] / (g + Math.copySign(r, g));
            double s = 1;
            double c = 1;
            p = 0;
            int base = reserve(m, l - m, true);
            for (int i = m; i < l; i++) {
                double f = s * e[i];
                double b = c * e[i];
                rotation.zero(g, f);
                c = rotation.c;
                s = rotation.s;
                if (i != m) {
                    e[i - 1] = rotation.r;
                }
                g = d[i] - p;
                r = (d[i + 1] - g) * s + 2 * c * b;
                p = s * r;
                d[i] = g + p;
                g = c * r - b;
                store(base + i - m, c, s);
            }
            d[l] -= p;
            e[l - 1] = g;
        }
    }

    private int reserve(int firstRow, int count, boolean forward) {
        if (rotations == null) {
            return 0;
        }
        if (!rotations.log(0).hasRoom(count)) {
            rotations.publish();
        }
        return rotations.log(0).record(firstRow, count, forward);
    }

    private void store(int index, double c, double s) {
        if (rotations != null) {
            rotations.log(0).cos[index] = c;
            rotations.log(0).sin[index] = s;
        }
    }

    /**
     * The 2 x 2 block at rows {@code i, i+1}, {@code [a b; b c]}, diagonalized directly
     * (LAPACK's {@code dlaev2}): eigenvalues {@code rt1} (larger in magnitude) and {@code rt2}
     * with unit eigenvector {@code (cs, sn)} for rt1, rt2 computed from the determinant so
     * that it is accurate even when it is much smaller than rt1.
     */
    private void solveTwoByTwo(int i) {
        double a = d[i];
        double b = e[i];
        double c = d[i + 1];
        double sum = a + c;
        double diff = a - c;
        double absDiff = Math.abs(diff);
        double twoB = b + b;
        double absTwoB = Math.abs(twoB);
        double larger = Math.abs(a) > Math.abs(c) ? a : c;
        double smaller = Math.abs(a) > Math.abs(c) ? c : a;
        double root;
        if (absDiff > absTwoB) {
            double q = absTwoB / absDiff;
            root = absDiff * Math.sqrt(1 + q * q);
        } else if (absDiff < absTwoB) {
            double q = absDiff / absTwoB;
            root = absTwoB * Math.sqrt(1 + q * q);
        } else {
            root = absTwoB * Math.sqrt(2.0);
        }
        double rt1;
        double rt2;
        int sign1;
        if (sum < 0) {
            rt1 = 0.5 * (sum - root);
            sign1 = -1;
            rt2 = (larger / rt1) * smaller - (b / rt1) * b;
        } else if (sum > 0) {
            rt1 = 0.5 * (sum + root);
            sign1 = 1;
            rt2 = (larger / rt1) * smaller - (b / rt1) * b;
        } else {
            rt1 = 0.5 * root;
            rt2 = -0.5 * root;
            sign1 = 1;
        }
        int sign2;
        double cs;
        if (diff >= 0) {
            cs = diff + root;
            sign2 = 1;
        } else {
            cs = diff - root;
            sign2 = -1;
        }
        double cs1;
        double sn1;
        if (Math.abs(cs) > absTwoB) {
            double ct = -twoB / cs;
            sn1 = 1 / Math.sqrt(1 + ct * ct);
            cs1 = ct * sn1;
        } else if (absTwoB == 0) {
            cs1 = 1;
            sn1 = 0;
        } else {
            double tn = -cs / twoB;
            cs1 = 1 / Math.sqrt(1 + tn * tn);
            sn1 = tn * cs1;
        }
        if (sign1 == sign2) {
            double tn = cs1;
            cs1 = -sn1;
            sn1 = tn;
        }
        d[i] = rt1;
        d[i + 1] = rt2;
        e[i] = 0;
        store(reserve(i, 1, true), cs1, sn1);
    }
}
