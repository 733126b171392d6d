package io.github.nc4j.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nc4j.linalg.Matrix;
import io.github.nc4j.linalg.io.Npy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code nc4j train} end to end on tiny models: the run folder, its JSON, its .npy, bad input. */
class TrainCommandTest {

    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {
    }

    /** Runs the command line as the jar does ({@link Nc4jCommand#commandLine()}). */
    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        var cli = Nc4jCommand.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private static String[] tinyDeepLinear(Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("train", "--model", "deep-linear",
                "--samples", "10,8,6", "--dim", "6", "--depth", "2", "--lambda-w", "1e-2",
                "--lambda-h", "1e-2", "--optimizer", "gd", "--lr", "0.3", "--steps", "300",
                "--quiet",
                "--out", out.toString()));
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    /**
     * Issue 17's example, K = 5, n = (240, 120, 60, 30, 15), d = 20, M = 2, written to
     * {@code out}: gradient descent leaves classes 3 and 4 at the local minimum p = 0, the
     * global optimum (objective 0.1442957) keeps every class.
     */
    private Run fiveClasses(String out, String... extra) {
        List<String> args = new ArrayList<>(List.of("train", "--model", "deep-linear", "--loss",
                "mse", "--classes", "5", "--samples", "240,120,60,30,15", "--dim", "20",
                "--depth", "2", "--lambda-w", "4e-3,6e-3", "--lambda-h", "5e-3", "--seed", "7",
                "--quiet", "--out", dir.resolve(out).toString()));
        args.addAll(List.of(extra));
        return run(args.toArray(String[]::new));
    }

    @Test
    void lbfgsReachesTheOptimumThatGradientDescentMisses() throws IOException {
        Run r = fiveClasses("lbfgs", "--optimizer", "lbfgs", "--steps", "300");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("objective 0.1442957") && r.out().contains(
                "Training agrees with theory: all 17 quantities within 0.0001%"), r.out());
        assertTrue(Files.readString(dir.resolve("lbfgs").resolve("metrics.json"))
                .contains("\"optimizer\": \"lbfgs\""));
    }

    /**
     * Issue 17: without an optimizer flag, full-batch training of a model with a closed form
     * reaches it and stops on convergence; so does relu-ufm, by L-BFGS projected on H >= 0.
     * With mini-batches the default is gradient descent.
     */
    @Test
    void theDefaultOptimizerConvergesToTheClosedForm() throws IOException {
        Run r = fiveClasses("default");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("Training agrees with theory: all 17 quantities"), r.out());
        String json = Files.readString(dir.resolve("default").resolve("metrics.json"));
        assertTrue(json.contains("\"optimizer\": \"lbfgs\"") && json.contains(
                "\"converged\": true"), json);
        assertTrue(Pattern.compile("\"stop_reason\": \"(gradient_norm|no_descent)\"")
                .matcher(json).find(), json);
        Path relu = dir.resolve("relu");
        Run reluRun = run("train", "--model", "relu-ufm", "--loss", "ce", "--samples",
                "400,200,100,25,10", "--lambda-w", "2e-2", "--lambda-h", "2e-3", "--quiet",
                "--out", relu.toString());
        assertEquals(0, reluRun.exit(), reluRun.err());
        String reluJson = Files.readString(relu.resolve("metrics.json"));
        assertTrue(reluJson.contains("\"optimizer\": \"lbfgs\"")
                && reluJson.contains("\"converged\": true")
                && reluJson.contains("\"verdict\": \"agrees\""), reluJson);
        Path batches = dir.resolve("batches");
        assertEquals(0, run("train", "--model", "ufm", "--loss", "ce", "--samples", "5,4",
                "--batch-size", "3", "--steps", "5", "--quiet", "--out", batches.toString())
                .exit());
        assertTrue(Files.readString(batches.resolve("metrics.json"))
                .contains("\"optimizer\": \"gd\""));
    }

    /**
     * Issue 17: by default the command re-seeds the classes gradient descent leaves at the local
     * minimum p = 0 and trains again, reaching the global optimum, and says so. At the default
     * verdict tolerance, 1e-6, a run cut short at 300 steps disagrees and is called not
     * converged.
     */
    @Test
    void gradientDescentEscapesTheLocalMinimumAndSaysSo() throws IOException {
        Run r = fiveClasses("escape", "--optimizer", "gd", "--verdict-tolerance", "1e-2");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("stopped at the local minimum p = 0 of classes 3, 4")
                && r.out().contains("Training agrees with theory: all 17 quantities within 1%"),
                r.out());
        Run strict = fiveClasses("strict", "--optimizer", "gd", "--steps", "300");
        assertTrue(strict.out().contains("Training does not match theory") && strict.out()
                .contains("Training has not converged"), strict.out());
        Path out = dir.resolve("escape");
        String json = Files.readString(out.resolve("metrics.json"));
        assertTrue(json.contains("\"reseeded_classes\": [") && json.contains("\"steps\": 10001"),
                json);
        assertTrue(Files.readString(out.resolve("summary.md")).contains("re-seeded"));
        Run without = fiveClasses("stuck", "--optimizer", "gd", "--no-escape",
                "--verdict-tolerance", "1e-2");
        assertTrue(without.out().contains("Training converged to the local minimum p = 0 of"
                + " class 3"), without.out());
    }

    /**
     * The escape's other two cases, which L-BFGS reaches from the default initialization: a
     * mixture of balanced classes at p = 0 (seven means spanning six dimensions), re-seeded; and
     * classes the optimum loses kept at a positive local minimum, set to 0. Each run reaches the
     * closed form and says what the escape did.
     */
    @Test
    void theEscapeReseedsALostMixtureAndDropsAKeptMinorityAndSaysSo() throws IOException {
        Path mixture = dir.resolve("mixture");
        Run r = run("train", "--model", "deep-linear", "--classes", "7", "--samples", "30",
                "--dim", "10", "--lambda-w", "5e-3,1e-2,2e-2", "--lambda-h", "1e-2", "--seed", "4",
                "--quiet", "--out", mixture.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("stopped at the local minimum p = 0 of 1 direction in class"
                + " space mixing classes of equal size") && r.out().contains("it was re-seeded")
                && r.out().contains("Training agrees with theory"), r.out());
        String json = Files.readString(mixture.resolve("metrics.json"));
        assertTrue(json.contains("\"reseeded_classes\": []")
                && json.contains("\"reseeded_directions\": 1"), json);

        Path minority = dir.resolve("minority");
        r = run("train", "--model", "deep-linear", "--samples", "40,40,40,10,10,10,10,10,10",
                "--dim", "15", "--lambda-w", "2e-2,1e-2,1e-2", "--lambda-h", "8e-3", "--seed", "36",
                "--quiet", "--out", minority.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("stopped at a local minimum that keeps classes 3, 4, 5, 6, 7,"
                + " 8, which the optimum loses") && r.out().contains("set to 0")
                && r.out().contains("Training agrees with theory"), r.out());
        json = Files.readString(minority.resolve("metrics.json"));
        assertTrue(json.contains("\"dropped_classes\": [3, 4, 5, 6, 7, 8]"), json);
        assertTrue(Files.readString(minority.resolve("summary.md")).contains("which the optimum"
                + " loses"));
    }

    /**
     * Issue 17: L-BFGS clips classes 2 and 3 of this ReLU UFM to zero features, a local minimum
     * 3.8% above the optimum; the command gives each a coordinate of its own, trains again,
     * reaches the closed form and says what it did.
     */
    @Test
    void aReluClassClippedToZeroIsReseededAndSaysSo() throws IOException {
        Path out = dir.resolve("relu-dead");
        Run r = run("train", "--model", "relu-ufm", "--loss", "ce", "--samples",
                "500,250,120,60,30,15,8,4,2,2", "--dim", "20", "--lambda-w", "2e-2",
                "--lambda-h", "2e-3", "--seed", "2", "--quiet", "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("Training first stopped at a local minimum with every feature"
                + " of classes 2, 3 clipped to 0 (H >= 0), which the optimum keeps; each was"
                + " given a feature coordinate of its own") && r.out().contains(
                "Training agrees with theory: all 23 quantities within 0.0001%"), r.out());
        assertTrue(Files.readString(out.resolve("metrics.json"))
                .contains("\"reseeded_classes\": [2, 3]"));
        Run stuck = run("train", "--model", "relu-ufm", "--loss", "ce", "--samples",
                "500,250,120,60,30,15,8,4,2,2", "--dim", "20", "--lambda-w", "2e-2",
                "--lambda-h", "2e-3", "--seed", "2", "--no-escape", "--quiet", "--out",
                dir.resolve("relu-stuck").toString());
        assertTrue(stuck.out().contains("Training does not match theory"), stuck.out());
    }

    /** Issue 16: a model without a closed form wrote {@code "agrees": true}. */
    @Test
    void aModelWithoutAClosedFormSaysNoPredictionNotAgreement() throws IOException {
        Path out = dir.resolve("dufm");
        Run r = run("train", "--model", "dufm", "--loss", "mse", "--classes", "3", "--samples",
                "20", "--dim", "12", "--depth", "3", "--steps", "1", "--quiet", "--out",
                out.toString());
        assertEquals(0, r.exit(), r.err());
        String json = Files.readString(out.resolve("metrics.json"));
        assertTrue(json.contains("\"verdict\": \"no-prediction\"") && json.contains(
                "\"agrees\": false") && !json.contains("\"agrees\": true"), json);
        assertTrue(r.out().contains("No quantity has a closed-form prediction")
                && r.out().contains("Training has not converged"), r.out());
    }

    /**
     * Issue 16: three steps were diagnosed, class by class, as the local minimum p = 0 although
     * every class was longer than its optimum.
     */
    @Test
    void anUnconvergedRunIsCalledUnconvergedNotALocalMinimum() throws IOException {
        Path out = dir.resolve("short");
        Run r = run("train", "--model", "deep-linear", "--loss", "mse", "--samples",
                "200,100,50,20", "--dim", "16", "--depth", "2", "--lambda-w", "5e-3",
                "--lambda-h", "5e-3", "--steps", "3", "--quiet", "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("Training has not converged") && r.out().contains(
                "above the optimum 0.1216231") && !r.out().contains("local minimum"), r.out());
        String json = Files.readString(out.resolve("metrics.json"));
        assertTrue(json.contains("\"verdict\": \"disagrees\"")
                && json.contains("\"diagnosis\": \"not-converged\""), json);
        assertTrue(Files.readString(out.resolve("summary.md")).contains(
                "Training has not converged"));
    }

    @Test
    void writesTheRunFolderWithMetricsParametersPlotsAndSummary() throws IOException {
        Path out = dir.resolve("run");
        Run r = run(tinyDeepLinear(out));
        assertEquals(0, r.exit(), r.err());
        for (String file : List.of("metrics.json", "trajectory.csv", "summary.md", "H.npy",
                "labels.npy", "W1.npy", "W2.npy", "nc_metrics.png", "nc_metrics.svg",
                "nc1_per_layer.png", "theory.png")) {
            assertTrue(Files.isRegularFile(out.resolve(file)), file);
        }
        assertFalse(Files.exists(out.resolve("b.npy")), "no bias, no b.npy");
        assertFalse(Files.exists(out.resolve("W3.npy")));

        String json = Files.readString(out.resolve("metrics.json"));
        for (String key : List.of("\"configuration\"", "\"training\"", "\"final\"",
                "\"layers\"", "\"theory\"", "\"steps\": 300", "\"stop_reason\": \"max_steps\"",
                "\"steps_per_second\"", "\"nc1\"", "\"nc2_etf_means\"", "\"nc3\"", "\"nc4\"",
                "\"dnc3\"", "\"comparisons\"", "\"learned\"", "\"predicted\"",
                "\"relative_error\"", "\"verdict\"", "\"findings\"", "\"lambda_w\": [0.01, 0.01]",
                "\"class_sizes\": [10, 8, 6]")) {
            assertTrue(json.contains(key), key + " in " + json);
        }

        Matrix h = Npy.readMatrix(out.resolve("H.npy"));
        assertEquals(24, h.rows());
        assertEquals(6, h.cols());
        int[] labels = Npy.readInts(out.resolve("labels.npy"));
        assertEquals(24, labels.length);
        assertEquals(0, labels[0]);
        assertEquals(2, labels[23]);
        assertEquals(6, Npy.readMatrix(out.resolve("W1.npy")).rows());
        Matrix classifier = Npy.readMatrix(out.resolve("W2.npy"));
        assertEquals(3, classifier.rows());
        assertEquals(6, classifier.cols());

        List<String> csv = Files.readAllLines(out.resolve("trajectory.csv"));
        assertTrue(csv.get(0).startsWith("step,objective,grad_norm,nc1,"), csv.get(0));
        assertTrue(csv.get(0).contains("layer2_nc1"), csv.get(0));
        assertEquals(1 + 101, csv.size(), "steps 0, 3, ..., 300 (every steps / 100)");
        String summary = Files.readString(out.resolve("summary.md"));
        assertTrue(summary.contains("## Agreement with theory"), summary);
        assertTrue(r.out().contains("results in " + out), r.out());
    }

    @Test
    void balancedClassesWithABiasWriteTheBias() throws IOException {
        Path out = dir.resolve("bias");
        Run r = run("train", "--model", "ufm", "--loss", "ce", "--bias", "--classes", "3",
                "--samples", "8", "--dim", "4", "--steps", "50", "--record-every", "25",
                "--quiet", "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals(3, Npy.readVector(out.resolve("b.npy")).length);
        assertArrayEquals(new int[] {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2,
            2, 2, 2, 2}, Npy.readInts(out.resolve("labels.npy")));
        assertEquals(1 + 3, Files.readAllLines(out.resolve("trajectory.csv")).size(),
                "steps 0, 25, 50");
        assertTrue(Files.readString(out.resolve("metrics.json")).contains("simplex ETF"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
        "--depth 0; --depth must be at least 1",
        "--depth -2; --depth must be at least 1",
        "--lambda-h -1; lambdaH must be finite and non-negative",
        "--lambda-w -1e-3; lambdaW[1] must be finite and non-negative",
        "--lambda-w 1e-2,1e-2,1e-2; --lambda-w lists 3 values for --depth 2",
        "--samples 10,0,5; class 1 has 0 samples",
        "--model foo; unknown model \"foo\"",
        "--loss hinge; unknown loss \"hinge\"",
        "--optimizer bfgs; unknown optimizer \"bfgs\"; use gd, sgd, adam or lbfgs",
        "--lr 0; learning rate must be positive",
        "--verdict-tolerance 0; --verdict-tolerance must lie in (0, 1), got 0.0",
        "--verdict-tolerance 2; --verdict-tolerance must lie in (0, 1), got 2.0",
        "--samples 10; add --classes K",
        "--steps many; Invalid value for option '--steps'"})
    void badInputGivesOneLineAndExitStatus2(String option, String message) {
        List<String> args = new ArrayList<>(List.of(tinyDeepLinear(dir.resolve("bad"))));
        String[] parts = option.split(" ");
        int at = args.indexOf(parts[0]);
        if (at < 0) {
            args.addAll(List.of(parts));
        } else {
            args.set(at + 1, parts[1]);
        }
        Run r = run(args.toArray(String[]::new));
        assertEquals(2, r.exit(), r.err());
        String err = r.err().strip();
        assertTrue(err.startsWith("nc4j train: ") && err.contains(message), err);
        assertEquals(1, err.lines().count(), err);
        assertFalse(Files.exists(dir.resolve("bad")), "nothing is written for bad input");
    }

    @Test
    void aMissingOptionIsOneLineToo() {
        Run r = run("train", "--model", "ufm", "--samples", "5,5");
        assertEquals(2, r.exit());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("Missing required option: '--out=DIR'"), r.err());
    }

    /**
     * The progress line of the last step, the last row of trajectory.csv, metrics.json's final
     * metrics and summary.md show the same NC1 (issue #16: the last progress line showed the NC1
     * recorded before the last step). Records at steps 0, 100 and 200 only, so the NC1 of step
     * 100 would differ visibly.
     */
    @Test
    void everyReportShowsTheSameFinalNc1() throws IOException {
        Path out = dir.resolve("progress");
        List<String> args = new ArrayList<>(List.of(tinyDeepLinear(out, "--record-every", "100")));
        args.remove("--quiet");
        PrintStream saved = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        Run r;
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            r = run(args.toArray(String[]::new));
        } finally {
            System.setOut(saved);
        }
        assertEquals(0, r.exit(), r.err());
        String progress = captured.toString(StandardCharsets.UTF_8);
        String lastLine = progress.lines().filter(l -> l.contains("300/300 steps"))
                .reduce((a, b) -> b).orElseThrow(() -> new AssertionError(progress));
        Matcher shown = Pattern.compile("NC1 (\\S+)$").matcher(lastLine.strip());
        assertTrue(shown.find(), lastLine);

        List<String> csv = Files.readAllLines(out.resolve("trajectory.csv"));
        List<String> header = List.of(csv.get(0).split(","));
        String[] lastRow = csv.get(csv.size() - 1).split(",");
        assertEquals("300", lastRow[0]);
        double nc1 = Double.parseDouble(lastRow[header.indexOf("nc1")]);
        double before = Double.parseDouble(
                csv.get(csv.size() - 2).split(",")[header.indexOf("nc1")]);
        assertFalse(String.format(Locale.ROOT, "%.3g", before)
                .equals(String.format(Locale.ROOT, "%.3g", nc1)), "steps 100 and 300 differ");
        assertEquals(String.format(Locale.ROOT, "%.3g", nc1), shown.group(1), "progress line");

        Matcher json = Pattern.compile("\"final\": \\{\\s*\"nc1\": ([^,\\s]+),")
                .matcher(Files.readString(out.resolve("metrics.json")));
        assertTrue(json.find());
        assertEquals(nc1, Double.parseDouble(json.group(1)), "metrics.json");
        Matcher summary = Pattern.compile("\\| nc1 \\| (\\S+) \\|")
                .matcher(Files.readString(out.resolve("summary.md")));
        assertTrue(summary.find());
        assertEquals(nc1, Double.parseDouble(summary.group(1)), 1e-3 * nc1,
                "summary.md (4 digits)");
    }

    @Test
    void divergenceNamesTheStepExitsNonZeroAndKeepsWhatWasRecorded() throws IOException {
        Path out = dir.resolve("diverged");
        Run r = run("train", "--model", "ufm", "--samples", "5,5", "--dim", "4", "--optimizer",
                "gd", "--lr", "1e4", "--steps", "1000", "--record-every", "1", "--quiet", "--out",
                out.toString());
        assertEquals(1, r.exit(), r.out() + r.err());
        assertTrue(r.err().contains("training diverged at step "), r.err());
        assertTrue(Files.readAllLines(out.resolve("trajectory.csv")).size() > 1,
                "the points before the divergence");
        assertTrue(Files.readString(out.resolve("metrics.json")).contains("\"diverged_at_step\""));
        assertTrue(Files.readString(out.resolve("summary.md")).contains("diverged"));
        assertFalse(Files.exists(out.resolve("H.npy")), "no non-finite parameters");
    }
}
