package io.github.nc4j.linalg.internal;

import static io.github.nc4j.linalg.internal.VectorKernels.LANES;
import static io.github.nc4j.linalg.internal.VectorKernels.SPECIES;

import jdk.incubator.vector.DoubleVector;

/**
 * {@link GemmKernels} on the Vector API (see {@link VectorKernels} for the conventions): the
 * block copy and the register-blocked micro-kernels, written out once per tile height.
 */
final class VectorGemmKernels implements GemmKernels {

    /**
     * Micro-tile MR x (2 vectors), MR = 4 or 12. With AVX2, 4 x 2: 8 accumulators + 2 B vectors
     * + 1 broadcast fit in the 16 registers without spilling (8 x 2 and 4 x 3 spill). With
     * AVX-512 (512-bit vectors, 32 registers), 12 x 2: 24 accumulators + 2 + 1. A CPU that
     * retires two 512-bit FMAs per cycle with a latency of 4 needs at least 8 FMAs in flight,
     * and the 4-row tile's 8 leave no slack, so 12 x 2 (and 6 x 4) are much faster there; 12 x 2
     * also reuses each B element 12 times, so it keeps its speed with B streaming from L3, where
     * 4 x 2 does not. It keeps the narrow 16-column panels that skinny products (K = 10 logits)
     * need; 6 x 4 would pad them to 32.
     */
    private static final int PREFERRED_ROWS = LANES >= 8 ? 12 : 4;
    private static final int NR = 2 * LANES;

    private final int microRows;

    /** The kernels with the micro-tile this CPU's vector registers suit. */
    VectorGemmKernels() {
        this(PREFERRED_ROWS);
    }

    /**
     * The kernels with a micro-tile of {@code microRows} (4 or 12) rows, so that tests can run
     * both tiles on any CPU; the other one is correct everywhere, only slower.
     */
    VectorGemmKernels(int microRows) {
        if (microRows != 4 && microRows != 12) {
            throw new IllegalArgumentException("micro-tile rows must be 4 or 12, got "
                    + microRows);
        }
        this.microRows = microRows;
    }

    @Override
    public String toString() {
        return microRows + " x " + NR;
    }

    @Override
    public void copyBlock(int rows, int len, double[] src, int srcOff, int srcLd,
                          double[] dst, int dstOff, int dstLd) {
        int bound = SPECIES.loopBound(len);
        for (int i = 0; i < rows; i++) {
            int from = srcOff + i * srcLd;
            int to = dstOff + i * dstLd;
            int j = 0;
            for (; j < bound; j += LANES) {
                DoubleVector.fromArray(SPECIES, src, from + j).intoArray(dst, to + j);
            }
            for (; j < len; j++) {
                dst[to + j] = src[from + j];
            }
        }
    }

    @Override
    public int microRows() {
        return microRows;
    }

    @Override
    public int microCols() {
        return NR;
    }

    @Override
    public void microKernel(int kc, double[] a, int aOff, int lda,
                            double[] b, int bOff, double[] c, int cOff, int ldc, double beta) {
        if (microRows == 12) {
            microKernel12(kc, a, aOff, lda, b, bOff, c, cOff, ldc, beta);
        } else {
            microKernel4(kc, a, aOff, lda, b, bOff, c, cOff, ldc, beta);
        }
    }

    @Override
    public void microKernelColumnPanel(int kc, double[] a, int aOff, double[] b, int bOff,
                                       double[] c, int cOff, int ldc, double beta) {
        if (microRows == 12) {
            microKernel12Columns(kc, a, aOff, b, bOff, c, cOff, ldc, beta);
        } else {
            microKernel4Columns(kc, a, aOff, b, bOff, c, cOff, ldc, beta);
        }
    }

    /**
     * A last panel of at most one vector's width runs on one vector of B per step, half the
     * FMAs of the whole 12-row tile; for d = 40 (panels of 16, 16 and 8 columns) that is a
     * sixth of a product's multiply-adds. Other edges run the whole-tile kernels.
     */
    @Override
    public void microKernelEdge(int kc, double[] a, int aOff, int rowStep, int colStep,
                                double[] b, int bOff, double[] c, int cOff, int ldc, int cols,
                                double beta) {
        if (microRows == 12 && cols <= LANES) {
            microKernel12Narrow(kc, a, aOff, rowStep, colStep, b, bOff, c, cOff, ldc, beta);
        } else {
            GemmKernels.super.microKernelEdge(kc, a, aOff, rowStep, colStep, b, bOff, c, cOff, ldc,
                    cols, beta);
        }
    }

    /**
     * The 12 x 1 tile of {@link #microKernelEdge}, over either layout of A: run only on the
     * last panel of a product, it takes A's strides as arguments rather than coming in two
     * written-out copies. Each sum is formed as in the 12 x 2 kernels, so it has their bits.
     */
    private static void microKernel12Narrow(int kc, double[] a, int aOff, int rowStep,
                                            int colStep, double[] b, int bOff, double[] c,
                                            int cOff, int ldc, double beta) {
        DoubleVector c0 = DoubleVector.zero(SPECIES);
        DoubleVector c1 = c0;
        DoubleVector c2 = c0;
        DoubleVector c3 = c0;
        DoubleVector c4 = c0;
        DoubleVector c5 = c0;
        DoubleVector c6 = c0;
        DoubleVector c7 = c0;
        DoubleVector c8 = c0;
        DoubleVector c9 = c0;
        DoubleVector c10 = c0;
        DoubleVector c11 = c0;
        int a0 = aOff;
        int a1 = aOff + rowStep;
        int a2 = aOff + 2 * rowStep;
        int a3 = aOff + 3 * rowStep;
        int a4 = aOff + 4 * rowStep;
        int a5 = aOff + 5 * rowStep;
        int a6 = aOff + 6 * rowStep;
        int a7 = aOff + 7 * rowStep;
        int a8 = aOff + 8 * rowStep;
        int a9 = aOff + 9 * rowStep;
        int a10 = aOff + 10 * rowStep;
        int a11 = aOff + 11 * rowStep;
        for (int p = 0; p < kc; p++) {
            int ap = p * colStep;
            DoubleVector b0 = DoubleVector.fromArray(SPECIES, b, bOff + p * NR);
            c0 = DoubleVector.broadcast(SPECIES, a[a0 + ap]).fma(b0, c0);
            c1 = DoubleVector.broadcast(SPECIES, a[a1 + ap]).fma(b0, c1);
            c2 = DoubleVector.broadcast(SPECIES, a[a2 + ap]).fma(b0, c2);
            c3 = DoubleVector.broadcast(SPECIES, a[a3 + ap]).fma(b0, c3);
            c4 = DoubleVector.broadcast(SPECIES, a[a4 + ap]).fma(b0, c4);
            c5 = DoubleVector.broadcast(SPECIES, a[a5 + ap]).fma(b0, c5);
            c6 = DoubleVector.broadcast(SPECIES, a[a6 + ap]).fma(b0, c6);
            c7 = DoubleVector.broadcast(SPECIES, a[a7 + ap]).fma(b0, c7);
            c8 = DoubleVector.broadcast(SPECIES, a[a8 + ap]).fma(b0, c8);
            c9 = DoubleVector.broadcast(SPECIES, a[a9 + ap]).fma(b0, c9);
            c10 = DoubleVector.broadcast(SPECIES, a[a10 + ap]).fma(b0, c10);
            c11 = DoubleVector.broadcast(SPECIES, a[a11 + ap]).fma(b0, c11);
        }
        int r0 = cOff;
        int r1 = cOff + ldc;
        int r2 = cOff + 2 * ldc;
        int r3 = cOff + 3 * ldc;
        int r4 = cOff + 4 * ldc;
        int r5 = cOff + 5 * ldc;
        int r6 = cOff + 6 * ldc;
        int r7 = cOff + 7 * ldc;
        int r8 = cOff + 8 * ldc;
        int r9 = cOff + 9 * ldc;
        int r10 = cOff + 10 * ldc;
        int r11 = cOff + 11 * ldc;
        if (beta == 0) {
            c0.intoArray(c, r0);
            c1.intoArray(c, r1);
            c2.intoArray(c, r2);
            c3.intoArray(c, r3);
            c4.intoArray(c, r4);
            c5.intoArray(c, r5);
            c6.intoArray(c, r6);
            c7.intoArray(c, r7);
            c8.intoArray(c, r8);
            c9.intoArray(c, r9);
            c10.intoArray(c, r10);
            c11.intoArray(c, r11);
        } else {
            DoubleVector s = DoubleVector.broadcast(SPECIES, beta);
            DoubleVector.fromArray(SPECIES, c, r0).fma(s, c0).intoArray(c, r0);
            DoubleVector.fromArray(SPECIES, c, r1).fma(s, c1).intoArray(c, r1);
            DoubleVector.fromArray(SPECIES, c, r2).fma(s, c2).intoArray(c, r2);
            DoubleVector.fromArray(SPECIES, c, r3).fma(s, c3).intoArray(c, r3);
            DoubleVector.fromArray(SPECIES, c, r4).fma(s, c4).intoArray(c, r4);
            DoubleVector.fromArray(SPECIES, c, r5).fma(s, c5).intoArray(c, r5);
            DoubleVector.fromArray(SPECIES, c, r6).fma(s, c6).intoArray(c, r6);
            DoubleVector.fromArray(SPECIES, c, r7).fma(s, c7).intoArray(c, r7);
            DoubleVector.fromArray(SPECIES, c, r8).fma(s, c8).intoArray(c, r8);
            DoubleVector.fromArray(SPECIES, c, r9).fma(s, c9).intoArray(c, r9);
            DoubleVector.fromArray(SPECIES, c, r10).fma(s, c10).intoArray(c, r10);
            DoubleVector.fromArray(SPECIES, c, r11).fma(s, c11).intoArray(c, r11);
        }
    }

    /**
     * The 12 x 2 tile, for AVX-512. Written out like {@link #microKernel4}; accumulator
     * {@code ci_j} holds vector j of row i.
     */
    private static void microKernel12(int kc, double[] a, int aOff, int lda,
                                      double[] b, int bOff, double[] c, int cOff, int ldc,
                                      double beta) {
        DoubleVector c0_0 = DoubleVector.zero(SPECIES);
        DoubleVector c0_1 = c0_0;
        DoubleVector c1_0 = c0_0;
        DoubleVector c1_1 = c0_0;
        DoubleVector c2_0 = c0_0;
        DoubleVector c2_1 = c0_0;
        DoubleVector c3_0 = c0_0;
        DoubleVector c3_1 = c0_0;
        DoubleVector c4_0 = c0_0;
        DoubleVector c4_1 = c0_0;
        DoubleVector c5_0 = c0_0;
        DoubleVector c5_1 = c0_0;
        DoubleVector c6_0 = c0_0;
        DoubleVector c6_1 = c0_0;
        DoubleVector c7_0 = c0_0;
        DoubleVector c7_1 = c0_0;
        DoubleVector c8_0 = c0_0;
        DoubleVector c8_1 = c0_0;
        DoubleVector c9_0 = c0_0;
        DoubleVector c9_1 = c0_0;
        DoubleVector c10_0 = c0_0;
        DoubleVector c10_1 = c0_0;
        DoubleVector c11_0 = c0_0;
        DoubleVector c11_1 = c0_0;
        // Twelve row pointers moving by one: C2 checks their bounds once, outside the loop.
        int a0 = aOff;
        int a1 = aOff + lda;
        int a2 = aOff + 2 * lda;
        int a3 = aOff + 3 * lda;
        int a4 = aOff + 4 * lda;
        int a5 = aOff + 5 * lda;
        int a6 = aOff + 6 * lda;
        int a7 = aOff + 7 * lda;
        int a8 = aOff + 8 * lda;
        int a9 = aOff + 9 * lda;
        int a10 = aOff + 10 * lda;
        int a11 = aOff + 11 * lda;
        for (int p = 0; p < kc; p++) {
            int bp = bOff + p * NR;
            DoubleVector b0 = DoubleVector.fromArray(SPECIES, b, bp);
            DoubleVector b1 = DoubleVector.fromArray(SPECIES, b, bp + LANES);
            DoubleVector ai = DoubleVector.broadcast(SPECIES, a[a0 + p]);
            c0_0 = ai.fma(b0, c0_0);
            c0_1 = ai.fma(b1, c0_1);
            ai = DoubleVector.broadcast(SPECIES, a[a1 + p]);
            c1_0 = ai.fma(b0, c1_0);
            c1_1 = ai.fma(b1, c1_1);
            ai = DoubleVector.broadcast(SPECIES, a[a2 + p]);
            c2_0 = ai.fma(b0, c2_0);
            c2_1 = ai.fma(b1, c2_1);
            ai = DoubleVector.broadcast(SPECIES, a[a3 + p]);
            c3_0 = ai.fma(b0, c3_0);
            c3_1 = ai.fma(b1, c3_1);
            ai = DoubleVector.broadcast(SPECIES, a[a4 + p]);
            c4_0 = ai.fma(b0, c4_0);
            c4_1 = ai.fma(b1, c4_1);
            ai = DoubleVector.broadcast(SPECIES, a[a5 + p]);
            c5_0 = ai.fma(b0, c5_0);
            c5_1 = ai.fma(b1, c5_1);
            ai = DoubleVector.broadcast(SPECIES, a[a6 + p]);
            c6_0 = ai.fma(b0, c6_0);
            c6_1 = ai.fma(b1, c6_1);
            ai = DoubleVector.broadcast(SPECIES, a[a7 + p]);
            c7_0 = ai.fma(b0, c7_0);
            c7_1 = ai.fma(b1, c7_1);
            ai = DoubleVector.broadcast(SPECIES, a[a8 + p]);
            c8_0 = ai.fma(b0, c8_0);
            c8_1 = ai.fma(b1, c8_1);
            ai = DoubleVector.broadcast(SPECIES, a[a9 + p]);
            c9_0 = ai.fma(b0, c9_0);
            c9_1 = ai.fma(b1, c9_1);
            ai = DoubleVector.broadcast(SPECIES, a[a10 + p]);
            c10_0 = ai.fma(b0, c10_0);
            c10_1 = ai.fma(b1, c10_1);
            ai = DoubleVector.broadcast(SPECIES, a[a11 + p]);
            c11_0 = ai.fma(b0, c11_0);
            c11_1 = ai.fma(b1, c11_1);
        }
        int r0 = cOff;
        int r1 = cOff + ldc;
        int r2 = cOff + 2 * ldc;
        int r3 = cOff + 3 * ldc;
        int r4 = cOff + 4 * ldc;
        int r5 = cOff + 5 * ldc;
        int r6 = cOff + 6 * ldc;
        int r7 = cOff + 7 * ldc;
        int r8 = cOff + 8 * ldc;
        int r9 = cOff + 9 * ldc;
        int r10 = cOff + 10 * ldc;
        int r11 = cOff + 11 * ldc;
        if (beta == 0) {
            c0_0.intoArray(c, r0);
            c0_1.intoArray(c, r0 + LANES);
            c1_0.intoArray(c, r1);
            c1_1.intoArray(c, r1 + LANES);
            c2_0.intoArray(c, r2);
            c2_1.intoArray(c, r2 + LANES);
            c3_0.intoArray(c, r3);
            c3_1.intoArray(c, r3 + LANES);
            c4_0.intoArray(c, r4);
            c4_1.intoArray(c, r4 + LANES);
            c5_0.intoArray(c, r5);
            c5_1.intoArray(c, r5 + LANES);
            c6_0.intoArray(c, r6);
            c6_1.intoArray(c, r6 + LANES);
            c7_0.intoArray(c, r7);
            c7_1.intoArray(c, r7 + LANES);
            c8_0.intoArray(c, r8);
            c8_1.intoArray(c, r8 + LANES);
            c9_0.intoArray(c, r9);
            c9_1.intoArray(c, r9 + LANES);
            c10_0.intoArray(c, r10);
            c10_1.intoArray(c, r10 + LANES);
            c11_0.intoArray(c, r11);
            c11_1.intoArray(c, r11 + LANES);
        } else {
            DoubleVector s = DoubleVector.broadcast(SPECIES, beta);
            DoubleVector.fromArray(SPECIES, c, r0).fma(s, c0_0).intoArray(c, r0);
            DoubleVector.fromArray(SPECIES, c, r0 + LANES).fma(s, c0_1)
                    .intoArray(c, r0 + LANES);
            DoubleVector.fromArray(SPECIES, c, r1).fma(s, c1_0).intoArray(c, r1);
            DoubleVector.fromArray(SPECIES, c, r1 + LANES).fma(s, c1_1)
                    .intoArray(c, r1 + LANES);
            DoubleVector.fromArray(SPECIES, c, r2).fma(s, c2_0).intoArray(c, r2);
            DoubleVector.fromArray(SPECIES, c, r2 + LANES).fma(s, c2_1)
                    .intoArray(c, r2 + LANES);
            DoubleVector.fromArray(SPECIES, c, r3).fma(s, c3_0).intoArray(c, r3);
            DoubleVector.fromArray(SPECIES, c, r3 + LANES).fma(s, c3_1)
                    .intoArray(c, r3 + LANES);
            DoubleVector.fromArray(SPECIES, c, r4).fma(s, c4_0).intoArray(c, r4);
            DoubleVector.fromArray(SPECIES, c, r4 + LANES).fma(s, c4_1)
                    .intoArray(c, r4 + LANES);
            DoubleVector.fromArray(SPECIES, c, r5).fma(s, c5_0).intoArray(c, r5);
            DoubleVector.fromArray(SPECIES, c, r5 + LANES).fma(s, c5_1)
                    .intoArray(c, r5 + LANES);
            DoubleVector.fromArray(SPECIES, c, r6).fma(s, c6_0).intoArray(c, r6);
            DoubleVector.fromArray(SPECIES, c, r6 + LANES).fma(s, c6_1)
                    .intoArray(c, r6 + LANES);
            DoubleVector.fromArray(SPECIES, c, r7).fma(s, c7_0).intoArray(c, r7);
            DoubleVector.fromArray(SPECIES, c, r7 + LANES).fma(s, c7_1)
                    .intoArray(c, r7 + LANES);
            DoubleVector.fromArray(SPECIES, c, r8).fma(s, c8_0).intoArray(c, r8);
            DoubleVector.fromArray(SPECIES, c, r8 + LANES).fma(s, c8_1)
                    .intoArray(c, r8 + LANES);
            DoubleVector.fromArray(SPECIES, c, r9).fma(s, c9_0).intoArray(c, r9);
            DoubleVector.fromArray(SPECIES, c, r9 + LANES).fma(s, c9_1)
                    .intoArray(c, r9 + LANES);
            DoubleVector.fromArray(SPECIES, c, r10).fma(s, c10_0).intoArray(c, r10);
            DoubleVector.fromArray(SPECIES, c, r10 + LANES).fma(s, c10_1)
                    .intoArray(c, r10 + LANES);
            DoubleVector.fromArray(SPECIES, c, r11).fma(s, c11_0).intoArray(c, r11);
            DoubleVector.fromArray(SPECIES, c, r11 + LANES).fma(s, c11_1)
                    .intoArray(c, r11 + LANES);
        }
    }

    /** The 4 x 2 tile, for AVX2. */
    private static void microKernel4(int kc, double[] a, int aOff, int lda,
                            double[] b, int bOff, double[] c, int cOff, int ldc, double beta) {
        DoubleVector c00 = DoubleVector.zero(SPECIES);
        DoubleVector c01 = c00;
        DoubleVector c10 = c00;
        DoubleVector c11 = c00;
        DoubleVector c20 = c00;
        DoubleVector c21 = c00;
        DoubleVector c30 = c00;
        DoubleVector c31 = c00;
        // Four row pointers moving by one: C2 checks their bounds once, outside the loop.
        int a0 = aOff;
        int a1 = aOff + lda;
        int a2 = aOff + 2 * lda;
        int a3 = aOff + 3 * lda;
        for (int p = 0; p < kc; p++) {
            int bp = bOff + p * NR;
            DoubleVector b0 = DoubleVector.fromArray(SPECIES, b, bp);
            DoubleVector b1 = DoubleVector.fromArray(SPECIES, b, bp + LANES);
            DoubleVector ai = DoubleVector.broadcast(SPECIES, a[a0 + p]);
            c00 = ai.fma(b0, c00);
            c01 = ai.fma(b1, c01);
            ai = DoubleVector.broadcast(SPECIES, a[a1 + p]);
            c10 = ai.fma(b0, c10);
            c11 = ai.fma(b1, c11);
            ai = DoubleVector.broadcast(SPECIES, a[a2 + p]);
            c20 = ai.fma(b0, c20);
            c21 = ai.fma(b1, c21);
            ai = DoubleVector.broadcast(SPECIES, a[a3 + p]);
            c30 = ai.fma(b0, c30);
            c31 = ai.fma(b1, c31);
        }
        // Written out rather than in a helper: a DoubleVector passed to a method that C2 does
        // not inline is boxed, and one such call site was enough to make the kernel allocate.
        int r0 = cOff;
        int r1 = cOff + ldc;
        int r2 = cOff + 2 * ldc;
        int r3 = cOff + 3 * ldc;
        if (beta == 0) {
            c00.intoArray(c, r0);
            c01.intoArray(c, r0 + LANES);
            c10.intoArray(c, r1);
            c11.intoArray(c, r1 + LANES);
            c20.intoArray(c, r2);
            c21.intoArray(c, r2 + LANES);
            c30.intoArray(c, r3);
            c31.intoArray(c, r3 + LANES);
        } else {
            DoubleVector s = DoubleVector.broadcast(SPECIES, beta);
            DoubleVector.fromArray(SPECIES, c, r0).fma(s, c00).intoArray(c, r0);
            DoubleVector.fromArray(SPECIES, c, r0 + LANES).fma(s, c01).intoArray(c, r0 + LANES);
            DoubleVector.fromArray(SPECIES, c, r1).fma(s, c10).intoArray(c, r1);
            DoubleVector.fromArray(SPECIES, c, r1 + LANES).fma(s, c11).intoArray(c, r1 + LANES);
            DoubleVector.fromArray(SPECIES, c, r2).fma(s, c20).intoArray(c, r2);
            DoubleVector.fromArray(SPECIES, c, r2 + LANES).fma(s, c21).intoArray(c, r2 + LANES);
            DoubleVector.fromArray(SPECIES, c, r3).fma(s, c30).intoArray(c, r3);
            DoubleVector.fromArray(SPECIES, c, r3 + LANES).fma(s, c31).intoArray(c, r3 + LANES);
        }
    }

    /**
     * The 12 x 2 tile on a column panel ({@link #microKernelColumnPanel}); otherwise as
     * {@link #microKernel12}. A separate method rather than a second loop in that one: with
     * both loops in one method C2 compiles the row-panel loop slower, and a general-stride loop
     * is slower still.
     */
    private static void microKernel12Columns(int kc, double[] a, int aOff, double[] b, int bOff,
                                             double[] c, int cOff, int ldc, double beta) {
        DoubleVector c0_0 = DoubleVector.zero(SPECIES);
        DoubleVector c0_1 = c0_0;
        DoubleVector c1_0 = c0_0;
        DoubleVector c1_1 = c0_0;
        DoubleVector c2_0 = c0_0;
        DoubleVector c2_1 = c0_0;
        DoubleVector c3_0 = c0_0;
        DoubleVector c3_1 = c0_0;
        DoubleVector c4_0 = c0_0;
        DoubleVector c4_1 = c0_0;
        DoubleVector c5_0 = c0_0;
        DoubleVector c5_1 = c0_0;
        DoubleVector c6_0 = c0_0;
        DoubleVector c6_1 = c0_0;
        DoubleVector c7_0 = c0_0;
        DoubleVector c7_1 = c0_0;
        DoubleVector c8_0 = c0_0;
        DoubleVector c8_1 = c0_0;
        DoubleVector c9_0 = c0_0;
        DoubleVector c9_1 = c0_0;
        DoubleVector c10_0 = c0_0;
        DoubleVector c10_1 = c0_0;
        DoubleVector c11_0 = c0_0;
        DoubleVector c11_1 = c0_0;
        for (int p = 0; p < kc; p++) {
            int bp = bOff + p * NR;
            int ap = aOff + p * 12;
            DoubleVector b0 = DoubleVector.fromArray(SPECIES, b, bp);
            DoubleVector b1 = DoubleVector.fromArray(SPECIES, b, bp + LANES);
            DoubleVector ai = DoubleVector.broadcast(SPECIES, a[ap]);
            c0_0 = ai.fma(b0, c0_0);
            c0_1 = ai.fma(b1, c0_1);
            ai = DoubleVector.broadcast(SPECIES, a[ap + 1]);
            c1_0 = ai.fma(b0, c1_0);
            c1_1 = ai.fma(b1, c1_1);
            ai = DoubleVector.broadcast(SPECIES, a[ap + 2]);
            c2_0 = ai.fma(b0, c2_0);
            c2_1 = ai.fma(b1, c2_1);
            ai = DoubleVector.broadcast(SPECIES, a[ap + 3]);
            c3_0 = ai.fma(b0, c3_0);
            c3_1 = ai.fma(b1, c3_1);
            ai = DoubleVector.broadcast(SPECIES, a[ap + 4]);
            c4_0 = ai.fma(b0, c4_0);
            c4_1 = ai.fma(b1, c4_1);
            ai = DoubleVector.broadcast(SPECIES, a[ap + 5]);
            c5_0 = ai.fma(b0, c5_0);
            c5_1 = ai.fma(b1, c5_1);
            ai = DoubleVector.broadcast(SPECIES, a[ap + 6]);
            c6_0 = ai.fma(b0, c6_0);
            c6_1 = ai.fma(b1, c6_1);
            ai = DoubleVector.broadcast(SPECIES, a[ap + 7]);
            c7_0 = ai.fma(b0, c7_0);
            c7_1 = ai.fma(b1, c7_1);
            ai = DoubleVector.broadcast(SPECIES, a[ap + 8]);
            c8_0 = ai.fma(b0, c8_0);
            c8_1 = ai.fma(b1, c8_1);
            ai = DoubleVector.broadcast(SPECIES, a[ap + 9]);
            c9_0 = ai.fma(b0, c9_0);
            c9_1 = ai.fma(b1, c9_1);
            ai = DoubleVector.broadcast(SPECIES, a[ap + 10]);
            c10_0 = ai.fma(b0, c10_0);
            c10_1 = ai.fma(b1, c10_1);
            ai = DoubleVector.broadcast(SPECIES, a[ap + 11]);
            c11_0 = ai.fma(b0, c11_0);
            c11_1 = ai.fma(b1, c11_1);
        }
        int r0 = cOff;
        int r1 = cOff + ldc;
        int r2 = cOff + 2 * ldc;
        int r3 = cOff + 3 * ldc;
        int r4 = cOff + 4 * ldc;
        int r5 = cOff + 5 * ldc;
        int r6 = cOff + 6 * ldc;
        int r7 = cOff + 7 * ldc;
        int r8 = cOff + 8 * ldc;
        int r9 = cOff + 9 * ldc;
        int r10 = cOff + 10 * ldc;
        int r11 = cOff + 11 * ldc;
        if (beta == 0) {
            c0_0.intoArray(c, r0);
            c0_1.intoArray(c, r0 + LANES);
            c1_0.intoArray(c, r1);
            c1_1.intoArray(c, r1 + LANES);
            c2_0.intoArray(c, r2);
            c2_1.intoArray(c, r2 + LANES);
            c3_0.intoArray(c, r3);
            c3_1.intoArray(c, r3 + LANES);
            c4_0.intoArray(c, r4);
            c4_1.intoArray(c, r4 + LANES);
            c5_0.intoArray(c, r5);
            c5_1.intoArray(c, r5 + LANES);
            c6_0.intoArray(c, r6);
            c6_1.intoArray(c, r6 + LANES);
            c7_0.intoArray(c, r7);
            c7_1.intoArray(c, r7 + LANES);
            c8_0.intoArray(c, r8);
            c8_1.intoArray(c, r8 + LANES);
            c9_0.intoArray(c, r9);
            c9_1.intoArray(c, r9 + LANES);
            c10_0.intoArray(c, r10);
            c10_1.intoArray(c, r10 + LANES);
            c11_0.intoArray(c, r11);
            c11_1.intoArray(c, r11 + LANES);
        } else {
            DoubleVector s = DoubleVector.broadcast(SPECIES, beta);
            DoubleVector.fromArray(SPECIES, c, r0).fma(s, c0_0).intoArray(c, r0);
            DoubleVector.fromArray(SPECIES, c, r0 + LANES).fma(s, c0_1)
                    .intoArray(c, r0 + LANES);
            DoubleVector.fromArray(SPECIES, c, r1).fma(s, c1_0).intoArray(c, r1);
            DoubleVector.fromArray(SPECIES, c, r1 + LANES).fma(s, c1_1)
                    .intoArray(c, r1 + LANES);
            DoubleVector.fromArray(SPECIES, c, r2).fma(s, c2_0).intoArray(c, r2);
            DoubleVector.fromArray(SPECIES, c, r2 + LANES).fma(s, c2_1)
                    .intoArray(c, r2 + LANES);
            DoubleVector.fromArray(SPECIES, c, r3).fma(s, c3_0).intoArray(c, r3);
            DoubleVector.fromArray(SPECIES, c, r3 + LANES).fma(s, c3_1)
                    .intoArray(c, r3 + LANES);
            DoubleVector.fromArray(SPECIES, c, r4).fma(s, c4_0).intoArray(c, r4);
            DoubleVector.fromArray(SPECIES, c, r4 + LANES).fma(s, c4_1)
                    .intoArray(c, r4 + LANES);
            DoubleVector.fromArray(SPECIES, c, r5).fma(s, c5_0).intoArray(c, r5);
            DoubleVector.fromArray(SPECIES, c, r5 + LANES).fma(s, c5_1)
                    .intoArray(c, r5 + LANES);
            DoubleVector.fromArray(SPECIES, c, r6).fma(s, c6_0).intoArray(c, r6);
            DoubleVector.fromArray(SPECIES, c, r6 + LANES).fma(s, c6_1)
                    .intoArray(c, r6 + LANES);
            DoubleVector.fromArray(SPECIES, c, r7).fma(s, c7_0).intoArray(c, r7);
            DoubleVector.fromArray(SPECIES, c, r7 + LANES).fma(s, c7_1)
                    .intoArray(c, r7 + LANES);
            DoubleVector.fromArray(SPECIES, c, r8).fma(s, c8_0).intoArray(c, r8);
            DoubleVector.fromArray(SPECIES, c, r8 + LANES).fma(s, c8_1)
                    .intoArray(c, r8 + LANES);
            DoubleVector.fromArray(SPECIES, c, r9).fma(s, c9_0).intoArray(c, r9);
            DoubleVector.fromArray(SPECIES, c, r9 + LANES).fma(s, c9_1)
                    .intoArray(c, r9 + LANES);
            DoubleVector.fromArray(SPECIES, c, r10).fma(s, c10_0).intoArray(c, r10);
            DoubleVector.fromArray(SPECIES, c, r10 + LANES).fma(s, c10_1)
                    .intoArray(c, r10 + LANES);
            DoubleVector.fromArray(SPECIES, c, r11).fma(s, c11_0).intoArray(c, r11);
            DoubleVector.fromArray(SPECIES, c, r11 + LANES).fma(s, c11_1)
                    .intoArray(c, r11 + LANES);
        }
    }

    /**
     * The 4 x 2 tile on a column panel ({@link #microKernelColumnPanel}); otherwise as
     * {@link #microKernel4}.
     */
    private static void microKernel4Columns(int kc, double[] a, int aOff, double[] b, int bOff,
                                             double[] c, int cOff, int ldc, double beta) {
        DoubleVector c0_0 = DoubleVector.zero(SPECIES);
        DoubleVector c0_1 = c0_0;
        DoubleVector c1_0 = c0_0;
        DoubleVector c1_1 = c0_0;
        DoubleVector c2_0 = c0_0;
        DoubleVector c2_1 = c0_0;
        DoubleVector c3_0 = c0_0;
        DoubleVector c3_1 = c0_0;
        for (int p = 0; p < kc; p++) {
            int bp = bOff + p * NR;
            int ap = aOff + p * 4;
            DoubleVector b0 = DoubleVector.fromArray(SPECIES, b, bp);
            DoubleVector b1 = DoubleVector.fromArray(SPECIES, b, bp + LANES);
            DoubleVector ai = DoubleVector.broadcast(SPECIES, a[ap]);
            c0_0 = ai.fma(b0, c0_0);
            c0_1 = ai.fma(b1, c0_1);
            ai = DoubleVector.broadcast(SPECIES, a[ap + 1]);
            c1_0 = ai.fma(b0, c1_0);
            c1_1 = ai.fma(b1, c1_1);
            ai = DoubleVector.broadcast(SPECIES, a[ap + 2]);
            c2_0 = ai.fma(b0, c2_0);
            c2_1 = ai.fma(b1, c2_1);
            ai = DoubleVector.broadcast(SPECIES, a[ap + 3]);
            c3_0 = ai.fma(b0, c3_0);
            c3_1 = ai.fma(b1, c3_1);
        }
        int r0 = cOff;
        int r1 = cOff + ldc;
        int r2 = cOff + 2 * ldc;
        int r3 = cOff + 3 * ldc;
        if (beta == 0) {
            c0_0.intoArray(c, r0);
            c0_1.intoArray(c, r0 + LANES);
            c1_0.intoArray(c, r1);
            c1_1.intoArray(c, r1 + LANES);
            c2_0.intoArray(c, r2);
            c2_1.intoArray(c, r2 + LANES);
            c3_0.intoArray(c, r3);
            c3_1.intoArray(c, r3 + LANES);
        } else {
            DoubleVector s = DoubleVector.broadcast(SPECIES, beta);
            DoubleVector.fromArray(SPECIES, c, r0).fma(s, c0_0).intoArray(c, r0);
            DoubleVector.fromArray(SPECIES, c, r0 + LANES).fma(s, c0_1)
                    .intoArray(c, r0 + LANES);
            DoubleVector.fromArray(SPECIES, c, r1).fma(s, c1_0).intoArray(c, r1);
            DoubleVector.fromArray(SPECIES, c, r1 + LANES).fma(s, c1_1)
                    .intoArray(c, r1 + LANES);
            DoubleVector.fromArray(SPECIES, c, r2).fma(s, c2_0).intoArray(c, r2);
            DoubleVector.fromArray(SPECIES, c, r2 + LANES).fma(s, c2_1)
                    .intoArray(c, r2 + LANES);
            DoubleVector.fromArray(SPECIES, c, r3).fma(s, c3_0).intoArray(c, r3);
            DoubleVector.fromArray(SPECIES, c, r3 + LANES).fma(s, c3_1)
                    .intoArray(c, r3 + LANES);
        }
    }
}
