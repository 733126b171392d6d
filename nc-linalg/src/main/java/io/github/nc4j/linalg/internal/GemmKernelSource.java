package io.github.nc4j.linalg.internal;

/**
 * Where {@link Gemm} takes its kernels from: asked once per product for the thread split, then
 * by each thread before each rank-KC update, so that the kernels may change between two updates
 * (as {@link WarmingGemmKernels} changes them). A kernel set is its own source.
 */
@FunctionalInterface
public interface GemmKernelSource {

    /** The kernels for the next rank-KC update. */
    GemmKernels current();
}
