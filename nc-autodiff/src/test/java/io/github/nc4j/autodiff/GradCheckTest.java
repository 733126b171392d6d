package io.github.nc4j.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
