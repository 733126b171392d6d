package io.github.nc4j.autodiff.optim;

import static io.github.nc4j.linalg.FloatingPoint.EPS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nc4j.autodiff.Tape;
import io.github.nc4j.autodiff.Var;
import io.github.nc4j.linalg.Matrix;
import io.github.nc4j.linalg.decomp.LinAlg;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link Lbfgs} with non-negative parameters, on bound-constrained quadratics whose minimizer is
 * known by construction: the optimality conditions {@code x* >= 0}, {@code g* >= 0},
 * {@code x*_i g*_i = 0} fix {@code b = A x* - g*} for a chosen x* and g*.
 */
class LbfgsBoundsTest {

    /**
     * {@code (1/2) x^T A x - b^T x} over {@code x >= 0}, A SPD with eigenvalues from 1 to cond,
     * whose minimizer x* has every third entry 0 with a positive gradient there ({@code g*_i} in
     * [0.1, 1.1]), except that with {@code degenerate} the first zero entry has gradient 0 too.
     * It also checks that every point it is evaluated at is feasible.
     */
    static final class BoundedQuadratic implements Lbfgs.Objective {
        final LbfgsTest.Quadratic quadratic;
        final Matrix solution;
        final Var x;
        int infeasibleEvaluations;

        BoundedQuadratic(int n, double cond, boolean degenerate, long seed) {
            Random random = new Random(seed);
            Matrix a = LbfgsTest.spd(n, cond, random);
            solution = Matrix.zeros(n, 1);
            Matrix gradient = Matrix.zeros(n, 1);
            for (int i = 0; i < n; i++) {
                if (i % 3 == 0) {
                    gradient.set(i, 0, degenerate && i == 0 ? 0 : 0.1 + random.nextDouble());
                } else {
                    solution.set(i, 0, 0.1 + random.nextDouble());
                }
            }
            quadratic = new LbfgsTest.Quadratic(a, a.times(solution).minus(gradient),
                    Matrix.filled(n, 1, 1));
            x = quadratic.x;
        }

        @Override
        public double evaluate() {
            for (double v : x.value().data()) {
                if (v < 0) {
                    infeasibleEvaluations++;
                }
            }
            return quadratic.evaluate();
        }
    }

    /**
     * Strict complementarity lets the search hold the zero entries exactly at 0. On the free
     * entries the error is then at most the gradient norm over A's smallest eigenvalue, 1; the
     * gradient {@code A x - b} is only known to about {@code n eps ||A|| ||x||}, so the tolerance
     * is a hundred times {@code n eps cond}.
     */
    @ParameterizedTest
    @CsvSource({"30, 1e2", "30, 1e3", "30, 1e4"})
    void reachesTheConstrainedMinimizerWithItsZerosExact(int n, double cond) {
        BoundedQuadratic problem = new BoundedQuadratic(n, cond, false, 5);
        double tolerance = 100 * n * EPS * cond;
        Lbfgs.Result r = new Lbfgs(List.of(problem.x), 10, List.of(problem.x))
                .minimize(problem, tolerance, 0, 5000);
        assertEquals(Lbfgs.Stop.GRADIENT, r.stop(), r::describe);
        double[] x = problem.x.value().data();
        for (int i = 0; i < n; i += 3) {
            assertEquals(0.0, x[i], "entry " + i + " is held at its bound");
        }
        double error = problem.x.value().minus(problem.solution).normFrobenius();
        assertTrue(error <= tolerance, "error " + error + "; " + r.describe());
        assertEquals(0, problem.infeasibleEvaluations);
    }

    /** Without strict complementarity the minimizer is still reached, to the same bound. */
    @Test
    void aZeroWithAZeroGradientIsReachedToo() {
        BoundedQuadratic problem = new BoundedQuadratic(30, 1e2, true, 6);
        double tolerance = 100 * 30 * EPS * 1e2;
        Lbfgs.Result r = new Lbfgs(List.of(problem.x), 10, List.of(problem.x))
                .minimize(problem, tolerance, 0, 5000);
        assertEquals(Lbfgs.Stop.GRADIENT, r.stop(), r::describe);
        double error = problem.x.value().minus(problem.solution).normFrobenius();
        assertTrue(error <= tolerance, "error " + error + "; " + r.describe());
    }

    /**
     * The reported gradient norm leaves out the entries held at 0 (their gradient, at least 0.1
     * each, would dominate it) and keeps the free ones.
     */
    @Test
    void theGradientNormIsProjected() {
        BoundedQuadratic problem = new BoundedQuadratic(12, 10, false, 8);
        problem.x.value().data()[0] = 0;
        Lbfgs.Result start = new Lbfgs(List.of(problem.x), 10, List.of(problem.x))
                .begin(problem);
        double[] g = problem.x.grad().data();
        double expected = 0;
        for (int i = 0; i < g.length; i++) {
            if (!(i == 0 && g[0] > 0)) {
                expected += g[i] * g[i];
            }
        }
        assertEquals(Math.sqrt(expected), start.gradientNorm(), 1e-15 * Math.sqrt(expected));
    }

    /**
     * Only the named parameters are bounded: in {@code |u - b|^2 + |v - b|^2} with b having
     * negative entries, u (non-negative) ends at {@code max(b, 0)} and v at b.
     */
    @Test
    void unboundedParametersGoNegative() {
        Tape tape = new Tape();
        Var u = tape.parameter(Matrix.filled(2, 2, 1));
        Var v = tape.parameter(Matrix.filled(1, 3, 1));
        Matrix bu = Matrix.of(new double[][] {{-1, 2}, {0.5, -3}});
        Matrix bv = Matrix.of(new double[][] {{-1, 2, -0.25}});
        Lbfgs.Objective objective = () -> {
            tape.reset();
            Var f = u.minus(tape.constant(bu)).squaredNorm()
                    .plus(v.minus(tape.constant(bv)).squaredNorm());
            tape.backward(f);
            return f.scalar();
        };
        Lbfgs.Result r = new Lbfgs(List.of(u, v), 10, List.of(u))
                .minimize(objective, 1e-14, 0, 100);
        assertEquals(Lbfgs.Stop.GRADIENT, r.stop(), r::describe);
        assertEquals(Matrix.of(new double[][] {{0, 2}, {0.5, 0}}).minus(u.value())
                .normFrobenius(), 0, 1e-14);
        assertEquals(bv.minus(v.value()).normFrobenius(), 0, 1e-14);
    }

    /** Without active bounds the projected method solves an unconstrained quadratic too. */
    @Test
    void anInteriorMinimizerIsFound() {
        LbfgsTest.Quadratic shape = new LbfgsTest.Quadratic(20, 1e3, 4);
        Matrix solution = LinAlg.solve(shape.a, shape.b);
        Matrix shift = Matrix.filled(20, 1, 1 - minimum(solution.data()));
        // b + A shift moves the minimizer to solution + shift, inside x >= 0
        LbfgsTest.Quadratic problem = new LbfgsTest.Quadratic(shape.a,
                shape.b.plus(shape.a.times(shift)), Matrix.filled(20, 1, 1));
        Lbfgs.Result r = new Lbfgs(List.of(problem.x), 10, List.of(problem.x))
                .minimize(problem, 1e-12, 0, 2000);
        assertEquals(Lbfgs.Stop.GRADIENT, r.stop(), r::describe);
        double error = problem.x.value().minus(solution.plus(shift)).normFrobenius();
        assertTrue(error <= 1e-12, "error " + error);
    }

    /**
     * The projected search backtracks until sufficient decrease holds: f = -(1 - exp(-k x)) on
     * x >= 0 with k = 2e4, from 0. The first trial, x = 1 (length 1), lowers f by 1 where
     * c1 g^T (x - 0) asks for 2; the quadratic's shrink, 1/2 after clamping, gives x = 0.5,
     * where f = -1 meets the required -1 exactly and is taken.
     */
    @Test
    void theProjectedSearchBacktracksToSufficientDecrease() {
        double k = 2e4;
        LbfgsLineSearchTest.Recorded problem = new LbfgsLineSearchTest.Recorded((x, g) -> {
            g[0] = -k * Math.exp(-k * x[0]);
            return -(1 - Math.exp(-k * x[0]));
        }, 0);
        Lbfgs.Result r = new Lbfgs(List.of(problem.x), 10, List.of(problem.x)).step(problem);
        assertEquals(3, r.evaluations(), r::describe);
        assertEquals(1, problem.point(1));
        assertEquals(0.5, problem.point(2));
        assertEquals(0.5, problem.x.value().data()[0]);
        assertEquals(-1, r.objective());
    }

    @Test
    void badBoundsAreNamed() {
        Tape tape = new Tape();
        Var p = tape.parameter(Matrix.filled(1, 2, -1));
        Var q = tape.parameter(Matrix.zeros(1, 1));
        var e = assertThrows(IllegalArgumentException.class,
                () -> new Lbfgs(List.of(q), 10, List.of(p)));
        assertTrue(e.getMessage().endsWith("is not among the optimized parameters"),
                e.getMessage());
        Lbfgs.Objective objective = () -> {
            tape.reset();
            Var f = p.squaredNorm();
            tape.backward(f);
            return f.scalar();
        };
        e = assertThrows(IllegalArgumentException.class,
                () -> new Lbfgs(List.of(p), 10, List.of(p)).begin(objective));
        assertEquals("L-BFGS cannot start: entry 0 of the parameters must be >= 0 but is -1.0",
                e.getMessage());
    }

    private static double minimum(double[] values) {
        double min = Double.POSITIVE_INFINITY;
        for (double v : values) {
            min = Math.min(min, v);
        }
        return min;
    }
}
