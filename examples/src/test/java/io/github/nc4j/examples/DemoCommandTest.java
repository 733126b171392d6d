package io.github.nc4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nc4j.examples.TrainCommandTest.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code nc4j demo}: both runs agree with theory, the table and the plots are reported. */
class DemoCommandTest {

    @Test
    void theTourReachesTheEtfAndTheImbalancedClosedForm(@TempDir Path dir) {
        Run r = TrainCommandTest.run("demo", "--quiet", "--out", dir.toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        String out = r.out();
        assertTrue(out.contains("Output folder: " + dir.toAbsolutePath()), out);
        for (String row : new String[] {"NC2_ETF(means)", "||mu_3||", "sigma_1(W_2)",
            "class 3 (n = 20) is lost at the optimum", "plot: " + dir.resolve("M2/theory.png"),
            "Training and theory agree: both runs behave as theory predicts."}) {
            assertTrue(out.contains(row), row + " in\n" + out);
        }
        assertTrue(Files.isRegularFile(dir.resolve("summary.md")));
    }
}
