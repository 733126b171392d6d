package io.github.nc4j.linalg.decomp;

import static io.github.nc4j.linalg.FloatingPoint.EPS;

import io.github.nc4j.linalg.Matrix;
import java.util.Random;

/**
 * The matrix classes of LAPACK's decomposition tests (compare its {@code dlatms} modes and the
 * types of {@code dchkbd}, {@code dchkst}): built as {@code U D V^T} with known singular values
 * (or {@code U D U^T} with known eigenvalues) and Haar-distributed orthogonal factors, so that
 * the tests also know what the answer should be.
 */
final class TestMatrices {

    /** The named classes. */
    enum Kind {
        /** All zeros. */
        ZERO,
        /** Ones on the diagonal. */
        IDENTITY,
        /** Singular values (eigenvalues) geometrically spaced from 1 down to eps. */
        SPACED_TO_EPS,
        /** The same, scaled so that the largest is safmin / eps: the smallest underflow-near. */
        UNDERFLOW,
        /** The same, scaled so that the largest is overflow * eps. */
        OVERFLOW,
        /** Rows (and, for symmetric, columns) of a Gaussian matrix graded from 1 to 1e-12. */
        GRADED,
        /** Singular values 1 + 100 i eps, all within 100 p eps of 1 (7e-12 at p = 300). */
        CLUSTERED,
        /** Half the singular values exactly zero. */
        RANK_DEFICIENT,
        /** Independent standard normal entries. */
        RANDOM
    }

    private TestMatrices() {
    }

    /** The values placed on the diagonal of D for a class built as U D V^T. */
    static double[] spectrum(Kind kind, int p) {
        double[] d = new double[p];
        for (int i = 0; i < p; i++) {
            double t = p == 1 ? 0 : (double) i / (p - 1);
            d[i] = switch (kind) {
                case SPACED_TO_EPS -> Math.pow(EPS, t);
                case UNDERFLOW -> Math.pow(EPS, t) * (Double.MIN_NORMAL / EPS);
                case OVERFLOW -> Math.pow(EPS, t) * (Double.MAX_VALUE * EPS);
                case CLUSTERED -> 1 + 100 * i * EPS;
                case RANK_DEFICIENT -> i < (p + 1) / 2 ? Math.pow(1e-3, t) : 0;
                default -> throw new IllegalArgumentException(kind + " has no fixed spectrum");
            };
        }
        return d;
    }

    /** An m x n matrix of the given class. */
    static Matrix general(Kind kind, int m, int n, Random random) {
        int p = Math.min(m, n);
        return switch (kind) {
            case ZERO -> Matrix.zeros(m, n);
            case IDENTITY -> Matrix.generate(m, n, (i, j) -> i == j ? 1 : 0);
            case GRADED -> {
                Matrix g = Matrix.gaussian(m, n, random);
                for (int i = 0; i < m; i++) {
                    double factor = Math.pow(1e-12, m == 1 ? 0 : (double) i / (m - 1));
                    for (int j = 0; j < n; j++) {
                        g.set(i, j, g.get(i, j) * factor);
                    }
                }
                yield g;
            }
            case RANDOM -> Matrix.gaussian(m, n, random);
            default -> withSingularValues(spectrum(kind, p), m, n, random);
        };
    }

    /** {@code U diag(s) V^T} with Haar-distributed U (m x p) and V (n x p), p = s.length. */
    static Matrix withSingularValues(double[] s, int m, int n, Random random) {
        int p = s.length;
        Matrix u = orthonormalColumns(m, p, random);
        Matrix v = orthonormalColumns(n, p, random);
        Matrix us = Matrix.generate(m, p, (i, j) -> u.get(i, j) * s[j]);
        return us.timesTranspose(v);
    }

    /** An n x n symmetric matrix of the given class; spectra get random signs. */
    static Matrix symmetric(Kind kind, int n, Random random) {
        return switch (kind) {
            case ZERO -> Matrix.zeros(n, n);
            case IDENTITY -> Matrix.identity(n);
            case GRADED -> {
                Matrix g = Matrix.gaussian(n, n, random);
                double[] factor = new double[n];
                for (int i = 0; i < n; i++) {
                    factor[i] = Math.pow(1e-6, n == 1 ? 0 : (double) i / (n - 1));
                }
                yield Matrix.generate(n, n, (i, j) -> factor[i] * factor[j]
                        * (i >= j ? g.get(i, j) : g.get(j, i)));
            }
            case RANDOM -> {
                Matrix g = Matrix.gaussian(n, n, random);
                yield Matrix.generate(n, n, (i, j) -> i >= j ? g.get(i, j) : g.get(j, i));
            }
            default -> {
                double[] d = spectrum(kind, n);
                if (kind != Kind.CLUSTERED) {
                    for (int i = 0; i < n; i++) {
                        d[i] = random.nextBoolean() ? d[i] : -d[i];
                    }
                }
                yield withEigenvalues(d, random);
            }
        };
    }

    /** {@code U diag(d) U^T} with a Haar-distributed U, symmetrized exactly. */
    static Matrix withEigenvalues(double[] d, Random random) {
        int n = d.length;
        Matrix u = orthonormalColumns(n, n, random);
        Matrix ud = Matrix.generate(n, n, (i, j) -> u.get(i, j) * d[j]);
        Matrix a = ud.timesTranspose(u);
        return Matrix.generate(n, n, (i, j) -> i >= j ? a.get(i, j) : a.get(j, i));
    }

    /**
     * The first p columns of a Haar-distributed m x m orthogonal matrix: p random Householder
     * reflectors applied to [I; 0] (Stewart, "The efficient generation of random orthogonal
     * matrices", SIAM J. Numer. Anal. 17, 1980). Independent of the library's own QR.
     */
    static Matrix orthonormalColumns(int m, int p, Random random) {
        double[] q = new double[m * p];
        for (int i = 0; i < p; i++) {
            q[i * p + i] = 1;
        }
        double[] v = new double[m];
        for (int j = Math.min(p, m - 1) - 1; j >= 0; j--) {
            double norm2 = 0;
            for (int i = j; i < m; i++) {
                v[i] = random.nextGaussian();
                norm2 += v[i] * v[i];
            }
            double scale = 2 / norm2;
            for (int c = j; c < p; c++) {
                double dot = 0;
                for (int i = j; i < m; i++) {
                    dot += v[i] * q[i * p + c];
                }
                dot *= scale;
                for (int i = j; i < m; i++) {
                    q[i * p + c] -= dot * v[i];
                }
            }
        }
        // Reflectors give determinant +-1 and a sign pattern; random column signs finish Haar.
        for (int c = 0; c < p; c++) {
            if (random.nextBoolean()) {
                for (int i = 0; i < m; i++) {
                    q[i * p + c] = -q[i * p + c];
                }
            }
        }
        return Matrix.wrap(m, p, q);
    }
}
