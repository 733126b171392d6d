package io.github.nc4j.linalg.decomp;

import static io.github.nc4j.linalg.FloatingPoint.EPS;
import static io.github.nc4j.linalg.FloatingPoint.UNIT_ROUNDOFF;

import java.util.Arrays;

/**
 * Singular values of an upper bidiagonal matrix B by the dqds algorithm (differential
 * quotient-difference with shifts: Fernando and Parlett, Numer. Math. 67, 1994; Parlett and
 * Marques, Linear Algebra Appl. 309, 2000), the values-only path of LAPACK's {@code dbdsqr}.
 *
 * <p>The algorithm works on the squares {@code q_i = d_i^2} and {@code e_i = e_i^2}, which
 * represent the positive definite {@code T = B^T B}. One transform with shift {@code tau} turns
 * them into the array of {@code B B^T - tau I}, whose eigenvalues are those of T less tau; it
 * succeeds (every pivot d stays non-negative) exactly when tau does not exceed the smallest
 * eigenvalue, so a successful transform is its own proof that the shift was safe. The last
 * off-diagonal {@code e_{n-1}} then tends to zero, fast when tau is close to the smallest
 * eigenvalue, and the bottom entry plus the shifts summed so far is an eigenvalue of the
 * original T. Every step multiplies, divides and adds non-negative numbers, with no
 * subtraction but the shift, which is why the singular values come out with high relative
 * accuracy, the small ones included, and why it is several times faster than QR sweeps, whose
 * rotations each need a square root.
 *
 * <p>The shift is estimated from the trailing 2 x 2 block of the new array: the smaller
 * eigenvalue of that block, which by interlacing is never below the smallest eigenvalue of the
 * whole, reduced by a safety margin; when the last transform met a smaller pivot higher up, a
 * fraction of that pivot instead. A transform whose pivots go negative is discarded and retried
 * with a wider margin, then a quarter of the estimate, and after {@link #MAX_FAILURES} failures
 * with no shift, which cannot fail.
 */
final class Dqds {

    /**
     * At most this many transforms (failed ones included) per singular value, on average; the
     * bidiagonals of Gaussian matrices need about 4, uniformly random bidiagonals about 10.
     */
    static final int MAX_TRANSFORMS_PER_VALUE = 100;

    private static final int MAX_FAILURES = 3;
    /**
     * An off-diagonal below tol^2 of its neighbor is dropped. With tol one unit of roundoff
     * (LAPACK takes 100) dropping it moves a singular value by at most about eps of itself, so
     * the values agree with those of the QR sweeps to a few eps even in a cluster; convergence
     * is quadratic or faster, so that costs only 3 to 7% more transforms.
     */
    private static final double TOLERANCE_SQUARED = Math.pow(UNIT_ROUNDOFF, 2);
    /**
     * The first shift keeps a margin of MARGIN_FACTOR e_{hi-1} / alpha of the 2 x 2 estimate,
     * the error of that estimate to first order, but no less than MIN_MARGIN and no more than
     * SAFETY; the retry after a failure keeps SAFETY. The factors were tuned on the bidiagonals
     * of Gaussian matrices of order 512, where fewer than one transform in fifty fails.
     */
    private static final double MARGIN_FACTOR = 4;
    private static final double MIN_MARGIN = 8 * EPS;
    private static final double SAFETY = 1.0 / 64;
    /** The binary exponents that bound the scaled entries (see {@link #singularValues}). */
    private static final int LARGEST_SCALED_EXPONENT = 240;
    private static final int SMALLEST_SCALED_EXPONENT = -511;

    private final double[] q;
    private final double[] e;
    private final double[] newQ;
    private final double[] newE;
    private final double[] eigenvalues;
    /**
     * The pivots of the last successful transform and their running minimum from its top; a
     * transform writes into the trial arrays, which change places with these when it succeeds,
     * so that a failed one leaves the bounds of the last good one for the retry.
     */
    private double[] pivots;
    private double[] pivotMin;
    private double[] trialPivots;
    private double[] trialPivotMin;
    private int found;
    /**
     * The fraction of a smaller pivot higher up taken as the shift: a quarter at first, then
     * closer to one on each consecutive transform that sees such a pivot (LAPACK's dlasq4),
     * as the pivot, an upper bound on the smallest eigenvalue, approaches it.
     */
    private double middleFraction;
    private final BidiagonalQr.TwoByTwo twoByTwoSvd = new BidiagonalQr.TwoByTwo();
    /** Sees each transform and deflation; null (no calls, no cost) except in tests. */
    private final Observer observer;

    /**
     * Watches the iteration step by step: nc-linalg's tests use it to check how dqds converges,
     * and docs/internals/02-svd.md draws its figure from it. The library never passes one. The
     * arrays are the solver's own (the squares of B's entries, scaled by a power of two):
     * an observer reads them and must not write them.
     */
    interface Observer {

        /**
         * A transform of the block {@code lo .. hi} succeeded; {@code shift} is the total shift
         * of the block so far (this transform's included), so that its eigenvalues are those of
         * the new array {@code q, e} plus {@code shift}.
         */
        void transformed(int lo, int hi, double shift, double[] q, double[] e);

        /** A transform of {@code lo .. hi} with shift {@code tau} met a negative pivot. */
        void failed(int lo, int hi, double tau);

        /** The eigenvalue at row {@code row} of T is found: {@code eigenvalue}, scaled. */
        void deflated(int row, double eigenvalue);
    }

    private Dqds(int n, Observer observer) {
        this.observer = observer;
        this.q = new double[n];
        this.e = new double[Math.max(0, n - 1)];
        this.newQ = new double[n];
        this.newE = new double[Math.max(0, n - 1)];
        this.eigenvalues = new double[n];
        this.pivots = new double[n];
        this.pivotMin = new double[n];
        this.trialPivots = new double[n];
        this.trialPivotMin = new double[n];
    }

    /**
     * Overwrites {@code d} with the singular values of {@code B = bidiag(d, e)} (upper), in
     * descending order; {@code e} is left as it was.
     *
     * @throws ArithmeticException if the iteration needs more than
     *     {@link #MAX_TRANSFORMS_PER_VALUE} transforms per singular value
     */
    static void singularValues(double[] d, double[] e, String operation) {
        singularValues(d, e, operation, (long) MAX_TRANSFORMS_PER_VALUE * d.length);
    }

    /** {@link #singularValues} with an explicit cap on the transforms (tests lower it). */
    static void singularValues(double[] d, double[] e, String operation, long maxTransforms) {
        singularValues(d, e, operation, maxTransforms, null);
    }

    /**
     * {@link #singularValues} reporting to {@code observer}, which sees nothing when B is
     * diagonal, of order 1, or of a range that goes to the QR sweeps.
     */
    static void singularValues(double[] d, double[] e, String operation, long maxTransforms,
                               Observer observer) {
        int n = d.length;
        double largest = 0;
        double smallest = Double.POSITIVE_INFINITY;
        for (int i = 0; i < 2 * n - 1; i++) {
            double entry = Math.abs(i % 2 == 0 ? d[i / 2] : e[i / 2]);
            largest = Math.max(largest, entry);
            if (entry != 0) {
                smallest = Math.min(smallest, entry);
            }
        }
        if (n <= 1 || largest == 0) {
            for (int i = 0; i < n; i++) {
                d[i] = Math.abs(d[i]);
            }
            return;
        }
        // Scaled by a power of two (exact) so that the largest square is near 2^482: no sum of
        // squares, nor the product of two in the shift, overflows, and every entry down to
        // 2^-751 of the largest keeps a normal square. A B with a wider range than that (its
        // small entries would lose their relative accuracy) goes to the QR sweeps, which work
        // on the entries themselves, as LAPACK's dlasq1 falls back to dbdsqr.
        int exponent = LARGEST_SCALED_EXPONENT - Math.getExponent(largest);
        if (Math.getExponent(smallest) + exponent < SMALLEST_SCALED_EXPONENT) {
            BidiagonalQr.solve(d, e.clone(), null, null, operation);
            return;
        }
        Dqds solver = new Dqds(n, observer);
        for (int i = 0; i < n; i++) {
            solver.q[i] = square(Math.scalb(d[i], exponent));
            if (i < n - 1) {
                solver.e[i] = square(Math.scalb(e[i], exponent));
            }
        }
        solver.run(operation, maxTransforms);
        double[] lambda = solver.eigenvalues;
        Arrays.sort(lambda);
        for (int i = 0; i < n; i++) {
            d[i] = Math.scalb(Math.sqrt(lambda[n - 1 - i]), -exponent);
        }
    }

    private static double square(double x) {
        return x * x;
    }

    /**
     * Finds every eigenvalue of T, block by block from the bottom: when an off-diagonal becomes
     * negligible the block splits, and its upper part waits on a stack with the shift it has so
     * far (its array is that of T less that shift).
     */
    private void run(String operation, long maxTransforms) {
        int n = q.length;
        int[] pendingLo = new int[n];
        int[] pendingHi = new int[n];
        double[] pendingShift = new double[n];
        pendingHi[0] = n - 1;
        int pending = 1;
        long transforms = 0;
        while (pending > 0) {
            pending--;
            int lo = pendingLo[pending];
            int hi = pendingHi[pending];
            double shift = pendingShift[pending];
            if (1.5 * q[lo] < q[hi]) {
                flip(lo, hi);
            }
            boolean estimated = false;
            while (hi >= lo) {
                if (hi == lo || negligible(hi - 1, shift)
                        || e[hi - 1] <= TOLERANCE_SQUARED * (shift + q[hi])) {
                    eigenvalues[found++] = shift + q[hi];
                    if (observer != null) {
                        observer.deflated(hi, shift + q[hi]);
                    }
                    hi--;
                    continue;
                }
                int top = splitAbove(lo, hi - 1, shift);
                if (top > lo) {
                    pendingLo[pending] = lo;
                    pendingHi[pending] = top - 1;
                    pendingShift[pending] = shift;
                    pending++;
                    lo = top;
                }
                if (hi == lo + 1) {
                    twoByTwo(lo, shift);
                    hi -= 2;
                    continue;
                }
                int attempt = estimated ? 0 : MAX_FAILURES;
                double tau = shift(lo, hi, attempt);
                while (!transform(lo, hi, tau)) {
                    transforms++;
                    if (observer != null) {
                        observer.failed(lo, hi, tau);
                    }
                    tau = shift(lo, hi, ++attempt);
                }
                if (++transforms > maxTransforms) {
                    throw new ArithmeticException(operation + ": the dqds iteration did not"
                            + " converge for order " + n + " after " + transforms
                            + " transforms (" + (n - found) + " singular values left)");
                }
                shift += tau;
                estimated = true;
                if (observer != null) {
                    observer.transformed(lo, hi, shift, q, e);
                }
            }
        }
    }

    /**
     * The top of the unreduced block lo .. hi, at least lo, after dropping the lowest negligible
     * off-diagonal above index hi.
     */
    private int splitAbove(int lo, int hi, double shift) {
        for (int k = hi - 1; k >= lo; k--) {
            if (negligible(k, shift)) {
                e[k] = 0;
                return k + 1;
            }
        }
        return lo;
    }

    /**
     * e_k is negligible when it is below tol^2 of q_k, or of the shift (every eigenvalue of the
     * block exceeds it): in terms of B the off-diagonal is then below tol times its neighbor,
     * and dropping it changes the singular values by a relative O(tol).
     */
    private boolean negligible(int k, double shift) {
        return e[k] <= TOLERANCE_SQUARED * q[k] || e[k] <= TOLERANCE_SQUARED * shift;
    }

    /**
     * The eigenvalues of the last 2 x 2 block, {@code B^T B} for {@code B = [[a, b], [0, c]]}
     * with {@code a^2 = q_i, b^2 = e_i, c^2 = q_{i+1}}: the squares of B's singular values.
     */
    private void twoByTwo(int i, double shift) {
        BidiagonalQr.TwoByTwo svd = twoByTwoSvd;
        svd.svd(Math.sqrt(q[i]), Math.sqrt(e[i]), Math.sqrt(q[i + 1]));
        eigenvalues[found++] = shift + square(svd.larger);
        eigenvalues[found++] = shift + square(svd.smaller);
        if (observer != null) {
            observer.deflated(i + 1, shift + square(svd.smaller));
            observer.deflated(i, shift + square(svd.larger));
        }
    }

    /**
     * The shift for the given attempt at a transform of lo .. hi (0 first, one more after each
     * failure; {@link #MAX_FAILURES} and beyond give no shift). It starts from the smaller
     * eigenvalue of the trailing 2 x 2 block of T, {@code [[alpha, beta], [beta, gamma]]},
     * computed as det / larger (the determinant has no cancellation) and capped by the last
     * transform's pivot at hi; both are upper bounds on the smallest eigenvalue, and the 2 x 2
     * value is close to it once {@code e_{hi-1}} is small, so the first attempt keeps a margin
     * in proportion to {@code e_{hi-1} / alpha}, the second a fixed {@link #SAFETY}, the
     * third a quarter. When a smaller pivot sits higher up, so may a smaller eigenvalue, and
     * the shifts are fractions of that pivot instead.
     */
    private double shift(int lo, int hi, int attempt) {
        if (attempt >= MAX_FAILURES) {
            return 0;
        }
        double last = pivots[hi];
        double higher = pivotMin[hi - 1];
        if (higher < last) {
            if (attempt > 0) {
                middleFraction = 0;
                return higher / (4 << (2 * attempt));
            }
            middleFraction = middleFraction == 0 ? 0.25 : middleFraction + (1 - middleFraction) / 3;
            return higher * middleFraction;
        }
        middleFraction = 0;
        double above = hi - 1 > lo ? e[hi - 2] : 0;
        double alpha = above + q[hi - 1];
        double gamma = e[hi - 1] + q[hi];
        double betaSquared = q[hi - 1] * e[hi - 1];
        double determinant = above * gamma + q[hi - 1] * q[hi];
        double half = (alpha - gamma) / 2;
        double larger = (alpha + gamma) / 2 + Math.sqrt(half * half + betaSquared);
        double estimate = Math.min(determinant / larger, last);
        double margin = switch (attempt) {
            case 0 -> Math.max(MIN_MARGIN, Math.min(SAFETY, MARGIN_FACTOR * e[hi - 1] / alpha));
            case 1 -> SAFETY;
            default -> 0.75;
        };
        return estimate * (1 - margin);
    }

    /**
     * One dqds transform of the block lo .. hi with shift tau, into newQ and newE; copied back,
     * and its pivots kept for the next shift, only if every pivot stays non-negative.
     */
    private boolean transform(int lo, int hi, double tau) {
        double pivot = q[lo] - tau;
        if (pivot < 0) {
            return false;
        }
        double smallest = pivot;
        trialPivots[lo] = pivot;
        trialPivotMin[lo] = pivot;
        for (int i = lo; i < hi; i++) {
            double qHat = pivot + e[i];
            double ratio = q[i + 1] / qHat;
            newQ[i] = qHat;
            newE[i] = e[i] * ratio;
            pivot = pivot * ratio - tau;
            if (pivot < 0) {
                return false;
            }
            smallest = Math.min(smallest, pivot);
            trialPivots[i + 1] = pivot;
            trialPivotMin[i + 1] = smallest;
        }
        newQ[hi] = pivot;
        System.arraycopy(newQ, lo, q, lo, hi - lo + 1);
        System.arraycopy(newE, lo, e, lo, hi - lo);
        double[] swap = pivots;
        pivots = trialPivots;
        trialPivots = swap;
        swap = pivotMin;
        pivotMin = trialPivotMin;
        trialPivotMin = swap;
        return true;
    }

    /** Reverses the block: J B^T J is upper bidiagonal with the same singular values. */
    private void flip(int lo, int hi) {
        for (int i = lo, j = hi; i < j; i++, j--) {
            double t = q[i];
            q[i] = q[j];
            q[j] = t;
        }
        for (int i = lo, j = hi - 1; i < j; i++, j--) {
            double t = e[i];
            e[i] = e[j];
            e[j] = t;
        }
    }
}
