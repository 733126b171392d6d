package io.github.nc4j.autodiff.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.nc4j.autodiff.optim.LbfgsTest.Quadratic;
import io.github.nc4j.autodiff.optim.LbfgsTest.Rosenbrock;
import io.github.nc4j.linalg.io.Npy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Lbfgs} against SciPy's L-BFGS-B, when python3 with NumPy and SciPy is installed
 * (skipped, saying so, otherwise). A class of its own so that mutation testing can leave it out:
 * it starts Python, which makes it slow to repeat for every mutant.
 */
class LbfgsScipyComparisonTest {

    /**
     * Iterations against SciPy's L-BFGS-B (history 10, the same start) on Rosenbrock's function
     * and two of the quadratics: at most a quarter more, plus two. SciPy tests the gradient's
     * largest entry; it gets our Euclidean tolerance over sqrt(n), which makes its stop at least
     * as strict as ours. The quadratics stop at 1e-5: at cond 1e4 SciPy stalls near 8e-6, when f
     * stops decreasing in floating point (this class reaches 1e-9 in 990 iterations; SciPy stops
     * after 634 with 7.8e-6).
     */
    @Test
    void takesAboutAsManyIterationsAsScipysLbfgsB(@TempDir Path dir) throws Exception {
        Path script = Path.of("..", "nc-bench", "scripts", "lbfgs_scipy.py");
        assumeTrue(Files.exists(script) && scipyAvailable(),
                "python3 with NumPy and SciPy not found: skipping the comparison with L-BFGS-B");
        Rosenbrock valley = new Rosenbrock();
        Lbfgs.Result ours = new Lbfgs(List.of(valley.x)).minimize(valley, 1e-12, 0, 1000);
        assertIterationsComparable(ours, scipy(script, "rosenbrock", scipyTolerance(1e-12, 2)));
        for (double cond : new double[] {1e2, 1e4}) {
            Quadratic problem = new Quadratic(40, cond, 7);
            Npy.write(dir.resolve("a.npy"), problem.a);
            Npy.write(dir.resolve("b.npy"), problem.b);
            Lbfgs.Result r = new Lbfgs(List.of(problem.x)).minimize(problem, 1e-5, 0, 5000);
            assertIterationsComparable(r, scipy(script, "quadratic",
                    dir.resolve("a.npy").toString(), dir.resolve("b.npy").toString(),
                    scipyTolerance(1e-5, 40)));
        }
    }

    private static void assertIterationsComparable(Lbfgs.Result ours, int[] scipy) {
        assertEquals(Lbfgs.Stop.GRADIENT, ours.stop(), ours::describe);
        assertTrue(ours.iterations() <= 1.25 * scipy[0] + 2, "nc4j " + ours.iterations()
                + " iterations, SciPy " + scipy[0]);
    }

    private static String scipyTolerance(double euclidean, int n) {
        return Double.toString(euclidean / Math.sqrt(n));
    }

    /** SciPy's iterations and evaluations, from the script's first two numbers. */
    private static int[] scipy(Path script, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("python3", script.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0, output);
        String[] parts = output.strip().split(" ");
        return new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])};
    }

    private static boolean scipyAvailable() {
        try {
            Process p = new ProcessBuilder("python3", "-c", "import numpy, scipy.optimize")
                    .redirectErrorStream(true).start();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
