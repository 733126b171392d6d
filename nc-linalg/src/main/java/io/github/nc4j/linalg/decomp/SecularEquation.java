package io.github.nc4j.linalg.decomp;

import static io.github.nc4j.linalg.FloatingPoint.UNIT_ROUNDOFF;

import io.github.nc4j.linalg.Parallelism;
import io.github.nc4j.linalg.internal.Workers;

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

    /** The steps a root may take in all. */
    private static final int MAX_STEPS = RATIONAL_STEPS + BISECTIONS;

    /** Roots per parallel part: smaller merges are not worth a thread. */
    private static final int ROOTS_PER_PART = 64;

    private SecularEquation() {
    }

    /**
     * All k roots ({@link #solve}, or {@link #solveSquared} when {@code squared}, then with
     * {@code rho = 1}) into {@code roots}, root j's differences into row j of the k x k
     * {@code deltas}; large merges split the roots over the worker threads.
     */
    static void solveAll(int k, double[] d, double[] z, double rho, boolean squared,
                         double[] roots, double[] deltas) {
        int parts = parts(k);
        Workers.forEach(parts, part -> {
            for (int j = part; j < k; j += parts) {
                roots[j] = solve(k, d, z, rho, j, deltas, j * k, squared, MAX_STEPS);
            }
        });
    }

    /** {@return how many parallel parts the work on k roots (or their vectors) is split into} */
    static int parts(int k) {
        return Math.min(Parallelism.threads(), (k + ROOTS_PER_PART - 1) / ROOTS_PER_PART);
    }

    /**
     * Gu and Eisenstat's {@code z_hat}: the z for which the computed roots are the exact ones,
     * {@code z_hat_i^2 = rho^-1 prod_j (lambda_j - p_i) / prod_{j != i} (p_j - p_i)} (up to the
     * common factor {@code rho^-1}, which a caller with {@code rho != 1} normalizes away), with
     * the signs of z, from the differences {@code deltas} of {@link #solveAll}; the pole
     * differences are factored as {@code (d_i - d_j)(d_i + d_j)} when {@code squared}.
     */
    static void recomputeZ(int k, double[] d, double[] z, boolean squared, double[] deltas,
                           double[] zHat) {
        for (int i = 0; i < k; i++) {
            zHat[i] = deltas[i * k + i];
        }
        // Row by row through deltas; the factors pair up so that the product neither overflows
        // nor underflows.
        for (int j = 0; j < k; j++) {
            int row = j * k;
            for (int i = 0; i < k; i++) {
                if (i != j) {
                    double gap = squared ? (d[i] - d[j]) * (d[i] + d[j]) : d[i] - d[j];
                    zHat[i] *= deltas[row + i] / gap;
                }
            }
        }
        for (int i = 0; i < k; i++) {
            zHat[i] = Math.copySign(Math.sqrt(-zHat[i]), z[i]);
        }
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
        return solve(k, d, z, rho, i, delta, off, false, MAX_STEPS);
    }

    /**
     * Singular value {@code i} of the matrix {@code [z^T; 0 diag(d_1 .. d_{k-1})]} with
     * {@code d_0 = 0} (the merge step of the bidiagonal divide and conquer), i.e. the square root
     * of eigenvalue i of {@code diag(d_j^2) + z z^T}: the secular equation of the poles
     * {@code d_j^2} with {@code rho = 1}, {@code 0 <= d_0 < d_1 < ...}. Writes
     * {@code delta[off + j] = d_j^2 - sigma^2} for {@code j < k}, each computed as
     * {@code (d_j - sigma)(d_j + sigma)} with {@code d_j - sigma} taken relative to the pole
     * nearer the root (as LAPACK's {@code dlasd4}), and returns sigma.
     *
     * @throws ArithmeticException as {@link #solve}
     */
    static double solveSquared(int k, double[] d, double[] z, int i, double[] delta, int off) {
        return solve(k, d, z, 1, i, delta, off, true, MAX_STEPS);
    }

    /**
     * The iteration for both: with {@code squared} the poles are {@code d_j^2}, and the variable
     * tau is {@code sigma^2 - d_o^2}, from which {@code eta = sigma - d_o} is recovered without
     * cancellation as {@code tau / (d_o + sqrt(d_o^2 + tau))}. At most {@code maxSteps} steps,
     * the first {@link #RATIONAL_STEPS} rational (tests cap them to check the convergence rate).
     */
    static double solve(int k, double[] d, double[] z, double rho, int i, double[] delta,
                        int off, boolean squared, int maxSteps) {
        if (k == 1) {
            double weight = rho * z[0] * z[0];
            if (squared) {
                double sigma = Math.hypot(d[0], z[0]);
                delta[off] = (d[0] - sigma) * (d[0] + sigma);
                return sigma;
            }
            delta[off] = -weight;
            return d[0] + weight;
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
            double gap = squared ? (d[i + 1] - d[i]) * (d[i + 1] + d[i]) : d[i + 1] - d[i];
            double half = gap / 2;
            differences(k, d, i, half, squared, delta, off);
            double f = 1 / rho;
            for (int j = 0; j < k; j++) {
                f += z[j] * z[j] / delta[off + j];
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
        double rhoInverse = 1 / rho;
        boolean fixedWeight = false;
        double previous = Double.NaN;
        for (int step = 0; step < maxSteps; step++) {
            double psi = 0;
            double dPsi = 0;
            double phi = 0;
            double dPhi = 0;
            double absSum = 0;
            differences(k, d, origin, tau, squared, delta, off);
            // Two loops, not one with a branch per term: this is the iteration's inner loop.
            for (int j = 0; j <= left; j++) {
                double t = z[j] / delta[off + j];
                double term = z[j] * t;
                absSum += Math.abs(term);
                psi += term;
                dPsi += t * t;
            }
            for (int j = left + 1; j < k; j++) {
                double t = z[j] / delta[off + j];
                double term = z[j] * t;
                absSum += Math.abs(term);
                phi += term;
                dPhi += t * t;
            }
            double f = rhoInverse + psi + phi;
            double bound = UNIT_ROUNDOFF
                    * (8 * absSum + 2 * rhoInverse + 3 * Math.abs(tau) * (dPsi + dPhi));
            if (Math.abs(f) <= bound || f == 0) {
                return root(d[origin], tau, squared);
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
                return root(d[origin], tau, squared);
            }
            tau = next;
        }
        throw new ArithmeticException("secular equation: root " + i + " of " + k
                + " not found after " + maxSteps + " steps");
    }

    /**
     * {@code delta[off + j] = p_j - (p_o + tau)} for the poles {@code p_j = d_j} or, when
     * {@code squared}, {@code p_j = d_j^2}: then {@code (d_j - d_o - eta)(d_j + d_o + eta)}
     * with {@code eta = sigma - d_o}, exact to a few ulps even where sigma is very close to d_j.
     */
    private static void differences(int k, double[] d, int origin, double tau, boolean squared,
                                    double[] delta, int off) {
        double dOrigin = d[origin];
        if (!squared) {
            for (int j = 0; j < k; j++) {
                delta[off + j] = (d[j] - dOrigin) - tau;
            }
            return;
        }
        double eta = eta(dOrigin, tau);
        for (int j = 0; j < k; j++) {
            delta[off + j] = ((d[j] - dOrigin) - eta) * ((d[j] + dOrigin) + eta);
        }
    }

    /** {@code sigma - d_o} for {@code sigma^2 = d_o^2 + tau}, without cancellation. */
    private static double eta(double dOrigin, double tau) {
        double denominator = dOrigin + Math.sqrt(Math.max(0, dOrigin * dOrigin + tau));
        return denominator == 0 ? 0 : tau / denominator;
    }

    private static double root(double dOrigin, double tau, boolean squared) {
        return squared ? dOrigin + eta(dOrigin, tau) : dOrigin + tau;
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
