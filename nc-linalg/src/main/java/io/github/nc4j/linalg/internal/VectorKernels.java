package io.github.nc4j.linalg.internal;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The kernels on the incubating Vector API ({@code jdk.incubator.vector}), with the widest
 * species the CPU prefers (8 doubles with AVX-512, 4 with AVX2), which every {@code Vector*}
 * kernel class uses. Only {@link KernelSelection} loads this class, and only once it has checked
 * that the module is present, so that no Vector API class is loaded on a JVM without it.
 *
 * <p>Conventions of the vector kernels: loops run to {@code SPECIES.loopBound(n)} and finish
 * with a scalar tail instead of masks (masked loads are slow on CPUs without AVX-512), and
 * reductions keep several independent accumulators so that consecutive FMAs do not wait on each
 * other. No method takes or returns a vector: C2 boxes vectors that cross a call it does not
 * inline, and a boxed vector per loop iteration turns the kernel into an allocating one many
 * times slower.
 */
final class VectorKernels {

    static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
    static final int LANES = SPECIES.length();

    private VectorKernels() {
    }

    /** Vector width in bits of the species in use. */
    static int vectorBits() {
        return SPECIES.vectorBitSize();
    }

    /** The vector kernels, with the GEMM micro-tile this CPU's vector registers suit. */
    static Kernels create() {
        return create(new VectorGemmKernels(), new VectorFloatGemmKernels());
    }

    /**
     * The vector kernels with GEMM micro-tiles of {@code microRows} (4 or 12) rows, so that
     * tests can run both tiles on any CPU; the other one is correct everywhere, only slower.
     */
    static Kernels create(int microRows) {
        return create(new VectorGemmKernels(microRows), new VectorFloatGemmKernels(microRows));
    }

    private static Kernels create(VectorGemmKernels gemm, VectorFloatGemmKernels floatGemm) {
        return new Kernels("vector", new VectorLevel1Kernels(), gemm, floatGemm,
                new VectorRotationKernels());
    }
}
