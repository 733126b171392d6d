package io.github.nc4j.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class BlasTest {

    @Provide
    Arbitrary<Integer> dimensions() {
        return Arbitraries.oneOf(Arbitraries.of(0, 1, 2, 3, 7, 13, 16, 17, 31, 64, 65, 97, 150),
                Arbitraries.integers().between(0, 80));
    }

    @Property(tries = 80)
    void syrkIsExactlySymmetricAndMatchesTheReference(@ForAll("dimensions") int n,
                                                       @ForAll("dimensions") int k,
                                                       @ForAll boolean transA, @ForAll long seed) {
        Random random = new Random(seed);
        Matrix a = transA ? Matrix.gaussian(k, n, random) : Matrix.gaussian(n, k, random);
        Matrix c0 = Matrix.gaussian(n, n, random);
        Matrix c = c0.plus(c0.transpose()); // syrk reads C as symmetric
        Matrix start = c.copy();
        Blas.syrk(-0.5, a, transA, 2.0, c);
        double[] exact = new double[n * n];
        double[] bound = new double[n * n];
        Reference.gemm(n, n, k, -0.5, a, transA, a, !transA, 2.0, start, exact, bound);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                assertEquals(c.get(i, j), c.get(j, i), 0.0, "symmetry at (" + i + ", " + j + ")");
                int e = i * n + j;
                assertTrue(Math.abs(c.get(i, j) - exact[e]) <= bound[e],
                        "syrk(" + i + ", " + j + ") = " + c.get(i, j) + ", reference " + exact[e]);
            }
        }
    }

    @Test
    void gramEqualsTransposeTimes() {
        Random random = new Random(3);
        Matrix a = Matrix.gaussian(70, 45, random);
        Matrix viaGemm = a.transposeTimes(a);
        Matrix viaSyrk = a.gram();
        // both are within 72 eps sum|a||a| of the exact Gram; columns have norm^2 about 70
        assertTrue(viaSyrk.equalsWithin(viaGemm, 2 * 72 * Reference.EPS * 100));
        assertTrue(a.outerGram().equalsWithin(a.timesTranspose(a), 2 * 47 * Reference.EPS * 100));
    }

    @Property(tries = 60)
    void gemvMatchesReference(@ForAll("dimensions") int m, @ForAll("dimensions") int n,
                              @ForAll boolean transA, @ForAll long seed) {
        Random random = new Random(seed);
        Matrix a = Matrix.gaussian(m, n, random);
        int in = transA ? m : n;
        int out = transA ? n : m;
        Matrix x = Matrix.gaussian(in, 1, random);
        double[] y = random.doubles(out).toArray();
        double[] exact = new double[out];
        double[] bound = new double[out];
        Reference.gemm(out, 1, in, 1.5, a, transA, x, false, -1.0, Matrix.wrap(out, 1, y.clone()),
                exact, bound);
        Blas.gemv(1.5, a, transA, x.data(), -1.0, y);
        for (int i = 0; i < out; i++) {
            assertTrue(Math.abs(y[i] - exact[i]) <= bound[i], "y[" + i + "]");
        }
    }

    @Test
    void nrm2NeitherOverflowsNorUnderflows() {
        double[] huge = {3e300, 4e300};
        double[] tiny = {3e-310, 4e-310};
        assertEquals(5e300, Blas.nrm2(2, huge, 0), 5e300 * 2 * Reference.EPS);
        assertEquals(5e-310, Blas.nrm2(2, tiny, 0), 1e-323);
        assertEquals(0.0, Blas.nrm2(3, new double[3], 0));
        assertTrue(Double.isNaN(Blas.nrm2(2, new double[] {1, Double.NaN}, 0)));
        assertEquals(Double.POSITIVE_INFINITY,
                Blas.nrm2(2, new double[] {1, Double.NEGATIVE_INFINITY}, 0));
    }

    @Test
    void shapeErrorsNameEveryShape() {
        Matrix a = Matrix.zeros(3, 4);
        Matrix b = Matrix.zeros(5, 2);
        var e = assertThrows(IllegalArgumentException.class,
                () -> Blas.gemm(1, a, false, b, false, 0, Matrix.zeros(3, 2)));
        assertTrue(e.getMessage().contains("3x4") && e.getMessage().contains("5x2")
                && e.getMessage().contains("3x2"), e.getMessage());
        var t = assertThrows(IllegalArgumentException.class, () -> a.transposeTimes(b));
        assertTrue(t.getMessage().contains("transposed"), t.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Blas.syrk(1, a, true, 0,
                Matrix.zeros(3, 3)));
        assertThrows(IllegalArgumentException.class,
                () -> Blas.gemv(1, a, false, new double[3], 0, new double[3]));
        var raw = assertThrows(IllegalArgumentException.class, () -> Blas.gemm(2, 2, 2, 1,
                new double[4], 1, 2, false, new double[4], 0, 2, false, 0, new double[4], 0, 2));
        assertTrue(raw.getMessage().contains("past the end"), raw.getMessage());
    }
}
