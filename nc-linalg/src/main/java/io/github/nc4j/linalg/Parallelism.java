package io.github.nc4j.linalg;

import io.github.nc4j.linalg.internal.ThreadSetting;

/**
 * The one library-wide thread setting of nc4j. It starts at the system property
 * {@value #PROPERTY} when that is set, otherwise at the number of available processors.
 * Problems too small to repay a thread hand-off stay on the calling thread whatever the
 * setting, and results never depend on it: every kernel sums each output element in the same
 * order for every thread count.
 */
public final class Parallelism {

    /** System property read once at start-up: the initial thread count. */
    public static final String PROPERTY = ThreadSetting.PROPERTY;

    private Parallelism() {
    }

    /** {@return the number of threads the level-3 kernels may use} */
    public static int threads() {
        return ThreadSetting.threads();
    }

    /**
     * Sets the number of threads the level-3 kernels may use from now on.
     *
     * @param count the number of threads, at least 1
     * @throws IllegalArgumentException if {@code count < 1}
     */
    public static void setThreads(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("thread count must be at least 1, got " + count);
        }
        ThreadSetting.setThreads(count);
    }
}
