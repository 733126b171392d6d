package io.github.nc4j.linalg.decomp;

import static io.github.nc4j.linalg.FloatingPoint.EPS;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nc4j.linalg.Matrix;
import io.github.nc4j.linalg.decomp.TestMatrices.Kind;
import java.util.Random;
import org.junit.jupiter.api.Test;

class QrTest {

    private static final int[][] SHAPES = {
        {0, 4}, {4, 0}, {1, 1}, {1, 6}, {6, 1}, {500, 20}, {20, 500}, {37, 23}, {23, 37},
        {33, 33}, {64, 64}, {97, 70}, {131, 131}};

    @Test
    void everyMatrixClassAndShape() {
        Random random = new Random(21);
        for (Kind kind : Kind.values()) {
            for (int[] shape : SHAPES) {
                QrChecks.check(TestMatrices.general(kind, shape[0], shape[1], random),
                        kind + " " + shape[0] + "x" + shape[1]);
            }
        }
    }

    @Test
    void rOfAnUpperTriangularInputHasTheSameMagnitudes() {
        Matrix a = Matrix.of(new double[][] {{2, 1, -1}, {0, -3, 4}, {0, 0, 5}});
        Matrix r = QrChecks.check(a, "triangular").r();
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                double difference = Math.abs(Math.abs(r.get(i, j)) - Math.abs(a.get(i, j)));
                assertTrue(difference <= 8 * EPS, "R(" + i + ", " + j + ")");
            }
        }
    }

    /**
     * Column norms near the overflow threshold: R is representable, but unscaled the reflector
     * of the first column would divide by alpha - beta = 1.2 MAX_VALUE, which overflows.
     */
    @Test
    void elementsNearOverflowAreScaledAndScaledBack() {
        double big = 0.6 * Double.MAX_VALUE;
        Matrix a = Matrix.of(new double[][] {{big, 1}, {1, -big}, {1, 1}});
        Matrix r = QrChecks.check(a, "near overflow").r();
        assertTrue(Math.abs(Math.abs(r.get(0, 0)) - big) <= 2 * EPS * big, r.toString());
        assertTrue(Math.abs(Math.abs(r.get(1, 1)) - big) <= 2 * EPS * big, r.toString());
    }

    @Test
    void rejectsNonFiniteInput() {
        Matrix a = Matrix.zeros(3, 2);
        a.set(2, 1, Double.NaN);
        var e = assertThrows(IllegalArgumentException.class, () -> Qr.of(a));
        assertTrue(e.getMessage().contains("(2, 1)"), e.getMessage());
    }
}
