package io.github.nc4j.core.theory;

import static io.github.nc4j.linalg.FloatingPoint.EPS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nc4j.linalg.Matrix;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Simplex ETFs, orthogonal frames and random rotations against their defining identities. */
class FramesTest {

    private static double maxAbsDifference(Matrix a, Matrix b) {
        return a.minus(b).maxAbs();
    }

    @Property(tries = 60)
    void haarMatricesAreOrthogonal(@ForAll @IntRange(min = 0, max = 40) int n, @ForAll long seed) {
        Matrix q = RandomOrthogonal.haar(n, new Random(seed));
        // Householder products are orthogonal to O(n eps) (Higham, ASNA 2nd ed., Lemma 19.3).
        double bound = 10 * (n + 1) * EPS;
        assertTrue(maxAbsDifference(q.transposeTimes(q), Matrix.identity(n)) <= bound);
        assertTrue(maxAbsDifference(q.timesTranspose(q), Matrix.identity(n)) <= bound);
    }

    @Property(tries = 80)
    void simplexEtfVectorsHaveTheEtfGram(@ForAll @IntRange(min = 2, max = 30) int k,
                                        @ForAll @IntRange(min = 0, max = 6) int extraDims,
                                        @ForAll boolean rotate, @ForAll long seed) {
        int dim = k - 1 + extraDims;
        Matrix v = rotate ? SimplexEtf.vectors(k, dim, new Random(seed)) : SimplexEtf.vectors(k, dim);
        Matrix gram = v.timesTranspose(v);
        // Each Gram entry is a dim-term dot product of unit-scale values; the rotation adds
        // O(dim eps) more.
        double bound = 10 * (dim + 1) * EPS;
        assertTrue(maxAbsDifference(gram, SimplexEtf.gram(k)) <= bound,
                () -> "Gram differs by " + maxAbsDifference(gram, SimplexEtf.gram(k)));
        for (int i = 0; i < k; i++) {
            assertEquals(1.0, gram.get(i, i), bound);
            for (int j = 0; j < k; j++) {
                if (i != j) {
                    assertEquals(-1.0 / (k - 1), gram.get(i, j), bound);
                }
            }
        }
        // Centered: the vectors sum to zero.
        assertTrue(v.columnSums().maxAbs() <= bound * k);
    }

    @Test
    void etfGramIsTheSpecFormula() {
        Matrix e3 = SimplexEtf.gram(3);
        assertEquals(1.0, e3.get(0, 0), 1e-15);
        assertEquals(-0.5, e3.get(0, 1), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> SimplexEtf.gram(1));
        assertEquals("a simplex ETF needs at least 2 classes, got 1", assertThrows(
                IllegalArgumentException.class, () -> SimplexEtf.vectors(1, 3)).getMessage());
        var e = assertThrows(IllegalArgumentException.class, () -> SimplexEtf.vectors(5, 3));
        assertTrue(e.getMessage().contains("at least 4"), e.getMessage());
    }

    @Property(tries = 40)
    void orthogonalFramesHaveDiagonalGrams(@ForAll @IntRange(min = 1, max = 12) int k,
                                           @ForAll @IntRange(min = 0, max = 5) int extraDims,
                                           @ForAll long seed) {
        Random random = new Random(seed);
        double[] lengths = new double[k];
        for (int i = 0; i < k; i++) {
            lengths[i] = random.nextDouble() * 3;
        }
        int dim = k + extraDims;
        Matrix v = OrthogonalFrame.vectors(lengths, dim, random);
        double bound = 10 * (dim + 1) * EPS * 9;
        assertTrue(maxAbsDifference(v.timesTranspose(v), OrthogonalFrame.gram(lengths)) <= bound);
    }

    /**
     * The moments of the Haar measure on O(4), over 4000 deterministic draws. An entry is a
     * coordinate of a uniform unit vector: mean 0, variance 1/4, and {@code E q^4 = 3/24}, so
     * its square has mean 1/4 and variance 1/16. The trace has the first four moments of a
     * standard normal (Diaconis and Shahshahani 1994): mean 0, variance 1, and its square has
     * mean 1 and variance 2. A product of reflections without the random signs, or signs
     * without the reflections, is orthogonal too, but has other moments. Each bound is five
     * standard errors of its mean.
     */
    @Test
    void haarMatricesHaveTheMomentsOfTheHaarMeasure() {
        int n = 4;
        int draws = 4000;
        Random random = new Random(11);
        double[][] sum = new double[n][n];
        double[][] squares = new double[n][n];
        double trace = 0;
        double traceSquares = 0;
        for (int t = 0; t < draws; t++) {
            Matrix q = RandomOrthogonal.haar(n, random);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    sum[i][j] += q.get(i, j);
                    squares[i][j] += q.get(i, j) * q.get(i, j);
                }
            }
            trace += q.trace();
            traceSquares += q.trace() * q.trace();
        }
        double standardError = 1 / Math.sqrt(draws);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                assertEquals(0, sum[i][j] / draws, 5 * 0.5 * standardError, "mean of q_" + i + j);
                assertEquals(0.25, squares[i][j] / draws, 5 * 0.25 * standardError,
                        "mean square of q_" + i + j);
            }
        }
        assertEquals(0, trace / draws, 5 * standardError, "mean trace");
        assertEquals(1, traceSquares / draws, 5 * Math.sqrt(2) * standardError, "mean tr^2");
    }

    @Test
    void orthogonalFrameChecksItsInput() {
        assertThrows(IllegalArgumentException.class, () -> OrthogonalFrame.vectors(new double[3], 2));
        assertThrows(IllegalArgumentException.class,
                () -> OrthogonalFrame.vectors(new double[] {1, Double.NaN}, 2));
        var e = assertThrows(IllegalArgumentException.class,
                () -> OrthogonalFrame.vectors(new double[] {1, Double.POSITIVE_INFINITY}, 2));
        assertEquals("length 1 is Infinity", e.getMessage());
        // A collapsed class has length 0, which is a frame like any other.
        assertEquals(Matrix.of(new double[][] {{0, 0}, {0, 2}}),
                OrthogonalFrame.vectors(new double[] {0, 2}, 2));
        assertEquals(Matrix.of(new double[][] {{2, 0, 0}, {0, 3, 0}}),
                OrthogonalFrame.vectors(new double[] {2, 3}, 3));
    }
}
