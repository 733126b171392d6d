package io.github.nc4j.linalg.decomp;

/**
 * Bookkeeping shared by the merges of the two divide-and-conquer solvers
 * ({@link TridiagonalDivideConquer}, {@link BidiagonalDivideConquer}): the plane rotations of
 * deflation applied to rows of vectors, the grouping of the kept columns by where their old
 * vectors are nonzero (so that the merge's GEMMs skip the zero blocks, as LAPACK's
 * {@code dlaed3} and {@code dlasd3} do), and the order of the deflated ones.
 */
final class MergeColumns {

    /** Column kind: the old vector is nonzero only in the upper half of the block. */
    static final int UPPER = 0;
    /** Column kind: nonzero in both halves (deflation rotated an upper one into a lower one). */
    static final int BOTH = 1;
    /** Column kind: nonzero only in the lower half. */
    static final int LOWER = 2;

    private MergeColumns() {
    }

    /** Rows x and y of {@code a}, {@code length} long, become {@code cx + sy}, {@code cy - sx}. */
    static void rotateRows(double[] a, int x, int y, int length, double c, double s) {
        for (int j = 0; j < length; j++) {
            double xj = a[x + j];
            double yj = a[y + j];
            a[x + j] = c * xj + s * yj;
            a[y + j] = c * yj - s * xj;
        }
    }

    /**
     * Groups the {@code count} kept poles by kind, upper then both then lower, each group in the
     * poles' order: {@code column[i]} is kept pole i's place, and {@code groupStart[g]} the first
     * place of group g.
     *
     * @param kind       the kind of each pole, indexed by pole
     * @param kept       the kept poles
     * @param count      how many poles are kept
     * @param groupStart receives the three groups' first places
     * @param column     receives each kept pole's place
     */
    static void group(int[] kind, int[] kept, int count, int[] groupStart, int[] column) {
        groupStart[UPPER] = 0;
        groupStart[BOTH] = 0;
        groupStart[LOWER] = 0;
        for (int i = 0; i < count; i++) {
            for (int g = kind[kept[i]] + 1; g <= LOWER; g++) {
                groupStart[g]++;
            }
        }
        int[] next = groupStart.clone();
        for (int i = 0; i < count; i++) {
            column[i] = next[kind[kept[i]]]++;
        }
    }

    /**
     * Insertion sort of the first {@code count} entries of {@code index} by
     * {@code key[keyOffset + index[i]]}, ascending and stable: the deflated poles, nearly in
     * order already (deflating rotations move them little).
     */
    static void sortByKey(int[] index, int count, double[] key, int keyOffset) {
        for (int i = 1; i < count; i++) {
            int p = index[i];
            double v = key[keyOffset + p];
            int j = i - 1;
            while (j >= 0 && key[keyOffset + index[j]] > v) {
                index[j + 1] = index[j];
                j--;
            }
            index[j + 1] = p;
        }
    }
}
