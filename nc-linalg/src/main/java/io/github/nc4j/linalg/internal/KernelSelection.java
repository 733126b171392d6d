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
 * <p>GEMM takes its kernels from {@link #gemm()}: with the SIMD kernels selected, the scalar
 * ones until the SIMD ones are compiled ({@link WarmingGemmKernels}), which changes only the
 * speed. The system property {@value #WARM_UP_PROPERTY}{@code =false} turns that off: GEMM
 * then runs the selected kernels from its first call.
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
    static GemmKernelSource gemm() {
        return GemmSource.SOURCE;
    }

    /** Holders, so that each choice is made on first use and only then. */
    private static final class Selected {
        static final Kernels KERNELS = select();
    }

    private static final class GemmSource {
        static final GemmKernelSource SOURCE = selectGemm();
    }

    private static GemmKernelSource selectGemm() {
        String requested = requested();
        boolean warmUp = !System.getProperty(WARM_UP_PROPERTY, "true").trim()
                .equalsIgnoreCase("false");
        if (!warmUp || requested.equals("scalar")
                || (requested.equals("auto") && whyVectorUnavailable() != null)) {
            return selected().gemm();
        }
        if (requested.equals("vector")) {
            selected();
        }
        return WarmingGemmKernels.start(new ScalarGemmKernels(), new Supplier<>() {
            @Override
            public Kernels get() { // a class, not a method reference: see Gemm's BlockGrid
                return selected();
            }
        });
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
