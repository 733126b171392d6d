package io.github.nc4j.linalg;

/**
 * The one library-wide thread setting of nc4j. It starts at the system property
 * {@value #PROPERTY} when that is set, otherwise at the number of available processors.
 * Problems too small to repay a thread hand-off stay on the calling thread whatever the
 * setting, and results never depend on it: every kernel sums each output element in the same
 * order for every thread count.
 */
public final class Parallelism {

    /** System property read once at start-up: the initial thread count. */
    public static final String PROPERTY = "nc4j.threads";

    private static volatile int threads = initialThreads();

    private Parallelism() {
    }

    /** The number of threads the level-3 kernels may use. */
    public static int threads() {
        return threads;
    }

    /**
     * Sets the number of threads the level-3 kernels may use from now on.
     *
     * @throws IllegalArgumentException if {@code count < 1}
     */
    public static void setThreads(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("thread count must be at least 1, got " + count);
        }
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
