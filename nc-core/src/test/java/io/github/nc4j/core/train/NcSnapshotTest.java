package io.github.nc4j.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nc4j.core.data.LabeledData;
import io.github.nc4j.core.model.Mlp;
import io.github.nc4j.core.model.MlpConfig;
import io.github.nc4j.linalg.Matrix;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NcSnapshotTest {

    /** More samples than one chunk, so both NC4 passes cross chunk boundaries. */
    @Test
    void keepingTheLastLayerGivesExactlyTheRecomputedResult() {
        Random random = new Random(3);
        int n = NcSnapshot.CHUNK_ROWS + 37;
        int[] labels = random.ints(n, 0, 4).toArray();
        LabeledData data = LabeledData.of(Matrix.gaussian(n, 6, random), labels, 4);
        Mlp mlp = new Mlp(MlpConfig.of(6, 8, 3, 4, 1e-3), data);
        NcSnapshot kept = NcSnapshot.of(mlp, Long.MAX_VALUE);
        NcSnapshot recomputed = NcSnapshot.of(mlp, 0);
        assertEquals(recomputed, kept);
        assertTrue(kept.last().nc4().isPresent());
        assertEquals(kept, NcSnapshot.of(mlp), "the default keeps features of this size");
    }
}
