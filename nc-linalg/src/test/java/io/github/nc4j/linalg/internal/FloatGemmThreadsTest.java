package io.github.nc4j.linalg.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.nc4j.linalg.Matrix;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The float32 GEMM's result must not depend on the thread count, to the last bit. */
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

    @Test
    void vectorTilesAreFourOrTwelveRows() {
        assertThrows(IllegalArgumentException.class, () -> new VectorFloatGemmKernels(8));
    }
}
