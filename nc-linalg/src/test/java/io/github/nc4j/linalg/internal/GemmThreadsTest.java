package io.github.nc4j.linalg.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nc4j.linalg.Matrix;
import io.github.nc4j.linalg.Parallelism;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The result of GEMM must not depend on the thread count, to the last bit; and small products
 * must not pay for threads at all.
 */
class GemmThreadsTest {

    private final int savedThreads = Parallelism.threads();

    @AfterEach
    void restoreThreads() {
        Parallelism.setThreads(savedThreads);
    }

    @ParameterizedTest(name = "{0}x{1}x{2} transA={3} transB={4}")
    @CsvSource({
        "333, 250, 190, false, false", // split by rows
        "121, 410, 170, true, false",  // split by columns
        "257, 259, 300, false, true",
        "300, 301, 129, true, true",
    })
    void bitwiseIdenticalForEveryThreadCount(int m, int n, int k, boolean transA, boolean transB) {
        Random random = new Random(m * 31L + n);
        Matrix a = Matrix.gaussian(transA ? k : m, transA ? m : k, random);
        Matrix b = Matrix.gaussian(transB ? n : k, transB ? k : n, random);
        Matrix c0 = Matrix.gaussian(m, n, random);
        for (Kernels kernels
                : List.of(Kernels.scalar(), VectorKernels.create(4), VectorKernels.create(12))) {
            double[] single = null;
            for (int threads : new int[] {1, 2, 3, 5, 8}) {
                Parallelism.setThreads(threads);
                Matrix c = c0.copy();
                Gemm.multiply(kernels, m, n, k, 0.75, a.data(), 0, a.cols(), transA,
                        b.data(), 0, b.cols(), transB, 0.25, c.data(), 0, n);
                if (single == null) {
                    single = c.data();
                } else {
                    assertArrayEquals(single, c.data(), 0.0,
                            kernels + " with " + threads + " threads");
                }
            }
        }
    }

    /**
     * A thread's packing buffers are sized by its first product, and a buffer left from an
     * earlier, larger product would hide one sized too small: so each product runs first in a
     * fresh thread, and must give the bits it gives in this one.
     */
    @ParameterizedTest(name = "{0}x{1}x{2} transA={3}")
    @CsvSource({
        "300, 900, 700, false", // several column blocks, three k-blocks
        "300, 900, 700, true",
        "50, 200, 40, false",   // one column block: A read in place
    })
    void firstProductInAFreshThreadSizesItsOwnBuffers(int m, int n, int k, boolean transA)
            throws InterruptedException {
        Parallelism.setThreads(1);
        Random random = new Random(m * 31L + n);
        Matrix a = Matrix.gaussian(transA ? k : m, transA ? m : k, random);
        Matrix b = Matrix.gaussian(k, n, random);
        for (Kernels kernels
                : List.of(Kernels.scalar(), VectorKernels.create(4), VectorKernels.create(12))) {
            double[] here = new double[m * n];
            Gemm.multiply(kernels, m, n, k, 1.0, a.data(), 0, a.cols(), transA,
                    b.data(), 0, n, false, 0.0, here, 0, n);
            double[] fresh = new double[m * n];
            assertNull(failureInFreshThread(() -> Gemm.multiply(kernels, m, n, k, 1.0,
                    a.data(), 0, a.cols(), transA, b.data(), 0, n, false, 0.0, fresh, 0, n)),
                    kernels.toString());
            assertArrayEquals(here, fresh, 0.0, kernels.toString());
        }
    }

    /** Runs {@code task} in a new thread and returns what it threw, or null. */
    static Throwable failureInFreshThread(Runnable task) throws InterruptedException {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread thread = new Thread(task);
        thread.setUncaughtExceptionHandler((t, e) -> failure.set(e));
        thread.start();
        thread.join();
        return failure.get();
    }

    @ParameterizedTest(name = "n={0} k={1} transA={2}")
    @CsvSource({"300, 200, false", "261, 333, true"})
    void syrkBitwiseIdenticalForEveryThreadCount(int n, int k, boolean transA) {
        Random random = new Random(n);
        Matrix a = transA ? Matrix.gaussian(k, n, random) : Matrix.gaussian(n, k, random);
        Matrix c0 = Matrix.gaussian(n, n, random);
        for (Kernels kernels
                : List.of(Kernels.scalar(), VectorKernels.create(4), VectorKernels.create(12))) {
            double[] single = null;
            for (int threads : new int[] {1, 2, 3, 5, 8}) {
                Parallelism.setThreads(threads);
                Matrix c = c0.copy();
                Gemm.symmetricRankK(kernels, n, k, 1.25, a.data(), 0, a.cols(), transA, -0.5,
                        c.data(), 0, n);
                if (single == null) {
                    single = c.data();
                } else {
                    assertArrayEquals(single, c.data(), 0.0,
                            kernels + ", syrk with " + threads + " threads");
                }
            }
        }
    }

    /**
     * A column of C in a narrow last panel ({@link GemmKernels#microKernelEdge}) has the bits it
     * has in a whole tile: C = op(A) B with 40 columns (panels of 16, 16 and 8 with 8-lane vectors)
     * against the same product with B's columns rotated so that its last 8 lead.
     */
    @ParameterizedTest(name = "transA={0}")
    @CsvSource({"false", "true"})
    void edgeColumnsHaveTheBitsOfWholeTiles(boolean transA) {
        int m = 50;
        int n = 40;
        int k = 70;
        Random random = new Random(7);
        double[] a = Matrix.gaussian(transA ? k : m, transA ? m : k, random).data();
        double[] b = Matrix.gaussian(k, n, random).data();
        double[] rotated = new double[k * n];
        for (int p = 0; p < k; p++) {
            for (int j = 0; j < n; j++) {
                rotated[p * n + (j + 8) % n] = b[p * n + j];
            }
        }
        for (Kernels kernels
                : List.of(Kernels.scalar(), VectorKernels.create(4), VectorKernels.create(12))) {
            double[] c = new double[m * n];
            double[] cRotated = new double[m * n];
            int lda = transA ? m : k;
            Gemm.multiply(kernels, m, n, k, 1.0, a, 0, lda, transA, b, 0, n, false, 0.0, c, 0, n);
            Gemm.multiply(kernels, m, n, k, 1.0, a, 0, lda, transA, rotated, 0, n, false, 0.0,
                    cRotated, 0, n);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    assertEquals(c[i * n + j], cRotated[i * n + (j + 8) % n], 0.0,
                            kernels + ": C(" + i + ", " + j + ")");
                }
            }
        }
    }

    /**
     * Below {@code 2 WORK_PER_THREAD} multiply-adds a second thread is not worth its hand-off:
     * every kernel call then runs on the calling thread, however many threads are allowed.
     * Larger products are split, which also shows that the recording sees the workers.
     */
    @Test
    void smallProductsStayOnTheCallingThread() {
        Parallelism.setThreads(8);
        int small = (int) Math.cbrt(2 * Gemm.WORK_PER_THREAD) - 1; // n^3 multiply-adds
        assertEquals(Set.of(Thread.currentThread()), threadsUsed(small, false));
        assertEquals(Set.of(Thread.currentThread()), threadsUsed(small, true));
        assertTrue(threadsUsed(256, false).size() > 1, "a 256^3 GEMM was not split");
        assertTrue(threadsUsed(256, true).size() > 1, "a 256^3 SYRK was not split");
    }

    private static Set<Thread> threadsUsed(int n, boolean syrk) {
        RecordingKernels recording = new RecordingKernels();
        Kernels scalar = Kernels.scalar();
        Kernels kernels = new Kernels("recording", scalar.level1(), recording,
                scalar.floatGemm(), scalar.rotations());
        double[] a = Matrix.gaussian(n, n, new Random(n)).data();
        double[] c = new double[n * n];
        if (syrk) {
            Gemm.symmetricRankK(kernels, n, n, 1.0, a, 0, n, true, 0.0, c, 0, n);
        } else {
            Gemm.multiply(kernels, n, n, n, 1.0, a, 0, n, false, a, 0, n, true, 0.0, c, 0, n);
        }
        return recording.threads;
    }

    /** The scalar GEMM kernels, noting every thread that calls them. */
    private static final class RecordingKernels implements GemmKernels {
        final Set<Thread> threads = ConcurrentHashMap.newKeySet();
        private final GemmKernels scalar = Kernels.scalar().gemm();

        @Override
        public void copyBlock(int rows, int len, double[] src, int srcOff, int srcLd,
                              double[] dst, int dstOff, int dstLd) {
            threads.add(Thread.currentThread());
            scalar.copyBlock(rows, len, src, srcOff, srcLd, dst, dstOff, dstLd);
        }

        @Override
        public int microRows() {
            return scalar.microRows();
        }

        @Override
        public int microCols() {
            return scalar.microCols();
        }

        @Override
        public void microKernel(int kc, double[] a, int aOff, int lda, double[] b, int bOff,
                                double[] c, int cOff, int ldc, double beta) {
            threads.add(Thread.currentThread());
            scalar.microKernel(kc, a, aOff, lda, b, bOff, c, cOff, ldc, beta);
        }

        @Override
        public void microKernelColumnPanel(int kc, double[] a, int aOff, double[] b, int bOff,
                                           double[] c, int cOff, int ldc, double beta) {
            threads.add(Thread.currentThread());
            scalar.microKernelColumnPanel(kc, a, aOff, b, bOff, c, cOff, ldc, beta);
        }
    }
}
