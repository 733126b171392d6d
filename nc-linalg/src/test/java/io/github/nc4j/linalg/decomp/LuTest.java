package io.github.nc4j.linalg.decomp;

import static io.github.nc4j.linalg.FloatingPoint.EPS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nc4j.linalg.Matrix;
import io.github.nc4j.linalg.decomp.TestMatrices.Kind;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LuTest {

    private static final int[] ORDERS = {0, 1, 2, 3, 17, 32, 33, 65, 100, 131};

    @Test
    void everyMatrixClassAndOrder() {
        Random random = new Random(31);
        for (Kind kind : Kind.values()) {
            for (int n : ORDERS) {
                LuChecks.check(TestMatrices.general(kind, n, n, random), kind + " " + n);
            }
        }
    }

    @Test
    void detectsSingularityAndRefusesToSolve() {
        Matrix zero = Matrix.zeros(3, 3);
        Lu lu = LuChecks.check(zero, "zero");
        assertTrue(lu.isSingular());
        assertEquals(0.0, lu.det(), 0.0);
        var e = assertThrows(ArithmeticException.class, () -> lu.solve(Matrix.identity(3)));
        assertTrue(e.getMessage().contains("singular") && e.getMessage().contains("pivot 0"),
                e.getMessage());
        // Exactly singular, with an elimination that is exact in binary: row 0 = 2 row 1.
        Matrix a = Matrix.of(new double[][] {{4, 2, 1}, {2, 1, 0.5}, {1, 3, 2}});
        Lu singular = LuChecks.check(a, "rank 2");
        assertTrue(singular.isSingular());
        assertThrows(ArithmeticException.class, singular::inverse);
    }

    @Test
    void determinantOfKnownMatrices() {
        assertEquals(1.0, Lu.of(Matrix.zeros(0, 0)).det(), 0.0);
        // A row swap flips the sign: det [[0, 1], [1, 0]] = -1.
        assertEquals(-1.0, Lu.of(Matrix.of(new double[][] {{0, 1}, {1, 0}})).det(), 0.0);
        Matrix a = Matrix.of(new double[][] {{2, 0, 0}, {3, -4, 0}, {1, 5, 0.5}});
        assertEquals(-4.0, Lu.of(a).det(), 4 * 3 * EPS);
        Lu lu = Lu.of(a);
        assertFalse(lu.isSingular());
    }

    @Test
    void rejectsBadShapes() {
        var e = assertThrows(IllegalArgumentException.class, () -> Lu.of(Matrix.zeros(2, 3)));
        assertTrue(e.getMessage().contains("2x3"), e.getMessage());
        Lu lu = Lu.of(Matrix.identity(3));
        e = assertThrows(IllegalArgumentException.class, () -> lu.solve(Matrix.zeros(4, 1)));
        assertTrue(e.getMessage().contains("4x1") && e.getMessage().contains("3x3"),
                e.getMessage());
    }
}
