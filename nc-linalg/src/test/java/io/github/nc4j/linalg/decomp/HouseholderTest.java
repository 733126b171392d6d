package io.github.nc4j.linalg.decomp;

import static io.github.nc4j.linalg.FloatingPoint.EPS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link Householder}'s reflectors and its hypot, at every scale a double has. */
class HouseholderTest {

    /**
     * Against the root of the exact sum of squares (BigDecimal, 40 digits): within 1.5 EPS
     * relatively (the plain formula's bound; Math.hypot's 1 ulp is within it), plus half the
     * subnormal spacing where the result is subnormal.
     */
    @Test
    void hypotIsAccurateAtEveryScale() {
        Random random = new Random(11);
        MathContext digits = new MathContext(40);
        for (int ea = -1074; ea <= 1015; ea += 3) {
            for (int shift : new int[] {0, -1, -30, -60, 5}) {
                double a = Math.scalb(random.nextDouble(-2, 2), ea);
                double b = Math.scalb(random.nextDouble(-2, 2), ea + shift);
                BigDecimal exact = new BigDecimal(a).pow(2).add(new BigDecimal(b).pow(2))
                        .sqrt(digits);
                double got = Householder.hypot(a, b);
                double error = new BigDecimal(got).subtract(exact).abs().doubleValue();
                double bound = 1.5 * EPS * exact.doubleValue() + Double.MIN_VALUE / 2;
                assertTrue(error <= bound, "hypot(" + a + ", " + b + ") = " + got
                        + ", exact " + exact);
            }
        }
        assertEquals(Double.POSITIVE_INFINITY, Householder.hypot(Double.MAX_VALUE,
                Double.MAX_VALUE));
        assertEquals(0.0, Householder.hypot(0.0, -0.0));
    }

    /**
     * H x = (beta, 0, ..., 0) with |beta| = ||x||, applied here to the original x in plain
     * arithmetic. Forming v and tau and applying H are backward stable (Higham, Accuracy and
     * Stability, lemmas 19.2 and 19.3), each within a small multiple of n EPS ||x||: the bound
     * is 10 (n + 2) EPS ||x||, plus the spacing of subnormals, in which a beta that small is
     * stored. Scales below 2^-970 take the rescaling path; x close to the first axis (a tail
     * 2^-20 times the first element) is where beta's sign, opposite to x(0)'s, avoids
     * cancellation.
     */
    @Test
    void reflectorMapsXOntoTheFirstAxis() {
        Random random = new Random(12);
        for (int n : new int[] {1, 2, 3, 8, 17, 64}) {
            for (int exponent : new int[] {-1040, -1000, -980, -400, 0, 400, 1000}) {
                for (int tailExponent : new int[] {0, -20}) {
                    checkReflector(n, exponent, tailExponent, random);
                }
            }
        }
    }

    private static void checkReflector(int n, int exponent, int tailExponent, Random random) {
        double[] x = new double[n + 2];
        for (int i = 0; i < n; i++) {
            x[i + 2] = Math.scalb(random.nextGaussian(),
                    i == 0 ? exponent : exponent + tailExponent);
        }
        double[] reflector = x.clone();
        double tau = Householder.generate(reflector, 2, n);
        double beta = reflector[2];
        // Compute in units of 2^exponent, exactly rescaled, so that no product underflows.
        double[] xs = new double[n];
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            xs[i] = Math.scalb(x[i + 2], -exponent);
            v[i] = i == 0 ? 1 : reflector[i + 2];
        }
        double norm = 0;
        double vx = 0;
        for (int i = 0; i < n; i++) {
            norm += xs[i] * xs[i];
            vx += v[i] * xs[i];
        }
        norm = Math.sqrt(norm);
        double bound = 10 * (n + 2) * EPS * norm
                + Math.scalb(Double.MIN_VALUE, -exponent);
        double betaScaled = Math.scalb(beta, -exponent);
        for (int i = 0; i < n; i++) {
            double hx = xs[i] - tau * v[i] * vx;
            double expected = i == 0 ? betaScaled : 0;
            assertTrue(Math.abs(hx - expected) <= bound, "n = " + n + ", 2^" + exponent
                    + ", element " + i + ": " + hx + " vs " + expected);
        }
        if (n > 1) {
            assertTrue(Math.abs(Math.abs(betaScaled) - norm) <= bound,
                    "|beta| = " + Math.abs(betaScaled) + " vs ||x|| = " + norm);
        }
    }
}
