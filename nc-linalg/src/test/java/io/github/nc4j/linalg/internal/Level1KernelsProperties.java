package io.github.nc4j.linalg.internal;

import static io.github.nc4j.linalg.FloatingPoint.EPS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nc4j.linalg.Reference;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The multi-vector kernels {@link Level1Kernels#multiDot} and {@link Level1Kernels#multiAxpy} of
 * both implementations against a compensated reference, with error bounds from the number of
 * roundings: row counts around the vector kernels' groups of four, lengths that break vector
 * tails, rows padded apart and unaligned offsets, and operands scaled far from 1.
 */
class Level1KernelsProperties {

    private static final List<Kernels> KERNELS = List.of(Kernels.scalar(), VectorKernels.create());

    @Provide
    Arbitrary<Integer> rowCounts() {
        return Arbitraries.oneOf(Arbitraries.of(0, 1, 2, 3, 4, 5, 7, 8, 9, 13),
                Arbitraries.integers().between(0, 70));
    }

    @Provide
    Arbitrary<Integer> lengths() {
        return Arbitraries.oneOf(Arbitraries.of(0, 1, 2, 3, 7, 8, 9, 13, 15, 16, 17, 31, 33, 63),
                Arbitraries.integers().between(0, 140));
    }

    /** Binary exponents of an operand's scale; products of two stay normal and finite. */
    @Provide
    Arbitrary<Integer> exponents() {
        return Arbitraries.of(0, 0, -300, 300);
    }

    @Property(tries = 300)
    void multiDotIsEachRowsDotProduct(@ForAll("rowCounts") int rows, @ForAll("lengths") int n,
                                      @ForAll @IntRange(max = 9) int pad,
                                      @ForAll @IntRange(max = 5) int offset,
                                      @ForAll("exponents") int scaleX,
                                      @ForAll("exponents") int scaleV, @ForAll long seed) {
        checkMultiDot(rows, n, n + pad, offset, scaleX, scaleV, new Random(seed));
    }

    @Property(tries = 300)
    void multiAxpyAddsEachRowsMultiple(@ForAll("rowCounts") int rows, @ForAll("lengths") int n,
                                       @ForAll @IntRange(max = 9) int pad,
                                       @ForAll @IntRange(max = 5) int offset,
                                       @ForAll("exponents") int scaleX,
                                       @ForAll("exponents") int scaleAlpha,
                                       @ForAll long seed) {
        checkMultiAxpy(rows, n, n + pad, offset, scaleX, scaleAlpha, new Random(seed));
    }

    /** Every row count up to 9 with every length of {@link Level1KernelsTest#SIZES}. */
    @Example
    void everySmallRowCountAndTailLength() {
        Random random = new Random(6);
        for (int rows = 0; rows <= 9; rows++) {
            for (int n : Level1KernelsTest.SIZES) {
                checkMultiDot(rows, n, n + 3, 1, 0, 0, random);
                checkMultiAxpy(rows, n, n + 3, 1, 0, 0, random);
            }
        }
    }

    /**
     * out = X v for the rows x n matrix X at {@code offset} with rows ldx apart. Each element is
     * a dot product of length n: within {@code n eps sum_i |x_i v_i|} of the exact value.
     * Elements of out around the rows written must keep their values.
     */
    private static void checkMultiDot(int rows, int n, int ldx, int offset, int scaleX,
                                      int scaleV, Random random) {
        double[] x = values(offset + rows * ldx + 2, scaleX, random);
        double[] v = values(n + offset + 1, scaleV, random);
        for (Kernels kernels : KERNELS) {
            double[] out = values(rows + 3, 0, random);
            double[] before = out.clone();
            kernels.level1().multiDot(rows, n, x, offset, ldx, v, offset + 1, out, 2);
            for (int k = 0; k < out.length; k++) {
                int r = k - 2;
                if (r < 0 || r >= rows) {
                    assertEquals(before[k], out[k], 0.0, kernels.name() + ": wrote outside out");
                    continue;
                }
                double exact = Reference.dot(n, x, offset + r * ldx, 1, v, offset + 1, 1);
                double bound = n * EPS * Reference.absDot(n, x, offset + r * ldx, 1, v,
                        offset + 1, 1);
                assertTrue(Math.abs(out[k] - exact) <= bound, kernels.name() + " multiDot, rows = "
                        + rows + ", n = " + n + ", row " + r + ": " + out[k] + " vs " + exact);
            }
        }
    }

    /**
     * y += X^T alpha. Each element is a sum of rows + 1 terms (y_i and the products), so within
     * {@code gamma_(rows + 1) (|y_i| + sum_r |alpha_r x_ri|)} (Higham, Accuracy and Stability,
     * section 3.1), about half of the bound below; the other half covers the reference's one
     * rounding. Elements of y outside the n written must keep their values.
     */
    private static void checkMultiAxpy(int rows, int n, int ldx, int offset, int scaleX,
                                       int scaleAlpha, Random random) {
        double[] x = values(offset + rows * ldx + 2, scaleX, random);
        double[] alpha = values(rows + 1, scaleAlpha, random);
        double[] y0 = values(n + 4, scaleX + scaleAlpha, random);
        for (Kernels kernels : KERNELS) {
            double[] y = y0.clone();
            kernels.level1().multiAxpy(rows, n, alpha, 1, x, offset, ldx, y, 3);
            for (int k = 0; k < y.length; k++) {
                int i = k - 3;
                if (i < 0 || i >= n) {
                    assertEquals(y0[k], y[k], 0.0, kernels.name() + ": wrote outside y");
                    continue;
                }
                double exact = y0[k] + Reference.dot(rows, alpha, 1, 1, x, offset + i, ldx);
                double scale = Math.abs(y0[k]) + Reference.absDot(rows, alpha, 1, 1, x,
                        offset + i, ldx);
                double bound = (rows + 1) * EPS * scale;
                assertTrue(Math.abs(y[k] - exact) <= bound, kernels.name() + " multiAxpy, rows = "
                        + rows + ", n = " + n + ", i = " + i + ": " + y[k] + " vs " + exact);
            }
        }
    }

    private static double[] values(int length, int exponent, Random random) {
        double scale = Math.scalb(1.0, exponent);
        return random.doubles(length, -scale, scale).toArray();
    }
}
