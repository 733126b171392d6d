package io.github.nc4j.examples.tour;

import static io.github.nc4j.linalg.FloatingPoint.EPS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The figure of the internals tour's chapter 3: what it draws, and that it is there. */
class FiniteDifferenceFigureTest {

    private static final Path TOUR = Path.of("..", "docs", "internals");

    @Test
    void theTapeDerivativeIsTheHandDerivedOne() {
        // d/dW00 [(1/N) sum_i -log softmax(z_i)[y_i] + (lambda/2) ||W||^2], z_i = W h_i:
        // (1/N) sum_i (softmax(z_i)[0] - [y_i = 0]) h_i0 + lambda W00.
        double[][] h = {{1.0, 0.5, -0.2}, {0.8, -0.1, 0.3}, {-0.6, 0.9, 0.1}, {-0.4, 0.2, 0.7}};
        double[][] w = {{0.3, -0.2, 0.5}, {-0.1, 0.4, 0.2}};
        int[] labels = {0, 0, 1, 1};
        double sum = 0;
        for (int i = 0; i < h.length; i++) {
            double z0 = 0;
            double z1 = 0;
            for (int j = 0; j < 3; j++) {
                z0 += w[0][j] * h[i][j];
                z1 += w[1][j] * h[i][j];
            }
            double p0 = 1 / (1 + Math.exp(z1 - z0));
            sum += (p0 - (labels[i] == 0 ? 1 : 0)) * h[i][0];
        }
        double expected = sum / h.length + 0.1 * w[0][0];
        assertEquals(expected, FiniteDifferenceFigure.tapeDerivative(), 16 * EPS);
    }

    @Test
    void theErrorFallsAsHSquaredThenRisesWithRounding() {
        double[][] errors = FiniteDifferenceFigure.errors();
        double[] log10h = errors[0];
        double[] error = errors[1];
        assertEquals(-1.0, log10h[0], 1e-12);
        assertEquals(-14.0, log10h[log10h.length - 1], 1e-12);
        int best = 0;
        for (int i = 1; i < error.length; i++) {
            if (error[i] < error[best]) {
                best = i;
            }
        }
        // Truncation ~ h^2: from h = 0.1 to h = 0.01 (8 quarter-decades) the error drops about
        // a hundredfold.
        double drop = error[0] / error[4];
        assertTrue(drop > 50 && drop < 200, "a decade of h changed the error " + drop + "x");
        // The bottom of the V lies within a decade of GradCheck's step eps^(1/3), and the
        // error there is of the order eps^(2/3).
        double bottom = Math.log10(Math.cbrt(EPS));
        assertTrue(Math.abs(log10h[best] - bottom) <= 1.0, "smallest error at h = 10^"
                + log10h[best] + ", eps^(1/3) = 10^" + bottom);
        assertTrue(error[best] < 100 * Math.pow(EPS, 2.0 / 3), "smallest error " + error[best]);
        // Rounding ~ eps / h: at h = 1e-14 the error is far above the bottom.
        assertTrue(error[error.length - 1] > 1e3 * error[best]);
    }

    @Test
    void mainWritesTheFigureAndTheChapterShowsIt(@TempDir Path dir) throws IOException {
        FiniteDifferenceFigure.main(new String[] {dir.toString()});
        assertTrue(Files.size(dir.resolve(FiniteDifferenceFigure.FILE_NAME)) > 0);
        String chapter = Files.readString(TOUR.resolve("03-autodiff.md"));
        String command = "java -cp examples/target/nc4j.jar "
                + FiniteDifferenceFigure.class.getName() + " docs/internals/figures";
        assertTrue(chapter.contains(command), "03-autodiff.md does not give " + command);
        assertTrue(chapter.contains("(figures/" + FiniteDifferenceFigure.FILE_NAME + ")"));
        assertTrue(Files.isRegularFile(TOUR.resolve("figures")
                .resolve(FiniteDifferenceFigure.FILE_NAME)), "the figure is not checked in");
    }
}
