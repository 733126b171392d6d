package io.github.nc4j.linalg.decomp;

import io.github.nc4j.linalg.decomp.TridiagonalChecks.Shape;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class TridiagonalDivideConquerProperties {

    @Provide
    Arbitrary<Integer> orders() {
        return Arbitraries.oneOf(Arbitraries.of(0, 1, 2, 3, 5, 26, 51, 101),
                Arbitraries.integers().between(0, 120));
    }

    @Property(tries = 80)
    void everyRatioWithinThreshold(@ForAll("orders") int n, @ForAll Shape shape,
                                   @ForAll @IntRange(min = 1, max = 30) int leaf,
                                   @ForAll long seed) {
        double[][] t = TridiagonalChecks.of(shape, n, new Random(seed));
        TridiagonalChecks.check(t[0], t[1], leaf, shape.toString());
    }

    /** Random secular equations: poles with random gaps, weights over 30 orders of magnitude. */
    @Property(tries = 60)
    void secularRootsMatchTheDenseEigenvalues(@ForAll @IntRange(min = 1, max = 50) int k,
                                              @ForAll long seed) {
        Random random = new Random(seed);
        double[] d = new double[k];
        double[] z = new double[k];
        double position = random.nextGaussian();
        for (int j = 0; j < k; j++) {
            position += Math.pow(10, -6 * random.nextDouble());
            d[j] = position;
            z[j] = random.nextGaussian() * Math.pow(10, -30 * random.nextDouble());
        }
        SecularEquationTest.checkRoots(d, z, Math.pow(10, 3 * random.nextGaussian()), "random");
    }
}
