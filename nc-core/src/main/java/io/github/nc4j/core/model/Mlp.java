package io.github.nc4j.core.model;

import io.github.nc4j.autodiff.Labels;
import io.github.nc4j.autodiff.Tape;
import io.github.nc4j.autodiff.Var;
import io.github.nc4j.core.data.LabeledData;
import io.github.nc4j.core.metrics.Centering;
import io.github.nc4j.core.metrics.LinearClassifier;
import io.github.nc4j.linalg.Matrix;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * A ReLU multilayer perceptron trained on real data, the setting in which Papyan, Han and Donoho
 * ("Prevalence of neural collapse during the terminal phase of deep learning training", PNAS
 * 2020) observed neural collapse. The architecture and objective are those of {@link MlpConfig};
 * the training data are fixed at construction, and {@link #layerFeatures} exposes the hidden
 * layers (after ReLU), whose collapse deep neural collapse studies layer by layer.
 */
public final class Mlp implements Model {

    private final MlpConfig config;
    private final Tape tape = new Tape();
    private final LabeledData data;
    private final int[] labels;
    private final Var inputs;
    private final Var targets;
    private final List<Var> weights = new ArrayList<>();
    private final List<Var> biases = new ArrayList<>();
    private final Layers layers;

    /**
     * A freshly initialized network for {@code data}.
     *
     * @param config the architecture and hyperparameters
     * @param data the training data
     * @throws IllegalArgumentException if the data's dimension or number of classes differs from
     *     the configuration's
     */
    public Mlp(MlpConfig config, LabeledData data) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(data, "data");
        if (data.dimension() != config.inputDim() || data.numClasses() != config.numClasses()) {
            throw new IllegalArgumentException("data with " + data.dimension() + " features and "
                    + data.numClasses() + " classes for an MLP of input dimension "
                    + config.inputDim() + " and " + config.numClasses() + " classes");
        }
        this.config = config;
        this.data = data;
        labels = data.labels();
        inputs = tape.constant(data.features());
        targets = tape.constant(Labels.oneHot(labels, data.numClasses()));
        Random random = new Random(config.seed());
        int in = config.inputDim();
        int[] widths = config.hiddenWidths();
        for (int l = 0; l <= widths.length; l++) {
            int out = l < widths.length ? widths[l] : config.numClasses();
            double bound = config.initScale() / Math.sqrt(in);
            weights.add(tape.parameter(Matrix.uniform(out, in, -bound, bound, random)));
            if (config.bias()) {
                biases.add(tape.parameter(Matrix.uniform(1, out, -bound, bound, random)));
            }
            in = out;
        }
        layers = new Layers(weights,
                config.bias() ? biases : Layers.lastBiasOnly(weights.size(), null), true);
    }

    // ---------------------------------------------------------------- the objective

    @Override
    public Var objective() {
        return record(inputs, labels, targets.value());
    }

    @Override
    public Var objective(int[] samples) {
        int[] batchLabels = new int[samples.length];
        for (int i = 0; i < samples.length; i++) {
            batchLabels[i] = labels[samples[i]];
        }
        Matrix batchTargets = config.loss() == Loss.MSE
                ? targets.selectRows(samples).value() : null;
        return record(inputs.selectRows(samples), batchLabels, batchTargets);
    }

    /** Layer l is {@code relu(h W_l^T + 1 b_l^T)}, without the ReLU for the classifier. */
    private Var record(Var x, int[] y, Matrix oneHot) {
        Var objective = config.loss().of(layers.forward(x), y, oneHot);
        return layers.plusWeightDecay(objective, config.lambdaW());
    }

    // ---------------------------------------------------------------- evaluation

    /**
     * {@return the logits of the rows of {@code x} (one sample per row), computed without
     * recording}
     *
     * @param x the samples, one per row
     */
    public Matrix logits(Matrix x) {
        if (x.cols() != config.inputDim()) {
            throw new IllegalArgumentException("inputs " + x.shape() + " for an MLP of input"
                    + " dimension " + config.inputDim());
        }
        Matrix h = x;
        for (int l = 0; l < weights.size(); l++) {
            h = layers.evaluate(h, l);
        }
        return h;
    }

    /**
     * {@return the fraction of samples of {@code test} whose largest logit is their label's}
     *
     * @param test the samples to classify
     */
    public double accuracy(LabeledData test) {
        return Labels.accuracy(logits(test.features()), test.labels());
    }

    /**
     * The loss and the accuracy of the current network on a data set.
     *
     * @param loss     the data term of the objective on these samples, normalized by their
     *                 number as {@link Loss} says (no weight decay)
     * @param accuracy the fraction of samples whose largest logit is their label's
     */
    public record Evaluation(double loss, double accuracy) {
    }

    /**
     * The loss and accuracy on {@code data} from one forward pass, without recording on the
     * training tape: safe to call between training steps (from a training listener). With the
     * training data, {@code evaluate(data()).loss() + penalty()} is {@link #objective()}'s value.
     *
     * @param data the samples to evaluate
     * @return the loss and the accuracy
     * @throws IllegalArgumentException if the data's dimension or number of classes differs from
     *     the network's, or it has no samples
     */
    public Evaluation evaluate(LabeledData data) {
        if (data.numClasses() != config.numClasses()) {
            throw new IllegalArgumentException("data with " + data.numClasses() + " classes for"
                    + " an MLP of " + config.numClasses() + " classes");
        }
        Matrix z = logits(data.features());
        int[] y = data.labels();
        // A scratch tape: the training tape's results must stay valid until its next reset.
        Tape scratch = new Tape();
        Matrix oneHot = config.loss() == Loss.MSE ? Labels.oneHot(y, config.numClasses()) : null;
        double loss = scratch.noGrad(() -> config.loss().of(scratch.constant(z), y, oneHot)
                .scalar());
        return new Evaluation(loss, Labels.accuracy(z, y));
    }

    /**
     * {@return the weight decay at the current parameters: {@code sum_l (lambda_l/2) ||W_l||_F^2}}
     */
    public double penalty() {
        double[] lambdaW = config.lambdaW();
        double sum = 0;
        for (int l = 0; l < weights.size(); l++) {
            double norm = weights.get(l).value().normFrobenius();
            sum += lambdaW[l] / 2 * norm * norm;
        }
        return sum;
    }

    /**
     * The hidden layers' outputs {@code h_1, ..., h_L} for the training samples {@code [from, to)}.
     *
     * @param from the first sample, included
     * @param to the last sample, excluded
     */
    @Override
    public List<Matrix> layerFeatures(int from, int to) {
        List<Matrix> out = new ArrayList<>();
        Matrix h = data.features().rowRange(from, to);
        for (int l = 0; l < weights.size() - 1; l++) {
            h = layers.evaluate(h, l);
            out.add(h);
        }
        return out;
    }

    /** {@code W_2, ..., W_L} and the classifier W: the weights that read the hidden layers. */
    @Override
    public List<Matrix> layerWeights() {
        List<Matrix> out = new ArrayList<>();
        for (int l = 1; l < weights.size(); l++) {
            out.add(weights.get(l).value().copy());
        }
        return out;
    }

    @Override
    public LinearClassifier classifier() {
        Matrix w = weights.get(weights.size() - 1).value();
        return config.bias()
                ? LinearClassifier.of(w, biases.get(biases.size() - 1).value().data())
                : LinearClassifier.of(w);
    }

    @Override
    public Centering centering() {
        return config.bias() ? Centering.GLOBAL_MEAN : Centering.NONE;
    }

    // ---------------------------------------------------------------- the state

    /** {@return the configuration this network was built from} */
    public MlpConfig config() {
        return config;
    }

    /** {@return the training data} */
    public LabeledData data() {
        return data;
    }

    @Override
    public Tape tape() {
        return tape;
    }

    @Override
    public int numSamples() {
        return data.size();
    }

    @Override
    public int numClasses() {
        return config.numClasses();
    }

    @Override
    public int[] labels() {
        return labels.clone();
    }

    /**
     * {@return weight matrix {@code l} (1 to L + 1, the last the classifier; a copy)}
     *
     * @param l the layer, from 1 to L + 1
     */
    public Matrix weight(int l) {
        return weights.get(l - 1).value().copy();
    }

    @Override
    public String toString() {
        return "Mlp[" + config + ", N=" + data.size() + "]";
    }
}
