package io.github.nc4j.examples;

import io.github.nc4j.core.data.FashionMnist;
import io.github.nc4j.core.model.Loss;
import io.github.nc4j.core.model.MlpConfig.Head;
import io.github.nc4j.core.train.Method;
import io.github.nc4j.core.train.TrainingDivergedException;
import io.github.nc4j.examples.run.Imbalance;
import io.github.nc4j.examples.run.MlpRun;
import io.github.nc4j.linalg.Precision;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
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
 * Han and Donoho (PNAS 2020) scaled to a CPU. The command reads and checks the options; the run
 * itself, what it prints and the files it writes to {@code --out} are {@link MlpRun}'s.
 */
@Command(name = "mlp", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a ReLU MLP on Fashion-MNIST past 100%% training accuracy and measure "
                + "neural collapse (NC1-NC4) in every body and head layer after every epoch; "
                + "with a head, compare it with the unconstrained feature model's closed form.",
            "Writes trajectory.csv, metrics.json, plots (PNG, SVG) and summary.md to --out."},
        footer = {"", "Data: Debian's package dataset-fashion-mnist (apt-get install "
                + "dataset-fashion-mnist), or the four IDX files (gzipped or not) in --data DIR.",
            "Exit status: 0 on success, 1 when the data are missing or unusable or training "
                + "diverges (the message says what to do), 2 for bad options.",
            "Example: nc4j mlp --out runs/mlp   (the defaults: about 4 minutes on 2 idle cores)"})
final class MlpCommand implements Callable<Integer> {

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
            description = "Hidden ReLU layers of the body, before any head (default:"
                    + " ${DEFAULT-VALUE}).")
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

    @Option(names = "--schedule", paramLabel = "cosine|constant|step:E[:G]",
            defaultValue = "cosine", converter = ScheduleConverter.class,
            description = "Learning rate annealed to 0 over the run (cosine), constant, or times"
                    + " G (default 0.1) every E epochs (step, PyTorch's StepLR as in the seeds'"
                    + " scripts) (default: ${DEFAULT-VALUE}).")
    private MlpRun.Schedule schedule;

    @Option(names = "--weight-decay", paramLabel = "X", defaultValue = "5e-4",
            description = "Weight decay on every weight matrix (the body's unless"
                    + " --body-weight-decay), not the biases (default: ${DEFAULT-VALUE}).")
    private double weightDecay;

    @Option(names = "--precision", paramLabel = "f32|f64", defaultValue = "f32",
            converter = PrecisionConverter.class,
            description = "Arithmetic of the training products, forward and backward: f32"
                    + " (float, faster, as PyTorch trains) or f64; evaluation and NC are"
                    + " always computed in double (default: ${DEFAULT-VALUE}).")
    private Precision precision;

    @Option(names = "--body-weight-decay", paramLabel = "X",
            description = "Weight decay on the body's weight matrices instead; 0 with"
                    + " --feature-decay is the seeds' sep_decay, which decays only the head,"
                    + " the classifier and the features (default: --weight-decay).")
    private Double bodyWeightDecay;

    @Option(names = "--loss", paramLabel = "ce|mse", defaultValue = "ce",
            converter = LossConverter.class,
            description = "Cross-entropy or MSE against one-hot targets "
                    + "(default: ${DEFAULT-VALUE}).")
    private Loss loss;

    @Option(names = "--feature-decay", paramLabel = "X", defaultValue = "0",
            description = "lambda_H: decay (X/2)||H||^2 of the body's last features over all"
                    + " training samples (the seeds' sep_decay; a batch of B estimates it by"
                    + " N/B times its own) (default: ${DEFAULT-VALUE}).")
    private double featureDecay;

    @Option(names = "--head", paramLabel = "none|linear:M|relu:L", defaultValue = "none",
            converter = HeadConverter.class,
            description = "Layers between the body and the classifier, as wide as the last"
                    + " hidden layer and without bias: M linear layers (Dang et al. 2023) or L"
                    + " ReLU layers (Súkeník et al. 2023) (default: ${DEFAULT-VALUE}).")
    private Head head;

    @Option(names = "--classifier-bias", negatable = true, defaultValue = "true",
            fallbackValue = "true",
            description = "Give the classifier a bias; --no-classifier-bias for the bias-free"
                    + " papers (default: with).")
    private boolean classifierBias;

    @Option(names = "--loss-scale", paramLabel = "X", defaultValue = "1",
            description = "Multiplies the loss. MSE is (1/(2N))||Z - Y||^2, the closed forms'"
                    + " normalization; 2/K gives PyTorch's nn.MSELoss() of the seeds' scripts."
                    + " Theory divides every decay by X (default: ${DEFAULT-VALUE}).")
    private double lossScale;

    @Option(names = "--classes", paramLabel = "C1,C2,...", split = ",", hideParamSyntax = true,
            description = "Only these Fashion-MNIST classes (0-9), relabeled 0..K-1 in this"
                    + " order, e.g. 0,6 for T-shirts against shirts (default: all 10).")
    private int[] classes = new int[0];

    @Option(names = "--class-sizes", paramLabel = "N1,N2,...", split = ",",
            hideParamSyntax = true,
            description = "Training samples of each class, e.g. 100,100,200,200,300,300,400,400,"
                    + "500,500 (Dang et al.); replaces --train-size and --imbalance.")
    private int[] classSizes = new int[0];

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

    /** {@code f32} or {@code f64}. */
    static final class PrecisionConverter implements ITypeConverter<Precision> {
        @Override
        public Precision convert(String value) {
            return switch (value) {
                case "f32" -> Precision.FLOAT32;
                case "f64" -> Precision.FLOAT64;
                default -> throw new TypeConversionException("expected f32 or f64, got '"
                        + value + "'");
            };
        }
    }

    /** {@code cosine}, {@code constant}, {@code step:E} or {@code step:E:G}. */
    static final class ScheduleConverter implements ITypeConverter<MlpRun.Schedule> {
        @Override
        public MlpRun.Schedule convert(String value) {
            try {
                return MlpRun.Schedule.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** {@code none}, {@code linear:M} or {@code relu:L}. */
    static final class HeadConverter implements ITypeConverter<Head> {
        @Override
        public Head convert(String value) {
            String v = value.strip().toLowerCase(Locale.ROOT);
            if (v.equals("none")) {
                return Head.none();
            }
            String[] parts = v.split(":");
            if (parts.length == 2 && (parts[0].equals("linear") || parts[0].equals("relu"))) {
                try {
                    int depth = Integer.parseInt(parts[1]);
                    if (depth >= 1) {
                        return new Head(depth, parts[0].equals("relu"));
                    }
                } catch (NumberFormatException e) {
                    // reported below with the accepted forms
                }
            }
            throw new TypeConversionException("unknown head \"" + value + "\"; use none,"
                    + " linear:M or relu:L with M, L >= 1");
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

    @Override
    public Integer call() {
        validate();
        PrintWriter err = spec.commandLine().getErr();
        try {
            new MlpRun(dataset, data, trainSize, testSize, width, depth, epochs, batchSize,
                    optimizer, learningRate(), schedule, weightDecay,
                    bodyWeightDecay == null ? weightDecay : bodyWeightDecay, loss, imbalance,
                    seed, head, classifierBias, featureDecay, lossScale, classSizes, classes,
                    precision)
                    .run(out, quiet, spec.commandLine().getOut());
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
        if (bodyWeightDecay != null
                && !(bodyWeightDecay >= 0 && bodyWeightDecay < Double.POSITIVE_INFINITY)) {
            throw bad("--body-weight-decay must be non-negative and finite, got "
                    + bodyWeightDecay);
        }
        if (!(featureDecay >= 0 && featureDecay < Double.POSITIVE_INFINITY)) {
            throw bad("--feature-decay must be non-negative and finite, got " + featureDecay);
        }
        if (!(lossScale > 0 && lossScale < Double.POSITIVE_INFINITY)) {
            throw bad("--loss-scale must be positive and finite, got " + lossScale);
        }
        validateClasses();
    }

    private void validateClasses() {
        if (classes.length == 1) {
            throw bad("--classes needs at least 2 classes, got " + classes[0]);
        }
        boolean[] seen = new boolean[FashionMnist.NUM_CLASSES];
        for (int c : classes) {
            if (c < 0 || c >= FashionMnist.NUM_CLASSES) {
                throw bad("--classes: " + c + " is not a Fashion-MNIST class (0-9)");
            }
            if (seen[c]) {
                throw bad("--classes: " + c + " is given twice");
            }
            seen[c] = true;
        }
        int k = classes.length == 0 ? FashionMnist.NUM_CLASSES : classes.length;
        if (classSizes.length != 0 && classSizes.length != k) {
            throw bad("--class-sizes gives " + classSizes.length + " sizes for " + k
                    + " classes");
        }
        for (int n : classSizes) {
            requireAtLeast("every --class-sizes entry", n, 1);
        }
        if (classSizes.length == 0) {
            requireAtLeast("--train-size", trainSize, k);
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

    /** {@code --lr}, or the optimizer's default. */
    private double learningRate() {
        return learningRate != null ? learningRate : optimizer == Method.ADAM ? 1e-3 : 0.05;
    }
}
