package io.github.nc4j.linalg.internal;

/**
 * Where a GEMM takes its kernels from. {@link Gemm} asks for its {@link GemmKernels} once per
 * product for the thread split, then in each thread before each rank-KC update, so that the
 * kernels may change between two updates (as {@link WarmingGemmKernels} changes them);
 * {@link FloatGemm} asks for a whole {@link FloatProduct} once per product. A kernel set, and a
 * product, is its own source.
 *
 * @param <K> the kind of kernel set: {@link GemmKernels} or {@link FloatProduct}
 */
@FunctionalInterface
public interface GemmKernelSource<K> {

    /**
     * The kernels for the next rank-KC update of a product whose A is transposed or not (A is
     * then read by the column-panel micro-kernel or by the row-panel one, so that a source may
     * switch the two at different times).
     */
    K current(boolean transA);

    /** How many threads a product may use now: {@link ThreadSetting#threads()}. */
    default int threads() {
        return ThreadSetting.threads();
    }
}
