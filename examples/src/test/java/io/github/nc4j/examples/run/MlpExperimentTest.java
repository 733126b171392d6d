package io.github.nc4j.examples.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nc4j.examples.run.MlpExperiment.Shown;
import java.util.HashSet;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MlpExperimentTest {

    @Test
    void nc1ThroughTheHeadIsYesOnlyWhenItFallsAtEveryLayer() {
        assertEquals(Shown.YES, MlpExperiment.Claims.monotone(new double[] {1, 0.5, 0.4})
                .shown());
        assertEquals(Shown.PARTLY, MlpExperiment.Claims.monotone(new double[] {1, 0.5, 0.6})
                .shown());
        assertEquals(Shown.NO, MlpExperiment.Claims.monotone(new double[] {1, 0.5, 1})
                .shown(), "equal ends: no fall");
        assertEquals(Shown.NO, MlpExperiment.Claims.monotone(new double[] {1, 1, 1}).shown());
        assertTrue(MlpExperiment.Claims.monotone(new double[] {1, 0.5}).measured()
                .contains("1.00 -> 0.500"));
    }

    @Test
    void everyExperimentHasFixedSeedsDistinctRunsAndAClaimPerRun() {
        for (MlpExperiment e : MlpExperiment.values()) {
            assertEquals(e, MlpExperiment.byId(e.id()).orElseThrow());
            Set<String> names = new HashSet<>();
            for (MlpExperiment.Run run : e.runs()) {
                assertTrue(names.add(run.name()), run.name());
                assertFalse(run.claims().isEmpty(), run.name());
                assertEquals(1, run.settings().seed(), run.name());
                assertEquals(MlpExperiment.EPOCHS, run.settings().epochs());
            }
        }
        assertTrue(MlpExperiment.byId("papyan2020-mlp").isEmpty());
        MlpExperiment.Run shortened = MlpExperiment.DANG2023_LINEAR_HEAD.runs().get(0)
                .withEpochsAtMost(3, Path.of("d"));
        assertEquals(3, shortened.settings().epochs());
        assertEquals(Path.of("d"), shortened.settings().data());
        assertEquals(List.of(300, 300), List.of(shortened.settings().classSizes()[0],
                shortened.settings().classSizes()[9]));
    }
}
