package io.github.nc4j.linalg.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.nc4j.linalg.FloatingPoint;
import io.github.nc4j.linalg.Matrix;
import io.github.nc4j.linalg.Precision;
import io.github.nc4j.linalg.Reference;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The float32 GEMM against a compensated double reference, within the bound that
 * {@link FloatGemm} states, {@code (k + 3) u |alpha| sum_l |op(A)_il| |op(B)_lj| + (k + 2) eps
 * |beta C_ij|} with u = 2^-24, for the scalar kernels and both SIMD tiles (4 and 12 rows, whichever
 * this CPU prefers), the default block sizes and small ones that make small products cross every
 * block boundary, every transpose, and shapes that break vector tails and micro-tiles.
 */
class FloatGemmProperties {

    private static final double U = Precision.FLOAT32.unitRoundoff();

    static final List<FloatGemmKernels> KERNELS = List.of(new ScalarFloatGemmKernels(),
            new VectorFloatGemmKernels(4), new VectorFloatGemmKernels(12));

    /**
     * The products under test with these block sizes: the packed loops on every kernel set
     * above, and {@link UnpackedFloatGemm} with the same rank-update depth.
     */
    static List<FloatProduct> products(FloatGemm.Blocking blocking) {
        List<FloatProduct> products = new ArrayList<>();
        for (FloatGemmKernels kernels : KERNELS) {
            products.add(FloatGemm.packed(kernels, blocking));
        }
        products.add(new UnpackedFloatGemm(blocking.kc()));
        return products;
    }

    /** Threads per product: C is split between them, which changes no bit. */
    private static final int THREADS = 3;

    /**
     * A depth, row and column block that are not multiples of anything in the kernels (the
     * depth is under one {@link FloatGemmKernels#DEPTH_GROUP}: the default blocks, with depths
     * of several groups and a partial one, cover whole groups).
     */
    static final FloatGemm.Blocking SMALL_BLOCKS = new FloatGemm.Blocking(37, 24, 40, 48);

    @Provide
    Arbitrary<Integer> dimensions() {
        return GemmProperties.DIMENSIONS;
    }

    @Provide
    Arbitrary<Double> scalars() {
        return GemmProperties.SCALARS;
    }

    /** Binary exponents of the operands' scale, inside float's range with the products. */
    @Provide
    Arbitrary<Integer> exponents() {
        return Arbitraries.of(0, 0, -40, 40, -20, 20);
    }

    @Property(tries = 200)
    void matchesCompensatedReference(@ForAll("dimensions") int m, @ForAll("dimensions") int n,
                                     @ForAll("dimensions") int k,
                                     @ForAll boolean transA, @ForAll boolean transB,
                                     @ForAll("scalars") double alpha,
                                     @ForAll("scalars") double beta,
                                     @ForAll("exponents") int scaleA,
                                     @ForAll("exponents") int scaleB,
                                     @ForAll boolean smallBlocks,
                                     @ForAll long seed) {
        Random random = new Random(seed);
        Matrix a = GemmProperties.operand(transA ? k : m, transA ? m : k, scaleA, random);
        Matrix b = GemmProperties.operand(transB ? n : k, transB ? k : n, scaleB, random);
        Matrix c = GemmProperties.operand(m, n, 0, random);
        checkAllKernels(smallBlocks ? SMALL_BLOCKS : FloatGemm.BLOCKING,
                m, n, k, alpha, a, transA, b, transB, beta, c);
    }

    @Example
    void crossesEveryCacheBlockBoundaryAndVeryTallWideAndDeepShapes() {
        Random random = new Random(7);
        // KC = 512, NC = 256, MC = 48: each dimension runs past one block and ends mid-tile;
        // then a single row, a single column and a depth of 10 k-blocks.
        int[][] shapes = {{130, 523, 517}, {61, 37, 1100}, {1, 700, 40}, {700, 1, 40},
            {3, 2, 5003}};
        for (int[] s : shapes) {
            for (boolean transA : new boolean[] {false, true}) {
                for (boolean transB : new boolean[] {false, true}) {
                    int m = s[0];
                    int n = s[1];
                    int k = s[2];
                    Matrix a = GemmProperties.operand(transA ? k : m, transA ? m : k, 0, random);
                    Matrix b = GemmProperties.operand(transB ? n : k, transB ? k : n, 0, random);
                    Matrix c = GemmProperties.operand(m, n, 0, random);
                    checkAllKernels(FloatGemm.BLOCKING, m, n, k, 1.5, a, transA, b, transB,
                            -0.5, c);
                }
            }
        }
    }

    /**
     * The product really is computed in float: with operands that float cannot hold exactly,
     * the result is the float product of their float roundings, not the double product.
     */
    @Example
    void roundsOperandsToFloat() {
        int n = 16; // 16^3 multiply-adds: above Gemm.SMALL_PRODUCT, so the float path runs
        double x = 1 + Math.scalb(1.0, -30); // rounds to 1f
        for (FloatProduct product : products(FloatGemm.BLOCKING)) {
            double[] c = new double[n * n];
            FloatGemm.multiply(product, THREADS, n, n, n, 1.0,
                    Matrix.filled(n, n, x).data(), 0, n, false,
                    Matrix.filled(n, n, 1.0).data(), 0, n, false, 0.0, c, 0, n);
            assertEquals(Matrix.filled(n, n, n), Matrix.wrap(n, n, c), product.toString());
        }
    }

    /**
     * The grouped-panel and column-panel kernels, and the two ways of packing B, give the same
     * bits: op(A) op(B) from A and B, from A^T stored (TN) and from B^T stored (NT). (Products
     * small enough to run in double are left out: there the layouts take different loops.)
     */
    @Property(tries = 40)
    void everyLayoutOfTheOperandsGivesTheSameBits(@ForAll("dimensions") int m,
                                                  @ForAll("dimensions") int n,
                                                  @ForAll("dimensions") int k,
                                                  @ForAll long seed) {
        Assume.that((long) m * n * k > Gemm.SMALL_PRODUCT);
        Random random = new Random(seed);
        Matrix a = Matrix.gaussian(m, k, random);
        Matrix b = Matrix.gaussian(k, n, random);
        Matrix at = a.transpose();
        Matrix bt = b.transpose();
        for (FloatProduct product : products(SMALL_BLOCKS)) {
            double[] nn = new double[m * n];
            double[] tn = new double[m * n];
            double[] nt = new double[m * n];
            FloatGemm.multiply(product, THREADS, m, n, k, 1.0, a.data(), 0, k, false,
                    b.data(), 0, n, false, 0.0, nn, 0, n);
            FloatGemm.multiply(product, THREADS, m, n, k, 1.0, at.data(), 0, m, true,
                    b.data(), 0, n, false, 0.0, tn, 0, n);
            FloatGemm.multiply(product, THREADS, m, n, k, 1.0, a.data(), 0, k, false,
                    bt.data(), 0, k, true, 0.0, nt, 0, n);
            assertArrayEquals(nn, tn, 0.0, product + ": TN");
            assertArrayEquals(nn, nt, 0.0, product + ": NT");
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
        reference(m, n, k, 2.0, a, false, b, false, 1.0, c, exact, bound);
        for (FloatProduct product : products(SMALL_BLOCKS)) {
            Matrix result = big.copy();
            FloatGemm.multiply(product, THREADS, m, n, k, 2.0, result.data(), 3 * 80 + 5,
                    80, false, data, 10 * 80 + 60, 80, false, 1.0, result.data(), 50 * 80 + 2,
                    80);
            for (int i = 0; i < 90; i++) {
                for (int j = 0; j < 80; j++) {
                    if (i >= 50 && j >= 2 && j < 22) {
                        int e = (i - 50) * n + (j - 2);
                        assertTrue(Math.abs(result.get(i, j) - exact[e]) <= bound[e],
                                product + ": C(" + (i - 50) + ", " + (j - 2) + ")");
                    } else {
                        assertEquals(big.get(i, j), result.get(i, j), 0.0, product
                                + ": element (" + i + ", " + j + ") outside C was written");
                    }
                }
            }
        }
    }

    @Example
    void betaZeroIgnoresNanInCAndAlphaZeroDoesNotReadOperands() {
        Matrix nan = Matrix.filled(40, 40, Double.NaN);
        Matrix ones = Matrix.filled(40, 40, 1.0);
        for (FloatProduct product : products(SMALL_BLOCKS)) {
            Matrix c = nan.copy();
            FloatGemm.multiply(product, THREADS, 40, 40, 40, 1.0, ones.data(), 0, 40, false,
                    ones.data(), 0, 40, false, 0.0, c.data(), 0, 40);
            assertEquals(Matrix.filled(40, 40, 40.0), c, product.toString());
            FloatGemm.multiply(product, THREADS, 40, 40, 40, 0.0, nan.data(), 0, 40, false,
                    nan.data(), 0, 40, false, 0.5, c.data(), 0, 40);
            assertEquals(Matrix.filled(40, 40, 20.0), c, product.toString());
        }
    }

    /** Infinity and NaN in the operands propagate, and doubles beyond float's range overflow. */
    @Example
    void infinityNanAndOverflowPropagate() {
        for (FloatProduct product : products(FloatGemm.BLOCKING)) {
            Matrix a = Matrix.filled(50, 50, 1.0);
            a.set(3, 7, Double.POSITIVE_INFINITY);
            a.set(20, 1, Double.NaN);
            a.set(30, 2, 1e300);
            Matrix c = Matrix.zeros(50, 50);
            FloatGemm.multiply(product, THREADS, 50, 50, 50, 1.0, a.data(), 0, 50,
                    false, Matrix.filled(50, 50, 1.0).data(), 0, 50, false, 0.0, c.data(), 0, 50);
            assertEquals(Double.POSITIVE_INFINITY, c.get(3, 0), product.toString());
            assertTrue(Double.isNaN(c.get(20, 49)), product.toString());
            assertEquals(Double.POSITIVE_INFINITY, c.get(30, 5), product.toString());
            assertEquals(50.0, c.get(0, 0), product.toString());
        }
    }

    private static void checkAllKernels(FloatGemm.Blocking blocking, int m, int n, int k,
                                        double alpha, Matrix a, boolean transA,
                                        Matrix b, boolean transB, double beta, Matrix c) {
        double[] exact = new double[m * n];
        double[] bound = new double[m * n];
        reference(m, n, k, alpha, a, transA, b, transB, beta, c, exact, bound);
        for (FloatProduct product : products(blocking)) {
            Matrix out = beta == 0 ? Matrix.filled(m, n, Double.NaN) : c.copy();
            FloatGemm.multiply(product, THREADS, m, n, k, alpha, a.data(), 0, a.cols(), transA,
                    b.data(), 0, b.cols(), transB, beta, out.data(), 0, n);
            double[] got = out.data();
            for (int e = 0; e < got.length; e++) {
                if (!(Math.abs(got[e] - exact[e]) <= bound[e])) {
                    fail(String.format("%s, %s, %dx%dx%d transA=%b transB=%b alpha=%g beta=%g:"
                                    + " C(%d, %d) = %.17g, reference %.17g, allowed error %.3g",
                            product, blocking, m, n, k, transA, transB, alpha, beta,
                            e / n, e % n, got[e], exact[e], bound[e]));
                }
            }
        }
    }

    /**
     * {@code alpha op(A) op(B) + beta C} by compensated dot products on the double operands, and
     * the bound of {@link FloatGemm}: {@code (k + 3) u |alpha| sum_l |a_il||b_lj| + (k + 2)
     * eps |beta c_ij|}, plus {@code (k + 2) |alpha| 2^-149} for float results in the subnormal range
     * (half a float {@code MIN_VALUE} for each rounding of a partial sum or product).
     */
    static void reference(int m, int n, int k, double alpha, Matrix a, boolean transA,
                          Matrix b, boolean transB, double beta, Matrix c,
                          double[] exact, double[] bound) {
        Reference.gemm(m, n, k, alpha, a, transA, b, transB, beta, c, exact, bound,
                (absAlpha, absProducts, absOld) -> (k + 3) * U * absAlpha * absProducts
                        + (k + 2) * FloatingPoint.EPS * absOld
                        + (k + 2) * absAlpha * Float.MIN_VALUE);
    }
}
