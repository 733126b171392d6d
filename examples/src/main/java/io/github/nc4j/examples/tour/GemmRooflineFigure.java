package io.github.nc4j.examples.tour;

import io.github.nc4j.examples.report.Plots;
import io.github.nc4j.linalg.Blas;
import io.github.nc4j.linalg.Matrix;
import io.github.nc4j.linalg.Parallelism;
import io.github.nc4j.linalg.internal.GemmKernels;
import io.github.nc4j.linalg.internal.Kernels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.function.IntConsumer;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The roofline figure of docs/internals/01-gemm.md: this machine's two ceilings, measured when
 * the figure is drawn, with nc4j's measured GEMM (and, for contrast, a GEMV and a skinny GEMM)
 * placed under them (Williams, Waterman and Patterson, "Roofline: an insightful visual
 * performance model for multicore architectures", CACM 52(4), 2009).
 *
 * <ul>
 *   <li>Compute ceiling: the GEMM micro-kernel itself, called over and over on one A and one B
 *       micro-panel that stay in the L1 cache ({@link GemmKernels#microKernel}), on one thread
 *       and on every thread at once. The kernel lives in nc-linalg's internal package, which
 *       its module does not export; this class runs on the class path (as the {@code nc4j} jar
 *       does), where the public types of every package can be reached, and it reaches them only
 *       to time the kernel alone.</li>
 *   <li>Memory ceiling: a streaming scale {@code y = s x} over two arrays far larger than the
 *       caches, counted as 16 bytes per element (one read, one write: STREAM's convention,
 *       which leaves out the read that write-allocate adds).</li>
 *   <li>Points: {@code Blas.gemm} on n x n matrices at the arithmetic intensity
 *       {@code 2 n^3 / (8 * 3 n^2) = n / 12} flop per byte (A and B read once, C written once:
 *       the least traffic any GEMM can have), on one thread and on all; a GEMV and the skinny
 *       logits product N x d times d x K, at their intensities likewise.</li>
 * </ul>
 * Each timing is the best of several repetitions. Usage:
 * {@code GemmRooflineFigure <folder> [--quick]}; it writes {@code gemm-roofline.png} and the
 * numbers behind it, {@code gemm-roofline.csv}. {@code --quick} uses small sizes and few
 * repetitions (seconds; for tests, not for the figure).
 */
public final class GemmRooflineFigure {

    /** Depth of the micro-kernel timing: MR x 128 and 128 x NR doubles fit in L1 together. */
    private static final int KERNEL_DEPTH = 128;

    /** The range of the x axis, flop per byte. */
    private static final double MIN_INTENSITY = 1.0 / 16;
    private static final double MAX_INTENSITY = 512;

    private final boolean quick;
    private final int threads;
    private final List<String> csv = new ArrayList<>();

    private GemmRooflineFigure(boolean quick, int threads) {
        this.quick = quick;
        this.threads = threads;
        csv.add("what,threads,size,intensity_flop_per_byte,gflop_per_s,gbyte_per_s");
    }

    /** Draws the figure into {@code args[0]}; {@code --quick} as second argument for tests. */
    public static void main(String[] args) throws Exception {
        if (args.length < 1 || args.length > 2 || (args.length == 2 && !args[1].equals("--quick"))) {
            System.err.println("usage: GemmRooflineFigure <output folder> [--quick]");
            System.exit(2);
        }
        Path png = draw(Path.of(args[0]), args.length == 2);
        System.out.println("wrote " + png);
    }

    /** Measures, draws and writes the figure and its CSV; returns the PNG's path. */
    public static Path draw(Path folder, boolean quick) throws Exception {
        int saved = Parallelism.threads();
        try {
            return new GemmRooflineFigure(quick, saved).run(folder);
        } finally {
            Parallelism.setThreads(saved);
        }
    }

    private Path run(Path folder) throws Exception {
        List<Integer> threadCounts = threads > 1 ? List.of(1, threads) : List.of(1);
        List<Plots.Series> series = new ArrayList<>();
        List<AnnotationText> labels = new ArrayList<>();
        double lowest = Double.POSITIVE_INFINITY;
        double highest = 0;
        for (int t : threadCounts) {
            double peak = microKernelGflops(t);
            double bandwidth = streamGbytes(t);
            record("micro-kernel peak", t, 0, Double.NaN, peak, Double.NaN);
            record("stream scale bandwidth", t, 0, Double.NaN, Double.NaN, bandwidth);
            String who = t == 1 ? "1 thread" : t + " threads";
            double ridge = peak / bandwidth;
            series.add(new Plots.Series(String.format(Locale.ROOT,
                    "roofline, %s: %.0f GFLOP/s, %.1f GB/s", who, peak, bandwidth),
                    new double[] {MIN_INTENSITY, ridge, MAX_INTENSITY},
                    new double[] {bandwidth * MIN_INTENSITY, peak, peak}));
            lowest = Math.min(lowest, bandwidth * MIN_INTENSITY);
            highest = Math.max(highest, peak);
        }
        int[] sizes = quick ? new int[] {64, 128} : new int[] {64, 128, 256, 512, 1024, 2048};
        for (int t : threadCounts) {
            double[] x = new double[sizes.length];
            double[] y = new double[sizes.length];
            for (int i = 0; i < sizes.length; i++) {
                x[i] = sizes[i] / 12.0;
                y[i] = gemmGflops(sizes[i], sizes[i], sizes[i], false, t);
                record("gemm n x n", t, sizes[i], x[i], y[i], Double.NaN);
                if (t == threadCounts.get(threadCounts.size() - 1)) {
                    labels.add(new AnnotationText("n = " + sizes[i], x[i], y[i] * 1.25, false));
                }
            }
            series.add(new Plots.Series("GEMM n x n, " + (t == 1 ? "1 thread" : t + " threads"),
                    x, y));
        }
        int gemvOrder = quick ? 512 : 4096;
        double gemvIntensity = 2.0 * gemvOrder * gemvOrder
                / (8.0 * ((double) gemvOrder * gemvOrder + 2.0 * gemvOrder));
        double gemv = gemvGflops(gemvOrder);
        record("gemv n x n", 1, gemvOrder, gemvIntensity, gemv, Double.NaN);
        series.add(new Plots.Series("GEMV " + gemvOrder + " x " + gemvOrder + ", 1 thread",
                new double[] {gemvIntensity}, new double[] {gemv}));
        int samples = quick ? 2_000 : 20_000;
        int width = 512;
        int classes = 10;
        double skinnyIntensity = 2.0 * samples * width * classes
                / (8.0 * ((double) samples * width + (double) width * classes
                        + (double) samples * classes));
        double skinny = gemmGflops(samples, width, classes, true, threads);
        record("gemm N x d times d x K", threads, samples, skinnyIntensity, skinny, Double.NaN);
        series.add(new Plots.Series(String.format(Locale.ROOT, "GEMM %d x %d times %d x %d, %s",
                samples, width, width, classes, threads == 1 ? "1 thread" : threads + " threads"),
                new double[] {skinnyIntensity}, new double[] {skinny}));

        XYChart chart = Plots.lines("Roofline: " + cpuName() + ", " + Kernels.get(),
                "arithmetic intensity (flop per byte of memory traffic)", "GFLOP/s", true,
                series);
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setXAxisMin(MIN_INTENSITY);
        chart.getStyler().setXAxisMax(MAX_INTENSITY);
        chart.getStyler().setYAxisMin(Math.pow(10, Math.floor(Math.log10(lowest))));
        chart.getStyler().setYAxisMax(2 * highest);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        chart.getStyler().setLegendVisible(true);
        for (XYSeries s : chart.getSeriesCollection()) {
            if (s.getName().startsWith("roofline")) {
                s.setMarker(SeriesMarkers.NONE);
            } else if (!s.getName().startsWith(" ")) { // not Plots' invisible tick anchor
                s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
                if (s.getName().startsWith("GEMM " + samples)) {
                    s.setMarker(SeriesMarkers.DIAMOND);
                    s.setMarkerColor(java.awt.Color.BLACK);
                }
            }
        }
        labels.forEach(chart::addAnnotation);
        Path png = Plots.savePng(chart, folder, "gemm-roofline");
        Files.write(folder.resolve("gemm-roofline.csv"), csv);
        return png;
    }

    private void record(String what, int t, int size, double intensity, double gflops,
                        double gbytes) {
        String line = String.format(Locale.ROOT, "%s,%d,%d,%s,%s,%s", what, t, size,
                format(intensity), format(gflops), format(gbytes));
        csv.add(line);
        System.out.println(line);
    }

    private static String format(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.4g", v);
    }

    // ---------------------------------------------------------------- the ceilings

    /**
     * GFLOP/s of the micro-kernel on {@code t} threads at once, each on its own MR x 128 A panel
     * and 128 x NR B panel (L1-resident), writing a C tile with beta = 0.
     */
    private double microKernelGflops(int t) throws Exception {
        GemmKernels tiles = Kernels.get().gemm();
        int mr = tiles.microRows();
        int nr = tiles.microCols();
        int calls = quick ? 10_000 : 400_000;
        double[][] a = new double[t][];
        double[][] b = new double[t][];
        double[][] c = new double[t][];
        Random random = new Random(1);
        for (int i = 0; i < t; i++) {
            a[i] = random.doubles(mr * KERNEL_DEPTH, -1, 1).toArray();
            b[i] = random.doubles(KERNEL_DEPTH * nr, -1, 1).toArray();
            c[i] = new double[mr * nr];
        }
        double seconds = bestConcurrentSeconds(t, part -> {
            for (int call = 0; call < calls; call++) {
                tiles.microKernel(KERNEL_DEPTH, a[part], 0, KERNEL_DEPTH, b[part], 0,
                        c[part], 0, nr, 0.0);
            }
        });
        return 2.0 * mr * nr * KERNEL_DEPTH * calls * t / seconds / 1e9;
    }

    /** GB/s of {@code y = s x} over arrays of 2^24 doubles (128 MiB each), split over t threads. */
    private double streamGbytes(int t) throws Exception {
        int length = quick ? 1 << 21 : 1 << 24;
        double[] x = new double[length];
        double[] y = new double[length];
        java.util.Arrays.fill(x, 1.0);
        java.util.Arrays.fill(y, 0.0);
        double seconds = bestConcurrentSeconds(t, part -> {
            int from = (int) ((long) length * part / t);
            int to = (int) ((long) length * (part + 1) / t);
            for (int i = from; i < to; i++) {
                y[i] = 1.000001 * x[i];
            }
        });
        return 16.0 * length / seconds / 1e9;
    }

    /**
     * The best wall time, over several repetitions, of {@code body} run on {@code t} threads at
     * once (part 0 .. t-1), after one warm-up repetition that lets the JIT compile it.
     */
    private double bestConcurrentSeconds(int t, IntConsumer body) throws Exception {
        int repetitions = quick ? 2 : 7;
        double best = Double.POSITIVE_INFINITY;
        for (int r = 0; r <= repetitions; r++) {
            CyclicBarrier start = new CyclicBarrier(t);
            List<Thread> started = new ArrayList<>();
            for (int part = 1; part < t; part++) {
                int p = part;
                Thread thread = new Thread(() -> {
                    await(start);
                    body.accept(p);
                });
                thread.start();
                started.add(thread);
            }
            await(start);
            long begin = System.nanoTime();
            body.accept(0);
            for (Thread thread : started) {
                thread.join();
            }
            double seconds = (System.nanoTime() - begin) / 1e9;
            if (r > 0) {
                best = Math.min(best, seconds);
            }
        }
        return best;
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------- the points

    /**
     * GFLOP/s of {@code C = A op(B)} on {@code t} threads, A m x k Gaussian, B k x n (or n x k,
     * transposed, when {@code transB}).
     */
    private double gemmGflops(int m, int k, int n, boolean transB, int t) {
        Parallelism.setThreads(t);
        Random random = new Random(m);
        Matrix a = Matrix.gaussian(m, k, random);
        Matrix b = transB ? Matrix.gaussian(n, k, random) : Matrix.gaussian(k, n, random);
        Matrix c = Matrix.zeros(m, n);
        double seconds = bestSeconds(() -> Blas.gemm(1.0, a, false, b, transB, 0.0, c));
        return 2.0 * m * k * n / seconds / 1e9;
    }

    private double gemvGflops(int n) {
        Matrix a = Matrix.gaussian(n, n, new Random(n));
        double[] x = new Random(n + 1).doubles(n, -1, 1).toArray();
        double[] y = new double[n];
        double seconds = bestSeconds(() -> Blas.gemv(1.0, a, false, x, 0.0, y));
        return 2.0 * n * n / seconds / 1e9;
    }

    /**
     * The best time per call of {@code body}: calls are repeated until a repetition lasts at
     * least 0.2 s (0.02 s when quick), after two warm-up repetitions.
     */
    private double bestSeconds(Runnable body) {
        double minimum = quick ? 0.02 : 0.2;
        int repetitions = quick ? 3 : 5;
        double best = Double.POSITIVE_INFINITY;
        for (int r = -2; r < repetitions; r++) {
            int calls = 0;
            long begin = System.nanoTime();
            long elapsed;
            do {
                body.run();
                calls++;
                elapsed = System.nanoTime() - begin;
            } while (elapsed < minimum * 1e9);
            if (r >= 0) {
                best = Math.min(best, elapsed / 1e9 / calls);
            }
        }
        return best;
    }

    /** The CPU's model name from /proc/cpuinfo, or the architecture where there is none. */
    static String cpuName() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim() + " ("
                            + Runtime.getRuntime().availableProcessors() + " cores)";
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: fall through
        }
        return System.getProperty("os.arch");
    }
}
