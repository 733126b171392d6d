package io.github.nc4j.examples.tour;

import io.github.nc4j.core.data.ClassSizes;
import io.github.nc4j.core.model.Architecture;
import io.github.nc4j.core.model.FeatureModel;
import io.github.nc4j.core.model.UfmConfig;
import io.github.nc4j.core.train.Trainer;
import io.github.nc4j.core.train.TrainingConfig;
import io.github.nc4j.core.train.Trajectory;
import io.github.nc4j.examples.report.Plots;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.XYChart;

/**
 * Draws the figure of the internals tour's chapter on the metrics
 * ({@code docs/internals/04-nc-metrics.md}): NC1 and its trace ratio along gradient descent on a
 * small unconstrained feature model, on a log scale. The model is the MSE run of
 * {@code nc4j reproduce zhu2021-etf} (K = 4 balanced classes of 50 samples, d = 16, a bias,
 * weight decays 5e-3, seed 1), trained for {@value #STEPS} steps at learning rate 0.5 and
 * measured every {@value #RECORD_EVERY} steps, which takes a few seconds.
 *
 * <pre>
 * java -cp examples/target/nc4j.jar io.github.nc4j.examples.tour.Nc1TrajectoryFigure docs/internals/figures
 * </pre>
 * writes {@value #FILE_NAME} into the folder named by the argument (created if missing; the
 * default is {@code docs/internals/figures}). Training is bitwise reproducible, so the figure
 * only changes when the code does.
 */
public final class Nc1TrajectoryFigure {

    /** The name of the figure in its folder. */
    public static final String FILE_NAME = "nc1-trajectory.png";

    private static final String BASE_NAME = "nc1-trajectory";

    /** Gradient-descent steps. */
    public static final long STEPS = 3000;

    /** Steps between two measurements. */
    public static final long RECORD_EVERY = 25;

    /** The model: {@code zhu2021-etf}'s MSE run. */
    static final UfmConfig MODEL = UfmConfig.of(Architecture.UFM, ClassSizes.balanced(4, 50), 16)
            .withBias(true).withSeed(1);

    private Nc1TrajectoryFigure() {
    }

    /**
     * Writes the figure into the folder {@code args[0]} ({@code docs/internals/figures} if no
     * argument is given) and prints its path.
     */
    public static void main(String[] args) throws IOException {
        System.out.println("wrote " + write(FigureFolder.of(args, "Nc1TrajectoryFigure")));
    }

    /**
     * Trains the model, draws the figure and writes it as {@value #FILE_NAME} in
     * {@code directory} (created if missing).
     *
     * @return the path of the PNG
     */
    public static Path write(Path directory) throws IOException {
        FeatureModel model = FeatureModel.of(MODEL);
        Trajectory trajectory = Trainer.train(model,
                TrainingConfig.gradientDescent(0.5, STEPS).withRecordEvery(RECORD_EVERY))
                .trajectory();
        List<Trajectory.Point> points = trajectory.points();
        double[] steps = points.stream().mapToDouble(Trajectory.Point::step).toArray();
        double[] nc1 = points.stream().mapToDouble(p -> p.nc().last().nc1()).toArray();
        double[] ratio = points.stream().mapToDouble(p -> p.nc().last().nc1TraceRatio())
                .toArray();
        XYChart chart = Plots.lines("NC1 along gradient descent: UFM, K = 4, n = 50, d = 16, MSE,"
                + " bias", "step", "value (log scale)", true, List.of(
                        new Plots.Series("NC1 = tr(Sigma_W Sigma_B^+) / K", steps, nc1),
                        new Plots.Series("trace ratio tr(Sigma_W) / tr(Sigma_B)", steps, ratio)));
        return Plots.savePng(chart, directory, BASE_NAME);
    }
}
