package io.github.nc4j.linalg.decomp;

import static io.github.nc4j.linalg.FloatingPoint.EPS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * {@link PlaneRotation} against {@code h = Math.hypot(f, g)} (within one ulp of
 * {@code sqrt(f^2 + g^2)}), over magnitudes from 2^-1000 to 2^1000 so that both the direct
 * branch and the scaled one run. The direct branch's {@code 1 / h} is {@code h (1 / q)},
 * {@code q = f^2 + g^2}: at most 6 roundings of u = eps / 2 from the exact value, c and s one
 * more, r at most 2 (the sum's and the square root's); hence the bounds of 4 eps and 2 eps.
 */
class PlaneRotationProperties {

    @Provide
    Arbitrary<Double> operands() {
        Arbitrary<Double> scaled = Arbitraries.doubles().between(0.5, 1.0)
                .flatMap(m -> Arbitraries.integers().between(-1000, 1000)
                        .flatMap(e -> Arbitraries.of(-1.0, 1.0)
                                .map(sign -> sign * Math.scalb(m, e))));
        return Arbitraries.oneOf(scaled, scaled, scaled, Arbitraries.of(0.0, 1.0, -1.0, 3.0));
    }

    @Property(tries = 3000)
    void rotationZeroesGAndMatchesTheHypotenuse(@ForAll("operands") double f,
                                                @ForAll("operands") double g) {
        PlaneRotation rotation = new PlaneRotation();
        rotation.zero(f, g);
        double c = rotation.c;
        double s = rotation.s;
        double r = rotation.r;
        String where = "f = " + f + ", g = " + g + ": c = " + c + ", s = " + s + ", r = " + r;
        if (g == 0) {
            assertEquals(1.0, c, where);
            assertEquals(0.0, s, where);
            assertEquals(f, r, where);
            return;
        }
        double h = Math.hypot(f, g);
        double sign = f == 0 ? 1 : Math.signum(f);
        assertTrue(c >= 0, where);
        assertTrue(Math.abs(Math.abs(r) - h) <= 2 * EPS * h, where);
        assertTrue(f == 0 ? r > 0 : Math.signum(r) == Math.signum(f), where);
        assertTrue(Math.abs(c - Math.abs(f) / h) <= 4 * EPS, where);
        assertTrue(Math.abs(s - sign * (g / h)) <= 4 * EPS, where);
        assertTrue(Math.abs(c * c + s * s - 1) <= 8 * EPS, where);
        // [c s; -s c] (f, g)^T = (r, 0)^T: the second component within rounding of h.
        assertTrue(Math.abs(-s * f + c * g) <= 8 * EPS * h, where);
    }
}
