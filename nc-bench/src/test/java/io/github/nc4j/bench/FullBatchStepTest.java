package io.github.nc4j.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.github.nc4j.core.model.FeatureModel;
import io.github.nc4j.core.train.Trainer;
import io.github.nc4j.core.train.TrainingConfig;
import io.github.nc4j.core.train.TrainingListener;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The benchmarked step is the trainer's step: same objectives, same parameters, bitwise. */
class FullBatchStepTest {

    private static final int STEPS = 5;

    @ParameterizedTest
    @EnumSource(ModelSetting.class)
    void takesTheStepsOfTheTrainer(ModelSetting setting) {
        FeatureModel trained = FeatureModel.of(setting.config());
        List<Double> trainerObjectives = new ArrayList<>();
        List<Double> trainerNorms = new ArrayList<>();
        Trainer.train(trained, TrainingConfig.gradientDescent(setting.learningRate(), STEPS),
                new TrainingListener() {
                    @Override
                    public void onStep(long step, double objective, double gradientNorm) {
                        trainerObjectives.add(objective);
                        trainerNorms.add(gradientNorm);
                    }
                });

        FullBatchStep step = new FullBatchStep(setting);
        List<Double> objectives = new ArrayList<>();
        List<Double> norms = new ArrayList<>();
        for (int t = 0; t < STEPS; t++) {
            objectives.add(step.step());
            norms.add(step.gradientNorm());
        }

        // the trainer evaluates once more after its last update
        assertArrayEquals(unbox(trainerObjectives.subList(0, STEPS)), unbox(objectives));
        assertArrayEquals(unbox(trainerNorms.subList(0, STEPS)), unbox(norms));
        FeatureModel stepped = step.model();
        assertArrayEquals(trained.features().data(), stepped.features().data());
        for (int l = 1; l <= trained.depth(); l++) {
            assertArrayEquals(trained.weight(l).data(), stepped.weight(l).data());
        }
        assertArrayEquals(trained.bias().orElse(null), stepped.bias().orElse(null));
    }

    private static double[] unbox(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
