package io.github.nc4j.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nc4j.autodiff.Tape;
import io.github.nc4j.autodiff.Var;
import io.github.nc4j.core.metrics.Centering;
import io.github.nc4j.core.metrics.LinearClassifier;
import io.github.nc4j.core.model.Architecture;
import io.github.nc4j.core.model.FeatureModel;
import io.github.nc4j.core.model.Loss;
import io.github.nc4j.core.model.Model;
import io.github.nc4j.core.model.UfmConfig;
import io.github.nc4j.linalg.Matrix;
import io.github.nc4j.linalg.Parallelism;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerTest {

    private static final UfmConfig SMALL =
            UfmConfig.of(Architecture.UFM, new int[] {6, 4, 3}, 5).withSeed(3);

    @Test
    void gradientDescentStepsAreThePlainUpdate() {
        FeatureModel model = FeatureModel.of(SMALL);
        FeatureModel reference = FeatureModel.of(SMALL);
        double lr = 0.05;
        Trainer.train(model, TrainingConfig.gradientDescent(lr, 3));
        for (int step = 0; step < 3; step++) {
            reference.tape().reset();
            reference.tape().backward(reference.objective());
            for (Var p : reference.tape().parameters()) {
                p.value().plusInPlace(p.grad().scale(-lr));
            }
        }
        assertEquals(reference.features(), model.features());
        assertEquals(reference.weight(1), model.weight(1));
    }

    @Test
    void theStepScheduleDropsTheLearningRateEveryStepEverySteps() {
        FeatureModel model = FeatureModel.of(SMALL);
        FeatureModel reference = FeatureModel.of(SMALL);
        double lr = 0.05;
        Trainer.train(model, TrainingConfig.gradientDescent(lr, 5).withStepSchedule(2, 0.5));
        double[] rates = {lr, lr, lr / 2, lr / 2, lr / 4};
        for (double rate : rates) {
            reference.tape().reset();
            reference.tape().backward(reference.objective());
            for (Var p : reference.tape().parameters()) {
                p.value().plusInPlace(p.grad().scale(-rate));
            }
        }
        assertEquals(reference.features(), model.features());
        assertEquals(reference.weight(1), model.weight(1));
        TrainingConfig gd = TrainingConfig.gradientDescent(lr, 5);
        assertThrows(IllegalArgumentException.class, () -> gd.withStepSchedule(-1, 0.5));
        assertThrows(IllegalArgumentException.class, () -> gd.withStepSchedule(2, 0));
        assertThrows(IllegalArgumentException.class,
                () -> gd.withStepSchedule(2, 0.5).withCosineSchedule(true));
        assertThrows(IllegalArgumentException.class,
                () -> gd.withStepSchedule(1L + Integer.MAX_VALUE, 0.5));
        assertEquals(Integer.MAX_VALUE, gd.withStepSchedule(Integer.MAX_VALUE, 1).stepEvery());
        assertEquals(0, gd.withStepSchedule(0, 1).stepEvery(), "0: no step schedule");
    }

    @Test
    void recordsEveryKStepsAndTheFinalState() {
        List<Long> steps = new ArrayList<>();
        List<Long> recorded = new ArrayList<>();
        TrainingResult result = Trainer.train(FeatureModel.of(SMALL),
                TrainingConfig.gradientDescent(0.1, 25).withRecordEvery(10),
                new TrainingListener() {
                    @Override
                    public void onStep(long step, double objective, double gradientNorm) {
                        steps.add(step);
                    }

                    @Override
                    public void onRecord(Trajectory.Point point) {
                        recorded.add(point.step());
                    }
                });
        assertEquals(StopReason.MAX_STEPS, result.reason());
        assertEquals(25, result.steps());
        assertEquals(26, steps.size());
        assertEquals(List.of(0L, 10L, 20L, 25L), recorded);
        assertEquals(4, result.trajectory().size());
        assertEquals(result.objective(), result.trajectory().last().objective());
        double[] objectives = result.trajectory().values().column(1).data();
        for (int i = 1; i < objectives.length; i++) {
            assertTrue(objectives[i] < objectives[i - 1], "gradient descent decreases");
        }
    }

    @Test
    void stopsOnSmallGradientAndOnPlateau() {
        TrainingResult byGradient = Trainer.train(FeatureModel.of(SMALL),
                TrainingConfig.gradientDescent(0.5, 100_000).withRelativeGradientTolerance(1e-6));
        assertEquals(StopReason.GRADIENT_NORM, byGradient.reason());
        assertTrue(byGradient.gradientNorm() <= 1e-6 * byGradient.objective());
        assertTrue(byGradient.steps() < 100_000);

        TrainingResult byPlateau = Trainer.train(FeatureModel.of(SMALL),
                TrainingConfig.gradientDescent(0.5, 100_000).withPlateau(100, 1e-9));
        assertEquals(StopReason.PLATEAU, byPlateau.reason());
        List<Trajectory.Point> points = byPlateau.trajectory().points();
        assertEquals(byPlateau.steps(), points.get(points.size() - 1).step());
    }

    @Test
    void divergenceNamesTheStep() {
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                () -> Trainer.train(FeatureModel.of(SMALL.withInitScale(10)),
                        TrainingConfig.gradientDescent(1e3, 1000)));
        assertTrue(e.getMessage().startsWith("training diverged at step " + e.step()),
                e.getMessage());
        assertTrue(e.step() > 0 && e.step() < 1000);
        assertTrue(!Double.isFinite(e.objective()));
        assertEquals(0L, e.trajectory().points().get(0).step());
    }

    @Test
    void sameSeedSameResultForEveryThreadCount() {
        // products of 200 x 256 x 256 and more: large enough that GEMM splits them over threads
        UfmConfig config = UfmConfig.of(Architecture.DEEP_UFM, new int[] {150, 120, 90}, 256)
                .withDepth(3).withSeed(5);
        TrainingConfig training = TrainingConfig.gradientDescent(0.05, 10)
                .withMethod(Method.SGD).withBatchSize(200).withSeed(9);
        int before = Parallelism.threads();
        try {
            Parallelism.setThreads(1);
            FeatureModel one = FeatureModel.of(config);
            Matrix oneTrajectory = Trainer.train(one, training).trajectory().values();
            Parallelism.setThreads(4);
            FeatureModel four = FeatureModel.of(config);
            Matrix fourTrajectory = Trainer.train(four, training).trajectory().values();
            assertArrayEquals(one.features().data(), four.features().data());
            assertArrayEquals(one.weight(2).data(), four.weight(2).data());
            assertArrayEquals(oneTrajectory.data(), fourTrajectory.data());
        } finally {
            Parallelism.setThreads(before);
        }
    }

    @Test
    void miniBatchesVisitEverySampleOncePerEpoch() {
        List<int[]> batches = new ArrayList<>();
        Model model = new BatchRecorder(FeatureModel.of(SMALL), batches);
        Trainer.train(model, TrainingConfig.gradientDescent(0.01, 7).withBatchSize(5));
        // N = 13, batches of 5, 5 and 3: steps 0-2 are epoch 0, 3-5 epoch 1, 6-7 epoch 2
        assertEquals(8, batches.size());
        for (int epoch = 0; epoch < 2; epoch++) {
            boolean[] seen = new boolean[13];
            for (int b = 0; b < 3; b++) {
                for (int i : batches.get(3 * epoch + b)) {
                    assertTrue(!seen[i], "sample " + i + " twice in epoch " + epoch);
                    seen[i] = true;
                }
            }
            assertEquals(3, batches.get(3 * epoch + 2).length);
        }
    }

    @Test
    void trajectoryTableHasPerLayerColumnsForDeepModels(@TempDir Path dir) throws Exception {
        FeatureModel model = FeatureModel.of(SMALL.withArchitecture(Architecture.DEEP_LINEAR)
                .withDepth(2).withBias(true).withLoss(Loss.CROSS_ENTROPY));
        Trajectory trajectory = Trainer.train(model, TrainingConfig.gradientDescent(0.1, 4)
                .withRecordEvery(2)).trajectory();
        List<String> columns = trajectory.columns();
        // The CSV's names, which users' scripts read: changing one is a breaking change.
        assertEquals(List.of("step", "objective", "grad_norm", "nc1", "nc1_trace_ratio", "nc1_rank",
                "cdnv", "nc2_etf_means", "nc2_of_means", "orthogonality_means", "equinorm_means",
                "equiangularity_means", "max_angle_means", "nc2_etf_classifier", "nc2_of_classifier",
                "orthogonality_classifier", "nc3", "nc3_scaled_means", "nc4", "layer1_nc1",
                "layer1_nc2_etf", "layer1_nc2_of", "layer1_orthogonality", "layer1_dnc3",
                "layer2_nc1", "layer2_nc2_etf", "layer2_nc2_of", "layer2_orthogonality",
                "layer2_dnc3"), columns);
        assertEquals(3, trajectory.values().rows());
        Path csv = dir.resolve("trajectory.csv");
        trajectory.writeCsv(csv);
        List<String> lines = Files.readAllLines(csv);
        assertEquals(String.join(",", columns), lines.get(0));
        assertEquals(4, lines.size());
    }

    /** A model that remembers the mini-batches it was asked for. */
    private record BatchRecorder(FeatureModel model, List<int[]> batches) implements Model {
        @Override
        public Tape tape() {
            return model.tape();
        }

        @Override
        public int numSamples() {
            return model.numSamples();
        }

        @Override
        public int numClasses() {
            return model.numClasses();
        }

        @Override
        public int[] labels() {
            return model.labels();
        }

        @Override
        public Var objective() {
            throw new AssertionError("full batch requested");
        }

        @Override
        public Var objective(int[] samples) {
            batches.add(samples.clone());
            return model.objective(samples);
        }

        @Override
        public List<Matrix> layerFeatures(int from, int to) {
            return model.layerFeatures(from, to);
        }

        @Override
        public List<Matrix> layerWeights() {
            return model.layerWeights();
        }

        @Override
        public LinearClassifier classifier() {
            return model.classifier();
        }

        @Override
        public Centering centering() {
            return model.centering();
        }
    }
}
