package io.github.nc4j.linalg.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.github.nc4j.linalg.Matrix;
import io.github.nc4j.linalg.Parallelism;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The result of GEMM must not depend on the thread count, to the last bit. */
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
        for (Kernels kernels : List.of(new ScalarKernels(), new VectorKernels())) {
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
                            kernels.name() + " kernels with " + threads + " threads");
                }
            }
        }
    }

    @ParameterizedTest(name = "n={0} k={1} transA={2}")
    @CsvSource({"300, 200, false", "261, 333, true"})
    void syrkBitwiseIdenticalForEveryThreadCount(int n, int k, boolean transA) {
        Random random = new Random(n);
        Matrix a = transA ? Matrix.gaussian(k, n, random) : Matrix.gaussian(n, k, random);
        Matrix c0 = Matrix.gaussian(n, n, random);
        double[] single = null;
        for (int threads : new int[] {1, 2, 3, 5, 8}) {
            Parallelism.setThreads(threads);
            Matrix c = c0.copy();
            Gemm.symmetricRankK(n, k, 1.25, a.data(), 0, a.cols(), transA, -0.5, c.data(), 0, n);
            if (single == null) {
                single = c.data();
            } else {
                assertArrayEquals(single, c.data(), 0.0, "syrk with " + threads + " threads");
            }
        }
    }
}
