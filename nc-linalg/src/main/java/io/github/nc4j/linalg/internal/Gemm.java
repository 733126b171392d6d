package io.github.nc4j.linalg.internal;

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

    private static final ThreadLocal<Workspace> WORKSPACE = ThreadLocal.withInitial(Workspace::new);

    private Gemm() {
    }

    /** {@code C = alpha op(A) op(B) + beta C} with the kernels selected for this JVM. */
    public static void multiply(int m, int n, int k, double alpha,
                                double[] a, int aOff, int lda, boolean transA,
                                double[] b, int bOff, int ldb, boolean transB,
                                double beta, double[] c, int cOff, int ldc) {
        multiply(Kernels.get(), m, n, k, alpha, a, aOff, lda, transA, b, bOff, ldb, transB,
                beta, c, cOff, ldc);
    }

    /**
     * {@code C = alpha op(A) op(B) + beta C}, where op(A) is m x k, op(B) is k x n and element
     * (i, j) of a stored operand X is {@code x[xOff + i * ldx + j]}. Arguments are trusted: the
     * public {@code Blas} methods validate them.
     */
    public static void multiply(Kernels kernels, int m, int n, int k, double alpha,
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
            multiplyUnpacked(kernels.level1(), m, n, k, alpha, a, aOff, lda, transA,
                    b, bOff, ldb, transB, c, cOff, ldc);
            return;
        }
        forEachBlock(m, n, work, kernels.gemm().microRows(), kernels.gemm().microCols(),
                (rowFrom, rowTo, colFrom, colTo) -> multiplyBlock(kernels, rowTo - rowFrom,
                        colTo - colFrom, k, alpha,
                        a, aOff + (transA ? rowFrom : rowFrom * lda), lda, transA,
                        b, bOff + (transB ? colFrom * ldb : colFrom), ldb, transB,
                        beta, c, cOff + rowFrom * ldc + colFrom, ldc, WHOLE));
    }

    /** One thread's block of C: rows {@code [rowFrom, rowTo)}, columns {@code [colFrom, colTo)}. */
    @FunctionalInterface
    interface BlockTask {
        void run(int rowFrom, int rowTo, int colFrom, int colTo);
    }

    /**
     * Splits an m x n result into a grid of blocks of whole mr x nr micro-tiles, one per thread
     * (as many threads as {@code work} multiply-adds justify), and runs {@code task} on each.
     * Shared by the double and the float GEMM: a block's bounds depend only on the shape, the
     * tile and the thread count, and an element's value not at all on them.
     */
    static void forEachBlock(int m, int n, long work, int mr, int nr, BlockTask task) {
        int rowTiles = ceilDiv(m, mr);
        int colTiles = ceilDiv(n, nr);
        int parts = (int) Math.min(Math.min(ThreadSetting.threads(), (long) rowTiles * colTiles),
                Math.max(1, work / WORK_PER_THREAD));
        int rowParts = rowParts(parts, m, n, rowTiles, colTiles);
        int colParts = parts / rowParts;
        Workers.forEach(rowParts * colParts, part -> {
            int rowFrom = Math.min(m, split(rowTiles, part / colParts, rowParts) * mr);
            int rowTo = Math.min(m, split(rowTiles, part / colParts + 1, rowParts) * mr);
            int colFrom = Math.min(n, split(colTiles, part % colParts, colParts) * nr);
            int colTo = Math.min(n, split(colTiles, part % colParts + 1, colParts) * nr);
            task.run(rowFrom, rowTo, colFrom, colTo);
        });
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
     * keeps every tile.
     */
    private static void multiplyBlock(Kernels kernels, int m, int n, int k, double alpha,
                                      double[] a, int aOff, int lda, boolean transA,
                                      double[] b, int bOff, int ldb, boolean transB,
                                      double beta, double[] c, int cOff, int ldc, int diagonal) {
        GemmKernels tiles = kernels.gemm();
        int mr = tiles.microRows();
        int nr = tiles.microCols();
        int nc = Math.max(nr, NC / nr * nr);
        int mc = Math.max(mr, MC / mr * mr);
        int kc = ceilDiv(k, ceilDiv(k, KC));
        Workspace workspace = WORKSPACE.get();
        workspace.reserve(kc * ceilDiv(Math.min(n, nc), nr) * nr,
                ceilDiv(Math.min(m, mc), mr) * mr * kc, mr * nr);
        boolean inPlace = !transA && n <= nc;

        for (int jc = 0; jc < n && jc <= m - 1L + diagonal; jc += nc) { // loop 5: columns
            int ncCur = Math.min(nc, n - jc);
            for (int pc = 0; pc < k; pc += kc) {             // loop 4: rank-kc updates
                int kcCur = Math.min(kc, k - pc);
                double betaNow = pc == 0 ? beta : 1.0;
                packB(tiles, kcCur, ncCur, alpha, b, bOff, ldb, transB, pc, jc,
                        workspace.bBlock);
                for (int ic = 0; ic < m; ic += mc) {         // loop 3: row blocks of C
                    int mcCur = Math.min(mc, m - ic);
                    if (!inPlace) {
                        packA(tiles, mcCur, kcCur, a, aOff, lda, transA, ic, pc,
                                workspace.aBlock, 0);
                    }
                    macroKernel(kernels, workspace, mcCur, ncCur, kcCur,
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
    private static void macroKernel(Kernels kernels, Workspace workspace, int mc, int nc, int kc,
                                    double[] a, int aAt, int lda, boolean transA,
                                    boolean inPlace, double beta,
                                    double[] c, int cAt, int ldc, long diagonal) {
        GemmKernels tiles = kernels.gemm();
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
                multiplyTile(kernels, workspace.edgeTile, rows, Math.min(nr, nc - jr), kc,
                        aPanel, aPanelAt, aLd, transA, workspace.bBlock, jr * kc,
                        beta, c, cAt + ir * ldc + jr, ldc);
            }
        }
    }

    /**
     * One micro-tile, {@code C[0..rows, 0..cols) = A B + beta C}: a whole tile straight into C,
     * an edge tile into {@code edgeTile} first and then merged, so that no kernel writes past C.
     */
    private static void multiplyTile(Kernels kernels, double[] edgeTile, int rows, int cols,
                                     int kc, double[] a, int aAt, int lda, boolean transA,
                                     double[] b, int bAt, double beta,
                                     double[] c, int cAt, int ldc) {
        GemmKernels tiles = kernels.gemm();
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
            mergeTile(kernels, rows, cols, edgeTile, nr, beta, c, cAt, ldc);
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
     * value does not depend on whether its tile was whole.
     */
    private static void mergeTile(Kernels kernels, int rows, int cols, double[] tile, int ldt,
                                  double beta, double[] c, int cOff, int ldc) {
        if (beta == 0) {
            kernels.gemm().copyBlock(rows, cols, tile, 0, ldt, c, cOff, ldc);
            return;
        }
        for (int i = 0; i < rows; i++) {
            int row = cOff + i * ldc;
            int tileRow = i * ldt;
            if (beta == 1) { // fma(c, 1, t) = fma(1, t, c) = c + t: the AXPY rounds the same
                kernels.level1().axpy(cols, 1.0, tile, tileRow, c, row);
            } else {
                for (int j = 0; j < cols; j++) {
                    c[row + j] = Math.fma(c[row + j], beta, tile[tileRow + j]);
                }
            }
        }
    }

    /**
     * Small products without packing: row i of C gains alpha op(A)(i, p) times row p of op(B)
     * (an AXPY on contiguous rows), or, when B is transposed, the dot product of row i of op(A)
     * with the stored row j of B.
     */
    private static void multiplyUnpacked(Level1Kernels level1, int m, int n, int k, double alpha,
                                         double[] a, int aOff, int lda, boolean transA,
                                         double[] b, int bOff, int ldb, boolean transB,
                                         double[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            int cRow = cOff + i * ldc;
            if (!transB) {
                for (int p = 0; p < k; p++) {
                    double aip = alpha * a[transA ? aOff + p * lda + i : aOff + i * lda + p];
                    level1.axpy(n, aip, b, bOff + p * ldb, c, cRow);
                }
            } else if (!transA) {
                for (int j = 0; j < n; j++) {
                    c[cRow + j] += alpha * level1.dot(k, a, aOff + i * lda, b, bOff + j * ldb);
                }
            } else {
                for (int j = 0; j < n; j++) {
                    double sum = 0;
                    for (int p = 0; p < k; p++) {
                        sum += a[aOff + p * lda + i] * b[bOff + j * ldb + p];
                    }
                    c[cRow + j] += alpha * sum;
                }
            }
        }
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
        symmetricRankK(Kernels.get(), n, k, alpha, a, aOff, lda, transA, beta, c, cOff, ldc);
    }

    /** {@link #symmetricRankK} on the given kernels (the tests run both implementations). */
    public static void symmetricRankK(Kernels kernels, int n, int k, double alpha,
                                      double[] a, int aOff, int lda, boolean transA,
                                      double beta, double[] c, int cOff, int ldc) {
        if (n == 0) {
            return;
        }
        if (k == 0 || alpha == 0 || (long) n * n * k <= SMALL_PRODUCT) {
            multiply(kernels, n, n, k, alpha, a, aOff, lda, transA, a, aOff, lda, !transA,
                    beta, c, cOff, ldc);
        } else {
            int mr = kernels.gemm().microRows();
            int rowTiles = ceilDiv(n, mr);
            long work = (long) n * n * k / 2;
            int parts = (int) Math.min(Math.min(ThreadSetting.threads(), rowTiles),
                    Math.max(1, work / WORK_PER_THREAD));
            // Rows [0, r) hold r^2 / 2 of the triangle: cut at r_t = n sqrt(t / parts).
            Workers.forEach(parts, part -> {
                int from = Math.min(n, triangleCut(rowTiles, part, parts) * mr);
                int to = Math.min(n, triangleCut(rowTiles, part + 1, parts) * mr);
                int rowStep = transA ? 1 : lda;
                multiplyBlock(kernels, to - from, to, k, alpha,
                        a, aOff + from * rowStep, lda, transA,
                        a, aOff, lda, !transA, beta, c, cOff + from * ldc, ldc, from);
            });
        }
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                c[cOff + i * ldc + j] = c[cOff + j * ldc + i];
            }
        }
    }

    private static int triangleCut(int count, int index, int pieces) {
        return (int) Math.round(count * Math.sqrt((double) index / pieces));
    }

    static int ceilDiv(int x, int y) {
        return (x + y - 1) / y;
    }

    /** Per-thread packing buffers, grown on demand and then reused by every call. */
    private static final class Workspace {
        double[] bBlock = new double[0];
        double[] aBlock = new double[0];
        double[] edgeTile = new double[0];

        /** Makes the buffers at least this large (the edge tile exactly this large). */
        void reserve(int bSize, int aSize, int tileSize) {
            if (bBlock.length < bSize) {
                bBlock = new double[bSize];
            }
            if (aBlock.length < aSize) {
                aBlock = new double[aSize];
            }
            if (edgeTile.length != tileSize) {
                edgeTile = new double[tileSize];
            }
        }
    }
}
