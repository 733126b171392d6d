package io.github.nc4j.linalg.decomp;

/**
 * A plane (Givens) rotation {@code [c s; -s c]} with {@code [c s; -s c] (f, g)^T = (r, 0)^T},
 * computed as LAPACK's {@code dlartg} does (Anderson, "Algorithm 978: Safe scaling in the Level 1
 * BLAS", ACM TOMS 2017): c >= 0, r has the sign of f, and no intermediate overflows or
 * underflows unless r itself does. Mutable so that the inner loops of the QR algorithms
 * allocate nothing.
 */
final class PlaneRotation {

    private static final double SAFE_MIN = Double.MIN_NORMAL;
    private static final double SAFE_MAX = 1 / SAFE_MIN;
    private static final double ROOT_MIN = Math.sqrt(SAFE_MIN);
    private static final double ROOT_MAX = Math.sqrt(SAFE_MAX / 2);

    double c;
    double s;
    double r;

    /** Sets this rotation to the one that zeroes g against f. */
    void zero(double f, double g) {
        double fa = Math.abs(f);
        double ga = Math.abs(g);
        if (g == 0) {
            c = 1;
            s = 0;
            r = f;
        } else if (f == 0) {
            c = 0;
            s = Math.signum(g);
            r = ga;
        } else if (fa > ROOT_MIN && fa < ROOT_MAX && ga > ROOT_MIN && ga < ROOT_MAX) {
            // These rotations are the serial critical path of the QR sweeps: 1 / d as
            // d / (f^2 + g^2) lets the square root and the one division run at the same time,
            // not one after the other, and c^2 + s^2 = 1 still holds to a few ulps.
            double q = f * f + g * g;
            double d = Math.sqrt(q);
            double inverse = d * (1 / q);
            c = fa * inverse;
            r = Math.copySign(d, f);
            s = g * Math.copySign(inverse, f);
        } else {
            double u = Math.min(SAFE_MAX, Math.max(SAFE_MIN, Math.max(fa, ga)));
            double fs = f / u;
            double gs = g / u;
            double d = Math.sqrt(fs * fs + gs * gs);
            c = Math.abs(fs) / d;
            r = Math.copySign(d, f);
            s = gs / r;
            r *= u;
        }
    }
}
