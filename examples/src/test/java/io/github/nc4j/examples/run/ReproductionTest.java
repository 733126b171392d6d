package io.github.nc4j.examples.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nc4j.examples.report.Progress;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Reproduction}: the plain verdict over its runs, worded for one, two and more runs, and
 * a real (three-step) reproduction: each run timed, logged and listed in the top-level summary.
 */
class ReproductionTest {

    @TempDir
    Path dir;

    private static final Experiment.Run RUN = Experiment.ZHU2021_ETF.run("mse");

    /** A result whose runs are named r1, r2, ... and met or not as given (no outcomes). */
    private static Reproduction.Result result(boolean... met) {
        List<Reproduction.RunResult> runs = new ArrayList<>();
        for (int i = 0; i < met.length; i++) {
            Experiment.Run named = new Experiment.Run("r" + (i + 1), RUN.title(), RUN.model(),
                    RUN.training(), RUN.expectation());
            runs.add(new Reproduction.RunResult(named, null, met[i], 1));
        }
        return new Reproduction.Result(Path.of("out"), runs, met.length);
    }

    @Test
    void theVerdictWhenEveryRunBehavesCountsThem() {
        assertEquals("Training and theory agree: the run behaves as theory predicts.",
                result(true).verdict());
        assertEquals("Training and theory agree: both runs behave as theory predicts.",
                result(true, true).verdict());
        assertEquals("Training and theory agree: all 3 runs behave as theory predicts.",
                result(true, true, true).verdict());
        assertTrue(result(true, true, true).allMet());
    }

    /** The noun follows the number of runs ("of 3 runs"), the verb the number that failed. */
    @Test
    void theVerdictWhenSomeRunsMisbehaveNamesThem() {
        assertEquals("Training and theory disagree: 1 of 1 run does not behave as theory"
                + " predicts (r1).", result(false).verdict());
        assertEquals("Training and theory disagree: 1 of 3 runs does not behave as theory"
                + " predicts (r2).", result(true, false, true).verdict());
        assertEquals("Training and theory disagree: 2 of 3 runs do not behave as theory"
                + " predicts (r1, r3).", result(false, true, false).verdict());
        assertFalse(result(true, false, true).allMet());
    }

    /**
     * Two deep linear runs of {@code dang2023-deep-linear-imbalanced}, three steps each: neither
     * meets its expectation, each is timed within the whole, its report is flushed to the log
     * as the run ends (the log here is buffered and never flushed by the test), and the summary
     * lists what was expected and what was found (class 3 is lost at the optimum).
     */
    @Test
    void aReproductionTimesLogsAndSummarizesEachRun() throws IOException {
        Experiment e = Experiment.DANG2023_DEEP_LINEAR_IMBALANCED;
        List<Experiment.Run> runs = List.of(e.run("M1").withStepsAtMost(3),
                e.run("M2").withStepsAtMost(3));
        StringWriter log = new StringWriter();
        PrintWriter buffered = new PrintWriter(new BufferedWriter(log));
        long start = System.nanoTime();
        Reproduction.Result result = Reproduction.run("Title", "The paper.", runs, dir,
                Progress.Mode.QUIET, buffered);
        double elapsed = (System.nanoTime() - start) * 1e-9;
        double sum = 0;
        for (Reproduction.RunResult r : result.runs()) {
            assertFalse(r.met(), "three steps do not reach the closed form");
            assertTrue(r.seconds() > 0 && r.seconds() <= elapsed, r.seconds() + " s");
            assertTrue(log.toString().contains(r.outcome().report()), log::toString);
            sum += r.seconds();
        }
        assertTrue(result.seconds() >= sum && result.seconds() <= elapsed,
                result.seconds() + " s");
        String summary = Files.readString(dir.resolve("summary.md"));
        assertTrue(summary.contains("**" + result.verdict() + "**"), summary);
        assertTrue(summary.contains("| reaches the closed form (every compared quantity within"
                + " 1%) |"), summary);
        assertTrue(summary.contains("class 3 (n = 20) is lost at the optimum"), summary);
    }
}
