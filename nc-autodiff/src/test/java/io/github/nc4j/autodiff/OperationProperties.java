package io.github.nc4j.autodiff;

import static io.github.nc4j.linalg.FloatingPoint.EPS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nc4j.linalg.Matrix;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Every operation's backward rule against central differences ({@link GradCheck}) on random
 * shapes, including empty ones, broadcasting, and values used several times; and every
 * operation's value against a direct computation.
 *
 * <p>Non-scalar results are reduced by {@code sum(out o R)} with a fixed random R, so the check
 * sees the vector-Jacobian product with a random cotangent, which tests the whole Jacobian.
 */
class OperationProperties {

    /**
     * Central differences with h = eps^(1/3) max(1, |x|) err by about eps^(2/3) (|f'''|/6 +
     * delta/(eps |f|)), eps^(2/3) = 3.7e-11 (see {@link GradCheck}). The functions here have
     * entries in [-2, 2], at most 7 x 7 elements and cotangents in [-1, 1]: their third
     * derivatives and evaluation errors stay below about 10^3 in those units, so correct rules
     * err by less than 4e-8. A wrong rule (a missing factor, a wrong transpose) errs by O(0.1).
     */
    static final double TOLERANCE = 1e-6;

    @Provide
    Arbitrary<Integer> sizes() {
        return Arbitraries.integers().between(0, 7).edgeCases(e -> e.includeOnly(0, 1, 7));
    }

    @Provide
    Arbitrary<Integer> positiveSizes() {
        return Arbitraries.integers().between(1, 7).edgeCases(e -> e.includeOnly(1, 7));
    }

    // ---------------------------------------------------------------- gradients

    @Property(tries = 60)
    void elementwiseArithmetic(@ForAll("sizes") int r, @ForAll("sizes") int c, @ForAll long seed) {
        Random random = new Random(seed);
        Matrix a = entries(r, c, random);
        Matrix b = entries(r, c, random);
        double factor = random.nextDouble() * 4 - 2;
        assertGradients(x -> project(x[0].plus(x[1]), seed), a, b);
        assertGradients(x -> project(x[0].minus(x[1]), seed), a, b);
        assertGradients(x -> project(x[0].elementTimes(x[1]), seed), a, b);
        assertGradients(x -> project(x[0].scale(factor), seed), a);
    }

    @Property(tries = 80)
    void matrixProducts(@ForAll("sizes") int m, @ForAll("sizes") int k, @ForAll("sizes") int n,
                        @ForAll long seed) {
        Random random = new Random(seed);
        Matrix a = entries(m, k, random);
        Matrix b = entries(k, n, random);
        Matrix at = a.transpose();
        Matrix bt = b.transpose();
        assertGradients(x -> project(x[0].times(x[1]), seed), a, b);
        assertGradients(x -> project(x[0].transposeTimes(x[1]), seed), at, b);
        assertGradients(x -> project(x[0].timesTranspose(x[1]), seed), a, bt);
        assertGradients(x -> project(x[0].transpose(), seed), a);
    }

    @Property(tries = 60)
    void broadcastingBias(@ForAll("sizes") int r, @ForAll("sizes") int c, @ForAll long seed) {
        Random random = new Random(seed);
        Matrix a = entries(r, c, random);
        assertGradients(x -> project(x[0].plusRow(x[1]), seed), a, entries(1, c, random));
        assertGradients(x -> project(x[0].plusColumn(x[1]), seed), a, entries(r, 1, random));
    }

    @Property(tries = 60)
    void rowSelection(@ForAll("positiveSizes") int r, @ForAll("sizes") int c,
                      @ForAll("sizes") int picks, @ForAll long seed) {
        Random random = new Random(seed);
        int[] indices = random.ints(picks, 0, r).toArray(); // repeats included
        Matrix a = entries(r, c, random);
        assertEquals(a.selectRows(indices), new Tape().constant(a).selectRows(indices).value());
        assertGradients(x -> project(x[0].selectRows(indices), seed), a);
    }

    @Property(tries = 60)
    void activations(@ForAll("sizes") int r, @ForAll("sizes") int c, @ForAll long seed) {
        Random random = new Random(seed);
        Matrix a = awayFromZero(r, c, random);
        double slope = random.nextDouble();
        assertGradients(x -> project(x[0].relu(), seed), a);
        assertGradients(x -> project(x[0].leakyRelu(slope), seed), a);
        assertGradients(x -> project(x[0].tanh(), seed), a);
        assertGradients(x -> project(x[0].sigmoid(), seed), a);
    }

    @Property(tries = 60)
    void reductions(@ForAll("sizes") int r, @ForAll("sizes") int c, @ForAll long seed) {
        Random random = new Random(seed);
        Matrix a = entries(r, c, random);
        assertGradients(x -> x[0].sum(), a);
        assertGradients(x -> x[0].squaredNorm(), a);
        if (r > 0 && c > 0) {
            assertGradients(x -> x[0].mean(), a);
        }
    }

    @Property(tries = 60)
    void losses(@ForAll("positiveSizes") int n, @ForAll("positiveSizes") int k,
                @ForAll long seed) {
        Random random = new Random(seed);
        Matrix z = entries(n, k, random);
        Matrix y = entries(n, k, random);
        int[] labels = random.ints(n, 0, k).toArray();
        assertGradients(x -> project(x[0].logSoftmax(), seed), z);
        assertGradients(x -> x[0].crossEntropy(labels), z);
        assertGradients(x -> x[0].mse(y), z);
    }

    /** micrograd's {@code a + a} bug class: every use of a value must contribute. */
    @Property(tries = 60)
    void valuesUsedSeveralTimes(@ForAll("positiveSizes") int n, @ForAll long seed) {
        Random random = new Random(seed);
        Matrix a = entries(n, n, random);
        Matrix b = entries(n, n, random);
        assertGradients(x -> project(x[0].plus(x[0]), seed), a);
        assertGradients(x -> project(x[0].minus(x[0].scale(3)), seed), a);
        assertGradients(x -> project(x[0].elementTimes(x[0]), seed), a);
        assertGradients(x -> project(x[0].times(x[0]), seed), a);
        assertGradients(x -> project(x[0].timesTranspose(x[0]), seed), a);
        assertGradients(x -> project(x[0].transposeTimes(x[0]), seed), a);
        assertGradients(x -> {
            Var ab = x[0].times(x[1]);                 // ab feeds three later operations
            return project(ab.plus(ab.tanh()).elementTimes(ab).times(x[0]), seed);
        }, a, b);
        assertGradients(x -> project(x[0].plusRow(x[1]).plusColumn(x[2]).plus(x[0]), seed),
                a, entries(1, n, random), entries(n, 1, random));
    }

    /**
     * micrograd's {@code test_sanity_check}, on 1 x 1 matrices, with the values PyTorch gives:
     * y = -20 and dy/dx = 46 at x = -4.
     */
    @Example
    void microgradSanityCheck() {
        Tape tape = new Tape();
        Var x = tape.parameter(Matrix.filled(1, 1, -4));
        Var two = tape.constant(Matrix.filled(1, 1, 2));
        Var z = x.scale(2).plus(two).plus(x);
        Var q = z.relu().plus(z.elementTimes(x));
        Var h = z.elementTimes(z).relu();
        Var y = h.plus(q).plus(q.elementTimes(x));
        tape.backward(y);
        assertEquals(-20, y.scalar());
        assertEquals(46, x.grad().get(0, 0));
    }

    /**
     * At a kink the derivative is a convention, which central differences cannot check: as in
     * PyTorch, relu passes no gradient at 0 and leakyRelu passes the slope's share.
     */
    @Example
    void kinksTakeTheDerivativeOfTheNegativeSide() {
        Tape tape = new Tape();
        Var x = tape.parameter(Matrix.rowVector(-1, 0, 1));
        tape.backward(x.relu().sum());
        assertEquals(Matrix.rowVector(0, 0, 1), x.grad());
        tape.reset();
        tape.backward(x.leakyRelu(0.25).sum());
        assertEquals(Matrix.rowVector(0.25, 0.25, 1), x.grad());
    }

    /** Inputs above the coordinate limit are checked along random directions. */
    @Example
    void largeInputsAlongRandomDirections() {
        Random random = new Random(11);
        Matrix h = entries(40, 12, random);
        Matrix w = entries(5, 12, random);
        int[] labels = random.ints(40, 0, 5).toArray();
        GradCheck.Result result = GradCheck.check(
                x -> x[0].timesTranspose(x[1]).tanh().crossEntropy(labels), h, w);
        assertEquals(GradCheck.DEFAULT_DIRECTIONS, result.checks());
        assertTrue(result.passes(TOLERANCE), result.toString());
    }

    // ---------------------------------------------------------------- values

    @Property(tries = 60)
    void elementwiseValuesAreExact(@ForAll("sizes") int r, @ForAll("sizes") int c,
                                   @ForAll long seed) {
        Random random = new Random(seed);
        Matrix a = entries(r, c, random);
        Matrix b = entries(r, c, random);
        Tape tape = new Tape();
        Var x = tape.constant(a);
        Var y = tape.constant(b);
        // one rounding each, as in the Matrix methods
        assertEquals(a.plus(b), x.plus(y).value());
        assertEquals(a.minus(b), x.minus(y).value());
        assertEquals(a.elementTimes(b), x.elementTimes(y).value());
        assertEquals(a.scale(-1.5), x.scale(-1.5).value());
        assertEquals(a.transpose(), x.transpose().value());
        assertEquals(a.map(v -> Math.max(v, 0)), x.relu().value());
        assertEquals(a.map(v -> v > 0 ? v : 0.2 * v), x.leakyRelu(0.2).value());
        assertEquals(a.map(Math::tanh), x.tanh().value());
        assertEquals(a.map(v -> 1 / (1 + Math.exp(-v))), x.sigmoid().value());
        Matrix row = entries(1, c, random);
        Matrix column = entries(r, 1, random);
        assertEquals(a.plusRow(row), x.plusRow(tape.constant(row)).value());
        assertEquals(Matrix.generate(r, c, (i, j) -> a.get(i, j) + column.get(i, 0)),
                x.plusColumn(tape.constant(column)).value());
    }

    @Property(tries = 60)
    void productValuesMatchMaterializedTransposes(@ForAll("sizes") int m, @ForAll("sizes") int k,
                                                 @ForAll("sizes") int n, @ForAll long seed) {
        Random random = new Random(seed);
        Matrix a = entries(m, k, random);
        Matrix b = entries(k, n, random);
        Matrix expected = reference(a, b);
        // each element is a k-term dot product: within k eps sum_l |a_il||b_lj| of the exact
        // value, so two correct evaluations differ by at most twice that
        Matrix bound = reference(abs(a), abs(b)).scale(2 * k * EPS);
        Tape tape = new Tape();
        assertWithin(expected, tape.constant(a).times(tape.constant(b)).value(), bound);
        assertWithin(expected,
                tape.constant(a.transpose()).transposeTimes(tape.constant(b)).value(), bound);
        assertWithin(expected,
                tape.constant(a).timesTranspose(tape.constant(b.transpose())).value(), bound);
    }

    @Property(tries = 60)
    void reductionValues(@ForAll("sizes") int r, @ForAll("sizes") int c, @ForAll long seed) {
        Random random = new Random(seed);
        Matrix a = entries(r, c, random);
        Tape tape = new Tape();
        Var x = tape.constant(a);
        double sum = 0;
        double absSum = 0;
        double squares = 0;
        for (double v : a.data()) {
            sum += v;
            absSum += Math.abs(v);
            squares += v * v;
        }
        int size = a.size();
        // recursive summation of n terms errs by at most (n - 1) eps sum |terms|
        // (Higham, Accuracy and Stability of Numerical Algorithms, sec. 4.2)
        assertEquals(sum, x.sum().scalar(), 2 * size * EPS * absSum);
        assertEquals(squares, x.squaredNorm().scalar(), 2 * size * EPS * squares);
        if (size > 0) {
            assertEquals(sum / size, x.mean().scalar(), 2 * (size + 1) * EPS * absSum / size);
        }
    }

    // ---------------------------------------------------------------- helpers

    static void assertGradients(GradCheck.ScalarFunction f, Matrix... inputs) {
        GradCheck.Result result = GradCheck.check(f, inputs);
        assertTrue(result.passes(TOLERANCE), result.toString());
    }

    /** {@code sum(out o R)} with R uniform in [-1, 1), fixed by the seed. */
    static Var project(Var out, long seed) {
        Random random = new Random(seed ^ 0x5DEECE66DL);
        Matrix cotangent = Matrix.uniform(out.rows(), out.cols(), -1, 1, random);
        return out.elementTimes(out.tape().constant(cotangent)).sum();
    }

    static Matrix entries(int rows, int cols, Random random) {
        return Matrix.uniform(rows, cols, -2, 2, random);
    }

    /** Entries with 0.1 <= |x| < 2, so a central difference never straddles relu's kink. */
    static Matrix awayFromZero(int rows, int cols, Random random) {
        return Matrix.generate(rows, cols, (i, j) ->
                (random.nextBoolean() ? 1 : -1) * (0.1 + 1.9 * random.nextDouble()));
    }

    private static Matrix reference(Matrix a, Matrix b) {
        return Matrix.generate(a.rows(), b.cols(), (i, j) -> {
            double s = 0;
            for (int l = 0; l < a.cols(); l++) {
                s += a.get(i, l) * b.get(l, j);
            }
            return s;
        });
    }

    private static Matrix abs(Matrix a) {
        return a.map(Math::abs);
    }

    private static void assertWithin(Matrix expected, Matrix actual, Matrix bound) {
        assertEquals(expected.shape(), actual.shape());
        for (int i = 0; i < expected.rows(); i++) {
            for (int j = 0; j < expected.cols(); j++) {
                assertTrue(Math.abs(expected.get(i, j) - actual.get(i, j)) <= bound.get(i, j),
                        "(" + i + ", " + j + "): " + actual.get(i, j) + " vs "
                                + expected.get(i, j));
            }
        }
    }
}
