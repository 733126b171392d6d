/**
 * Dense double-precision linear algebra for nc4j: {@link io.github.nc4j.linalg.Matrix}, BLAS-style
 * kernels with a SIMD GEMM, decompositions and NumPy file I/O. No dependencies beyond the JDK; the
 * Vector API module is optional and used when present.
 *
 * <ul>
 *   <li>{@link io.github.nc4j.linalg}: the matrix type and the kernels
 *       ({@link io.github.nc4j.linalg.Blas});</li>
 *   <li>{@link io.github.nc4j.linalg.decomp}: SVD, symmetric eigen-decomposition, QR, LU,
 *       Cholesky, and the solvers built on them;</li>
 *   <li>{@link io.github.nc4j.linalg.io}: {@code .npy}, {@code .npz} and CSV files.</li>
 * </ul>
 *
 * <p><b>The Vector API.</b> The SIMD kernels need the incubator module at run time:
 * {@code java --add-modules jdk.incubator.vector ...} (and the same in Surefire's
 * {@code argLine} or Gradle's {@code jvmArgs}). Without it, or with HotSpot's C2 compiler off,
 * the scalar kernels run instead and one log line says so;
 * {@link io.github.nc4j.linalg.Blas#implementation()} tells which is in use.
 *
 * <p><b>How it works.</b> The guided tour of nc4j's internals,
 * <a href="https://github.com/nc4j/nc4j/tree/main/docs/internals">docs/internals</a>, reads this
 * module's code in two chapters:
 * <a href="https://github.com/nc4j/nc4j/blob/main/docs/internals/01-gemm.md">GEMM</a> (BLIS's
 * loops, packing and the micro-kernel) and
 * <a href="https://github.com/nc4j/nc4j/blob/main/docs/internals/02-svd.md">SVD</a>
 * (bidiagonalization, implicit QR sweeps, dqds).
 */
module io.github.nc4j.linalg {
    requires static jdk.incubator.vector;

    exports io.github.nc4j.linalg;
    exports io.github.nc4j.linalg.decomp;
    exports io.github.nc4j.linalg.io;
}
