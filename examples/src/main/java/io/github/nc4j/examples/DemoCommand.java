package io.github.nc4j.examples;

import io.github.nc4j.linalg.Blas;
import io.github.nc4j.linalg.Matrix;
import io.github.nc4j.linalg.Parallelism;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** A short tour of what nc4j can do so far. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "A short tour (under a minute on 2 cores).")
final class DemoCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.out.printf("nc4j on Java %s: %s kernels, %d thread(s)%n",
                Runtime.version(), Blas.implementation(), Parallelism.threads());
        Random random = new Random(42);
        int n = 1024;
        Matrix a = Matrix.gaussian(n, n, random);
        Matrix b = Matrix.gaussian(n, n, random);
        Matrix c = Matrix.zeros(n, n);
        double best = Double.MAX_VALUE;
        for (int run = 0; run < 8; run++) {
            long start = System.nanoTime();
            Blas.gemm(1.0, a, false, b, false, 0.0, c);
            best = Math.min(best, (System.nanoTime() - start) * 1e-9);
        }
        System.out.printf("GEMM %d x %d x %d: best of 8 runs %.1f ms, %.1f GFLOP/s "
                + "(JMH figures: BENCHMARKS.md)%n", n, n, n, best * 1e3,
                2.0 * n * n * n / best / 1e9);
        return 0;
    }
}
