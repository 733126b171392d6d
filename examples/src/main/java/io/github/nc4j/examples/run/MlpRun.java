package io.github.nc4j.examples.run;

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

/**
 * One run of {@code nc4j mlp}: trains a ReLU MLP on Fashion-MNIST past zero training error and
 * measures neural collapse in every hidden layer once per epoch, the real-network experiment of
 * Papyan, Han and Donoho (PNAS 2020) scaled to a CPU.
 *
 * <p>The run: a class-balanced (or, with an {@link Imbalance}, step or long-tailed) random
 * subset of the 60 000 training images, the first {@code testSize} test images, pixels
 * standardized with the training subset's mean and standard deviation (one for all pixels, as
 * torchvision's {@code Normalize}); an {@link Mlp} of {@code depth} hidden layers of
 * {@code width} units trained by mini-batch SGD with momentum 0.9 or Adam, with a
 * cosine-annealed learning rate by default. After every epoch (and at the initialization) the
 * full training and test sets are evaluated and the NC snapshot of
 * {@link io.github.nc4j.core.train.NcSnapshot} is taken on all training samples: no sampling.
 * Results go to the run folder ({@link MlpReport}).
 *
 * @param dataset      the data set's name, recorded in metrics.json (only fashion-mnist)
 * @param data         the directory of the IDX files
 * @param trainSize    training samples: trainSize/10 in the largest class
 * @param testSize     the first testSize test images
 * @param width        units per hidden layer
 * @param depth        hidden layers
 * @param epochs       epochs
 * @param batchSize    samples per step
 * @param optimizer    {@link Method#SGD} (momentum {@link #MOMENTUM}) or {@link Method#ADAM}
 * @param learningRate the (initial) learning rate
 * @param schedule     cosine annealing to 0, or constant
 * @param weightDecay  weight decay on every weight matrix, not the biases
 * @param loss         cross-entropy or MSE against one-hot targets
 * @param imbalance    the class sizes of the training subset
 * @param seed         seeds the subset, the initialization and the batch order
 */
public record MlpRun(String dataset, Path data, int trainSize, int testSize, int width, int depth,
                     int epochs, int batchSize, Method optimizer, double learningRate,
                     Schedule schedule, double weightDecay, Loss loss, Imbalance imbalance,
                     long seed) {

    /** The SGD momentum (PyTorch's usual 0.9, as Papyan et al.). */
    public static final double MOMENTUM = 0.9;

    /** The learning rate schedules, named as the {@code --schedule} values. */
    public enum Schedule { cosine, constant }

    /** The training and test sets, standardized, and the class sizes asked for. */
    private record Splits(LabeledData train, LabeledData test, int[] classSizes) {
    }

    /**
     * Loads the data, trains, writes the results to {@code out} ({@link MlpReport}) and, unless
     * {@code quiet}, prints a line before training and the results after it to {@code console}.
     *
     * @throws java.nio.file.NoSuchFileException if the data are missing
     * @throws IOException                       if the data cannot be read or the results written
     * @throws TrainingDivergedException         if the objective stops being finite
     * @throws IllegalArgumentException          if the data or the settings are unusable
     */
    public void run(Path out, boolean quiet, PrintWriter console) throws IOException {
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
