package io.github.nc4j.linalg.decomp;

import static io.github.nc4j.linalg.FloatingPoint.EPS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nc4j.linalg.Matrix;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CholeskyTest {

    private static final int[] ORDERS = {0, 1, 2, 3, 17, 32, 33, 65, 100, 131};

    /**
     * Positive definite classes: spectra spaced from 1 to 1e-8 (a condition number the
     * factorization survives in double precision), scaled near underflow and overflow,
     * clustered, the identity, and Gram matrices G^T G + I of Gaussian G.
     */
    @Test
    void positiveDefiniteClasses() {
        Random random = new Random(41);
        for (int n : ORDERS) {
            Matrix a = TestMatrices.withEigenvalues(spaced(n, 1e-8), random);
            CholeskyChecks.check(a, "spaced " + n);
            CholeskyChecks.check(a.scale(Double.MIN_NORMAL / EPS), "underflow " + n);
            CholeskyChecks.check(a.scale(Double.MAX_VALUE * EPS), "overflow " + n);
            CholeskyChecks.check(TestMatrices.symmetric(TestMatrices.Kind.CLUSTERED, n, random),
                    "clustered " + n);
            CholeskyChecks.check(Matrix.identity(n), "identity " + n);
            Matrix g = Matrix.gaussian(n + 3, n, random);
            CholeskyChecks.check(g.gram().plus(Matrix.identity(n)), "gram " + n);
        }
    }

    /**
     * Ill-conditioned positive definite classes, on which the factorization and solve ratios
     * must hold all the same (they bound backward errors, whatever cond(A)): eigenvalues spaced
     * from 1 to 1e-12, Gram matrices graded as {@code D (G^T G + I) D} with D from 1 to 1e-6
     * (cond 1e12 to 1e13), and Hilbert matrices {@code 1 / (i + j + 1)} of orders 1 to 12 (cond
     * 1.7e16 at 12; at 13 the last pivot is down to rounding level, at 14 it is negative).
     */
    @Test
    void illConditionedClasses() {
        Random random = new Random(42);
        for (int n : ORDERS) {
            CholeskyChecks.check(TestMatrices.withEigenvalues(spaced(n, 1e-12), random),
                    "spaced to 1e-12 " + n);
            double[] d = spaced(n, 1e-6);
            Matrix g = Matrix.gaussian(n + 3, n, random).gram().plus(Matrix.identity(n));
            CholeskyChecks.check(Matrix.generate(n, n, (i, j) -> d[i] * g.get(i, j) * d[j]),
                    "graded gram " + n);
        }
        for (int n = 1; n <= 12; n++) {
            Matrix hilbert = Matrix.generate(n, n, (i, j) -> 1.0 / (i + j + 1));
            CholeskyChecks.check(hilbert, "hilbert " + n);
        }
    }

    /** n values geometrically spaced from 1 down to {@code smallest}. */
    private static double[] spaced(int n, double smallest) {
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = Math.pow(smallest, n == 1 ? 0 : (double) i / (n - 1));
        }
        return d;
    }

    @Test
    void knownFactor() {
        Matrix a = Matrix.of(new double[][] {{4, 2, -2}, {2, 10, 2}, {-2, 2, 6}});
        Matrix l = CholeskyChecks.check(a, "3x3").l();
        Matrix expected = Matrix.of(new double[][] {{2, 0, 0}, {1, 3, 0}, {-1, 1, 2}});
        assertTrue(l.equalsWithin(expected, 4 * EPS), l.toString());
        assertEquals(144.0, Cholesky.of(a).det(), 144 * 8 * EPS);
        // A x = b for x = (1, 1, 1); with cond_2(A) = 6 the forward error stays within 16 eps.
        Matrix x = Cholesky.of(a).solve(Matrix.columnVector(4, 14, 6));
        assertTrue(x.equalsWithin(Matrix.columnVector(1, 1, 1), 16 * EPS), x.toString());
    }

    @Test
    void solveRejectsARightHandSideWithTheWrongRows() {
        Cholesky cholesky = Cholesky.of(Matrix.identity(3));
        var e = assertThrows(IllegalArgumentException.class,
                () -> cholesky.solve(Matrix.zeros(4, 1)));
        assertTrue(e.getMessage().contains("4x1") && e.getMessage().contains("3x3"),
                e.getMessage());
        assertEquals("3x0", cholesky.solve(Matrix.zeros(3, 0)).shape());
    }

    @Test
    void namesTheFailingPivotWhenNotPositiveDefinite() {
        Matrix a = Matrix.of(new double[][] {{4, 2, 0}, {2, 1, 0}, {0, 0, 1}});
        var e = assertThrows(ArithmeticException.class, () -> Cholesky.of(a));
        assertTrue(e.getMessage().contains("pivot 1") && e.getMessage().contains("order 2"),
                e.getMessage());
        Matrix indefinite = Matrix.diagonal(1, 2, -3, 4);
        e = assertThrows(ArithmeticException.class, () -> Cholesky.of(indefinite));
        assertTrue(e.getMessage().contains("pivot 2 is -3"), e.getMessage());
        e = assertThrows(ArithmeticException.class, () -> Cholesky.of(Matrix.zeros(2, 2)));
        assertTrue(e.getMessage().contains("pivot 0"), e.getMessage());
    }

    @Test
    void rejectsNonSymmetricAndNonFiniteInput() {
        Matrix a = Matrix.of(new double[][] {{2, 1}, {0, 2}});
        var e = assertThrows(IllegalArgumentException.class, () -> Cholesky.of(a));
        assertTrue(e.getMessage().contains("symmetric"), e.getMessage());
        Matrix nan = Matrix.identity(2);
        nan.set(1, 1, Double.NaN);
        assertThrows(IllegalArgumentException.class, () -> Cholesky.of(nan));
    }
}
