package io.github.nc4j.autodiff;

import static io.github.nc4j.linalg.FloatingPoint.EPS;

import io.github.nc4j.linalg.Blas;
import io.github.nc4j.linalg.Matrix;
import java.util.Objects;
import java.util.Random;

/**
 * Checks the gradients of {@link Tape#backward} against central finite differences in double,
 * as HIPS Autograd's {@code check_grads} and JAX's {@code check_grads} do.
 *
 * <p>For a scalar function f of matrices X_1..X_m and a direction V, the central difference
 * {@code (f(X + hV) - f(X - hV)) / (2h)} differs from the directional derivative
 * {@code <grad f, V>} by at most {@code (h^2/6) |f'''| + delta/h}, where delta bounds the rounding
 * error of evaluating f (Nocedal and Wright, <i>Numerical Optimization</i>, 2nd ed., sec. 8.1).
 * The step {@code h = eps^(1/3) max(1, |x|)} balances the two terms, so for a function whose
 * third derivatives and evaluation error are O(1) (in units of |x| and eps |f|) the difference is
 * O(eps^(2/3)), about 4e-11; a wrong backward rule errs by O(1). Functions with kinks (relu)
 * must be checked away from them.
 *
 * <p>Small inputs are checked coordinate by coordinate (every partial derivative); inputs with
 * more than {@value #COORDINATE_LIMIT} elements in total are checked along random unit directions,
 * which test the whole gradient at the cost of two evaluations each.
 *
 * <p>The error of one check is {@code |analytic - numeric| / max(1, |analytic|)}: absolute for
 * derivatives below 1, relative above.
 */
public final class GradCheck {

    /** Up to this many input elements in total, every coordinate is checked. */
    public static final int COORDINATE_LIMIT = 400;

    /** Random directions checked for larger inputs by {@link #check}. */
    public static final int DEFAULT_DIRECTIONS = 12;

    /** eps^(1/3): balances the h^2 truncation error against the eps/h rounding error. */
    private static final double RELATIVE_STEP = Math.cbrt(EPS);

    private GradCheck() {
    }

    /** A scalar function of matrices, built from inputs that are parameters of one tape. */
    @FunctionalInterface
    public interface ScalarFunction {
        /**
         * {@return the 1 x 1 result; {@code inputs} has one Var per matrix given to the check}
         *
         * @param inputs the Vars of the inputs
         */
        Var apply(Var[] inputs);
    }

    /**
     * The outcome: the largest error over all checks and a description of where it occurred.
     *
     * @param maxError largest {@code |analytic - numeric| / max(1, |analytic|)}
     * @param worst    which check gave it, with both values
     * @param checks   number of derivatives compared
     */
    public record Result(double maxError, String worst, int checks) {
        /**
         * {@return true if every check erred by at most {@code tolerance}}
         *
         * @param tolerance the largest error allowed
         */
        public boolean passes(double tolerance) {
            return maxError <= tolerance;
        }
    }

    /**
     * Compares {@code backward} with central differences at {@code inputs}: every coordinate if
     * the inputs hold at most {@value #COORDINATE_LIMIT} elements in total, otherwise
     * {@value #DEFAULT_DIRECTIONS} random directions (seed 0). The inputs are not modified.
     *
     * @param f the function
     * @param inputs the point at which to check
     * @return the largest error, where it occurred, and the number of checks
     */
    public static Result check(ScalarFunction f, Matrix... inputs) {
        long elements = 0;
        for (Matrix x : inputs) {
            elements += x.size();
        }
        return elements <= COORDINATE_LIMIT ? checkCoordinates(f, inputs)
                : checkDirections(f, DEFAULT_DIRECTIONS, 0, inputs);
    }

    /**
     * Compares every partial derivative of f with its central difference.
     *
     * @param f the function
     * @param inputs the point at which to check
     * @return the largest error, where it occurred, and the number of checks
     */
    public static Result checkCoordinates(ScalarFunction f, Matrix... inputs) {
        Evaluation e = new Evaluation(f, inputs);
        Worst worst = new Worst();
        for (int m = 0; m < inputs.length; m++) {
            double[] x = e.vars[m].value.data();
            double[] grad = e.gradients[m].data();
            for (int j = 0; j < x.length; j++) {
                double original = x[j];
                double h = RELATIVE_STEP * Math.max(1, Math.abs(original));
                double up = original + h;
                double down = original - h;
                x[j] = up;
                double fUp = e.value();
                x[j] = down;
                double fDown = e.value();
                x[j] = original;
                worst.record(grad[j], (fUp - fDown) / (up - down),
                        "input " + m + " element (" + j / e.vars[m].cols() + ", "
                                + j % e.vars[m].cols() + ")");
            }
        }
        return worst.result();
    }

    /**
     * Compares the directional derivative {@code <grad f, V>} with its central difference along
     * {@code directions} random unit directions V (Gaussian, normalized over all inputs
     * together), drawn from {@code new Random(seed)}.
     *
     * @param f the function
     * @param directions the number of directions
     * @param seed the seed of the directions
     * @param inputs the point at which to check
     * @return the largest error, where it occurred, and the number of checks
     */
    public static Result checkDirections(ScalarFunction f, int directions, long seed,
                                         Matrix... inputs) {
        if (directions < 1) {
            throw new IllegalArgumentException("need at least one direction, got " + directions);
        }
        Evaluation e = new Evaluation(f, inputs);
        Random random = new Random(seed);
        double scale = 1;
        for (Matrix x : inputs) {
            scale = Math.max(scale, x.maxAbs());
        }
        double h = RELATIVE_STEP * scale;
        Worst worst = new Worst();
        Matrix[] v = new Matrix[inputs.length];
        for (int d = 0; d < directions; d++) {
            double squaredNorm = 0;
            for (int m = 0; m < inputs.length; m++) {
                v[m] = Matrix.gaussian(inputs[m].rows(), inputs[m].cols(), random);
                squaredNorm += Blas.dot(v[m], v[m]);
            }
            double analytic = 0;
            for (int m = 0; m < inputs.length; m++) {
                v[m].scaleInPlace(1 / Math.sqrt(squaredNorm));
                analytic += Blas.dot(e.gradients[m], v[m]);
            }
            double fUp = e.valueAlong(v, h, inputs);
            double fDown = e.valueAlong(v, -h, inputs);
            e.restore(inputs);
            worst.record(analytic, (fUp - fDown) / (2 * h), "direction " + d);
        }
        return worst.result();
    }

    /** f's gradient at the inputs, and f evaluated at perturbed copies of them. */
    private static final class Evaluation {
        final ScalarFunction f;
        final Tape tape = new Tape();
        final Var[] vars;
        final Matrix[] gradients;

        Evaluation(ScalarFunction f, Matrix[] inputs) {
            this.f = Objects.requireNonNull(f, "f");
            vars = new Var[inputs.length];
            for (int m = 0; m < inputs.length; m++) {
                vars[m] = tape.parameter(inputs[m].copy());
            }
            tape.backward(f.apply(vars));
            gradients = new Matrix[inputs.length];
            for (int m = 0; m < inputs.length; m++) {
                gradients[m] = vars[m].grad().copy();
            }
        }

        /** f at the current values of the parameters. */
        double value() {
            tape.reset();
            return tape.noGrad(() -> f.apply(vars).scalar());
        }

        /** f at {@code inputs + step V}. */
        double valueAlong(Matrix[] v, double step, Matrix[] inputs) {
            for (int m = 0; m < inputs.length; m++) {
                double[] x = vars[m].value.data();
                double[] x0 = inputs[m].data();
                double[] dv = v[m].data();
                for (int j = 0; j < x.length; j++) {
                    x[j] = x0[j] + step * dv[j];
                }
            }
            return value();
        }

        void restore(Matrix[] inputs) {
            for (int m = 0; m < inputs.length; m++) {
                System.arraycopy(inputs[m].data(), 0, vars[m].value.data(), 0, inputs[m].size());
            }
        }
    }

    /** The largest error seen so far. */
    private static final class Worst {
        double error = 0;
        String where = "no derivatives checked";
        int checks;

        void record(double analytic, double numeric, String what) {
            checks++;
            double e = Math.abs(analytic - numeric) / Math.max(1, Math.abs(analytic));
            if (!Double.isNaN(error) && !(e <= error)) { // a NaN error is the worst and stays
                error = e;
                where = what + ": backward " + analytic + ", central difference " + numeric;
            }
        }

        Result result() {
            return new Result(error, where, checks);
        }
    }
}
