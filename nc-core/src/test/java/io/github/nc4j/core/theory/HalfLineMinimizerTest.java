package io.github.nc4j.core.theory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * {@link HalfLineMinimizer} on cubics and quadratics whose minimizers are exact doubles, so the
 * end of the bisection (which of the two adjacent doubles) and the comparison with the end point
 * 0 are checked exactly.
 */
class HalfLineMinimizerTest {

    /** phi = (p - 1)^2 / 2: the bisection ends on [1 - ulp, 1] and keeps 1, where phi' = 0. */
    @Test
    void theRootIsTheAdjacentDoubleWithTheSmallerSlope() {
        assertEquals(1.0, HalfLineMinimizer.argmin(p -> (p - 1) * (p - 1) / 2, p -> p - 1, 0, 4),
                0.0);
    }

    /**
     * The root 1 + 2^-52, one ulp above 1: the last bracket is [1, 1 + 2^-52], whose midpoint
     * rounds down onto 1 (ties to even), the other way the bisection can end.
     */
    @Test
    void theBisectionAlsoEndsWhenTheMidpointRoundsOntoTheLowerEnd() {
        double root = Math.nextUp(1.0);
        assertEquals(root, HalfLineMinimizer.argmin(p -> (p - root) * (p - root) / 2,
                p -> p - root, 0, 4), 0.0);
    }

    /**
     * phi = p (p - 3)^2 / 3, phi' = (p - 1)(p - 3): phi' falls until its turn at 2 and rises
     * after, and the local minimum phi(3) = 0 ties with phi(0) = 0, which the contract settles
     * for the positive point.
     */
    @Test
    void aTieWithTheEndPointGoesToThePositivePoint() {
        assertEquals(3.0, HalfLineMinimizer.argmin(p -> p * (p - 3) * (p - 3) / 3,
                p -> (p - 1) * (p - 3), 2, 10), 0.0);
    }

    /**
     * phi = p^3/3 - 2 p^2 + 3.5 p: its local minimum at 2 + sqrt(1/2) is about 1.43, above
     * phi(0) = 0, so the end point wins.
     */
    @Test
    void aLocalMinimumAbovePhiOfZeroLosesToTheEndPoint() {
        assertEquals(0.0, HalfLineMinimizer.argmin(p -> p * p * p / 3 - 2 * p * p + 3.5 * p,
                p -> p * p - 4 * p + 3.5, 2, 10), 0.0);
    }

    /** phi' >= 0 at the turn: phi rises on the whole half-line and 0 is the minimizer. */
    @Test
    void anIncreasingFunctionIsMinimizedAtZero() {
        assertEquals(0.0, HalfLineMinimizer.argmin(p -> p + p * p, p -> 1 + 2 * p, 0, 1), 0.0);
    }
}
