package io.github.nc4j.core.model;

import io.github.nc4j.autodiff.Labels;
import io.github.nc4j.autodiff.Tape;
import io.github.nc4j.autodiff.Var;
import io.github.nc4j.core.data.LabeledData;
import io.github.nc4j.core.metrics.Centering;
import io.github.nc4j.core.metrics.LinearClassifier;
import io.github.nc4j.linalg.Matrix;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * A ReLU multilayer perceptron trained on real data, the setting in which Papyan, Han and Donoho
 * ("Prevalence of neural collapse during the terminal phase of deep learning training", PNAS
 * 2020) observed neural collapse. The architecture and objective are those of {@link MlpConfig};
 * the training data are fixed at construction, and {@link #layerFeatures} exposes the outputs of
 * the body and head layers (after their activations), whose collapse deep neural collapse
 * studies layer by layer. With a linear or ReLU head, the same network is the practical setting
 * of Dang et al. 2023 (deep linear heads) and Súkeník et al. 2023 (MLP heads).
 *
 * <p>The products of {@link #objective()} and its gradient run in {@link MlpConfig#precision};
 * {@link #logits}, {@link #evaluate}, {@link #layerFeatures} and {@link #penalty} compute in
 * double whatever it is, so that NC is measured exactly on the trained weights.
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
     * The training set's logits, computed on the way by {@link #layerFeatures} when it is called
     * for consecutive row ranges from 0 (one call for the whole set, or {@code NcSnapshot}'s
     * chunks), with copies of the parameters they were computed with: {@link #evaluate} of the
     * training data reuses them once they cover every row and while the parameters are bitwise
     * those. A listener that measures NC and then evaluates, as {@code nc4j mlp} does after
     * every epoch, would otherwise run the same forward pass twice.
     */
    private Matrix trainingLogits;
    private int trainingLogitsRows;
    private double[][] trainingLogitsParameters;

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
        tape.setPrecision(config.precision());
        labels = data.labels();
        inputs = tape.constant(data.features());
        targets = tape.constant(Labels.oneHot(labels, data.numClasses()));
        Random random = new Random(config.seed());
        int in = config.inputDim();
        int[] widths = config.hiddenWidths();
        int body = widths.length;
        int matrices = config.numWeightMatrices();
        boolean[] relu = new boolean[matrices];
        for (int l = 0; l < matrices; l++) {
            boolean classifier = l == matrices - 1;
            int out = l < body ? widths[l] : classifier ? config.numClasses() : in;
            boolean hasBias = l < body ? config.bias() : classifier && config.classifierBias();
            relu[l] = l < body || !classifier && config.head().relu();
            double bound = config.initScale() / Math.sqrt(in);
            weights.add(tape.parameter(Matrix.uniform(out, in, -bound, bound, random)));
            biases.add(hasBias
                    ? tape.parameter(Matrix.uniform(1, out, -bound, bound, random)) : null);
            in = out;
        }
        layers = new Layers(weights, biases, relu);
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

    /**
     * The body, then the head and the classifier ({@link Layers#layer}); the feature decay reads
     * the body's output, scaled by N/B so that a batch of B samples estimates the full sum.
     */
    private Var record(Var x, int[] y, Matrix oneHot) {
        int body = config.depth();
        Var h = layers.forward(x, 0, body);
        Var z = layers.forward(h, body, weights.size());
        Var objective = config.loss().of(z, y, oneHot);
        if (config.lossScale() != 1) {
            objective = objective.scale(config.lossScale());
        }
        objective = Layers.plusPenalty(objective, h,
                config.lambdaH() * labels.length / y.length);
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
     *                 number as {@link Loss} says and times the loss scale (no decay)
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
        Matrix z = data == this.data && trainingLogitsRows == data.size()
                && parametersAre(trainingLogitsParameters)
                ? trainingLogits : logits(data.features());
        int[] y = data.labels();
        // A scratch tape: the training tape's results must stay valid until its next reset.
        Tape scratch = new Tape();
        Matrix oneHot = config.loss() == Loss.MSE ? Labels.oneHot(y, config.numClasses()) : null;
        double loss = config.lossScale() * scratch.noGrad(() -> config.loss()
                .of(scratch.constant(z), y, oneHot).scalar());
        return new Evaluation(loss, Labels.accuracy(z, y));
    }

    /**
     * {@return the decay terms at the current parameters: {@code sum_l (lambda_l/2) ||W_l||_F^2}
     * plus {@code (lambda_H/2) ||H||_F^2} over the body's last features of the training samples}
     */
    public double penalty() {
        double[] lambdaW = config.lambdaW();
        double sum = 0;
        for (int l = 0; l < weights.size(); l++) {
            double norm = weights.get(l).value().normFrobenius();
            sum += lambdaW[l] / 2 * norm * norm;
        }
        if (config.lambdaH() != 0) {
            double norm = layerFeatures(0, data.size()).get(config.depth() - 1).normFrobenius();
            sum += config.lambdaH() / 2 * norm * norm;
        }
        return sum;
    }

    /**
     * The outputs of the body layers and then of the head layers, after their activations, for
     * the training samples {@code [from, to)}: every layer but the classifier.
     *
     * @param from the first sample, included
     * @param to the last sample, excluded
     */
    @Override
    public List<Matrix> layerFeatures(int from, int to) {
        List<Matrix> out = new ArrayList<>();
        Matrix all = data.features();
        // The whole set is read in place, not copied.
        Matrix h = from == 0 && to == all.rows() ? all : all.rowRange(from, to);
        for (int l = 0; l < weights.size() - 1; l++) {
            h = layers.evaluate(h, l);
            out.add(h);
        }
        recordTrainingLogits(from, to, h);
        return out;
    }

    /**
     * Adds the logits of training rows {@code [from, to)}, whose last layer's features are
     * {@code last}, to {@link #trainingLogits} when they continue a pass from row 0 on the same
     * parameters, and starts a new pass at row 0. The classifier's product is small beside the
     * layers', and it gives {@link #logits}'s bits: each element of a product is computed the
     * same way whatever rows are computed with it.
     */
    private void recordTrainingLogits(int from, int to, Matrix last) {
        if (from == 0) {
            trainingLogits = Matrix.zeros(data.size(), config.numClasses());
            trainingLogitsParameters = parameterValues();
        } else if (from != trainingLogitsRows || !parametersAre(trainingLogitsParameters)) {
            trainingLogitsParameters = null;
            return;
        }
        Matrix z = layers.evaluate(last, weights.size() - 1);
        System.arraycopy(z.data(), 0, trainingLogits.data(), from * z.cols(), z.data().length);
        trainingLogitsRows = to;
    }

    /** Copies of the parameters' values, in the tape's order. */
    private double[][] parameterValues() {
        return tape.parameters().stream().map(p -> p.value().data().clone())
                .toArray(double[][]::new);
    }

    /** Whether the parameters are bitwise {@code values} ({@link #parameterValues}'s order). */
    private boolean parametersAre(double[][] values) {
        List<Var> parameters = tape.parameters();
        if (values == null || values.length != parameters.size()) {
            return false;
        }
        for (int i = 0; i < values.length; i++) {
            if (!Arrays.equals(parameters.get(i).value().data(), values[i])) {
                return false;
            }
        }
        return true;
    }

    /** The body's and head's weights after the first, and the classifier: those that read the
     * layers of {@link #layerFeatures}. */
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
        Var b = biases.get(biases.size() - 1);
        return b != null ? LinearClassifier.of(w, b.value().data()) : LinearClassifier.of(w);
    }

    /**
     * About the global mean with a classifier bias, uncentered without (the bias-free papers'
     * M0; a bias in the body does not remove the global mean of the last features).
     */
    @Override
    public Centering centering() {
        return config.classifierBias() ? Centering.GLOBAL_MEAN : Centering.NONE;
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
     * {@return weight matrix {@code l} (1 to the number of weight matrices, body layers first,
     * then head layers, the classifier last; a copy)}
     *
     * @param l the layer, from 1
     */
    public Matrix weight(int l) {
        return weights.get(l - 1).value().copy();
    }

    @Override
    public String toString() {
        return "Mlp[" + config + ", N=" + data.size() + "]";
    }
}
