package io.github.nc4j.linalg.decomp;

import static io.github.nc4j.linalg.FloatingPoint.EPS;

import io.github.nc4j.linalg.Blas;

/**
 * Elementary reflectors {@code H = I - tau v v^T} with {@code v(0) = 1}, in LAPACK's convention
 * ({@code dlarfg}; Golub and Van Loan, <i>Matrix Computations</i>, 4th ed., section 5.1.2).
 */
final class Householder {

    /** Below this |beta| the vector is rescaled before the reflector is formed, as in dlarfg. */
    private static final double SAFE_MIN = Double.MIN_NORMAL / EPS;

    private Householder() {
    }

    /**
     * Turns {@code x = (alpha, x_1, ..., x_{n-1})}, stored contiguously from {@code off}, into a
     * reflector with {@code H x = (beta, 0, ..., 0)} and {@code |beta| = ||x||}: on return
     * {@code x[off]} holds beta and {@code x[off + 1 ..]} the tail of v.
     *
     * @return tau, which is 0 (H = I) when the tail of x is already zero
     */
    static double generate(double[] x, int off, int n) {
        if (n <= 1) {
            return 0;
        }
        double tailNorm = Blas.nrm2(n - 1, x, off + 1);
        if (tailNorm == 0) {
            return 0;
        }
        double alpha = x[off];
        double beta = -Math.copySign(hypot(alpha, tailNorm), alpha);
        int rescalings = 0;
        // A tiny beta would make 1 / (alpha - beta) overflow: scale up (exactly, by powers of
        // two) until it is safe, and scale beta back at the end.
        while (Math.abs(beta) < SAFE_MIN && rescalings < 20) {
            rescalings++;
            scale(x, off + 1, n - 1, 1 / SAFE_MIN);
            beta /= SAFE_MIN;
            alpha /= SAFE_MIN;
        }
        if (rescalings > 0) {
            tailNorm = Blas.nrm2(n - 1, x, off + 1);
            beta = -Math.copySign(hypot(alpha, tailNorm), alpha);
        }
        double tau = (beta - alpha) / beta;
        scale(x, off + 1, n - 1, 1 / (alpha - beta));
        for (int k = 0; k < rescalings; k++) {
            beta *= SAFE_MIN;
        }
        x[off] = beta;
        return tau;
    }

    /**
     * {@code sqrt(a^2 + b^2)}: the plain formula, where the larger of |a| and |b| lies in
     * [2^-500, 2^500], so that neither square overflows and a square that underflows is below
     * 2^-1000 times the sum; {@link Math#hypot} elsewhere, which is exact to 1 ulp at every scale
     * but several times slower, and was a few percent of a small bidiagonalization. The plain
     * formula rounds b^2, the sum (one FMA) and the root: within {@code 1.5 EPS} relatively.
     */
    static double hypot(double a, double b) {
        double big = Math.max(Math.abs(a), Math.abs(b));
        if (big >= 0x1p-500 && big <= 0x1p500) {
            return Math.sqrt(Math.fma(a, a, b * b));
        }
        return Math.hypot(a, b);
    }

    private static void scale(double[] x, int off, int n, double factor) {
        for (int i = off; i < off + n; i++) {
            x[i] *= factor;
        }
    }
}
