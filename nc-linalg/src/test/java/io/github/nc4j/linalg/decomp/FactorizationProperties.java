package io.github.nc4j.linalg.decomp;

import io.github.nc4j.linalg.Matrix;
import io.github.nc4j.linalg.decomp.TestMatrices.Kind;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** QR, LU, Cholesky and the pseudo-inverse over random shapes and matrix classes. */
class FactorizationProperties {

    @Provide
    Arbitrary<Integer> dimensions() {
        return Arbitraries.oneOf(Arbitraries.of(0, 1, 2, 3, 31, 32, 33, 65),
                Arbitraries.integers().between(0, 80));
    }

    @Property(tries = 60)
    void qrRatiosWithinThreshold(@ForAll("dimensions") int m, @ForAll("dimensions") int n,
                                 @ForAll Kind kind, @ForAll long seed) {
        Matrix a = TestMatrices.general(kind, m, n, new Random(seed));
        QrChecks.check(a, kind + " " + m + "x" + n);
    }

    @Property(tries = 60)
    void luRatiosWithinThreshold(@ForAll("dimensions") int n, @ForAll Kind kind,
                                 @ForAll long seed) {
        LuChecks.check(TestMatrices.general(kind, n, n, new Random(seed)), kind + " " + n);
    }

    @Property(tries = 40)
    void choleskyOfGramPlusIdentity(@ForAll("dimensions") int n, @ForAll("dimensions") int k,
                                    @ForAll long seed) {
        Matrix g = Matrix.gaussian(k, n, new Random(seed));
        CholeskyChecks.check(g.gram().plus(Matrix.identity(n)), "gram " + k + "x" + n);
    }

    @Property(tries = 40)
    void pseudoInversePenroseConditions(@ForAll("dimensions") int m, @ForAll("dimensions") int n,
                                        @ForAll long seed) {
        Random random = new Random(seed);
        Kind kind = random.nextBoolean() ? Kind.RANDOM : Kind.RANK_DEFICIENT;
        Matrix a = TestMatrices.general(kind, m, n, random);
        LinAlgTest.checkPenrose(a, LinAlg.pinv(a), kind + " " + m + "x" + n);
    }
}
