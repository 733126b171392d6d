package io.github.nc4j.autodiff.optim;

import io.github.nc4j.autodiff.Var;
import io.github.nc4j.linalg.Blas;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Full-batch limited-memory BFGS over a set of tape parameters, with a line search that
 * satisfies the strong Wolfe conditions (Nocedal and Wright, <i>Numerical Optimization</i>, 2nd
 * ed., 2006: the two-loop recursion, Algorithm 7.4; the line search and its zoom, Algorithms 3.5
 * and 3.6, with cubic interpolation, eq. 3.59).
 *
 * <p>All parameters are treated as one vector x (their values in the order given, row-major).
 * Each iteration computes the direction {@code d = -H g} from the last m pairs
 * {@code s = x_new - x_old}, {@code y = g_new - g_old} ({@code H_0 = (s^T y / y^T y) I}), then
 * finds a step {@code a} along d with
 * <pre>
 *   f(x + a d) &lt;= f(x) + c1 a g^T d           (sufficient decrease, c1 = 1e-4)
 *   |g(x + a d)^T d| &lt;= c2 |g^T d|            (curvature, c2 = 0.9)
 * </pre>
 * trying {@code a = 1} first (the first iteration tries {@code 1 / ||g||}, so its first step has
 * length 1). A pair with {@code s^T y <= 0}, which the Wolfe conditions rule out except through
 * rounding, is not stored.
 *
 * <p><b>Non-negative parameters.</b> Parameters named as non-negative are kept {@code >= 0}
 * (the ReLU feature model's {@code H >= 0}) by a two-metric projection (Bertsekas, <i>SIAM J.
 * Control Optim.</i> 20, 1982, with the active set of entries exactly at their bound): an entry
 * at 0 whose gradient is positive is <i>active</i> and does not move; the others move along
 * {@code -H g} computed with the active entries of g set to 0, a descent direction since H is
 * positive definite. The line search backtracks along the projected path {@code P(x + a d)},
 * P setting negative entries to 0, until
 * <pre>
 *   f(P(x + a d)) &lt;= f(x) + c1 g^T (P(x + a d) - x).
 * </pre>
 * The gradient norm then counts only the entries that are not held at 0 by their bound: the
 * projected gradient, zero exactly at a point that satisfies the constraints' optimality
 * conditions.
 *
 * <p>A line search that fails after a quasi-Newton direction is retried once along {@code -g}
 * with the history cleared: at a kink of f, or after entries hit their bound, the stored pairs
 * can describe the curvature badly.
 *
 * <p>The objective is a function that evaluates f at the parameters' current values and leaves
 * its gradient in their {@link Var#grad()} (typically: reset the tape, build the loss, call
 * {@code backward}). Every sum here runs in a fixed order, so the iterates are bitwise the same
 * for every thread count whenever the objective's are.
 *
 * <pre>{@code
 * Lbfgs lbfgs = new Lbfgs(tape.parameters());
 * Lbfgs.Result r = lbfgs.minimize(() -> {
 *     tape.reset();
 *     Var loss = model.objective();
 *     tape.backward(loss);
 *     return loss.scalar();
 * }, 1e-10, 0, 1000);
 * }</pre>
 */
public final class Lbfgs {

    /** Evaluates the objective at the parameters' values, leaving its gradient in their grads. */
    @FunctionalInterface
    public interface Objective {
        /**
         * {@return f at the current parameters; afterwards every parameter's grad is df/dparameter}
         */
        double evaluate();
    }

    /** Why {@link #minimize} stopped. */
    public enum Stop {
        /** The (projected) gradient's Euclidean norm fell to the tolerance. */
        GRADIENT,
        /** An iteration decreased f by at most the relative tolerance. */
        OBJECTIVE_CHANGE,
        /**
         * No step along the search direction satisfied the Wolfe conditions: at round-off level,
         * f no longer decreases measurably.
         */
        LINE_SEARCH,
        /** The iteration cap was reached first. */
        MAX_ITERATIONS
    }

    /**
     * What an iteration, or a whole minimization, reached.
     *
     * @param iterations   iterations done (line searches)
     * @param evaluations  objective evaluations, the first one included
     * @param objective    f at the final parameters
     * @param gradientNorm the Euclidean norm of its gradient, projected where parameters are
     *                     non-negative (see the class comment)
     * @param stop         why it stopped ({@link #minimize}); null after a single {@link #step}
     *                     that may be continued
     */
    public record Result(int iterations, int evaluations, double objective, double gradientNorm,
                         Stop stop) {

        /**
         * {@return one line: why it stopped, with the counts, the objective and the gradient norm}
         */
        public String describe() {
            String counts = String.format(Locale.ROOT, "after %d iterations (%d evaluations);"
                    + " objective %.10g, gradient norm %.3g", iterations, evaluations, objective,
                    gradientNorm);
            return switch (stop == null ? Stop.MAX_ITERATIONS : stop) {
                case GRADIENT -> "converged: gradient norm at the tolerance " + counts;
                case OBJECTIVE_CHANGE -> "converged: the objective stopped changing " + counts;
                case LINE_SEARCH -> "stopped at round-off: no step decreases the objective "
                        + counts;
                case MAX_ITERATIONS -> "reached the iteration cap before converging " + counts;
            };
        }
    }

    /** Sufficient-decrease constant of the Wolfe conditions. */
    static final double C1 = 1e-4;
    /** Curvature constant of the strong Wolfe conditions (Nocedal and Wright's choice for BFGS). */
    static final double C2 = 0.9;
    /**
     * Relative size of the noise in f: changes of f below {@code NOISE * |f|} are taken as
     * rounding. Near a minimizer f changes by the square of the distance to it, so the Armijo
     * test compares numbers below f's rounding long before the gradient is small; where the
     * decrease it asks for is below this much, the line search accepts a step that raises f by
     * at most this much and meets the curvature condition (Hager and Zhang's approximate Wolfe
     * conditions, SIAM J. Optim. 16, 2005). Elsewhere sufficient decrease is enforced.
     */
    static final double NOISE = 1e-10;
    /** Evaluations one line search may spend before it gives up. */
    static final int MAX_LINE_SEARCH_EVALUATIONS = 40;
    /** A bracketing step grows at most this much per trial. */
    private static final double EXPANSION = 4;
    /** Interpolated trial steps keep at least this fraction of the bracket from its ends. */
    private static final double SAFEGUARD = 0.1;
    /** A backtracking step shrinks the step to at most this fraction of the last trial. */
    private static final double BACKTRACK = 0.5;

    private final List<Var> parameters;
    private final int size;
    private final int history;
    private final double[][] s;
    private final double[][] y;
    private final double[] rho;
    private final double[] alpha;
    /** Which entries of x are kept {@code >= 0}; null when none is. */
    private final boolean[] nonNegative;
    /** The entries that the current direction moves along {@code -g} only. */
    private final boolean[] active;
    private int stored;
    private int newest = -1;

    private final double[] x;
    private final double[] g;
    private final double[] direction;
    private final double[] start;
    private final double[] startGradient;
    private double f = Double.NaN;
    private int iterations;
    private int evaluations;

    /**
     * L-BFGS with the default history m = 10.
     *
     * @param parameters the tape parameters to optimize
     */
    public Lbfgs(List<Var> parameters) {
        this(parameters, 10);
    }

    /**
     * L-BFGS over {@code parameters} keeping the last {@code history} pairs.
     *
     * @param parameters the tape parameters to optimize
     * @param history the number of pairs kept, m
     * @throws IllegalArgumentException if a variable is not a tape parameter, one appears twice,
     *     or {@code history < 1}
     */
    public Lbfgs(List<Var> parameters, int history) {
        this(parameters, history, List.of());
    }

    /**
     * L-BFGS over {@code parameters} keeping the last {@code history} pairs, with every entry of
     * the parameters in {@code nonNegative} kept {@code >= 0} (see the class comment). The
     * starting point must satisfy these bounds.
     *
     * @param parameters the tape parameters to optimize
     * @param history the number of pairs kept, m
     * @param nonNegative the parameters kept {@code >= 0}, a subset of {@code parameters}
     * @throws IllegalArgumentException if a variable is not a tape parameter, one appears twice,
     *     a non-negative one is not among {@code parameters}, or {@code history < 1}
     */
    public Lbfgs(List<Var> parameters, int history, Collection<Var> nonNegative) {
        Objects.requireNonNull(parameters, "parameters");
        Objects.requireNonNull(nonNegative, "nonNegative");
        if (history < 1) {
            throw new IllegalArgumentException("the history must keep at least one pair, got "
                    + history);
        }
        int total = 0;
        for (int i = 0; i < parameters.size(); i++) {
            Var p = parameters.get(i);
            if (!p.isParameter()) {
                throw new IllegalArgumentException("only parameters made by Tape.parameter can be"
                        + " optimized, got a " + p);
            }
            for (int j = 0; j < i; j++) {
                if (parameters.get(j) == p) {
                    throw new IllegalArgumentException("the " + p + " appears twice");
                }
            }
            total += p.rows() * p.cols();
        }
        this.parameters = List.copyOf(parameters);
        this.size = total;
        this.nonNegative = nonNegative.isEmpty() ? null : boundedEntries(nonNegative);
        this.history = history;
        s = new double[history][total];
        y = new double[history][total];
        rho = new double[history];
        alpha = new double[history];
        x = new double[total];
        g = new double[total];
        direction = new double[total];
        start = new double[total];
        startGradient = new double[total];
        active = new boolean[total];
    }

    private boolean[] boundedEntries(Collection<Var> nonNegative) {
        boolean[] bounded = new boolean[size];
        for (Var p : nonNegative) {
            int offset = 0;
            boolean found = false;
            for (Var q : parameters) {
                int length = q.rows() * q.cols();
                if (q == p) {
                    Arrays.fill(bounded, offset, offset + length, true);
                    found = true;
                }
                offset += length;
            }
            if (!found) {
                throw new IllegalArgumentException("the non-negative " + p
                        + " is not among the optimized parameters");
            }
        }
        return bounded;
    }

    /**
     * Minimizes from the parameters' current values until the gradient norm is at most
     * {@code gradientTolerance}, an iteration lowers f by at most
     * {@code objectiveTolerance * max(|f|, |f_previous|, 1)} (SciPy's {@code ftol} test; 0 turns
     * it off: near the minimizer f's changes are rounding while the gradient still falls), no
     * step decreases f any more, or {@code maxIterations} iterations are done. The
     * parameters then hold the last iterate, and their grads its gradient.
     *
     * @param objective records f and its gradient
     * @param gradientTolerance the gradient norm at which to stop
     * @param objectiveTolerance the relative decrease of f below which to stop, 0 to never stop so
     * @param maxIterations the largest number of iterations
     * @return why it stopped, with the counts, the objective and the gradient norm
     * @throws IllegalArgumentException if a tolerance is negative or NaN, or the cap is {@code < 0}
     * @throws ArithmeticException if f or its gradient is not finite at the starting point
     */
    public Result minimize(Objective objective, double gradientTolerance,
                           double objectiveTolerance, int maxIterations) {
        if (!(gradientTolerance >= 0) || !(objectiveTolerance >= 0) || maxIterations < 0) {
            throw new IllegalArgumentException("need tolerances >= 0 and an iteration cap >= 0,"
                    + " got " + gradientTolerance + ", " + objectiveTolerance + " and "
                    + maxIterations);
        }
        Result r = begin(objective);
        while (r.gradientNorm() > gradientTolerance) {
            if (iterations >= maxIterations) {
                return withStop(r, Stop.MAX_ITERATIONS);
            }
            Result next = step(objective);
            if (next.stop() == Stop.LINE_SEARCH) {
                return next;
            }
            double scale = Math.max(1, Math.max(Math.abs(r.objective()),
                    Math.abs(next.objective())));
            if (objectiveTolerance > 0
                    && r.objective() - next.objective() <= objectiveTolerance * scale) {
                return withStop(next, next.gradientNorm() <= gradientTolerance ? Stop.GRADIENT
                        : Stop.OBJECTIVE_CHANGE);
            }
            r = next;
        }
        return withStop(r, Stop.GRADIENT);
    }

    private static Result withStop(Result r, Stop stop) {
        return new Result(r.iterations(), r.evaluations(), r.objective(), r.gradientNorm(), stop);
    }

    /**
     * Evaluates f at the current parameters, the start of the iterations (the first
     * {@link #step} does this itself if needed).
     *
     * @param objective records f and its gradient
     * @return the state at the start: no iteration done
     * @throws ArithmeticException if f or its gradient is not finite there
     * @throws IllegalArgumentException if a non-negative parameter has a negative entry
     */
    public Result begin(Objective objective) {
        gather(x);
        if (nonNegative != null) {
            for (int i = 0; i < size; i++) {
                if (nonNegative[i] && !(x[i] >= 0)) {
                    throw new IllegalArgumentException("L-BFGS cannot start: entry " + i
                            + " of the parameters must be >= 0 but is " + x[i]);
                }
            }
        }
        f = evaluate(objective, g);
        if (!Double.isFinite(f) || !Double.isFinite(dot(g, g))) {
            throw new ArithmeticException("L-BFGS cannot start: the objective is " + f
                    + " and the gradient norm " + Math.sqrt(dot(g, g))
                    + " at the starting point");
        }
        return result(null);
    }

    /**
     * One iteration: a direction from the stored pairs, a strong-Wolfe line search along it, and
     * the new pair. The parameters then hold the new iterate and their grads its gradient. When
     * the line search finds no acceptable step, the parameters stay where they were and the
     * result's stop is {@link Stop#LINE_SEARCH}.
     *
     * @param objective records f and its gradient
     * @return the state after the iteration
     */
    public Result step(Objective objective) {
        Objects.requireNonNull(objective, "objective");
        if (Double.isNaN(f)) {
            begin(objective);
        }
        findActive();
        searchDirection();
        double slope = dot(g, direction);
        if (!(slope < 0)) {
            // Rounding in the recursion can cost descent; start over from steepest descent.
            stored = 0;
            searchDirection();
            slope = dot(g, direction);
            if (!(slope < 0)) {
                return result(Stop.LINE_SEARCH);
            }
        }
        System.arraycopy(x, 0, start, 0, size);
        System.arraycopy(g, 0, startGradient, 0, size);
        double f0 = f;
        double first = iterations == 0 && stored == 0 ? Math.min(1, 1 / gradientNorm()) : 1;
        boolean found = search(objective, f0, slope, first);
        if (!found && stored > 0) {
            stored = 0;
            System.arraycopy(startGradient, 0, g, 0, size);
            searchDirection();
            found = search(objective, f0, dot(g, direction), first);
        }
        if (!found) {
            restore(objective, f0);
            return result(Stop.LINE_SEARCH);
        }
        iterations++;
        storePair();
        return result(null);
    }

    /** The line search: strong Wolfe without bounds, else along the projected path. */
    private boolean search(Objective objective, double f0, double slope, double first) {
        return nonNegative == null ? lineSearch(objective, f0, slope, first)
                : projectedSearch(objective, f0, first);
    }

    private Result result(Stop stop) {
        return new Result(iterations, evaluations, f, gradientNorm(), stop);
    }

    /**
     * The Euclidean norm of g without the entries that their bound holds at 0 ({@code x_i = 0},
     * {@code g_i > 0}); without bounds, of g.
     */
    private double gradientNorm() {
        if (nonNegative == null) {
            return Math.sqrt(dot(g, g));
        }
        double sum = 0;
        for (int i = 0; i < size; i++) {
            if (!(nonNegative[i] && x[i] == 0 && g[i] > 0)) {
                sum += g[i] * g[i];
            }
        }
        return Math.sqrt(sum);
    }

    /**
     * Marks the bounded entries at 0 whose gradient is positive: descent would push them below
     * 0, so they stay, and the quasi-Newton metric must not move them either (it could push
     * them up against the gradient).
     */
    private void findActive() {
        if (nonNegative == null) {
            return;
        }
        for (int i = 0; i < size; i++) {
            active[i] = nonNegative[i] && x[i] == 0 && g[i] > 0;
        }
    }

    // ---------------------------------------------------------------- the direction

    /**
     * {@code direction = -H g} by the two-loop recursion over the stored pairs, with g's active
     * entries set to 0 and then those entries of the direction set to 0.
     */
    private void searchDirection() {
        for (int i = 0; i < size; i++) {
            direction[i] = active[i] ? 0 : -g[i];
        }
        int slot = newest;
        for (int k = 0; k < stored; k++) {
            alpha[slot] = rho[slot] * dot(s[slot], direction);
            axpy(-alpha[slot], y[slot], direction);
            slot = (slot - 1 + history) % history;
        }
        if (stored > 0) {
            double gamma = dot(s[newest], y[newest]) / dot(y[newest], y[newest]);
            for (int i = 0; i < size; i++) {
                direction[i] *= gamma;
            }
        }
        slot = (newest - stored + 1 + history) % history;
        for (int k = 0; k < stored; k++) {
            double beta = rho[slot] * dot(y[slot], direction);
            axpy(alpha[slot] - beta, s[slot], direction);
            slot = (slot + 1) % history;
        }
        for (int i = 0; i < size; i++) {
            if (active[i]) {
                direction[i] = 0;
            }
        }
    }

    private void storePair() {
        int slot = (newest + 1) % history;
        double[] sNew = s[slot];
        double[] yNew = y[slot];
        for (int i = 0; i < size; i++) {
            sNew[i] = x[i] - start[i];
            yNew[i] = g[i] - startGradient[i];
        }
        double sy = dot(sNew, yNew);
        if (sy > 0) {
            rho[slot] = 1 / sy;
            newest = slot;
            stored = Math.min(stored + 1, history);
        }
    }

    // ---------------------------------------------------------------- the line search

    /**
     * Nocedal and Wright's Algorithm 3.5: grows the step until it brackets an acceptable one,
     * then zooms in (Algorithm 3.6). On success x, g and f hold the accepted point, and the
     * parameters' values and grads match them.
     */
    private boolean lineSearch(Objective objective, double f0, double slope0, double first) {
        Wolfe wolfe = new Wolfe(f0, slope0);
        double previous = 0;
        double fPrevious = f0;
        double slopePrevious = slope0;
        double step = first;
        for (int trial = 0; trial < MAX_LINE_SEARCH_EVALUATIONS; trial++) {
            double value = moveTo(objective, step);
            double slope = dot(g, direction);
            if (!wolfe.decreases(step, value) || (trial > 0 && wolfe.above(value, fPrevious))) {
                return zoom(objective, wolfe, previous, fPrevious, slopePrevious, step, value,
                        slope, MAX_LINE_SEARCH_EVALUATIONS - trial - 1);
            }
            if (wolfe.flat(slope)) {
                return true;
            }
            if (slope >= 0) {
                return zoom(objective, wolfe, step, value, slope, previous, fPrevious,
                        slopePrevious, MAX_LINE_SEARCH_EVALUATIONS - trial - 1);
            }
            previous = step;
            fPrevious = value;
            slopePrevious = slope;
            step *= EXPANSION;
        }
        return false;
    }

    /**
     * Algorithm 3.6: {@code lo} satisfies sufficient decrease and has the lower f of the two
     * ends, and {@code slope(lo) (hi - lo) < 0}, so an acceptable step lies between them.
     */
    private boolean zoom(Objective objective, Wolfe wolfe, double lo, double fLo, double slopeLo,
                         double hi, double fHi, double slopeHi, int budget) {
        for (int trial = 0; trial < budget; trial++) {
            double step = interpolate(lo, fLo, slopeLo, hi, fHi, slopeHi);
            if (step == lo || step == hi) {
                break; // the bracket is down to adjacent doubles
            }
            double value = moveTo(objective, step);
            double slope = dot(g, direction);
            if (!wolfe.decreases(step, value) || wolfe.above(value, fLo)) {
                hi = step;
                fHi = value;
                slopeHi = slope;
            } else {
                if (wolfe.flat(slope)) {
                    return true;
                }
                if (slope * (hi - lo) >= 0) {
                    hi = lo;
                    fHi = fLo;
                    slopeHi = slopeLo;
                }
                lo = step;
                fLo = value;
                slopeLo = slope;
            }
        }
        // No point meets the curvature condition; lo still decreases f enough, so take it.
        if (lo > 0 && fLo < wolfe.f0) {
            moveTo(objective, lo);
            return true;
        }
        return false;
    }

    /** The (approximate) strong Wolfe tests of one line search from f0 with slope0 < 0. */
    private record Wolfe(double f0, double slope0, double noise) {

        Wolfe(double f0, double slope0) {
            this(f0, slope0, NOISE * Math.abs(f0));
        }

        /**
         * Sufficient decrease; or, where the decrease it asks for is itself below f's noise, so
         * that comparing values cannot decide, a value within the noise of f0.
         */
        boolean decreases(double step, double value) {
            double required = C1 * step * slope0;
            return value <= f0 + required || (-required <= noise && value <= f0 + noise);
        }

        /** Whether {@code value} is above {@code other} by more than f's noise (NaN is). */
        boolean above(double value, double other) {
            return !(value <= other + noise);
        }

        /** The strong curvature condition. */
        boolean flat(double slope) {
            return Math.abs(slope) <= -C2 * slope0;
        }
    }

    /**
     * Backtracks along the projected path {@code P(start + a d)} from {@code a = first} until
     * f decreases by {@link #C1} times the first-order estimate {@code g0^T (x - start)}. Where
     * that required decrease is below f's noise ({@link #NOISE}), a value within the noise is
     * judged by the gradient at the trial point instead: the trapezoidal estimate of the decrease,
     * {@code (g0 + g)^T (x - start) / 2}, must reach the same fraction (as in Hager and Zhang's
     * approximate Wolfe conditions). Each shrink is the minimizer of the quadratic through f0,
     * the estimate and the trial value, kept within [{@link #SAFEGUARD}, {@link #BACKTRACK}]
     * of the trial step.
     */
    private boolean projectedSearch(Objective objective, double f0, double first) {
        double noise = NOISE * Math.abs(f0);
        double step = first;
        for (int trial = 0; trial < MAX_LINE_SEARCH_EVALUATIONS; trial++) {
            double value = moveTo(objective, step);
            double estimate = dotOfMove(startGradient);
            if (!(estimate < 0)) {
                return false; // the step no longer moves x
            }
            if (value <= f0 + C1 * estimate || (-C1 * estimate <= noise && value <= f0 + noise
                    && dotOfMove(g) <= (2 * C1 - 1) * estimate)) {
                return true;
            }
            double shrink = -estimate / (2 * (value - f0 - estimate));
            step *= Double.isFinite(shrink)
                    ? Math.max(SAFEGUARD, Math.min(BACKTRACK, shrink)) : BACKTRACK;
        }
        return false;
    }

    /** {@code gradient^T (x - start)}, in index order. */
    private double dotOfMove(double[] gradient) {
        double sum = 0;
        for (int i = 0; i < size; i++) {
            sum += gradient[i] * (x[i] - start[i]);
        }
        return sum;
    }

    /**
     * The minimizer of the cubic through both ends' values and slopes (eq. 3.59), kept at least
     * {@link #SAFEGUARD} of the bracket away from its ends; the midpoint when the cubic has no
     * usable minimizer or a value is not finite.
     */
    static double interpolate(double a, double fa, double ga, double b, double fb, double gb) {
        double lo = Math.min(a, b);
        double hi = Math.max(a, b);
        double margin = SAFEGUARD * (hi - lo);
        double step = 0.5 * (a + b);
        if (Double.isFinite(fb) && Double.isFinite(gb)) {
            double d1 = ga + gb - 3 * (fa - fb) / (a - b);
            double radicand = d1 * d1 - ga * gb;
            if (radicand >= 0) {
                double d2 = Math.copySign(Math.sqrt(radicand), b - a);
                double cubic = b - (b - a) * (gb + d2 - d1) / (gb - ga + 2 * d2);
                if (Double.isFinite(cubic)) {
                    step = cubic;
                }
            }
        }
        return Math.max(lo + margin, Math.min(hi - margin, step));
    }

    /**
     * Sets the parameters to {@code start + step * direction}, with negative entries of
     * non-negative parameters set to 0, and evaluates f there.
     */
    private double moveTo(Objective objective, double step) {
        for (int i = 0; i < size; i++) {
            double value = start[i] + step * direction[i];
            x[i] = nonNegative != null && nonNegative[i] && value < 0 ? 0 : value;
        }
        scatter(x);
        f = evaluate(objective, g);
        return f;
    }

    /** Puts the parameters back at the start of the failed line search, with its gradient. */
    private void restore(Objective objective, double f0) {
        System.arraycopy(start, 0, x, 0, size);
        scatter(x);
        f = evaluate(objective, g);
        if (f != f0) {
            throw new IllegalStateException("the objective is not deterministic: " + f0
                    + " and then " + f + " at the same parameters");
        }
    }

    // ---------------------------------------------------------------- the vector of parameters

    private double evaluate(Objective objective, double[] gradient) {
        double value = objective.evaluate();
        evaluations++;
        int offset = 0;
        for (Var p : parameters) {
            double[] grad = p.grad().data();
            System.arraycopy(grad, 0, gradient, offset, grad.length);
            offset += grad.length;
        }
        return value;
    }

    private void gather(double[] into) {
        int offset = 0;
        for (Var p : parameters) {
            double[] value = p.value().data();
            System.arraycopy(value, 0, into, offset, value.length);
            offset += value.length;
        }
    }

    private void scatter(double[] from) {
        int offset = 0;
        for (Var p : parameters) {
            double[] value = p.value().data();
            System.arraycopy(from, offset, value, 0, value.length);
            offset += value.length;
        }
    }

    /**
     * {@code sum_i a_i b_i} by nc-linalg's kernel, whose lanes add in a fixed order whatever
     * the thread count; a plain loop would be one serial chain of additions.
     */
    private static double dot(double[] a, double[] b) {
        return Blas.dot(a.length, a, 0, b, 0);
    }

    private static void axpy(double alpha, double[] x, double[] y) {
        Blas.axpy(x.length, alpha, x, 0, y, 0);
    }
}
