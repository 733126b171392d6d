package io.github.nc4j.linalg.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.github.nc4j.linalg.Matrix;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The float32 GEMM's result must not depend on the thread count, to the last bit, nor on what
 * the thread computed before; and products too small to gain from float run in double.
 */
class FloatGemmThreadsTest {

    @ParameterizedTest(name = "{0}x{1}x{2} transA={3} transB={4}")
    @CsvSource({
        "333, 250, 190, false, false", // split by rows
        "121, 410, 170, true, false",  // split by columns
        "257, 259, 600, false, true",  // two k-blocks: the second merges with beta = 1
        "300, 301, 129, true, true",
    })
    void bitwiseIdenticalForEveryThreadCount(int m, int n, int k, boolean transA, boolean transB) {
        Random random = new Random(m * 31L + n);
        Matrix a = Matrix.gaussian(transA ? k : m, transA ? m : k, random);
        Matrix b = Matrix.gaussian(transB ? n : k, transB ? k : n, random);
        Matrix c0 = Matrix.gaussian(m, n, random);
        for (FloatGemm.Blocking blocking
                : new FloatGemm.Blocking[] {FloatGemm.BLOCKING, FloatGemmProperties.SMALL_BLOCKS}) {
            for (FloatProduct product : FloatGemmProperties.products(blocking)) {
                double[] single = null;
                for (int threads : new int[] {1, 2, 3, 5, 8}) {
                    Matrix c = c0.copy();
                    FloatGemm.multiply(product, threads, m, n, k, 0.75, a.data(), 0, a.cols(),
                            transA, b.data(), 0, b.cols(), transB, 0.25, c.data(), 0, n);
                    if (single == null) {
                        single = c.data();
                    } else {
                        assertArrayEquals(single, c.data(), 0.0,
                                product + ", " + threads + " threads");
                    }
                }
            }
        }
    }

    /**
     * Threads that split C's columns share one packing of A, two k-blocks' bands in turn; a
     * thread that gets two k-blocks ahead of another packs its own. Small blocks (16-deep
     * k-blocks, a band that holds every row) give a product many k-blocks to race through, and
     * many repetitions give the threads many chances to interleave differently: every one must
     * give the single thread's bits.
     */
    @ParameterizedTest(name = "{0}x{1}x{2} transA={3}")
    @CsvSource({
        "100, 300, 200, false",
        "61, 500, 333, true",
        "48, 400, 100, false",
    })
    void sharedPackedAGivesTheSameBitsHoweverThreadsInterleave(int m, int n, int k,
                                                                boolean transA) {
        Random random = new Random(m * 31L + n);
        Matrix a = Matrix.gaussian(transA ? k : m, transA ? m : k, random);
        Matrix b = Matrix.gaussian(k, n, random);
        FloatGemm.Blocking blocking = new FloatGemm.Blocking(16, 24, 40, 1 << 12);
        for (FloatProduct product : FloatGemmProperties.products(blocking)) {
            double[] single = new double[m * n];
            FloatGemm.multiply(product, 1, m, n, k, 1.0, a.data(), 0, a.cols(), transA,
                    b.data(), 0, n, false, 0.0, single, 0, n);
            for (int repetition = 0; repetition < 50; repetition++) {
                for (int threads = 2; threads <= 4; threads++) {
                    double[] c = new double[m * n];
                    FloatGemm.multiply(product, threads, m, n, k, 1.0, a.data(), 0, a.cols(),
                            transA, b.data(), 0, n, false, 0.0, c, 0, n);
                    assertArrayEquals(single, c, 0.0, product + ", " + threads + " threads");
                }
            }
        }
    }

    /**
     * A thread that fails while packing a row block of the shared A leaves it "being packed"
     * for good: the threads waiting for it must give up, and the product must rethrow the
     * failure rather than hang. Failing at each of the first conversions in turn makes the
     * failure land on either thread, in B's packing and in A's.
     */
    @Test
    void aFailureWhilePackingSharedAIsRethrownNotWaitedFor() {
        int m = 100;
        int n = 300;
        int k = 200;
        Random random = new Random(7);
        Matrix a = Matrix.gaussian(m, k, random);
        Matrix b = Matrix.gaussian(k, n, random);
        FloatGemm.Blocking blocking = new FloatGemm.Blocking(16, 24, 40, 1 << 12);
        for (int failingCall = 1; failingCall <= 60; failingCall++) {
            FloatProduct product = FloatGemm.packed(
                    new FailingConversion(new ScalarFloatGemmKernels(), failingCall), blocking);
            double[] c = new double[m * n];
            IllegalStateException thrown = assertTimeoutPreemptively(Duration.ofSeconds(20),
                    () -> assertThrows(IllegalStateException.class, () -> FloatGemm.multiply(
                            product, 2, m, n, k, 1.0, a.data(), 0, k, false, b.data(), 0, n,
                            false, 0.0, c, 0, n)), "conversion " + failingCall);
            assertEquals(FailingConversion.MESSAGE, thrown.getMessage());
        }
    }

    /** Kernels whose {@code failingCall}-th conversion, counted over all threads, throws. */
    private static final class FailingConversion implements FloatGemmKernels {
        static final String MESSAGE = "conversion failed on purpose";
        private final FloatGemmKernels kernels;
        private final int failingCall;
        private final AtomicInteger calls = new AtomicInteger();

        FailingConversion(FloatGemmKernels kernels, int failingCall) {
            this.kernels = kernels;
            this.failingCall = failingCall;
        }

        @Override
        public int microRows() {
            return kernels.microRows();
        }

        @Override
        public int microCols() {
            return kernels.microCols();
        }

        @Override
        public void convertBlock(int rows, int len, double[] src, int srcOff, int srcLd,
                                 float[] dst, int dstOff, int dstLd) {
            if (calls.incrementAndGet() == failingCall) {
                throw new IllegalStateException(MESSAGE);
            }
            kernels.convertBlock(rows, len, src, srcOff, srcLd, dst, dstOff, dstLd);
        }

        @Override
        public void microKernel(int kc, float[] a, int aOff, float[] b, int bOff, float[] tile) {
            kernels.microKernel(kc, a, aOff, b, bOff, tile);
        }

        @Override
        public void microKernelColumnPanel(int kc, float[] a, int aOff, float[] b, int bOff,
                                           float[] tile) {
            kernels.microKernelColumnPanel(kc, a, aOff, b, bOff, tile);
        }

        @Override
        public void mergeTile(int rows, int cols, float[] tile, double alpha, double beta,
                              double[] c, int cOff, int ldc) {
            kernels.mergeTile(rows, cols, tile, alpha, beta, c, cOff, ldc);
        }
    }

    /**
     * A thread's packing buffers are sized by its first product, and a buffer left from an
     * earlier, larger product would hide one sized too small: so each product runs first in a
     * fresh thread, and must give the bits it gives in this one.
     */
    @ParameterizedTest(name = "{0}x{1}x{2} transA={3}")
    @CsvSource({
        "300, 600, 700, false", // several column blocks, A kept for all of them, two k-blocks
        "300, 600, 700, true",
        "50, 200, 40, false",   // one column block of the real blocking
    })
    void firstProductInAFreshThreadSizesItsOwnBuffers(int m, int n, int k, boolean transA)
            throws InterruptedException {
        Random random = new Random(m * 31L + n);
        Matrix a = Matrix.gaussian(transA ? k : m, transA ? m : k, random);
        Matrix b = Matrix.gaussian(k, n, random);
        for (FloatGemm.Blocking blocking
                : new FloatGemm.Blocking[] {FloatGemm.BLOCKING, FloatGemmProperties.SMALL_BLOCKS}) {
            for (FloatProduct product : FloatGemmProperties.products(blocking)) {
                double[] here = new double[m * n];
                FloatGemm.multiply(product, 1, m, n, k, 1.0, a.data(), 0, a.cols(), transA,
                        b.data(), 0, n, false, 0.0, here, 0, n);
                double[] fresh = new double[m * n];
                assertNull(GemmThreadsTest.failureInFreshThread(() -> FloatGemm.multiply(
                        product, 1, m, n, k, 1.0, a.data(), 0, a.cols(), transA,
                        b.data(), 0, n, false, 0.0, fresh, 0, n)), product.toString());
                assertArrayEquals(here, fresh, 0.0, product.toString());
            }
        }
    }

    /**
     * Products of at most {@link Gemm#SMALL_PRODUCT} multiply-adds run in double, with the
     * double GEMM's bits; one more multiply-add and the product is float's.
     */
    @Test
    void productsUpToSmallProductRunInDouble() {
        Random random = new Random(5);
        int[][] shapes = {{8, 16, 16}, {1, 3, 683}}; // 2048 and 2049 multiply-adds
        for (int[] shape : shapes) {
            int m = shape[0];
            int n = shape[1];
            int k = shape[2];
            Matrix a = Matrix.gaussian(m, k, random);
            Matrix b = Matrix.gaussian(k, n, random);
            double[] inDouble = new double[m * n];
            Gemm.multiply(m, n, k, 1.0, a.data(), 0, k, false, b.data(), 0, n, false,
                    0.0, inDouble, 0, n);
            double[] inFloat = new double[m * n];
            FloatGemm.multiply(m, n, k, 1.0, a.data(), 0, k, false, b.data(), 0, n, false,
                    0.0, inFloat, 0, n);
            if ((long) m * n * k <= Gemm.SMALL_PRODUCT) {
                assertArrayEquals(inDouble, inFloat, 0.0, m + "x" + n + "x" + k);
            } else {
                assertFalse(Arrays.equals(inDouble, inFloat), m + "x" + n + "x" + k
                        + " ran in double");
            }
        }
    }

    @Test
    void vectorTilesAreFourOrTwelveRows() {
        assertThrows(IllegalArgumentException.class, () -> new VectorFloatGemmKernels(8));
    }
}
