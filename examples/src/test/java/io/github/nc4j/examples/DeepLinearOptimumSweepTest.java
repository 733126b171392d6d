package io.github.nc4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nc4j.examples.TrainCommandTest.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 17's acceptance for the bias-free deep linear UFM with MSE (and the plain UFM, M = 1):
 * {@code nc4j train} with no optimizer flag and defaults otherwise (L-BFGS to a relative gradient
 * norm of 1e-12, the escape from local minima on) reaches the closed form of
 * {@code DeepLinearMseOptimum} to 1e-6 relative in every compared quantity (class-mean lengths,
 * the top K singular values of every layer, the objective, the orthogonality of the means) and
 * says so, end to end through the command line and its metrics.json.
 *
 * <p>A quantity predicted to be 0 (the length of a class lost at the optimum, a singular value
 * beyond the classes kept, the off-diagonal mass of the means' Gram) is held to 1e-6 of the
 * scale {@code Comparison} measures it against: the largest predicted length, the largest
 * predicted singular value of the same layer, and 1. At a relative gradient norm of 1e-12 such a
 * quantity x is left at about {@code 1e-12 * objective / lambda}, below 1e-8 here, since the
 * weight decay lambda pulls it to 0 with curvature at least lambda.
 *
 * <p>The configurations cover K = 3 to 10 and M = 1 to 4, balanced classes, groups of equal size
 * and geometric imbalance down to single samples, unequal weight decays per layer and several
 * seeds. They were picked from a sweep of 216 random configurations (all of which reach the
 * closed form) so as to include each way in which L-BFGS from the default initialization first
 * stops at a local minimum that the escape then leaves: a kept class at p = 0, a mixture of
 * classes of equal size at p = 0, and classes kept at a positive local minimum that the optimum
 * loses (p = 0 is lower). Where the comments below name them, they say what a run does today;
 * the test asserts only the end result, which does not depend on the path.
 */
class DeepLinearOptimumSweepTest {

    /** The acceptance: relative error in every compared quantity. */
    private static final double RELATIVE = 1e-6;

    private static final Pattern COMPARISON = Pattern.compile("\"quantity\": \"([^\"]*)\",\\s*"
            + "\"learned\": (\\S+),\\s*\"predicted\": (\\S+),\\s*\"relative_error\": (\\S+)\\s*\\}");
    private static final Pattern LARGEST = Pattern.compile("largest relative error (\\S+)%");

    @TempDir
    Path dir;

    /** Issue 17's first command, exactly (K = 5, n = 240 .. 15, d = 20, M = 2). */
    @Test
    void issue17sCommandReachesTheClosedForm() throws IOException {
        reachesTheClosedForm("issue17", 5, 2, "--model deep-linear --loss mse --classes 5"
                + " --samples 240,120,60,30,15 --dim 20 --depth 2 --lambda-w 4e-3,6e-3"
                + " --lambda-h 5e-3 --seed 7");
    }

    @ParameterizedTest(name = "{0}: K = {1}, M = {2}")
    @CsvSource(delimiter = ';', value = {
        // plain UFM, balanced
        "ufm-balanced; 3; 1; --model ufm --classes 3 --samples 12 --dim 4 --lambda-w 1e-2"
            + " --lambda-h 1e-2 --seed 58",
        // plain UFM, geometric imbalance: classes 5 to 8 (n = 1) lost at the optimum
        "ufm-minority-collapse; 9; 1; --model ufm --samples 60,30,15,7,3,1,1,1,1 --dim 12"
            + " --lambda-w 2e-2 --lambda-h 8e-3 --seed 64",
        // balanced; L-BFGS first loses two mixtures of classes, re-seeded
        "balanced-lost-mixtures; 10; 2; --model deep-linear --classes 10 --samples 20 --dim 12"
            + " --lambda-w 5e-3,1e-2 --lambda-h 1e-2 --seed 4",
        // classes 5, 6 lost at the optimum; L-BFGS first loses class 4, which it keeps
        "imbalanced-lost-class; 7; 2; --model deep-linear --samples 39,23,15,10,6,4,2 --dim 8"
            + " --lambda-w 2e-2,2e-2 --lambda-h 5e-3 --seed 46",
        // unequal decays, n down to 1: classes 4, 5 lost at the optimum
        "geometric-collapse; 6; 2; --model deep-linear --samples 100,33,11,3,1,1 --dim 7"
            + " --lambda-w 8e-3,1e-3 --lambda-h 5e-3 --seed 92",
        // balanced; L-BFGS first stops with the 7 means spanning 6 dimensions
        "balanced-lost-mixture; 7; 3; --model deep-linear --classes 7 --samples 30 --dim 10"
            + " --lambda-w 5e-3,1e-2,2e-2 --lambda-h 1e-2 --seed 4",
        // the six classes of 10 are lost at the optimum; L-BFGS first keeps two mixtures of them
        "groups-kept-minority; 9; 3; --model deep-linear --samples 40,40,40,10,10,10,10,10,10"
            + " --dim 15 --lambda-w 2e-2,1e-2,1e-2 --lambda-h 8e-3 --seed 36",
        // classes 3, 4 lost at the optimum; L-BFGS first keeps class 3
        "geometric-kept-minority; 5; 3; --model deep-linear --samples 100,33,11,3,1 --dim 11"
            + " --lambda-w 1e-3,8e-3,5e-3 --lambda-h 8e-3 --seed 76",
        // classes 5 to 9 lost at the optimum
        "geometric-collapse; 10; 3; --model deep-linear --samples 40,20,10,5,2,1,1,1,1,1"
            + " --dim 16 --lambda-w 5e-3,1e-2,3e-3 --lambda-h 3e-3 --seed 94",
        // width 4 for 3 classes; L-BFGS first loses class 2
        "narrow-lost-class; 3; 4; --model deep-linear --samples 40,13,4 --dim 4"
            + " --lambda-w 2e-2,5e-3,2e-2,1e-3 --lambda-h 5e-3 --seed 95",
        // L-BFGS first loses class 3 and a mixture of the three classes of 30
        "groups-lost-class-and-mixture; 4; 4; --model deep-linear --samples 30,30,30,6 --dim 5"
            + " --lambda-w 2e-2,8e-3,2e-2,1e-2 --lambda-h 2e-3 --seed 87",
        // class 7 lost at the optimum; L-BFGS first loses classes 5 and 6, which it keeps
        "geometric-lost-classes; 8; 4; --model deep-linear --samples 60,40,26,17,11,7,5,3"
            + " --dim 14 --lambda-w 1e-3,5e-3,1e-3,5e-3 --lambda-h 2e-2 --seed 62",
        // balanced; L-BFGS first loses five mixtures of classes
        "balanced-lost-mixtures; 10; 4; --model deep-linear --classes 10 --samples 20 --dim 12"
            + " --lambda-w 4e-3,6e-3,8e-3,1e-2 --lambda-h 1e-2 --seed 2",
        // classes 3 to 8 lost at the optimum
        "geometric-collapse; 9; 4; --model deep-linear --samples 60,20,6,2,1,1,1,1,1 --dim 14"
            + " --lambda-w 8e-3,2e-3,1e-2,8e-3 --lambda-h 2e-2 --seed 40"})
    void theDefaultRunReachesTheClosedForm(String name, int k, int m, String options)
            throws IOException {
        reachesTheClosedForm(name + "-" + k + "-" + m, k, m, options);
    }

    /**
     * The check above fails where the run stops short of the closed form: without the escape,
     * at each of the three kinds of local minimum (converged, with a length or singular value off
     * by 100% or more), and after 1000 steps of gradient descent (off by 8%).
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
        "lost mixture; --no-escape --model deep-linear --classes 7 --samples 30 --dim 10"
            + " --lambda-w 5e-3,1e-2,2e-2 --lambda-h 1e-2 --seed 4",
        "kept minority; --no-escape --model deep-linear --samples 40,40,40,10,10,10,10,10,10"
            + " --dim 15 --lambda-w 2e-2,1e-2,1e-2 --lambda-h 8e-3 --seed 36",
        "lost class; --no-escape --model deep-linear --samples 40,13,4 --dim 4"
            + " --lambda-w 2e-2,5e-3,2e-2,1e-3 --lambda-h 5e-3 --seed 95",
        "gradient descent; --optimizer gd --steps 1000 --model deep-linear --classes 3"
            + " --samples 12 --dim 6 --lambda-w 5e-3,1e-2,2e-3,4e-3 --lambda-h 5e-3 --seed 11"})
    void theCheckFailsWhereTheRunStopsShort(String name, String options) throws IOException {
        Path out = dir.resolve("short");
        Run r = train(out, options);
        assertEquals(0, r.exit(), r.err());
        Map<String, double[]> comparisons = comparisons(out);
        assertTrue(worstError(comparisons) > RELATIVE, () -> name + ": " + r.out());
    }

    /**
     * Runs {@code nc4j train options} and checks the run folder and the report: L-BFGS chosen by
     * default, converged, and all K (M + 1) + 2 comparisons within {@link #RELATIVE}, as the
     * report's largest relative error says too.
     */
    private void reachesTheClosedForm(String name, int k, int m, String options)
            throws IOException {
        Path out = dir.resolve(name);
        Run r = train(out, options);
        assertEquals(0, r.exit(), r.err());
        String json = Files.readString(out.resolve("metrics.json"));
        assertTrue(json.contains("\"optimizer\": \"lbfgs\""), "the default optimizer");
        assertTrue(Pattern.compile("\"stop_reason\": \"(gradient_norm|no_descent)\"")
                .matcher(json).find() && json.contains("\"converged\": true"), json);
        assertTrue(json.contains("\"verdict\": \"agrees\""), r.out());

        Map<String, double[]> comparisons = comparisons(out);
        assertEquals(k * (m + 1) + 2, comparisons.size(), () -> comparisons.keySet().toString());
        assertTrue(comparisons.containsKey("objective") && comparisons.containsKey("||mu_0||")
                && comparisons.containsKey("sigma_" + k + "(W_" + m + ")"), () -> comparisons.keySet().toString());
        double worst = worstError(comparisons);
        assertTrue(worst <= RELATIVE, () -> String.format("%s: largest relative error %.3g%n%s",
                name, worst, r.out()));

        assertTrue(r.out().contains("Training agrees with theory: all " + comparisons.size()
                + " quantities"), r.out());
        Matcher said = LARGEST.matcher(r.out());
        assertTrue(said.find(), r.out());
        assertTrue(Double.parseDouble(said.group(1)) / 100 <= RELATIVE, r.out());
    }

    private static Run train(Path out, String options) {
        List<String> args = new ArrayList<>(List.of("train"));
        args.addAll(List.of(options.strip().split("\\s+")));
        args.addAll(List.of("--quiet", "--out", out.toString()));
        return TrainCommandTest.run(args.toArray(String[]::new));
    }

    /** metrics.json's comparisons: quantity to (learned, predicted, relative error). */
    private static Map<String, double[]> comparisons(Path out) throws IOException {
        Matcher c = COMPARISON.matcher(Files.readString(out.resolve("metrics.json")));
        Map<String, double[]> all = new LinkedHashMap<>();
        while (c.find()) {
            all.put(c.group(1), new double[] {number(c.group(2)), number(c.group(3)),
                number(c.group(4))});
        }
        return all;
    }

    /** A JSON number; null (how metrics.json writes NaN and infinities) as NaN. */
    private static double number(String json) {
        return json.equals("null") ? Double.NaN : Double.parseDouble(json);
    }

    /**
     * The largest error over all comparisons, recomputed from learned and predicted rather than
     * taken from metrics.json: relative to {@code |predicted|}, or for a prediction of 0 to the
     * scale of its group ({@link #scale}); NaN if any value is not finite. It must also agree
     * with the relative error that metrics.json reports.
     */
    private static double worstError(Map<String, double[]> comparisons) {
        double worst = 0;
        for (Map.Entry<String, double[]> e : comparisons.entrySet()) {
            double[] v = e.getValue();
            double reference = v[1] != 0 ? Math.abs(v[1]) : scale(e.getKey(), comparisons);
            double error = Math.abs(v[0] - v[1]) / reference;
            if (!Double.isFinite(error)) {
                return Double.NaN;
            }
            assertEquals(v[2], error, 1e-12 + 1e-9 * error, e.getKey() + " in metrics.json");
            worst = Math.max(worst, error);
        }
        return worst;
    }

    /**
     * The scale of a quantity predicted to be 0: the largest predicted class-mean length for a
     * length, the largest predicted singular value of the same layer for a singular value, and 1
     * for the normalized off-diagonal mass.
     */
    private static double scale(String quantity, Map<String, double[]> comparisons) {
        String group;
        if (quantity.startsWith("||mu_")) {
            group = "||mu_";
        } else if (quantity.startsWith("sigma_")) {
            group = quantity.substring(quantity.indexOf('('));
        } else {
            return 1;
        }
        double largest = 0;
        for (Map.Entry<String, double[]> e : comparisons.entrySet()) {
            String q = e.getKey();
            if (q.startsWith("||mu_") ? group.equals("||mu_") : q.endsWith(group)) {
                largest = Math.max(largest, Math.abs(e.getValue()[1]));
            }
        }
        return largest;
    }
}
