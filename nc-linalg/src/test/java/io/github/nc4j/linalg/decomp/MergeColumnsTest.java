package io.github.nc4j.linalg.decomp;

import static io.github.nc4j.linalg.decomp.MergeColumns.BOTH;
import static io.github.nc4j.linalg.decomp.MergeColumns.LOWER;
import static io.github.nc4j.linalg.decomp.MergeColumns.UPPER;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

/** The merge bookkeeping of the divide-and-conquer solvers, on small hand-checked cases. */
class MergeColumnsTest {

    @Test
    void sortByKeyOrdersAscendingStablyFromTheOffsetAndLeavesTheRestAlone() {
        double[] key = {99, 5, 1, 5, 3, 0};
        int[] index = {2, 4, 0, 1, 3, 42};
        MergeColumns.sortByKey(index, 5, key, 1);
        // keys from offset 1: index 2 -> 5, 4 -> 0, 0 -> 5, 1 -> 1, 3 -> 3; equal keys keep order.
        assertArrayEquals(new int[] {4, 1, 3, 2, 0, 42}, index);
    }

    @Test
    void groupPlacesKeptColumnsUpperThenBothThenLowerEachInTheirOrder() {
        int[] kind = {LOWER, UPPER, BOTH, UPPER, LOWER, BOTH};
        int[] kept = {0, 1, 2, 4, 5};
        int[] groupStart = new int[3];
        int[] column = new int[5];
        MergeColumns.group(kind, kept, 5, groupStart, column);
        assertArrayEquals(new int[] {0, 1, 3}, groupStart);
        assertArrayEquals(new int[] {3, 0, 1, 4, 2}, column);
    }

    @Test
    void rotateRowsAppliesTheRotationToBothRows() {
        double[] a = {1, 2, 7, 3, 4};
        MergeColumns.rotateRows(a, 0, 3, 2, 0.6, 0.8);
        assertArrayEquals(new double[] {0.6 * 1 + 0.8 * 3, 0.6 * 2 + 0.8 * 4, 7,
                0.6 * 3 - 0.8 * 1, 0.6 * 4 - 0.8 * 2}, a, 0.0);
    }
}
