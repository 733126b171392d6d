package io.github.nc4j.linalg.decomp;

import io.github.nc4j.linalg.decomp.TestMatrices.Kind;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class SymmetricEigenProperties {

    @Provide
    Arbitrary<Integer> orders() {
        return Arbitraries.oneOf(Arbitraries.of(0, 1, 2, 3, 7, 31, 32, 33, 63),
                Arbitraries.integers().between(0, 70));
    }

    @Property(tries = 60)
    void everyRatioWithinThreshold(@ForAll("orders") int n, @ForAll Kind kind, @ForAll long seed) {
        EigenChecks.check(TestMatrices.symmetric(kind, n, new Random(seed)), kind + " " + n);
    }
}
