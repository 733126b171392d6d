/**
 * Dense double-precision matrices and the kernels under them: {@link io.github.nc4j.linalg.Matrix}
 * (row-major, short readable methods that return new matrices), {@link io.github.nc4j.linalg.Blas}
 * (BLAS-style kernels with explicit outputs that allocate nothing: dot, axpy, GEMV, GEMM, SYRK)
 * and {@link io.github.nc4j.linalg.Parallelism} (the number of threads the level-3 kernels use).
 *
 * <p>GEMM follows BLIS's five loops around a SIMD micro-kernel written with the Vector API, with
 * a scalar fallback when the module {@code jdk.incubator.vector} is not loaded;
 * {@link io.github.nc4j.linalg.Blas#implementation()} says which is in use. The guided tour's
 * chapter <a href="https://github.com/nc4j/nc4j/blob/main/docs/internals/01-gemm.md">GEMM</a>
 * walks through the code.
 */
package io.github.nc4j.linalg;
