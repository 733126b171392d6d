package io.github.nc4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link WarmUp}'s definitions on synthetic series of call times. Most series use windows of
 * the minimum 5 calls ({@link #warmUp}); {@link #aWindowSpansATenthOfASecond} the real ones.
 */
class WarmUpTest {

    @Test
    void aSeriesSteadyFromTheStartNeedsNoCalls() {
        WarmUp w = warmUp(flat(30, 10));
        assertTrue(w.converged());
        assertEquals(30, w.calls());
        assertEquals(10, w.firstNanos());
        assertEquals(10, w.steadyNanos());
        assertEquals(5, w.window());
        assertEquals(0, w.callsBeforeSteady());
        assertEquals(0, w.nanosBeforeSteady());
    }

    @Test
    void aSlowFirstCallIsTheOnlyCallBeforeSteadyState() {
        long[] t = flat(30, 10);
        t[0] = 1000;
        WarmUp w = warmUp(t);
        assertEquals(1000, w.firstNanos());
        assertEquals(1, w.callsBeforeSteady());
        assertEquals(1000, w.nanosBeforeSteady());
    }

    /** Calls of 1.25 S exactly are within steady state; just above it they are not. */
    @Test
    void theToleranceIsInclusive() {
        long[] t = flat(30, 100);
        t[0] = 126;
        t[1] = 125;
        WarmUp w = warmUp(t);
        assertEquals(1, w.callsBeforeSteady());
        assertEquals(126, w.nanosBeforeSteady());
    }

    /** Slow calls after the warm-up, one at a time, do not move the first steady call. */
    @Test
    void spikesAfterTheWarmUpAreIgnored() {
        long[] t = flat(45, 10);
        t[0] = 1000;
        t[1] = 300;
        t[8] = 500;
        t[20] = 400;
        t[40] = 900;
        WarmUp w = warmUp(t);
        assertEquals(10, w.steadyNanos());
        assertEquals(2, w.callsBeforeSteady());
        assertEquals(1300, w.nanosBeforeSteady());
    }

    /**
     * Two slow calls in one window of 5 are two fifths of it, a slow stretch: steady state starts
     * after them.
     */
    @Test
    void twoSlowCallsInOneWindowAreASlowStretch() {
        long[] t = flat(45, 10);
        t[0] = 1000;
        t[10] = 50;
        t[13] = 50;
        WarmUp w = warmUp(t);
        // windows 9 and 10 hold both; from window 11 on each holds one at most, so call 11 is
        // the first steady one and call 13 a lone spike after it
        assertEquals(11, w.callsBeforeSteady());
        assertEquals(1000 + 9 * 10 + 50, w.nanosBeforeSteady());
    }

    @Test
    void aSlowStretchEndsTheWarmUpWhereItEnds() {
        long[] t = flat(45, 10);
        t[0] = 1000;
        Arrays.fill(t, 10, 15, 50);
        WarmUp w = warmUp(t);
        assertEquals(15, w.callsBeforeSteady());
        assertEquals(1000 + 9 * 10 + 5 * 50, w.nanosBeforeSteady());
    }

    /** The first steady call is itself fast, even where the window from it already is. */
    @Test
    void theFirstSteadyCallIsWithinSteadyState() {
        long[] t = flat(30, 10);
        t[0] = 1000;
        t[1] = 1000;
        WarmUp w = warmUp(t);
        assertEquals(2, w.callsBeforeSteady());
        assertEquals(2000, w.nanosBeforeSteady());
    }

    /** 200, 190, ..., 20, then 10 for ever: the first call at most 12.5 is the first 10. */
    @Test
    void aSlowRampEndsAtTheFirstCallWithinTolerance() {
        long[] t = flat(60, 10);
        long sum = 0;
        for (int i = 0; i < 19; i++) {
            t[i] = 200 - 10 * i;
            sum += t[i];
        }
        WarmUp w = warmUp(t);
        assertEquals(10, w.steadyNanos());
        assertEquals(19, w.callsBeforeSteady());
        assertEquals(sum, w.nanosBeforeSteady());
    }

    /**
     * Each call 5 % faster than the one before, to the end: never converging, however long the
     * series (the calls within 1.25 S come after the first two thirds).
     */
    @ParameterizedTest
    @ValueSource(ints = {30, 90, 300})
    void aSeriesStillSpeedingUpHasNotConverged(int n) {
        long[] t = new long[n];
        for (int i = 0; i < n; i++) {
            t[i] = Math.round(1e9 * Math.pow(0.95, i));
        }
        WarmUp w = warmUp(t);
        assertFalse(w.converged());
        assertEquals(-1, w.callsBeforeSteady());
        assertEquals(-1, w.nanosBeforeSteady());
        assertEquals(1_000_000_000L, w.firstNanos());
    }

    /** Slowing down at the end (the last window above 1.25 S): not converged either. */
    @Test
    void aSeriesSlowingDownHasNotConverged() {
        long[] t = flat(30, 10);
        Arrays.fill(t, 28, 30, 100);
        WarmUp w = warmUp(t);
        assertEquals(10, w.steadyNanos());
        assertFalse(w.converged());
    }

    /** The warm-up must end before the last third, from which S is taken. */
    @Test
    void steadyStateReachedOnlyInTheLastThirdIsNotConvergence() {
        long[] t = flat(30, 10);
        // calls 20..29 are the last third; steady from call 20 on is too late
        Arrays.fill(t, 0, 20, 1000);
        assertFalse(warmUp(t).converged());
        t[19] = 10;
        assertEquals(19, warmUp(t).callsBeforeSteady());
    }

    /** The mean of the last third without its slowest fifth. */
    @Test
    void theSteadyTimeIsTheTypicalTimeOfTheLastThird() {
        long[] t = flat(31, 10);
        // calls 20..30 are the last third (2 * 31 / 3 = 20); call 19 does not count
        t[19] = 1;
        for (int i = 20; i < 31; i++) {
            t[i] = i;
        }
        // 11 calls: the slowest 2 (29, 30) left out, the mean of 20..28
        assertEquals(24, warmUp(t).steadyNanos());
        assertEquals(20, WarmUp.typical(new long[] {40, 10, 20, 30}, 0, 4));
        assertEquals(10, WarmUp.typical(new long[] {12, 10}, 0, 2));
    }

    /**
     * Calls of 1 ms: a window is 100 calls (0.1 s). 30 calls at twice the time inside it are
     * absorbed (10 of them count, 80 calls at 1.125x); 60 are not (40 count, 1.5x), and steady
     * state starts after them.
     */
    @Test
    void aWindowSpansATenthOfASecond() {
        long ms = 1_000_000;
        long[] t = flat(900, ms);
        Arrays.fill(t, 0, 50, 10 * ms);
        WarmUp w = WarmUp.of(t);
        assertEquals(100, w.window());
        assertEquals(50, w.callsBeforeSteady());
        assertEquals(500 * ms, w.nanosBeforeSteady());

        Arrays.fill(t, 300, 330, 2 * ms);
        assertEquals(50, WarmUp.of(t).callsBeforeSteady());

        Arrays.fill(t, 400, 460, 2 * ms);
        w = WarmUp.of(t);
        assertEquals(460, w.callsBeforeSteady());
        assertEquals(50 * 10 * ms + 350 * ms + 30 * ms + 60 * 2 * ms, w.nanosBeforeSteady());
    }

    /** A window is at most a third of the calls, so that the last lies in the last third. */
    @Test
    void aWindowIsAtMostAThirdOfTheCalls() {
        assertEquals(10, WarmUp.of(flat(30, 1000)).window());
        assertEquals(5, WarmUp.of(flat(30, 1_000_000_000L)).window());
    }

    /** The sliding window's typical time is the sorted one's, ties and all, as it slides. */
    @Test
    void theSlidingWindowAgreesWithSorting() {
        Random random = new Random(7);
        long[] t = new long[400];
        for (int i = 0; i < t.length; i++) {
            t[i] = 1 + random.nextInt(random.nextBoolean() ? 5 : 1000);
        }
        for (int w : new int[] {2, 5, 7, 64, 133}) {
            WarmUp.Sliding window = new WarmUp.Sliding(t);
            for (int i = t.length - w; i < t.length; i++) {
                window.add(i);
            }
            for (int from = t.length - w; ; from--) {
                assertEquals(WarmUp.typical(t, from, from + w), window.typical(),
                        "window of " + w + " from " + from);
                if (from == 0) {
                    break;
                }
                window.remove(from + w - 1);
                window.add(from - 1);
            }
        }
    }

    @Test
    void tooFewCallsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> warmUp(flat(WarmUp.MIN_CALLS - 1, 1)));
        assertTrue(warmUp(flat(WarmUp.MIN_CALLS, 1)).converged());
    }

    /** With windows of the minimum 5 calls, whatever the call times. */
    private static WarmUp warmUp(long[] t) {
        return WarmUp.of(t, 1);
    }

    private static long[] flat(int n, long value) {
        long[] t = new long[n];
        Arrays.fill(t, value);
        return t;
    }
}
