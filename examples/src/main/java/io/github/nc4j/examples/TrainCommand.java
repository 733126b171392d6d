package io.github.nc4j.examples;

import io.github.nc4j.core.data.ClassSizes;
import io.github.nc4j.core.model.Architecture;
import io.github.nc4j.core.model.Loss;
import io.github.nc4j.core.model.UfmConfig;
import io.github.nc4j.core.train.Method;
import io.github.nc4j.core.train.TrainingConfig;
import io.github.nc4j.examples.report.Progress;
import io.github.nc4j.examples.run.UfmRun;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code nc4j train}: trains one unconstrained feature model (definitions.md §3) and writes
 * its run folder as {@link UfmRun} describes: metrics.json, trajectory.csv, the learned
 * parameters as .npy, plots and summary.md, with the comparison against the closed form where
 * one applies.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train an unconstrained feature model (UFM, deep linear, ReLU UFM, DUFM)"
                + " and compare it with the closed-form theory of docs/definitions.md §4.",
            "Writes metrics.json, trajectory.csv, H.npy, labels.npy, W1.npy..WM.npy, b.npy, plots"
                + " and summary.md to --out."},
        footer = {"", "Exit status: 0 on success, 1 if training diverged (what was recorded is"
                + " still written) or a file cannot be written, 2 for bad options.",
            "Example: nc4j train --model deep-linear --samples 200,100,50,20 --dim 64 --depth 2"
                + " --lambda-w 1.3e-2 --lambda-h 1.3e-2 --out runs/dl2"})
final class TrainCommand implements Callable<Integer> {

    private static final String AUTO = "auto";

    @Spec
    private CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "ufm|deep-linear|relu-ufm|dufm",
            description = "The model: free features with one linear layer (ufm), M linear layers"
                    + " (deep-linear), non-negative features (relu-ufm), L ReLU layers (dufm).")
    private String model;

    @Option(names = "--loss", defaultValue = "mse", paramLabel = "mse|ce",
            description = "MSE against one-hot targets or cross-entropy (default: ${DEFAULT-VALUE}).")
    private String loss;

    @Option(names = "--bias", description = "Give the last layer a bias (not regularized).")
    private boolean bias;

    @Option(names = "--classes", paramLabel = "K",
            description = "The number of classes, for a single --samples n (balanced classes).")
    private Integer classes;

    @Option(names = "--samples", required = true, paramLabel = "n1,n2,...",
            description = "Samples per class (imbalanced), or one n for K balanced classes.")
    private String samples;

    @Option(names = "--dim", defaultValue = "16", paramLabel = "d",
            description = "Feature dimension and width of every hidden layer (default: ${DEFAULT-VALUE}).")
    private int dim;

    @Option(names = "--depth", paramLabel = "M",
            description = "Number of layers (default: the number of --lambda-w values, else 1).")
    private Integer depth;

    @Option(names = "--lambda-w", split = ",", defaultValue = "5e-3", paramLabel = "x[,x...]",
            description = "Weight decay of the layers: one value for all, or one per layer"
                    + " (default: ${DEFAULT-VALUE}).")
    private double[] lambdaW;

    @Option(names = "--lambda-h", defaultValue = "5e-3", paramLabel = "x",
            description = "Weight decay of the features (default: ${DEFAULT-VALUE}).")
    private double lambdaH;

    @Option(names = "--lr", defaultValue = "0.5", paramLabel = "x",
            description = "Learning rate of gd, sgd and adam (default: ${DEFAULT-VALUE}).")
    private double learningRate;

    @Option(names = "--steps", defaultValue = "5000", paramLabel = "S",
            description = "Number of updates (default: ${DEFAULT-VALUE}).")
    private long steps;

    @Option(names = "--optimizer", defaultValue = AUTO, paramLabel = "auto|gd|sgd|adam|lbfgs",
            description = "Full-batch gradient descent (the papers' setting), SGD with momentum"
                    + " 0.9, Adam, or full-batch L-BFGS (a step is one iteration with a line"
                    + " search, projected on H >= 0 for relu-ufm; --lr is not used). The default,"
                    + " auto, picks lbfgs for full-batch training, because it reaches the"
                    + " closed-form optimum to round-off where gradient descent stops short or"
                    + " at the local minimum p = 0, and gd with --batch-size.")
    private String optimizer;

    @Option(names = "--escape", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "When a bias-free deep linear MSE run ends with classes (or mixtures"
                    + " of classes of equal size) at the local minimum p = 0 that the optimum"
                    + " keeps, re-seed them along fresh directions; when it ends with classes"
                    + " kept that the optimum loses, set them to 0; when a relu-ufm CE run ends"
                    + " with a class the optimum keeps clipped to zero features, give it a"
                    + " coordinate of its own; then train again, up to three rounds, saying so"
                    + " (default: on; --no-escape shows where training stops).")
    private boolean escape;

    @Option(names = "--tolerance", defaultValue = "1e-12", paramLabel = "x",
            description = "Stop when the gradient norm is at most x times the objective; 0 runs"
                    + " all --steps (default: ${DEFAULT-VALUE}).")
    private double tolerance;

    @Option(names = "--verdict-tolerance", defaultValue = "1e-6", paramLabel = "x",
            description = "The relative error within which a learned quantity agrees with its"
                    + " closed form (default: ${DEFAULT-VALUE}, which converged runs meet by"
                    + " orders of magnitude; nc4j reproduce judges the papers' gradient descent"
                    + " at 1%%).")
    private double verdictTolerance;

    @Option(names = "--batch-size", defaultValue = "0", paramLabel = "B",
            description = "Samples per step; 0 for full batch (default: ${DEFAULT-VALUE}).")
    private int batchSize;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "s",
            description = "Seeds the initialization and the batch order (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--init-scale", defaultValue = "1", paramLabel = "s",
            description = "Scale of the random initialization (default: ${DEFAULT-VALUE}).")
    private double initScale;

    @Option(names = "--record-every", paramLabel = "k",
            description = "Record the NC metrics every k steps (default: steps / 100).")
    private Long recordEvery;

    @Option(names = "--quiet", description = "No progress display.")
    private boolean quiet;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "The run folder (created if missing; files in it are replaced).")
    private Path out;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        UfmConfig config;
        TrainingConfig training;
        try {
            config = modelConfig();
            training = trainingConfig();
            if (!(verdictTolerance > 0 && verdictTolerance < 1)) {
                throw new IllegalArgumentException("--verdict-tolerance must lie in (0, 1), got "
                        + verdictTolerance);
            }
        } catch (IllegalArgumentException e) {
            err.println("nc4j train: " + e.getMessage());
            err.flush();
            return 2;
        }
        try {
            UfmRun.Outcome outcome = UfmRun.train(UfmRun.describe(config), "", config, training,
                    out, quiet ? Progress.Mode.QUIET : Progress.Mode.AUTO, escape,
                    verdictTolerance);
            if (outcome.diverged()) {
                err.println("nc4j train: " + outcome.verdict() + " What was recorded is in "
                        + out);
                err.flush();
                return 1;
            }
            PrintWriter stdout = spec.commandLine().getOut();
            stdout.print(outcome.report());
            stdout.flush();
            return 0;
        } catch (IOException e) {
            err.println("nc4j train: cannot write the results to " + out + ": " + e.getMessage());
        } catch (IllegalArgumentException | IllegalStateException e) {
            // e.g. features that became infinite while the objective was still finite
            err.println("nc4j train: " + e.getMessage());
        }
        err.flush();
        return 1;
    }

    private UfmConfig modelConfig() {
        return new UfmConfig(Architecture.parse(model), classSizes(), dim, Loss.parse(loss),
                bias, layerDecays(), lambdaH, 0, initScale, seed);
    }

    private TrainingConfig trainingConfig() {
        TrainingConfig t = TrainingConfig.gradientDescent(learningRate, steps)
                .withMethod(method()).withBatchSize(batchSize).withSeed(seed)
                .withRelativeGradientTolerance(tolerance);
        return recordEvery == null ? t : t.withRecordEvery(recordEvery);
    }

    /** {@code --optimizer}, with {@code auto} resolved as its description says. */
    private Method method() {
        if (!optimizer.strip().equalsIgnoreCase(AUTO)) {
            return Method.parse(optimizer);
        }
        return batchSize == 0 ? Method.LBFGS : Method.GD;
    }

    /** {@code --samples n1,n2,...}, or {@code --samples n --classes K} for balanced classes. */
    private int[] classSizes() {
        if (!samples.contains(",")) {
            if (classes == null) {
                throw new IllegalArgumentException("--samples " + samples + " is one class size;"
                        + " add --classes K for K balanced classes, or list every class: n1,n2,...");
            }
            return ClassSizes.balanced(classes, ClassSizes.parse(samples)[0]);
        }
        int[] sizes = ClassSizes.parse(samples);
        if (classes != null && classes != sizes.length) {
            throw new IllegalArgumentException("--classes " + classes + " but --samples lists "
                    + sizes.length + " class sizes");
        }
        return sizes;
    }

    /** One weight decay per layer: {@code --lambda-w} repeated {@code --depth} times, or as listed. */
    private double[] layerDecays() {
        if (depth != null && depth < 1) {
            throw new IllegalArgumentException("--depth must be at least 1, got " + depth);
        }
        if (lambdaW.length == 1) {
            double[] perLayer = new double[depth == null ? 1 : depth];
            Arrays.fill(perLayer, lambdaW[0]);
            return perLayer;
        }
        if (depth != null && depth != lambdaW.length) {
            throw new IllegalArgumentException("--lambda-w lists " + lambdaW.length
                    + " values for --depth " + depth + "; give one value or one per layer");
        }
        return lambdaW;
    }
}
