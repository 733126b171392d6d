package io.github.nc4j.bench;

import java.util.Arrays;

/**
 * How a series of back-to-back calls of one operation in a fresh JVM reaches its steady state:
 * the figures {@link ColdStart} prints, computed from the calls' durations alone.
 *
 * <p>For calls {@code t_0, ..., t_{N-1}} (in order, {@code N >= }{@link #MIN_CALLS}), the
 * <b>typical time</b> of a run of calls is the mean of its fastest four fifths (the slowest
 * {@code floor(m/5)} of its {@code m} calls left out, at least one):
 * <ul>
 *   <li>the <b>steady</b> time {@code S} is the typical time of the last third of the calls,
 *       {@code t_{floor(2N/3)}, ..., t_{N-1}};</li>
 *   <li>a <b>window</b> is {@code w} consecutive calls, with {@code w} the calls that take
 *       {@link #WINDOW_NANOS} at the steady time, {@code ceil(WINDOW_NANOS / S)}, but at least
 *       {@link #MIN_WINDOW} and at most {@code floor(N/3)}; a call or a window is <b>within</b>
 *       steady state when it takes (typically) at most {@link #TOLERANCE} {@code S};</li>
 *   <li>the <b>first steady call</b> is the first call {@code s} that is within steady state
 *       and after which every window (each starting at {@code s} or later) is within steady
 *       state, provided {@code s < floor(2N/3)}: it must come before the calls the steady time
 *       is taken from. Otherwise the series has not <b>converged</b> (it was still getting
 *       faster, or slower, at the end).</li>
 * </ul>
 * From the first steady call on, the operation runs at steady speed (within 1.25x) over every
 * stretch of about 0.1 s. The windows and the typical time make this robust to one-off spikes
 * (a garbage collection, a compilation finishing on the other core, the VM's neighbours): the
 * slowest fifth of a window does not count, and a brief slow stretch is averaged over the
 * window; yet a slow phase of a good part of a window, or a series in which two calls in five
 * are twice as slow as the others (nc4j's two-thread GEMM at n = 128), is judged by what it
 * costs on average. {@link #callsBeforeSteady()} is {@code s}, the number of calls made before
 * the first steady one, and {@link #nanosBeforeSteady()} their total time,
 * {@code t_0 + ... + t_{s-1}}: the time a program spends before the operation runs at speed
 * (zero when the first call already does).
 *
 * @param calls the number of calls {@code N}
 * @param firstNanos the first call, {@code t_0}
 * @param steadyNanos the steady time {@code S}
 * @param window the calls in a window, {@code w}
 * @param callsBeforeSteady {@code s}, or -1 when the series has not converged
 * @param nanosBeforeSteady {@code t_0 + ... + t_{s-1}}, or -1 when it has not converged
 */
record WarmUp(int calls, long firstNanos, long steadyNanos, int window, int callsBeforeSteady,
              long nanosBeforeSteady) {

    /** A call or window is within steady state when it takes at most this times {@code S}. */
    static final double TOLERANCE = 1.25;
    /** A window spans this much time at the steady speed: 0.1 s. */
    static final long WINDOW_NANOS = 100_000_000L;
    /** The fewest calls in a window. */
    static final int MIN_WINDOW = 5;
    /** The fewest calls {@link #of} accepts: a last third of at least one window. */
    static final int MIN_CALLS = 3 * MIN_WINDOW;

    /**
     * {@return the warm-up figures of the series of call durations {@code nanos}}
     *
     * @param nanos each call's duration, in call order; at least {@link #MIN_CALLS} of them
     * @throws IllegalArgumentException with fewer calls
     */
    static WarmUp of(long[] nanos) {
        return of(nanos, WINDOW_NANOS);
    }

    /** {@link #of(long[])} with windows of {@code windowNanos} at steady speed instead of 0.1 s. */
    static WarmUp of(long[] nanos, long windowNanos) {
        int n = nanos.length;
        if (n < MIN_CALLS) {
            throw new IllegalArgumentException("need at least " + MIN_CALLS + " calls, got " + n);
        }
        int tail = 2 * n / 3;
        long steady = typical(nanos, tail, n);
        double limit = TOLERANCE * steady;
        int w = (int) Math.min(n / 3,
                Math.max(MIN_WINDOW, Math.ceilDiv(windowNanos, Math.max(1, steady))));
        // The first window from which every later window is within steady state, found by
        // sliding one window back from the end.
        Sliding window = new Sliding(nanos);
        for (int i = n - w; i < n; i++) {
            window.add(i);
        }
        int from = n - w + 1;
        while (from > 0 && window.typical() <= limit) {
            from--;
            if (from > 0) {
                window.remove(from + w - 1);
                window.add(from - 1);
            }
        }
        int first = from;
        while (first < tail && nanos[first] > limit) {
            first++;
        }
        if (from == n - w + 1 || first >= tail) {
            return new WarmUp(n, nanos[0], steady, w, -1, -1);
        }
        long before = 0;
        for (int i = 0; i < first; i++) {
            before += nanos[i];
        }
        return new WarmUp(n, nanos[0], steady, w, first, before);
    }

    /** Whether steady state was reached before the last third (see the class comment). */
    boolean converged() {
        return callsBeforeSteady >= 0;
    }

    /**
     * The calls of one window as it slides, with its typical time in O(log N): a Fenwick tree over
     * the calls' ranks in the whole series (ties broken by position, so each rank is one call)
     * counts the window's calls and sums their times; the fastest four fifths are a prefix of
     * the ranks, found by binary lifting.
     */
    static final class Sliding {
        private final long[] values;
        private final int[] rank;
        private final int[] count;
        private final long[] sum;
        private final int top;
        private int size;

        Sliding(long[] values) {
            this.values = values;
            int n = values.length;
            Integer[] order = new Integer[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (i, j) -> values[i] != values[j]
                    ? Long.compare(values[i], values[j]) : Integer.compare(i, j));
            rank = new int[n];
            for (int r = 0; r < n; r++) {
                rank[order[r]] = r + 1;
            }
            count = new int[n + 1];
            sum = new long[n + 1];
            top = Integer.highestOneBit(n);
        }

        void add(int call) {
            update(call, 1);
        }

        void remove(int call) {
            update(call, -1);
        }

        private void update(int call, int sign) {
            size += sign;
            for (int r = rank[call]; r < count.length; r += r & -r) {
                count[r] += sign;
                sum[r] += sign * values[call];
            }
        }

        /** The typical time of the calls now in the window, as {@link #typical(long[], int, int)}. */
        long typical() {
            int kept = size - Math.max(1, size / 5);
            int r = 0;
            int remaining = kept;
            long total = 0;
            for (int step = top; step > 0; step >>= 1) {
                int next = r + step;
                if (next < count.length && count[next] <= remaining) {
                    r = next;
                    remaining -= count[next];
                    total += sum[next];
                }
            }
            return total / kept;
        }
    }

    /**
     * The typical time of {@code values[from..to)}: the mean of all but the largest
     * {@code max(1, floor(m/5))} of its {@code m >= 2} values, rounded down.
     */
    static long typical(long[] values, int from, int to) {
        long[] sorted = Arrays.copyOfRange(values, from, to);
        Arrays.sort(sorted);
        int kept = sorted.length - Math.max(1, sorted.length / 5);
        long sum = 0;
        for (int i = 0; i < kept; i++) {
            sum += sorted[i];
        }
        return sum / kept;
    }
}
