package io.github.nc4j.linalg.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.nc4j.linalg.Matrix;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

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
            FloatProduct product = FloatGemm.packed(new FailingConversion(failingCall), blocking);
            double[] c = new double[m * n];
            IllegalStateException thrown = assertTimeoutPreemptively(Duration.ofSeconds(20),
                    () -> assertThrows(IllegalStateException.class, () -> FloatGemm.multiply(
                            product, 2, m, n, k, 1.0, a.data(), 0, k, false, b.data(), 0, n,
                            false, 0.0, c, 0, n)), "conversion " + failingCall);
            assertEquals(FailingConversion.MESSAGE, thrown.getMessage());
        }
    }

    /**
     * A thread done with its own columns takes row blocks from the back of another's column
     * block. With the calling thread's kernels slowed down, the worker must take some of the
     * caller's row blocks (so some columns get tiles merged by both threads), and the result
     * must keep the single thread's bits. Now and then (about one run of this class in six,
     * on two processors shared with the JIT and the kernels' warm-up) the worker does not get
     * to help, or does not run at all and the caller multiplies both halves: so the product
     * runs until the worker has helped, at most {@link #ATTEMPTS} times.
     */
    @Test
    void aThreadDoneEarlyTakesRowBlocksOfTheSlowerOneAndKeepsTheBits() {
        for (boolean transA : new boolean[] {false, true}) {
            Product product = new Product(100, 300, 200, transA);
            double[] single = product.run(1, new ScalarFloatGemmKernels());
            assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
                boolean helped = false;
                for (int attempt = 0; attempt < ATTEMPTS && !helped; attempt++) {
                    SlowCaller kernels = new SlowCaller(SlowCaller.Failure.NONE);
                    assertArrayEquals(single, product.run(2, kernels), 0.0, "transA=" + transA);
                    helped = kernels.helped;
                }
                assertTrue(helped, "the worker never took a row block of the caller's");
            });
        }
    }

    /** Products a helping test runs, at most, before it concludes that no thread helps. */
    private static final int ATTEMPTS = 10;

    /**
     * A failure in a row block taken from another thread, or in the other thread while it is
     * being helped, is rethrown: neither thread may wait for the other for good. As above, a
     * product in which the worker did not help throws nothing, and the next one is tried.
     */
    @ParameterizedTest
    @EnumSource(value = SlowCaller.Failure.class, names = {"HELPER", "HELPED"})
    void aFailureWhileHelpingIsRethrownNotWaitedFor(SlowCaller.Failure failure) {
        Product product = new Product(100, 300, 200, false);
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
                try {
                    product.run(2, new SlowCaller(failure));
                } catch (IllegalStateException e) {
                    assertEquals(SlowCaller.MESSAGE, e.getMessage());
                    return;
                }
            }
            fail("nothing thrown in " + ATTEMPTS + " products");
        });
    }

    /** A product on the small blocks of the tests above, with Gaussian A and B. */
    private record Product(int m, int n, int k, boolean transA, Matrix a, Matrix b) {
        Product(int m, int n, int k, boolean transA) {
            this(m, n, k, transA, Matrix.gaussian(transA ? k : m, transA ? m : k, new Random(m)),
                    Matrix.gaussian(k, n, new Random(n)));
        }

        double[] run(int threads, FloatGemmKernels kernels) {
            double[] c = new double[m * n];
            FloatGemm.multiply(FloatGemm.packed(kernels, new FloatGemm.Blocking(16, 24, 40,
                    1 << 12)), threads, m, n, k, 1.0, a.data(), 0, a.cols(), transA,
                    b.data(), 0, n, false, 0.0, c, 0, n);
            return c;
        }
    }

    /** Kernels that pass every call on to others, for wrappers that change one of them. */
    private abstract static class Delegating implements FloatGemmKernels {
        final FloatGemmKernels kernels = new ScalarFloatGemmKernels();

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

    /** Scalar kernels whose {@code failingCall}-th conversion, counted over all threads, throws. */
    private static final class FailingConversion extends Delegating {
        static final String MESSAGE = "conversion failed on purpose";
        private final int failingCall;
        private final AtomicInteger calls = new AtomicInteger();

        FailingConversion(int failingCall) {
            this.failingCall = failingCall;
        }

        @Override
        public void convertBlock(int rows, int len, double[] src, int srcOff, int srcLd,
                                 float[] dst, int dstOff, int dstLd) {
            if (calls.incrementAndGet() == failingCall) {
                throw new IllegalStateException(MESSAGE);
            }
            super.convertBlock(rows, len, src, srcOff, srcLd, dst, dstOff, dstLd);
        }
    }

    /**
     * Scalar kernels that take 20 microseconds longer on the thread that made them (the caller
     * of the product) for each tile, and that note when another thread merges a tile into a
     * column the caller has merged into: the two threads' own columns are disjoint, so that
     * other thread is helping. On a {@link Failure}, the first such merge throws (HELPER), or
     * the caller's first merge after one (HELPED).
     */
    private static final class SlowCaller extends Delegating {
        enum Failure { NONE, HELPER, HELPED }

        static final String MESSAGE = "merge failed on purpose";
        private final Thread caller = Thread.currentThread();
        private final Failure failure;
        private final Set<Integer> callerColumns = ConcurrentHashMap.newKeySet();
        volatile boolean helped;

        SlowCaller(Failure failure) {
            this.failure = failure;
        }

        @Override
        public void microKernel(int kc, float[] a, int aOff, float[] b, int bOff, float[] tile) {
            slowDownCaller();
            super.microKernel(kc, a, aOff, b, bOff, tile);
        }

        @Override
        public void microKernelColumnPanel(int kc, float[] a, int aOff, float[] b, int bOff,
                                           float[] tile) {
            slowDownCaller();
            super.microKernelColumnPanel(kc, a, aOff, b, bOff, tile);
        }

        private void slowDownCaller() {
            if (Thread.currentThread() == caller) {
                long end = System.nanoTime() + 20_000;
                while (System.nanoTime() < end) {
                    Thread.onSpinWait();
                }
            }
        }

        @Override
        public void mergeTile(int rows, int cols, float[] tile, double alpha, double beta,
                              double[] c, int cOff, int ldc) {
            int column = cOff % ldc;
            if (Thread.currentThread() == caller) {
                if (helped && failure == Failure.HELPED) {
                    throw new IllegalStateException(MESSAGE);
                }
                callerColumns.add(column);
            } else if (callerColumns.contains(column)) {
                helped = true;
                if (failure == Failure.HELPER) {
                    throw new IllegalStateException(MESSAGE);
                }
            }
            super.mergeTile(rows, cols, tile, alpha, beta, c, cOff, ldc);
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
