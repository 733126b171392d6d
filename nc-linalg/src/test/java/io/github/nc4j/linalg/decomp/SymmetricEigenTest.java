package io.github.nc4j.linalg.decomp;

import static io.github.nc4j.linalg.FloatingPoint.EPS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nc4j.linalg.Matrix;
import io.github.nc4j.linalg.decomp.TestMatrices.Kind;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SymmetricEigenTest {

    private static final int[] ORDERS = {0, 1, 2, 3, 5, 17, 32, 33, 64, 100, 131};

    @Test
    void everyMatrixClassAndOrder() {
        Random random = new Random(42);
        for (Kind kind : Kind.values()) {
            for (int n : ORDERS) {
                EigenChecks.check(TestMatrices.symmetric(kind, n, random), kind + " " + n);
            }
        }
    }

    /**
     * The case that made a jqwik run fail when the values-only check allowed only
     * {@code n eps max|lambda|}: the two paths are both within their backward-error bound here,
     * yet differ by more than that.
     */
    @Test
    void valuesOnlyPathMayDifferByMoreThanNEpsButWithinTheDerivedBound() {
        Matrix a = TestMatrices.symmetric(Kind.RANDOM, 4, new Random(4));
        double[] withVectors = SymmetricEigen.of(a, EigenChecks.SMALL_LEAF).values();
        double[] valuesOnly = SymmetricEigen.values(a);
        double largest = Math.max(Math.abs(withVectors[0]), Math.abs(withVectors[3]));
        double worst = 0;
        for (int i = 0; i < 4; i++) {
            worst = Math.max(worst, Math.abs(withVectors[i] - valuesOnly[i]));
        }
        assertTrue(worst > 4 * EPS * largest, "difference " + worst);
        assertTrue(worst <= EigenChecks.valuesOnlyBound(4, withVectors), "difference " + worst);
        EigenChecks.check(a, "random 4, seed 4");
    }

    @Test
    void largeOrdersCrossSeveralPanelsAndBatches() {
        Random random = new Random(7);
        EigenChecks.check(TestMatrices.symmetric(Kind.RANDOM, 300, random), "random 300");
        EigenChecks.check(TestMatrices.symmetric(Kind.SPACED_TO_EPS, 257, random), "spaced 257");
    }

    @Test
    void eigenvaluesOfKnownSpectraAreAccurate() {
        Random random = new Random(3);
        for (Kind kind : new Kind[] {Kind.SPACED_TO_EPS, Kind.UNDERFLOW, Kind.OVERFLOW,
            Kind.CLUSTERED, Kind.RANK_DEFICIENT}) {
            for (int n : new int[] {1, 2, 7, 40, 129}) {
                double[] d = TestMatrices.spectrum(kind, n);
                Matrix a = TestMatrices.withEigenvalues(d, random);
                EigenChecks.checkAgainstExact(SymmetricEigen.values(a), d, kind + " " + n);
            }
        }
    }

    /** The second-difference matrix tridiag(-1, 2, -1): lambda_k = 2 - 2 cos(k pi / (n + 1)). */
    @Test
    void secondDifferenceMatrixHasItsClosedFormSpectrum() {
        for (int n : new int[] {1, 2, 10, 99, 200}) {
            Matrix a = Matrix.generate(n, n, (i, j) -> i == j ? 2 : Math.abs(i - j) == 1 ? -1 : 0);
            double[] exact = new double[n];
            for (int k = 1; k <= n; k++) {
                exact[k - 1] = 2 - 2 * Math.cos(k * Math.PI / (n + 1));
            }
            EigenChecks.checkAgainstExact(EigenChecks.check(a, "laplacian " + n).values(),
                    exact, "laplacian " + n);
        }
    }

    @Test
    void diagonalInputKeepsItsValuesExactly() {
        // The second case is scaled (by a power of two, exactly) before the reduction.
        double[][] diagonals = {{3, -1, 0, 2.5, -7, 1e-100, 1e100}, {1e300, -1, 0, 2e299}};
        for (double[] d : diagonals) {
            SymmetricEigen eigen = EigenChecks.check(Matrix.diagonal(d), "diagonal");
            double[] sorted = d.clone();
            java.util.Arrays.sort(sorted);
            assertEquals(java.util.Arrays.toString(sorted),
                    java.util.Arrays.toString(eigen.values()));
        }
    }

    @Test
    void rejectsNonSymmetricNonSquareAndNonFiniteInput() {
        Matrix skew = Matrix.of(new double[][] {{1, 2}, {-2, 1}});
        var e = assertThrows(IllegalArgumentException.class, () -> SymmetricEigen.of(skew));
        assertTrue(e.getMessage().contains("symmetric") && e.getMessage().contains("(1, 0)"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> SymmetricEigen.values(Matrix.zeros(2, 3)));
        assertTrue(e.getMessage().contains("2x3"), e.getMessage());
        Matrix nan = Matrix.identity(3);
        nan.set(1, 2, Double.NaN);
        e = assertThrows(IllegalArgumentException.class, () -> SymmetricEigen.of(nan));
        assertTrue(e.getMessage().contains("NaN") && e.getMessage().contains("(1, 2)"),
                e.getMessage());
        Matrix inf = Matrix.identity(3);
        inf.set(0, 0, Double.POSITIVE_INFINITY);
        e = assertThrows(IllegalArgumentException.class, () -> SymmetricEigen.of(inf));
        assertTrue(e.getMessage().contains("Infinity"), e.getMessage());
    }

    @Test
    void acceptsRoundingLevelAsymmetry() {
        Random random = new Random(5);
        Matrix g = Matrix.gaussian(30, 20, random);
        // A^T A from a general GEMM is symmetric only up to rounding.
        Matrix gram = g.transposeTimes(g);
        gram.set(3, 4, gram.get(3, 4) * (1 + 4 * EPS));
        EigenChecks.check(gram, "gram");
    }
}
