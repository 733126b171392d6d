package io.github.nc4j.linalg.internal;

import java.lang.reflect.InvocationTargetException;
import java.util.Locale;

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
 */
final class KernelSelection {

    static final String PROPERTY = "nc4j.kernels";
    private static final String VECTOR_MODULE = "jdk.incubator.vector";
    private static final String VECTOR_CLASS = "io.github.nc4j.linalg.internal.VectorKernels";

    static final Kernels SELECTED = select();

    private KernelSelection() {
    }

    private static Kernels select() {
        String requested = System.getProperty(PROPERTY, "auto").trim().toLowerCase(Locale.ROOT);
        switch (requested) {
            case "scalar":
                return Kernels.scalar();
            case "auto":
            case "vector":
                break;
            default:
                throw new IllegalArgumentException("system property " + PROPERTY + "="
                        + requested + ": expected auto, scalar or vector");
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
