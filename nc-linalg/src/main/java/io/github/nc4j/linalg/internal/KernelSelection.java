package io.github.nc4j.linalg.internal;

import java.lang.reflect.InvocationTargetException;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Chooses the {@link Kernels} implementation once per JVM, the way Lucene's
 * {@code VectorizationProvider} does: the Vector API one when the module
 * {@code jdk.incubator.vector} is in the module graph, HotSpot's C2 compiler is on and the CPU
 * has vectors of at least 128 bits; otherwise the scalar one, with one log line saying why and
 * how to enable SIMD.
 *
 * <p>The system property {@value #PROPERTY} overrides the choice: {@code scalar} forces the
 * scalar kernels, {@code vector} demands the SIMD ones (start-up fails if they are unavailable),
 * {@code auto} (the default) decides as above.
 *
 * <p>GEMM takes its kernels from {@link #gemm()}, single-precision GEMM its product from
 * {@link #floatGemm()}: with the SIMD kernels selected, the scalar kernels (for single
 * precision, {@link UnpackedFloatGemm}) until the SIMD ones are compiled
 * ({@link WarmingGemmKernels}), which changes only the speed. The system property
 * {@value #WARM_UP_PROPERTY}{@code =false} turns that off: GEMM then runs the selected kernels
 * from its first call.
 */
final class KernelSelection {

    static final String PROPERTY = "nc4j.kernels";
    static final String WARM_UP_PROPERTY = "nc4j.warmup";
    private static final String VECTOR_MODULE = "jdk.incubator.vector";
    private static final String VECTOR_CLASS = "io.github.nc4j.linalg.internal.VectorKernels";

    private KernelSelection() {
    }

    /** The kernels selected for this JVM, chosen (and, for SIMD, loaded) on the first call. */
    static Kernels selected() {
        return Selected.KERNELS;
    }

    /**
     * GEMM's kernels, decided on the first call: the selected ones when they are the scalar
     * kernels or {@value #WARM_UP_PROPERTY} is {@code false}; otherwise scalar kernels that
     * switch to the SIMD ones once these are compiled, whose loading and warm-up happen on
     * another thread. {@code vector} loads them on the caller's thread, so that it fails there
     * when they are unavailable.
     */
    static GemmKernelSource<GemmKernels> gemm() {
        return GemmSource.SOURCE;
    }

    /**
     * The single-precision GEMM's product ({@link FloatGemm}), decided on the first call as
     * {@link #gemm()}'s kernels are, with a warm-up of its own: the packed loops on the selected
     * kernels, or {@link UnpackedFloatGemm} until the SIMD kernels are compiled.
     */
    static GemmKernelSource<FloatProduct> floatGemm() {
        return FloatGemmSource.SOURCE;
    }

    /** Holders, so that each choice is made on first use and only then. */
    private static final class Selected {
        static final Kernels KERNELS = select();
    }

    // Classes, not lambdas or method references: see Gemm's BlockGrid.
    private static final class GemmSource {
        static final GemmKernelSource<GemmKernels> SOURCE = selectOrWarmUp("nc4j-kernel-warm-up",
                new ScalarGemmKernels(), new Supplier<>() {
                    @Override
                    public GemmKernels get() {
                        return selected().gemm();
                    }
                }, WarmingGemmKernels.DOUBLE_PRODUCT);
    }

    private static final class FloatGemmSource {
        static final GemmKernelSource<FloatProduct> SOURCE = selectOrWarmUp(
                "nc4j-float-kernel-warm-up", new UnpackedFloatGemm(FloatGemm.KC),
                new Supplier<>() {
                    @Override
                    public FloatProduct get() {
                        return FloatGemm.packed(selected().floatGemm(), FloatGemm.BLOCKING);
                    }
                }, WarmingGemmKernels.FLOAT_PRODUCT);
    }

    /**
     * The kernels {@code selected} gives when they are the scalar ones or
     * {@value #WARM_UP_PROPERTY} is {@code false}; otherwise {@code cold} ones that switch to
     * them once they are compiled, loaded and warmed up (by timing {@code product}) on the
     * thread {@code threadName}. {@code vector} loads the selected set on the caller's thread,
     * so that it fails there when the SIMD kernels are unavailable.
     */
    private static <K extends GemmKernelSource<K>> GemmKernelSource<K> selectOrWarmUp(
            String threadName, K cold, Supplier<K> selected,
            WarmingGemmKernels.Product<K> product) {
        String requested = requested();
        boolean warmUp = !System.getProperty(WARM_UP_PROPERTY, "true").trim()
                .equalsIgnoreCase("false");
        if (!warmUp || requested.equals("scalar")
                || (requested.equals("auto") && whyVectorUnavailable() != null)) {
            return selected.get();
        }
        if (requested.equals("vector")) {
            selected();
        }
        return WarmingGemmKernels.start(threadName, cold, selected, product);
    }

    private static String requested() {
        String requested = System.getProperty(PROPERTY, "auto").trim().toLowerCase(Locale.ROOT);
        switch (requested) {
            case "auto", "scalar", "vector" -> {
                return requested;
            }
            default -> throw new IllegalArgumentException("system property " + PROPERTY + "="
                    + requested + ": expected auto, scalar or vector");
        }
    }

    private static Kernels select() {
        String requested = requested();
        if (requested.equals("scalar")) {
            return Kernels.scalar();
        }
        String unavailable = whyVectorUnavailable();
        if (unavailable == null) {
            try {
                return loadVectorKernels();
            } catch (UnsupportedOperationException e) {
                unavailable = e.getMessage();
            }
        }
        if (requested.equals("vector")) {
            throw new IllegalStateException(PROPERTY + "=vector, but " + unavailable);
        }
        System.getLogger("io.github.nc4j.linalg").log(System.Logger.Level.INFO,
                "nc4j uses scalar kernels: " + unavailable + " (-D" + PROPERTY
                        + "=scalar silences this message)");
        return Kernels.scalar();
    }

    /**
     * Null when the Vector API can be fast here, otherwise the reason it cannot. Only HotSpot's
     * C2 compiles vector operations to SIMD instructions; interpreted, or compiled by C1 alone
     * ({@code -XX:TieredStopAtLevel=1}, which HotSpot reports as "emulated-client"), every vector
     * operation is a boxed array loop, many times slower than the scalar kernels.
     */
    private static String whyVectorUnavailable() {
        if (ModuleLayer.boot().findModule(VECTOR_MODULE).isEmpty()) {
            return "module " + VECTOR_MODULE + " is not in the module graph; for SIMD, run java"
                    + " with --add-modules " + VECTOR_MODULE;
        }
        String vmName = System.getProperty("java.vm.name", "");
        if (!vmName.contains("Server VM")) {
            return "the JVM (" + vmName + ") is not HotSpot's server VM, whose C2 compiler the"
                    + " Vector API needs";
        }
        String vmInfo = System.getProperty("java.vm.info", "");
        if (vmInfo.contains("interpreted mode") || vmInfo.contains("emulated-client")) {
            return "the C2 compiler is off (" + vmInfo + ")";
        }
        return null;
    }

    /** Loaded reflectively so that no Vector API class is touched unless the module is there. */
    private static Kernels loadVectorKernels() {
        try {
            Class<?> type = Class.forName(VECTOR_CLASS);
            int bits = (int) type.getDeclaredMethod("vectorBits").invoke(null);
            if (bits < 128) {
                throw new UnsupportedOperationException("the CPU's vectors are only " + bits
                        + " bits wide");
            }
            return (Kernels) type.getDeclaredMethod("create").invoke(null);
        } catch (ReflectiveOperationException | LinkageError e) {
            Throwable cause = e instanceof InvocationTargetException ite ? ite.getCause() : e;
            throw new UnsupportedOperationException("the Vector API kernels failed to load ("
                    + cause + ")", cause);
        }
    }
}
