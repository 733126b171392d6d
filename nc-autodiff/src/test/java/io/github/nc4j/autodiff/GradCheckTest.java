package io.github.nc4j.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nc4j.linalg.Matrix;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The checker itself must fail on a wrong gradient, in both of its modes. */
class GradCheckTest {

    /**
     * {@code sum(X o C)} with C a constant copy of X has value ||X||_F^2 but, to the tape,
     * gradient C = X instead of 2X: exactly the kind of error a wrong backward rule makes.
     */
    private static Var halfGradient(Var[] x) {
        Var frozen = x[0].tape().constant(x[0].value().copy());
        return x[0].elementTimes(frozen).sum();
    }

    @Test
    void detectsAWrongGradientCoordinateByCoordinate() {
        Matrix x = Matrix.uniform(3, 4, 0.5, 1, new Random(1));
        GradCheck.Result result = GradCheck.checkCoordinates(GradCheckTest::halfGradient, x);
        assertEquals(12, result.checks());
        assertFalse(result.passes(0.1), result.toString());
        assertTrue(GradCheck.checkCoordinates(v -> v[0].squaredNorm(), x)
                .passes(OperationProperties.TOLERANCE));
    }

    @Test
    void detectsAWrongGradientAlongRandomDirections() {
        Matrix x = Matrix.uniform(30, 30, 0.5, 1, new Random(2));
        GradCheck.Result result = GradCheck.check(GradCheckTest::halfGradient, x);
        assertEquals(GradCheck.DEFAULT_DIRECTIONS, result.checks()); // 900 > the coordinate limit
        assertFalse(result.passes(0.1), result.toString());
        assertTrue(GradCheck.check(v -> v[0].squaredNorm(), x)
                .passes(OperationProperties.TOLERANCE));
    }

    /**
     * Zero except at (1, 2): where x = 0 both derivatives of {@link #halfGradient} are exactly
     * 0, so the one wrong derivative (backward 1, central difference 2) is the worst, error 1.
     */
    @Test
    void namesTheWorstElementAndItsError() {
        Matrix x = Matrix.zeros(2, 3);
        x.set(1, 2, 1);
        GradCheck.Result result = GradCheck.checkCoordinates(GradCheckTest::halfGradient, x);
        assertTrue(result.worst().startsWith("input 0 element (1, 2): "), result.worst());
        assertEquals(1, result.maxError(), 1e-9);
        // "passes" means an error of at most the tolerance
        assertTrue(result.passes(result.maxError()));
        assertFalse(result.passes(Math.nextDown(result.maxError())));
    }

    @Test
    void checksEveryCoordinateUpToTheLimit() {
        Random random = new Random(4);
        Matrix atLimit = Matrix.gaussian(20, 20, random);
        assertEquals(GradCheck.COORDINATE_LIMIT, atLimit.size());
        assertEquals(GradCheck.COORDINATE_LIMIT,
                GradCheck.check(v -> v[0].squaredNorm(), atLimit).checks());
        Matrix oneMore = Matrix.gaussian(1, 1, random);
        assertEquals(GradCheck.DEFAULT_DIRECTIONS, GradCheck.check(
                v -> v[0].squaredNorm().plus(v[1].squaredNorm()), atLimit, oneMore).checks());
    }

    @Test
    void checksTheRequestedNumberOfDirections() {
        Matrix x = Matrix.filled(2, 2, 1);
        GradCheck.ScalarFunction f = v -> v[0].squaredNorm();
        assertEquals(1, GradCheck.checkDirections(f, 1, 0, x).checks());
        assertThrows(IllegalArgumentException.class, () -> GradCheck.checkDirections(f, 0, 0, x));
    }

    /**
     * The step grows with |x|. At |x| ~ 1e8 a step of eps^(1/3) = 6e-6 would vanish in
     * {@code x + h} (whose ulp is 1.5e-8), leaving 0/0; with h = 6e-6 |x| the central difference
     * of the quadratic is exact up to the rounding of f, a relative 1e-11 here.
     */
    @Test
    void largeInputsGetAProportionalStep() {
        Matrix x = Matrix.rowVector(1e8, -3e8, 2e8);
        GradCheck.ScalarFunction f = v -> v[0].squaredNorm();
        GradCheck.Result coordinates = GradCheck.checkCoordinates(f, x);
        GradCheck.Result directions = GradCheck.checkDirections(f, 4, 0, x);
        assertTrue(coordinates.passes(OperationProperties.TOLERANCE), coordinates.toString());
        assertTrue(directions.passes(OperationProperties.TOLERANCE), directions.toString());
    }

    @Test
    void leavesItsInputsUnchanged() {
        Matrix x = Matrix.gaussian(5, 5, new Random(3));
        Matrix before = x.copy();
        GradCheck.checkCoordinates(v -> v[0].tanh().sum(), x);
        GradCheck.checkDirections(v -> v[0].tanh().sum(), 3, 7, x);
        assertEquals(before, x);
    }

    @Test
    void aNaNGradientFails() {
        Matrix x = Matrix.filled(1, 2, 1);
        GradCheck.Result result = GradCheck.checkCoordinates(
                v -> v[0].scale(Double.NaN).sum().plus(v[0].sum()), x);
        assertFalse(result.passes(1e300), result.toString());
    }
}
