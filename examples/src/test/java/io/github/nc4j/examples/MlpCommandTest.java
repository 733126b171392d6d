package io.github.nc4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.nc4j.core.data.FashionMnist;
import io.github.nc4j.linalg.Matrix;
import io.github.nc4j.linalg.io.Csv;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code nc4j mlp} end to end on tiny generated IDX files; a short real run when installed. */
class MlpCommandTest {

    @TempDir
    static Path data;

    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new Nc4jCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    /** 150 training images (15 per class) and 40 test images of 4 x 4 pixels. */
    @BeforeAll
    static void writeData() throws IOException {
        FashionMnistFiles.write(data, 150, 40, 4);
    }

    /**
     * A tiny network, 3 epochs of 4 steps on 100 samples, with {@code extra} options replacing
     * these ({@code --quiet} and {@code --no-...} are the ones without a value).
     */
    private Run tiny(String... extra) {
        Map<String, String> options = new LinkedHashMap<>(Map.of("--data", data.toString(),
                "--train-size", "100", "--test-size", "30", "--width", "12", "--depth", "3",
                "--epochs", "3", "--batch-size", "32", "--out", dir.toString()));
        List<String> flags = new ArrayList<>();
        for (int i = 0; i < extra.length; i++) {
            if (extra[i].equals("--quiet") || extra[i].startsWith("--no-")) {
                flags.add(extra[i]);
            } else {
                options.put(extra[i], extra[++i]);
            }
        }
        List<String> args = new ArrayList<>(List.of("mlp"));
        options.forEach((name, value) -> args.addAll(List.of(name, value)));
        args.addAll(flags);
        return run(args.toArray(String[]::new));
    }

    private String read(String file) throws IOException {
        return Files.readString(dir.resolve(file));
    }

    private static double jsonNumber(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\": ([-+0-9.eE]+)").matcher(json);
        assertTrue(m.find(), key + " in " + json);
        return Double.parseDouble(m.group(1));
    }

    @Test
    void writesOneRowPerEpochWithEveryLayerAndTheSameFinalValuesAsTheJson() throws IOException {
        Run r = tiny("--quiet");
        assertEquals(0, r.exit(), r.err());
        assertEquals("", r.out(), "--quiet prints nothing");
        for (String file : List.of("trajectory.csv", "metrics.json", "summary.md",
                "nc1_layers.png", "nc1_layers.svg", "accuracy.png", "loss.png", "last_layer.png",
                "last_layer.svg")) {
            assertTrue(Files.size(dir.resolve(file)) > 0, file);
        }
        List<String> csv = Files.readAllLines(dir.resolve("trajectory.csv"));
        List<String> columns = List.of(csv.get(0).split(","));
        for (String c : List.of("epoch", "objective", "train_accuracy", "test_accuracy",
                "nc1", "nc2_etf_means", "nc3", "nc4", "layer1_nc1", "layer2_nc1", "layer3_nc1",
                "layer3_dnc3")) {
            assertTrue(columns.contains(c), c + " in " + columns);
        }
        Matrix table = Csv.read(dir.resolve("trajectory.csv")).values();
        assertEquals(4, table.rows(), "epochs 0 to 3");
        int epoch = columns.indexOf("epoch");
        int step = columns.indexOf("step");
        for (int i = 0; i < 4; i++) {
            assertEquals(i, table.get(i, epoch));
            assertEquals(4 * i, table.get(i, step), "4 batches of at most 32 per epoch");
        }
        String json = read("metrics.json");
        assertEquals(table.get(3, columns.indexOf("train_accuracy")),
                jsonNumber(json, "train_accuracy"));
        assertEquals(table.get(3, columns.indexOf("layer3_nc1")),
                jsonNumber(json.substring(json.indexOf("\"layer\": 3")), "nc1"));
        assertEquals(table.get(3, columns.indexOf("nc1")),
                table.get(3, columns.indexOf("layer3_nc1")),
                "the last layer's complete report is layer 3's");
        assertTrue(jsonNumber(json, "samples_per_second") > 0);
        assertEquals(100, jsonNumber(json, "train_size"));
        String summary = read("summary.md");
        assertTrue(summary.contains("Training accuracy"), summary);
        assertTrue(summary.contains("![NC1 of every hidden layer"), summary);
    }

    @Test
    void sameSeedSameTrajectory() throws IOException {
        assertEquals(0, tiny("--quiet", "--seed", "5").exit());
        Matrix first = Csv.read(dir.resolve("trajectory.csv")).values();
        assertEquals(0, tiny("--quiet", "--seed", "5").exit());
        Matrix second = Csv.read(dir.resolve("trajectory.csv")).values();
        int seconds = 1; // the wall-clock column differs
        for (int i = 0; i < first.rows(); i++) {
            for (int j = 0; j < first.cols(); j++) {
                if (j != seconds) {
                    assertEquals(first.get(i, j), second.get(i, j), "row " + i + " column " + j);
                }
            }
        }
    }

    @Test
    void stepImbalanceShrinksTheLastFiveClasses() throws IOException {
        Run r = tiny("--quiet", "--imbalance", "step:3", "--optimizer", "adam", "--loss", "mse",
                "--depth", "1");
        assertEquals(0, r.exit(), r.err());
        String json = read("metrics.json");
        assertTrue(json.contains("\"class_sizes\": [10, 10, 10, 10, 10, 3, 3, 3, 3, 3]"), json);
        assertEquals(65, jsonNumber(json, "train_size"));
        assertTrue(json.contains("\"imbalance\": \"step:3\""), json);
        assertTrue(json.contains("\"learning_rate\": 0.001"), "Adam's default rate: " + json);
    }

    /**
     * f32 changes the training (its products round to float) and is recorded, and leaves the
     * double evaluation of the initial network alone: epoch 0's row is the f64 run's but for
     * the trainer's batch objective and gradient norm, which come from the training products.
     * f32 is the default.
     */
    @Test
    void float32TrainsWithFloatProducts() throws IOException {
        assertEquals(0, tiny("--quiet", "--seed", "3", "--precision", "f64").exit());
        assertTrue(read("metrics.json").contains("\"precision\": \"f64\""));
        Matrix doubles = Csv.read(dir.resolve("trajectory.csv")).values();
        Run r = tiny("--quiet", "--seed", "3");
        assertEquals(0, r.exit(), r.err());
        Matrix floats = Csv.read(dir.resolve("trajectory.csv")).values();
        assertTrue(read("metrics.json").contains("\"precision\": \"f32\""));
        int seconds = 1; // the wall-clock column differs
        List<Integer> trainingProducts = List.of(7, 8); // batch_objective, grad_norm
        boolean trainingDiffers = false;
        for (int j = 0; j < doubles.cols(); j++) {
            if (trainingProducts.contains(j)) {
                double x = doubles.get(0, j);
                assertNotEquals(x, floats.get(0, j), "epoch 0, column " + j);
                assertEquals(x, floats.get(0, j), 1e2 * Math.ulp(1.0f) * Math.abs(x));
            } else if (j != seconds) {
                assertEquals(doubles.get(0, j), floats.get(0, j), "epoch 0, column " + j);
                trainingDiffers |= doubles.get(doubles.rows() - 1, j)
                        != floats.get(floats.rows() - 1, j);
            }
        }
        assertTrue(trainingDiffers, "f32 trained exactly as f64");
    }

    @Test
    void printsTheResultsUnlessQuiet() {
        Run r = tiny("--epochs", "1");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("NC1 per layer (body, then head), epoch 0 -> 1:"), r.out());
        assertTrue(r.out().contains("theory: simplex ETF"), r.out());
        assertTrue(r.out().contains("samples/s"), r.out());
        assertTrue(r.out().contains("results in " + dir), r.out());
    }

    @Test
    void aBiasFreeLinearHeadIsMeasuredLayerByLayerAndComparedWithTheDeepLinearOptimum()
            throws IOException {
        Run r = tiny("--quiet", "--head", "linear:2", "--no-classifier-bias", "--loss", "mse",
                "--feature-decay", "1e-3", "--optimizer", "adam", "--schedule", "step:2:0.5");
        assertEquals(0, r.exit(), r.err());
        List<String> columns = List.of(Files.readAllLines(dir.resolve("trajectory.csv")).get(0)
                .split(","));
        assertTrue(columns.contains("layer5_nc1"), "3 body and 2 head layers: " + columns);
        assertTrue(!columns.contains("layer6_nc1"), "the classifier is no layer: " + columns);
        String json = read("metrics.json");
        assertTrue(json.contains("\"classifier_bias\": false"), json);
        assertTrue(json.contains("\"head\": \"2 linear head layers\""), json);
        assertTrue(json.contains("\"schedule\": \"step:2:0.5\""), json);
        assertTrue(json.contains("bias-free deep linear UFM, MSE, M = 3"), json);
        assertEquals(1e-3, jsonNumber(json, "feature_decay"));
        String summary = read("summary.md");
        assertTrue(summary.contains("The head against the unconstrained feature model"), summary);
        assertTrue(Files.size(dir.resolve("lengths.png")) > 0);
    }

    @Test
    void aClassSubsetWithExplicitSizesIsTheTrainingSet() throws IOException {
        Run r = tiny("--quiet", "--classes", "0,6", "--class-sizes", "7,5", "--head", "relu:1",
                "--loss-scale", "0.5", "--loss", "mse");
        assertEquals(0, r.exit(), r.err());
        String json = read("metrics.json");
        assertTrue(json.contains("\"class_sizes\": [7, 5]"), json);
        assertTrue(json.contains("\"classes\": \"[0, 6]\""), json);
        assertEquals(12, jsonNumber(json, "train_size"));
        assertEquals(0.5, jsonNumber(json, "loss_scale"));
        assertTrue(json.contains("\"rank_last\""), json);
    }

    @Test
    void theBodysWeightDecayIsItsOwnOrElseTheWeightDecay() throws IOException {
        Run sep = tiny("--quiet", "--weight-decay", "2e-3", "--body-weight-decay", "0");
        assertEquals(0, sep.exit(), sep.err());
        String json = read("metrics.json");
        assertEquals(2e-3, jsonNumber(json, "weight_decay"));
        assertEquals(0, jsonNumber(json, "body_weight_decay"));
        Run plain = tiny("--quiet", "--weight-decay", "2e-3");
        assertEquals(0, plain.exit(), plain.err());
        assertEquals(2e-3, jsonNumber(read("metrics.json"), "body_weight_decay"));
    }

    @Test
    void missingDataSaysHowToInstallItAndFails() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Run r = run("mlp", "--data", empty.toString(), "--out", dir.resolve("o").toString());
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("apt-get install dataset-fashion-mnist"), r.err());
        assertTrue(r.err().contains("--data DIR"), r.err());
        assertTrue(Files.notExists(dir.resolve("o")),
                "no output folder for a run that did not start");
    }

    @Test
    void tooFewSamplesOfAClassIsNamed() {
        Run r = tiny("--train-size", "1000");
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("class 0 has 15 samples, 100 requested"), r.err());
    }

    @Test
    void badOptionsExitWithTwoAndSayWhy() {
        String[][] cases = {
            {"--epochs", "0", "--epochs must be at least 1"},
            {"--train-size", "5", "--train-size must be at least 10"},
            {"--lr", "-1", "--lr must be positive"},
            {"--weight-decay", "NaN", "--weight-decay must be non-negative"},
            {"--optimizer", "gd", "use sgd or adam"},
            {"--loss", "hinge", "use mse or ce"},
            {"--imbalance", "step:x", "is not a number"},
            {"--imbalance", "steep:10", "use none, step:RHO or long-tail:RHO"},
            {"--imbalance", "long-tail:0.5", "at least 1"},
            {"--dataset", "mnist", "only fashion-mnist"},
            {"--head", "conv:2", "use none, linear:M or relu:L"},
            {"--head", "relu:0", "use none, linear:M or relu:L"},
            {"--classes", "0", "at least 2 classes"},
            {"--classes", "0,10", "not a Fashion-MNIST class"},
            {"--classes", "3,3", "given twice"},
            {"--class-sizes", "1,2", "gives 2 sizes for 10 classes"},
            {"--schedule", "step:0", "a step schedule needs E >= 1"},
            {"--schedule", "linear", "use cosine, constant, step:E"},
            {"--feature-decay", "-1", "--feature-decay must be non-negative"},
            {"--body-weight-decay", "NaN", "--body-weight-decay must be non-negative"},
            {"--loss-scale", "0", "--loss-scale must be positive"},
            {"--precision", "f16", "expected f32 or f64, got 'f16'"},
        };
        for (String[] c : cases) {
            Run r = tiny(c[0], c[1]);
            assertEquals(2, r.exit(), String.join(" ", c));
            assertTrue(r.err().contains(c[2]), c[2] + " in " + r.err());
        }
        Run noOut = run("mlp", "--data", data.toString());
        assertEquals(2, noOut.exit());
        assertTrue(noOut.err().contains("--out"), noOut.err());
    }

    /** Seconds, not minutes: three epochs on 500 images, when the Debian package is installed. */
    @Test
    void realFashionMnistLearnsInThreeEpochs() throws IOException {
        assumeTrue(Files.isDirectory(FashionMnist.DEFAULT_DIRECTORY),
                "Fashion-MNIST is not installed (apt-get install dataset-fashion-mnist); skipped");
        Run r = run("mlp", "--train-size", "500", "--test-size", "500", "--width", "32",
                "--depth", "2", "--epochs", "3", "--batch-size", "32", "--quiet", "--out",
                dir.toString());
        assertEquals(0, r.exit(), r.err());
        String json = read("metrics.json");
        assertEquals(500, jsonNumber(json, "train_size"));
        assertTrue(jsonNumber(json, "test_accuracy") > 0.5, "well above chance (0.1): " + json);
    }

    /** A few seconds: the binary task of the MLP-head experiment, when the data are installed. */
    @Test
    void realFashionMnistBinaryTaskWithAReluHead() throws IOException {
        assumeTrue(Files.isDirectory(FashionMnist.DEFAULT_DIRECTORY),
                "Fashion-MNIST is not installed (apt-get install dataset-fashion-mnist); skipped");
        Run r = run("mlp", "--classes", "1,9", "--class-sizes", "100,100", "--test-size", "200",
                "--width", "32", "--depth", "1", "--head", "relu:2", "--no-classifier-bias",
                "--loss", "mse", "--optimizer", "adam", "--epochs", "3", "--batch-size", "20",
                "--quiet", "--out", dir.toString());
        assertEquals(0, r.exit(), r.err());
        String json = read("metrics.json");
        assertEquals(200, jsonNumber(json, "train_size"));
        assertTrue(jsonNumber(json, "test_accuracy") > 0.8, "trousers vs boots: " + json);
        assertTrue(json.contains("\"layer\": 3"), "the body and two head layers: " + json);
    }
}
