package io.github.nc4j.core.theory;

import java.util.function.DoubleUnaryOperator;

/**
 * Global minimization on {@code [0, infinity)} of a smooth function phi whose derivative first
 * decreases and then increases: phi' decreases on {@code (0, turn)} and increases on
 * {@code (turn, infinity)}. The per-class costs of the closed forms in this package have this
 * shape (a quadratic loss plus a power penalty), which leaves two candidates: the end point 0,
 * and the one positive local minimum, which exists exactly when {@code phi'(turn) < 0} and is
 * then the unique root of phi' on {@code (turn, infinity)}, found by bisection.
 */
final class HalfLineMinimizer {

    /** Bisection halves a bracket at most this often (about 1100 reach any double's ulp). */
    static final int MAX_BISECTIONS = 2000;

    private HalfLineMinimizer() {
    }

    /**
     * The minimizer of phi on {@code [0, infinity)}; when phi(0) equals the positive local
     * minimum exactly, the positive point.
     *
     * @param turn  where phi' stops decreasing ({@code >= 0})
     * @param upper a point beyond {@code turn} with {@code phi'(upper) > 0}
     * @throws ArithmeticException if bisection fails to converge within {@value #MAX_BISECTIONS}
     *     steps (not expected for finite inputs)
     */
    static double argmin(DoubleUnaryOperator phi, DoubleUnaryOperator slope, double turn,
                         double upper) {
        if (!(slope.applyAsDouble(turn) < 0)) {
            return 0;
        }
        double lo = turn;
        double hi = upper;
        for (int step = 0; step < MAX_BISECTIONS; step++) {
            double mid = 0.5 * (lo + hi);
            if (mid <= lo || mid >= hi) {
                double root = slope.applyAsDouble(hi) <= -slope.applyAsDouble(lo) ? hi : lo;
                return phi.applyAsDouble(root) <= phi.applyAsDouble(0) ? root : 0;
            }
            if (slope.applyAsDouble(mid) < 0) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        throw new ArithmeticException("bisection on [" + turn + ", " + upper + "] did not reach "
                + "adjacent doubles in " + MAX_BISECTIONS + " steps");
    }
}
