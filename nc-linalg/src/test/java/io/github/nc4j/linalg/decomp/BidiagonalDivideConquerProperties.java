package io.github.nc4j.linalg.decomp;

import io.github.nc4j.linalg.decomp.BidiagonalDivideConquerTest.Shape;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class BidiagonalDivideConquerProperties {

    @Provide
    Arbitrary<Integer> orders() {
        return Arbitraries.oneOf(Arbitraries.of(0, 1, 2, 3, 5, 25, 26, 51, 101),
                Arbitraries.integers().between(0, 120));
    }

    @Property(tries = 80)
    void everyRatioWithinThreshold(@ForAll("orders") int n, @ForAll Shape shape,
                                   @ForAll @IntRange(min = 1, max = 30) int leaf,
                                   @ForAll long seed) {
        double[][] b = shape.of(n, new Random(seed));
        BidiagonalDivideConquerTest.check(b[0], b[1], leaf, shape.toString());
    }

    /** Random singular-value secular equations: random gaps, weights over 30 decades. */
    @Property(tries = 60)
    void squaredSecularRootsMatchTheDenseSingularValues(
            @ForAll @IntRange(min = 1, max = 50) int k, @ForAll long seed) {
        Random random = new Random(seed);
        double[] d = new double[k];
        double[] z = new double[k];
        double position = 0;
        for (int j = 0; j < k; j++) {
            if (j > 0) {
                position += Math.pow(10, -6 * random.nextDouble());
            }
            d[j] = position;
            z[j] = random.nextGaussian() * Math.pow(10, -30 * random.nextDouble());
        }
        z[0] = random.nextGaussian();
        SecularEquationTest.checkSquaredRoots(d, z, "random");
    }
}
