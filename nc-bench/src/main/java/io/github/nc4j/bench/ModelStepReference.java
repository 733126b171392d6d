package io.github.nc4j.bench;

import io.github.nc4j.core.model.FeatureModel;
import io.github.nc4j.core.model.UfmConfig;
import io.github.nc4j.linalg.Matrix;
import io.github.nc4j.linalg.io.Npy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Writes what {@code nc-bench/scripts/ufm_numpy.py} needs to take the steps of
 * {@link ModelStepBenchmark} in NumPy and to check that they are the same steps:
 *
 * <pre>
 *   java -cp nc-bench/target/benchmarks.jar io.github.nc4j.bench.ModelStepReference DIR
 * </pre>
 * writes, for each {@link ModelSetting}, {@code DIR/<SETTING>/} holding the initial parameters
 * ({@code H.npy}, {@code W1.npy} ... {@code WM.npy}, {@code b.npy} with a bias) and
 * {@code setting.json}: the model (architecture, loss, class sizes, weight decays), the learning
 * rate, and the objective and gradient norm of the first {@value #CHECKED_STEPS} steps as nc4j
 * takes them.
 */
public final class ModelStepReference {

    static final int CHECKED_STEPS = 10;

    private ModelStepReference() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: ModelStepReference DIR");
            System.exit(2);
        }
        for (ModelSetting setting : ModelSetting.values()) {
            Path dir = Files.createDirectories(Path.of(args[0], setting.name()));
            FullBatchStep step = new FullBatchStep(setting);
            FeatureModel model = step.model();
            Npy.write(dir.resolve("H.npy"), model.features());
            for (int l = 1; l <= model.depth(); l++) {
                Npy.write(dir.resolve("W" + l + ".npy"), model.weight(l));
            }
            Optional<double[]> bias = model.bias();
            if (bias.isPresent()) {
                Npy.write(dir.resolve("b.npy"), Matrix.rowVector(bias.get()));
            }
            double[] objectives = new double[CHECKED_STEPS];
            double[] gradientNorms = new double[CHECKED_STEPS];
            for (int t = 0; t < CHECKED_STEPS; t++) {
                objectives[t] = step.step();
                gradientNorms[t] = step.gradientNorm();
            }
            Files.writeString(dir.resolve("setting.json"),
                    json(setting, objectives, gradientNorms));
        }
    }

    private static String json(ModelSetting setting, double[] objectives, double[] norms) {
        UfmConfig c = setting.config();
        return String.format(Locale.ROOT, """
                {"architecture": "%s", "loss": "%s", "bias": %b, "class_sizes": %s,
                 "lambda_w": %s, "lambda_h": %s, "lambda_b": %s, "learning_rate": %s,
                 "objectives": %s, "gradient_norms": %s}
                """, c.architecture().cliName(), c.loss().shortName(), c.bias(),
                Arrays.toString(c.classSizes()), list(c.lambdaW()), c.lambdaH(), c.lambdaB(),
                setting.learningRate(), list(objectives), list(norms));
    }

    /** A JSON array; Double.toString reads back to the same double in Python. */
    private static String list(double[] values) {
        return Arrays.stream(values).mapToObj(Double::toString)
                .collect(Collectors.joining(", ", "[", "]"));
    }
}
