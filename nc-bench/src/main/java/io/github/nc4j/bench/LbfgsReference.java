package io.github.nc4j.bench;

import io.github.nc4j.autodiff.optim.Lbfgs;
import io.github.nc4j.core.model.DeepLinearUfm;
import io.github.nc4j.linalg.io.Npy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Writes what {@code nc-bench/scripts/ufm_lbfgs_scipy.py} needs to minimize the problem of
 * {@link LbfgsBenchmark} with SciPy from the same points, and prints nc4j's iterations:
 *
 * <pre>
 *   java -cp nc-bench/target/benchmarks.jar io.github.nc4j.bench.LbfgsReference DIR [SEED...]
 * </pre>
 * writes, for each seed (default 1 to 5), {@code DIR/seed<SEED>/} holding the initial
 * parameters ({@code H.npy}, {@code W1.npy}, {@code W2.npy}), the point nc4j's L-BFGS stops at
 * ({@code H_end.npy}, ...), and {@code problem.json}: class sizes, weight decays, the closed-form
 * optimum, the target relative error, nc4j's objective and gradient norm at both points (for the
 * script to check that its objective is the same function), and nc4j's iterations and
 * evaluations. Prints one line per seed.
 */
public final class LbfgsReference {

    private LbfgsReference() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: LbfgsReference DIR [SEED...]");
            System.exit(2);
        }
        long[] seeds = args.length > 1
                ? Arrays.stream(args, 1, args.length).mapToLong(Long::parseLong).toArray()
                : new long[] {1, 2, 3, 4, 5};
        for (long seed : seeds) {
            Path dir = Files.createDirectories(Path.of(args[0], "seed" + seed));
            LbfgsRun run = new LbfgsRun(seed);
            DeepLinearUfm model = run.model();
            write(dir, model, "");
            double[] start = {model.objectiveValue(), model.projectedGradientNorm()};
            Lbfgs.Result r = run.run();
            write(dir, model, "_end");
            double[] end = {model.objectiveValue(), model.projectedGradientNorm()};
            Files.writeString(dir.resolve("problem.json"), String.format(Locale.ROOT, """
                    {"seed": %d, "class_sizes": %s, "lambda_w": %s, "lambda_h": %s,
                     "optimum": %s, "relative_error": %s, "history": %d,
                     "start": {"objective": %s, "gradient_norm": %s},
                     "end": {"objective": %s, "gradient_norm": %s},
                     "nc4j": {"iterations": %d, "evaluations": %d}}
                    """, seed, Arrays.toString(model.config().classSizes()),
                    Arrays.toString(model.config().lambdaW()), model.config().lambdaH(),
                    run.target(), LbfgsRun.RELATIVE_ERROR, LbfgsRun.HISTORY, start[0],
                    start[1], end[0], end[1], r.iterations(), r.evaluations()));
            System.out.printf(Locale.ROOT, "seed %d: %d iterations, %d evaluations, objective"
                    + " %.12f (optimum %.12f, relative error %.2e)%n", seed, r.iterations(),
                    r.evaluations(), r.objective(), run.target(),
                    (r.objective() - run.target()) / run.target());
        }
    }

    private static void write(Path dir, DeepLinearUfm model, String suffix) throws IOException {
        Npy.write(dir.resolve("H" + suffix + ".npy"), model.features());
        for (int l = 1; l <= model.depth(); l++) {
            Npy.write(dir.resolve("W" + l + suffix + ".npy"), model.weight(l));
        }
    }
}
