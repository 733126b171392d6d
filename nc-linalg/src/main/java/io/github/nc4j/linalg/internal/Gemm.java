package io.github.nc4j.linalg.internal;

import java.util.function.IntConsumer;

/**
 * General matrix multiply {@code C = alpha op(A) op(B) + beta C} on row-major storage, built the
 * way BLIS builds it (Goto and van de Geijn, "Anatomy of High-Performance Matrix
 * Multiplication", ACM TOMS 2008; Van Zee and van de Geijn, "BLIS", ACM TOMS 2015): five plain
 * loops around one register-blocked micro-kernel, with B packed into a contiguous buffer sized
 * for the caches.
 *
 * <p>The micro-kernel ({@link GemmKernels#microKernel}) holds an MR x NR tile of C in vector
 * registers, with the vectors along C's rows. It reuses one A micro-panel (MR x KC) for a whole
 * sweep over the packed B block, so the loops keep that A micro-panel in L1 and stream the B
 * micro-panels (KC x NR) past it: the two innermost BLIS loops appear here in the opposite
 * order, which is BLIS's own arrangement seen through the transpose (BLIS's column-major C with
 * vectors along columns is our row-major C with vectors along rows). Block sizes are named
 * constants below, each with the cache it targets.
 *
 * <p>The micro-kernel reads A as MR rows at a stride (a packed panel, or rows of A itself), or,
 * when A is transposed, as a panel packed column by column.
 * Untransposed A is read in place when C has at most NC columns: each A element is then read
 * once, where packing would add a write and a second read, which is most of the time of a
 * skinny product such as the (N x d) times (d x K) logits of a classifier with K classes. A is
 * packed when it is transposed (a panel would be spread
 * over KC rows of storage) or when C has several column blocks (A is swept once per block, and
 * a packed copy streams faster). A last, partial row panel is always packed, zero-padded, so
 * that the kernel never reads past A.
 *
 * <p>Threads split C into a grid of independent blocks of whole micro-tiles. Because the
 * micro-kernel accumulates each element over the same k-blocks in the same order wherever its
 * tile lies, the result is bitwise the same for every thread count.
 *
 * <p>It is also bitwise the same for every kernel set: the k-blocks depend on k alone, every
 * micro-kernel forms each sum with the same fused multiply-adds ({@link GemmKernels}), the
 * edge-tile merge and the small-product loops below use no kernel at all. So the kernels may
 * change between two rank-KC updates of one product, and {@link #multiply(int, int, int, double,
 * double[], int, int, boolean, double[], int, int, boolean, double, double[], int, int)} takes
 * them from {@link KernelSelection#gemm()}: the scalar ones until the SIMD ones are compiled,
 * then the SIMD ones ({@link WarmingGemmKernels}), with the same result either way.
 */
public final class Gemm {

    /**
     * Maximum depth of one rank-KC update. The A micro-panel, MR x KC = 12 x 256 doubles =
     * 24 KiB (8 KiB for the 4-row tile), stays in a 32 to 48 KiB L1 data cache while B
     * micro-panels stream past it, and a deep KC makes the load and store of each C tile rare
     * next to the 2 MR NR KC flops done on it. The depth is split evenly (k = 300 runs as
     * 2 x 150, not 256 + 44).
     */
    static final int KC = 256;

    /**
     * Maximum columns of the packed B block: KC x NC = 256 x 512 doubles = 1 MiB, half of a
     * 2 MiB L2 cache, so that B micro-panels stream from L2 past each A micro-panel: a block in
     * L3, or one filling L2, is slower. The trade-off depends on the CPU: every extra column
     * block means reading all of A once more, so where L3 is fast a larger block can win.
     */
    static final int NC = 512;

    /**
     * Rows of C per pass over the B block: MC x KC = 48 x 256 doubles = 96 KiB of A, packed
     * (when it is packed) just before use, so it is still in L2 when its micro-panels are loaded
     * into L1. A multiple of both micro-tile heights (4 and 12); larger blocks were slower.
     */
    static final int MC = 48;

    /**
     * Products with at most this many multiply-adds (m n k) skip packing, which would cost more
     * than it saves, and run as row-wise AXPYs or dot products. The packed path wins early, at
     * 100 x 16 x 16 and even 10 x 10 x 10; only products of a few rows, such as 1 x 16 x 16 or
     * 3 x 200 x 3, stay faster unpacked. The layers of the small unconstrained feature models
     * (N = 100, d = 16) are made of such products.
     */
    static final long SMALL_PRODUCT = 2048;

    /**
     * Multiply-adds a thread must get before another thread is worth starting: work that takes
     * several times the hand-off to a spinning worker ({@link Workers}).
     */
    static final long WORK_PER_THREAD = 1L << 18;

    /** The diagonal offset meaning "every element of C is wanted". */
    private static final int WHOLE = Integer.MAX_VALUE / 2;

    /** A subclass rather than {@code withInitial}, for the reason {@link BlockGrid} gives. */
    private static final ThreadLocal<Workspace> WORKSPACE = new ThreadLocal<>() {
        @Override
        protected Workspace initialValue() {
            return new Workspace();
        }
    };

    private Gemm() {
    }

    /**
     * Asks now for the kernels of both kinds of product (A untransposed and transposed), in
     * double or in single precision, so that their warm-up ({@link WarmingGemmKernels}) starts
     * without waiting for a product of each kind; does nothing when the selected kernels run
     * from the first product.
     */
    public static void warmUp(boolean singlePrecision) {
        GemmKernelSource<?> source =
                singlePrecision ? KernelSelection.floatGemm() : KernelSelection.gemm();
        source.current(false);
        source.current(true);
    }

    /**
     * {@code C = alpha op(A) op(B) + beta C} with this JVM's GEMM kernels
     * ({@link KernelSelection#gemm()}).
     */
    public static void multiply(int m, int n, int k, double alpha,
                                double[] a, int aOff, int lda, boolean transA,
                                double[] b, int bOff, int ldb, boolean transB,
                                double beta, double[] c, int cOff, int ldc) {
        multiply(KernelSelection.gemm(), m, n, k, alpha, a, aOff, lda, transA, b, bOff, ldb,
                transB, beta, c, cOff, ldc);
    }

    /**
     * {@code C = alpha op(A) op(B) + beta C} with the GEMM kernels of {@code kernels}, where
     * op(A) is m x k, op(B) is k x n and element (i, j) of a stored operand X is
     * {@code x[xOff + i * ldx + j]}. Arguments are trusted: the public {@code Blas} methods
     * validate them.
     */
    public static void multiply(Kernels kernels, int m, int n, int k, double alpha,
                                double[] a, int aOff, int lda, boolean transA,
                                double[] b, int bOff, int ldb, boolean transB,
                                double beta, double[] c, int cOff, int ldc) {
        multiply(kernels.gemm(), m, n, k, alpha, a, aOff, lda, transA, b, bOff, ldb, transB,
                beta, c, cOff, ldc);
    }

    /** {@code C = alpha op(A) op(B) + beta C} with the kernels {@code source} gives. */
    static void multiply(GemmKernelSource<GemmKernels> source, int m, int n, int k, double alpha,
                         double[] a, int aOff, int lda, boolean transA,
                         double[] b, int bOff, int ldb, boolean transB,
                         double beta, double[] c, int cOff, int ldc) {
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0 || alpha == 0) {
            scale(m, n, beta, c, cOff, ldc);
            return;
        }
        long work = (long) m * n * k;
        if (work <= SMALL_PRODUCT) {
            scale(m, n, beta, c, cOff, ldc);
            multiplyUnpacked(m, n, k, alpha, a, aOff, lda, transA, b, bOff, ldb, transB,
                    c, cOff, ldc);
            return;
        }
        GemmKernels first = source.current(transA);
        forEachBlock(m, n, work, first.microRows(), first.microCols(), source.threads(),
                new Product(source, k, alpha, a, aOff, lda, transA, b, bOff, ldb, transB, beta,
                        c, cOff, ldc));
    }

    /** One thread's block of C: rows {@code [rowFrom, rowTo)}, columns {@code [colFrom, colTo)}. */
    @FunctionalInterface
    interface BlockTask {
        void run(int rowFrom, int rowTo, int colFrom, int colTo);
    }

    /**
     * Splits an m x n result into a grid of blocks of whole mr x nr micro-tiles, one per thread
     * (at most {@code threads}, and as many as {@code work} multiply-adds justify), and runs
     * {@code task} on each. Shared by the double and the float GEMM: a block's bounds depend
     * only on the shape, the tile and the thread count, and an element's value not at all on
     * them.
     */
    static void forEachBlock(int m, int n, long work, int mr, int nr, int threads,
                             BlockTask task) {
        int parts = parts(m, n, work, mr, nr, threads);
        int rowParts = rowParts(parts, m, n, ceilDiv(m, mr), ceilDiv(n, nr));
        Workers.forEach(rowParts * (parts / rowParts),
                new BlockGrid(m, n, mr, nr, rowParts, parts / rowParts, task));
    }

    /** How many blocks {@link #forEachBlock} cuts C into for these arguments. */
    static int parts(int m, int n, long work, int mr, int nr, int threads) {
        return (int) Math.min(Math.min(threads, (long) ceilDiv(m, mr) * ceilDiv(n, nr)),
                Math.max(1, work / WORK_PER_THREAD));
    }

    /**
     * Whether {@link #forEachBlock}'s blocks for these arguments all span every row of C (a
     * grid of one row strip), so that they all read the whole of op(A).
     */
    static boolean splitsColumnsOnly(int m, int n, long work, int mr, int nr, int threads) {
        return rowParts(parts(m, n, work, mr, nr, threads), m, n, ceilDiv(m, mr),
                ceilDiv(n, nr)) == 1;
    }

    /**
     * How many row strips a grid of {@code parts} blocks of C should have. Each thread packs the
     * B columns of its block and reads the A rows of its block, so a grid of r x (parts / r)
     * blocks handles B about r times over and A parts / r times: choose the divisor r that
     * minimizes {@code r n + (parts / r) m}, within the number of micro-tiles on each side.
     */
    private static int rowParts(int parts, int m, int n, int rowTiles, int colTiles) {
        int best = 1;
        double bestCost = Double.MAX_VALUE;
        for (int r = 1; r <= parts; r++) {
            int columns = parts / r;
            if (parts % r != 0 || r > rowTiles || columns > colTiles) {
                continue;
            }
            double cost = (double) r * n + (double) columns * m;
            if (cost < bestCost) {
                bestCost = cost;
                best = r;
            }
        }
        return best;
    }

    /** The start of piece {@code index} when {@code count} units are cut into {@code pieces}. */
    private static int split(int count, int index, int pieces) {
        return (int) ((long) count * index / pieces);
    }

    /**
     * Loops 5, 4 and 3 for one thread's block of C: column blocks of NC, rank-KC updates (each
     * packing its B block), row blocks of MC (each packing its A block unless A is read in
     * place). Only the elements (i, j) with {@code j <= i + diagonal} are wanted: micro-tiles
     * entirely above that line are skipped (SYRK's strictly upper triangle), and {@link #WHOLE}
     * keeps every tile. The kernels come from {@code source} afresh for each rank-KC update;
     * the block sizes come from the first ones (NC and MC are multiples of every micro-tile).
     */
    private static void multiplyBlock(GemmKernelSource<GemmKernels> source, int m, int n, int k,
                                      double alpha, double[] a, int aOff, int lda,
                                      boolean transA, double[] b, int bOff, int ldb,
                                      boolean transB, double beta, double[] c, int cOff, int ldc,
                                      int diagonal) {
        GemmKernels first = source.current(transA);
        int nc = Math.max(first.microCols(), NC / first.microCols() * first.microCols());
        int mc = Math.max(first.microRows(), MC / first.microRows() * first.microRows());
        int kc = ceilDiv(k, ceilDiv(k, KC));
        Workspace workspace = WORKSPACE.get();
        boolean inPlace = !transA && n <= nc;

        for (int jc = 0; jc < n && jc <= m - 1L + diagonal; jc += nc) { // loop 5: columns
            int ncCur = Math.min(nc, n - jc);
            for (int pc = 0; pc < k; pc += kc) {             // loop 4: rank-kc updates
                int kcCur = Math.min(kc, k - pc);
                double betaNow = pc == 0 ? beta : 1.0;
                GemmKernels tiles = source.current(transA);
                int mr = tiles.microRows();
                int nr = tiles.microCols();
                workspace.reserve(kc * ceilDiv(Math.min(n, nc), nr) * nr,
                        ceilDiv(Math.min(m, mc), mr) * mr * kc, mr * nr);
                packB(tiles, kcCur, ncCur, alpha, b, bOff, ldb, transB, pc, jc,
                        workspace.bBlock);
                for (int ic = 0; ic < m; ic += mc) {         // loop 3: row blocks of C
                    int mcCur = Math.min(mc, m - ic);
                    if (!inPlace) {
                        packA(tiles, mcCur, kcCur, a, aOff, lda, transA, ic, pc,
                                workspace.aBlock, 0);
                    }
                    macroKernel(tiles, workspace, mcCur, ncCur, kcCur,
                            a, aOff + ic * lda + pc, lda, transA, inPlace, betaNow,
                            c, cOff + ic * ldc + jc, ldc, (long) diagonal + ic - jc);
                }
            }
        }
    }

    /**
     * Loops 2 and 1: C[0..mc, 0..nc) = A B + beta C for one packed B block (in the workspace)
     * and one A block, packed in the workspace or, when {@code inPlace}, read at
     * {@code a[aAt + i * lda + p]}. Tiles wholly above the line {@code j = i + diagonal} are
     * skipped.
     */
    private static void macroKernel(GemmKernels tiles, Workspace workspace, int mc, int nc,
                                    int kc, double[] a, int aAt, int lda, boolean transA,
                                    boolean inPlace, double beta,
                                    double[] c, int cAt, int ldc, long diagonal) {
        int mr = tiles.microRows();
        int nr = tiles.microCols();
        for (int ir = 0; ir < mc; ir += mr) {               // loop 2: A micro-panel in L1
            int rows = Math.min(mr, mc - ir);
            // Transposed A is in column panels of the packed block. Otherwise the kernel reads
            // A(ir + i, p) at aPanel[aPanelAt + i * aLd + p]: in A itself, or in the packed
            // block (a last partial panel read in place is first copied there, zero-padded).
            double[] aPanel = a;
            int aPanelAt = aAt + ir * lda;
            int aLd = lda;
            if (!inPlace || rows < mr) {
                if (inPlace) {
                    packA(tiles, rows, kc, a, aAt, lda, false, ir, 0,
                            workspace.aBlock, ir * kc);
                }
                aPanel = workspace.aBlock;
                aPanelAt = ir * kc;
                aLd = kc;
            }
            int lastWanted = (int) Math.min(nc, ir + rows + diagonal);
            for (int jr = 0; jr < lastWanted; jr += nr) {   // loop 1: B micro-panels
                multiplyTile(tiles, workspace.edgeTile, rows, Math.min(nr, nc - jr), kc,
                        aPanel, aPanelAt, aLd, transA, workspace.bBlock, jr * kc,
                        beta, c, cAt + ir * ldc + jr, ldc);
            }
        }
    }

    /**
     * One micro-tile, {@code C[0..rows, 0..cols) = A B + beta C}: a whole tile straight into C,
     * an edge tile into {@code edgeTile} first and then merged, so that no kernel writes past C.
     */
    private static void multiplyTile(GemmKernels tiles, double[] edgeTile, int rows, int cols,
                                     int kc, double[] a, int aAt, int lda, boolean transA,
                                     double[] b, int bAt, double beta,
                                     double[] c, int cAt, int ldc) {
        int mr = tiles.microRows();
        int nr = tiles.microCols();
        boolean edge = rows < mr || cols < nr;
        double[] target = edge ? edgeTile : c;
        int targetAt = edge ? 0 : cAt;
        int targetLd = edge ? nr : ldc;
        double targetBeta = edge ? 0.0 : beta;
        if (cols < nr) {
            tiles.microKernelEdge(kc, a, aAt, transA ? 1 : lda, transA ? mr : 1, b, bAt,
                    target, targetAt, targetLd, cols, targetBeta);
        } else if (transA) {
            tiles.microKernelColumnPanel(kc, a, aAt, b, bAt, target, targetAt, targetLd,
                    targetBeta);
        } else {
            tiles.microKernel(kc, a, aAt, lda, b, bAt, target, targetAt, targetLd, targetBeta);
        }
        if (edge) {
            mergeTile(rows, cols, edgeTile, nr, beta, c, cAt, ldc);
        }
    }

    /**
     * Packs alpha op(B)[pc .. pc + kc, jc .. jc + nc) into micro-panels of NR columns: panel q
     * holds alpha op(B)(pc + p, jc + q NR + j) at {@code q NR kc + p NR + j}, zero-padded past
     * column nc. Folding alpha in here costs nothing and keeps it out of the micro-kernel.
     */
    private static void packB(GemmKernels tiles, int kc, int nc, double alpha, double[] b,
                              int bOff, int ldb, boolean transB, int pc, int jc,
                              double[] packed) {
        int nr = tiles.microCols();
        for (int jr = 0; jr < nc; jr += nr) {
            int cols = Math.min(nr, nc - jr);
            int panel = jr * kc;
            if (cols < nr) { // one fill for the padding: per-row fills cost more than the copies
                java.util.Arrays.fill(packed, panel, panel + kc * nr, 0.0);
            }
            if (!transB) {
                tiles.copyBlock(kc, cols, b, bOff + pc * ldb + jc + jr, ldb, packed, panel, nr);
                if (alpha != 1) {
                    for (int e = panel; e < panel + kc * nr; e++) {
                        packed[e] *= alpha;
                    }
                }
            } else {
                for (int j = 0; j < cols; j++) {
                    int src = bOff + (jc + jr + j) * ldb + pc;
                    for (int p = 0; p < kc; p++) {
                        packed[panel + p * nr + j] = alpha * b[src + p];
                    }
                }
            }
        }
    }

    /**
     * Packs op(A)[row .. row + rows, pc .. pc + kc) into micro-panels of MR rows starting at
     * {@code packed[at]}, panel r taking the MR kc values from {@code at + r MR kc}; rows past
     * {@code rows} in the last panel are zero. Untransposed A goes into row panels, the layout
     * {@link GemmKernels#microKernel} reads with {@code lda = kc}: row i of panel r at
     * {@code + i kc}. Transposed A goes into column panels
     * ({@link GemmKernels#microKernelColumnPanel}): column p of panel r at {@code + p MR}. Either
     * way each piece is contiguous in A's storage (a row of A, or MR values of a row of the
     * stored A^T) and moves in one copy, where a transposed row panel needed one scattered
     * store per value.
     */
    private static void packA(GemmKernels tiles, int rows, int kc, double[] a, int aOff, int lda,
                              boolean transA, int row, int pc, double[] packed, int at) {
        int mr = tiles.microRows();
        for (int first = 0; first < rows; first += mr) {
            int panelRows = Math.min(mr, rows - first);
            int panel = at + first * kc;
            if (transA) {
                if (panelRows < mr) {
                    java.util.Arrays.fill(packed, panel, panel + kc * mr, 0.0);
                }
                // System.arraycopy, not copyBlock: for these strips of MR = 12 values (one
                // vector and a scalar tail) the block copy is much slower.
                for (int p = 0; p < kc; p++) {
                    System.arraycopy(a, aOff + (pc + p) * lda + row + first, packed,
                            panel + p * mr, panelRows);
                }
            } else {
                tiles.copyBlock(panelRows, kc, a, aOff + (row + first) * lda + pc, lda,
                        packed, panel, kc);
                java.util.Arrays.fill(packed, panel + panelRows * kc, panel + mr * kc, 0.0);
            }
        }
    }

    /**
     * {@code C = beta C + tile} on the valid part of an edge tile, with the same single rounding
     * ({@code fma(c, beta, tile)}) as the micro-kernel applies to whole tiles, so an element's
     * value does not depend on whether its tile was whole. Plain loops, so that the value does
     * not depend on the kernel set either; at most MR x NR values, which C2 vectorizes.
     */
    private static void mergeTile(int rows, int cols, double[] tile, int ldt,
                                  double beta, double[] c, int cOff, int ldc) {
        for (int i = 0; i < rows; i++) {
            int row = cOff + i * ldc;
            int tileRow = i * ldt;
            if (beta == 0) {
                System.arraycopy(tile, tileRow, c, row, cols);
            } else {
                for (int j = 0; j < cols; j++) {
                    c[row + j] = Math.fma(c[row + j], beta, tile[tileRow + j]);
                }
            }
        }
    }

    /**
     * Small products without packing: row i of C gains alpha op(A)(i, p) times row p of op(B)
     * (an AXPY on contiguous rows, one fma per element, which C2 vectorizes), or, when B is
     * transposed, the dot product of row i of op(A) with the stored row j of B. Plain loops
     * rather than the level-1 kernels, whose SIMD dot product adds in another order than the
     * scalar one: so that the result does not depend on the kernel set.
     */
    private static void multiplyUnpacked(int m, int n, int k, double alpha,
                                         double[] a, int aOff, int lda, boolean transA,
                                         double[] b, int bOff, int ldb, boolean transB,
                                         double[] c, int cOff, int ldc) {
        int aRowStep = transA ? 1 : lda;
        int aColStep = transA ? lda : 1;
        for (int i = 0; i < m; i++) {
            int cRow = cOff + i * ldc;
            int aRow = aOff + i * aRowStep;
            if (!transB) {
                for (int p = 0; p < k; p++) {
                    double aip = alpha * a[aRow + p * aColStep];
                    int bRow = bOff + p * ldb;
                    for (int j = 0; j < n; j++) {
                        c[cRow + j] = Math.fma(aip, b[bRow + j], c[cRow + j]);
                    }
                }
            } else {
                for (int j = 0; j < n; j++) {
                    c[cRow + j] += alpha * dot(k, a, aRow, aColStep, b, bOff + j * ldb);
                }
            }
        }
    }

    /**
     * {@code sum_p x[xOff + p xStep] y[yOff + p]} as four chains of fmas (p mod 4), added
     * pairwise at the end: four chains keep four fmas in flight where one would wait on each
     * other, in a fixed order of its own.
     */
    private static double dot(int k, double[] x, int xOff, int xStep, double[] y, int yOff) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int p = 0;
        for (; p + 3 < k; p += 4) {
            int at = xOff + p * xStep;
            s0 = Math.fma(x[at], y[yOff + p], s0);
            s1 = Math.fma(x[at + xStep], y[yOff + p + 1], s1);
            s2 = Math.fma(x[at + 2 * xStep], y[yOff + p + 2], s2);
            s3 = Math.fma(x[at + 3 * xStep], y[yOff + p + 3], s3);
        }
        for (; p < k; p++) {
            s0 = Math.fma(x[xOff + p * xStep], y[yOff + p], s0);
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** {@code C = beta C} on an m x n block; beta = 0 clears it, ignoring NaN as BLAS does. */
    static void scale(int m, int n, double beta, double[] c, int cOff, int ldc) {
        if (beta == 1) {
            return;
        }
        for (int i = 0; i < m; i++) {
            int row = cOff + i * ldc;
            if (beta == 0) {
                java.util.Arrays.fill(c, row, row + n, 0.0);
            } else {
                for (int j = row; j < row + n; j++) {
                    c[j] *= beta;
                }
            }
        }
    }

    // ---------------------------------------------------------------- symmetric rank-k

    /**
     * {@code C = alpha X X^T + beta C} with X = op(A) of size n x k (X = A^T when
     * {@code transA}): the GEMM loops with B = X^T, skipping every micro-tile strictly above the
     * diagonal (about half the flops), then the strictly upper triangle is copied from the lower
     * one. Only the lower triangle of C's old value is read. Threads take row strips of equal
     * triangle area.
     */
    public static void symmetricRankK(int n, int k, double alpha, double[] a, int aOff, int lda,
                                      boolean transA, double beta, double[] c, int cOff,
                                      int ldc) {
        symmetricRankK(KernelSelection.gemm(), n, k, alpha, a, aOff, lda, transA, beta, c, cOff,
                ldc);
    }

    /** {@link #symmetricRankK} on the given kernels (the tests run both implementations). */
    public static void symmetricRankK(Kernels kernels, int n, int k, double alpha,
                                      double[] a, int aOff, int lda, boolean transA,
                                      double beta, double[] c, int cOff, int ldc) {
        symmetricRankK(kernels.gemm(), n, k, alpha, a, aOff, lda, transA, beta, c, cOff, ldc);
    }

    /** {@link #symmetricRankK} with the kernels {@code source} gives. */
    static void symmetricRankK(GemmKernelSource<GemmKernels> source, int n, int k, double alpha,
                               double[] a, int aOff, int lda, boolean transA,
                               double beta, double[] c, int cOff, int ldc) {
        lowerTriangle(source, n, k, alpha, a, aOff, lda, transA, a, aOff, lda, !transA, beta,
                c, cOff, ldc);
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                c[cOff + i * ldc + j] = c[cOff + j * ldc + i];
            }
        }
    }

    /**
     * The lower triangle (diagonal included) of {@code C = alpha op(A) op(B) + beta C} for an
     * n x n C, op(A) n x k and op(B) k x n: the GEMM loops skipping every micro-tile strictly
     * above the diagonal (about half the flops), for products known to be symmetric, such as a
     * symmetric rank-2k update {@code [V W] [W V]^T}. Only the lower triangle of C's old value
     * is read; elements above the diagonal are left unspecified (the tiles that cross the
     * diagonal, or the whole of a small product, are computed in full). Threads take row strips
     * of equal triangle area; each element's sum is the same on any number of threads.
     */
    public static void lowerTriangle(int n, int k, double alpha,
                                     double[] a, int aOff, int lda, boolean transA,
                                     double[] b, int bOff, int ldb, boolean transB,
                                     double beta, double[] c, int cOff, int ldc) {
        lowerTriangle(KernelSelection.gemm(), n, k, alpha, a, aOff, lda, transA, b, bOff, ldb,
                transB, beta, c, cOff, ldc);
    }

    /** {@link #lowerTriangle} on the given kernels (the tests run both implementations). */
    public static void lowerTriangle(Kernels kernels, int n, int k, double alpha,
                                     double[] a, int aOff, int lda, boolean transA,
                                     double[] b, int bOff, int ldb, boolean transB,
                                     double beta, double[] c, int cOff, int ldc) {
        lowerTriangle(kernels.gemm(), n, k, alpha, a, aOff, lda, transA, b, bOff, ldb, transB,
                beta, c, cOff, ldc);
    }

    private static void lowerTriangle(GemmKernelSource<GemmKernels> source, int n, int k,
                                      double alpha, double[] a, int aOff, int lda, boolean transA,
                                      double[] b, int bOff, int ldb, boolean transB,
                                      double beta, double[] c, int cOff, int ldc) {
        if (n == 0) {
            return;
        }
        if (k == 0 || alpha == 0 || (long) n * n * k <= SMALL_PRODUCT) {
            multiply(source, n, n, k, alpha, a, aOff, lda, transA, b, bOff, ldb, transB,
                    beta, c, cOff, ldc);
            return;
        }
        int mr = source.current(transA).microRows();
        long work = (long) n * n * k / 2;
        int parts = (int) Math.min(Math.min(source.threads(), ceilDiv(n, mr)),
                Math.max(1, work / WORK_PER_THREAD));
        Workers.forEach(parts, new TriangleStrips(new Product(source, k, alpha, a, aOff, lda,
                transA, b, bOff, ldb, transB, beta, c, cOff, ldc), n, mr, parts));
    }

    private static int triangleCut(int count, int index, int pieces) {
        return (int) Math.round(count * Math.sqrt((double) index / pieces));
    }

    /**
     * Block {@code part} of a grid of rowParts x colParts blocks of whole micro-tiles of C, for
     * {@link Workers#forEach}. Named classes here and below rather than lambdas: the first
     * lambda a JVM runs bootstraps the lambda machinery, which would cost a program's first
     * product more than the arithmetic of a small one.
     */
    private record BlockGrid(int m, int n, int mr, int nr, int rowParts, int colParts,
                             BlockTask task) implements IntConsumer {
        @Override
        public void accept(int part) {
            int rowTiles = ceilDiv(m, mr);
            int colTiles = ceilDiv(n, nr);
            int rowFrom = Math.min(m, split(rowTiles, part / colParts, rowParts) * mr);
            int rowTo = Math.min(m, split(rowTiles, part / colParts + 1, rowParts) * mr);
            int colFrom = Math.min(n, split(colTiles, part % colParts, colParts) * nr);
            int colTo = Math.min(n, split(colTiles, part % colParts + 1, colParts) * nr);
            task.run(rowFrom, rowTo, colFrom, colTo);
        }
    }

    /** The operands of one double product, and its blocks as the five loops compute them. */
    private record Product(GemmKernelSource<GemmKernels> source, int k, double alpha,
                           double[] a, int aOff, int lda, boolean transA,
                           double[] b, int bOff, int ldb, boolean transB,
                           double beta, double[] c, int cOff, int ldc) implements BlockTask {
        @Override
        public void run(int rowFrom, int rowTo, int colFrom, int colTo) {
            multiplyBlock(source, rowTo - rowFrom, colTo - colFrom, k, alpha,
                    a, aOff + rowFrom * (transA ? 1 : lda), lda, transA,
                    b, bOff + (transB ? colFrom * ldb : colFrom), ldb, transB,
                    beta, c, cOff + rowFrom * ldc + colFrom, ldc, WHOLE);
        }

        /** Rows {@code [from, to)} of a lower triangle: their tiles up to the diagonal. */
        void lowerTriangleRows(int from, int to) {
            multiplyBlock(source, to - from, to, k, alpha, a, aOff + from * (transA ? 1 : lda),
                    lda, transA, b, bOff, ldb, transB, beta, c, cOff + from * ldc, ldc, from);
        }
    }

    /**
     * Strip {@code part} of {@code parts} strips of whole mr-row tiles holding equal shares of
     * an n x n lower triangle: rows {@code [0, r)} hold r^2 / 2 of it, so the cuts fall at
     * {@code n sqrt(t / parts)}.
     */
    private record TriangleStrips(Product product, int n, int mr, int parts)
            implements IntConsumer {
        @Override
        public void accept(int part) {
            int rowTiles = ceilDiv(n, mr);
            product.lowerTriangleRows(Math.min(n, triangleCut(rowTiles, part, parts) * mr),
                    Math.min(n, triangleCut(rowTiles, part + 1, parts) * mr));
        }
    }

    static int ceilDiv(int x, int y) {
        return (x + y - 1) / y;
    }

    /** Per-thread packing buffers, grown on demand and then reused by every call. */
    private static final class Workspace {
        double[] bBlock = new double[0];
        double[] aBlock = new double[0];
        double[] edgeTile = new double[0];

        /** Makes the buffers at least this large. */
        void reserve(int bSize, int aSize, int tileSize) {
            if (bBlock.length < bSize) {
                bBlock = new double[bSize];
            }
            if (aBlock.length < aSize) {
                aBlock = new double[aSize];
            }
            if (edgeTile.length < tileSize) {
                edgeTile = new double[tileSize];
            }
        }
    }
}
