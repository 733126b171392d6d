package io.github.nc4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link WarmUp}'s definitions on synthetic series of call times. */
class WarmUpTest {

    @Test
    void aSeriesSteadyFromTheStartNeedsNoCalls() {
        WarmUp w = WarmUp.of(flat(30, 10));
        assertTrue(w.converged());
        assertEquals(30, w.calls());
        assertEquals(10, w.firstNanos());
        assertEquals(10, w.steadyNanos());
        assertEquals(0, w.callsBeforeSteady());
        assertEquals(0, w.nanosBeforeSteady());
    }

    @Test
    void aSlowFirstCallIsTheOnlyCallBeforeSteadyState() {
        long[] t = flat(30, 10);
        t[0] = 1000;
        WarmUp w = WarmUp.of(t);
        assertEquals(1000, w.firstNanos());
        assertEquals(1, w.callsBeforeSteady());
        assertEquals(1000, w.nanosBeforeSteady());
    }

    /** Calls 1.25 S exactly are within steady state; just above it they are not. */
    @Test
    void theToleranceIsInclusive() {
        long[] t = flat(30, 100);
        t[0] = 126;
        t[1] = 125;
        WarmUp w = WarmUp.of(t);
        assertEquals(1, w.callsBeforeSteady());
        assertEquals(126, w.nanosBeforeSteady());
    }

    /** One or two slow calls after the warm-up, apart or together, do not move the steady call. */
    @Test
    void spikesAfterTheWarmUpAreIgnored() {
        long[] t = flat(45, 10);
        t[0] = 1000;
        t[1] = 300;
        t[8] = 500;
        t[20] = 400;
        t[21] = 400;
        t[40] = 900;
        WarmUp w = WarmUp.of(t);
        assertEquals(10, w.steadyNanos());
        assertEquals(2, w.callsBeforeSteady());
        assertEquals(1300, w.nanosBeforeSteady());
    }

    /** Five slow calls in a row are a slow stretch, not a spike: steady state starts after it. */
    @Test
    void aSlowStretchIsNotASpike() {
        long[] t = flat(45, 10);
        t[0] = 1000;
        Arrays.fill(t, 10, 15, 50);
        WarmUp w = WarmUp.of(t);
        assertEquals(15, w.callsBeforeSteady());
        assertEquals(1000 + 9 * 10 + 5 * 50, w.nanosBeforeSteady());
    }

    /**
     * Slow calls 10, 12 and 14: the window of calls 10 to 14 is slow, none after it is, so call
     * 11 is the first steady one and calls 12 and 14 count as spikes.
     */
    @Test
    void threeSlowCallsInAWindowEndWithTheWindow() {
        long[] t = flat(45, 10);
        t[0] = 1000;
        t[10] = 50;
        t[12] = 50;
        t[14] = 50;
        WarmUp w = WarmUp.of(t);
        assertEquals(11, w.callsBeforeSteady());
        assertEquals(1000 + 9 * 10 + 50, w.nanosBeforeSteady());
    }

    /** The first steady call is itself fast, even where the windows around it already are. */
    @Test
    void theFirstSteadyCallIsWithinSteadyState() {
        long[] t = flat(30, 10);
        t[0] = 1000;
        t[1] = 1000;
        WarmUp w = WarmUp.of(t);
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
        WarmUp w = WarmUp.of(t);
        assertEquals(10, w.steadyNanos());
        assertEquals(19, w.callsBeforeSteady());
        assertEquals(sum, w.nanosBeforeSteady());
    }

    /**
     * Each call 5 % faster than the one before, to the end: never converging, however long the
     * series (S is about the time of call 5N/6, and the calls within 1.25 S start about 4 calls
     * before it, after the first two thirds).
     */
    @ParameterizedTest
    @ValueSource(ints = {30, 90, 300})
    void aSeriesStillSpeedingUpHasNotConverged(int n) {
        long[] t = new long[n];
        for (int i = 0; i < n; i++) {
            t[i] = Math.round(1e9 * Math.pow(0.95, i));
        }
        WarmUp w = WarmUp.of(t);
        assertFalse(w.converged());
        assertEquals(-1, w.callsBeforeSteady());
        assertEquals(-1, w.nanosBeforeSteady());
        assertEquals(1_000_000_000L, w.firstNanos());
    }

    /** Slowing down at the end (the last windows above 1.25 S): not converged either. */
    @Test
    void aSeriesSlowingDownHasNotConverged() {
        long[] t = flat(30, 10);
        Arrays.fill(t, 27, 30, 100);
        assertEquals(10, WarmUp.of(t).steadyNanos());
        assertFalse(WarmUp.of(t).converged());
    }

    /** The warm-up must end before the last third, from which S is taken. */
    @Test
    void steadyStateReachedOnlyInTheLastThirdIsNotConvergence() {
        long[] t = flat(30, 10);
        // calls 20..29 are the last third; steady from call 20 on is too late
        Arrays.fill(t, 0, 20, 1000);
        assertFalse(WarmUp.of(t).converged());
        t[19] = 10;
        assertEquals(19, WarmUp.of(t).callsBeforeSteady());
    }

    @Test
    void theSteadyTimeIsTheMedianOfTheLastThird() {
        long[] t = flat(31, 10);
        // calls 20..30 are the last third (2 * 31 / 3 = 20); call 19 does not count
        t[19] = 1;
        for (int i = 20; i < 31; i++) {
            t[i] = i;
        }
        assertEquals(25, WarmUp.of(t).steadyNanos());
        assertEquals(25, WarmUp.median(new long[] {40, 10, 20, 30}, 0, 4));
    }

    @Test
    void tooFewCallsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> WarmUp.of(flat(WarmUp.MIN_CALLS - 1, 1)));
        assertTrue(WarmUp.of(flat(WarmUp.MIN_CALLS, 1)).converged());
    }

    private static long[] flat(int n, long value) {
        long[] t = new long[n];
        Arrays.fill(t, value);
        return t;
    }
}
