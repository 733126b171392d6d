package io.github.nc4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nc4j.core.check.Comparison;
import io.github.nc4j.core.check.Diagnosis;
import io.github.nc4j.core.check.TheoryCheck;
import io.github.nc4j.core.metrics.LayerwiseNc.LayerReport;
import io.github.nc4j.core.metrics.NcReport;
import io.github.nc4j.examples.report.Progress;
import io.github.nc4j.examples.run.Experiment;
import io.github.nc4j.examples.run.Reproduction;
import io.github.nc4j.examples.run.UfmRun;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every figure of README's reproduce table and gallery captions, checked on the run that
 * produces it: each test runs one {@code nc4j reproduce} experiment, asserts that README states
 * the claim word for word, and checks the claim with the bound it states. A change of the code
 * that moves a figure fails here until README says what the code does.
 */
class ReadmeFiguresTest {

    @TempDir
    static Path dir;

    private static String readme;

    @BeforeAll
    static void readReadme() throws IOException {
        readme = Files.readString(Path.of("..", "README.md"));
    }

    private static void claims(String text) {
        assertTrue(readme.contains(text), "README no longer says: " + text);
    }

    private static Reproduction.Result reproduce(Experiment experiment) throws IOException {
        Reproduction.Result result = Reproduction.run(experiment.id(), "", experiment.runs(),
                dir.resolve(experiment.id()), Progress.Mode.QUIET,
                new PrintWriter(Writer.nullWriter()));
        assertTrue(result.allMet(), result::verdict);
        return result;
    }

    private static UfmRun.Outcome outcome(Reproduction.Result result, String run) {
        return result.runs().stream().filter(r -> r.run().name().equals(run)).findFirst()
                .orElseThrow().outcome();
    }

    private static TheoryCheck theory(UfmRun.Outcome outcome) {
        return outcome.theory().orElseThrow();
    }

    private static NcReport last(UfmRun.Outcome outcome) {
        return outcome.result().orElseThrow().finalMetrics().last();
    }

    /** The largest relative error over the comparisons whose quantity passes {@code which}. */
    private static double largestError(UfmRun.Outcome outcome, Predicate<String> which) {
        return theory(outcome).comparisons().stream().filter(c -> which.test(c.quantity()))
                .mapToDouble(Comparison::relativeError).max().orElseThrow();
    }

    private static Comparison comparison(UfmRun.Outcome outcome, String quantity) {
        return theory(outcome).comparisons().stream().filter(c -> c.quantity().equals(quantity))
                .findFirst().orElseThrow();
    }

    private static void assertAbout(double expected, double actual, double halfUnit) {
        assertEquals(expected, actual, halfUnit, "README's figure " + expected);
    }

    @Test
    void zhuEtAl() throws IOException {
        claims("agree: NC1 below 1e-20, NC2 and NC3 of the simplex ETF below 3e-8, objective"
                + " within 1e-10 of its closed form");
        claims("NC1 falls below 1e-20 and the distance to the simplex ETF (means,\nclassifier,"
                + " and their alignment NC3) to 3e-8 in 6000 gradient steps");
        Reproduction.Result result = reproduce(Experiment.ZHU2021_ETF);
        for (Reproduction.RunResult r : result.runs()) {
            NcReport nc = last(r.outcome());
            assertTrue(nc.nc1() < 1e-20, "NC1 " + nc.nc1());
            assertTrue(nc.nc2EtfMeans() < 3e-8 && nc.nc2EtfClassifier().orElseThrow() < 3e-8
                    && nc.nc3().orElseThrow() < 3e-8, nc::toString);
            assertTrue(comparison(r.outcome(), "objective").relativeError() < 1e-10);
        }
    }

    @Test
    void dangEtAlBalanced() throws IOException {
        claims("agree: all 6 runs reach the ETF and its objective (largest error 2e-4)");
        Reproduction.Result result = reproduce(Experiment.DANG2023_DEEP_LINEAR_BALANCED);
        assertEquals(6, result.runs().size());
        for (Reproduction.RunResult r : result.runs()) {
            assertTrue(largestError(r.outcome(), q -> true) < 2e-4, r.run().name());
        }
    }

    @Test
    void dangEtAlImbalanced() throws IOException {
        claims("agree: lengths and singular values within 6e-7 relative, class 3 lost; at d ="
                + " 16 class 2 stays at the local minimum p = 0, as docs/definitions.md §4.2 cautions");
        claims("class-mean lengths 0.1337,\n0.1699, 0.2104, 0 and singular values 1.891, 1.699,"
                + " 1.488, 0 of every layer, as the closed form\npredicts (18 quantities within"
                + " 1e-12 relative)");
        claims("class 2 stays at a length below 1e-12 against an optimum of\n0.2255");
        Reproduction.Result result = reproduce(Experiment.DANG2023_DEEP_LINEAR_IMBALANCED);
        for (String run : List.of("M1", "M2", "M3")) {
            UfmRun.Outcome o = outcome(result, run);
            assertTrue(largestError(o, q -> q.startsWith("||mu_") || q.startsWith("sigma_"))
                    < 6e-7, run);
            assertTrue(comparison(o, "||mu_3||").learned() < 1e-6 * comparison(o, "||mu_2||")
                    .predicted(), run + ": class 3 is lost");
        }
        UfmRun.Outcome m3 = outcome(result, "M3");
        assertEquals(18, theory(m3).comparisons().size());
        assertTrue(largestError(m3, q -> true) < 1e-12);
        double[] lengths = {0.1337, 0.1699, 0.2104, 0};
        double[] singular = {1.891, 1.699, 1.488, 0};
        for (int k = 0; k < 4; k++) {
            assertAbout(lengths[k], comparison(m3, "||mu_" + k + "||").learned(), 5e-5);
            for (int l = 1; l <= 3; l++) {
                assertAbout(singular[k], comparison(m3, "sigma_" + (k + 1) + "(W_" + l + ")")
                        .learned(), 5e-4);
            }
        }
        UfmRun.Outcome stuck = outcome(result, "M2-width16");
        assertEquals(Diagnosis.Kind.LOCAL_MINIMUM_LOST_CLASSES,
                stuck.diagnosis().orElseThrow().kind());
        Comparison class2 = comparison(stuck, "||mu_2||");
        assertTrue(class2.learned() < 1e-12, "class 2 at " + class2.learned());
        assertAbout(0.2255, class2.predicted(), 5e-5);
    }

    @Test
    void dangEtAlReluUfm() throws IOException {
        claims("agree: 11 quantities within 2e-7 relative, objective 0.2607493");
        claims("lengths 0.914, 1.040, 1.177, 1.177 growing as\nn_k shrinks, and margins 4.310,"
                + " 3.947, 3.576, 3.576, all matching Dang et al. 2024 to 2e-7");
        UfmRun.Outcome o = outcome(reproduce(Experiment.DANG2024_RELU_UFM), "relu-ufm");
        assertEquals(11, theory(o).comparisons().size());
        assertTrue(largestError(o, q -> true) < 2e-7);
        assertAbout(0.2607493, theory(o).objective(), 5e-8);
        double[] lengths = {0.914, 1.040, 1.177, 1.177};
        double[] margins = {4.310, 3.947, 3.576, 3.576};
        for (int k = 0; k < 4; k++) {
            assertAbout(lengths[k], comparison(o, "||mu_" + k + "||").learned(), 5e-4);
            assertAbout(margins[k], comparison(o, "m_" + k).learned(), 5e-4);
        }
    }

    @Test
    void fangEtAl() throws IOException {
        claims("agree with the convex program; minority margins 0 at strong imbalance");
        UfmRun.Outcome severe = outcome(reproduce(Experiment.FANG2021_MINORITY_COLLAPSE),
                "severe");
        for (int k : new int[] {2, 3}) {
            Comparison margin = comparison(severe, "margin_" + k);
            assertEquals(0.0, margin.predicted());
            assertTrue(Math.abs(margin.learned()) < 1e-12, "margin " + margin.learned());
        }
    }

    @Test
    void sukenikEtAl2023() throws IOException {
        claims("agree: DNC1 below 1e-20 in every layer, singular values within 0.4%");
        claims("NC1 of every layer falls to round-off (below 1e-30)");
        Reproduction.Result result = reproduce(Experiment.SUKENIK2023_DUFM);
        for (Reproduction.RunResult r : result.runs()) {
            for (LayerReport layer : r.outcome().result().orElseThrow().finalMetrics().layers()) {
                assertTrue(layer.features().nc1() < 1e-20, r.run().name());
            }
            assertTrue(largestError(r.outcome(), q -> q.startsWith("sigma_")) < 4e-3);
        }
        for (LayerReport layer : outcome(result, "L3").result().orElseThrow().finalMetrics()
                .layers()) {
            assertTrue(layer.features().nc1() < 1e-30, "layer " + layer.layer());
        }
    }

    @Test
    void sukenikEtAl2024() throws IOException {
        claims("as predicted: objective 0.4168 beats deep neural collapse (0.4362) by 4.4% with"
                + " last-layer means of rank 7 of 10");
        UfmRun.Outcome o = outcome(reproduce(Experiment.SUKENIK2024_LOW_RANK), "K10-L4");
        assertTrue(theory(o).findings().get(0).matches("objective 0\\.4168\\d* against"
                + " 0\\.4362\\d* for the best deep neural collapse solution \\(-4\\.4\\d*%\\);"
                + " the class means of the last layer have rank 7 of 10"),
                theory(o).findings()::toString);
    }
}
