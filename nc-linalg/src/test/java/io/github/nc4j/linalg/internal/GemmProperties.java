package io.github.nc4j.linalg.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.nc4j.linalg.Matrix;
import io.github.nc4j.linalg.Reference;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * GEMM against a compensated reference, for the scalar kernels and both SIMD micro-tiles (4 and
 * 12 rows, whichever this CPU prefers), every transpose combination, shapes that break vector
 * tails, micro-tiles and cache blocks, and values from subnormal-prone to near-overflow.
 */
class GemmProperties {

    private static final List<Kernels> KERNELS =
            List.of(Kernels.scalar(), VectorKernels.create(4), VectorKernels.create(12));

    /**
     * Dimensions of 0 and 1, primes, and neighbours of the vector lengths and tile sizes, or any
     * up to 90 (also {@link FloatGemmProperties}'s).
     */
    static final Arbitrary<Integer> DIMENSIONS = Arbitraries.oneOf(
            Arbitraries.of(0, 1, 2, 3, 4, 5, 7, 8, 9, 13, 16, 17, 23, 31, 32, 33, 47, 64, 65, 97),
            Arbitraries.integers().between(0, 90));

    /** alpha and beta: 0, 1, -1, 0.5 (BLAS's special cases and an exact one) or any in [-3, 3]. */
    static final Arbitrary<Double> SCALARS = Arbitraries.oneOf(
            Arbitraries.of(0.0, 1.0, -1.0, 0.5), Arbitraries.doubles().between(-3, 3));

    @Provide
    Arbitrary<Integer> dimensions() {
        return DIMENSIONS;
    }

    @Provide
    Arbitrary<Double> scalars() {
        return SCALARS;
    }

    /** Binary exponents of the operands' scale: around 1, tiny and huge (products stay finite). */
    @Provide
    Arbitrary<Integer> exponents() {
        return Arbitraries.of(0, 0, -300, 300, -500, 450);
    }

    @Property(tries = 250)
    void matchesCompensatedReference(@ForAll("dimensions") int m, @ForAll("dimensions") int n,
                                     @ForAll("dimensions") int k,
                                     @ForAll boolean transA, @ForAll boolean transB,
                                     @ForAll("scalars") double alpha,
                                     @ForAll("scalars") double beta,
                                     @ForAll("exponents") int scaleA,
                                     @ForAll("exponents") int scaleB,
                                     @ForAll long seed) {
        Random random = new Random(seed);
        Matrix a = operand(transA ? k : m, transA ? m : k, scaleA, random);
        Matrix b = operand(transB ? n : k, transB ? k : n, scaleB, random);
        Matrix c = operand(m, n, 0, random);
        checkAllKernels(m, n, k, alpha, a, transA, b, transB, beta, c);
    }

    /**
     * SYRK against the same reference, for both kernels: C = alpha X X^T + beta C with X = op(A)
     * n x k, exactly symmetric. It reads only the lower triangle of C, so C starts symmetric;
     * with beta = 0 it starts as NaN, which must be ignored.
     */
    @Property(tries = 120)
    void syrkMatchesCompensatedReferenceAndIsSymmetric(@ForAll("dimensions") int n,
                                                       @ForAll("dimensions") int k,
                                                       @ForAll boolean transA,
                                                       @ForAll("scalars") double alpha,
                                                       @ForAll("scalars") double beta,
                                                       @ForAll long seed) {
        Random random = new Random(seed);
        Matrix a = operand(transA ? k : n, transA ? n : k, 0, random);
        Matrix c0 = operand(n, n, 0, random);
        Matrix start = beta == 0 ? Matrix.filled(n, n, Double.NaN) : c0.plus(c0.transpose());
        double[] exact = new double[n * n];
        double[] bound = new double[n * n];
        Reference.gemm(n, n, k, alpha, a, transA, a, !transA, beta, start, exact, bound);
        for (Kernels kernels : KERNELS) {
            Matrix c = start.copy();
            Gemm.symmetricRankK(kernels, n, k, alpha, a.data(), 0, a.cols(), transA, beta,
                    c.data(), 0, n);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    int e = i * n + j;
                    assertEquals(c.get(j, i), c.get(i, j), 0.0,
                            kernels + ": not symmetric at (" + i + ", " + j + ")");
                    if (!(Math.abs(c.get(i, j) - exact[e]) <= bound[e])) {
                        fail(String.format("%s, syrk n=%d k=%d transA=%b alpha=%g"
                                        + " beta=%g: C(%d, %d) = %.17g, reference %.17g,"
                                        + " allowed error %.3g", kernels, n, k, transA,
                                alpha, beta, i, j, c.get(i, j), exact[e], bound[e]));
                    }
                }
            }
        }
    }

    /**
     * The lower triangle of a general product against the same reference, for both kernels.
     * C's strict upper triangle starts as NaN: it must not reach the lower triangle, and is not
     * checked (the tiles that cross the diagonal compute some of it).
     */
    @Property(tries = 120)
    void lowerTriangleMatchesCompensatedReference(@ForAll("dimensions") int n,
                                                  @ForAll("dimensions") int k,
                                                  @ForAll boolean transA,
                                                  @ForAll boolean transB,
                                                  @ForAll("scalars") double alpha,
                                                  @ForAll("scalars") double beta,
                                                  @ForAll long seed) {
        Random random = new Random(seed);
        Matrix a = operand(transA ? k : n, transA ? n : k, 0, random);
        Matrix b = operand(transB ? n : k, transB ? k : n, 0, random);
        Matrix c0 = operand(n, n, 0, random);
        Matrix start = Matrix.generate(n, n, (i, j) -> j <= i ? c0.get(i, j) : Double.NaN);
        double[] exact = new double[n * n];
        double[] bound = new double[n * n];
        Reference.gemm(n, n, k, alpha, a, transA, b, transB, beta, start, exact, bound);
        for (Kernels kernels : KERNELS) {
            Matrix c = start.copy();
            Gemm.lowerTriangle(kernels, n, k, alpha, a.data(), 0, a.cols(), transA,
                    b.data(), 0, b.cols(), transB, beta, c.data(), 0, n);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j <= i; j++) {
                    int e = i * n + j;
                    if (!(Math.abs(c.get(i, j) - exact[e]) <= bound[e])) {
                        fail(String.format("%s, lower triangle n=%d k=%d transA=%b transB=%b"
                                        + " alpha=%g beta=%g: C(%d, %d) = %.17g, reference"
                                        + " %.17g, allowed error %.3g", kernels, n, k, transA,
                                transB, alpha, beta, i, j, c.get(i, j), exact[e], bound[e]));
                    }
                }
            }
        }
    }

    @Example
    void crossesEveryCacheBlockBoundaryAndVeryTallWideAndDeepShapes() {
        Random random = new Random(7);
        // KC = 256, NC = 2048, MC = 64: each dimension runs past one block and ends mid-tile;
        // n > NC also takes the path that packs untransposed A. Then a single row, a single
        // column and a depth of 20 k-blocks, each packed (m n k above SMALL_PRODUCT).
        int[][] shapes = {{130, 259, 517}, {261, 37, 300}, {5, 520, 257}, {9, 2100, 300},
            {1, 3001, 40}, {3001, 1, 40}, {3, 2, 5003}};
        for (int[] s : shapes) {
            for (boolean transA : new boolean[] {false, true}) {
                for (boolean transB : new boolean[] {false, true}) {
                    int m = s[0];
                    int n = s[1];
                    int k = s[2];
                    Matrix a = operand(transA ? k : m, transA ? m : k, 0, random);
                    Matrix b = operand(transB ? n : k, transB ? k : n, 0, random);
                    Matrix c = operand(m, n, 0, random);
                    checkAllKernels(m, n, k, 1.5, a, transA, b, transB, -0.5, c);
                }
            }
        }
    }

    @Example
    void subBlocksWithOffsetsAndLeadingDimensions() {
        Random random = new Random(11);
        Matrix big = Matrix.gaussian(90, 80, random);
        double[] data = big.data();
        // A = big[3..43, 5..55), B = big[10..60, 60..80), C = big[50..90, 2..22)
        int m = 40;
        int n = 20;
        int k = 50;
        Matrix a = big.slice(3, 43, 5, 55);
        Matrix b = big.slice(10, 60, 60, 80);
        Matrix c = big.slice(50, 90, 2, 22);
        double[] exact = new double[m * n];
        double[] bound = new double[m * n];
        Reference.gemm(m, n, k, 2.0, a, false, b, false, 1.0, c, exact, bound);
        Matrix before = big.copy();
        Gemm.multiply(m, n, k, 2.0, data, 3 * 80 + 5, 80, false, data, 10 * 80 + 60, 80, false,
                1.0, data, 50 * 80 + 2, 80);
        for (int i = 0; i < 90; i++) {
            for (int j = 0; j < 80; j++) {
                boolean inC = i >= 50 && j >= 2 && j < 22;
                if (inC) {
                    int e = (i - 50) * n + (j - 2);
                    assertTrue(Math.abs(big.get(i, j) - exact[e]) <= bound[e],
                            "C(" + (i - 50) + ", " + (j - 2) + ")");
                } else {
                    assertEquals(before.get(i, j), big.get(i, j), 0.0,
                            "element (" + i + ", " + j + ") outside C was written");
                }
            }
        }
    }

    @Example
    void betaZeroIgnoresNanInCAndAlphaZeroDoesNotReadOperands() {
        Matrix a = Matrix.filled(40, 40, Double.NaN);
        Matrix b = Matrix.filled(40, 40, 1.0);
        for (Kernels kernels : KERNELS) {
            Matrix c = Matrix.filled(40, 40, Double.NaN);
            Gemm.multiply(kernels, 40, 40, 40, 1.0, b.data(), 0, 40, false, b.data(), 0, 40,
                    false, 0.0, c.data(), 0, 40);
            assertEquals(Matrix.filled(40, 40, 40.0), c, kernels.toString());
            Gemm.multiply(kernels, 40, 40, 40, 0.0, a.data(), 0, 40, false, a.data(), 0, 40,
                    false, 0.5, c.data(), 0, 40);
            assertEquals(Matrix.filled(40, 40, 20.0), c, kernels.toString());
        }
    }

    @Example
    void infinityAndNanInOperandsPropagate() {
        for (Kernels kernels : KERNELS) {
            Matrix a = Matrix.filled(50, 50, 1.0);
            a.set(3, 7, Double.POSITIVE_INFINITY);
            a.set(20, 1, Double.NaN);
            Matrix c = Matrix.zeros(50, 50);
            Gemm.multiply(kernels, 50, 50, 50, 1.0, a.data(), 0, 50, false,
                    Matrix.filled(50, 50, 1.0).data(), 0, 50, false, 0.0, c.data(), 0, 50);
            assertEquals(Double.POSITIVE_INFINITY, c.get(3, 0), kernels.toString());
            assertTrue(Double.isNaN(c.get(20, 49)), kernels.toString());
            assertEquals(50.0, c.get(0, 0), kernels.toString());
        }
    }

    private static void checkAllKernels(int m, int n, int k, double alpha,
                                        Matrix a, boolean transA, Matrix b, boolean transB,
                                        double beta, Matrix c) {
        double[] exact = new double[m * n];
        double[] bound = new double[m * n];
        Reference.gemm(m, n, k, alpha, a, transA, b, transB, beta, c, exact, bound);
        for (Kernels kernels : KERNELS) {
            Matrix out = beta == 0 ? Matrix.filled(m, n, Double.NaN) : c.copy();
            Gemm.multiply(kernels, m, n, k, alpha, a.data(), 0, a.cols(), transA,
                    b.data(), 0, b.cols(), transB, beta, out.data(), 0, n);
            double[] got = out.data();
            for (int e = 0; e < got.length; e++) {
                if (!(Math.abs(got[e] - exact[e]) <= bound[e])) {
                    fail(String.format("%s, %dx%dx%d transA=%b transB=%b alpha=%g"
                                    + " beta=%g:"
                                    + " C(%d, %d) = %.17g, reference %.17g, allowed error %.3g",
                            kernels, m, n, k, transA, transB, alpha, beta,
                            e / n, e % n, got[e], exact[e], bound[e]));
                }
            }
        }
    }

    /** Gaussian entries scaled by 2^exponent, with about one in eight set to exactly zero. */
    static Matrix operand(int rows, int cols, int exponent, Random random) {
        Matrix x = Matrix.gaussian(rows, cols, random);
        double scale = Math.scalb(1.0, exponent);
        double[] d = x.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = random.nextInt(8) == 0 ? 0.0 : d[i] * scale;
        }
        return x;
    }
}
