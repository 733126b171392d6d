package io.github.nc4j.autodiff.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nc4j.autodiff.Tape;
import io.github.nc4j.autodiff.Var;
import io.github.nc4j.linalg.Matrix;
import io.github.nc4j.linalg.Parallelism;
import io.github.nc4j.linalg.decomp.LinAlg;
import io.github.nc4j.linalg.decomp.Qr;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link Lbfgs} on problems with known minimizers: Rosenbrock's valley and ill-conditioned
 * quadratics, to 1e-10; its line search's cubic step; the iteration cap; bad input; and
 * bitwise-identical iterates for every thread count.
 */
class LbfgsTest {

    /** Rosenbrock's function {@code (1 - u)^2 + 100 (v - u^2)^2} of the 1 x 2 parameter (u, v). */
    static final class Rosenbrock implements Lbfgs.Objective {
        final Tape tape = new Tape();
        final Var x = tape.parameter(Matrix.of(new double[][] {{-1.2, 1}}));

        @Override
        public double evaluate() {
            tape.reset();
            Var u = x.times(tape.constant(Matrix.of(new double[][] {{1}, {0}})));
            Var v = x.times(tape.constant(Matrix.of(new double[][] {{0}, {1}})));
            Var one = tape.constant(Matrix.of(new double[][] {{1}}));
            Var f = one.minus(u).squaredNorm()
                    .plus(v.minus(u.elementTimes(u)).squaredNorm().scale(100));
            tape.backward(f);
            return f.scalar();
        }
    }

    @Test
    void rosenbrocksValleyToItsMinimum() {
        Rosenbrock problem = new Rosenbrock();
        Lbfgs.Result r = new Lbfgs(List.of(problem.x)).minimize(problem, 1e-12, 0, 200);
        assertEquals(Lbfgs.Stop.GRADIENT, r.stop(), r::describe);
        // The Hessian's smallest eigenvalue at (1, 1) is about 0.4: |x - x*| <= |g| / 0.4.
        assertArrayEquals(new double[] {1, 1}, problem.x.value().data(), 1e-10);
        assertTrue(r.iterations() < 60, r::describe);
        assertTrue(r.describe().startsWith("converged: gradient norm at the tolerance after"));
    }

    /** {@code (1/2) x^T A x - b^T x} for an n x n SPD A with eigenvalues from 1 to cond. */
    static final class Quadratic implements Lbfgs.Objective {
        final Tape tape = new Tape();
        final Matrix a;
        final Matrix b;
        final Var x;

        Quadratic(int n, double cond, long seed) {
            Random random = new Random(seed);
            Matrix q = Qr.of(Matrix.gaussian(n, n, random)).q();
            Matrix d = Matrix.zeros(n, n);
            for (int i = 0; i < n; i++) {
                d.set(i, i, Math.pow(cond, (double) i / (n - 1)));
            }
            Matrix half = q.times(d).timesTranspose(q);
            a = half.plus(half.transpose()).scale(0.5);
            b = Matrix.gaussian(n, 1, random);
            x = tape.parameter(Matrix.zeros(n, 1));
        }

        @Override
        public double evaluate() {
            tape.reset();
            Var ax = tape.constant(a).times(x);
            Var f = x.transposeTimes(ax).scale(0.5).minus(tape.constant(b).transposeTimes(x));
            tape.backward(f);
            return f.scalar();
        }
    }

    /**
     * Condition numbers to 1e6; at 1e6 the space has 10 dimensions, as many as the history, so
     * that L-BFGS builds the whole inverse Hessian (with 40, it and SciPy's L-BFGS-B both need
     * thousands of iterations and stall near 1e-5).
     */
    @ParameterizedTest
    @CsvSource({"40, 1e2", "40, 1e4", "10, 1e6"})
    void illConditionedQuadraticsToTheirSolution(int n, double cond) {
        Quadratic problem = new Quadratic(n, cond, 7);
        Lbfgs.Result r = new Lbfgs(List.of(problem.x)).minimize(problem, 1e-13, 0, 5000);
        Matrix exact = LinAlg.solve(problem.a, problem.b);
        double error = problem.x.value().minus(exact).normFrobenius() / exact.normFrobenius();
        assertTrue(error <= 1e-10, "relative error " + error + "; " + r.describe());
    }

    @Test
    void theIterationCapStopsWithAClearMessage() {
        Rosenbrock problem = new Rosenbrock();
        Lbfgs.Result r = new Lbfgs(List.of(problem.x)).minimize(problem, 0, 0, 3);
        assertEquals(Lbfgs.Stop.MAX_ITERATIONS, r.stop());
        assertEquals(3, r.iterations());
        assertTrue(r.describe().startsWith("reached the iteration cap before converging after 3"
                + " iterations"), r::describe);
    }

    @Test
    void aShortHistoryStillConverges() {
        Quadratic problem = new Quadratic(20, 1e3, 3);
        Lbfgs.Result r = new Lbfgs(List.of(problem.x), 1).minimize(problem, 1e-12, 0, 5000);
        assertEquals(Lbfgs.Stop.GRADIENT, r.stop(), r::describe);
    }

    @Test
    void theObjectiveToleranceStopsAStalledRun() {
        Rosenbrock problem = new Rosenbrock();
        Lbfgs.Result r = new Lbfgs(List.of(problem.x)).minimize(problem, 0, 1e-3, 200);
        assertEquals(Lbfgs.Stop.OBJECTIVE_CHANGE, r.stop(), r::describe);
        assertTrue(r.describe().startsWith("converged: the objective stopped changing"));
    }

    /** The cubic through a quadratic's values and slopes at two points is the quadratic. */
    @Test
    void theCubicStepIsExactOnAQuadraticAndStaysInsideTheBracket() {
        double center = 0.3;
        double step = Lbfgs.interpolate(0, center * center, -2 * center, 1,
                (1 - center) * (1 - center), 2 * (1 - center));
        assertEquals(center, step, 1e-15);
        // (a - 0.01)^2: the cubic's minimizer 0.01 is moved a tenth of the bracket inside
        assertEquals(0.1, Lbfgs.interpolate(0, 1e-4, -0.02, 1, 0.9801, 1.98), 1e-15);
        assertEquals(0.5, Lbfgs.interpolate(0, 1, -1, 1, Double.NaN, Double.NaN),
                "midpoint beside a non-finite value");
    }

    @Test
    void badInputIsNamed() {
        Tape tape = new Tape();
        Var p = tape.parameter(Matrix.zeros(1, 1));
        Var c = tape.constant(Matrix.zeros(1, 1));
        var e = assertThrows(IllegalArgumentException.class, () -> new Lbfgs(List.of(c)));
        assertTrue(e.getMessage().startsWith("only parameters made by Tape.parameter"));
        e = assertThrows(IllegalArgumentException.class, () -> new Lbfgs(List.of(p, p)));
        assertTrue(e.getMessage().endsWith("appears twice"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Lbfgs(List.of(p), 0));
        assertThrows(IllegalArgumentException.class,
                () -> new Lbfgs(List.of(p)).minimize(() -> 0, Double.NaN, 0, 1));
        Lbfgs.Objective infinite = () -> {
            tape.reset();
            Var f = p.scale(Double.POSITIVE_INFINITY).sum();
            tape.backward(f);
            return f.scalar();
        };
        var start = assertThrows(ArithmeticException.class,
                () -> new Lbfgs(List.of(p)).minimize(infinite, 1e-8, 0, 10));
        assertTrue(start.getMessage().startsWith("L-BFGS cannot start"), start.getMessage());
    }

    /** The quadratic's products run on GEMM, whose sums have a fixed order for any threads. */
    @Test
    void iteratesAreBitwiseTheSameForEveryThreadCount() {
        int threads = Parallelism.threads();
        try {
            double[][] results = new double[2][];
            for (int t = 1; t <= 2; t++) {
                Parallelism.setThreads(t);
                Quadratic problem = new Quadratic(300, 1e4, 11);
                new Lbfgs(List.of(problem.x)).minimize(problem, 0, 0, 30);
                results[t - 1] = problem.x.value().data().clone();
            }
            assertArrayEquals(results[0], results[1]);
        } finally {
            Parallelism.setThreads(threads);
        }
    }
}
