package io.github.nc4j.core.theory;

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

    private static final double EPS = Math.ulp(1.0);

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
        // Centred: the vectors sum to zero.
        assertTrue(v.columnSums().maxAbs() <= bound * k);
    }

    @Test
    void etfGramIsTheSpecFormula() {
        Matrix e3 = SimplexEtf.gram(3);
        assertEquals(1.0, e3.get(0, 0), 1e-15);
        assertEquals(-0.5, e3.get(0, 1), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> SimplexEtf.gram(1));
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

    @Test
    void orthogonalFrameChecksItsInput() {
        assertThrows(IllegalArgumentException.class, () -> OrthogonalFrame.vectors(new double[3], 2));
        assertThrows(IllegalArgumentException.class,
                () -> OrthogonalFrame.vectors(new double[] {1, Double.NaN}, 2));
        assertEquals(Matrix.of(new double[][] {{2, 0, 0}, {0, 3, 0}}),
                OrthogonalFrame.vectors(new double[] {2, 3}, 3));
    }
}
