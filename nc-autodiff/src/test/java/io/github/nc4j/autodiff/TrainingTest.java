package io.github.nc4j.autodiff;

import static io.github.nc4j.linalg.FloatingPoint.EPS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nc4j.autodiff.optim.Adam;
import io.github.nc4j.linalg.Matrix;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Whole models on the tape: a small MLP that must learn, and a deep UFM checked against
 * hand-derived gradients.
 */
class TrainingTest {

    /**
     * XOR of four Gaussian blobs (centers (+-2, +-2), sd 0.3, class = sign(x) sign(y) > 0): no
     * linear classifier separates it, a 2-layer MLP must reach 100% training accuracy.
     */
    @Test
    void twoLayerMlpLearnsXor() {
        Random random = new Random(42);
        int n = 200;
        Matrix x = Matrix.zeros(n, 2);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            double cx = random.nextBoolean() ? 2 : -2;
            double cy = random.nextBoolean() ? 2 : -2;
            x.set(i, 0, cx + 0.3 * random.nextGaussian());
            x.set(i, 1, cy + 0.3 * random.nextGaussian());
            labels[i] = cx * cy > 0 ? 1 : 0;
        }
        Tape tape = new Tape();
        Var input = tape.constant(x);
        Var w1 = tape.parameter(Matrix.gaussian(16, 2, random).scale(Math.sqrt(2.0 / 2)));
        Var b1 = tape.parameter(Matrix.zeros(1, 16));
        Var w2 = tape.parameter(Matrix.gaussian(2, 16, random).scale(Math.sqrt(1.0 / 16)));
        Var b2 = tape.parameter(Matrix.zeros(1, 2));
        Adam adam = new Adam(0.05);
        adam.addAll(tape.parameters());

        double accuracy = 0;
        for (int step = 0; step < 300 && accuracy < 1; step++) {
            tape.reset();
            Var logits = input.timesTranspose(w1).plusRow(b1).relu().timesTranspose(w2).plusRow(b2);
            tape.backward(logits.crossEntropy(labels));
            adam.step();
            tape.reset();
            accuracy = tape.noGrad(() -> Labels.accuracy(input.timesTranspose(w1).plusRow(b1)
                    .relu().timesTranspose(w2).plusRow(b2).value(), labels));
        }
        assertEquals(1.0, accuracy);
    }

    /**
     * The deep UFM of definitions.md §3.5 (H2 = relu(H1 W1^T), H3 = relu(H2 W2^T), Z = H3 W3^T, MSE
     * plus weight decay on every factor), against the loss and gradients derived by hand and
     * computed with plain nc-linalg calls, for a small and a larger size (both GEMM paths).
     *
     * <p>Bound: both are evaluations of the same formulas, each within {@code gamma_K M} of the
     * exact value, where K bounds the number of roundings along any path from the inputs
     * (K = 5d + K + N + 10 covers the three forward products, dZ, the backward products and the
     * decay term) and M is the same computation run on |H1|, |W1|, |W2|, |W3| with
     * |Z - Y| replaced by |Z| + |Y| (Higham, <i>Accuracy and Stability of Numerical
     * Algorithms</i>, 2nd ed., sec. 3.5). So they differ by at most {@code 2 gamma_K M}.
     */
    @Test
    void deepUfmGradientsEqualTheHandDerivedOnes() {
        for (int[] size : new int[][] {{4, 12, 6}, {10, 40, 10}}) {
            int k = size[0];
            int d = size[1];
            int n = size[0] * size[2];
            Random random = new Random(7);
            Matrix h1 = Matrix.gaussian(n, d, random);
            Matrix w1 = Matrix.gaussian(d, d, random).scale(1 / Math.sqrt(d));
            Matrix w2 = Matrix.gaussian(d, d, random).scale(1 / Math.sqrt(d));
            Matrix w3 = Matrix.gaussian(k, d, random).scale(1 / Math.sqrt(d));
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) {
                labels[i] = i % k;
            }
            Matrix y = Labels.oneHot(labels, k);
            double lambdaW = 5e-3;
            double lambdaH = 1e-3;

            Tape tape = new Tape();
            Var vh1 = tape.parameter(h1.copy());
            Var vw1 = tape.parameter(w1.copy());
            Var vw2 = tape.parameter(w2.copy());
            Var vw3 = tape.parameter(w3.copy());
            Var z = vh1.timesTranspose(vw1).relu().timesTranspose(vw2).relu().timesTranspose(vw3);
            Var loss = z.mse(y)
                    .plus(vw1.squaredNorm().scale(lambdaW / 2))
                    .plus(vw2.squaredNorm().scale(lambdaW / 2))
                    .plus(vw3.squaredNorm().scale(lambdaW / 2))
                    .plus(vh1.squaredNorm().scale(lambdaH / 2));
            tape.backward(loss);

            DeepUfm exact = DeepUfm.handDerived(h1, w1, w2, w3, y, lambdaW, lambdaH);
            DeepUfm magnitude = DeepUfm.handDerived(abs(h1), abs(w1), abs(w2), abs(w3),
                    abs(y).scale(-1), lambdaW, lambdaH);
            double gradientBound = 2 * gamma(5 * d + k + n + 10);
            double lossBound = 2 * gamma(Math.max(3 * d + 2 + n * k, Math.max(n * d, d * d)) + 6);
            assertEquals(exact.loss(), loss.scalar(), lossBound * magnitude.loss());
            assertWithin(exact.dW3(), vw3.grad(), magnitude.dW3(), gradientBound, "dW3");
            assertWithin(exact.dW2(), vw2.grad(), magnitude.dW2(), gradientBound, "dW2");
            assertWithin(exact.dW1(), vw1.grad(), magnitude.dW1(), gradientBound, "dW1");
            assertWithin(exact.dH1(), vh1.grad(), magnitude.dH1(), gradientBound, "dH1");
        }
    }

    /** Loss and gradients of the deep UFM, derived by hand. */
    private record DeepUfm(double loss, Matrix dH1, Matrix dW1, Matrix dW2, Matrix dW3) {

        static DeepUfm handDerived(Matrix h1, Matrix w1, Matrix w2, Matrix w3, Matrix y,
                                   double lambdaW, double lambdaH) {
            int n = h1.rows();
            Matrix a1 = h1.timesTranspose(w1);
            Matrix h2 = a1.map(v -> Math.max(v, 0));
            Matrix a2 = h2.timesTranspose(w2);
            Matrix h3 = a2.map(v -> Math.max(v, 0));
            Matrix residual = h3.timesTranspose(w3).minus(y);
            double loss = squares(residual) / (2.0 * n)
                    + lambdaW / 2 * (squares(w1) + squares(w2) + squares(w3))
                    + lambdaH / 2 * squares(h1);
            // dZ = (Z - Y)/N; dW3 = dZ^T H3 + lambda W3; dA2 = (dZ W3) o [A2 > 0];
            // dW2 = dA2^T H2 + lambda W2; dA1 = (dA2 W2) o [A1 > 0];
            // dW1 = dA1^T H1 + lambda W1; dH1 = dA1 W1 + lambda_H H1
            Matrix dz = residual.scale(1.0 / n);
            Matrix dw3 = dz.transposeTimes(h3).plus(w3.scale(lambdaW));
            Matrix da2 = masked(dz.times(w3), a2);
            Matrix dw2 = da2.transposeTimes(h2).plus(w2.scale(lambdaW));
            Matrix da1 = masked(da2.times(w2), a1);
            Matrix dw1 = da1.transposeTimes(h1).plus(w1.scale(lambdaW));
            Matrix dh1 = da1.times(w1).plus(h1.scale(lambdaH));
            return new DeepUfm(loss, dh1, dw1, dw2, dw3);
        }

        private static Matrix masked(Matrix g, Matrix preActivation) {
            return g.zipWith(preActivation, (gv, a) -> a > 0 ? gv : 0);
        }

        private static double squares(Matrix m) {
            double s = 0;
            for (double v : m.data()) {
                s += v * v;
            }
            return s;
        }
    }

    /** gamma_K = K eps / (1 - K eps), the bound of K successive roundings. */
    private static double gamma(int k) {
        return k * EPS / (1 - k * EPS);
    }

    private static Matrix abs(Matrix m) {
        return m.map(Math::abs);
    }

    private static void assertWithin(Matrix expected, Matrix actual, Matrix magnitude,
                                     double bound, String name) {
        for (int i = 0; i < expected.rows(); i++) {
            for (int j = 0; j < expected.cols(); j++) {
                double error = Math.abs(expected.get(i, j) - actual.get(i, j));
                assertTrue(error <= bound * magnitude.get(i, j), name + "(" + i + ", " + j + ") = "
                        + actual.get(i, j) + ", hand-derived " + expected.get(i, j));
            }
        }
    }
}
