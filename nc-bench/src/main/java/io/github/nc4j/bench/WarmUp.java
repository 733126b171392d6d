package io.github.nc4j.bench;

import java.util.Arrays;

/**
 * How a series of back-to-back calls of one operation in a fresh JVM reaches its steady state:
 * the figures {@link ColdStart} prints, computed from the calls' durations alone.
 *
 * <p>For calls {@code t_0, ..., t_{N-1}} (in order, {@code N >= }{@link #MIN_CALLS}):
 * <ul>
 *   <li>the <b>steady</b> time {@code S} is the median of the last third of the calls,
 *       {@code t_{floor(2N/3)}, ..., t_{N-1}};</li>
 *   <li>a call is <b>within</b> steady state when it takes at most {@link #TOLERANCE}
 *       {@code S}; a <b>window</b> is {@link #WINDOW} consecutive calls, and is within steady
 *       state when its median is;</li>
 *   <li>the <b>first steady call</b> is the first call {@code s} that is within steady state
 *       and after which every window (each starting at {@code s} or later) is within steady
 *       state, provided {@code s < floor(2N/3)}: it must come before the calls the steady time
 *       is taken from. Otherwise the series has not <b>converged</b> (it was still getting
 *       faster, or slower, at the end).</li>
 * </ul>
 * The windows make the definition robust to one-off spikes (a garbage collection, a compilation
 * finishing on the other core): a window is slow only when 3 of its 5 calls are, so an isolated
 * slow call, or two, after the first steady call do not move it. {@link #callsBeforeSteady()}
 * is {@code s}, the number of calls made before the first steady one, and
 * {@link #nanosBeforeSteady()} their total time, {@code t_0 + ... + t_{s-1}}: the time a
 * program spends before the operation runs at speed (zero when the first call already does).
 *
 * @param calls the number of calls {@code N}
 * @param firstNanos the first call, {@code t_0}
 * @param steadyNanos the steady time {@code S}
 * @param callsBeforeSteady {@code s}, or -1 when the series has not converged
 * @param nanosBeforeSteady {@code t_0 + ... + t_{s-1}}, or -1 when it has not converged
 */
record WarmUp(int calls, long firstNanos, long steadyNanos, int callsBeforeSteady,
              long nanosBeforeSteady) {

    /** A call or window is within steady state when it takes at most this times {@code S}. */
    static final double TOLERANCE = 1.25;
    /** The calls in a window; a median of 5 ignores up to 2 slow ones. */
    static final int WINDOW = 5;
    /** The fewest calls {@link #of} accepts: a last third of at least one window. */
    static final int MIN_CALLS = 3 * WINDOW;

    /**
     * {@return the warm-up figures of the series of call durations {@code nanos}}
     *
     * @param nanos each call's duration, in call order; at least {@link #MIN_CALLS} of them
     * @throws IllegalArgumentException with fewer calls
     */
    static WarmUp of(long[] nanos) {
        int n = nanos.length;
        if (n < MIN_CALLS) {
            throw new IllegalArgumentException("need at least " + MIN_CALLS + " calls, got " + n);
        }
        int tail = 2 * n / 3;
        long steady = median(nanos, tail, n);
        double limit = TOLERANCE * steady;
        // The first window from which every later window is within steady state.
        int from = n - WINDOW + 1;
        while (from > 0 && median(nanos, from - 1, from - 1 + WINDOW) <= limit) {
            from--;
        }
        if (from == n - WINDOW + 1) {
            return new WarmUp(n, nanos[0], steady, -1, -1);
        }
        int first = from;
        while (first < tail && nanos[first] > limit) {
            first++;
        }
        if (first >= tail) {
            return new WarmUp(n, nanos[0], steady, -1, -1);
        }
        long before = 0;
        for (int i = 0; i < first; i++) {
            before += nanos[i];
        }
        return new WarmUp(n, nanos[0], steady, first, before);
    }

    /** Whether steady state was reached before the last third (see the class comment). */
    boolean converged() {
        return callsBeforeSteady >= 0;
    }

    /** The median of {@code values[from..to)}; of an even count, the mean of the middle two. */
    static long median(long[] values, int from, int to) {
        long[] sorted = Arrays.copyOfRange(values, from, to);
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
