package io.github.nc4j.examples.run;

import io.github.nc4j.core.data.ClassSizes;
import io.github.nc4j.core.model.Architecture;
import io.github.nc4j.core.model.Loss;
import io.github.nc4j.core.model.UfmConfig;
import io.github.nc4j.core.train.TrainingConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;

/**
 * The experiments of {@code nc4j reproduce}, one per paper result in definitions.md §6 (closed
 * forms: §4), as data: each holds its runs (model, training, what theory
 * expects), and {@link Reproduction} runs them all the same way.
 *
 * <p>The settings are those the agreement tests of nc-core show to reach theory: full-batch
 * gradient descent (the papers' setting), seed 1, long enough that the optimization error is far
 * below the 1% tolerance. Every experiment takes seconds to a minute on 2 cores.
 */
public enum Experiment {

    ZHU2021_ETF("zhu2021-etf",
            "Zhu et al. 2021, A Geometric Analysis of Neural Collapse with Unconstrained Features"
                    + " (NeurIPS)",
            "balanced UFM with a bias, MSE and cross-entropy: features and classifier form a"
                    + " simplex ETF",
            List.of(
                    run("mse", "UFM, MSE, bias, K = 4, n = 50", etfUfm(Loss.MSE, 1),
                            gd(0.5, 6000)),
                    run("ce", "UFM, cross-entropy, bias, K = 4, n = 50",
                            etfUfm(Loss.CROSS_ENTROPY, 1), gd(0.5, 6000)))),

    DANG2023_DEEP_LINEAR_BALANCED("dang2023-deep-linear-balanced",
            "Dang et al. 2023, Neural Collapse in Deep Linear Networks: From Balanced to"
                    + " Imbalanced Data (ICML)",
            "balanced deep linear UFM with a bias, M = 1..3 layers, MSE and cross-entropy:"
                    + " simplex ETF at every depth",
            deepLinearBalanced()),

    DANG2023_DEEP_LINEAR_IMBALANCED("dang2023-deep-linear-imbalanced",
            "Dang et al. 2023, Neural Collapse in Deep Linear Networks: From Balanced to"
                    + " Imbalanced Data (ICML)",
            "imbalanced bias-free deep linear UFM, MSE, M = 1..3: class-mean lengths and singular"
                    + " values vs the closed form, minority collapse, and the local-minimum"
                    + " caution",
            deepLinearImbalanced()),

    DANG2024_RELU_UFM("dang2024-relu-ufm",
            "Dang et al. 2024, Neural Collapse for Cross-entropy Class-Imbalanced Learning with"
                    + " Unconstrained ReLU Features Model (ICML)",
            "imbalanced ReLU UFM with cross-entropy: orthogonal means with lengths set by n_k, W"
                    + " aligned with the scaled means",
            List.of(run("relu-ufm", "ReLU UFM, cross-entropy, n = (200, 100, 50, 50)",
                    UfmConfig.of(Architecture.RELU_UFM, imbalancedCe(), 16)
                            .withLoss(Loss.CROSS_ENTROPY).withLambdaW(5e-3).withLambdaH(5e-4)
                            .withSeed(1),
                    gd(1.0, 15000)))),

    FANG2021_MINORITY_COLLAPSE("fang2021-minority-collapse",
            "Fang et al. 2021, Exploring Deep Neural Networks via Layer-Peeled Model: Minority"
                    + " Collapse in Imbalanced Training (PNAS)",
            "bias-free cross-entropy UFM against its convex program: at strong imbalance the"
                    + " minority margins vanish (minority collapse)",
            List.of(
                    run("moderate", "CE UFM, n = (200, 100, 50, 50)", ceUfm(imbalancedCe()),
                            gd(1.0, 8000)),
                    run("severe", "CE UFM, n = (500, 500, 10, 10)",
                            ceUfm(new int[] {500, 500, 10, 10}), gd(1.0, 8000)))),

    SUKENIK2023_DUFM("sukenik2023-dufm",
            "Súkeník, Mondelli and Lampert 2023, Deep Neural Collapse Is Provably Optimal for"
                    + " the Deep Unconstrained Features Model (NeurIPS)",
            "DUFM, K = 2, L = 2..4 layers: deep neural collapse in every layer, as the closed"
                    + " form says",
            List.of(dufm(2, 20000), dufm(3, 60000), dufm(4, 60000))),

    SUKENIK2024_LOW_RANK("sukenik2024-low-rank",
            "Súkeník, Lampert and Mondelli 2024, Neural Collapse versus Low-rank Bias: Is Deep"
                    + " Neural Collapse Really Optimal? (NeurIPS)",
            "DUFM, K = 10, L = 4: gradient descent beats deep neural collapse with a lower-rank"
                    + " solution",
            List.of(new Run("K10-L4", "DUFM, K = 10, n = 20, d = 40, L = 4",
                    UfmConfig.of(Architecture.DEEP_UFM, ClassSizes.balanced(10, 20), 40)
                            .withLambdaW(1e-2).withDepth(4).withLambdaH(1e-2).withSeed(1),
                    gd(0.3, 30000), Expectation.BEATS_DEEP_NEURAL_COLLAPSE))),

    /** A real network: trained by {@code nc4j mlp}, not by {@link Reproduction}. */
    PAPYAN2020_MLP("papyan2020-mlp",
            "Papyan, Han and Donoho 2020, Prevalence of Neural Collapse during the Terminal"
                    + " Phase of Deep Learning Training (PNAS)",
            "an MLP on Fashion-MNIST trained past zero training error: NC1-NC4 per layer per"
                    + " epoch (run by nc4j mlp)",
            List.of(), "mlp", "--dataset", "fashion-mnist");

    private final String id;
    private final String paper;
    private final String description;
    private final List<Run> runs;
    private final List<String> command;

    Experiment(String id, String paper, String description, List<Run> runs, String... command) {
        this.id = id;
        this.paper = paper;
        this.description = description;
        this.runs = List.copyOf(runs);
        this.command = List.of(command);
    }

    /**
     * One training run of an experiment.
     *
     * @param name        its subfolder, e.g. {@code M2}
     * @param title       heading of its summary
     * @param model       the model and objective
     * @param training    how it is trained
     * @param expectation what theory says it should show
     */
    public record Run(String name, String title, UfmConfig model, TrainingConfig training,
                      Expectation expectation) {

        /** This run with at most {@code steps} training steps. */
        public Run withStepsAtMost(long steps) {
            return new Run(name, title, model, training.withMaxSteps(Math.min(steps,
                    training.maxSteps())), expectation);
        }
    }

    /** The id on the command line, e.g. {@code zhu2021-etf}. */
    public String id() {
        return id;
    }

    /** The paper whose result this reproduces. */
    public String paper() {
        return paper;
    }

    /** One line saying what the experiment shows. */
    public String description() {
        return description;
    }

    /** The runs, in order; empty when another command runs the experiment. */
    public List<Run> runs() {
        return runs;
    }

    /** The run with this name. */
    public Run run(String name) {
        return runs.stream().filter(r -> r.name().equals(name)).findFirst()
                .orElseThrow(() -> new NoSuchElementException(id + " has no run " + name));
    }

    /**
     * The {@code nc4j} command line (without {@code --out}) that runs this experiment instead of
     * {@link Reproduction}, e.g. {@code [mlp, --dataset, fashion-mnist]}; empty for the
     * unconstrained-feature experiments.
     */
    public List<String> command() {
        return command;
    }

    /**
     * The experiment with this id.
     *
     * @throws IllegalArgumentException for an unknown id, listing the known ones
     */
    public static Experiment byId(String id) {
        return Arrays.stream(values()).filter(e -> e.id.equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown experiment \"" + id
                        + "\"; known: " + String.join(", ", Arrays.stream(values())
                        .map(Experiment::id).toList()) + " (nc4j reproduce --list)"));
    }

    // ---------------------------------------------------------------- the settings

    /**
     * K = 4, n = (200, 100, 50, 50): the cross-entropy examples of definitions.md §4.5 and §4.6. A
     * method, not a constant, since the enum's constants are built before its static fields.
     */
    private static int[] imbalancedCe() {
        return new int[] {200, 100, 50, 50};
    }

    private static TrainingConfig gd(double learningRate, long steps) {
        return TrainingConfig.gradientDescent(learningRate, steps);
    }

    private static Run run(String name, String title, UfmConfig model, TrainingConfig training) {
        return new Run(name, title, model, training, Expectation.MATCHES_THEORY);
    }

    /** Balanced, K = 4, n = 50, d = 16, with a bias, depth M: the simplex ETF setting. */
    private static UfmConfig etfUfm(Loss loss, int depth) {
        Architecture a = depth == 1 ? Architecture.UFM : Architecture.DEEP_LINEAR;
        return UfmConfig.of(a, ClassSizes.balanced(4, 50), 16).withLoss(loss).withBias(true)
                .withDepth(depth).withSeed(1);
    }

    private static List<Run> deepLinearBalanced() {
        List<Run> runs = new ArrayList<>();
        for (Loss loss : Loss.values()) {
            for (int depth = 1; depth <= 3; depth++) {
                runs.add(run(loss.shortName() + "-M" + depth, "Deep linear UFM, "
                        + loss.shortName().toUpperCase(Locale.ROOT) + ", bias, M = "
                        + depth + ", K = 4, n = 50", etfUfm(loss, depth).withArchitecture(
                        Architecture.DEEP_LINEAR), gd(0.5, 6000)));
            }
        }
        return runs;
    }

    /**
     * K = 4, n = (200, 100, 50, 20), lambda = 1.3e-2: the closed form loses class 3 at every
     * depth. Width 64 reaches the global optimum; the last run, at width 16, shows the caution
     * of definitions.md §4.2: gradient descent leaves class 2 at the local minimum p = 0.
     */
    private static List<Run> deepLinearImbalanced() {
        List<Run> runs = new ArrayList<>();
        for (int depth = 1; depth <= 3; depth++) {
            runs.add(run("M" + depth, "Deep linear UFM, MSE, no bias, M = " + depth
                    + ", n = (200, 100, 50, 20), d = 64", imbalancedDeepLinear(64, depth),
                    depth == 1 ? gd(1.0, 15000) : gd(0.3, 8000)));
        }
        runs.add(new Run("M2-width16", "Deep linear UFM, MSE, no bias, M = 2, d = 16: the"
                + " local minimum", imbalancedDeepLinear(16, 2), gd(0.3, 8000),
                Expectation.STOPS_AT_LOCAL_MINIMUM));
        return runs;
    }

    private static UfmConfig imbalancedDeepLinear(int dim, int depth) {
        return UfmConfig.of(Architecture.DEEP_LINEAR, new int[] {200, 100, 50, 20}, dim)
                .withLambdaH(1.3e-2).withLambdaW(1.3e-2).withDepth(depth).withSeed(1);
    }

    private static UfmConfig ceUfm(int[] sizes) {
        return UfmConfig.of(Architecture.UFM, sizes, 16).withLoss(Loss.CROSS_ENTROPY)
                .withSeed(1);
    }

    /** K = 2, n = 50, d = 16, every weight decay 5e-3 (definitions.md §4.4). */
    private static Run dufm(int layers, long steps) {
        return run("L" + layers, "DUFM, K = 2, n = 50, d = 16, L = " + layers,
                UfmConfig.of(Architecture.DEEP_UFM, ClassSizes.balanced(2, 50), 16)
                        .withDepth(layers).withSeed(1), gd(0.3, steps));
    }
}
