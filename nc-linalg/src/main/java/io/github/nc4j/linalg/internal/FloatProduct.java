package io.github.nc4j.linalg.internal;

/**
 * One way of computing {@code C = alpha op(A) op(B) + beta C} in single precision on
 * double-precision storage, on at most {@code threads} threads: {@link FloatGemm}'s packed loops
 * on a set of micro-kernels ({@link FloatGemm#packed}), or {@link UnpackedFloatGemm}, which runs
 * while the SIMD micro-kernels warm up. Every element gets the same bits either way.
 *
 * <p>Why a whole product, and not only its kernels, is what switches after the warm-up: when the
 * packed loops also ran the scalar micro-kernels, C2 could compile those loops with the scalar
 * kernels in their type profile, and in about half of the JVMs the single-precision products
 * then stayed markedly slower for good (BENCHMARKS.md, "Cold start"). Kept apart, the packed
 * loops only ever meet the SIMD kernels.
 *
 * <p>A product is its own {@link GemmKernelSource}, so that a JVM without the warm-up uses one
 * directly.
 */
@FunctionalInterface
interface FloatProduct extends GemmKernelSource<FloatProduct> {

    /**
     * The product, the arguments as in {@link Gemm#multiply(int, int, int, double, double[],
     * int, int, boolean, double[], int, int, boolean, double, double[], int, int)}, trusted;
     * {@code m, n, k >= 1} and {@code alpha != 0} ({@link FloatGemm} runs the others in
     * double).
     */
    void multiply(int threads, int m, int n, int k, double alpha,
                  double[] a, int aOff, int lda, boolean transA,
                  double[] b, int bOff, int ldb, boolean transB,
                  double beta, double[] c, int cOff, int ldc);

    /** This product, always. */
    @Override
    default FloatProduct current(boolean transA) {
        return this;
    }
}
