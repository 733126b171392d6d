package io.github.nc4j.linalg.decomp;

import io.github.nc4j.linalg.internal.Kernels;
import io.github.nc4j.linalg.internal.RotationKernels;
import java.util.Arrays;

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
 *
 * <p>The rotations are applied in scaled form ("fast Givens": Gentleman, J. Inst. Maths
 * Applics 12, 1973; Hammarling, same journal, 13, 1974): with each row stored as
 * {@code alpha_i} times a scaled row, a
 * rotation {@code [c s; -s c]} on rows p, q becomes {@code p' = p + (s/c)(alpha_q/alpha_p) q},
 * {@code q' = q - (s/c)(alpha_p/alpha_q) p} on the scaled rows and {@code alpha <- c alpha} on
 * both: two FMAs per element instead of four multiply-adds. The factors depend only on the
 * angles, so {@link #prepare} computes them once per batch and every strip shares them; the
 * rows are multiplied by their factors before they are copied back. The multipliers and factors
 * carry a few roundings each, as a computed c and s do, and each element takes one rounding per
 * rotation instead of two, so the accuracy is that of plain rotations (the SVD and eigen tests
 * hold the same LAPACK ratios). Whenever a factor falls below {@link #SMALLEST_SCALE}, the rows
 * are rescaled before the next chain, which bounds the multipliers. Halving the roundings also
 * halves the FMAs per element, which shortens the QR sweeps of the SVD and eigensolver.
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

    /** A factor below this ends a segment: the rows are multiplied by theirs before going on. */
    private static final double SMALLEST_SCALE = 0x1p-200;
    /**
     * A cosine nearer zero is taken as this (sign kept), so that s / c stays finite: that moves
     * the rotation by less than 2^-100 of itself, far below rounding.
     */
    private static final double SMALLEST_COSINE = 0x1p-100;

    private final double[] x;
    private final int off;
    private final int ld;
    private final int cols;
    private final int strip;

    /** Cosines and sines of the recorded chains, filled in by the caller of {@link #record}. */
    final double[] cos;
    final double[] sin;
    /** The multipliers of the scaled rotations (see {@link RotationKernels#rotateRows}). */
    private final double[] mulP;
    private final double[] mulQ;
    /** The rows' factors: row {@code first + i} is multiplied by {@code scale[i]}. */
    private final double[] scale;
    /** Segment k holds chains {@code segmentEnd[k - 1] .. segmentEnd[k] - 1}. */
    private final int[] segmentEnd;
    /** The rows' factors at the end of each segment, as {@link #scale}. */
    private double[][] segmentScale = new double[1][];
    private int segments;
    private int first;
    private int last;

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
        mulP = new double[capacity];
        mulQ = new double[capacity];
        scale = new double[rows];
        segmentEnd = new int[capacity];
    }

    /** True if a chain of {@code count} rotations still fits in this batch. */
    boolean hasRoom(int count) {
        return used + count <= cos.length;
    }

    /**
     * Records a chain of {@code count} rotations on rows {@code firstRow .. firstRow + count}
     * (see {@link RotationKernels#rotateRows}); the caller stores rotation r's cosine and sine at
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
     * Turns the recorded rotations into their scaled form, once per batch before any strip is
     * applied: the multipliers, the segments and each segment's row factors.
     */
    void prepare() {
        first = Integer.MAX_VALUE;
        last = 0;
        for (int c = 0; c < chains; c++) {
            first = Math.min(first, chainRow[c]);
            last = Math.max(last, chainRow[c] + chainCount[c]);
        }
        segments = 0;
        Arrays.fill(scale, 0, last - first + 1, 1.0);
        for (int c = 0; c < chains; c++) {
            double smallest = scaleChain(c);
            if (smallest < SMALLEST_SCALE || c == chains - 1) {
                endSegment(c + 1);
            }
        }
    }

    /**
     * The multipliers of chain c's rotations, in the order the kernel applies them, updating the
     * row factors; returns the smallest factor it left.
     */
    private double scaleChain(int chain) {
        int count = chainCount[chain];
        boolean forward = chainForward[chain];
        double smallest = 1;
        for (int step = 0; step < count; step++) {
            int r = forward ? step : count - 1 - step;
            int index = chainStart[chain] + r;
            int p = chainRow[chain] - first + (forward ? r : r + 1);
            int q = forward ? p + 1 : p - 1;
            double c = cos[index];
            if (Math.abs(c) < SMALLEST_COSINE) {
                c = Math.copySign(SMALLEST_COSINE, c);
            }
            // In a backward chain p is the lower row: the rotation acts on it with -s.
            double tangent = (forward ? sin[index] : -sin[index]) / c;
            mulP[index] = tangent * (scale[q] / scale[p]);
            mulQ[index] = -tangent * (scale[p] / scale[q]);
            scale[p] *= c;
            scale[q] *= c;
            smallest = Math.min(smallest, Math.min(Math.abs(scale[p]), Math.abs(scale[q])));
        }
        return smallest;
    }

    /** Closes the segment before chain {@code end} and starts the next with unit factors. */
    private void endSegment(int end) {
        int rows = last - first + 1;
        if (segments == segmentScale.length) {
            segmentScale = Arrays.copyOf(segmentScale, 2 * segments);
        }
        if (segmentScale[segments] == null || segmentScale[segments].length < rows) {
            segmentScale[segments] = new double[scale.length];
        }
        System.arraycopy(scale, 0, segmentScale[segments], 0, rows);
        segmentEnd[segments++] = end;
        Arrays.fill(scale, 0, rows, 1.0);
    }

    /**
     * Applies every recorded chain to the columns of strip {@code index} (after
     * {@link #prepare}): copies the rows the chains touch into this thread's packed buffer,
     * rotates there, multiplies the rows by their factors, copies back.
     */
    void applyToStrip(int index) {
        RotationKernels kernels = Kernels.get().rotations();
        int col = index * strip;
        int width = Math.min(strip, cols - col);
        int rows = last - first + 1;
        double[][] holder = PACKED.get();
        if (holder[0].length < rows * width) {
            holder[0] = new double[rows * width];
        }
        double[] packed = holder[0];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(x, off + (first + r) * ld + col, packed, r * width, width);
        }
        int c = 0;
        for (int k = 0; k < segments; k++) {
            for (; c < segmentEnd[k]; c++) {
                kernels.rotateRows(chainCount[c], mulP, mulQ, chainStart[c], chainForward[c],
                        packed, (chainRow[c] - first) * width, width, width);
            }
            double[] factors = segmentScale[k];
            for (int r = 0; r < rows; r++) {
                double factor = factors[r];
                if (factor != 1) {
                    for (int j = r * width; j < (r + 1) * width; j++) {
                        packed[j] *= factor;
                    }
                }
            }
        }
        for (int r = 0; r < rows; r++) {
            System.arraycopy(packed, r * width, x, off + (first + r) * ld + col, width);
        }
    }
}
