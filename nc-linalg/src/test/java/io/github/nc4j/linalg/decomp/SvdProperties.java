package io.github.nc4j.linalg.decomp;

import io.github.nc4j.linalg.Matrix;
import io.github.nc4j.linalg.decomp.TestMatrices.Kind;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class SvdProperties {

    @Provide
    Arbitrary<Integer> dimensions() {
        return Arbitraries.oneOf(Arbitraries.of(0, 1, 2, 3, 5, 7, 31, 32, 33, 64, 97),
                Arbitraries.integers().between(0, 80));
    }

    /** Orders just below, at and above the divide-and-conquer crossover. */
    @Provide
    Arbitrary<Integer> crossoverDimensions() {
        int from = Svd.DIVIDE_AND_CONQUER_FROM;
        return Arbitraries.oneOf(Arbitraries.of(from - 1, from, from + 1, from + 25),
                Arbitraries.integers().between(from - 3, 2 * from + 3));
    }

    @Property(tries = 16)
    void everyRatioWithinThresholdAroundTheCrossover(
            @ForAll("crossoverDimensions") int m, @ForAll("crossoverDimensions") int n,
            @ForAll Kind kind, @ForAll long seed) {
        Matrix a = TestMatrices.general(kind, m, n, new Random(seed));
        SvdChecks.check(a, kind + " " + m + "x" + n);
    }

    @Property(tries = 80)
    void everyRatioWithinThreshold(@ForAll("dimensions") int m, @ForAll("dimensions") int n,
                                   @ForAll Kind kind, @ForAll long seed) {
        Matrix a = TestMatrices.general(kind, m, n, new Random(seed));
        SvdChecks.check(a, kind + " " + m + "x" + n);
    }
}
