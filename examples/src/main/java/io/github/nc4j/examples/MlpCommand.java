package io.github.nc4j.examples;

import io.github.nc4j.core.data.FashionMnist;
import io.github.nc4j.core.data.LabeledData;
import io.github.nc4j.core.data.MiniBatches;
import io.github.nc4j.core.data.Standardizer;
import io.github.nc4j.core.metrics.NcReport;
import io.github.nc4j.core.model.Loss;
import io.github.nc4j.core.model.Mlp;
import io.github.nc4j.core.model.MlpConfig;
import io.github.nc4j.core.train.Method;
import io.github.nc4j.core.train.Trainer;
import io.github.nc4j.core.train.TrainingConfig;
import io.github.nc4j.core.train.TrainingDivergedException;
import io.github.nc4j.core.train.TrainingResult;
import io.github.nc4j.examples.report.EpochLog;
import io.github.nc4j.examples.report.MlpReport;
import io.github.nc4j.examples.report.Progress;
import io.github.nc4j.examples.report.RunOutput;
import io.github.nc4j.examples.run.Imbalance;
import io.github.nc4j.linalg.Blas;
import io.github.nc4j.linalg.Parallelism;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code nc4j mlp}: trains a ReLU MLP on Fashion-MNIST past zero training error and measures
 * neural collapse in every hidden layer once per epoch, the real-network experiment of Papyan,
 * Han and Donoho (PNAS 2020) scaled to a CPU.
 *
 * <p>The run: a class-balanced (or, with {@code --imbalance}, step or long-tailed) random subset
 * of the 60 000 training images, the first {@code --test-size} test images, pixels standardized
 * with the training subset's mean and standard deviation (one for all pixels, as torchvision's
 * {@code Normalize}); an {@link Mlp} of {@code --depth} hidden layers of {@code --width} units
 * trained by mini-batch SGD with momentum 0.9 or Adam, with a cosine-annealed learning rate by
 * default. After every epoch (and at the initialization) the full training and test sets are
 * evaluated and the NC snapshot of {@link io.github.nc4j.core.train.NcSnapshot} is taken on all
 * training samples: no sampling. Results go to {@code --out} ({@link MlpReport}).
 */
@Command(name = "mlp", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a ReLU MLP on Fashion-MNIST past 100%% training accuracy and measure "
                + "neural collapse (NC1-NC4) in every hidden layer after every epoch.",
            "Writes trajectory.csv, metrics.json, plots (PNG, SVG) and summary.md to --out."},
        footer = {"", "Data: Debian's package dataset-fashion-mnist (apt-get install "
                + "dataset-fashion-mnist), or the four IDX files (gzipped or not) in --data DIR.",
            "Exit status: 0 on success, 1 when the data are missing or unusable or training "
                + "diverges (the message says what to do), 2 for bad options.",
            "Example: nc4j mlp --out runs/mlp   (the defaults: about 7 minutes on 2 idle cores)"})
final class MlpCommand implements Callable<Integer> {

    /** The SGD momentum (PyTorch's usual 0.9, as Papyan et al.). */
    static final double MOMENTUM = 0.9;

    @Spec
    private CommandSpec spec;

    @Option(names = "--dataset", paramLabel = "NAME", defaultValue = "fashion-mnist",
            description = "The data set: fashion-mnist (the only one so far).")
    private String dataset;

    @Option(names = "--data", paramLabel = "DIR",
            description = "Directory of the IDX files (default: ${DEFAULT-VALUE}).")
    private Path data = FashionMnist.DEFAULT_DIRECTORY;

    @Option(names = "--train-size", paramLabel = "N", defaultValue = "10000",
            description = "Training samples: N/10 per class, drawn at random (--seed); with "
                    + "--imbalance, the largest class has N/10 (default: ${DEFAULT-VALUE}).")
    private int trainSize;

    @Option(names = "--test-size", paramLabel = "N", defaultValue = "10000",
            description = "The first N of the 10 000 test images (default: ${DEFAULT-VALUE}).")
    private int testSize;

    @Option(names = "--width", paramLabel = "W", defaultValue = "256",
            description = "Units per hidden layer (default: ${DEFAULT-VALUE}).")
    private int width;

    @Option(names = "--depth", paramLabel = "L", defaultValue = "4",
            description = "Hidden layers (default: ${DEFAULT-VALUE}).")
    private int depth;

    @Option(names = "--epochs", paramLabel = "E", defaultValue = "350",
            description = "Epochs (default: ${DEFAULT-VALUE}).")
    private int epochs;

    @Option(names = "--batch-size", paramLabel = "B", defaultValue = "128",
            description = "Samples per step (default: ${DEFAULT-VALUE}).")
    private int batchSize;

    @Option(names = "--optimizer", paramLabel = "sgd|adam", defaultValue = "sgd",
            converter = OptimizerConverter.class,
            description = "SGD with momentum 0.9, or Adam (default: ${DEFAULT-VALUE}).")
    private Method optimizer;

    @Option(names = "--lr", paramLabel = "X",
            description = "Learning rate (default: 0.05 for sgd, 0.001 for adam).")
    private Double learningRate;

    @Option(names = "--schedule", paramLabel = "cosine|constant", defaultValue = "cosine",
            description = "Learning rate annealed to 0 over the run (cosine) or constant "
                    + "(default: ${DEFAULT-VALUE}).")
    private Schedule schedule;

    @Option(names = "--weight-decay", paramLabel = "X", defaultValue = "5e-4",
            description = "Weight decay on every weight matrix, not the biases "
                    + "(default: ${DEFAULT-VALUE}).")
    private double weightDecay;

    @Option(names = "--loss", paramLabel = "ce|mse", defaultValue = "ce",
            converter = LossConverter.class,
            description = "Cross-entropy or MSE against one-hot targets "
                    + "(default: ${DEFAULT-VALUE}).")
    private Loss loss;

    @Option(names = "--imbalance", paramLabel = "none|step:RHO|long-tail:RHO",
            defaultValue = "none", converter = ImbalanceConverter.class,
            description = {"Class sizes of the training subset, RHO = largest / smallest class: "
                    + "step (the last 5 classes have N/10/RHO samples) or long-tail "
                    + "(n_k = N/10 RHO^(-k/9)) (default: ${DEFAULT-VALUE})."})
    private Imbalance imbalance;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0",
            description = "Seeds the subset, the initialization and the batch order "
                    + "(default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--quiet", description = "Print nothing but errors.")
    private boolean quiet;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "Folder for the results (created if missing).")
    private Path out;

    /** The {@code --schedule} values. */
    enum Schedule { cosine, constant }

    /** SGD or Adam: full-batch gradient descent is no choice for 10 000 images. */
    static final class OptimizerConverter implements ITypeConverter<Method> {
        @Override
        public Method convert(String value) {
            if (!value.equalsIgnoreCase(Method.SGD.cliName())
                    && !value.equalsIgnoreCase(Method.ADAM.cliName())) {
                throw new TypeConversionException("unknown optimizer \"" + value
                        + "\"; use sgd or adam");
            }
            return Method.parse(value);
        }
    }

    /** {@code ce} or {@code mse}. */
    static final class LossConverter implements ITypeConverter<Loss> {
        @Override
        public Loss convert(String value) {
            try {
                return Loss.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** {@code none}, {@code step:RHO} or {@code long-tail:RHO}, as {@link Imbalance#parse}. */
    static final class ImbalanceConverter implements ITypeConverter<Imbalance> {
        @Override
        public Imbalance convert(String value) {
            try {
                return Imbalance.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** The training and test sets, standardized, and the class sizes asked for. */
    private record Splits(LabeledData train, LabeledData test, int[] classSizes) {
    }

    @Override
    public Integer call() {
        validate();
        PrintWriter err = spec.commandLine().getErr();
        try {
            run();
            return 0;
        } catch (NoSuchFileException e) {
            err.println("nc4j mlp: " + e.getMessage());
        } catch (TrainingDivergedException e) {
            err.println("nc4j mlp: " + e.getMessage() + "; try a smaller --lr");
        } catch (IOException | IllegalArgumentException e) {
            err.println("nc4j mlp: " + e.getMessage());
        }
        err.flush();
        return 1;
    }

    private void validate() {
        if (!dataset.equals("fashion-mnist")) {
            throw bad("--dataset " + dataset + ": only fashion-mnist is supported");
        }
        requireAtLeast("--train-size", trainSize, FashionMnist.NUM_CLASSES);
        requireAtLeast("--test-size", testSize, 1);
        requireAtLeast("--width", width, 1);
        requireAtLeast("--depth", depth, 1);
        requireAtLeast("--epochs", epochs, 1);
        requireAtLeast("--batch-size", batchSize, 1);
        if (learningRate != null
                && !(learningRate > 0 && learningRate < Double.POSITIVE_INFINITY)) {
            throw bad("--lr must be positive and finite, got " + learningRate);
        }
        if (!(weightDecay >= 0 && weightDecay < Double.POSITIVE_INFINITY)) {
            throw bad("--weight-decay must be non-negative and finite, got " + weightDecay);
        }
    }

    private void requireAtLeast(String option, int value, int min) {
        if (value < min) {
            throw bad(option + " must be at least " + min + ", got " + value);
        }
    }

    private ParameterException bad(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    private double learningRate() {
        return learningRate != null ? learningRate : optimizer == Method.ADAM ? 1e-3 : 0.05;
    }

    private void run() throws IOException {
        long start = System.nanoTime();
        Splits splits = load();
        double loadSeconds = (System.nanoTime() - start) * 1e-9;
        LabeledData train = splits.train();
        MlpConfig modelConfig = MlpConfig.of(train.dimension(), width, depth,
                FashionMnist.NUM_CLASSES, weightDecay).withLoss(loss).withSeed(seed);
        int stepsPerEpoch = MiniBatches.of(train, batchSize, seed).batchesPerEpoch();
        TrainingConfig trainingConfig = new TrainingConfig(optimizer, learningRate(),
                optimizer == Method.SGD ? MOMENTUM : 0, schedule == Schedule.cosine,
                batchSize, (long) epochs * stepsPerEpoch, 0, 0, 0, stepsPerEpoch, seed);
        Map<String, Object> config = describe(splits, trainingConfig);
        PrintWriter console = spec.commandLine().getOut();
        if (!quiet) {
            console.printf(Locale.ROOT, "nc4j mlp: %d training samples %s, %d test samples; MLP"
                    + " %d-%s-%d, %s loss, %s lr %s (%s), %d epochs of %d steps; %d thread(s), %s"
                    + " kernels%n", train.size(), Arrays.toString(splits.classSizes()),
                    splits.test().size(), train.dimension(), widthsText(),
                    FashionMnist.NUM_CLASSES, loss.shortName(), optimizer.cliName(),
                    learningRate(), schedule, epochs, stepsPerEpoch, Parallelism.threads(),
                    Blas.implementation());
            console.flush();
        }

        Mlp model = new Mlp(modelConfig, train);
        TrainingResult result;
        EpochLog log;
        try (Progress progress = Progress.start("mlp", trainingConfig.maxSteps(), "steps",
                quiet ? Progress.Mode.QUIET : Progress.Mode.AUTO)) {
            log = new EpochLog(model, splits.test(), stepsPerEpoch, progress);
            result = Trainer.train(model, trainingConfig, log);
        }
        MlpReport report = new MlpReport(log.epochs(), result.trajectory(),
                modelConfig.hiddenWidths(), train.size());
        MlpReport.Timing timing = new MlpReport.Timing(loadSeconds,
                result.seconds() - log.ncSeconds() - log.evaluationSeconds(), log.ncSeconds(),
                log.evaluationSeconds());
        RunOutput output = RunOutput.at(out);
        report.write(output, config, timing);
        if (!quiet) {
            printResults(console, log.epochs(), report, timing, output);
        }
    }

    /** Reads the data, cuts the training set to the class sizes asked for, standardizes both. */
    private Splits load() throws IOException {
        FashionMnist source = FashionMnist.at(data);
        LabeledData all = source.train(Integer.MAX_VALUE);
        int[] sizes = imbalance.classSizes(FashionMnist.NUM_CLASSES,
                trainSize / FashionMnist.NUM_CLASSES);
        LabeledData train = all.subsample(sizes, seed);
        // Statistics of the training subset only: the test set must not leak into training.
        Standardizer standardizer = Standardizer.fitGlobal(train.features());
        return new Splits(standardizer.apply(train), standardizer.apply(source.test(testSize)),
                sizes);
    }

    private String widthsText() {
        return depth == 1 ? Integer.toString(width) : width + "x" + depth;
    }

    private Map<String, Object> describe(Splits splits, TrainingConfig training) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("dataset", dataset);
        c.put("data", data.toString());
        c.put("train_size", splits.train().size());
        c.put("class_sizes", splits.classSizes());
        c.put("imbalance", imbalance.toString());
        c.put("test_size", splits.test().size());
        c.put("standardization", "one mean and standard deviation over all pixels of the"
                + " training subset");
        c.put("width", width);
        c.put("depth", depth);
        c.put("architecture", splits.train().dimension() + "-" + widthsText() + "-"
                + FashionMnist.NUM_CLASSES + ", ReLU, biases");
        c.put("loss", loss.shortName());
        c.put("weight_decay", weightDecay);
        c.put("optimizer", optimizer.cliName());
        c.put("learning_rate", training.learningRate());
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
                              MlpReport report, MlpReport.Timing timing, RunOutput output) {
        EpochLog.Epoch first = epochLog.get(0);
        EpochLog.Epoch end = epochLog.get(epochLog.size() - 1);
        console.printf(Locale.ROOT, "%nepoch %d: train accuracy %.2f%%, test accuracy %.2f%%,"
                + " objective %.4g%n", end.epoch(), 100 * end.train().accuracy(),
                100 * end.test().accuracy(), end.objective());
        console.println("NC1 per hidden layer, epoch 0 -> " + end.epoch() + ":");
        for (int l = 0; l < depth; l++) {
            console.printf(Locale.ROOT, "  layer %d  %10.4g -> %10.4g%n", l + 1,
                    first.point().nc().layers().get(l).features().nc1(),
                    end.point().nc().layers().get(l).features().nc1());
        }
        NcReport last = end.point().nc().last();
        console.printf(Locale.ROOT, "last layer: NC2 means %.3g, NC2 classifier %.3g, NC3 %.3g,"
                + " NC4 %.3g%n", last.nc2EtfMeans(), last.nc2EtfClassifier().orElse(Double.NaN),
                last.nc3().orElse(Double.NaN), last.nc4().orElse(Double.NaN));
        console.printf(Locale.ROOT, "time %.1f s: training %.1f s (%.0f samples/s), NC"
                + " measurement %.1f s, evaluation %.1f s, data %.1f s%n", timing.total(),
                timing.training(), report.samplesPerSecond(timing), timing.nc(),
                timing.evaluation(), timing.load());
        console.println("results in " + output.directory() + " (summary.md, metrics.json,"
                + " trajectory.csv, plots)");
        console.flush();
    }
}
