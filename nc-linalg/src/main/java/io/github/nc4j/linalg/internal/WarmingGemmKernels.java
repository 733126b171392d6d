package io.github.nc4j.linalg.internal;

import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The GEMM kernels of a JVM whose selected kernels are the SIMD ones: the scalar kernels until
 * the SIMD micro-kernels run faster than them, then the SIMD ones (issue 21). One instance serves
 * the double-precision GEMM ({@link GemmKernels}), another, started on the first single-precision
 * product, {@link FloatGemm}: there what switches is the whole product ({@link FloatProduct}),
 * from {@link UnpackedFloatGemm} to the packed loops on the SIMD kernels.
 *
 * <p>Why: until C2 has compiled it, Vector API code runs several times slower than scalar Java
 * (in the interpreter and C1 every vector is an object), and a program's first products would
 * wait for C2 inside one long call. The scalar micro-kernel, a small method of plain arithmetic,
 * is compiled within milliseconds.
 *
 * <p>How: {@link #start} starts one daemon thread, which loads the SIMD kernels (the Vector API's
 * classes take a while to load, and the caller need not wait for them) and then, in rounds,
 * times one small product with the SIMD micro-kernels and the same product with the scalar
 * ones. Once the SIMD product has been the faster in {@value #FASTER_ROUNDS} rounds in a row,
 * which happens only after C2 has compiled its micro-kernels, products of that kind switch to
 * the SIMD kernels. Each kind of product (A untransposed, A transposed) has its own stage, run
 * once a product of that kind has asked for its kernels: a program that never transposes A
 * never waits for, nor competes with, the compilation of the other kind's micro-kernels. When
 * both kinds have asked, A untransposed goes first (the common kind, whose kernel C2 then
 * compiles without waiting behind the other). A stage gives up without switching after
 * {@value #MAX_ROUNDS} rounds, and nothing is warmed up if the SIMD kernels could not be loaded.
 * Timing the SIMD kernels against the scalar ones on the same thread, back to back, needs no
 * threshold that depends on the CPU, and tests exactly what the switch must achieve; C2's
 * compile thresholds are neither public nor fixed. While the kernels load and while a stage
 * runs, products leave one processor to it and the JIT ({@link #threads()}); between stages the
 * thread waits, and the products have every processor.
 *
 * <p>The contract: {@link Gemm} asks for the kernels before each rank-KC update and
 * {@link FloatGemm} for its product before each product, and every element of their results has
 * the same bits whichever kernels run (see {@link GemmKernels}, {@link FloatGemmKernels} and
 * {@link UnpackedFloatGemm}), so the switch, whenever it happens, changes only the speed. The
 * other kernels (level 1, plane rotations) do not switch: their SIMD and scalar forms add in
 * different orders.
 *
 * @param <K> the kind of kernel set: {@link GemmKernels}, or a whole {@link FloatProduct}
 */
final class WarmingGemmKernels<K> implements GemmKernelSource<K> {

    /** Rounds in a row in which the SIMD product must be the faster. */
    static final int FASTER_ROUNDS = 3;

    /**
     * The iteration cap of each stage. C2 has compiled the micro-kernels after some hundreds of
     * rounds when it has little else to do, but while the program's own methods fill its queue
     * (an SVD of order 64 from the start, on two processors) a stage took up to 2,500, and a cap
     * of 5,000 left one kind of product on the scalar kernels for good in about one JVM in ten.
     * A stage that never switches costs this many rounds of two small products (seconds).
     */
    static final int MAX_ROUNDS = 50_000;

    /**
     * The warm-up product: 48 x 40 x 24. Four row panels of the 12-row tile, whole column
     * panels and a narrow edge one (40 = 16 + 16 + 8 for the double tile with AVX-512, 32 + 8
     * for the float one), so that it runs every micro-kernel a product of its kind runs (the
     * double GEMM's with A read in place, beta zero and not).
     * C2 compiles a method after some hundreds of calls, or earlier (on stack replacement, a
     * second compilation) when its loops run long: shallow calls, cheap even before C2 has
     * compiled them, get there fastest.
     */
    private static final int M = 48;
    private static final int N = 40;
    private static final int DEPTH = 24;

    private final K cold;
    private volatile K rowPanels;
    private volatile K columnPanels;
    private volatile boolean warming = true;
    /** Whether a product with A untransposed, or transposed, has asked for its kernels. */
    private volatile boolean rowPanelsAsked;
    private volatile boolean columnPanelsAsked;

    /** Kernels that are {@code cold} until {@link #switchTo}. */
    WarmingGemmKernels(K cold) {
        this.cold = cold;
        this.rowPanels = cold;
        this.columnPanels = cold;
    }

    /**
     * The warm-up product {@code C = A B + beta C}, {@link #M} x {@link #N} x {@link #DEPTH},
     * A stored transposed or not, run on the kernels given: {@link Gemm}'s driver on a kernel
     * set, or a single-precision {@link FloatProduct}.
     *
     * @param <K> the kind of kernel set
     */
    @FunctionalInterface
    interface Product<K> {

        /** Runs the product on {@code kernels}; A has leading dimension {@code lda}. */
        void multiply(K kernels, double[] a, int lda, boolean transA, double[] b, double beta,
                      double[] c);
    }

    // Classes, not lambdas: see Gemm's BlockGrid.

    /** The warm-up product on {@link Gemm}'s driver. */
    static final Product<GemmKernels> DOUBLE_PRODUCT = new Product<>() {
        @Override
        public void multiply(GemmKernels kernels, double[] a, int lda, boolean transA,
                             double[] b, double beta, double[] c) {
            Gemm.multiply(kernels, M, N, DEPTH, 1.0, a, 0, lda, transA, b, 0, N, false,
                    beta, c, 0, N);
        }
    };

    /** The warm-up product in single precision, on one thread. */
    static final Product<FloatProduct> FLOAT_PRODUCT = new Product<>() {
        @Override
        public void multiply(FloatProduct product, double[] a, int lda, boolean transA,
                             double[] b, double beta, double[] c) {
            FloatGemm.multiply(product, 1, M, N, DEPTH, 1.0, a, 0, lda, transA,
                    b, 0, N, false, beta, c, 0, N);
        }
    };

    /**
     * The {@code cold} kernels, switching to the selected ones once they are the faster: starts
     * the thread {@code name}, which loads them from {@code selected} and warms them up by
     * timing {@code product} on both.
     */
    static <K> WarmingGemmKernels<K> start(String name, K cold, Supplier<K> selected,
                                           Product<K> product) {
        WarmingGemmKernels<K> kernels = new WarmingGemmKernels<>(cold);
        LongSupplier clock = new LongSupplier() {
            @Override
            public long getAsLong() { // a class, not a method reference: see Gemm's BlockGrid
                return System.nanoTime();
            }
        };
        Thread thread = new Thread(new WarmUp<>(kernels, selected, product, clock), name);
        thread.setDaemon(true);
        thread.start();
        return kernels;
    }

    /** The kernels for the next rank-KC update of a product of this kind; asks for its stage. */
    @Override
    public K current(boolean transA) {
        if (!(transA ? columnPanelsAsked : rowPanelsAsked)) {
            ask(transA);
        }
        return transA ? columnPanels : rowPanels;
    }

    private synchronized void ask(boolean transA) {
        if (transA) {
            columnPanelsAsked = true;
        } else {
            rowPanelsAsked = true;
        }
        notifyAll();
    }

    /**
     * Waits until a kind of product not yet warmed up has asked for its kernels; returns that
     * kind, A untransposed first when both have.
     */
    private synchronized boolean awaitAsked(boolean rowPanelsDone, boolean columnPanelsDone)
            throws InterruptedException {
        while (!(rowPanelsAsked && !rowPanelsDone) && !(columnPanelsAsked && !columnPanelsDone)) {
            wait();
        }
        return !(rowPanelsAsked && !rowPanelsDone);
    }

    /**
     * One thread fewer than the setting (but at least one) while the warm-up runs: the
     * warm-up thread and the JIT's compiler threads need a processor, and on few processors a
     * product that takes them all slows down the compilation it waits for, and itself.
     */
    @Override
    public int threads() {
        int threads = ThreadSetting.threads();
        return warming ? Math.max(1, threads - 1) : threads;
    }

    /** Whether the warm-up is still running. */
    boolean warming() {
        return warming;
    }

    /** From the next rank-KC update on, {@code warm} for products of this kind. */
    void switchTo(K warm, boolean transA) {
        if (transA) {
            columnPanels = warm;
        } else {
            rowPanels = warm;
        }
    }

    /** Whether {@link #switchTo} has happened for products of this kind. */
    boolean switched(boolean transA) {
        return (transA ? columnPanels : rowPanels) != cold;
    }

    @Override
    public String toString() {
        return "warming GEMM kernels: " + rowPanels + " (A), " + columnPanels + " (A^T)";
    }

    /**
     * The warm-up thread's work, with its clock injectable so that tests can decide when the
     * SIMD kernels are "compiled".
     */
    static final class WarmUp<K> implements Runnable {

        private final WarmingGemmKernels<K> target;
        private final Supplier<K> selected;
        private final Product<K> product;
        private final LongSupplier clock;
        private final int maxRounds;
        private final double[] a = new double[M * DEPTH];
        private final double[] b = new double[DEPTH * N];
        private final double[] c = new double[M * N];
        private int rounds;

        WarmUp(WarmingGemmKernels<K> target, Supplier<K> selected, Product<K> product,
               LongSupplier clock) {
            this(target, selected, product, clock, MAX_ROUNDS);
        }

        /** With {@code maxRounds} instead of {@link #MAX_ROUNDS} as each stage's cap. */
        WarmUp(WarmingGemmKernels<K> target, Supplier<K> selected, Product<K> product,
               LongSupplier clock, int maxRounds) {
            this.target = target;
            this.selected = selected;
            this.product = product;
            this.clock = clock;
            this.maxRounds = maxRounds;
            for (int i = 0; i < a.length; i++) {
                a[i] = (i % 7) - 3;
            }
            for (int i = 0; i < b.length; i++) {
                b[i] = (i % 5) - 2;
            }
        }

        /**
         * Loads the selected kernels, then runs each kind's stage once that kind has asked;
         * returns when both have run (or at once when the selected kernels are of the cold
         * ones' class, the scalar ones, or when interrupted while waiting).
         */
        @Override
        public void run() {
            try {
                K warm = selected.get();
                if (warm.getClass() == target.cold.getClass()) {
                    return;
                }
                boolean rowPanelsDone = false;
                boolean columnPanelsDone = false;
                while (!(rowPanelsDone && columnPanelsDone)) {
                    target.warming = false;
                    boolean transA = target.awaitAsked(rowPanelsDone, columnPanelsDone);
                    target.warming = true;
                    if (warmUp(warm, transA)) {
                        target.switchTo(warm, transA);
                    }
                    rowPanelsDone |= !transA;
                    columnPanelsDone |= transA;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                target.warming = false;
            }
        }

        /** Rounds run so far (all of them once {@link #run} has returned). */
        int rounds() {
            return rounds;
        }

        /** Runs rounds until the warm product is the faster, or the cap; whether it was. */
        private boolean warmUp(K warm, boolean transA) {
            int streak = 0;
            for (int round = 0; round < maxRounds && streak < FASTER_ROUNDS; round++) {
                double beta = round % 2;
                long warmTime = time(warm, transA, beta);
                long coldTime = time(target.cold, transA, beta);
                streak = warmTime < coldTime ? streak + 1 : 0;
                rounds++;
            }
            return streak == FASTER_ROUNDS;
        }

        private long time(K kernels, boolean transA, double beta) {
            long start = clock.getAsLong();
            product.multiply(kernels, a, transA ? M : DEPTH, transA, b, beta, c);
            return clock.getAsLong() - start;
        }
    }
}
