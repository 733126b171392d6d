package io.github.nc4j.linalg.decomp;

import io.github.nc4j.linalg.internal.Kernels;

/**
 * Plane rotations produced by a QR iteration on a bidiagonal or tridiagonal matrix, recorded
 * as chains on consecutive rows and applied in batches to the rows of a row-major matrix of
 * vectors (the transposed vector matrix, so that a rotation touches two contiguous rows).
 *
 * <p>Applying each sweep at once would stream the whole vector matrix through the caches once
 * per sweep. A batch instead goes over the matrix strip by strip, applying all of its chains to
 * one strip before moving to the next: one pass over memory per batch, and strips are
 * independent, so they run on several threads. This is the cache-blocking idea of Van Zee, van
 * de Geijn and Quintana-Ortí, "Restructuring the tridiagonal and bidiagonal QR algorithms for
 * performance", ACM TOMS 40(3), 2014, in its simplest form. Each strip is first copied into a
 * contiguous buffer: in place, with a leading dimension such as 512 doubles (4 KiB), the rows of
 * a strip would all fall into the same few cache sets and evict each other, which halves the
 * speed; packed, a chain walks through memory sequentially.
 */
final class RotationLog {

    /**
     * Bytes of a packed strip, {@code rows * width * 8}: with the batch's cosines and sines it
     * stays well inside a 1 MiB L2. Widths are multiples of 32 columns (four AVX-512 vectors,
     * what the kernel keeps in flight), 64 at most.
     */
    private static final int STRIP_BYTES = 256 * 1024;

    /** Each thread's packing buffer, in a one-element holder so that it can grow. */
    private static final ThreadLocal<double[][]> PACKED =
            ThreadLocal.withInitial(() -> new double[1][0]);

    /**
     * Rotations a batch may hold per row of the target: about this many full sweeps. Each batch
     * copies every strip in and out once, so a batch of s sweeps spends one copy per 6 s flops
     * on each element; the last batch of an iteration is not overlapped with the sweeps.
     */
    private static final int SWEEPS_PER_BATCH = 32;

    private final double[] x;
    private final int off;
    private final int ld;
    private final int cols;
    private final int strip;

    /** Cosines and sines of the recorded chains, filled in by the caller of {@link #record}. */
    final double[] cos;
    final double[] sin;

    private final int[] chainRow;
    private final int[] chainCount;
    private final int[] chainStart;
    private final boolean[] chainForward;
    private int chains;
    private int used;

    /**
     * A log for the rows of the {@code rows x cols} block of {@code x} starting at {@code off},
     * with leading dimension {@code ld}.
     */
    RotationLog(double[] x, int off, int ld, int rows, int cols) {
        this.x = x;
        this.off = off;
        this.ld = ld;
        this.cols = cols;
        this.strip = rows * 64 * 8 <= STRIP_BYTES ? 64 : 32;
        int capacity = Math.max(64, SWEEPS_PER_BATCH * rows);
        cos = new double[capacity];
        sin = new double[capacity];
        chainRow = new int[capacity];
        chainCount = new int[capacity];
        chainStart = new int[capacity];
        chainForward = new boolean[capacity];
    }

    /** True if a chain of {@code count} rotations still fits in this batch. */
    boolean hasRoom(int count) {
        return used + count <= cos.length;
    }

    /**
     * Records a chain of {@code count} rotations on rows {@code firstRow .. firstRow + count}
     * (see {@link Kernels#rotateRows}); the caller stores rotation r's cosine and sine at
     * {@code cos[start + r]} and {@code sin[start + r]}, where start is the returned index.
     * Requires {@link #hasRoom}; {@link RotationPipeline} applies and clears the log.
     */
    int record(int firstRow, int count, boolean forward) {
        int start = used;
        chainRow[chains] = firstRow;
        chainCount[chains] = count;
        chainStart[chains] = start;
        chainForward[chains] = forward;
        chains++;
        used += count;
        return start;
    }

    /** The number of column strips the recorded chains are applied in (0 when empty). */
    int strips() {
        return chains == 0 ? 0 : (cols + strip - 1) / strip;
    }

    /** Empties the log once every strip has been applied. */
    void clear() {
        chains = 0;
        used = 0;
    }

    /**
     * Applies every recorded chain to the columns of strip {@code index}: copies the rows the
     * chains touch into this thread's packed buffer, rotates there, copies back.
     */
    void applyToStrip(int index) {
        Kernels kernels = Kernels.get();
        int col = index * strip;
        int width = Math.min(strip, cols - col);
        int first = Integer.MAX_VALUE;
        int last = 0;
        for (int c = 0; c < chains; c++) {
            first = Math.min(first, chainRow[c]);
            last = Math.max(last, chainRow[c] + chainCount[c]);
        }
        int rows = last - first + 1;
        double[][] holder = PACKED.get();
        if (holder[0].length < rows * width) {
            holder[0] = new double[rows * width];
        }
        double[] packed = holder[0];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(x, off + (first + r) * ld + col, packed, r * width, width);
        }
        for (int c = 0; c < chains; c++) {
            kernels.rotateRows(chainCount[c], cos, sin, chainStart[c], chainForward[c],
                    packed, (chainRow[c] - first) * width, width, width);
        }
        for (int r = 0; r < rows; r++) {
            System.arraycopy(packed, r * width, x, off + (first + r) * ld + col, width);
        }
    }
}
