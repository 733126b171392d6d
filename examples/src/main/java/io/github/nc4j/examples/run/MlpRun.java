package io.github.nc4j.examples.run;

import io.github.nc4j.core.data.FashionMnist;
import io.github.nc4j.core.data.LabeledData;
import io.github.nc4j.core.data.MiniBatches;
import io.github.nc4j.core.data.Standardizer;
import io.github.nc4j.core.metrics.NcReport;
import io.github.nc4j.core.model.Loss;
import io.github.nc4j.core.model.Mlp;
import io.github.nc4j.core.model.MlpConfig;
import io.github.nc4j.core.model.MlpConfig.Head;
import io.github.nc4j.linalg.Precision;
import io.github.nc4j.core.train.Method;
import io.github.nc4j.core.train.Trainer;
import io.github.nc4j.core.train.TrainingConfig;
import io.github.nc4j.core.train.TrainingDivergedException;
import io.github.nc4j.core.train.TrainingResult;
import io.github.nc4j.examples.report.EpochLog;
import io.github.nc4j.examples.report.HeadTheory;
import io.github.nc4j.examples.report.MlpReport;
import io.github.nc4j.examples.report.Progress;
import io.github.nc4j.examples.report.RunOutput;
import io.github.nc4j.linalg.Blas;
import io.github.nc4j.linalg.Parallelism;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * One run of {@code nc4j mlp}: trains a ReLU MLP on Fashion-MNIST past zero training error and
 * measures neural collapse in every hidden layer once per epoch, the real-network experiment of
 * Papyan, Han and Donoho (PNAS 2020) scaled to a CPU; with a head, a classifier without bias and
 * a feature decay, the practical settings of Dang et al. 2023 and 2024 and Súkeník et al. 2023.
 *
 * <p>The run: a class-balanced (or, with an {@link Imbalance}, step or long-tailed; or explicit
 * {@code classSizes}) random subset of the 60 000 training images of the chosen classes, the
 * first {@code testSize} test images of those classes, pixels standardized with the training
 * subset's mean and standard deviation (one for all pixels, as torchvision's {@code Normalize});
 * an {@link Mlp} of {@code depth} hidden layers of {@code width} units, then the head, trained
 * by mini-batch SGD with momentum 0.9 or Adam, with a cosine-annealed learning rate by default.
 * After every epoch (and at the initialization) the full training and test sets are evaluated
 * and the NC snapshot of {@link io.github.nc4j.core.train.NcSnapshot} is taken on all training
 * samples, for every body and head layer: no sampling. Results go to the run folder
 * ({@link MlpReport}), with the comparison with the unconstrained-feature theory of
 * {@link HeadTheory}.
 *
 * @param dataset        the data set's name, recorded in metrics.json (only fashion-mnist)
 * @param data           the directory of the IDX files
 * @param trainSize      training samples: trainSize/K in the largest class (unless classSizes)
 * @param testSize       the first testSize test images (of the chosen classes)
 * @param width          units per hidden layer
 * @param depth          hidden layers of the body
 * @param epochs         epochs
 * @param batchSize      samples per step
 * @param optimizer      {@link Method#SGD} (momentum {@link #MOMENTUM}) or {@link Method#ADAM}
 * @param learningRate   the (initial) learning rate
 * @param schedule       cosine annealing to 0, constant, or step drops
 * @param weightDecay    weight decay on the weight matrices of the head and the classifier,
 *                       not the biases
 * @param bodyWeightDecay weight decay on the body's weight matrices: weightDecay for the usual
 *                       decay of every layer, 0 for the seeds' {@code sep_decay}, which decays
 *                       only the head, the classifier and the features
 * @param loss           cross-entropy or MSE against one-hot targets
 * @param imbalance      the class sizes of the training subset (unless classSizes)
 * @param seed           seeds the subset, the initialization and the batch order
 * @param head           the layers between the body and the classifier
 * @param classifierBias whether the classifier has a bias
 * @param featureDecay   lambda_H on the body's last features, 0 for none
 * @param lossScale      the factor of the data term ({@link MlpConfig#lossScale})
 * @param classSizes     explicit training class sizes, one per class; empty: from trainSize
 * @param classes        the Fashion-MNIST classes to use, relabeled 0..K-1; empty: all 10
 * @param precision      the arithmetic of the training products ({@link MlpConfig#precision});
 *                       evaluation and NC are in double
 */
public record MlpRun(String dataset, Path data, int trainSize, int testSize, int width, int depth,
                     int epochs, int batchSize, Method optimizer, double learningRate,
                     Schedule schedule, double weightDecay, double bodyWeightDecay, Loss loss,
                     Imbalance imbalance,
                     long seed, Head head, boolean classifierBias, double featureDecay,
                     double lossScale, int[] classSizes, int[] classes, Precision precision) {

    /** {@return {@code f32} or {@code f64}, the {@code --precision} spelling of a precision} */
    public static String precisionName(Precision precision) {
        return precision == Precision.FLOAT32 ? "f32" : "f64";
    }

    /** The SGD momentum (PyTorch's usual 0.9, as Papyan et al.). */
    public static final double MOMENTUM = 0.9;

    /**
     * Keeps copies of the arrays.
     *
     * @throws IllegalArgumentException if classSizes and classes disagree on the number of
     *     classes
     */
    public MlpRun {
        classSizes = classSizes.clone();
        classes = classes.clone();
        int k = classes.length == 0 ? FashionMnist.NUM_CLASSES : classes.length;
        if (classSizes.length != 0 && classSizes.length != k) {
            throw new IllegalArgumentException(classSizes.length + " class sizes for " + k
                    + " classes");
        }
    }

    /** {@return the explicit class sizes (a copy)} */
    @Override
    public int[] classSizes() {
        return classSizes.clone();
    }

    /** {@return the chosen classes (a copy)} */
    @Override
    public int[] classes() {
        return classes.clone();
    }

    /** {@return the number of classes K} */
    public int numClasses() {
        return classes.length == 0 ? FashionMnist.NUM_CLASSES : classes.length;
    }

    /**
     * The learning rate schedule, as the {@code --schedule} values: {@code cosine} (annealed to
     * 0 over the run), {@code constant}, or {@code step:E[:G]} (times G, default 0.1, every E
     * epochs: PyTorch's {@code StepLR}, the seeds' schedule).
     *
     * @param kind        which schedule
     * @param everyEpochs epochs between drops (step only)
     * @param gamma       the factor of each drop (step only)
     */
    public record Schedule(Kind kind, int everyEpochs, double gamma) {

        /** The kinds of schedule. */
        public enum Kind { COSINE, CONSTANT, STEP }

        /** Cosine annealing to 0. */
        public static final Schedule COSINE = new Schedule(Kind.COSINE, 0, 1);
        /** A constant learning rate. */
        public static final Schedule CONSTANT = new Schedule(Kind.CONSTANT, 0, 1);

        /**
         * Checks the step schedule's settings.
         *
         * @throws IllegalArgumentException if a step schedule has no positive period or its
         *     factor is outside (0, 1]
         */
        public Schedule {
            if (kind == Kind.STEP && (everyEpochs < 1 || !(gamma > 0 && gamma <= 1))) {
                throw new IllegalArgumentException("a step schedule needs E >= 1 epochs and a"
                        + " factor in (0, 1], got step:" + everyEpochs + ":" + gamma);
            }
        }

        /**
         * {@return the schedule named by {@code text}}
         *
         * @param text {@code cosine}, {@code constant}, {@code step:E} or {@code step:E:G}
         * @throws IllegalArgumentException for anything else
         */
        public static Schedule parse(String text) {
            String t = text.strip().toLowerCase(Locale.ROOT);
            if (t.equals("cosine")) {
                return COSINE;
            }
            if (t.equals("constant")) {
                return CONSTANT;
            }
            String[] parts = t.split(":");
            if (parts[0].equals("step") && (parts.length == 2 || parts.length == 3)) {
                try {
                    return new Schedule(Kind.STEP, Integer.parseInt(parts[1]),
                            parts.length == 3 ? Double.parseDouble(parts[2]) : 0.1);
                } catch (NumberFormatException e) {
                    // reported below with the accepted forms
                }
            }
            throw new IllegalArgumentException("unknown schedule \"" + text + "\"; use cosine,"
                    + " constant, step:E or step:E:G (times G, default 0.1, every E epochs)");
        }

        @Override
        public String toString() {
            return switch (kind) {
                case COSINE -> "cosine";
                case CONSTANT -> "constant";
                case STEP -> "step:" + everyEpochs + ":" + gamma;
            };
        }
    }

    /** The training and test sets, standardized, and the class sizes used. */
    record Splits(LabeledData train, LabeledData test, int[] classSizes) {
    }

    /**
     * A trained run, before its files are written.
     *
     * @param model      the trained network
     * @param splits     its data
     * @param modelConfig the network's configuration
     * @param training   how it was trained
     * @param epochs     one record per epoch from 0
     * @param result     the trainer's result
     * @param timing     where the time went
     */
    public record Trained(Mlp model, Splits splits, MlpConfig modelConfig,
                          TrainingConfig training, List<EpochLog.Epoch> epochs,
                          TrainingResult result, MlpReport.Timing timing) {
    }

    /**
     * Loads the data, trains, writes the results to {@code out} ({@link MlpReport}) and, unless
     * {@code quiet}, prints a line before training and the results after it to {@code console}.
     *
     * @return the trained run
     * @throws java.nio.file.NoSuchFileException if the data are missing
     * @throws IOException                       if the data cannot be read or the results written
     * @throws TrainingDivergedException         if the objective stops being finite
     * @throws IllegalArgumentException          if the data or the settings are unusable
     */
    public Trained run(Path out, boolean quiet, PrintWriter console) throws IOException {
        Trained trained = train(quiet ? Progress.Mode.QUIET : Progress.Mode.AUTO,
                quiet ? null : console);
        List<EpochLog.Epoch> epochLog = trained.epochs();
        MlpReport report = new MlpReport(epochLog, trained.result().trajectory(),
                layerWidths(trained.modelConfig()), trained.splits().train().size());
        RunOutput output = RunOutput.at(out);
        HeadTheory theory = HeadTheory.of(trained.model(), trained.splits().classSizes());
        report.write(output, describe(trained.splits(), trained.training()), trained.timing(),
                theory);
        if (!quiet) {
            printResults(console, epochLog, report, trained.timing(), theory, output);
        }
        return trained;
    }

    /**
     * Loads the data and trains, showing progress as {@code progress} says; prints the settings
     * to {@code console} first unless it is null.
     *
     * @return the trained network, its records and timing
     * @throws IOException if the data cannot be read
     */
    public Trained train(Progress.Mode progress, PrintWriter console) throws IOException {
        long start = System.nanoTime();
        // The JIT compiles the SIMD kernels while the images are read, not during the first
        // steps; NC and the evaluation multiply in double whatever the training precision.
        Blas.warmUp(Precision.FLOAT64, precision);
        Splits splits = load();
        double loadSeconds = (System.nanoTime() - start) * 1e-9;
        LabeledData train = splits.train();
        MlpConfig modelConfig = modelConfig(train.dimension());
        int stepsPerEpoch = MiniBatches.of(train, batchSize, seed).batchesPerEpoch();
        TrainingConfig trainingConfig = new TrainingConfig(optimizer, learningRate,
                optimizer == Method.SGD ? MOMENTUM : 0, schedule.kind() == Schedule.Kind.COSINE,
                batchSize, (long) epochs * stepsPerEpoch, 0, 0, 0, stepsPerEpoch, seed);
        if (schedule.kind() == Schedule.Kind.STEP) {
            trainingConfig = trainingConfig.withStepSchedule(
                    (long) schedule.everyEpochs() * stepsPerEpoch, schedule.gamma());
        }
        if (console != null) {
            console.printf(Locale.ROOT, "nc4j mlp: %d training samples %s, %d test samples; MLP"
                    + " %d-%s-%d (%s%s), %s loss, %s lr %s (%s), %d epochs of %d steps; %d"
                    + " thread(s), %s kernels%n", train.size(),
                    Arrays.toString(splits.classSizes()), splits.test().size(),
                    train.dimension(), widthsText(), numClasses(), head,
                    classifierBias ? ", classifier bias" : ", no classifier bias",
                    loss.shortName(), optimizer.cliName(), learningRate, schedule, epochs,
                    stepsPerEpoch, Parallelism.threads(), Blas.implementation());
            console.flush();
        }
        Mlp model = new Mlp(modelConfig, train);
        TrainingResult result;
        EpochLog log;
        try (Progress shown = Progress.start("mlp", trainingConfig.maxSteps(), "steps",
                progress)) {
            log = new EpochLog(model, splits.test(), stepsPerEpoch, shown);
            result = Trainer.train(model, trainingConfig, log);
        }
        MlpReport.Timing timing = new MlpReport.Timing(loadSeconds,
                result.seconds() - log.ncSeconds() - log.evaluationSeconds(), log.ncSeconds(),
                log.evaluationSeconds());
        return new Trained(model, splits, modelConfig, trainingConfig, log.epochs(), result,
                timing);
    }

    /** The network: the body (decay bodyWeightDecay), the head and classifier (weightDecay). */
    MlpConfig modelConfig(int inputDim) {
        MlpConfig config = MlpConfig.of(inputDim, width, depth, numClasses(), weightDecay)
                .withHead(head, weightDecay);
        double[] decays = config.lambdaW();
        Arrays.fill(decays, 0, depth, bodyWeightDecay);
        return config.withLambdaW(decays).withClassifierBias(classifierBias)
                .withLambdaH(featureDecay).withLossScale(lossScale).withLoss(loss)
                .withPrecision(precision)
                .withSeed(seed);
    }

    /** The widths of the measured layers: the body's, then the head's. */
    static int[] layerWidths(MlpConfig config) {
        int[] body = config.hiddenWidths();
        int[] all = Arrays.copyOf(body, body.length + config.head().depth());
        Arrays.fill(all, body.length, all.length, body[body.length - 1]);
        return all;
    }

    /**
     * Reads the data, keeps the chosen classes, cuts the training set to the class sizes asked
     * for, standardizes both.
     */
    private Splits load() throws IOException {
        FashionMnist source = FashionMnist.at(data);
        LabeledData all = source.train(Integer.MAX_VALUE);
        LabeledData test = source.test(Integer.MAX_VALUE);
        if (classes.length > 0) {
            all = all.ofClasses(classes);
            test = test.ofClasses(classes);
        }
        int k = numClasses();
        int[] sizes = classSizes.length > 0 ? classSizes.clone()
                : imbalance.classSizes(k, trainSize / k);
        LabeledData train = all.subsample(sizes, seed);
        test = test.subset(IntStream.range(0, Math.min(testSize, test.size()))
                .toArray());
        // Statistics of the training subset only: the test set must not leak into training.
        Standardizer standardizer = Standardizer.fitGlobal(train.features());
        return new Splits(standardizer.apply(train), standardizer.apply(test), sizes);
    }

    private String widthsText() {
        return depth == 1 ? Integer.toString(width) : width + "x" + depth;
    }

    private String architecture(LabeledData train) {
        return train.dimension() + "-" + widthsText() + "-" + numClasses() + ", ReLU body with"
                + (depth > 0 ? " biases" : "") + ", " + head + (head.depth() > 0
                ? " (width " + width + ", no bias)" : "") + ", classifier "
                + (classifierBias ? "with" : "without") + " bias";
    }

    /** The configuration as metrics.json and summary.md record it. */
    Map<String, Object> describe(Splits splits, TrainingConfig training) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("dataset", dataset);
        c.put("data", data.toString());
        c.put("classes", classes.length == 0 ? "all 10" : Arrays.toString(classes));
        c.put("train_size", splits.train().size());
        c.put("class_sizes", splits.classSizes());
        c.put("imbalance", imbalance.toString());
        c.put("test_size", splits.test().size());
        c.put("standardization", "one mean and standard deviation over all pixels of the"
                + " training subset");
        c.put("width", width);
        c.put("depth", depth);
        c.put("architecture", architecture(splits.train()));
        c.put("head", head.toString());
        c.put("classifier_bias", classifierBias);
        c.put("loss", loss.shortName());
        c.put("loss_scale", lossScale);
        c.put("weight_decay", weightDecay);
        c.put("body_weight_decay", bodyWeightDecay);
        c.put("feature_decay", featureDecay);
        c.put("precision", precisionName(precision));
        c.put("optimizer", optimizer.cliName());
        c.put("learning_rate", learningRate);
        c.put("momentum", training.momentum());
        c.put("schedule", schedule.toString());
        c.put("batch_size", batchSize);
        c.put("epochs", epochs);
        c.put("steps", training.maxSteps());
        c.put("seed", seed);
        c.put("nc_samples", "all " + splits.train().size() + " training samples, every epoch");
        c.put("threads", Parallelism.threads());
        c.put("kernels", Blas.implementation());
        c.put("java", Runtime.version().toString());
        c.put("init", "PyTorch's nn.Linear default, uniform in +-1/sqrt(fan_in)");
        return c;
    }

    private void printResults(PrintWriter console, List<EpochLog.Epoch> epochLog,
                              MlpReport report, MlpReport.Timing timing, HeadTheory theory,
                              RunOutput output) {
        EpochLog.Epoch first = epochLog.get(0);
        EpochLog.Epoch end = epochLog.get(epochLog.size() - 1);
        console.printf(Locale.ROOT, "%nepoch %d: train accuracy %.2f%%, test accuracy %.2f%%,"
                + " objective %.4g%n", end.epoch(), 100 * end.train().accuracy(),
                100 * end.test().accuracy(), end.objective());
        console.println("NC1 per layer (body, then head), epoch 0 -> " + end.epoch() + ":");
        for (int l = 0; l < depth + head.depth(); l++) {
            console.printf(Locale.ROOT, "  %s %d  %10.4g -> %10.4g%n", l < depth ? "body"
                    : "head", l < depth ? l + 1 : l + 1 - depth,
                    first.point().nc().layers().get(l).features().nc1(),
                    end.point().nc().layers().get(l).features().nc1());
        }
        NcReport last = end.point().nc().last();
        console.printf(Locale.ROOT, "last layer: NC2 means %.3g, NC2 classifier %.3g, NC3 %.3g,"
                + " NC4 %.3g%n", last.nc2EtfMeans(), last.nc2EtfClassifier().orElse(Double.NaN),
                last.nc3().orElse(Double.NaN), last.nc4().orElse(Double.NaN));
        console.printf(Locale.ROOT, "time %.1f s: training %.1f s (%.0f samples/s after the"
                + " first epoch's %.2f s), NC measurement %.1f s, evaluation %.1f s, data %.1f s%n",
                timing.total(), timing.training(), report.samplesPerSecond(),
                report.firstEpochSeconds(), timing.nc(), timing.evaluation(), timing.load());
        for (String line : theory.lines()) {
            console.println(line);
        }
        console.println("results in " + output.directory() + " (summary.md, metrics.json,"
                + " trajectory.csv, plots)");
        console.flush();
    }
}
