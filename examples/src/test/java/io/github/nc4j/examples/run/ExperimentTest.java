package io.github.nc4j.examples.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nc4j.core.check.TheoryCheck;
import io.github.nc4j.core.model.FeatureModel;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The experiment table is consistent; no training here (that is the commands' tests). */
class ExperimentTest {

    @Test
    void idsAndRunNamesAreUniqueAndFoundById() {
        List<String> ids = Arrays.stream(Experiment.values()).map(Experiment::id).toList();
        assertEquals(ids.size(), new HashSet<>(ids).size(), ids.toString());
        for (Experiment e : Experiment.values()) {
            assertEquals(e, Experiment.byId(e.id()));
            List<String> names = e.runs().stream().map(Experiment.Run::name).toList();
            assertEquals(names.size(), new HashSet<>(names).size(), e.id() + ": " + names);
            assertTrue(e.runs().isEmpty() != e.command().isEmpty(),
                    e.id() + " is run either here or by another command");
        }
        assertThrows(IllegalArgumentException.class, () -> Experiment.byId("nope"));
    }

    /** Every run builds, and a closed form applies to every run that is compared with one. */
    @Test
    void everyRunHasAValidConfigurationAndItsTheory() {
        for (Experiment e : Experiment.values()) {
            for (Experiment.Run run : e.runs()) {
                FeatureModel model = FeatureModel.of(run.model());
                assertFalse(run.training().maxSteps() == 0, run.name());
                if (run.expectation() != Expectation.BEATS_DEEP_NEURAL_COLLAPSE) {
                    assertTrue(TheoryCheck.of(model).isPresent(), e.id() + "/" + run.name());
                }
            }
        }
    }
}
