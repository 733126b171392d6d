package io.github.nc4j.linalg.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nc4j.linalg.Matrix;
import io.github.nc4j.linalg.Parallelism;
import io.github.nc4j.linalg.Precision;
import java.util.List;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The contract that lets GEMM start on the scalar kernels and switch to the SIMD ones
 * ({@link WarmingGemmKernels}): every kernel set gives every element of C the same bits, so a
 * switch between any two rank-KC updates, on any thread, changes nothing (in single precision,
 * every product gives the same bits, so a switch between two products changes nothing); and
 * the warm-up switches when, and only when, its timings say the SIMD kernels have become the
 * faster.
 */
class GemmKernelSwitchTest {

    private static final GemmKernels SCALAR = Kernels.scalar().gemm();
    private static final List<GemmKernels> SIMD =
            List.of(VectorKernels.create(4).gemm(), VectorKernels.create(12).gemm());
    private static final List<FloatGemmKernels> FLOAT_SIMD =
            List.of(new VectorFloatGemmKernels(4), new VectorFloatGemmKernels(12));

    private final int savedThreads = Parallelism.threads();

    @AfterEach
    void restoreThreads() {
        Parallelism.setThreads(savedThreads);
    }

    /**
     * Products of shapes that are not multiples of anything in the kernels (0 included), every
     * transpose, plain and arbitrary alpha and beta, on Gaussian operands.
     */
    @Provide
    Arbitrary<Product> products() {
        Arbitrary<Integer> dimensions = Arbitraries.oneOf(
                Arbitraries.of(0, 1, 2, 3, 4, 5, 7, 8, 9, 11, 12, 13, 16, 17, 23, 24, 25, 31,
                        33, 40, 47, 97),
                Arbitraries.integers().between(0, 70));
        Arbitrary<Double> scalars = Arbitraries.oneOf(Arbitraries.of(0.0, 1.0, -1.0, 0.5),
                Arbitraries.doubles().between(-3, 3));
        Arbitrary<Boolean> transposes = Arbitraries.of(false, true);
        return Combinators.combine(dimensions, dimensions, dimensions, transposes, transposes,
                scalars, scalars, Arbitraries.longs()).as((m, n, k, transA, transB, alpha, beta,
                        seed) -> new Product(m, n, k, transA, transB, alpha, beta,
                        new Random(seed)));
    }

    /** Small products (unpacked), edge tiles, every transpose, alpha and beta. */
    @Property(tries = 300)
    void everyKernelSetGivesTheSameBits(@ForAll("products") Product product) {
        double[] scalar = product.run(SCALAR);
        for (GemmKernels simd : SIMD) {
            assertArrayEquals(scalar, product.run(simd), 0.0, simd + " against scalar, "
                    + product);
        }
    }

    /**
     * Several column blocks (n > NC), rank-KC updates (k > KC) and row blocks, on one thread
     * and on three; the kernels switch from scalar to SIMD at every possible rank-KC update.
     */
    @ParameterizedTest(name = "{0}x{1}x{2} transA={3} transB={4} threads={5}")
    @CsvSource({
        "61, 530, 600, false, false, 1",
        "61, 530, 600, true, true, 1",
        "130, 45, 300, true, false, 1",
        "101, 97, 520, false, true, 3",
        "101, 530, 300, true, false, 3",
    })
    void switchingAtAnyRankKcUpdateChangesNoBit(int m, int n, int k, boolean transA,
                                                boolean transB, int threads) {
        Parallelism.setThreads(threads);
        Product product = new Product(m, n, k, transA, transB, 0.75, -1.5,
                new Random(m * 7919L + n));
        double[] scalar = product.run(SCALAR);
        for (GemmKernels simd : SIMD) {
            assertArrayEquals(scalar, product.run(simd), 0.0, simd + ", " + product);
            SwitchAfter<GemmKernels> counting = new SwitchAfter<>(Integer.MAX_VALUE, SCALAR, simd);
            product.run(counting);
            int asked = counting.asked.get();
            assertTrue(asked > 3, "expected several rank-KC updates, got " + asked);
            for (int after = 0; after <= asked; after++) {
                assertArrayEquals(scalar, product.run(new SwitchAfter<>(after, SCALAR, simd)), 0.0,
                        simd + " after " + after + " of " + asked + " requests, " + product);
            }
        }
    }

    @ParameterizedTest(name = "n={0} k={1} transA={2} threads={3}")
    @CsvSource({"300, 530, false, 1", "261, 333, true, 3"})
    void syrkSwitchingAtAnyRankKcUpdateChangesNoBit(int n, int k, boolean transA,
                                                    int threads) {
        Parallelism.setThreads(threads);
        Random random = new Random(n);
        Matrix a = transA ? Matrix.gaussian(k, n, random) : Matrix.gaussian(n, k, random);
        Matrix c0 = Matrix.gaussian(n, n, random);
        double[] scalar = syrk(SCALAR, n, k, a, transA, c0);
        for (GemmKernels simd : SIMD) {
            assertArrayEquals(scalar, syrk(simd, n, k, a, transA, c0), 0.0, simd.toString());
            SwitchAfter<GemmKernels> counting = new SwitchAfter<>(Integer.MAX_VALUE, SCALAR, simd);
            syrk(counting, n, k, a, transA, c0);
            int asked = counting.asked.get();
            for (int after = 0; after <= asked; after++) {
                assertArrayEquals(scalar, syrk(new SwitchAfter<>(after, SCALAR, simd), n, k, a,
                        transA, c0), 0.0, simd + ", syrk after " + after + " of " + asked);
            }
        }
    }

    /**
     * Single precision: every micro-kernel set through the packed loops, and the unpacked
     * product, give the same bits; small blocks, so that products cross every block boundary.
     */
    @Property(tries = 200)
    void everyFloatProductGivesTheSameBits(@ForAll("products") Product product) {
        FloatGemm.Blocking blocks = FloatGemmProperties.SMALL_BLOCKS;
        double[] unpacked = product.runFloat(new UnpackedFloatGemm(blocks.kc()), 1);
        for (FloatGemmKernels kernels : FloatGemmProperties.KERNELS) {
            assertArrayEquals(unpacked, product.runFloat(FloatGemm.packed(kernels, blocks), 1),
                    0.0, kernels + " against the unpacked product, " + product);
        }
    }

    /**
     * Single precision at the real block sizes, with several rank-KC updates, column passes of
     * the unpacked product and thread blocks: the product that runs during the warm-up gives
     * the bits of the one that runs after it, with one thread and with three.
     */
    @ParameterizedTest(name = "{0}x{1}x{2} transA={3} transB={4} threads={5}")
    @CsvSource({
        "61, 1100, 1030, false, false, 1",
        "70, 45, 1500, true, false, 3",
        "101, 600, 160, false, true, 3",
        "53, 530, 1111, true, true, 1",
    })
    void theUnpackedProductGivesThePackedProductsBits(int m, int n, int k, boolean transA,
                                                       boolean transB, int threads) {
        Product product = new Product(m, n, k, transA, transB, 0.75, -1.5,
                new Random(m * 7919L + n));
        double[] unpacked = product.runFloat(new UnpackedFloatGemm(FloatGemm.KC), threads);
        for (FloatGemmKernels kernels : FLOAT_SIMD) {
            assertArrayEquals(unpacked, product.runFloat(
                    FloatGemm.packed(kernels, FloatGemm.BLOCKING), threads), 0.0,
                    kernels + ", " + product);
        }
    }

    @Test
    void warmUpSwitchesEachKindOfProductAfterItsSimdProductIsTheFasterEnoughRoundsInARow() {
        // Rounds 0-9: SIMD slower; 10: faster; 11: slower; from 12 on: faster. So the products
        // with A untransposed switch after round 14, those with A transposed after round 17.
        int firstOfStreak = 12;
        WarmingGemmKernels<GemmKernels> kernels = new WarmingGemmKernels<>(SCALAR);
        GemmKernels simd = SIMD.get(1);
        WarmingGemmKernels.WarmUp<GemmKernels> warmUp = new WarmingGemmKernels.WarmUp<>(kernels,
                () -> VectorKernels.create(12).gemm(), WarmingGemmKernels.DOUBLE_PRODUCT,
                new RoundClock(round -> round == 10 || round >= firstOfStreak));
        for (boolean transA : new boolean[] {false, true}) {
            assertSame(SCALAR, kernels.current(transA));
            assertFalse(kernels.switched(transA));
        }
        warmUp.run();
        assertEquals(firstOfStreak + 2 * WarmingGemmKernels.FASTER_ROUNDS, warmUp.rounds());
        for (boolean transA : new boolean[] {false, true}) {
            assertTrue(kernels.switched(transA));
            assertEquals(simd.getClass(), kernels.current(transA).getClass());
            assertEquals(simd.microRows(), kernels.current(transA).microRows());
        }
    }

    @Test
    void warmUpGivesUpAfterItsRoundCapWhenTheSimdProductIsNeverTheFasterForLong() {
        // A untransposed: faster from round 0, switched after round 2. A transposed: never
        // faster three rounds in a row. A lower cap than MAX_ROUNDS keeps the test short.
        int rows = WarmingGemmKernels.FASTER_ROUNDS;
        int cap = 1000;
        WarmingGemmKernels<GemmKernels> kernels = new WarmingGemmKernels<>(SCALAR);
        WarmingGemmKernels.WarmUp<GemmKernels> warmUp = new WarmingGemmKernels.WarmUp<>(kernels,
                () -> VectorKernels.create(12).gemm(), WarmingGemmKernels.DOUBLE_PRODUCT,
                new RoundClock(round -> round < rows
                        || (round - rows) % WarmingGemmKernels.FASTER_ROUNDS != 0), cap);
        askForBothKinds(kernels);
        warmUp.run();
        assertEquals(rows + cap, warmUp.rounds());
        assertTrue(kernels.switched(false));
        assertFalse(kernels.switched(true));
        assertSame(SCALAR, kernels.current(true));
    }

    @Test
    void productsLeaveOneThreadToTheWarmUpWhileItRuns() {
        WarmingGemmKernels<GemmKernels> kernels = new WarmingGemmKernels<>(SCALAR);
        WarmingGemmKernels.WarmUp<GemmKernels> warmUp = new WarmingGemmKernels.WarmUp<>(kernels,
                () -> VectorKernels.create(12).gemm(), WarmingGemmKernels.DOUBLE_PRODUCT,
                new RoundClock(round -> true));
        for (int threads : new int[] {1, 2, 5}) {
            Parallelism.setThreads(threads);
            assertTrue(kernels.warming());
            assertEquals(Math.max(1, threads - 1), kernels.threads());
        }
        askForBothKinds(kernels);
        warmUp.run();
        assertFalse(kernels.warming());
        assertEquals(5, kernels.threads());
        assertEquals(5, SCALAR.threads());
    }

    /**
     * A kind of product is warmed up only once one has asked for its kernels: after the stage
     * of the kind that asked, the thread waits with every processor left to the products, and
     * the other kind's first request starts its stage.
     */
    @Test
    void eachKindIsWarmedUpOnlyOnceAProductOfThatKindHasAskedForItsKernels()
            throws InterruptedException {
        Parallelism.setThreads(2);
        WarmingGemmKernels<GemmKernels> kernels = new WarmingGemmKernels<>(SCALAR);
        WarmingGemmKernels.WarmUp<GemmKernels> warmUp = new WarmingGemmKernels.WarmUp<>(kernels,
                () -> VectorKernels.create(12).gemm(), WarmingGemmKernels.DOUBLE_PRODUCT,
                new RoundClock(round -> true));
        Thread thread = new Thread(warmUp);
        thread.setDaemon(true);
        assertSame(SCALAR, kernels.current(true));
        thread.start();
        awaitWaiting(thread);
        assertTrue(kernels.switched(true));
        assertFalse(kernels.switched(false));
        assertFalse(kernels.warming());
        assertEquals(2, kernels.threads());
        assertEquals(WarmingGemmKernels.FASTER_ROUNDS, warmUp.rounds());

        // Asking wakes the thread, which may switch before this call returns its kernels.
        kernels.current(false);
        thread.join(Duration.ofSeconds(30));
        assertFalse(thread.isAlive());
        assertTrue(kernels.switched(false));
        assertEquals(2 * WarmingGemmKernels.FASTER_ROUNDS, warmUp.rounds());
    }

    private static void awaitWaiting(Thread thread) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (thread.getState() != Thread.State.WAITING) {
            assertTrue(thread.isAlive() && System.nanoTime() < deadline, thread.getState()::name);
            Thread.sleep(1);
        }
    }

    private static void askForBothKinds(WarmingGemmKernels<?> kernels) {
        kernels.current(false);
        kernels.current(true);
    }

    @Test
    void floatWarmUpSwitchesEachKindOfProductToThePackedSimdProductOnceItIsTheFaster() {
        FloatProduct unpacked = new UnpackedFloatGemm(FloatGemm.KC);
        WarmingGemmKernels<FloatProduct> kernels = new WarmingGemmKernels<>(unpacked);
        FloatProduct simd = FloatGemm.packed(FLOAT_SIMD.get(1), FloatGemm.BLOCKING);
        WarmingGemmKernels.WarmUp<FloatProduct> warmUp = new WarmingGemmKernels.WarmUp<>(
                kernels, () -> simd, WarmingGemmKernels.FLOAT_PRODUCT,
                new RoundClock(round -> true));
        assertSame(unpacked, kernels.current(false));
        assertSame(unpacked, kernels.current(true));
        warmUp.run();
        assertEquals(2 * WarmingGemmKernels.FASTER_ROUNDS, warmUp.rounds());
        assertSame(simd, kernels.current(false));
        assertSame(simd, kernels.current(true));
        assertFalse(kernels.warming());
    }

    /**
     * The warm-up products are 48 x 40 x 24: the double driver's on the kernels given, and the
     * single-precision product given.
     */
    @Test
    void theWarmUpProductsRunTheirDriversOnTheKernelsGiven() {
        Random random = new Random(5);
        double[] a = Matrix.gaussian(24, 48, random).data();
        double[] b = Matrix.gaussian(24, 40, random).data();
        double[] c0 = Matrix.gaussian(48, 40, random).data();
        double[] expected = c0.clone();
        Gemm.multiply(SCALAR, 48, 40, 24, 1.0, a, 0, 48, true, b, 0, 40, false, 0.5,
                expected, 0, 40);
        double[] c = c0.clone();
        WarmingGemmKernels.DOUBLE_PRODUCT.multiply(SCALAR, a, 48, true, b, 0.5, c);
        assertArrayEquals(expected, c, 0.0);
        double[] expectedFloat = c0.clone();
        FloatGemm.multiply(FloatGemm.packed(FLOAT_SIMD.get(1), FloatGemm.BLOCKING), 1,
                48, 40, 24, 1.0, a, 0, 48, true, b, 0, 40, false, 0.5, expectedFloat, 0, 40);
        double[] cFloat = c0.clone();
        WarmingGemmKernels.FLOAT_PRODUCT.multiply(new UnpackedFloatGemm(FloatGemm.KC),
                a, 48, true, b, 0.5, cFloat);
        assertArrayEquals(expectedFloat, cFloat, 0.0);
        assertFalse(java.util.Arrays.equals(expected, expectedFloat), "float rounding expected");
    }

    @Test
    void warmUpDoesNothingWhenTheSelectedKernelsAreScalar() {
        WarmingGemmKernels<GemmKernels> kernels = new WarmingGemmKernels<>(SCALAR);
        WarmingGemmKernels.WarmUp<GemmKernels> warmUp = new WarmingGemmKernels.WarmUp<>(kernels,
                () -> SCALAR, WarmingGemmKernels.DOUBLE_PRODUCT, System::nanoTime);
        warmUp.run();
        assertEquals(0, warmUp.rounds());
        assertFalse(kernels.switched(false));
        assertFalse(kernels.switched(true));
        assertFalse(kernels.warming());
    }

    /**
     * {@code start} hands back scalar kernels at once and loads the selected ones on a daemon
     * thread of its own, which a program's exit need not wait for.
     */
    @Test
    void startLoadsTheSelectedKernelsOnADaemonThread() throws InterruptedException {
        CompletableFuture<Thread> loader = new CompletableFuture<>();
        WarmingGemmKernels<GemmKernels> kernels = WarmingGemmKernels.start("nc4j-kernel-warm-up",
                SCALAR, () -> {
                    loader.complete(Thread.currentThread());
                    return SCALAR;
                }, WarmingGemmKernels.DOUBLE_PRODUCT);
        assertSame(SCALAR, kernels.current(false));
        Thread thread = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> loader.get());
        assertTrue(thread.isDaemon());
        assertEquals("nc4j-kernel-warm-up", thread.getName());
        assertNotSame(Thread.currentThread(), thread);
        thread.join();
        assertFalse(kernels.warming());
    }

    @Test
    void theSelectedGemmKernelsAreThoseOfTheSelectedSetOrScalarOnesThatWarmUp() {
        GemmKernelSource<GemmKernels> source = KernelSelection.gemm();
        assertSame(source, KernelSelection.gemm());
        if (Kernels.get().name().equals("vector")) {
            assertTrue(source instanceof WarmingGemmKernels, source.toString());
        } else {
            assertSame(Kernels.get().gemm(), source);
        }
    }

    /**
     * This JVM's own warm-ups, on their real threads and clocks: products of both precisions
     * end on the selected kernels (with the SIMD ones, once their warm-up threads have timed
     * them faster; the cap leaves them minutes on any CPU whose SIMD kernels win).
     */
    @Test
    void thisJvmsWarmUpsEndOnTheSelectedKernels() {
        Kernels selected = KernelSelection.selected();
        FloatProduct packed = FloatGemm.packed(selected.floatGemm(), FloatGemm.BLOCKING);
        Matrix a = Matrix.gaussian(64, 64, new Random(13));
        assertTimeoutPreemptively(Duration.ofMinutes(3), () -> {
            while (KernelSelection.gemm().current(false) != selected.gemm()
                    || !KernelSelection.floatGemm().current(false).equals(packed)) {
                a.times(a);
                a.times(a, Precision.FLOAT32);
            }
        });
    }

    @Test
    void theSelectedFloatProductIsThePackedOneOnTheSelectedKernelsOrOneThatWarmsUp() {
        GemmKernelSource<FloatProduct> source = KernelSelection.floatGemm();
        assertSame(source, KernelSelection.floatGemm());
        if (Kernels.get().name().equals("vector")) {
            assertTrue(source instanceof WarmingGemmKernels, source.toString());
        } else {
            assertEquals(FloatGemm.packed(Kernels.get().floatGemm(), FloatGemm.BLOCKING), source);
        }
    }

    private static double[] syrk(GemmKernelSource<GemmKernels> source, int n, int k, Matrix a,
                                 boolean transA, Matrix c0) {
        double[] c = c0.copy().data();
        Gemm.symmetricRankK(source, n, k, 1.25, a.data(), 0, a.cols(), transA, -0.5, c, 0, n);
        return c;
    }

    /** {@code scalar} kernels for the first {@code after} requests, then {@code simd}. */
    private static final class SwitchAfter<K> implements GemmKernelSource<K> {
        private final int after;
        private final K scalar;
        private final K simd;
        private final AtomicInteger asked = new AtomicInteger();

        SwitchAfter(int after, K scalar, K simd) {
            this.after = after;
            this.scalar = scalar;
            this.simd = simd;
        }

        @Override
        public K current(boolean transA) {
            return asked.getAndIncrement() < after ? scalar : simd;
        }
    }

    /**
     * A clock for the warm-up, which reads it four times a round (SIMD product start and end,
     * then scalar): the SIMD product takes 1 and the scalar 2 in the rounds {@code faster}
     * accepts, the other way round in the others.
     */
    private static final class RoundClock implements LongSupplier {
        private final java.util.function.IntPredicate faster;
        private long now;
        private int reads;

        RoundClock(java.util.function.IntPredicate faster) {
            this.faster = faster;
        }

        @Override
        public long getAsLong() {
            int round = reads / 4;
            int step = reads % 4;
            reads++;
            if (step == 1 || step == 3) {
                boolean simdStep = step == 1;
                now += simdStep == faster.test(round) ? 1 : 2;
            }
            return now;
        }
    }

    /** One product C = alpha op(A) op(B) + beta C on fixed random operands. */
    private record Product(int m, int n, int k, boolean transA, boolean transB, double alpha,
                           double beta, Matrix a, Matrix b, Matrix c) {

        Product(int m, int n, int k, boolean transA, boolean transB, double alpha,
                double beta, Random random) {
            this(m, n, k, transA, transB, alpha, beta,
                    Matrix.gaussian(transA ? k : m, transA ? m : k, random),
                    Matrix.gaussian(transB ? n : k, transB ? k : n, random),
                    Matrix.gaussian(m, n, random));
        }

        double[] run(GemmKernelSource<GemmKernels> source) {
            double[] out = c.copy().data();
            Gemm.multiply(source, m, n, k, alpha, a.data(), 0, a.cols(), transA,
                    b.data(), 0, b.cols(), transB, beta, out, 0, n);
            return out;
        }

        double[] runFloat(FloatProduct floatProduct, int threads) {
            double[] out = c.copy().data();
            FloatGemm.multiply(floatProduct, threads, m, n, k, alpha, a.data(), 0, a.cols(),
                    transA, b.data(), 0, b.cols(), transB, beta, out, 0, n);
            return out;
        }

        @Override
        public String toString() {
            return m + "x" + n + "x" + k + " transA=" + transA + " transB=" + transB
                    + " alpha=" + alpha + " beta=" + beta;
        }
    }
}
