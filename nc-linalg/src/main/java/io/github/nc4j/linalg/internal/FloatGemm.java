package io.github.nc4j.linalg.internal;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * {@code C = alpha op(A) op(B) + beta C} computed in single precision on double-precision
 * storage: the packing copies round op(A) and op(B) to float, float micro-kernels accumulate
 * each rank-KC update in float, and each update's tile is added into the double C as
 * {@code alpha * tile + beta * C}. The loops are {@link Gemm}'s (BLIS's five loops around a
 * register-blocked micro-kernel), with the k-block loop moved outside the column-block loop
 * ({@link #KEPT_A}), and so are the thread split ({@link Gemm#forEachBlock}) and
 * the guarantee it gives: every element is computed the same way wherever its tile lies, so
 * results are bitwise identical for every thread count.
 *
 * <p>Why a second loop nest rather than one shared with {@link Gemm}: Java has no generics over
 * primitive arrays, so the packed buffers ({@code float[]} here, {@code double[]} there) and the
 * kernels reading them are separate types. The loop nest is the small part; what differs is
 * what it does at each level. Here A is always packed, since converting is packing (the double
 * GEMM reads A in place where it can); the micro-kernel writes a float tile that
 * {@link FloatGemmKernels#mergeTile} adds into C, which also handles edge tiles and applies
 * alpha in double; and there is no SYRK triangle to skip.
 *
 * <p>Error bound. With u = 2^-24 (float's unit roundoff) and operands in float's normal range,
 * each element satisfies {@code |C - Cexact| <= (k + 3) u |alpha| sum_l |op(A)_il| |op(B)_lj| +
 * (k + 2) eps |beta C_ij|}, eps = 2^-52 (the double GEMM's bound on the second term). Rounding
 * the two inputs to float contributes 2u; a float dot product of length kc <= min(k, KC), with
 * or without FMA, at most {@code kc u / (1 - kc u)} (Higham, "Accuracy and Stability of
 * Numerical Algorithms", 2nd ed., §3.1); the one u to spare covers the second-order terms
 * (below {@code KC^2 u^2}, under a hundredth of u) and the double roundings of alpha times
 * each k-block's tile. beta C is rounded once by the first merge and once by each later
 * k-block's addition, at most k times in all.
 */
public final class FloatGemm {

    /**
     * Maximum depth of one rank-KC update, in floats. The A micro-panel, MR x KC = 12 x 512
     * floats = 24 KiB (the double GEMM's 12 x 256 doubles), stays in a 32 to 48 KiB L1 data
     * cache while B micro-panels stream past it. A deep KC also spreads the merge of each tile
     * into C, a widening, a multiply and an FMA per element, over more flops.
     */
    static final int KC = 512;

    /**
     * Maximum columns of the packed B block: KC x NC = 512 x 256 floats = 512 KiB, half of a
     * 1 MiB L2 (a quarter of a 2 MiB one), so that B's micro-panels stream from L2 past each A
     * micro-panel with room left for the A block and the C tiles. A narrower block costs no
     * extra conversion of A, whose packing all column blocks share ({@link #KEPT_A}).
     */
    static final int NC = 256;

    /**
     * Rows of C per pass over the B block: MC x KC = 48 x 512 floats = 96 KiB of packed A, still
     * in L2 when its micro-panels are loaded into L1. A multiple of both tile heights (4 and 12).
     */
    static final int MC = 48;

    /**
     * Floats of packed A kept for reuse by every column block of one rank-KC update: 4 MiB, the
     * A rows of KEPT_A / KC = 2048 rows of C at the full depth. Packing converts A once per
     * k-block instead of once per column block (the first column block packs each MC block just
     * before using it, the later ones read it back from L2 or L3, at half the bytes of A's
     * doubles and without the conversion); a taller product is done in bands of that many
     * rows, each packing B again.
     */
    static final int KEPT_A = 1 << 20;

    /**
     * Block sizes in floats: depth kc, rows mc, columns nc, and the rows {@code kept} whose
     * packed A all column blocks share ({@link #BLOCKING}, or small ones in tests).
     */
    record Blocking(int kc, int mc, int nc, int kept) {

        /** Depth of each rank-kc update of a k-deep product: k cut into equal k-blocks. */
        int depth(int k) {
            return Gemm.ceilDiv(k, Gemm.ceilDiv(k, kc));
        }

        /** Rows of a row block: mc, in whole micro-tiles of {@code mr} rows (at least one). */
        int rowBlock(int mr) {
            return Math.max(mr, mc / mr * mr);
        }

        /** Rows of a band whose packed A is kept: kept, in whole row blocks (at least one). */
        int band(int mr) {
            int rows = rowBlock(mr);
            return Math.max(rows, kept / rows * rows);
        }
    }

    static final Blocking BLOCKING = new Blocking(KC, MC, NC, KEPT_A / KC);

    /** A subclass rather than {@code withInitial}, for the reason Gemm's BlockGrid gives. */
    private static final ThreadLocal<Workspace> WORKSPACE = new ThreadLocal<>() {
        @Override
        protected Workspace initialValue() {
            return new Workspace();
        }
    };

    private FloatGemm() {
    }

    /**
     * {@code C = alpha op(A) op(B) + beta C} in single precision, the product
     * {@link KernelSelection#floatGemm()} gives (the packed loops on this JVM's kernels, after
     * {@link UnpackedFloatGemm} while the SIMD ones warm up); the arguments as in
     * {@link Gemm#multiply(int, int, int, double, double[], int, int, boolean, double[], int,
     * int, boolean, double, double[], int, int)}, trusted.
     */
    public static void multiply(int m, int n, int k, double alpha,
                                double[] a, int aOff, int lda, boolean transA,
                                double[] b, int bOff, int ldb, boolean transB,
                                double beta, double[] c, int cOff, int ldc) {
        if (multipliedInDouble(m, n, k, alpha, a, aOff, lda, transA, b, bOff, ldb, transB,
                beta, c, cOff, ldc)) {
            return;
        }
        GemmKernelSource<FloatProduct> source = KernelSelection.floatGemm();
        source.current(transA).multiply(source.threads(), m, n, k, alpha, a, aOff, lda, transA,
                b, bOff, ldb, transB, beta, c, cOff, ldc);
    }

    /**
     * As above, {@code product} on at most {@code threads} threads (the tests run every
     * product: the packed loops on every kernel set, with the real block sizes and with small
     * ones that make small products cross every block boundary, and the unpacked one).
     */
    static void multiply(FloatProduct product, int threads, int m, int n, int k, double alpha,
                         double[] a, int aOff, int lda, boolean transA,
                         double[] b, int bOff, int ldb, boolean transB,
                         double beta, double[] c, int cOff, int ldc) {
        if (!multipliedInDouble(m, n, k, alpha, a, aOff, lda, transA, b, bOff, ldb, transB,
                beta, c, cOff, ldc)) {
            product.multiply(threads, m, n, k, alpha, a, aOff, lda, transA, b, bOff, ldb, transB,
                    beta, c, cOff, ldc);
        }
    }

    /**
     * Runs in double, and returns true for, the products where single precision has nothing
     * to gain: those of at most {@link Gemm#SMALL_PRODUCT} multiply-adds, where converting would
     * cost more than it saves, and those that read no operand ({@code k == 0} or
     * {@code alpha == 0}); returns true without work when C is empty.
     */
    private static boolean multipliedInDouble(int m, int n, int k, double alpha,
                                              double[] a, int aOff, int lda, boolean transA,
                                              double[] b, int bOff, int ldb, boolean transB,
                                              double beta, double[] c, int cOff, int ldc) {
        if (m == 0 || n == 0) {
            return true;
        }
        if (k == 0 || alpha == 0 || (long) m * n * k <= Gemm.SMALL_PRODUCT) {
            Gemm.multiply(m, n, k, alpha, a, aOff, lda, transA, b, bOff, ldb, transB,
                    beta, c, cOff, ldc);
            return true;
        }
        return false;
    }

    /** The packed loops on {@code kernels} with block sizes {@code blocking}, as a product. */
    static FloatProduct packed(FloatGemmKernels kernels, Blocking blocking) {
        return new Packed(kernels, blocking);
    }

    private record Packed(FloatGemmKernels kernels, Blocking blocking) implements FloatProduct {
        @Override
        public void multiply(int threads, int m, int n, int k, double alpha,
                             double[] a, int aOff, int lda, boolean transA,
                             double[] b, int bOff, int ldb, boolean transB,
                             double beta, double[] c, int cOff, int ldc) {
            long work = (long) m * n * k;
            int mr = kernels.microRows();
            int nr = kernels.microCols();
            int parts = Gemm.parts(m, n, work, mr, nr, threads);
            SharedA shared = parts > 1 && m <= blocking.band(mr)
                    && Gemm.splitsColumnsOnly(m, n, work, mr, nr, threads)
                    ? new SharedA(kernels, blocking, parts, m, k, alpha, a, aOff, lda, transA,
                    c, ldc) : null;
            Gemm.forEachBlock(m, n, work, mr, nr, threads, new Gemm.BlockTask() {
                @Override // a class, not a lambda: see Gemm's BlockGrid
                public void run(int rowFrom, int rowTo, int colFrom, int colTo) {
                    int part = shared == null ? 0 : shared.start();
                    try {
                        multiplyBlock(kernels, blocking, shared, part, rowTo - rowFrom,
                                colTo - colFrom, k, alpha, a,
                                aOff + (transA ? rowFrom : rowFrom * lda), lda, transA,
                                b, bOff + (transB ? colFrom * ldb : colFrom), ldb, transB,
                                beta, c, cOff + rowFrom * ldc + colFrom, ldc);
                    } finally {
                        if (shared != null) {
                            shared.end(part);
                        }
                    }
                    if (shared != null) {
                        shared.helpOthers(part);
                    }
                }
            });
        }

        @Override
        public String toString() {
            return "packed float GEMM, " + kernels;
        }
    }

    /**
     * The five loops for one thread's block of C: rank-KC updates (4), bands of rows whose
     * packed A is kept, column blocks of NC, each packing its B block (5), row blocks of MC (3),
     * packed in the band's first column block, A micro-panels (2) and B micro-panels (1), one
     * micro-kernel call and one merge per tile. Loop 4 runs outside loop 5, unlike the double
     * GEMM, so that a k-block of A is converted once however many column blocks C has. With
     * {@code shared} (not null), the block spans all of C's rows, its k-blocks' A comes from
     * there whenever {@link SharedA#open} allows, and then the row blocks of each column block
     * are claimed from {@code shared} as this thread, {@code part}, publishes them, so that a
     * thread done with its own block can take the last ones ({@link SharedA#helpOthers}).
     */
    private static void multiplyBlock(FloatGemmKernels kernels, Blocking blocking,
                                      SharedA shared, int part, int m, int n, int k,
                                      double alpha, double[] a, int aOff, int lda,
                                      boolean transA, double[] b, int bOff, int ldb,
                                      boolean transB, double beta, double[] c, int cOff,
                                      int ldc) {
        int mr = kernels.microRows();
        int nr = kernels.microCols();
        int nc = Math.max(nr, blocking.nc() / nr * nr);
        int mc = blocking.rowBlock(mr);
        // With a single column block nothing is read back: the A blocks then share one buffer,
        // which stays in L2, rather than filling a band's worth of fresh lines.
        boolean keepA = n > nc;
        int band = keepA ? blocking.band(mr) : m;
        int kc = blocking.depth(k);
        // Each row of a packed A panel takes this many floats, in either layout.
        int panelDepth = FloatGemmKernels.groupedDepth(kc);
        Workspace workspace = WORKSPACE.get();
        workspace.reserve(kc * Gemm.ceilDiv(Math.min(n, nc), nr) * nr,
                Gemm.ceilDiv(Math.min(m, keepA ? band : mc), mr) * mr * panelDepth, mr * nr);
        float[] packedA = workspace.aBlock;
        float[] packedB = workspace.bBlock;
        float[] tile = workspace.tile;
        for (int pc = 0; pc < k; pc += kc) {                        // loop 4: rank-kc updates
            int kcCur = Math.min(kc, k - pc);
            double betaNow = pc == 0 ? beta : 1.0;
            int kBlock = pc / kc;
            boolean sharing = shared != null && shared.open(kBlock);
            for (int is = 0; is < m; is += band) {                  // bands of kept A rows
                int bandRows = Math.min(band, m - is);
                for (int jc = 0; jc < n; jc += nc) {                // loop 5: columns
                    int ncCur = Math.min(nc, n - jc);
                    packB(kernels, kcCur, ncCur, b, bOff, ldb, transB, pc, jc, packedB);
                    if (sharing) {
                        shared.multiplyColumnBlock(part, new ColumnBlock(kBlock, kcCur, ncCur,
                                betaNow, packedB, cOff + jc, shared.rowBlocks), tile);
                        continue;
                    }
                    for (int ic = 0; ic < bandRows; ic += mc) {     // loop 3: row blocks
                        int mcCur = Math.min(mc, bandRows - ic);
                        int aAt = keepA ? ic * panelDepth : 0;
                        if (jc == 0) {
                            packA(kernels, mcCur, kcCur, a, aOff, lda, transA, is + ic, pc,
                                    packedA, aAt, panelDepth);
                        }
                        multiplyRowBlock(kernels, transA, mcCur, kcCur, ncCur, packedA, aAt,
                                panelDepth, packedB, tile, alpha, betaNow, c,
                                cOff + (is + ic) * ldc + jc, ldc);
                    }
                }
            }
            if (shared != null) {
                shared.finish(kBlock);
            }
        }
    }

    /**
     * Loops 2 and 1 for one row block: {@code rows} rows of packed A from {@code aAt} (panels
     * {@code panelDepth} floats a row apart) times the packed B block of {@code nc} columns,
     * each tile merged into C from {@code cAt}.
     */
    private static void multiplyRowBlock(FloatGemmKernels kernels, boolean transA, int rows,
                                         int kc, int nc, float[] packedA, int aAt,
                                         int panelDepth, float[] packedB, float[] tile,
                                         double alpha, double beta, double[] c, int cAt,
                                         int ldc) {
        int mr = kernels.microRows();
        int nr = kernels.microCols();
        for (int ir = 0; ir < rows; ir += mr) {                     // loop 2: A micro-panels
            int panelRows = Math.min(mr, rows - ir);
            int aPanel = aAt + ir * panelDepth;
            for (int jr = 0; jr < nc; jr += nr) {                   // loop 1: B micro-panels
                if (transA) {
                    kernels.microKernelColumnPanel(kc, packedA, aPanel, packedB, jr * kc, tile);
                } else {
                    kernels.microKernel(kc, packedA, aPanel, packedB, jr * kc, tile);
                }
                kernels.mergeTile(panelRows, Math.min(nr, nc - jr), tile, alpha, beta, c,
                        cAt + ir * ldc + jr, ldc);
            }
        }
    }

    /**
     * One thread's column block of one k-block, on the shared A: its packed B (the thread's
     * own buffer), where its columns start in C ({@code cAt}, row 0) and its row blocks, which
     * the thread claims from the front and a helper from the back ({@code ends}: front in the
     * high half, back in the low). The thread may reuse {@code packedB} only once every row
     * block a helper took is done.
     */
    private static final class ColumnBlock {
        final int kBlock;
        final int kc;
        final int nc;
        final double beta;
        final float[] packedB;
        final int cAt;
        final int rowBlocks;
        private final AtomicLong ends;
        private final AtomicInteger helpedDone = new AtomicInteger();

        ColumnBlock(int kBlock, int kc, int nc, double beta, float[] packedB, int cAt,
                    int rowBlocks) {
            this.kBlock = kBlock;
            this.kc = kc;
            this.nc = nc;
            this.beta = beta;
            this.packedB = packedB;
            this.cAt = cAt;
            this.rowBlocks = rowBlocks;
            ends = new AtomicLong(rowBlocks);
        }

        /** The next row block from the front, or -1 once none is left. */
        int claimFront() {
            return claim(false);
        }

        /** The last row block left, for a helper, or -1 once none is left. */
        int claimBack() {
            return claim(true);
        }

        private int claim(boolean fromBack) {
            while (true) {
                long now = ends.get();
                int front = (int) (now >>> 32);
                int back = (int) now;
                if (front >= back) {
                    return -1;
                }
                if (ends.compareAndSet(now, fromBack ? now - 1 : now + (1L << 32))) {
                    return fromBack ? back - 1 : front;
                }
            }
        }

        void helped() {
            helpedDone.incrementAndGet();
        }

        /** Returns once every row block claimed from the back is done (all are claimed). */
        void awaitHelpers() {
            int helpedClaimed = rowBlocks - (int) ends.get();
            while (helpedDone.get() < helpedClaimed) {
                Thread.onSpinWait();
            }
        }
    }

    /**
     * The packed A of a product whose threads each multiply all of C's rows into columns of
     * their own (a grid of one row strip, one band of kept rows at most): each row block
     * of each k-block is converted once, by whichever thread comes to it first, into a band
     * that every thread reads, instead of once by every thread. A thread that finds the row
     * block it needs being packed by another packs the next one meanwhile, if that is free, so
     * the two halves of a two-thread product each convert about half of A, each using the
     * blocks it packed while they are still in its L2.
     *
     * <p>The k-blocks take turns in two bands. A thread uses k-block q's band only if every
     * thread has finished k-block q - 2, the band's last contents ({@link #open}); otherwise,
     * ahead of a slower thread (or running before a thread that has not started, when parts
     * run one after another), it packs that k-block's A for itself as without sharing. So a
     * thread only ever waits for a row block that another, running, thread is packing, and
     * the threads cannot deadlock. Which thread packs a row block changes nothing in it: the
     * bits do not depend on the threads.
     *
     * <p>The threads' blocks are equal, but their cores need not be: a neighbour on one of them
     * slows that half, and the product waits for it. So a thread multiplies the row blocks of
     * each column block on the shared A as it claims them from the front, and a thread done
     * with its own block takes row blocks from the back of another's, reading that thread's
     * packed B, until every other thread is done ({@link #helpOthers}). A column block's owner
     * waits for the row blocks taken from it before it packs its next B, and before it
     * finishes the k-block. A helper computes each tile exactly as the owner would, and the
     * k-blocks of a tile still reach C in order, so the bits stay the same.
     */
    private static final class SharedA {
        private static final int FREE = 0;
        private static final int PACKING = 1;
        private static final int PACKED = 2;
        private static final int RUNNING = 1;
        private static final int DONE = 2;

        private final FloatGemmKernels kernels;
        private final int parts;
        private final int m;
        private final int k;
        private final int kc;
        private final int mc;
        private final int panelDepth;
        /** Row blocks of A, and of every column block. */
        final int rowBlocks;
        private final double alpha;
        private final double[] a;
        private final int aOff;
        private final int lda;
        private final boolean transA;
        private final double[] c;
        private final int ldc;
        private final float[][] bands;
        /** FREE, PACKING or PACKED, for row block r of k-block q at q rowBlocks + r. */
        private final AtomicIntegerArray rowBlockStates;
        /** Threads that have finished each k-block. */
        private final AtomicIntegerArray finished;
        private final AtomicInteger started = new AtomicInteger();
        /** Each part's state: not started, RUNNING or DONE. */
        private final AtomicIntegerArray partStates;
        /** Each running part's column block on the shared A, once it has one. */
        private final AtomicReferenceArray<ColumnBlock> columnBlocks;
        private volatile boolean failed;

        /** The shared A of {@code parts} threads; its bands are the constructing thread's. */
        SharedA(FloatGemmKernels kernels, Blocking blocking, int parts, int m, int k,
                double alpha, double[] a, int aOff, int lda, boolean transA, double[] c,
                int ldc) {
            this.kernels = kernels;
            this.parts = parts;
            this.m = m;
            this.k = k;
            this.alpha = alpha;
            this.a = a;
            this.aOff = aOff;
            this.lda = lda;
            this.transA = transA;
            this.c = c;
            this.ldc = ldc;
            int mr = kernels.microRows();
            kc = blocking.depth(k);
            mc = blocking.rowBlock(mr);
            panelDepth = FloatGemmKernels.groupedDepth(kc);
            rowBlocks = Gemm.ceilDiv(m, mc);
            bands = WORKSPACE.get().sharedBands(Gemm.ceilDiv(m, mr) * mr * panelDepth);
            rowBlockStates = new AtomicIntegerArray(Gemm.ceilDiv(k, kc) * rowBlocks);
            finished = new AtomicIntegerArray(Gemm.ceilDiv(k, kc));
            partStates = new AtomicIntegerArray(parts);
            columnBlocks = new AtomicReferenceArray<>(parts);
        }

        /** Marks a part as started on the calling thread; returns its number. */
        int start() {
            int part = started.getAndIncrement();
            partStates.set(part, RUNNING);
            return part;
        }

        /** Marks {@code part}'s own block as done (or failed): nobody helps it any more. */
        void end(int part) {
            partStates.set(part, DONE);
        }

        /**
         * Multiplies every row block of {@code block}, {@code part}'s column block of a k-block
         * whose band is open, that no helper takes; returns once the helpers' ones are done too.
         */
        void multiplyColumnBlock(int part, ColumnBlock block, float[] tile) {
            columnBlocks.set(part, block);
            for (int r = block.claimFront(); r >= 0; r = block.claimFront()) {
                multiply(block, r, tile);
            }
            block.awaitHelpers();
        }

        /**
         * Takes row blocks from the back of the other running parts' column blocks until
         * every other part is done (a part that fails is done too), so it waits only for
         * parts that are running.
         */
        void helpOthers(int part) {
            float[] tile = WORKSPACE.get().tile;
            while (true) {
                boolean othersRunning = false;
                boolean helped = false;
                for (int other = 0; other < parts; other++) {
                    if (other == part || partStates.get(other) != RUNNING) {
                        continue;
                    }
                    othersRunning = true;
                    ColumnBlock block = columnBlocks.get(other);
                    int r = block == null ? -1 : block.claimBack();
                    if (r >= 0) {
                        try {
                            multiply(block, r, tile);
                        } finally {
                            block.helped();
                        }
                        helped = true;
                    }
                }
                if (!othersRunning) {
                    return;
                }
                if (!helped) {
                    Thread.onSpinWait();
                }
            }
        }

        /** Row block {@code rowBlock} of {@code block}, packing its A first if nobody has. */
        private void multiply(ColumnBlock block, int rowBlock, float[] tile) {
            pack(block.kBlock, rowBlock);
            int row = rowBlock * mc;
            FloatGemm.multiplyRowBlock(kernels, transA, Math.min(mc, m - row), block.kc,
                    block.nc, band(block.kBlock), row * panelDepth, panelDepth, block.packedB,
                    tile, alpha, block.beta, c, block.cAt + row * ldc, ldc);
        }

        /** Whether k-block {@code kBlock}'s band may be written and read now. */
        boolean open(int kBlock) {
            return kBlock < 2 || finished.get(kBlock - 2) == parts;
        }

        float[] band(int kBlock) {
            return bands[kBlock % 2];
        }

        /**
         * Returns once row block {@code rowBlock} of k-block {@code kBlock} is in its band, or
         * once another thread has failed packing (whose failure the product then rethrows).
         */
        void pack(int kBlock, int rowBlock) {
            int state = kBlock * rowBlocks + rowBlock;
            while (rowBlockStates.get(state) != PACKED && !failed) {
                if (!claimAndPack(kBlock, rowBlock)
                        && !(rowBlock + 1 < rowBlocks && claimAndPack(kBlock, rowBlock + 1))) {
                    Thread.onSpinWait();
                }
            }
        }

        private boolean claimAndPack(int kBlock, int rowBlock) {
            int state = kBlock * rowBlocks + rowBlock;
            if (!rowBlockStates.compareAndSet(state, FREE, PACKING)) {
                return false;
            }
            int pc = kBlock * kc;
            int row = rowBlock * mc;
            try {
                packA(kernels, Math.min(mc, m - row), Math.min(kc, k - pc), a, aOff, lda,
                        transA, row, pc, band(kBlock), row * panelDepth, panelDepth);
            } catch (RuntimeException | Error e) {
                failed = true;
                throw e;
            }
            rowBlockStates.set(state, PACKED);
            return true;
        }

        /** Records that the calling thread has finished k-block {@code kBlock}. */
        void finish(int kBlock) {
            finished.incrementAndGet(kBlock);
        }
    }

    /**
     * Packs op(B)[pc .. pc + kc, jc .. jc + nc), rounded to float, into micro-panels of NR
     * columns: panel q holds op(B)(pc + p, jc + q NR + j) at {@code q NR kc + p NR + j}. The
     * last panel's columns past nc keep whatever the buffer held, as do the last A panel's rows
     * past the block ({@link #packA}): they feed only tile columns and rows that
     * {@link FloatGemmKernels#mergeTile} leaves out, so clearing them would be wasted work.
     * Untransposed, each row of a panel is a contiguous piece of a
     * row of B and is converted in one block; transposed, a column of the panel is contiguous
     * in B's storage, and four such columns are read together so that each step stores four
     * adjacent floats (one column at a time, the panel's scattered stores cost about a tenth
     * of an n = 128 x 512 x 784 product).
     */
    private static void packB(FloatGemmKernels kernels, int kc, int nc, double[] b, int bOff,
                              int ldb, boolean transB, int pc, int jc, float[] packed) {
        int nr = kernels.microCols();
        for (int jr = 0; jr < nc; jr += nr) {
            int cols = Math.min(nr, nc - jr);
            int panel = jr * kc;
            if (!transB) {
                kernels.convertBlock(kc, cols, b, bOff + pc * ldb + jc + jr, ldb,
                        packed, panel, nr);
            } else {
                int j = 0;
                for (; j + 4 <= cols; j += 4) {
                    int src = bOff + (jc + jr + j) * ldb + pc;
                    for (int p = 0; p < kc; p++) {
                        int dst = panel + p * nr + j;
                        packed[dst] = (float) b[src + p];
                        packed[dst + 1] = (float) b[src + ldb + p];
                        packed[dst + 2] = (float) b[src + 2 * ldb + p];
                        packed[dst + 3] = (float) b[src + 3 * ldb + p];
                    }
                }
                for (; j < cols; j++) {
                    int src = bOff + (jc + jr + j) * ldb + pc;
                    for (int p = 0; p < kc; p++) {
                        packed[panel + p * nr + j] = (float) b[src + p];
                    }
                }
            }
        }
    }

    /**
     * Packs op(A)[row .. row + rows, pc .. pc + kc), rounded to float, into panels of MR rows,
     * panel r from {@code at + r MR depth} ({@code depth} = {@link
     * FloatGemmKernels#groupedDepth}(kc)); rows past {@code rows} are not written. Untransposed
     * A goes into grouped row panels ({@link FloatGemmKernels#microKernel}) a group at a time,
     * so that the group's pieces of the panel's rows, G-long pieces of stored rows of A, fill it
     * front to back (written a row at a time, a cache line shared by two rows' pieces is
     * written in two visits far apart: with 16-step groups, 2 to 5 % of a 1024 x 1024 x 1024
     * product). Transposed A goes
     * into column panels ({@link FloatGemmKernels#microKernelColumnPanel}: column p at
     * {@code + p MR}), each column of op(A) a contiguous piece of a stored row of A^T.
     */
    private static void packA(FloatGemmKernels kernels, int rows, int kc, double[] a, int aOff,
                              int lda, boolean transA, int row, int pc, float[] packed, int at,
                              int depth) {
        int mr = kernels.microRows();
        int group = FloatGemmKernels.DEPTH_GROUP;
        for (int first = 0; first < rows; first += mr) {
            int panelRows = Math.min(mr, rows - first);
            int panel = at + first * depth;
            if (transA) {
                kernels.convertBlock(kc, panelRows, a, aOff + pc * lda + row + first, lda,
                        packed, panel, mr);
            } else {
                int from = aOff + (row + first) * lda + pc;
                for (int g = 0; g < kc; g += group) {
                    kernels.convertBlock(panelRows, Math.min(group, kc - g), a, from + g, lda,
                            packed, panel + g * mr, group);
                }
            }
        }
    }

    /** Per-thread packing buffers, grown on demand and then reused by every call. */
    private static final class Workspace {
        float[] bBlock = new float[0];
        float[] aBlock = new float[0];
        float[] tile = new float[0];
        private final float[][] sharedBands = {new float[0], new float[0]};

        /** The two bands of a {@link SharedA} this thread starts, each at least this large. */
        float[][] sharedBands(int size) {
            for (int i = 0; i < sharedBands.length; i++) {
                if (sharedBands[i].length < size) {
                    sharedBands[i] = new float[size];
                }
            }
            return sharedBands.clone();
        }

        /** Makes the buffers at least this large (the tile exactly this large). */
        void reserve(int bSize, int aSize, int tileSize) {
            if (bBlock.length < bSize) {
                bBlock = new float[bSize];
            }
            if (aBlock.length < aSize) {
                aBlock = new float[aSize];
            }
            if (tile.length != tileSize) {
                tile = new float[tileSize];
            }
        }
    }
}
