package io.github.nc4j.linalg.internal;

/**
 * The library-wide thread count that the kernels read, kept below the public
 * {@code Parallelism}, which validates and sets it. It starts at the system property
 * {@value #PROPERTY} when that is set, otherwise at the number of available processors.
 */
public final class ThreadSetting {

    /** System property read once at start-up: the initial thread count. */
    public static final String PROPERTY = "nc4j.threads";

    private static volatile int threads = initialThreads();

    private ThreadSetting() {
    }

    /** The number of threads the level-3 kernels may use. */
    public static int threads() {
        return threads;
    }

    /** Sets the thread count; the caller has checked that {@code count >= 1}. */
    public static void setThreads(int count) {
        threads = count;
    }

    private static int initialThreads() {
        String value = System.getProperty(PROPERTY);
        if (value == null || value.isBlank()) {
            return Runtime.getRuntime().availableProcessors();
        }
        try {
            int count = Integer.parseInt(value.trim());
            if (count >= 1) {
                return count;
            }
        } catch (NumberFormatException ignored) {
            // reported below with the offending value
        }
        throw new IllegalArgumentException("system property " + PROPERTY + "=" + value
                + ": expected a positive integer");
    }
}
