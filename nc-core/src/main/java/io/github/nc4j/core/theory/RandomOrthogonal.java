package io.github.nc4j.core.theory;

import io.github.nc4j.linalg.Matrix;
import java.util.Random;

/**
 * Random orthogonal matrices distributed uniformly (Haar measure), to place the frames of this
 * package in a random orientation and to test rotation invariance.
 *
 * <p>The Householder QR factorization of a Gaussian matrix, with the signs fixed so that R has a
 * positive diagonal, gives a Haar-distributed Q (Stewart, "The efficient generation of random
 * orthogonal matrices with an application to condition estimators", SIAM J. Numer. Anal. 1980;
 * Mezzadri, "How to generate random matrices from the classical compact groups", Notices AMS
 * 2007). Because the trailing block of a Gaussian matrix stays Gaussian under the reflections,
 * each reflection can be drawn from a fresh Gaussian vector of shrinking length.
 */
public final class RandomOrthogonal {

    private RandomOrthogonal() {
    }

    /**
     * {@return a Haar-random {@code n x n} orthogonal matrix, {@code Q^T Q = I} up to rounding
     * ({@code O(n eps)}); {@code O(n^3)} work}
     *
     * @param n the order
     * @param random the source of the matrix
     */
    public static Matrix haar(int n, Random random) {
        Matrix q = Matrix.identity(n);
        double[] v = new double[n];
        for (int j = 0; j < n; j++) {
            int len = n - j;
            double norm2 = 0;
            for (int i = 0; i < len; i++) {
                v[i] = random.nextGaussian();
                norm2 += v[i] * v[i];
            }
            double sign = v[0] >= 0 ? 1 : -1;
            if (len == 1) {
                scaleColumn(q, j, sign);
                continue;
            }
            // Reflection mapping v to alpha e_1 with alpha = -sign ||v||, so R_jj = alpha, and
            // the sign fix multiplies column j of Q by sign(alpha) = -sign.
            double alpha = -sign * Math.sqrt(norm2);
            v[0] -= alpha; // same sign as v[0]: no cancellation
            double vv = 0;
            for (int i = 0; i < len; i++) {
                vv += v[i] * v[i];
            }
            reflectColumns(q, j, v, len, vv);
            scaleColumn(q, j, -sign);
        }
        return q;
    }

    /** {@code Q[:, j:] = Q[:, j:] (I - 2 v v^T / vv)}. */
    private static void reflectColumns(Matrix q, int j, double[] v, int len, double vv) {
        int n = q.rows();
        double[] d = q.data();
        for (int r = 0; r < n; r++) {
            int row = r * n + j;
            double dot = 0;
            for (int i = 0; i < len; i++) {
                dot += d[row + i] * v[i];
            }
            double f = 2 * dot / vv;
            for (int i = 0; i < len; i++) {
                d[row + i] -= f * v[i];
            }
        }
    }

    private static void scaleColumn(Matrix q, int j, double s) {
        for (int r = 0; r < q.rows(); r++) {
            q.set(r, j, s * q.get(r, j));
        }
    }
}
