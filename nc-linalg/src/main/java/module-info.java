/**
 * Dense double-precision linear algebra for nc4j: {@link io.github.nc4j.linalg.Matrix}, BLAS-style
 * kernels with a SIMD GEMM, decompositions and NumPy file I/O. No dependencies beyond the JDK; the
 * Vector API module is optional and used when present.
 */
module io.github.nc4j.linalg {
    requires static jdk.incubator.vector;

    exports io.github.nc4j.linalg;
    exports io.github.nc4j.linalg.decomp;
    exports io.github.nc4j.linalg.io;
}
