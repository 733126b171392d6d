package io.github.nc4j.linalg.decomp;

import static io.github.nc4j.linalg.FloatingPoint.UNIT_ROUNDOFF;

/**
 * One root of the secular equation of a rank-one modified diagonal matrix
 * {@code D + rho z z^T}: {@code f(lambda) = 1/rho + sum_j z_j^2 / (d_j - lambda) = 0}, with
 * {@code d_0 < d_1 < ... < d_{k-1}}, every {@code z_j != 0} and {@code rho > 0} (what is left
 * after deflation). Root i lies in {@code (d_i, d_{i+1})}, the last one in
 * {@code (d_{k-1}, d_{k-1} + rho z^T z]}; f is increasing on each such interval.
 *
 * <p>As LAPACK's {@code dlaed4}, the root is found as {@code lambda = d_o + tau}, where the origin
 * {@code d_o} is the pole it is closer to, so that the differences {@code d_j - lambda =
 * (d_j - d_o) - tau} come out with a small relative error even when lambda is very close to a pole:
 * Gu and Eisenstat's eigenvectors need exactly these differences. Each step solves a model
 * with the interval's two poles exactly: in Li's "middle way" (R.-C. Li, "Solving secular
 * equations stably and efficiently", LAPACK Working Note 89, 1994) the terms of f left of the
 * interval and right of it are each replaced by a constant plus one pole term matching their
 * value and derivative; in the "fixed weight" method (Bunch, Nielsen and Sorensen, 1978) the
 * origin's pole keeps its true weight {@code z_o^2} and the other takes up the rest of the
 * derivative. Either model is then solved exactly (a
 * quadratic). The iteration starts with the middle way and, as {@code dlaed4} does, switches
 * to the other model whenever a step leaves f with its sign and more than a tenth of its size
 * (the middle way creeps towards a root very close to the origin's pole that way). Every step
 * is safeguarded by a bracket that f's sign keeps shrinking: a step that
 * leaves it is replaced by bisection, and after {@link #RATIONAL_STEPS} steps without
 * convergence only bisection is used, which ends at the latest when the bracket holds no more
 * doubles. The iteration stops when {@code |f|} is below a bound on the rounding error of
 * evaluating it.
 */
final class SecularEquation {

    /** Rational steps before the iteration falls back on bisection (LAPACK's MAXIT). */
    static final int RATIONAL_STEPS = 30;

    /** Bisections allowed after that: more than the 2 * 1075 halvings a double bracket takes. */
    private static final int BISECTIONS = 2200;

    private SecularEquation() {
    }

    /**
     * Root {@code i} of the secular equation of {@code d[0..k)}, {@code z[0..k)} and
     * {@code rho}; writes {@code delta[off + j] = d_j - lambda} for {@code j < k} and returns
     * lambda.
     *
     * @throws ArithmeticException if neither the rational steps nor bisection reach a root
     *     (never expected: bisection always ends; the message names k and i)
     */
    static double solve(int k, double[] d, double[] z, double rho, int i, double[] delta,
                        int off) {
        if (k == 1) {
            delta[off] = -rho * z[0] * z[0];
            return d[0] + rho * z[0] * z[0];
        }
        boolean last = i == k - 1;
        // The model's two poles: the interval's ends, or for the last root the last two poles.
        int left = last ? k - 2 : i;
        int origin;
        double lo;
        double hi;
        double tau;
        if (last) {
            double norm = 0;
            for (int j = 0; j < k; j++) {
                norm += z[j] * z[j];
            }
            origin = k - 1;
            lo = 0;
            hi = rho * norm;
            tau = hi / 2;
        } else {
            // The pole nearer the root is the origin; f's sign at the midpoint tells which.
            // The bracket stays the whole interval, so that a rounding error in that sign
            // cannot exclude the root.
            double gap = d[i + 1] - d[i];
            double half = gap / 2;
            double f = 1 / rho;
            for (int j = 0; j < k; j++) {
                f += z[j] * z[j] / ((d[j] - d[i]) - half);
            }
            if (f >= 0) {
                origin = i;
                lo = 0;
                hi = gap;
                tau = half;
            } else {
                origin = i + 1;
                lo = -gap;
                hi = 0;
                tau = -half;
            }
        }
        double dOrigin = d[origin];
        double rhoInverse = 1 / rho;
        boolean fixedWeight = false;
        double previous = Double.NaN;
        for (int step = 0; step < RATIONAL_STEPS + BISECTIONS; step++) {
            double psi = 0;
            double dPsi = 0;
            double phi = 0;
            double dPhi = 0;
            double absSum = 0;
            for (int j = 0; j < k; j++) {
                double dj = (d[j] - dOrigin) - tau;
                delta[off + j] = dj;
                double t = z[j] / dj;
                double term = z[j] * t;
                absSum += Math.abs(term);
                if (j <= left) {
                    psi += term;
                    dPsi += t * t;
                } else {
                    phi += term;
                    dPhi += t * t;
                }
            }
            double f = rhoInverse + psi + phi;
            double bound = UNIT_ROUNDOFF
                    * (8 * absSum + 2 * rhoInverse + 3 * Math.abs(tau) * (dPsi + dPhi));
            if (Math.abs(f) <= bound || f == 0) {
                return dOrigin + tau;
            }
            if (f < 0) {
                lo = tau;
            } else {
                hi = tau;
            }
            if (!last && f * previous > 0 && Math.abs(f) > Math.abs(previous) / 10) {
                fixedWeight = !fixedWeight;
            }
            previous = f;
            double dl = delta[off + left];
            double dr = delta[off + left + 1];
            double s1 = dl * dl * dPsi;
            double s2 = dr * dr * dPhi;
            if (fixedWeight) {
                double weight = z[origin] * z[origin];
                double dd = delta[off + origin];
                double rest = dPsi + dPhi - weight / (dd * dd);
                if (origin == left) {
                    s1 = weight;
                    s2 = dr * dr * rest;
                } else {
                    s1 = dl * dl * rest;
                    s2 = weight;
                }
            }
            if (last && f - s1 / dl - s2 / dr <= 0) {
                // The middle way's constant went negative: its model has no root beyond the
                // last pole. Fit the other terms by one pole at psi / psi' instead, which
                // leaves the constant 1 / rho.
                dl = psi / dPsi;
                s1 = psi * dl;
            }
            double next = step < RATIONAL_STEPS ? tau + modelStep(f, dl, dr, s1, s2, last)
                    : Double.NaN;
            if (!(next > lo && next < hi)) {
                next = lo + (hi - lo) / 2;
            }
            if (next == tau || next <= lo || next >= hi) {
                // The bracket holds no double between its ends: tau is as close as it gets.
                return dOrigin + tau;
            }
            tau = next;
        }
        throw new ArithmeticException("secular equation: root " + i + " of " + k
                + " not found after " + (RATIONAL_STEPS + BISECTIONS) + " steps");
    }

    /**
     * The step eta that solves the model {@code f(tau + eta) ~ c + s1 / (dl - eta) +
     * s2 / (dr - eta)} whose poles are the model's two (dl, dr their differences to the current
     * point) and whose c matches f: {@code c eta^2 - a eta + b = 0} with
     * {@code a = c (dl + dr) + s1 + s2}, {@code b = dl dr f}. For an interior root the model has
     * exactly one root between its poles, {@code (a - sqrt(a^2 - 4bc)) / 2c} whatever c's sign;
     * for the last root, the one beyond {@code dr}, {@code (a + sqrt(a^2 - 4bc)) / 2c}, which
     * exists when c > 0. Each is computed in the form that does not cancel. NaN or a step out of the bracket sends the caller to bisection.
     */
    private static double modelStep(double f, double dl, double dr, double s1, double s2,
                                    boolean last) {
        double c = f - s1 / dl - s2 / dr;
        double a = c * (dl + dr) + s1 + s2;
        double b = dl * dr * f;
        double root = Math.sqrt(Math.abs(a * a - 4 * b * c));
        if (!last) {
            return a <= 0 ? (a - root) / (2 * c) : 2 * b / (a + root);
        }
        if (c <= 0) {
            return Double.NaN;
        }
        return a >= 0 ? (a + root) / (2 * c) : 2 * b / (a - root);
    }
}
