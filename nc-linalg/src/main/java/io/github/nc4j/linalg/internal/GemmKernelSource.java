package io.github.nc4j.linalg.internal;

/**
 * Where {@link Gemm} takes its kernels from: asked once per product for the thread split, then
 * by each thread before each rank-KC update, so that the kernels may change between two updates
 * (as {@link WarmingGemmKernels} changes them). A kernel set is its own source.
 */
@FunctionalInterface
public interface GemmKernelSource {

    /**
     * The kernels for the next rank-KC update of a product whose A is transposed or not (A is
     * then read by {@link GemmKernels#microKernelColumnPanel} or by
     * {@link GemmKernels#microKernel}, so that a source may switch the two at different times).
     */
    GemmKernels current(boolean transA);

    /** How many threads a product may use now: {@link ThreadSetting#threads()}. */
    default int threads() {
        return ThreadSetting.threads();
    }
}
