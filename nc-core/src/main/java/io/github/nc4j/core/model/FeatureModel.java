package io.github.nc4j.core.model;

import io.github.nc4j.autodiff.Labels;
import io.github.nc4j.autodiff.Tape;
import io.github.nc4j.autodiff.Var;
import io.github.nc4j.core.metrics.Centering;
import io.github.nc4j.core.metrics.LinearClassifier;
import io.github.nc4j.linalg.Matrix;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * An unconstrained feature model: the features H are free parameters, one row per training
 * sample, read by a stack of layers {@code W_1, ..., W_M} ending in the classifier
 * (definitions.md §3). The objective is the one {@link UfmConfig} writes:
 * <pre>
 *   loss(Z) + sum_l (lambda_Wl/2) ||W_l||_F^2 + (lambda_H/2) ||H||_F^2 + (lambda_b/2) ||b||^2,
 *   Z = act(... act(H W_1^T) ...) W_M^T + 1 b^T
 * </pre>
 * where {@code act} is the identity for the linear models and ReLU for the {@link DeepUfm}, and
 * {@link ReluUfm} keeps H non-negative: the two properties of the {@link Architecture} that set
 * the models apart, which this class reads from the configuration. The subclasses name the four
 * architectures and cite their papers. The layers are recorded for training and evaluated for
 * the metrics by the same code (a {@code Layers} stack, shared with {@link Mlp}).
 */
public abstract sealed class FeatureModel implements Model
        permits Ufm, DeepLinearUfm, ReluUfm, DeepUfm {

    private final UfmConfig config;
    private final Tape tape = new Tape();
    private final Var features;
    private final List<Var> weights = new ArrayList<>();
    private final Var bias;
    private final Layers layers;
    private final int[] labels;
    private final Var targets;

    FeatureModel(UfmConfig config, Architecture architecture) {
        if (config.architecture() != architecture) {
            throw new IllegalArgumentException("a " + architecture.cliName()
                    + " model needs a " + architecture.cliName() + " configuration, got "
                    + config.architecture().cliName() + "; FeatureModel.of picks the class");
        }
        this.config = config;
        int n = config.numSamples();
        int d = config.dim();
        int k = config.numClasses();
        double s = config.initScale();
        Random random = new Random(config.seed());
        Matrix h = Matrix.gaussian(n, d, random).scaleInPlace(s);
        if (nonNegativeFeatures()) {
            h = h.map(Math::abs);
        }
        features = tape.parameter(h);
        for (int l = 0; l < config.depth(); l++) {
            int out = l == config.depth() - 1 ? k : d;
            weights.add(tape.parameter(
                    Matrix.gaussian(out, d, random).scaleInPlace(s / Math.sqrt(d))));
        }
        bias = config.bias() ? tape.parameter(Matrix.zeros(1, k)) : null;
        layers = new Layers(weights, Layers.lastBiasOnly(weights.size(), bias),
                architecture.reluBetweenLayers());
        labels = new int[n];
        int[] sizes = config.classSizes();
        for (int c = 0, i = 0; c < k; c++) {
            for (int j = 0; j < sizes[c]; j++) {
                labels[i++] = c;
            }
        }
        targets = tape.constant(Labels.oneHot(labels, k));
    }

    /**
     * {@return the model the configuration describes: a {@link Ufm}, {@link DeepLinearUfm},
     * {@link ReluUfm} or {@link DeepUfm}, freshly initialized}
     *
     * @param config the configuration
     */
    public static FeatureModel of(UfmConfig config) {
        return switch (config.architecture()) {
            case UFM -> new Ufm(config);
            case DEEP_LINEAR -> new DeepLinearUfm(config);
            case RELU_UFM -> new ReluUfm(config);
            case DEEP_UFM -> new DeepUfm(config);
        };
    }

    // ---------------------------------------------------------------- the objective

    @Override
    public Var objective() {
        return record(features, labels, targets.value());
    }

    @Override
    public Var objective(int[] samples) {
        int[] batchLabels = new int[samples.length];
        for (int i = 0; i < samples.length; i++) {
            batchLabels[i] = labels[samples[i]];
        }
        Matrix batchTargets = config.loss() == Loss.MSE
                ? targets.selectRows(samples).value() : null;
        return record(features.selectRows(samples), batchLabels, batchTargets);
    }

    private Var record(Var h, int[] y, Matrix oneHot) {
        Var objective = config.loss().of(layers.forward(h), y, oneHot);
        objective = layers.plusWeightDecay(objective, config.lambdaW());
        objective = Layers.plusPenalty(objective, features, config.lambdaH());
        return bias == null ? objective : Layers.plusPenalty(objective, bias, config.lambdaB());
    }

    /** Projects H back onto {@code H >= 0} for the {@link ReluUfm}; nothing otherwise. */
    @Override
    public void afterUpdate() {
        if (nonNegativeFeatures()) {
            project(features.value());
        }
    }

    /** The features H for the {@link ReluUfm}, which keeps {@code H >= 0}; none otherwise. */
    @Override
    public List<Var> nonNegativeParameters() {
        return nonNegativeFeatures() ? List.of(features) : List.of();
    }

    private static void project(Matrix h) {
        double[] v = h.data();
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.max(v[i], 0.0);
        }
    }

    private boolean nonNegativeFeatures() {
        return config.architecture().nonNegativeFeatures();
    }

    // ---------------------------------------------------------------- the state

    /** {@return the configuration this model was built from} */
    public UfmConfig config() {
        return config;
    }

    @Override
    public Tape tape() {
        return tape;
    }

    @Override
    public int numSamples() {
        return labels.length;
    }

    @Override
    public int numClasses() {
        return config.numClasses();
    }

    /** {@return the number of layers M} */
    public int depth() {
        return weights.size();
    }

    @Override
    public int[] labels() {
        return labels.clone();
    }

    /** {@return the free features H (N x d, rows ordered by class; a copy)} */
    public Matrix features() {
        return features.value().copy();
    }

    /**
     * {@return {@code W_layer} for layers numbered 1 to M from the features (a copy)}
     *
     * @param layer the layer, from 1 (next to the features) to M
     */
    public Matrix weight(int layer) {
        return weights.get(layer - 1).value().copy();
    }

    /**
     * Sets the free features and the layers, e.g. to a closed-form solution or to parameters
     * trained elsewhere, so that metrics and {@code TheoryCheck} can be applied to them. The
     * bias, if any, is left as it is.
     *
     * @param h       the features, N x d
     * @param weights {@code W_1 .. W_M}, each of this model's shape
     * @throws IllegalArgumentException if a shape differs (naming both) or the count of layers
     */
    public void setParameters(Matrix h, List<Matrix> weights) {
        if (weights.size() != this.weights.size()) {
            throw new IllegalArgumentException(weights.size() + " layers for a model of "
                    + this.weights.size());
        }
        requireSameShape("H", features.value(), h);
        for (int l = 0; l < weights.size(); l++) {
            requireSameShape("W_" + (l + 1), this.weights.get(l).value(), weights.get(l));
        }
        System.arraycopy(h.data(), 0, features.value().data(), 0, h.data().length);
        for (int l = 0; l < weights.size(); l++) {
            double[] w = weights.get(l).data();
            System.arraycopy(w, 0, this.weights.get(l).value().data(), 0, w.length);
        }
    }

    private static void requireSameShape(String name, Matrix expected, Matrix given) {
        if (given.rows() != expected.rows() || given.cols() != expected.cols()) {
            throw new IllegalArgumentException(name + " must be " + expected.rows() + " x "
                    + expected.cols() + ", got " + given.rows() + " x " + given.cols());
        }
    }

    /** {@return the bias b of the last layer (a copy), if the model has one} */
    public Optional<double[]> bias() {
        return bias == null ? Optional.empty() : Optional.of(bias.value().data().clone());
    }

    @Override
    public List<Matrix> layerWeights() {
        List<Matrix> out = new ArrayList<>();
        for (Var w : weights) {
            out.add(w.value().copy());
        }
        return out;
    }

    @Override
    public List<Matrix> layerFeatures(int from, int to) {
        List<Matrix> out = new ArrayList<>();
        Matrix x = features.value().rowRange(from, to);
        out.add(x);
        for (int l = 0; l < weights.size() - 1; l++) {
            x = layers.evaluate(x, l);
            out.add(x);
        }
        return out;
    }

    /** {@return the logits Z of all training samples (N x K), computed without recording} */
    public Matrix logits() {
        List<Matrix> h = layerFeatures(0, numSamples());
        return layers.evaluate(h.get(h.size() - 1), depth() - 1);
    }

    /**
     * {@return the value of the full objective at the current parameters} Resets the tape first, so
     * repeated evaluations do not hold on to pooled buffers; parameters keep their gradients.
     */
    public double objectiveValue() {
        tape.reset();
        return tape.noGrad(() -> objective().scalar());
    }

    /**
     * {@return the Euclidean norm, over all parameters, of the full objective's gradient at the
     * current parameters: how far they are from a critical point} For the {@link ReluUfm}, which
     * keeps {@code H >= 0}, it is the norm of the projected gradient ({@link #storedGradientNorm}).
     * Resets the tape and overwrites the parameters' gradients.
     */
    public double projectedGradientNorm() {
        tape.reset();
        tape.backward(objective());
        return storedGradientNorm();
    }

    @Override
    public LinearClassifier classifier() {
        Matrix w = weights.get(depth() - 1).value();
        return bias == null ? LinearClassifier.of(w) : LinearClassifier.of(w, bias.value().data());
    }

    @Override
    public Centering centering() {
        return bias == null ? Centering.NONE : Centering.GLOBAL_MEAN;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + config + "]";
    }
}
