package io.github.nc4j.bench;

import io.github.nc4j.autodiff.Labels;
import io.github.nc4j.autodiff.Tape;
import io.github.nc4j.autodiff.Var;
import io.github.nc4j.autodiff.optim.Sgd;
import io.github.nc4j.linalg.Blas;
import io.github.nc4j.linalg.Matrix;
import io.github.nc4j.linalg.Parallelism;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of the autodiff tape: one full-batch gradient-descent step of a deep unconstrained
 * feature model (the DUFM of definitions.md §3.5: K = 10 classes, d = 256, 100 samples per class, 3
 * layers, H2 = relu(H1 W1^T), H3 = relu(H2 W2^T), Z = H3 W3^T, MSE plus weight decay on W1, W2, W3
 * and H1), recorded on a {@link Tape} and stepped by {@link Sgd}, against the same step with
 * hand-written gradients in plain nc-linalg calls into preallocated buffers.
 *
 * <p>The tape's overhead is {@code tape / handWritten - 1}. On a shared machine read it from
 * {@link #pairedSteps}, which times the two alternately ({@code tapeNanos / handWrittenNanos}).
 * {@code -prof gc} reports the bytes each step allocates ({@code gc.alloc.rate.norm} of
 * {@link #tape} and {@link #handWritten}). Parameters are restored before every iteration, so
 * every iteration times the same trajectory; the setup checks once that the two variants compute
 * the same step.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class TapeBenchmark {

    static final int CLASSES = 10;
    static final int WIDTH = 256;
    static final int PER_CLASS = 100;
    static final int SAMPLES = CLASSES * PER_CLASS;
    static final double LEARNING_RATE = 0.05;
    static final double LAMBDA_W = 5e-3;
    static final double LAMBDA_H = 5e-3;

    /** Threads of the GEMM kernels ({@link Parallelism}). */
    @Param({"1", "2"})
    public int threads;

    private Matrix[] initial;
    private Matrix y;

    private Tape tape;
    private Var h1;
    private Var w1;
    private Var w2;
    private Var w3;
    private Sgd gd;

    private HandWritten hand;

    @Setup(Level.Trial)
    public void setUp() {
        Parallelism.setThreads(threads);
        Random random = new Random(2024);
        initial = new Matrix[] {
            Matrix.gaussian(SAMPLES, WIDTH, random),
            Matrix.gaussian(WIDTH, WIDTH, random).scale(1 / Math.sqrt(WIDTH)),
            Matrix.gaussian(WIDTH, WIDTH, random).scale(1 / Math.sqrt(WIDTH)),
            Matrix.gaussian(CLASSES, WIDTH, random).scale(1 / Math.sqrt(WIDTH)),
        };
        int[] labels = new int[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
            labels[i] = i / PER_CLASS;
        }
        y = Labels.oneHot(labels, CLASSES);

        tape = new Tape();
        h1 = tape.parameter(initial[0].copy());
        w1 = tape.parameter(initial[1].copy());
        w2 = tape.parameter(initial[2].copy());
        w3 = tape.parameter(initial[3].copy());
        gd = new Sgd(LEARNING_RATE);
        gd.addAll(tape.parameters());
        hand = new HandWritten(initial, y);
        checkBothComputeTheSameStep();
    }

    @Setup(Level.Iteration)
    public void restoreParameters() {
        Var[] tapeParameters = {h1, w1, w2, w3};
        for (int i = 0; i < initial.length; i++) {
            copy(initial[i], tapeParameters[i].value());
            copy(initial[i], hand.parameters[i]);
        }
    }

    /** One step through the tape: record the loss, backward, SGD update. */
    @Benchmark
    public double tape() {
        tape.reset();
        Var z = h1.timesTranspose(w1).relu().timesTranspose(w2).relu().timesTranspose(w3);
        Var loss = z.mse(y)
                .plus(w1.squaredNorm().scale(LAMBDA_W / 2))
                .plus(w2.squaredNorm().scale(LAMBDA_W / 2))
                .plus(w3.squaredNorm().scale(LAMBDA_W / 2))
                .plus(h1.squaredNorm().scale(LAMBDA_H / 2));
        tape.backward(loss);
        gd.step();
        return loss.scalar();
    }

    /** The same step with gradients written out by hand. */
    @Benchmark
    public double handWritten() {
        return hand.step();
    }

    /**
     * Both steps, alternating which goes first, each timed into {@link PairedTimes}: the ratio of
     * the two counters is the overhead measured over the same moments, so load from other
     * processes on a shared machine biases neither side (the separate benchmarks above run
     * minutes apart). The parameters of both variants follow the same trajectory.
     */
    @Benchmark
    public double pairedSteps(PairedTimes times) {
        tapeFirst = !tapeFirst;
        long start = System.nanoTime();
        double loss = tapeFirst ? tape() : handWritten();
        long middle = System.nanoTime();
        loss += tapeFirst ? handWritten() : tape();
        long end = System.nanoTime();
        times.tapeNanos += tapeFirst ? middle - start : end - middle;
        times.handWrittenNanos += tapeFirst ? end - middle : middle - start;
        return loss;
    }

    private boolean tapeFirst;

    /** Per-iteration totals of {@link #pairedSteps}, reported by JMH beside the score. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class PairedTimes {
        /** Nanoseconds spent in tape steps. */
        public long tapeNanos;
        /** Nanoseconds spent in hand-written steps. */
        public long handWrittenNanos;

        @Setup(Level.Iteration)
        public void clear() {
            tapeNanos = 0;
            handWrittenNanos = 0;
        }
    }

    private void checkBothComputeTheSameStep() {
        restoreParameters();
        double tapeLoss = tape();
        double handLoss = hand.step();
        Var[] tapeParameters = {h1, w1, w2, w3};
        double worst = Math.abs(tapeLoss - handLoss) / Math.abs(handLoss);
        for (int i = 0; i < initial.length; i++) {
            Matrix difference = tapeParameters[i].value().minus(hand.parameters[i]);
            Matrix step = hand.parameters[i].minus(initial[i]);
            worst = Math.max(worst, difference.maxAbs() / step.maxAbs());
        }
        // GEMM sums in a different order in the two variants: rounding-level differences only
        if (!(worst < 1e-9)) {
            throw new IllegalStateException("tape and hand-written steps differ: relative "
                    + worst);
        }
        restoreParameters();
    }

    private static void copy(Matrix from, Matrix to) {
        System.arraycopy(from.data(), 0, to.data(), 0, from.size());
    }

    /** The deep UFM step with hand-derived gradients and preallocated buffers. */
    static final class HandWritten {
        final Matrix h1;
        final Matrix w1;
        final Matrix w2;
        final Matrix w3;
        final Matrix[] parameters;
        final Matrix y;
        final Matrix a1 = Matrix.zeros(SAMPLES, WIDTH);
        final Matrix h2 = Matrix.zeros(SAMPLES, WIDTH);
        final Matrix a2 = Matrix.zeros(SAMPLES, WIDTH);
        final Matrix h3 = Matrix.zeros(SAMPLES, WIDTH);
        final Matrix z = Matrix.zeros(SAMPLES, CLASSES);
        final Matrix dz = Matrix.zeros(SAMPLES, CLASSES);
        final Matrix dh3 = Matrix.zeros(SAMPLES, WIDTH);
        final Matrix dh2 = Matrix.zeros(SAMPLES, WIDTH);
        final Matrix dh1 = Matrix.zeros(SAMPLES, WIDTH);
        final Matrix dw1 = Matrix.zeros(WIDTH, WIDTH);
        final Matrix dw2 = Matrix.zeros(WIDTH, WIDTH);
        final Matrix dw3 = Matrix.zeros(CLASSES, WIDTH);

        HandWritten(Matrix[] initial, Matrix y) {
            h1 = initial[0].copy();
            w1 = initial[1].copy();
            w2 = initial[2].copy();
            w3 = initial[3].copy();
            parameters = new Matrix[] {h1, w1, w2, w3};
            this.y = y;
        }

        double step() {
            Blas.gemm(1, h1, false, w1, true, 0, a1);      // A1 = H1 W1^T
            relu(a1, h2);                                  // H2 = relu(A1)
            Blas.gemm(1, h2, false, w2, true, 0, a2);      // A2 = H2 W2^T
            relu(a2, h3);                                  // H3 = relu(A2)
            Blas.gemm(1, h3, false, w3, true, 0, z);       // Z = H3 W3^T
            double squares = 0;
            double[] zd = z.data();
            double[] yd = y.data();
            double[] dzd = dz.data();
            for (int i = 0; i < zd.length; i++) {
                double e = zd[i] - yd[i];
                squares += e * e;
                dzd[i] = e / SAMPLES;                      // dZ = (Z - Y) / N
            }
            double loss = squares / (2.0 * SAMPLES)
                    + LAMBDA_W / 2 * (sumOfSquares(w1) + sumOfSquares(w2) + sumOfSquares(w3))
                    + LAMBDA_H / 2 * sumOfSquares(h1);

            Blas.gemm(1, dz, true, h3, false, 0, dw3);     // dW3 = dZ^T H3 + lambda W3
            Blas.axpy(LAMBDA_W, w3, dw3);
            Blas.gemm(1, dz, false, w3, false, 0, dh3);    // dA2 = (dZ W3) o [A2 > 0]
            mask(dh3, a2);
            Blas.gemm(1, dh3, true, h2, false, 0, dw2);    // dW2 = dA2^T H2 + lambda W2
            Blas.axpy(LAMBDA_W, w2, dw2);
            Blas.gemm(1, dh3, false, w2, false, 0, dh2);   // dA1 = (dA2 W2) o [A1 > 0]
            mask(dh2, a1);
            Blas.gemm(1, dh2, true, h1, false, 0, dw1);    // dW1 = dA1^T H1 + lambda W1
            Blas.axpy(LAMBDA_W, w1, dw1);
            Blas.gemm(1, dh2, false, w1, false, 0, dh1);   // dH1 = dA1 W1 + lambda_H H1
            Blas.axpy(LAMBDA_H, h1, dh1);

            Blas.axpy(-LEARNING_RATE, dw1, w1);
            Blas.axpy(-LEARNING_RATE, dw2, w2);
            Blas.axpy(-LEARNING_RATE, dw3, w3);
            Blas.axpy(-LEARNING_RATE, dh1, h1);
            return loss;
        }

        private static void relu(Matrix from, Matrix to) {
            double[] a = from.data();
            double[] h = to.data();
            for (int i = 0; i < a.length; i++) {
                h[i] = Math.max(a[i], 0.0);
            }
        }

        private static void mask(Matrix gradient, Matrix preActivation) {
            double[] g = gradient.data();
            double[] a = preActivation.data();
            for (int i = 0; i < g.length; i++) {
                if (!(a[i] > 0)) {
                    g[i] = 0;
                }
            }
        }

        private static double sumOfSquares(Matrix m) {
            double s = 0;
            for (double v : m.data()) {
                s += v * v;
            }
            return s;
        }
    }
}
