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
import io.github.nc4j.autodiff.optim.LbfgsLineSearchTest.Recorded;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link Lbfgs} on problems with known minimizers: Rosenbrock's valley and ill-conditioned
 * quadratics, to 1e-10; its line search's cubic step; the iteration cap; bad input; and
 * bitwise-identical iterates for every thread count. Also: its directions against the dense BFGS
 * update, the stopping rules at their exact thresholds, the counts it reports, and several
 * parameters of different shapes as one vector. {@link LbfgsLineSearchTest} has the line search.
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

    /** A random n x n SPD matrix with eigenvalues spaced geometrically from 1 to cond. */
    static Matrix spd(int n, double cond, Random random) {
        Matrix q = Qr.of(Matrix.gaussian(n, n, random)).q();
        Matrix d = Matrix.zeros(n, n);
        for (int i = 0; i < n; i++) {
            d.set(i, i, Math.pow(cond, (double) i / (n - 1)));
        }
        Matrix half = q.times(d).timesTranspose(q);
        return half.plus(half.transpose()).scale(0.5);
    }

    /** {@code (1/2) x^T A x - b^T x} for an n x n SPD A with eigenvalues from 1 to cond. */
    static final class Quadratic implements Lbfgs.Objective {
        final Tape tape = new Tape();
        final Matrix a;
        final Matrix b;
        final Var x;

        Quadratic(int n, double cond, long seed) {
            Random random = new Random(seed);
            this.a = spd(n, cond, random);
            this.b = Matrix.gaussian(n, 1, random);
            this.x = tape.parameter(Matrix.zeros(n, 1));
        }

        /** The quadratic of {@code a} and {@code b}, starting at {@code start}. */
        Quadratic(Matrix a, Matrix b, Matrix start) {
            this.a = a;
            this.b = b;
            this.x = tape.parameter(start);
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

    /** Rosenbrock's function, counting its evaluations. */
    @Test
    void theReportedEvaluationsAreTheObjectiveCalls() {
        Rosenbrock problem = new Rosenbrock();
        int[] calls = {0};
        Lbfgs.Objective counted = () -> {
            calls[0]++;
            return problem.evaluate();
        };
        Lbfgs lbfgs = new Lbfgs(List.of(problem.x));
        // The first step evaluates the start itself; the later ones do not again.
        for (int i = 1; i <= 5; i++) {
            Lbfgs.Result r = lbfgs.step(counted);
            assertEquals(i, r.iterations());
            assertEquals(calls[0], r.evaluations());
            assertTrue(calls[0] >= i + 1);
            assertEquals(problem.evaluate(), r.objective(), "f at the parameters left there");
        }
        Rosenbrock again = new Rosenbrock();
        calls[0] = 0;
        Lbfgs.Objective countedAgain = () -> {
            calls[0]++;
            return again.evaluate();
        };
        Lbfgs.Result r = new Lbfgs(List.of(again.x)).minimize(countedAgain, 1e-8, 0, 200);
        assertEquals(calls[0], r.evaluations(), r::describe);
    }

    /** f = (x - 4)^2 / 2 from 0. */
    private static Recorded parabola() {
        return new Recorded((x, g) -> {
            g[0] = x[0] - 4;
            return 0.5 * (x[0] - 4) * (x[0] - 4);
        }, 0);
    }

    /**
     * On f = (x - 4)^2 / 2 from 0 (f = 8, |g| = 4) the first iteration goes to x = 1 (f = 4.5,
     * |g| = 3): a decrease of 3.5 = 0.4375 max(8, 4.5, 1), and the second reaches 4 exactly (its
     * pair gives the exact curvature 1). A decrease at most tolerance * scale stops: with the
     * tolerance 0.4375 after one iteration, named a gradient stop when the gradient norm is at its
     * tolerance too; with the next double below, only at the minimizer.
     */
    @Test
    void theObjectiveChangeStopsAtItsThresholdAndDefersToTheGradient() {
        Recorded problem = parabola();
        Lbfgs.Result r = problem.lbfgs().minimize(problem, 0, 0.4375, 10);
        assertEquals(new Lbfgs.Result(1, 2, 4.5, 3, Lbfgs.Stop.OBJECTIVE_CHANGE), r);
        assertTrue(r.describe().startsWith("converged: the objective stopped changing after 1"
                + " iterations (2 evaluations)"), r::describe);

        problem = parabola();
        r = problem.lbfgs().minimize(problem, 3, 0.4375, 10);
        assertEquals(new Lbfgs.Result(1, 2, 4.5, 3, Lbfgs.Stop.GRADIENT), r);

        problem = parabola();
        r = problem.lbfgs().minimize(problem, 0, Math.nextDown(0.4375), 10);
        assertEquals(new Lbfgs.Result(2, 3, 0, 0, Lbfgs.Stop.GRADIENT), r);
        assertEquals(4, problem.x.value().data()[0]);
    }

    /** A gradient norm equal to the tolerance is converged: no iteration is done. */
    @Test
    void theGradientToleranceIncludesItsValue() {
        Recorded problem = parabola();
        Lbfgs.Result r = problem.lbfgs().minimize(problem, 4, 0, 10);
        assertEquals(new Lbfgs.Result(0, 1, 8, 4, Lbfgs.Stop.GRADIENT), r);
        assertEquals(1, problem.points.size());
    }

    @Test
    void aCapOfZeroIterationsOnlyEvaluatesTheStart() {
        Recorded problem = parabola();
        Lbfgs.Result r = problem.lbfgs().minimize(problem, 0, 0, 0);
        assertEquals(new Lbfgs.Result(0, 1, 8, 4, Lbfgs.Stop.MAX_ITERATIONS), r);
        assertEquals(0, problem.x.value().data()[0]);
    }

    @Test
    void negativeOrNaNTolerancesAndANegativeCapAreRejected() {
        Recorded problem = parabola();
        Lbfgs lbfgs = problem.lbfgs();
        assertThrows(IllegalArgumentException.class, () -> lbfgs.minimize(problem, -1e-300, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> lbfgs.minimize(problem, 0, -1e-300, 1));
        assertThrows(IllegalArgumentException.class,
                () -> lbfgs.minimize(problem, 0, Double.NaN, 1));
        var e = assertThrows(IllegalArgumentException.class,
                () -> lbfgs.minimize(problem, 0, 0, -1));
        assertEquals("need tolerances >= 0 and an iteration cap >= 0, got 0.0, 0.0 and -1",
                e.getMessage());
        assertTrue(problem.points.isEmpty(), "nothing is evaluated");
    }

    @Test
    void eachStopIsDescribed() {
        String counts = "after 3 iterations (7 evaluations); objective 1.500000000, gradient norm"
                + " 0.000250";
        String[] expected = {
            "converged: gradient norm at the tolerance ",
            "converged: the objective stopped changing ",
            "stopped at round-off: no step decreases the objective ",
            "reached the iteration cap before converging "};
        for (Lbfgs.Stop stop : Lbfgs.Stop.values()) {
            assertEquals(expected[stop.ordinal()] + counts,
                    new Lbfgs.Result(3, 7, 1.5, 2.5e-4, stop).describe());
        }
        // A single step that may be continued reads like the cap.
        assertEquals(expected[3] + counts, new Lbfgs.Result(3, 7, 1.5, 2.5e-4, null).describe());
    }

    /**
     * Two parameters of different shapes, a 2 x 3 and a 3 x 1, as one vector of 9 (row-major, in
     * the order given), on f = |a - A|^2 / 2 + |b - B|^2 / 2. From (a0, b0) at distance L, here
     * about 5.5, the first step has length 1 along -g, toward (A, B), and is taken: the curvature
     * condition asks (L - 1) L <= 0.9 L^2, that is L <= 10. Then L-BFGS converges to (A, B).
     */
    @Test
    void parametersOfDifferentShapesAreOneVectorInTheirOrder() {
        Tape tape = new Tape();
        double[] a0 = {1, -2, 3, 0.5, 0, -1};
        double[] b0 = {2, 7, -3};
        double[] targetA = {0.25, -1, 1.5, 2, 3, -2};
        double[] targetB = {1, 4, -1};
        Var a = tape.parameter(Matrix.wrap(2, 3, a0.clone()));
        Var b = tape.parameter(Matrix.wrap(3, 1, b0.clone()));
        Matrix bigA = Matrix.wrap(2, 3, targetA);
        Matrix bigB = Matrix.wrap(3, 1, targetB);
        Lbfgs.Objective objective = () -> {
            tape.reset();
            Var f = a.minus(tape.constant(bigA)).squaredNorm()
                    .plus(b.minus(tape.constant(bigB)).squaredNorm()).scale(0.5);
            tape.backward(f);
            return f.scalar();
        };
        double squared = 0;
        for (int i = 0; i < 6; i++) {
            squared += (a0[i] - targetA[i]) * (a0[i] - targetA[i]);
        }
        for (int i = 0; i < 3; i++) {
            squared += (b0[i] - targetB[i]) * (b0[i] - targetB[i]);
        }
        double length = Math.sqrt(squared);
        Lbfgs lbfgs = new Lbfgs(List.of(a, b));
        Lbfgs.Result r = lbfgs.step(objective);
        assertEquals(2, r.evaluations());
        // x0 + (target - x0) / L, each entry to a few ulps of the numbers involved (up to 7)
        double ulps = 8 * Math.ulp(8.0);
        for (int i = 0; i < 6; i++) {
            assertEquals(a0[i] + (targetA[i] - a0[i]) / length, a.value().data()[i], ulps);
        }
        for (int i = 0; i < 3; i++) {
            assertEquals(b0[i] + (targetB[i] - b0[i]) / length, b.value().data()[i], ulps);
        }
        assertEquals(0.5 * (length - 1) * (length - 1), r.objective(), 8 * Math.ulp(squared));
        r = lbfgs.minimize(objective, 1e-12, 0, 10);
        assertEquals(Lbfgs.Stop.GRADIENT, r.stop(), r::describe);
        // The Hessian is I: the distance to the minimizer is the gradient norm.
        assertArrayEquals(targetA, a.value().data(), 1e-12);
        assertArrayEquals(targetB, b.value().data(), 1e-12);
        assertEquals(r.gradientNorm(), Math.sqrt(a.grad().normFrobenius() * a.grad().normFrobenius()
                + b.grad().normFrobenius() * b.grad().normFrobenius()), 1e-15);
    }

    /** x^T A x / 2 - b^T x on R^4, A symmetric and diagonally dominant, so SPD. */
    private static final double[][] A4 = {
        {4, 1, 0, 0.5}, {1, 3, 0.5, 0}, {0, 0.5, 2, 0.25}, {0.5, 0, 0.25, 1}};
    private static final double[] B4 = {1, -2, 3, -4};

    private static double quadratic4(double[] x, double[] g) {
        double f = 0;
        for (int i = 0; i < 4; i++) {
            g[i] = -B4[i];
            for (int j = 0; j < 4; j++) {
                g[i] += A4[i][j] * x[j];
            }
            f += 0.5 * x[i] * (g[i] - B4[i]);
        }
        return f;
    }

    private static double[] gradient4(double[] x) {
        double[] g = new double[4];
        quadratic4(x, g);
        return g;
    }

    /**
     * L-BFGS's direction is -H g where H is the BFGS inverse update, applied to
     * {@code (s^T y / y^T y) I} (the newest pair's scale) by each of the last m pairs, oldest first:
     * {@code H <- (I - rho s y^T) H (I - rho y s^T) + rho s s^T}. Here that is computed as dense 4 x 4
     * matrices and compared with the first trial of each later step, which tries the unit step.
     * The history m = 1, 2, 10 keeps 1, at most 2, or all of the pairs.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 10})
    void eachDirectionIsTheBfgsUpdateByTheLastPairs(int history) {
        Recorded problem = new Recorded(LbfgsTest::quadratic4, 1, 1, 1, 1);
        Lbfgs lbfgs = new Lbfgs(List.of(problem.x), history);
        List<double[]> xs = new ArrayList<>();
        List<double[]> gs = new ArrayList<>();
        xs.add(problem.x.value().data().clone());
        gs.add(gradient4(xs.get(0)));
        for (int k = 0; k < 4; k++) {
            int first = Math.max(1, problem.points.size());
            Lbfgs.Result r = lbfgs.step(problem);
            assertEquals(k + 1, r.iterations(), r::describe);
            double[] trial = problem.points.get(first);
            double[] x = xs.get(k);
            double[] g = gs.get(k);
            double[] d = new double[4];
            if (k == 0) {
                double norm = Math.sqrt(dot(g, g));
                for (int i = 0; i < 4; i++) {
                    d[i] = -g[i] / norm;
                }
            } else {
                double[][] h = inverseHessian(xs, gs, Math.max(0, k - history), k);
                for (int i = 0; i < 4; i++) {
                    d[i] = -dot(h[i], g);
                }
            }
            // Both sides are a few dozen rounded operations on well-scaled numbers (A's condition
            // number is below 10): some ulps of |d| apart, seen up to 3; allow about 45.
            double tolerance = 1e-14 * Math.sqrt(dot(d, d));
            for (int i = 0; i < 4; i++) {
                assertEquals(x[i] + d[i], trial[i], tolerance, "iteration " + k + ", entry " + i);
            }
            xs.add(problem.x.value().data().clone());
            gs.add(gradient4(xs.get(k + 1)));
        }
    }

    /** Dense BFGS inverse Hessian from the pairs (x, g)[j] -> (x, g)[j + 1], from <= j < to. */
    private static double[][] inverseHessian(List<double[]> xs, List<double[]> gs, int from,
                                             int to) {
        int n = 4;
        double[][] pairS = new double[to][n];
        double[][] pairY = new double[to][n];
        for (int j = from; j < to; j++) {
            for (int i = 0; i < n; i++) {
                pairS[j][i] = xs.get(j + 1)[i] - xs.get(j)[i];
                pairY[j][i] = gs.get(j + 1)[i] - gs.get(j)[i];
            }
        }
        double gamma = dot(pairS[to - 1], pairY[to - 1]) / dot(pairY[to - 1], pairY[to - 1]);
        double[][] h = new double[n][n];
        for (int i = 0; i < n; i++) {
            h[i][i] = gamma;
        }
        for (int j = from; j < to; j++) {
            double rho = 1 / dot(pairS[j], pairY[j]);
            double[][] v = new double[n][n]; // I - rho y s^T
            for (int r = 0; r < n; r++) {
                for (int c = 0; c < n; c++) {
                    v[r][c] = (r == c ? 1 : 0) - rho * pairY[j][r] * pairS[j][c];
                }
            }
            double[][] next = new double[n][n]; // V^T H V + rho s s^T
            for (int r = 0; r < n; r++) {
                for (int c = 0; c < n; c++) {
                    double sum = rho * pairS[j][r] * pairS[j][c];
                    for (int p = 0; p < n; p++) {
                        for (int q = 0; q < n; q++) {
                            sum += v[p][r] * h[p][q] * v[q][c];
                        }
                    }
                    next[r][c] = sum;
                }
            }
            h = next;
        }
        return h;
    }

    private static double dot(double[] u, double[] v) {
        double sum = 0;
        for (int i = 0; i < u.length; i++) {
            sum += u[i] * v[i];
        }
        return sum;
    }
}
