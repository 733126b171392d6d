package io.github.nc4j.linalg.decomp;

import static io.github.nc4j.linalg.FloatingPoint.EPS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nc4j.linalg.Matrix;
import io.github.nc4j.linalg.decomp.TestMatrices.Kind;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class LinAlgTest {

    @Test
    void solveHasABackwardStableResidual() {
        Random random = new Random(51);
        for (int n : new int[] {1, 2, 10, 70, 129}) {
            Matrix a = Matrix.gaussian(n, n, random);
            Matrix b = Matrix.gaussian(n, 3, random);
            LuChecks.checkSolve(a, b, LinAlg.solve(a, b), "solve " + n);
        }
    }

    /** LAPACK's dget03: {@code ||I - A A^{-1}||_1 / (n ||A||_1 ||A^{-1}||_1 eps) <= 35}. */
    @Test
    void inverseTimesMatrixIsTheIdentity() {
        Random random = new Random(52);
        for (int n : new int[] {0, 1, 3, 40, 100}) {
            Matrix a = Matrix.gaussian(n, n, random);
            Matrix inverse = LinAlg.inverse(a);
            if (n == 0) {
                assertEquals("0x0", inverse.shape());
                continue;
            }
            double ratio = Matrix.identity(n).minus(a.times(inverse)).norm1()
                    / (n * a.norm1() * inverse.norm1() * EPS);
            assertTrue(ratio <= Ratios.THRESHOLD, "inverse " + n + ": " + ratio);
        }
        var e = assertThrows(ArithmeticException.class, () -> LinAlg.inverse(Matrix.zeros(2, 2)));
        assertTrue(e.getMessage().contains("singular"), e.getMessage());
    }

    /** |det(U D V^T)| = prod d_i for orthogonal U, V; d_i in [1, 2] keeps it well conditioned. */
    @Test
    void determinantMatchesTheProductOfSingularValues() {
        Random random = new Random(53);
        for (int n : new int[] {1, 5, 60}) {
            double[] d = new double[n];
            double product = 1;
            for (int i = 0; i < n; i++) {
                d[i] = 1 + random.nextDouble();
                product *= d[i];
            }
            Matrix a = TestMatrices.withSingularValues(d, n, n, random);
            double relative = Math.abs(Math.abs(LinAlg.det(a)) - product) / product;
            assertTrue(relative <= Ratios.THRESHOLD * n * EPS, "det " + n + ": " + relative);
        }
        assertEquals(1.0, LinAlg.det(Matrix.zeros(0, 0)), 0.0);
        assertEquals(-6.0, LinAlg.det(Matrix.of(new double[][] {{0, 2}, {3, 0}})), 0.0);
    }

    @Test
    void pseudoInverseSatisfiesThePenroseConditions() {
        Random random = new Random(54);
        for (Kind kind : new Kind[] {Kind.RANDOM, Kind.RANK_DEFICIENT, Kind.ZERO, Kind.IDENTITY}) {
            for (int[] shape : new int[][] {{1, 1}, {7, 3}, {3, 7}, {40, 40}, {90, 25}, {25, 90}}) {
                Matrix a = TestMatrices.general(kind, shape[0], shape[1], random);
                checkPenrose(a, LinAlg.pinv(a), kind + " " + shape[0] + "x" + shape[1]);
            }
        }
        // For a nonsingular A both are the inverse, each computed with a forward error of
        // O(n eps cond(A) ||A^{-1}||).
        for (int n : new int[] {1, 6, 50}) {
            Matrix a = Matrix.gaussian(n, n, random);
            Matrix inverse = LinAlg.inverse(a);
            double ratio = LinAlg.pinv(a).minus(inverse).normFrobenius()
                    / (LinAlg.normSpectral(inverse) * LinAlg.cond(a) * n * EPS);
            assertTrue(ratio <= Ratios.THRESHOLD, "pinv vs inverse " + n + ": " + ratio);
        }
        assertEquals("4x3", LinAlg.pinv(Matrix.zeros(3, 4)).shape());
        assertEquals(0.0, LinAlg.pinv(Matrix.zeros(3, 4)).maxAbs(), 0.0);
    }

    /**
     * The four Penrose conditions, each as a ratio to {@code ||A||_2 ||X||_2 max(m, n) eps} times
     * the norm of the term it compares against.
     */
    static void checkPenrose(Matrix a, Matrix x, String label) {
        int size = Math.max(a.rows(), a.cols());
        assertEquals(a.cols() + "x" + a.rows(), x.shape(), label);
        double scale = LinAlg.normSpectral(a) * LinAlg.normSpectral(x) * size * EPS;
        if (scale == 0) {
            assertEquals(0.0, x.maxAbs(), 0.0, label + ": pinv of zero");
            return;
        }
        Matrix ax = a.times(x);
        Matrix xa = x.times(a);
        double[] ratios = {
            ax.times(a).minus(a).normFrobenius() / (scale * a.normFrobenius()),
            xa.times(x).minus(x).normFrobenius() / (scale * x.normFrobenius()),
            ax.minus(ax.transpose()).normFrobenius() / scale,
            xa.minus(xa.transpose()).normFrobenius() / scale};
        for (int i = 0; i < ratios.length; i++) {
            assertTrue(ratios[i] <= Ratios.THRESHOLD, label + ": Penrose condition " + (i + 1)
                    + " ratio " + ratios[i]);
        }
    }

    /**
     * The least-squares residual is orthogonal to the range of A (LAPACK's dqrt17 test):
     * {@code ||A^T (b - A x)|| / (||A|| (||A|| ||x|| + ||b||) max(m, n) eps) <= 35}; for a
     * rank-deficient A the minimum-norm x also has no component in A's null space.
     */
    @Test
    void leastSquaresResidualIsOrthogonalToTheRange() {
        Random random = new Random(55);
        for (Kind kind : new Kind[] {Kind.RANDOM, Kind.RANK_DEFICIENT}) {
            for (int[] shape : new int[][] {{60, 20}, {20, 60}, {33, 33}}) {
                Matrix a = TestMatrices.general(kind, shape[0], shape[1], random);
                Matrix b = Matrix.gaussian(shape[0], 2, random);
                Matrix x = LinAlg.lstsq(a, b);
                String label = kind + " " + shape[0] + "x" + shape[1];
                int size = Math.max(shape[0], shape[1]);
                double normA = a.normFrobenius();
                double scale = normA * (normA * x.normFrobenius() + b.normFrobenius());
                double ratio = a.transposeTimes(b.minus(a.times(x))).normFrobenius()
                        / (scale * size * EPS);
                assertTrue(ratio <= Ratios.THRESHOLD, label + ": ||A^T r|| ratio " + ratio);
                int rank = LinAlg.rank(a);
                Matrix nullSpace = Svd.full(a).v().columnRange(rank, shape[1]);
                double nullRatio = nullSpace.transposeTimes(x).normFrobenius()
                        / (x.normFrobenius() * size * EPS);
                assertTrue(nullRatio <= Ratios.THRESHOLD, label + ": null-space part " + nullRatio);
            }
        }
        var e = assertThrows(IllegalArgumentException.class,
                () -> LinAlg.lstsq(Matrix.zeros(3, 2), Matrix.zeros(4, 1)));
        assertTrue(e.getMessage().contains("4x1") && e.getMessage().contains("3x2"),
                e.getMessage());
    }

    @Test
    void rankAndConditionNumber() {
        Random random = new Random(56);
        for (int[] shape : new int[][] {{1, 1}, {9, 4}, {4, 9}, {50, 50}}) {
            int p = Math.min(shape[0], shape[1]);
            Matrix a = TestMatrices.general(Kind.RANK_DEFICIENT, shape[0], shape[1], random);
            assertEquals((p + 1) / 2, LinAlg.rank(a), "rank " + shape[0] + "x" + shape[1]);
            assertEquals(0, LinAlg.rank(Matrix.zeros(shape[0], shape[1])));
            Matrix identity = TestMatrices.general(Kind.IDENTITY, shape[0], shape[1], random);
            assertEquals(p, LinAlg.rank(identity));
        }
        assertEquals(1, LinAlg.rank(Matrix.diagonal(1, 1e-3), 1e-2));
        double[] d = {1, 1e-2, 1e-4, 1e-6};
        Matrix a = TestMatrices.withSingularValues(d, 30, 4, random);
        double relative = Math.abs(LinAlg.cond(a) - 1e6) / 1e6;
        assertTrue(relative <= Ratios.THRESHOLD * 30 * EPS * 1e6, "cond: " + relative);
        assertEquals(Double.POSITIVE_INFINITY, LinAlg.cond(Matrix.diagonal(1, 0)), 0.0);
        assertTrue(Double.isNaN(LinAlg.cond(Matrix.zeros(2, 2))));
        assertThrows(IllegalArgumentException.class, () -> LinAlg.cond(Matrix.zeros(0, 3)));
        assertThrows(IllegalArgumentException.class, () -> LinAlg.rank(a, -1));
        assertThrows(IllegalArgumentException.class, () -> LinAlg.pinv(a, Double.NaN));
    }

    /**
     * The cut-offs, on a 4 x 3 diagonal matrix whose singular values (computed exactly, as the
     * input is already diagonal) straddle the default {@code max(m, n) eps s_0 = 4 eps}:
     * 1, 1.25 (4 eps) and 0.75 (4 eps). The default keeps two, rcond = 0 keeps all three, and
     * the same choice shows in pinv, lstsq and rank.
     */
    @Test
    void defaultAndExplicitCutoffs() {
        double cutoff = 4 * EPS;
        double kept = 1.25 * cutoff;
        double dropped = 0.75 * cutoff;
        Matrix a = Matrix.zeros(4, 3);
        a.set(0, 0, 1);
        a.set(1, 1, kept);
        a.set(2, 2, dropped);
        Matrix expected = Matrix.zeros(3, 4);
        expected.set(0, 0, 1);
        expected.set(1, 1, 1 / kept);
        assertInverseDiagonal(expected, LinAlg.pinv(a), "default pinv");
        expected.set(2, 2, 1 / dropped);
        assertInverseDiagonal(expected, LinAlg.pinv(a, 0), "pinv, rcond = 0");
        expected.set(1, 1, 0);
        expected.set(2, 2, 0);
        assertInverseDiagonal(expected, LinAlg.pinv(a, 2 * cutoff), "pinv, rcond = 8 eps");

        Matrix b = Matrix.columnVector(1, 1, 1, 1);
        assertInverseDiagonal(Matrix.columnVector(1, 1 / kept, 0), LinAlg.lstsq(a, b),
                "default lstsq");
        assertInverseDiagonal(Matrix.columnVector(1, 1 / kept, 1 / dropped),
                LinAlg.lstsq(a, b, 0), "lstsq, rcond = 0");

        assertEquals(2, LinAlg.rank(a));
        assertEquals(3, LinAlg.rank(a, 0));
        assertEquals(1, LinAlg.rank(a, 2 * cutoff));
        assertThrows(IllegalArgumentException.class, () -> LinAlg.lstsq(a, b, -1));
    }

    /** Each element within 2 eps, relatively, of the expected one (one rounding of 1 / s). */
    private static void assertInverseDiagonal(Matrix expected, Matrix actual, String label) {
        assertEquals(expected.shape(), actual.shape(), label);
        for (int e = 0; e < expected.size(); e++) {
            double want = expected.data()[e];
            assertTrue(Math.abs(actual.data()[e] - want) <= 2 * EPS * Math.abs(want),
                    label + ": element " + e + " is " + actual.data()[e] + ", expected " + want);
        }
    }

    /** Every entry point checks its inputs for NaN and infinity before decomposing. */
    @Test
    void rejectsNonFiniteInput() {
        Matrix nan = Matrix.identity(3);
        nan.set(2, 1, Double.NaN);
        Matrix finite = Matrix.identity(3);
        List<Executable> calls = List.of(() -> LinAlg.solve(nan, finite),
                () -> LinAlg.solve(finite, nan), () -> LinAlg.lstsq(nan, finite),
                () -> LinAlg.lstsq(finite, nan), () -> LinAlg.pinv(nan),
                () -> LinAlg.pinv(nan, 1e-3), () -> LinAlg.rank(nan), () -> LinAlg.rank(nan, 1),
                () -> LinAlg.cond(nan), () -> LinAlg.det(nan), () -> LinAlg.inverse(nan));
        for (Executable call : calls) {
            var e = assertThrows(IllegalArgumentException.class, call);
            assertTrue(e.getMessage().contains("(2, 1)") && e.getMessage().contains("NaN"),
                    e.getMessage());
        }
    }

    @Test
    void spectralNormIsTheLargestSingularValue() {
        Random random = new Random(57);
        double[] d = {3, 2, 0.5};
        Matrix a = TestMatrices.withSingularValues(d, 20, 3, random);
        assertEquals(3.0, LinAlg.normSpectral(a), 3 * 20 * EPS * Ratios.THRESHOLD);
        assertEquals(0.0, LinAlg.normSpectral(Matrix.zeros(0, 4)), 0.0);
        assertEquals(7.0, LinAlg.normSpectral(Matrix.diagonal(1, -7, 2)), 0.0);
    }

    @Test
    void solveChecksShapesAndSingularity() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> LinAlg.solve(Matrix.identity(3), Matrix.zeros(2, 1)));
        assertTrue(e.getMessage().contains("2x1") && e.getMessage().contains("3x3"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> LinAlg.solve(Matrix.zeros(2, 3), Matrix.zeros(2, 1)));
        assertTrue(e.getMessage().contains("2x3"), e.getMessage());
        assertThrows(ArithmeticException.class,
                () -> LinAlg.solve(Matrix.zeros(2, 2), Matrix.zeros(2, 1)));
    }
}
