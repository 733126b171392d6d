package io.github.nc4j.linalg.decomp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.nc4j.linalg.Matrix;
import io.github.nc4j.linalg.Parallelism;
import io.github.nc4j.linalg.decomp.TridiagonalChecks.Shape;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TridiagonalDivideConquerTest {

    private static final int[] ORDERS = {0, 1, 2, 3, 7, 13, 31, 63, 97};
    private static final int[] LEAVES = {1, 2, 3, 25};

    @Test
    void everyShapeOrderAndLeafSize() {
        Random random = new Random(11);
        for (Shape shape : Shape.values()) {
            for (int n : ORDERS) {
                for (int leaf : LEAVES) {
                    double[][] t = TridiagonalChecks.of(shape, n, random);
                    TridiagonalChecks.check(t[0], t[1], leaf, shape.toString());
                }
            }
        }
    }

    @Test
    void largeGluedWilkinsonAndRandom() {
        Random random = new Random(12);
        for (Shape shape : new Shape[] {Shape.GLUED_WILKINSON, Shape.RANDOM, Shape.ONES}) {
            double[][] t = TridiagonalChecks.of(shape, 21 * 15, random);
            TridiagonalChecks.check(t[0], t[1], TridiagonalDivideConquer.LEAF_SIZE,
                    shape.toString());
        }
    }

    /** A 2 x 2 torn into two 1 x 1 blocks: one merge, the secular equation's k = 2 case. */
    @Test
    void twoByTwoMatchesTheClosedForm() {
        double[] d = {3, 1};
        double[] zt = new double[4];
        TridiagonalDivideConquer.diagonalize(d, new double[] {2}, zt, 1, "test");
        double root = Math.sqrt(5);
        assertEquals(2 - root, d[0], 4 * io.github.nc4j.linalg.FloatingPoint.EPS);
        assertEquals(2 + root, d[1], 8 * io.github.nc4j.linalg.FloatingPoint.EPS);
    }

    @Test
    void resultsDoNotDependOnTheThreadCount() {
        double[][] t = TridiagonalChecks.of(Shape.RANDOM, 400, new Random(13));
        int threads = Parallelism.threads();
        double[][] results = new double[2][];
        double[][] values = new double[2][];
        try {
            for (int run = 0; run < 2; run++) {
                Parallelism.setThreads(run == 0 ? 1 : 3);
                values[run] = t[0].clone();
                results[run] = new double[400 * 400];
                TridiagonalDivideConquer.diagonalize(values[run], t[1].clone(), results[run],
                        TridiagonalDivideConquer.LEAF_SIZE, "test");
            }
        } finally {
            Parallelism.setThreads(threads);
        }
        assertArrayEquals(values[0], values[1]);
        assertArrayEquals(results[0], results[1]);
    }

    @Test
    void symmetricEigenUsesDivideAndConquerFromItsCrossover() {
        int n = SymmetricEigen.DIVIDE_AND_CONQUER_FROM;
        Matrix a = TestMatrices.symmetric(TestMatrices.Kind.RANDOM, n, new Random(14));
        Matrix expected = SymmetricEigen.of(a, TridiagonalDivideConquer.LEAF_SIZE).vectors();
        assertEquals(expected, SymmetricEigen.of(a).vectors());
    }

    @Test
    void rejectsLeafSizeBelowOne() {
        var e = assertThrows(IllegalArgumentException.class, () -> TridiagonalDivideConquer
                .diagonalize(new double[2], new double[1], new double[4], 0, "test"));
        assertEquals("leaf size 0 < 1", e.getMessage());
    }
}
