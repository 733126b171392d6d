package io.github.nc4j.linalg.internal;

/**
 * The innermost loops of nc-linalg, one interface per concern, each with two implementations:
 * a plain scalar one, which is the reference the tests compare against and the fallback, and
 * one on the incubating Vector API ({@code VectorKernels}). {@link #get()} returns the set
 * selected at start-up (see {@link KernelSelection}).
 *
 * @param name {@code "scalar"} or {@code "vector"}
 * @param level1 level-1 BLAS and elementwise loops
 * @param gemm GEMM's micro-kernels and block copy
 * @param floatGemm the single-precision GEMM's micro-kernels, conversion and merge
 * @param rotations the plane-rotation updates of the SVD and eigensolver
 */
public record Kernels(String name, Level1Kernels level1, GemmKernels gemm,
                      FloatGemmKernels floatGemm, RotationKernels rotations) {

    /** The implementation chosen for this JVM. */
    public static Kernels get() {
        return KernelSelection.selected();
    }

    /** The scalar reference kernels. */
    public static Kernels scalar() {
        return new Kernels("scalar", new ScalarLevel1Kernels(), new ScalarGemmKernels(),
                new ScalarFloatGemmKernels(), new ScalarRotationKernels());
    }

    @Override
    public String toString() {
        return name + " kernels, " + gemm + " GEMM tile";
    }
}
