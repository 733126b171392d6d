package io.github.nc4j.core.model;

import io.github.nc4j.autodiff.Tape;
import io.github.nc4j.autodiff.Var;
import io.github.nc4j.core.metrics.Centering;
import io.github.nc4j.core.metrics.LinearClassifier;
import io.github.nc4j.linalg.Blas;
import io.github.nc4j.linalg.Matrix;
import java.util.List;

/**
 * A trainable classifier as {@link io.github.nc4j.core.train.Trainer} sees it: parameters on a
 * {@link Tape}, an objective to record every step, and the features of every layer for the
 * neural-collapse metrics.
 *
 * <p>Layers, for the metrics: {@link #layerFeatures} returns {@code H_1, ..., H_L}, the inputs of
 * the weight matrices {@link #layerWeights} {@code W_1, ..., W_L} (so {@code W_l} has as many
 * columns as {@code H_l}), the last of which is the classifier. For an unconstrained feature
 * model {@code H_1} is the free features; for an {@link Mlp} the layers are its hidden layers,
 * after their activations.
 */
public interface Model {

    /** {@return the tape holding the parameters; the objective is recorded on it} */
    Tape tape();

    /** {@return the number of training samples N} */
    int numSamples();

    /** {@return the number of classes K} */
    int numClasses();

    /** {@return the label of every training sample, in sample order (a copy)} */
    int[] labels();

    /**
     * Records on {@link #tape()} the full objective over all training samples: the loss plus
     * the weight-decay penalties, as the model's Javadoc writes it.
     *
     * @return the objective, a 1 x 1 Var
     */
    Var objective();

    /**
     * Records on {@link #tape()} the objective of a mini-batch: the loss over the samples at
     * {@code samples} (normalized by their number) plus the same penalties as
     * {@link #objective()}, so that its expectation over uniformly drawn batches is the full
     * objective.
     *
     * @param samples the indices of the batch's samples
     * @return the batch objective, a 1 x 1 Var
     */
    Var objective(int[] samples);

    /**
     * Restores the model's constraints after an optimizer update (projected gradient descent);
     * nothing for unconstrained models.
     */
    default void afterUpdate() {
    }

    /**
     * The parameters that {@link #afterUpdate} keeps {@code >= 0} entrywise, its only kind of
     * constraint; empty for unconstrained models. L-BFGS keeps them non-negative by projecting
     * its own search path instead of calling {@link #afterUpdate}.
     *
     * @return the constrained parameters, empty if none
     */
    default List<Var> nonNegativeParameters() {
        return List.of();
    }

    /**
     * The Euclidean norm of the gradient now in the parameters' grads (after
     * {@link Tape#backward}), summed in a fixed order, projected on the constraints: an entry of
     * a {@linkplain #nonNegativeParameters() non-negative parameter} that is 0 with a positive
     * gradient does not count, since descent would push it below 0 and the projection would
     * undo the move (at a constrained minimum such entries may be large). This is the norm that
     * is 0 exactly at a critical point of the constrained problem.
     *
     * @return the projected gradient norm
     */
    default double storedGradientNorm() {
        List<Var> bounded = nonNegativeParameters();
        double sum = 0;
        for (Var p : tape().parameters()) {
            Matrix grad = p.grad();
            if (!bounded.contains(p)) {
                sum += Blas.dot(grad, grad);
                continue;
            }
            double[] g = grad.data();
            double[] v = p.value().data();
            for (int i = 0; i < g.length; i++) {
                if (!(v[i] == 0 && g[i] > 0)) {
                    sum += g[i] * g[i];
                }
            }
        }
        return Math.sqrt(sum);
    }

    /**
     * {@return the features of every layer (see the class comment) for the training samples
     * {@code [from, to)}, computed from the current parameters without recording; fresh
     * matrices}
     *
     * @param from the first sample, included
     * @param to the last sample, excluded
     */
    List<Matrix> layerFeatures(int from, int to);

    /** {@return the current weights {@code W_1, ..., W_L} read by the layers (copies)} */
    List<Matrix> layerWeights();

    /** {@return the current last layer as a classifier (weights and bias, copies)} */
    LinearClassifier classifier();

    /**
     * The class means the geometric metrics use: about the global mean when the model has a
     * bias, uncenterd when it has none (definitions.md §1.2).
     *
     * @return the centering of the class means
     */
    Centering centering();
}
