package io.github.nc4j.autodiff;

import static io.github.nc4j.linalg.FloatingPoint.EPS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nc4j.linalg.Matrix;
import io.github.nc4j.linalg.Precision;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Products on a tape set to {@link Precision#FLOAT32}: forward and backward run in float, within
 * the float GEMM's bound of the double tape's values and gradients (which {@link GradCheck}
 * checks against central differences in {@code OperationProperties}). The central differences
 * themselves cannot check a float tape: float rounding over a step of {@code eps^(1/3)} would
 * swamp them, so the double tape stands in as the checked reference.
 */
class Float32TapeTest {

    private static final double U = Precision.FLOAT32.unitRoundoff();

    @Test
    void precisionIsFloat64UnlessSetAndPersistsAcrossReset() {
        Tape tape = new Tape();
        assertEquals(Precision.FLOAT64, tape.precision());
        tape.setPrecision(Precision.FLOAT32);
        tape.reset();
        assertEquals(Precision.FLOAT32, tape.precision());
        assertThrows(NullPointerException.class, () -> tape.setPrecision(null));
    }

    /**
     * f(A, B) = sum(G o op(A) op(B)) for a constant G: the value is one float GEMM and each
     * gradient one more (gA = G op(B)^T, gB = op(A)^T G, transposed as the layout needs), so each
     * float result must lie within {@code (k + 3) u} times its |.||.| product of the double one,
     * k being that product's inner dimension (plus the double roundoff of the double tape).
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"times", "transposeTimes", "timesTranspose"})
    void productAndItsGradientsAreWithinTheFloatBound(String layout) {
        int m = 23;
        int k = 37;
        int n = 29;
        boolean transA = layout.equals("transposeTimes");
        boolean transB = layout.equals("timesTranspose");
        Random random = new Random(layout.hashCode());
        Matrix a = Matrix.gaussian(transA ? k : m, transA ? m : k, random);
        Matrix b = Matrix.gaussian(transB ? n : k, transB ? k : n, random);
        Matrix g = Matrix.gaussian(m, n, random);
        Function<Var[], Var> product = v -> switch (layout) {
            case "transposeTimes" -> v[0].transposeTimes(v[1]);
            case "timesTranspose" -> v[0].timesTranspose(v[1]);
            default -> v[0].times(v[1]);
        };
        Matrix[] single = valueAndGradients(Precision.FLOAT32, product, g, a, b);
        Matrix[] exact = valueAndGradients(Precision.FLOAT64, product, g, a, b);
        Matrix absA = a.map(Math::abs);
        Matrix absB = b.map(Math::abs);
        Matrix absG = g.map(Math::abs);
        Matrix opA = transA ? absA.transpose() : absA;
        Matrix opB = transB ? absB.transpose() : absB;
        // |f32 - f64| <= sum |G| o (k + 3) u |op(A)||op(B)|
        double valueBound = (k + 3) * U * absG.elementTimes(opA.times(opB)).sum();
        assertWithin(exact[0], single[0], Matrix.filled(1, 1, valueBound), n * m);
        // g op(A) = G op(B)^T, inner dimension n; g op(B) = op(A)^T G, inner dimension m
        Matrix gOpA = absG.timesTranspose(opB).scale((n + 3) * U);
        Matrix gOpB = opA.transposeTimes(absG).scale((m + 3) * U);
        assertWithin(exact[1], single[1], transA ? gOpA.transpose() : gOpA, n);
        assertWithin(exact[2], single[2], transB ? gOpB.transpose() : gOpB, m);
        assertNotEquals(exact[1], single[1], "the backward products ran in double");
        assertNotEquals(exact[2], single[2], "the backward products ran in double");
    }

    /**
     * A two-layer ReLU network with a cross-entropy loss, the MLP's step: the float tape's
     * gradients differ from the double tape's by a few units of float roundoff in the LAPACK
     * style of scaled ratio, {@code ||g32 - g64||_F / ((k + 3) u ||g64||_F) <= 10} with k the
     * largest inner dimension, and the loss by less than that relative amount.
     */
    @Test
    void twoLayerNetworkGradientsAreCloseToTheDoubleOnes() {
        Random random = new Random(12);
        int batch = 64;
        int in = 48;
        int hidden = 40;
        int classes = 10;
        Matrix x = Matrix.gaussian(batch, in, random);
        int[] labels = random.ints(batch, 0, classes).toArray();
        Matrix w1 = Matrix.gaussian(hidden, in, random).scale(Math.sqrt(2.0 / in));
        Matrix w2 = Matrix.gaussian(classes, hidden, random).scale(Math.sqrt(1.0 / hidden));
        Function<Var[], Var> loss = v -> v[0].tape().constant(x).timesTranspose(v[1]).relu()
                .timesTranspose(v[2]).crossEntropy(labels);
        Matrix[] single = lossAndGradients(Precision.FLOAT32, loss, w1, w2);
        Matrix[] exact = lossAndGradients(Precision.FLOAT64, loss, w1, w2);
        double unit = (batch + 3) * U;
        for (int i = 0; i < 3; i++) {
            double ratio = exact[i].minus(single[i]).normFrobenius()
                    / (unit * exact[i].normFrobenius());
            assertTrue(ratio <= 10, "result " + i + ": scaled ratio " + ratio);
            assertTrue(ratio > EPS / U, "result " + i + " was computed in double");
        }
    }

    /** {value, gA, gB} of {@code sum(G o product(A, B))} on a tape of the given precision. */
    private static Matrix[] valueAndGradients(Precision precision, Function<Var[], Var> product,
                                              Matrix g, Matrix a, Matrix b) {
        Tape tape = new Tape();
        tape.setPrecision(precision);
        Var[] v = {tape.parameter(a.copy()), tape.parameter(b.copy())};
        Var f = product.apply(v).elementTimes(tape.constant(g)).sum();
        tape.backward(f);
        return new Matrix[] {f.value().copy(), v[0].grad().copy(), v[1].grad().copy()};
    }

    /** {loss, gW1, gW2} on a tape of the given precision; v[0] is a dummy for the tape. */
    private static Matrix[] lossAndGradients(Precision precision, Function<Var[], Var> loss,
                                             Matrix w1, Matrix w2) {
        Tape tape = new Tape();
        tape.setPrecision(precision);
        Var[] v = {tape.constant(Matrix.zeros(1, 1)), tape.parameter(w1.copy()),
            tape.parameter(w2.copy())};
        Var f = loss.apply(v);
        tape.backward(f);
        return new Matrix[] {f.value().copy(), v[1].grad().copy(), v[2].grad().copy()};
    }

    /**
     * |single - exact| <= bound + the double tape's own error, {@code (k + 2) eps} relative to
     * the float bound's scale (at most {@code bound / U}).
     */
    private static void assertWithin(Matrix exact, Matrix single, Matrix bound, int k) {
        for (int e = 0; e < exact.size(); e++) {
            double allowed = bound.data()[e] * (1 + (k + 2) * EPS / U);
            double error = Math.abs(single.data()[e] - exact.data()[e]);
            assertTrue(error <= allowed, "element " + e + ": error " + error + ", bound "
                    + allowed);
        }
    }
}
