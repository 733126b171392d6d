package io.github.nc4j.core.model;

import io.github.nc4j.autodiff.Tape;
import io.github.nc4j.autodiff.Var;
import io.github.nc4j.linalg.Matrix;
import java.util.ArrayList;
import java.util.List;

/**
 * The stack of linear layers that both models end in, and its weight decay, written once:
 * layer {@code l} (0-based) maps rows of samples {@code x} to
 * <pre>
 *   x W_l^T + 1 b_l^T,   followed by a ReLU where the layer has one.
 * </pre>
 * An {@link Mlp} has ReLUs in its body (and MLP head), biases in its body (or none) and in its
 * classifier (or not); an unconstrained feature model has at most a bias in the last layer, and
 * ReLUs only for the {@link DeepUfm}.
 *
 * <p>The same {@link #layer} is recorded on the training tape by {@link #forward} and evaluated
 * by {@link #evaluate} on a scratch tape inside {@link Tape#noGrad}, which reads the current
 * parameters as constants: evaluation calls the same kernels in the same order, so its values are
 * bitwise those of the recorded pass, and it leaves the training tape (whose results stay valid
 * until its next reset) untouched. Each evaluated layer gets its own scratch tape, so no more than
 * one layer's intermediate values are alive at a time.
 */
final class Layers {

    private final List<Var> weights;
    private final List<Var> biases;
    private final boolean[] relu;

    /**
     * @param weights    {@code W_1 .. W_L}, parameters on the model's tape
     * @param biases     one entry per layer: {@code b_l}, or {@code null} for a layer without
     * @param hiddenRelu whether a ReLU follows every layer but the last
     */
    Layers(List<Var> weights, List<Var> biases, boolean hiddenRelu) {
        this(weights, biases, hiddenReluFlags(weights.size(), hiddenRelu));
    }

    /**
     * @param weights {@code W_1 .. W_L}, parameters on the model's tape
     * @param biases  one entry per layer: {@code b_l}, or {@code null} for a layer without
     * @param relu    one entry per layer: whether a ReLU follows it
     */
    Layers(List<Var> weights, List<Var> biases, boolean[] relu) {
        if (biases.size() != weights.size() || relu.length != weights.size()) {
            throw new IllegalArgumentException(biases.size() + " bias entries and "
                    + relu.length + " activation flags for " + weights.size() + " layers");
        }
        this.weights = weights;
        this.biases = biases;
        this.relu = relu.clone();
    }

    private static boolean[] hiddenReluFlags(int layers, boolean hiddenRelu) {
        boolean[] flags = new boolean[layers];
        for (int l = 0; l < layers - 1; l++) {
            flags[l] = hiddenRelu;
        }
        return flags;
    }

    /** Records all the layers on the training tape: the logits of the rows of {@code x}. */
    Var forward(Var x) {
        return forward(x, 0, weights.size());
    }

    /** Records layers {@code [from, to)} on the training tape, applied to the rows of {@code x}. */
    Var forward(Var x, int from, int to) {
        for (int l = from; l < to; l++) {
            x = layer(x, weights.get(l), biases.get(l), l);
        }
        return x;
    }

    /**
     * Layer {@code l} applied to the rows of {@code x} with the current parameters, computed
     * without recording on the training tape; a fresh matrix.
     */
    Matrix evaluate(Matrix x, int l) {
        Tape scratch = new Tape();
        return scratch.noGrad(() -> {
            Var b = biases.get(l);
            return layer(scratch.constant(x), scratch.constant(weights.get(l).value()),
                    b == null ? null : scratch.constant(b.value()), l).value();
        });
    }

    /** Layer l, the one place the forward pass is written. */
    private Var layer(Var x, Var w, Var b, int l) {
        Var z = x.timesTranspose(w);
        if (b != null) {
            z = z.plusRow(b);
        }
        return relu[l] ? z.relu() : z;
    }

    /** {@code objective + sum_l (lambda_l/2) ||W_l||_F^2}, a term only for a nonzero lambda. */
    Var plusWeightDecay(Var objective, double[] lambdaW) {
        for (int l = 0; l < weights.size(); l++) {
            objective = plusPenalty(objective, weights.get(l), lambdaW[l]);
        }
        return objective;
    }

    /** {@code objective + (lambda/2) ||p||_F^2}, recorded only for a nonzero lambda. */
    static Var plusPenalty(Var objective, Var p, double lambda) {
        return lambda == 0 ? objective : objective.plus(p.squaredNorm().scale(lambda / 2));
    }

    /**
     * The bias entries of a stack whose only bias, if any, is the last layer's: {@code null}
     * for every layer but the last, then {@code bias} ({@code null} for none).
     */
    static List<Var> lastBiasOnly(int layers, Var bias) {
        List<Var> out = new ArrayList<>();
        for (int l = 0; l < layers - 1; l++) {
            out.add(null);
        }
        out.add(bias);
        return out;
    }
}
