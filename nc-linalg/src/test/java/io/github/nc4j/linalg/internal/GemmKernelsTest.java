package io.github.nc4j.linalg.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link GemmKernels#copyBlock} of both implementations on the lengths of
 * {@link Level1KernelsTest#SIZES}; the micro-kernels are checked through GEMM
 * ({@code GemmProperties}, {@code GemmThreadsTest}).
 */
class GemmKernelsTest {

    private static final int[] SIZES = Level1KernelsTest.SIZES;
    private static final List<Kernels> KERNELS = List.of(Kernels.scalar(), VectorKernels.create());

    @Test
    void copyBlockCopiesExactlyTheBlock() {
        Random random = new Random(3);
        for (int len : SIZES) {
            for (int rows : new int[] {0, 1, 3}) {
                int srcLd = len + 2;
                int dstLd = len + 5;
                double[] src = random.doubles(1 + rows * srcLd).toArray();
                double[] dst0 = random.doubles(4 + rows * dstLd).toArray();
                for (Kernels kernels : KERNELS) {
                    double[] dst = dst0.clone();
                    kernels.gemm().copyBlock(rows, len, src, 1, srcLd, dst, 4, dstLd);
                    for (int e = 0; e < dst.length; e++) {
                        int i = (e - 4) / dstLd;
                        int j = (e - 4) % dstLd;
                        boolean inBlock = e >= 4 && i < rows && j < len;
                        double expected = inBlock ? src[1 + i * srcLd + j] : dst0[e];
                        assertEquals(expected, dst[e], 0.0, kernels.name() + " copyBlock "
                                + rows + " x " + len + ", element " + e);
                    }
                }
            }
        }
    }
}
