package io.github.nc4j.examples.tour;

import io.github.nc4j.autodiff.Tape;
import io.github.nc4j.autodiff.Var;
import io.github.nc4j.examples.report.Plots;
import io.github.nc4j.linalg.FloatingPoint;
import io.github.nc4j.linalg.Matrix;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.knowm.xchart.XYChart;

/**
 * Draws the figure of the internals tour's chapter on autodiff
 * ({@code docs/internals/03-autodiff.md}): how far the central difference
 * {@code (f(w + h) - f(w - h)) / 2h} lands from the tape's derivative as the step h shrinks, for
 * the chapter's worked example (cross-entropy of {@code H W^T} plus weight decay) and its first
 * classifier weight. The error falls as h^2 (truncation) until rounding, about
 * {@code eps |f| / h}, takes over; {@code GradCheck}'s step {@code eps^(1/3)} sits near the
 * bottom of the V.
 *
 * <pre>
 * java -cp examples/target/nc4j.jar io.github.nc4j.examples.tour.FiniteDifferenceFigure docs/internals/figures
 * </pre>
 * writes {@value #FILE_NAME} into the folder named by the argument (created if missing; the
 * default is {@code docs/internals/figures}). It takes well under a second.
 */
public final class FiniteDifferenceFigure {

    /** The name of the figure in its folder. */
    public static final String FILE_NAME = "finite-differences.png";

    private static final String BASE_NAME = "finite-differences";

    /** Steps h = 10^(-k/4), k = 4, 5, ..., {@value #LAST_QUARTER_DECADE}: 10^-1 to 10^-14. */
    static final int LAST_QUARTER_DECADE = 56;

    private static final Matrix H = Matrix.of(new double[][] {
        {1.0, 0.5, -0.2}, {0.8, -0.1, 0.3}, {-0.6, 0.9, 0.1}, {-0.4, 0.2, 0.7}});
    private static final Matrix W = Matrix.of(new double[][] {{0.3, -0.2, 0.5}, {-0.1, 0.4, 0.2}});
    private static final int[] LABELS = {0, 0, 1, 1};
    private static final double LAMBDA = 0.1;

    private FiniteDifferenceFigure() {
    }

    /**
     * Writes the figure into the folder {@code args[0]} ({@code docs/internals/figures} if no
     * argument is given) and prints its path.
     *
     * @param args the folder, optional
     * @throws IOException if the figure cannot be written
     */
    public static void main(String[] args) throws IOException {
        System.out.println("wrote " + write(FigureFolder.of(args, "FiniteDifferenceFigure")));
    }

    /**
     * Draws the figure and writes it as {@value #FILE_NAME} in {@code directory} (created if
     * missing).
     *
     * @param directory where the figure goes
     * @return the path of the PNG
     * @throws IOException if it cannot be written
     */
    public static Path write(Path directory) throws IOException {
        double[][] errors = errors();
        double[] log10Steps = errors[0];
        double bottom = Math.log10(Math.cbrt(FloatingPoint.EPS));
        XYChart chart = Plots.lines("Central difference against the tape's derivative, d loss /"
                + " d W(0, 0) of chapter 3's example", "log10 h", "|central difference - tape|"
                + " (log scale)", true, List.of(
                        new Plots.Series("error of the central difference", log10Steps,
                                errors[1]),
                        new Plots.Series("GradCheck's step, h = eps^(1/3)",
                                new double[] {bottom, bottom}, new double[] {1e-13, 1e-1})));
        return Plots.savePng(chart, directory, BASE_NAME);
    }

    /**
     * {@code log10 h} and the error of the central difference with step h, for each step of
     * the figure.
     */
    static double[][] errors() {
        double derivative = tapeDerivative();
        int count = LAST_QUARTER_DECADE - 3;
        double[][] errors = new double[2][count];
        for (int i = 0; i < count; i++) {
            double h = Math.pow(10, -(i + 4) / 4.0);
            double w = W.get(0, 0);
            double central = (lossAt(w + h) - lossAt(w - h)) / (2 * h);
            errors[0][i] = Math.log10(h);
            errors[1][i] = Math.abs(central - derivative);
        }
        return errors;
    }

    /** The derivative of the loss by W(0, 0), from one backward sweep. */
    static double tapeDerivative() {
        Tape tape = new Tape();
        Var w = tape.parameter(W.copy());
        tape.backward(loss(tape, w));
        return w.grad().get(0, 0);
    }

    /** The loss with W(0, 0) set to {@code w00}, computed without recording. */
    private static double lossAt(double w00) {
        Tape tape = new Tape();
        Matrix shifted = W.copy();
        shifted.set(0, 0, w00);
        return tape.noGrad(() -> loss(tape, tape.constant(shifted)).scalar());
    }

    private static Var loss(Tape tape, Var w) {
        return tape.constant(H).timesTranspose(w).crossEntropy(LABELS)
                .plus(w.squaredNorm().scale(LAMBDA / 2));
    }
}
