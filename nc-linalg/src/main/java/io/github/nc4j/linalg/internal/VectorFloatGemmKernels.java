package io.github.nc4j.linalg.internal;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link FloatGemmKernels} on the Vector API, with the conventions of {@link VectorKernels}: the
 * widest float species the CPU prefers (16 lanes with AVX-512, 8 with AVX2), loop bounds and
 * scalar tails instead of masks, no vector crossing a method boundary. Loaded, like the double
 * kernels, only once {@link KernelSelection} has found the Vector API usable.
 */
final class VectorFloatGemmKernels implements FloatGemmKernels {

    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();

    /** Doubles of the widest vector, for the merge into C. */
    private static final VectorSpecies<Double> DOUBLES = DoubleVector.SPECIES_PREFERRED;

    /** Floats of half that width: as many lanes as {@link #DOUBLES}, widened in one step. */
    private static final VectorSpecies<Float> HALF_FLOATS =
            VectorSpecies.of(float.class, VectorShape.forBitSize(DOUBLES.vectorBitSize() / 2));

    /**
     * Micro-tile MR x (2 vectors), MR = 4 or 12, chosen by the register file exactly as for
     * {@link VectorGemmKernels}: a float vector takes a register as a double vector does, so the
     * tile that fits the registers in double fits them in float, with twice the columns. With
     * AVX2 (16 registers), 4 x 2: 8 accumulators, 2 B vectors and a broadcast. With AVX-512 (32
     * registers), 12 x 2: 24 accumulators + 2 + 1, enough independent FMAs to cover the FMA
     * latency on CPUs that retire two per cycle.
     */
    private static final int PREFERRED_ROWS = LANES >= 16 ? 12 : 4;
    private static final int NR = 2 * LANES;

    private final int microRows;

    /** The kernels with the micro-tile this CPU's vector registers suit. */
    VectorFloatGemmKernels() {
        this(PREFERRED_ROWS);
    }

    /**
     * The kernels with a micro-tile of {@code microRows} (4 or 12) rows, so that tests can run
     * both tiles on any CPU; the other one is correct everywhere, only slower.
     */
    VectorFloatGemmKernels(int microRows) {
        if (microRows != 4 && microRows != 12) {
            throw new IllegalArgumentException("micro-tile rows must be 4 or 12, got "
                    + microRows);
        }
        this.microRows = microRows;
    }

    @Override
    public String toString() {
        return "vector float " + microRows + " x " + NR;
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
    public void microKernel(int kc, float[] a, int aOff, float[] b, int bOff, float[] tile) {
        if (microRows == 12) {
            microKernel12(kc, a, aOff, b, bOff, tile);
        } else {
            microKernel4(kc, a, aOff, b, bOff, tile);
        }
    }

    @Override
    public void microKernelColumnPanel(int kc, float[] a, int aOff, float[] b, int bOff,
                                       float[] tile) {
        if (microRows == 12) {
            microKernel12Columns(kc, a, aOff, b, bOff, tile);
        } else {
            microKernel4Columns(kc, a, aOff, b, bOff, tile);
        }
    }

    /** Narrows a vector of doubles at a time, as {@link ScalarFloatGemmKernels} does one. */
    @Override
    public void convertBlock(int rows, int len, double[] src, int srcOff, int srcLd,
                             float[] dst, int dstOff, int dstLd) {
        int lanes = DOUBLES.length();
        int bound = DOUBLES.loopBound(len);
        for (int i = 0; i < rows; i++) {
            int from = srcOff + i * srcLd;
            int to = dstOff + i * dstLd;
            int j = 0;
            for (; j < bound; j += lanes) {
                ((FloatVector) DoubleVector.fromArray(DOUBLES, src, from + j)
                        .convertShape(VectorOperators.D2F, HALF_FLOATS, 0))
                        .intoArray(dst, to + j);
            }
            for (; j < len; j++) {
                dst[to + j] = (float) src[from + j];
            }
        }
    }

    /**
     * Widens each vector's worth of a tile row to doubles and merges it with one FMA, as
     * {@link ScalarFloatGemmKernels#mergeRows} does element by element (and does for the tail).
     */
    @Override
    public void mergeTile(int rows, int cols, float[] tile, double alpha, double beta,
                          double[] c, int cOff, int ldc) {
        int lanes = DOUBLES.length();
        int bound = DOUBLES.loopBound(cols);
        DoubleVector scale = DoubleVector.broadcast(DOUBLES, alpha);
        DoubleVector keep = DoubleVector.broadcast(DOUBLES, beta);
        for (int i = 0; i < rows; i++) {
            int row = cOff + i * ldc;
            int tileRow = i * NR;
            for (int j = 0; j < bound; j += lanes) {
                DoubleVector product = ((DoubleVector) FloatVector
                        .fromArray(HALF_FLOATS, tile, tileRow + j)
                        .convertShape(VectorOperators.F2D, DOUBLES, 0)).mul(scale);
                if (beta == 0) {
                    product.intoArray(c, row + j);
                } else {
                    DoubleVector.fromArray(DOUBLES, c, row + j).fma(keep, product)
                            .intoArray(c, row + j);
                }
            }
        }
        ScalarFloatGemmKernels.mergeRows(rows, bound, cols, tile, NR, alpha, beta, c, cOff, ldc);
    }

    /**
     * The 12 x 2 tile on a grouped row panel, for AVX-512; accumulator {@code ci_j} holds
     * vector j of row i. Written out, as the double kernels are: C2 keeps the 24 accumulators in
     * registers only when each is a named local.
     */
    private static void microKernel12(int kc, float[] a, int aOff, float[] b, int bOff,
                                      float[] tile) {
        FloatVector c0_0 = FloatVector.zero(SPECIES);
        FloatVector c0_1 = c0_0;
        FloatVector c1_0 = c0_0;
        FloatVector c1_1 = c0_0;
        FloatVector c2_0 = c0_0;
        FloatVector c2_1 = c0_0;
        FloatVector c3_0 = c0_0;
        FloatVector c3_1 = c0_0;
        FloatVector c4_0 = c0_0;
        FloatVector c4_1 = c0_0;
        FloatVector c5_0 = c0_0;
        FloatVector c5_1 = c0_0;
        FloatVector c6_0 = c0_0;
        FloatVector c6_1 = c0_0;
        FloatVector c7_0 = c0_0;
        FloatVector c7_1 = c0_0;
        FloatVector c8_0 = c0_0;
        FloatVector c8_1 = c0_0;
        FloatVector c9_0 = c0_0;
        FloatVector c9_1 = c0_0;
        FloatVector c10_0 = c0_0;
        FloatVector c10_1 = c0_0;
        FloatVector c11_0 = c0_0;
        FloatVector c11_1 = c0_0;
        // Within a group the 12 rows lie at fixed distances from one index. The whole groups
        // and the last, partial one are separate loops: an inner loop whose trip count varies
        // makes C2 move accumulators through the stack at every group.
        int whole = kc - kc % DEPTH_GROUP;
        for (int g = 0; g < whole; g += DEPTH_GROUP) {
            for (int s = 0; s < DEPTH_GROUP; s++) {
                int bp = bOff + (g + s) * NR;
                int ap = aOff + g * 12 + s;
                FloatVector b0 = FloatVector.fromArray(SPECIES, b, bp);
                FloatVector b1 = FloatVector.fromArray(SPECIES, b, bp + LANES);
                FloatVector ai = FloatVector.broadcast(SPECIES, a[ap]);
                c0_0 = ai.fma(b0, c0_0);
                c0_1 = ai.fma(b1, c0_1);
                ai = FloatVector.broadcast(SPECIES, a[ap + DEPTH_GROUP]);
                c1_0 = ai.fma(b0, c1_0);
                c1_1 = ai.fma(b1, c1_1);
                ai = FloatVector.broadcast(SPECIES, a[ap + 2 * DEPTH_GROUP]);
                c2_0 = ai.fma(b0, c2_0);
                c2_1 = ai.fma(b1, c2_1);
                ai = FloatVector.broadcast(SPECIES, a[ap + 3 * DEPTH_GROUP]);
                c3_0 = ai.fma(b0, c3_0);
                c3_1 = ai.fma(b1, c3_1);
                ai = FloatVector.broadcast(SPECIES, a[ap + 4 * DEPTH_GROUP]);
                c4_0 = ai.fma(b0, c4_0);
                c4_1 = ai.fma(b1, c4_1);
                ai = FloatVector.broadcast(SPECIES, a[ap + 5 * DEPTH_GROUP]);
                c5_0 = ai.fma(b0, c5_0);
                c5_1 = ai.fma(b1, c5_1);
                ai = FloatVector.broadcast(SPECIES, a[ap + 6 * DEPTH_GROUP]);
                c6_0 = ai.fma(b0, c6_0);
                c6_1 = ai.fma(b1, c6_1);
                ai = FloatVector.broadcast(SPECIES, a[ap + 7 * DEPTH_GROUP]);
                c7_0 = ai.fma(b0, c7_0);
                c7_1 = ai.fma(b1, c7_1);
                ai = FloatVector.broadcast(SPECIES, a[ap + 8 * DEPTH_GROUP]);
                c8_0 = ai.fma(b0, c8_0);
                c8_1 = ai.fma(b1, c8_1);
                ai = FloatVector.broadcast(SPECIES, a[ap + 9 * DEPTH_GROUP]);
                c9_0 = ai.fma(b0, c9_0);
                c9_1 = ai.fma(b1, c9_1);
                ai = FloatVector.broadcast(SPECIES, a[ap + 10 * DEPTH_GROUP]);
                c10_0 = ai.fma(b0, c10_0);
                c10_1 = ai.fma(b1, c10_1);
                ai = FloatVector.broadcast(SPECIES, a[ap + 11 * DEPTH_GROUP]);
                c11_0 = ai.fma(b0, c11_0);
                c11_1 = ai.fma(b1, c11_1);
            }
        }
        for (int p = whole; p < kc; p++) {
            int bp = bOff + p * NR;
            int ap = aOff + whole * 12 + p - whole;
            FloatVector b0 = FloatVector.fromArray(SPECIES, b, bp);
            FloatVector b1 = FloatVector.fromArray(SPECIES, b, bp + LANES);
            FloatVector ai = FloatVector.broadcast(SPECIES, a[ap]);
            c0_0 = ai.fma(b0, c0_0);
            c0_1 = ai.fma(b1, c0_1);
            ai = FloatVector.broadcast(SPECIES, a[ap + DEPTH_GROUP]);
            c1_0 = ai.fma(b0, c1_0);
            c1_1 = ai.fma(b1, c1_1);
            ai = FloatVector.broadcast(SPECIES, a[ap + 2 * DEPTH_GROUP]);
            c2_0 = ai.fma(b0, c2_0);
            c2_1 = ai.fma(b1, c2_1);
            ai = FloatVector.broadcast(SPECIES, a[ap + 3 * DEPTH_GROUP]);
            c3_0 = ai.fma(b0, c3_0);
            c3_1 = ai.fma(b1, c3_1);
            ai = FloatVector.broadcast(SPECIES, a[ap + 4 * DEPTH_GROUP]);
            c4_0 = ai.fma(b0, c4_0);
            c4_1 = ai.fma(b1, c4_1);
            ai = FloatVector.broadcast(SPECIES, a[ap + 5 * DEPTH_GROUP]);
            c5_0 = ai.fma(b0, c5_0);
            c5_1 = ai.fma(b1, c5_1);
            ai = FloatVector.broadcast(SPECIES, a[ap + 6 * DEPTH_GROUP]);
            c6_0 = ai.fma(b0, c6_0);
            c6_1 = ai.fma(b1, c6_1);
            ai = FloatVector.broadcast(SPECIES, a[ap + 7 * DEPTH_GROUP]);
            c7_0 = ai.fma(b0, c7_0);
            c7_1 = ai.fma(b1, c7_1);
            ai = FloatVector.broadcast(SPECIES, a[ap + 8 * DEPTH_GROUP]);
            c8_0 = ai.fma(b0, c8_0);
            c8_1 = ai.fma(b1, c8_1);
            ai = FloatVector.broadcast(SPECIES, a[ap + 9 * DEPTH_GROUP]);
            c9_0 = ai.fma(b0, c9_0);
            c9_1 = ai.fma(b1, c9_1);
            ai = FloatVector.broadcast(SPECIES, a[ap + 10 * DEPTH_GROUP]);
            c10_0 = ai.fma(b0, c10_0);
            c10_1 = ai.fma(b1, c10_1);
            ai = FloatVector.broadcast(SPECIES, a[ap + 11 * DEPTH_GROUP]);
            c11_0 = ai.fma(b0, c11_0);
            c11_1 = ai.fma(b1, c11_1);
        }
        c0_0.intoArray(tile, 0);
        c0_1.intoArray(tile, 0 + LANES);
        c1_0.intoArray(tile, NR);
        c1_1.intoArray(tile, NR + LANES);
        c2_0.intoArray(tile, 2 * NR);
        c2_1.intoArray(tile, 2 * NR + LANES);
        c3_0.intoArray(tile, 3 * NR);
        c3_1.intoArray(tile, 3 * NR + LANES);
        c4_0.intoArray(tile, 4 * NR);
        c4_1.intoArray(tile, 4 * NR + LANES);
        c5_0.intoArray(tile, 5 * NR);
        c5_1.intoArray(tile, 5 * NR + LANES);
        c6_0.intoArray(tile, 6 * NR);
        c6_1.intoArray(tile, 6 * NR + LANES);
        c7_0.intoArray(tile, 7 * NR);
        c7_1.intoArray(tile, 7 * NR + LANES);
        c8_0.intoArray(tile, 8 * NR);
        c8_1.intoArray(tile, 8 * NR + LANES);
        c9_0.intoArray(tile, 9 * NR);
        c9_1.intoArray(tile, 9 * NR + LANES);
        c10_0.intoArray(tile, 10 * NR);
        c10_1.intoArray(tile, 10 * NR + LANES);
        c11_0.intoArray(tile, 11 * NR);
        c11_1.intoArray(tile, 11 * NR + LANES);
    }

    /**
     * The 12 x 2 tile on a column panel; otherwise as {@link #microKernel12}. A separate method,
     * as in {@link VectorGemmKernels}, so that C2 compiles each loop on its own.
     */
    private static void microKernel12Columns(int kc, float[] a, int aOff, float[] b, int bOff,
                                             float[] tile) {
        FloatVector c0_0 = FloatVector.zero(SPECIES);
        FloatVector c0_1 = c0_0;
        FloatVector c1_0 = c0_0;
        FloatVector c1_1 = c0_0;
        FloatVector c2_0 = c0_0;
        FloatVector c2_1 = c0_0;
        FloatVector c3_0 = c0_0;
        FloatVector c3_1 = c0_0;
        FloatVector c4_0 = c0_0;
        FloatVector c4_1 = c0_0;
        FloatVector c5_0 = c0_0;
        FloatVector c5_1 = c0_0;
        FloatVector c6_0 = c0_0;
        FloatVector c6_1 = c0_0;
        FloatVector c7_0 = c0_0;
        FloatVector c7_1 = c0_0;
        FloatVector c8_0 = c0_0;
        FloatVector c8_1 = c0_0;
        FloatVector c9_0 = c0_0;
        FloatVector c9_1 = c0_0;
        FloatVector c10_0 = c0_0;
        FloatVector c10_1 = c0_0;
        FloatVector c11_0 = c0_0;
        FloatVector c11_1 = c0_0;
        for (int p = 0; p < kc; p++) {
            int bp = bOff + p * NR;
            int ap = aOff + p * 12;
            FloatVector b0 = FloatVector.fromArray(SPECIES, b, bp);
            FloatVector b1 = FloatVector.fromArray(SPECIES, b, bp + LANES);
            FloatVector ai = FloatVector.broadcast(SPECIES, a[ap]);
            c0_0 = ai.fma(b0, c0_0);
            c0_1 = ai.fma(b1, c0_1);
            ai = FloatVector.broadcast(SPECIES, a[ap + 1]);
            c1_0 = ai.fma(b0, c1_0);
            c1_1 = ai.fma(b1, c1_1);
            ai = FloatVector.broadcast(SPECIES, a[ap + 2]);
            c2_0 = ai.fma(b0, c2_0);
            c2_1 = ai.fma(b1, c2_1);
            ai = FloatVector.broadcast(SPECIES, a[ap + 3]);
            c3_0 = ai.fma(b0, c3_0);
            c3_1 = ai.fma(b1, c3_1);
            ai = FloatVector.broadcast(SPECIES, a[ap + 4]);
            c4_0 = ai.fma(b0, c4_0);
            c4_1 = ai.fma(b1, c4_1);
            ai = FloatVector.broadcast(SPECIES, a[ap + 5]);
            c5_0 = ai.fma(b0, c5_0);
            c5_1 = ai.fma(b1, c5_1);
            ai = FloatVector.broadcast(SPECIES, a[ap + 6]);
            c6_0 = ai.fma(b0, c6_0);
            c6_1 = ai.fma(b1, c6_1);
            ai = FloatVector.broadcast(SPECIES, a[ap + 7]);
            c7_0 = ai.fma(b0, c7_0);
            c7_1 = ai.fma(b1, c7_1);
            ai = FloatVector.broadcast(SPECIES, a[ap + 8]);
            c8_0 = ai.fma(b0, c8_0);
            c8_1 = ai.fma(b1, c8_1);
            ai = FloatVector.broadcast(SPECIES, a[ap + 9]);
            c9_0 = ai.fma(b0, c9_0);
            c9_1 = ai.fma(b1, c9_1);
            ai = FloatVector.broadcast(SPECIES, a[ap + 10]);
            c10_0 = ai.fma(b0, c10_0);
            c10_1 = ai.fma(b1, c10_1);
            ai = FloatVector.broadcast(SPECIES, a[ap + 11]);
            c11_0 = ai.fma(b0, c11_0);
            c11_1 = ai.fma(b1, c11_1);
        }
        c0_0.intoArray(tile, 0);
        c0_1.intoArray(tile, 0 + LANES);
        c1_0.intoArray(tile, NR);
        c1_1.intoArray(tile, NR + LANES);
        c2_0.intoArray(tile, 2 * NR);
        c2_1.intoArray(tile, 2 * NR + LANES);
        c3_0.intoArray(tile, 3 * NR);
        c3_1.intoArray(tile, 3 * NR + LANES);
        c4_0.intoArray(tile, 4 * NR);
        c4_1.intoArray(tile, 4 * NR + LANES);
        c5_0.intoArray(tile, 5 * NR);
        c5_1.intoArray(tile, 5 * NR + LANES);
        c6_0.intoArray(tile, 6 * NR);
        c6_1.intoArray(tile, 6 * NR + LANES);
        c7_0.intoArray(tile, 7 * NR);
        c7_1.intoArray(tile, 7 * NR + LANES);
        c8_0.intoArray(tile, 8 * NR);
        c8_1.intoArray(tile, 8 * NR + LANES);
        c9_0.intoArray(tile, 9 * NR);
        c9_1.intoArray(tile, 9 * NR + LANES);
        c10_0.intoArray(tile, 10 * NR);
        c10_1.intoArray(tile, 10 * NR + LANES);
        c11_0.intoArray(tile, 11 * NR);
        c11_1.intoArray(tile, 11 * NR + LANES);
    }

    /** The 4 x 2 tile on a grouped row panel, for AVX2. */
    private static void microKernel4(int kc, float[] a, int aOff, float[] b, int bOff,
                                     float[] tile) {
        FloatVector c0_0 = FloatVector.zero(SPECIES);
        FloatVector c0_1 = c0_0;
        FloatVector c1_0 = c0_0;
        FloatVector c1_1 = c0_0;
        FloatVector c2_0 = c0_0;
        FloatVector c2_1 = c0_0;
        FloatVector c3_0 = c0_0;
        FloatVector c3_1 = c0_0;
        int whole = kc - kc % DEPTH_GROUP;
        for (int g = 0; g < whole; g += DEPTH_GROUP) {
            for (int s = 0; s < DEPTH_GROUP; s++) {
                int bp = bOff + (g + s) * NR;
                int ap = aOff + g * 4 + s;
                FloatVector b0 = FloatVector.fromArray(SPECIES, b, bp);
                FloatVector b1 = FloatVector.fromArray(SPECIES, b, bp + LANES);
                FloatVector ai = FloatVector.broadcast(SPECIES, a[ap]);
                c0_0 = ai.fma(b0, c0_0);
                c0_1 = ai.fma(b1, c0_1);
                ai = FloatVector.broadcast(SPECIES, a[ap + DEPTH_GROUP]);
                c1_0 = ai.fma(b0, c1_0);
                c1_1 = ai.fma(b1, c1_1);
                ai = FloatVector.broadcast(SPECIES, a[ap + 2 * DEPTH_GROUP]);
                c2_0 = ai.fma(b0, c2_0);
                c2_1 = ai.fma(b1, c2_1);
                ai = FloatVector.broadcast(SPECIES, a[ap + 3 * DEPTH_GROUP]);
                c3_0 = ai.fma(b0, c3_0);
                c3_1 = ai.fma(b1, c3_1);
            }
        }
        for (int p = whole; p < kc; p++) {
            int bp = bOff + p * NR;
            int ap = aOff + whole * 4 + p - whole;
            FloatVector b0 = FloatVector.fromArray(SPECIES, b, bp);
            FloatVector b1 = FloatVector.fromArray(SPECIES, b, bp + LANES);
            FloatVector ai = FloatVector.broadcast(SPECIES, a[ap]);
            c0_0 = ai.fma(b0, c0_0);
            c0_1 = ai.fma(b1, c0_1);
            ai = FloatVector.broadcast(SPECIES, a[ap + DEPTH_GROUP]);
            c1_0 = ai.fma(b0, c1_0);
            c1_1 = ai.fma(b1, c1_1);
            ai = FloatVector.broadcast(SPECIES, a[ap + 2 * DEPTH_GROUP]);
            c2_0 = ai.fma(b0, c2_0);
            c2_1 = ai.fma(b1, c2_1);
            ai = FloatVector.broadcast(SPECIES, a[ap + 3 * DEPTH_GROUP]);
            c3_0 = ai.fma(b0, c3_0);
            c3_1 = ai.fma(b1, c3_1);
        }
        c0_0.intoArray(tile, 0);
        c0_1.intoArray(tile, 0 + LANES);
        c1_0.intoArray(tile, NR);
        c1_1.intoArray(tile, NR + LANES);
        c2_0.intoArray(tile, 2 * NR);
        c2_1.intoArray(tile, 2 * NR + LANES);
        c3_0.intoArray(tile, 3 * NR);
        c3_1.intoArray(tile, 3 * NR + LANES);
    }

    /** The 4 x 2 tile on a column panel. */
    private static void microKernel4Columns(int kc, float[] a, int aOff, float[] b, int bOff,
                                            float[] tile) {
        FloatVector c0_0 = FloatVector.zero(SPECIES);
        FloatVector c0_1 = c0_0;
        FloatVector c1_0 = c0_0;
        FloatVector c1_1 = c0_0;
        FloatVector c2_0 = c0_0;
        FloatVector c2_1 = c0_0;
        FloatVector c3_0 = c0_0;
        FloatVector c3_1 = c0_0;
        for (int p = 0; p < kc; p++) {
            int bp = bOff + p * NR;
            int ap = aOff + p * 4;
            FloatVector b0 = FloatVector.fromArray(SPECIES, b, bp);
            FloatVector b1 = FloatVector.fromArray(SPECIES, b, bp + LANES);
            FloatVector ai = FloatVector.broadcast(SPECIES, a[ap]);
            c0_0 = ai.fma(b0, c0_0);
            c0_1 = ai.fma(b1, c0_1);
            ai = FloatVector.broadcast(SPECIES, a[ap + 1]);
            c1_0 = ai.fma(b0, c1_0);
            c1_1 = ai.fma(b1, c1_1);
            ai = FloatVector.broadcast(SPECIES, a[ap + 2]);
            c2_0 = ai.fma(b0, c2_0);
            c2_1 = ai.fma(b1, c2_1);
            ai = FloatVector.broadcast(SPECIES, a[ap + 3]);
            c3_0 = ai.fma(b0, c3_0);
            c3_1 = ai.fma(b1, c3_1);
        }
        c0_0.intoArray(tile, 0);
        c0_1.intoArray(tile, 0 + LANES);
        c1_0.intoArray(tile, NR);
        c1_1.intoArray(tile, NR + LANES);
        c2_0.intoArray(tile, 2 * NR);
        c2_1.intoArray(tile, 2 * NR + LANES);
        c3_0.intoArray(tile, 3 * NR);
        c3_1.intoArray(tile, 3 * NR + LANES);
    }
}
