package io.github.nc4j.linalg.decomp;

import static io.github.nc4j.linalg.FloatingPoint.EPS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nc4j.linalg.Matrix;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SecularEquationTest {

    /**
     * Every root of {@code D + rho z z^T} against the eigenvalues of that dense matrix by the QR
     * path (Weyl: within {@code k eps (||D|| + rho ||z||^2)}), interlaced with the poles, and
     * each {@code delta_j} equal to {@code d_j - lambda} up to the rounding of that subtraction
     * and of the sign the interlacing gives it, strictly: lambda itself may round onto a pole
     * (a root within an ulp of it), its differences to the poles may not.
     */
    static void checkRoots(double[] d, double[] z, double rho, String label) {
        int k = d.length;
        Matrix dense = Matrix.generate(k, k, (i, j) -> (i == j ? d[i] : 0) + rho * z[i] * z[j]);
        double[] exact = SymmetricEigen.values(dense);
        double norm = 0;
        double zz = 0;
        for (int j = 0; j < k; j++) {
            norm = Math.max(norm, Math.abs(d[j]));
            zz += z[j] * z[j];
        }
        double bound = 4 * k * EPS * (norm + rho * zz);
        double[] delta = new double[k];
        for (int i = 0; i < k; i++) {
            double lambda = SecularEquation.solve(k, d, z, rho, i, delta, 0);
            String where = label + ", root " + i + " of " + k;
            assertTrue(Math.abs(lambda - exact[i]) <= bound,
                    where + ": " + lambda + " against " + exact[i]);
            assertTrue(lambda >= d[i] && (i == k - 1 || lambda <= d[i + 1]),
                    where + ": " + lambda + " not between its poles");
            for (int j = 0; j < k; j++) {
                double difference = d[j] - lambda;
                assertTrue(Math.abs(delta[j] - difference) <= 2 * EPS * Math.abs(d[j])
                        + 2 * EPS * Math.abs(lambda), where + ": delta " + j);
                assertTrue(delta[j] != 0 && Math.signum(delta[j]) == (j <= i ? -1 : 1),
                        where + ": delta " + j + " = " + delta[j] + " has the wrong sign");
            }
        }
    }

    /**
     * Every root of {@link SecularEquation#solveSquared} against the singular values of the dense
     * {@code M = [z^T; 0 diag(d_1 .. d_{k-1})]} ({@code d_0 = 0}) by dqds (Weyl: within
     * {@code 4 k eps (||d|| + ||z||)}), interlaced with the poles, and each {@code delta_j} equal
     * to {@code (d_j - sigma)(d_j + sigma)} up to the rounding of sigma and of that product,
     * with the sign the interlacing gives it.
     */
    static void checkSquaredRoots(double[] d, double[] z, String label) {
        int k = d.length;
        Matrix dense = Matrix.generate(k, k, (i, j) -> i == 0 ? z[j] : i == j ? d[i] : 0);
        double[] exact = Svd.values(dense);
        double norm = 0;
        double zz = 0;
        for (int j = 0; j < k; j++) {
            norm = Math.max(norm, d[j]);
            zz += z[j] * z[j];
        }
        double bound = 4 * k * EPS * (norm + Math.sqrt(zz));
        double[] delta = new double[k];
        for (int i = 0; i < k; i++) {
            double sigma = SecularEquation.solveSquared(k, d, z, i, delta, 0);
            String where = label + ", root " + i + " of " + k;
            assertTrue(Math.abs(sigma - exact[k - 1 - i]) <= bound,
                    where + ": " + sigma + " against " + exact[k - 1 - i]);
            assertTrue(sigma >= d[i] && (i == k - 1 || sigma <= d[i + 1]),
                    where + ": " + sigma + " not between its poles");
            for (int j = 0; j < k; j++) {
                double sum = d[j] + sigma;
                double difference = (d[j] - sigma) * sum;
                assertTrue(Math.abs(delta[j] - difference) <= 4 * EPS * sum * sum,
                        where + ": delta " + j + " = " + delta[j] + " against " + difference);
                assertTrue(delta[j] != 0 && Math.signum(delta[j]) == (j <= i ? -1 : 1),
                        where + ": delta " + j + " = " + delta[j] + " has the wrong sign");
            }
        }
    }

    @Test
    void squaredRandomProblemsOfEveryOrder() {
        Random random = new Random(23);
        for (int k = 1; k <= 40; k++) {
            double[] d = new double[k];
            double[] z = new double[k];
            for (int j = 0; j < k; j++) {
                d[j] = j == 0 ? 0 : d[j - 1] + 0.01 + random.nextDouble();
                z[j] = random.nextGaussian();
            }
            checkSquaredRoots(d, z, "random");
        }
    }

    /**
     * d = (0, 1), z = (w, 1): M = [[w, 1], [0, 1]] has s_0 s_1 = w and s_0^2 + s_1^2 =
     * 2 + w^2, so s_0 is about w / sqrt(2); its delta_0 = -s_0^2 must keep full relative
     * accuracy, as must delta_1 = 1 - s_0^2 of the larger root next to the pole 1.
     */
    @Test
    void squaredRootNextToAPoleKeepsItsRelativeAccuracy() {
        for (double w : new double[] {1e-3, 1e-8, 1e-20, 1e-150}) {
            double[] delta = new double[2];
            SecularEquation.solveSquared(2, new double[] {0, 1}, new double[] {w, 1}, 0, delta,
                    0);
            double largerSquared = (2 + w * w + Math.sqrt(4 + Math.pow(w, 4))) / 2;
            double smallerSquared = w * w / largerSquared;
            assertEquals(-smallerSquared, delta[0], 8 * EPS * smallerSquared, "w = " + w);
        }
    }

    @Test
    void randomProblemsOfEveryOrder() {
        Random random = new Random(21);
        for (int k = 1; k <= 40; k++) {
            double[] d = new double[k];
            double[] z = new double[k];
            double position = 0;
            for (int j = 0; j < k; j++) {
                position += 0.01 + random.nextDouble();
                d[j] = position;
                z[j] = random.nextGaussian();
            }
            checkRoots(d, z, 0.1 + 3 * random.nextDouble(), "random");
        }
    }

    /** Weights over 200 orders of magnitude: roots hug their poles, f is steep there. */
    @Test
    void weightsOfWildlyDifferentSizes() {
        Random random = new Random(22);
        for (int trial = 0; trial < 30; trial++) {
            int k = 2 + random.nextInt(30);
            double[] d = new double[k];
            double[] z = new double[k];
            for (int j = 0; j < k; j++) {
                d[j] = j + random.nextDouble() * 0.5;
                z[j] = Math.pow(10, -100 * random.nextDouble()) * (random.nextBoolean() ? 1 : -1);
            }
            checkRoots(d, z, Math.pow(10, 4 * random.nextDouble() - 2), "graded weights");
        }
    }

    /**
     * d = (0, 1), z = (w, 1), rho = 1: the first root is about w^2 / 2 above the pole 0. Its
     * difference to that pole must keep full relative accuracy, which only the shift of origin
     * gives: lambda_0 lambda_1 = det = w^2 and lambda_1 = (2 + w^2 + sqrt(4 + w^4)) / 2.
     */
    @Test
    void rootNextToAPoleKeepsItsRelativeAccuracy() {
        for (double w : new double[] {1e-3, 1e-8, 1e-20, 1e-150}) {
            double[] delta = new double[2];
            SecularEquation.solve(2, new double[] {0, 1}, new double[] {w, 1}, 1, 0, delta, 0);
            double larger = (2 + w * w + Math.sqrt(4 + Math.pow(w, 4))) / 2;
            double exact = w * w / larger;
            assertEquals(-exact, delta[0], 8 * EPS * exact, "w = " + w);
        }
    }

    /**
     * The rational steps converge fast: on random problems (separated poles, Gaussian weights)
     * every root of either form is found within 12 steps, where 7 (plain) and 9
     * (squared) were the most any root took when this was written; a model with a wrong
     * derivative or weight leaves its steps to bisection, some 50 of them. The capped iteration
     * takes the same steps as the uncapped one, so the roots agree bitwise.
     */
    @Test
    void randomProblemsConvergeWithinAFewRationalSteps() {
        final int cap = 12;
        for (boolean squared : new boolean[] {false, true}) {
            Random random = new Random(squared ? 25 : 24);
            for (int trial = 0; trial < 20; trial++) {
                for (int k = 2; k <= 40; k += 3) {
                    double[] d = new double[k];
                    double[] z = new double[k];
                    for (int j = 0; j < k; j++) {
                        d[j] = (j == 0 ? (squared ? 0 : random.nextDouble()) : d[j - 1])
                                + (j == 0 ? 0 : 0.01 + random.nextDouble());
                        z[j] = random.nextGaussian();
                    }
                    double rho = squared ? 1 : 0.1 + 3 * random.nextDouble();
                    double[] delta = new double[k];
                    for (int i = 0; i < k; i++) {
                        double capped = SecularEquation.solve(k, d, z, rho, i, delta, 0, squared,
                                cap);
                        double full = squared ? SecularEquation.solveSquared(k, d, z, i, delta, 0)
                                : SecularEquation.solve(k, d, z, rho, i, delta, 0);
                        assertEquals(full, capped, 0.0, "root " + i + " of " + k);
                    }
                }
            }
        }
    }

    @Test
    void orderOneIsClosedForm() {
        double[] delta = new double[1];
        assertEquals(2.5 + 2 * 0.25, SecularEquation.solve(1, new double[] {2.5},
                new double[] {0.5}, 2, 0, delta, 0));
        assertEquals(-0.5, delta[0]);
    }
}
