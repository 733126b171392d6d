package io.github.nc4j.linalg.decomp;

import static io.github.nc4j.linalg.FloatingPoint.UNIT_ROUNDOFF;

/**
 * Singular values, and optionally vectors, of an upper bidiagonal matrix by implicit QR sweeps,
 * as LAPACK's {@code dbdsqr} (Demmel and Kahan, "Accurate singular values of bidiagonal
 * matrices", SIAM J. Sci. Stat. Comput. 11, 1990): zero-shift sweeps whenever a shift could
 * spoil the relative accuracy of the smallest singular values, Wilkinson-type shifts otherwise,
 * convergence tests relative to a running estimate of the smallest singular value, and bulges
 * chased from the larger end of each unreduced block towards the smaller one. Every singular
 * value, the small ones included, comes out with high relative accuracy.
 *
 * <p>The rotations go to a {@link RotationPipeline} for the rows of {@code U^T} and {@code V^T},
 * which applies them in batches on other threads while the sweeps go on.
 */
final class BidiagonalQr {

    /** LAPACK's MAXITR: at most 6 n^2 inner steps (one rotation pair each) in all. */
    static final int MAX_ITERATION_FACTOR = 6;

    private static final double UNDERFLOW = Double.MIN_NORMAL;
    /** LAPACK's relative tolerance, {@code max(10, min(100, u^(-1/8))) u}, u the unit roundoff. */
    private static final double TOLERANCE =
            Math.max(10, Math.min(100, Math.pow(UNIT_ROUNDOFF, -0.125))) * UNIT_ROUNDOFF;

    private static final int LEFT = 0;
    private static final int RIGHT = 1;

    private final double[] d;
    private final double[] e;
    private final RotationPipeline rotations;
    private final long maxInnerSteps;
    private final PlaneRotation rotation = new PlaneRotation();
    private final PlaneRotation second = new PlaneRotation();
    private final TwoByTwo twoByTwo = new TwoByTwo();

    private BidiagonalQr(double[] d, double[] e, RotationPipeline rotations, long maxInnerSteps) {
        this.d = d;
        this.e = e;
        this.rotations = rotations;
        this.maxInnerSteps = maxInnerSteps;
    }

    /**
     * Overwrites {@code d} with the singular values of {@code B = bidiag(d, e)} (upper), in
     * descending order and non-negative; {@code e} is destroyed. When the targets are not null,
     * their rows turn from {@code U^T} and {@code V^T} into {@code (U Q)^T} and
     * {@code (V P)^T}, where {@code B = Q diag(d) P^T}.
     *
     * @throws ArithmeticException if the sweeps take more than 6 n^2 inner steps
     */
    static void solve(double[] d, double[] e, RotationPipeline.Target left,
                      RotationPipeline.Target right, String operation) {
        solve(d, e, left, right, operation, (long) MAX_ITERATION_FACTOR * d.length * d.length);
    }

    /** {@link #solve} with an explicit cap on the inner steps (tests lower it). */
    static void solve(double[] d, double[] e, RotationPipeline.Target left,
                      RotationPipeline.Target right, String operation, long maxInnerSteps) {
        if (left == null) {
            new BidiagonalQr(d, e, null, maxInnerSteps).iterate(operation);
        } else {
            RotationPipeline.run(new RotationPipeline.Target[] {left, right},
                    pipeline -> new BidiagonalQr(d, e, pipeline, maxInnerSteps).iterate(operation));
        }
        makePositiveAndSort(d, left, right);
    }

    private void iterate(String operation) {
        int n = d.length;
        if (n <= 1) {
            return;
        }
        double threshold = absoluteThreshold();
        long iterations = 0;
        int oldLo = -1;
        int oldHi = -1;
        boolean fromTop = true;
        int hi = n - 1;
        outer:
        while (hi > 0) {
            if (iterations > maxInnerSteps) {
                throw new ArithmeticException(operation + ": the bidiagonal QR iteration did not"
                        + " converge for order " + n + " after " + iterations + " inner steps ("
                        + hi + " singular values left)");
            }
            // Find the unreduced block lo .. hi: e[lo .. hi-1] all nonzero.
            double largest = Math.abs(d[hi]);
            int lo = 0;
            for (int k = hi - 1; k >= 0; k--) {
                double absE = Math.abs(e[k]);
                if (absE <= threshold || absE == 0) {
                    e[k] = 0;
                    if (k == hi - 1) {
                        hi--;
                        continue outer;
                    }
                    lo = k + 1;
                    break;
                }
                largest = Math.max(largest, Math.max(Math.abs(d[k]), absE));
            }
            if (lo == hi - 1) {
                solveTwoByTwo(hi - 1);
                hi -= 2;
                continue;
            }
            if (lo > oldHi || hi < oldLo) {
                fromTop = Math.abs(d[lo]) >= Math.abs(d[hi]);
            }
            // Relative convergence tests, from the end the bulge will move towards.
            double smallest;
            if (fromTop) {
                if (Math.abs(e[hi - 1]) <= TOLERANCE * Math.abs(d[hi])) {
                    e[hi - 1] = 0;
                    continue;
                }
                double mu = Math.abs(d[lo]);
                smallest = mu;
                for (int k = lo; k < hi; k++) {
                    if (Math.abs(e[k]) <= TOLERANCE * mu) {
                        e[k] = 0;
                        continue outer;
                    }
                    mu = Math.abs(d[k + 1]) * (mu / (mu + Math.abs(e[k])));
                    smallest = Math.min(smallest, mu);
                }
            } else {
                if (Math.abs(e[lo]) <= TOLERANCE * Math.abs(d[lo])) {
                    e[lo] = 0;
                    continue;
                }
                double mu = Math.abs(d[hi]);
                smallest = mu;
                for (int k = hi - 1; k >= lo; k--) {
                    if (Math.abs(e[k]) <= TOLERANCE * mu) {
                        e[k] = 0;
                        continue outer;
                    }
                    mu = Math.abs(d[k]) * (mu / (mu + Math.abs(e[k])));
                    smallest = Math.min(smallest, mu);
                }
            }
            oldLo = lo;
            oldHi = hi;
            double shift = shift(lo, hi, fromTop, smallest, largest, n);
            iterations += hi - lo;
            if (shift == 0) {
                zeroShiftSweep(lo, hi, fromTop);
            } else {
                shiftedSweep(lo, hi, fromTop, shift);
            }
            int end = fromTop ? hi - 1 : lo;
            if (Math.abs(e[end]) <= threshold) {
                e[end] = 0;
            }
        }
    }

    /**
     * The split threshold: tol times an estimate of the smallest singular value from the
     * recurrence of Demmel and Kahan (section 2 of their paper), divided by sqrt(n).
     */
    private double absoluteThreshold() {
        int n = d.length;
        double estimate = Math.abs(d[0]);
        double mu = estimate;
        for (int i = 1; i < n && estimate != 0; i++) {
            mu = Math.abs(d[i]) * (mu / (mu + Math.abs(e[i - 1])));
            estimate = Math.min(estimate, mu);
        }
        estimate /= Math.sqrt(n);
        return Math.max(TOLERANCE * estimate, MAX_ITERATION_FACTOR * (n * (n * UNDERFLOW)));
    }

    /**
     * Zero when a shift would cost relative accuracy ({@code n tol smallest / largest <=
     * max(eps, tol / 100)}) or is negligible; otherwise the smaller singular value of the
     * trailing (or leading) 2 x 2 block.
     */
    private double shift(int lo, int hi, boolean fromTop, double smallest, double largest, int n) {
        if (n * TOLERANCE * (smallest / largest) <= Math.max(UNIT_ROUNDOFF, 0.01 * TOLERANCE)) {
            return 0;
        }
        double reference;
        double shift;
        if (fromTop) {
            reference = Math.abs(d[lo]);
            shift = smallerSingularValue(d[hi - 1], e[hi - 1], d[hi]);
        } else {
            reference = Math.abs(d[hi]);
            shift = smallerSingularValue(d[lo], e[lo], d[lo + 1]);
        }
        if (reference > 0 && (shift / reference) * (shift / reference) < UNIT_ROUNDOFF) {
            return 0;
        }
        return shift;
    }

    /**
     * One QR sweep with shift zero (Demmel and Kahan's "implicit zero-shift QR"): two rotations
     * per step and no subtraction, so every entry keeps its relative accuracy.
     */
    private void zeroShiftSweep(int lo, int hi, boolean fromTop) {
        int count = hi - lo;
        int base = reserve(lo, count, fromTop);
        double cs = 1;
        double oldCs = 1;
        double oldSn = 0;
        if (fromTop) {
            for (int i = lo; i < hi; i++) {
                rotation.zero(d[i] * cs, e[i]);
                cs = rotation.c;
                double sn = rotation.s;
                if (i > lo) {
                    e[i - 1] = oldSn * rotation.r;
                }
                second.zero(oldCs * rotation.r, d[i + 1] * sn);
                oldCs = second.c;
                oldSn = second.s;
                d[i] = second.r;
                store(RIGHT, base + i - lo, cs, sn);
                store(LEFT, base + i - lo, oldCs, oldSn);
            }
            double h = d[hi] * cs;
            d[hi] = h * oldCs;
            e[hi - 1] = h * oldSn;
        } else {
            for (int i = hi; i > lo; i--) {
                rotation.zero(d[i] * cs, e[i - 1]);
                cs = rotation.c;
                double sn = rotation.s;
                if (i < hi) {
                    e[i] = oldSn * rotation.r;
                }
                second.zero(oldCs * rotation.r, d[i - 1] * sn);
                oldCs = second.c;
                oldSn = second.s;
                d[i] = second.r;
                store(LEFT, base + i - 1 - lo, cs, -sn);
                store(RIGHT, base + i - 1 - lo, oldCs, -oldSn);
            }
            double h = d[lo] * cs;
            d[lo] = h * oldCs;
            e[lo] = h * oldSn;
        }
    }

    /** One implicitly shifted QR sweep (Golub and Van Loan, 4th ed., algorithm 8.6.1). */
    private void shiftedSweep(int lo, int hi, boolean fromTop, double shift) {
        int count = hi - lo;
        int base = reserve(lo, count, fromTop);
        if (fromTop) {
            double f = (Math.abs(d[lo]) - shift) * (Math.copySign(1.0, d[lo]) + shift / d[lo]);
            double g = e[lo];
            for (int i = lo; i < hi; i++) {
                rotation.zero(f, g);
                double cr = rotation.c;
                double sr = rotation.s;
                if (i > lo) {
                    e[i - 1] = rotation.r;
                }
                f = cr * d[i] + sr * e[i];
                e[i] = cr * e[i] - sr * d[i];
                g = sr * d[i + 1];
                d[i + 1] = cr * d[i + 1];
                rotation.zero(f, g);
                double cl = rotation.c;
                double sl = rotation.s;
                d[i] = rotation.r;
                f = cl * e[i] + sl * d[i + 1];
                d[i + 1] = cl * d[i + 1] - sl * e[i];
                if (i < hi - 1) {
                    g = sl * e[i + 1];
                    e[i + 1] = cl * e[i + 1];
                }
                store(RIGHT, base + i - lo, cr, sr);
                store(LEFT, base + i - lo, cl, sl);
            }
            e[hi - 1] = f;
        } else {
            double f = (Math.abs(d[hi]) - shift) * (Math.copySign(1.0, d[hi]) + shift / d[hi]);
            double g = e[hi - 1];
            for (int i = hi; i > lo; i--) {
                rotation.zero(f, g);
                double cr = rotation.c;
                double sr = rotation.s;
                if (i < hi) {
                    e[i] = rotation.r;
                }
                f = cr * d[i] + sr * e[i - 1];
                e[i - 1] = cr * e[i - 1] - sr * d[i];
                g = sr * d[i - 1];
                d[i - 1] = cr * d[i - 1];
                rotation.zero(f, g);
                double cl = rotation.c;
                double sl = rotation.s;
                d[i] = rotation.r;
                f = cl * e[i - 1] + sl * d[i - 1];
                d[i - 1] = cl * d[i - 1] - sl * e[i - 1];
                if (i > lo + 1) {
                    g = sl * e[i - 2];
                    e[i - 2] = cl * e[i - 2];
                }
                store(LEFT, base + i - 1 - lo, cr, -sr);
                store(RIGHT, base + i - 1 - lo, cl, -sl);
            }
            e[lo] = f;
        }
    }

    /** The 2 x 2 block at {@code i, i+1}, finished directly by its exact SVD. */
    private void solveTwoByTwo(int i) {
        twoByTwo.svd(d[i], e[i], d[i + 1]);
        d[i] = twoByTwo.larger;
        e[i] = 0;
        d[i + 1] = twoByTwo.smaller;
        int base = reserve(i, 1, true);
        store(RIGHT, base, twoByTwo.cosRight, twoByTwo.sinRight);
        store(LEFT, base, twoByTwo.cosLeft, twoByTwo.sinLeft);
    }

    /**
     * Records a chain on both sides, publishing the batch first when it is full; both logs fill
     * in step, so the chain starts at the same index in each.
     */
    private int reserve(int firstRow, int count, boolean forward) {
        if (rotations == null) {
            return 0;
        }
        if (!rotations.log(LEFT).hasRoom(count)) {
            rotations.publish();
        }
        rotations.log(RIGHT).record(firstRow, count, forward);
        return rotations.log(LEFT).record(firstRow, count, forward);
    }

    private void store(int side, int index, double c, double s) {
        if (rotations != null) {
            RotationLog log = rotations.log(side);
            log.cos[index] = c;
            log.sin[index] = s;
        }
    }

    private static void makePositiveAndSort(double[] d, RotationPipeline.Target left,
                                            RotationPipeline.Target right) {
        int n = d.length;
        for (int i = 0; i < n; i++) {
            if (d[i] < 0) {
                d[i] = -d[i];
                if (right != null) {
                    right.negateRow(i);
                }
            } else {
                d[i] = Math.abs(d[i]);
            }
        }
        // Selection sort, one swap per position: vectors move at most n - 1 times.
        for (int i = 0; i < n - 1; i++) {
            int max = i;
            for (int j = i + 1; j < n; j++) {
                if (d[j] > d[max]) {
                    max = j;
                }
            }
            if (max != i) {
                double t = d[i];
                d[i] = d[max];
                d[max] = t;
                if (left != null) {
                    left.swapRows(i, max);
                    right.swapRows(i, max);
                }
            }
        }
    }

    /**
     * The smaller singular value of {@code [f g; 0 h]}, computed without overflow or needless
     * underflow (LAPACK's {@code dlas2}).
     */
    static double smallerSingularValue(double f, double g, double h) {
        double fa = Math.abs(f);
        double ga = Math.abs(g);
        double ha = Math.abs(h);
        double min = Math.min(fa, ha);
        double max = Math.max(fa, ha);
        if (min == 0) {
            return 0;
        }
        if (ga < max) {
            double as = 1 + min / max;
            double at = (max - min) / max;
            double au = (ga / max) * (ga / max);
            double c = 2 / (Math.sqrt(as * as + au) + Math.sqrt(at * at + au));
            return min * c;
        }
        double au = max / ga;
        if (au == 0) {
            return (min * max) / ga;
        }
        double as = 1 + min / max;
        double at = (max - min) / max;
        double c = 1 / (Math.sqrt(1 + (as * au) * (as * au))
                + Math.sqrt(1 + (at * au) * (at * au)));
        return 2 * (min * c) * au;
    }

    /**
     * The SVD of the upper triangular {@code [f g; 0 h]}:
     * {@code [cl sl; -sl cl] [f g; 0 h] [cr -sr; sr cr] = diag(larger, smaller)}, with
     * |larger| >= |smaller|, accurate to a few ulps in every output (LAPACK's {@code dlasv2},
     * after Demmel and Kahan).
     */
    static final class TwoByTwo {
        double larger;
        double smaller;
        double cosLeft;
        double sinLeft;
        double cosRight;
        double sinRight;

        void svd(double f, double g, double h) {
            double ft = f;
            double fa = Math.abs(ft);
            double ht = h;
            double ha = Math.abs(h);
            int largestAt = 1; // 1: f, 2: g, 3: h has the largest magnitude
            boolean swap = ha > fa;
            if (swap) {
                largestAt = 3;
                double t = ft;
                ft = ht;
                ht = t;
                t = fa;
                fa = ha;
                ha = t;
            }
            double gt = g;
            double ga = Math.abs(gt);
            double clt;
            double crt;
            double slt;
            double srt;
            double ssmax;
            double ssmin;
            if (ga == 0) {
                ssmin = ha;
                ssmax = fa;
                clt = 1;
                crt = 1;
                slt = 0;
                srt = 0;
            } else {
                boolean gIsHuge = false;
                clt = crt = slt = srt = ssmax = ssmin = 0;
                if (ga > fa) {
                    largestAt = 2;
                    if (fa / ga < UNIT_ROUNDOFF) {
                        gIsHuge = true;
                        ssmax = ga;
                        ssmin = ha > 1 ? fa / (ga / ha) : (fa / ga) * ha;
                        clt = 1;
                        slt = ht / gt;
                        srt = 1;
                        crt = ft / gt;
                    }
                }
                if (!gIsHuge) {
                    double dd = fa - ha;
                    double l = dd == fa ? 1 : dd / fa; // copes with infinite f or h
                    double mm = gt / ft;
                    double t = 2 - l;
                    double mm2 = mm * mm;
                    double tt = t * t;
                    double s = Math.sqrt(tt + mm2);
                    double r = l == 0 ? Math.abs(mm) : Math.sqrt(l * l + mm2);
                    double aa = 0.5 * (s + r);
                    ssmin = ha / aa;
                    ssmax = fa * aa;
                    if (mm2 == 0) {
                        t = l == 0 ? Math.copySign(2.0, ft) * Math.copySign(1.0, gt)
                                : gt / Math.copySign(dd, ft) + mm / t;
                    } else {
                        t = (mm / (s + t) + mm / (r + l)) * (1 + aa);
                    }
                    l = Math.sqrt(t * t + 4);
                    crt = 2 / l;
                    srt = t / l;
                    clt = (crt + srt * mm) / aa;
                    slt = (ht / ft) * srt / aa;
                }
            }
            if (swap) {
                cosLeft = srt;
                sinLeft = crt;
                cosRight = slt;
                sinRight = clt;
            } else {
                cosLeft = clt;
                sinLeft = slt;
                cosRight = crt;
                sinRight = srt;
            }
            double sign = switch (largestAt) {
                case 1 -> Math.copySign(1.0, cosRight) * Math.copySign(1.0, cosLeft)
                        * Math.copySign(1.0, f);
                case 2 -> Math.copySign(1.0, sinRight) * Math.copySign(1.0, cosLeft)
                        * Math.copySign(1.0, g);
                default -> Math.copySign(1.0, sinRight) * Math.copySign(1.0, sinLeft)
                        * Math.copySign(1.0, h);
            };
            larger = Math.copySign(ssmax, sign);
            smaller = Math.copySign(ssmin, sign * Math.copySign(1.0, f) * Math.copySign(1.0, h));
        }
    }
}
