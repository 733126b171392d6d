/**
 * Reverse-mode automatic differentiation over nc4j matrices: a {@link io.github.nc4j.autodiff.Tape}
 * records operations on {@link io.github.nc4j.autodiff.Var}s in creation order and walks the
 * record backwards to compute gradients.
 *
 * <p>A loss reads like its formula. The deep unconstrained feature model of definitions.md §3.5
 * (rows = samples, so the papers' {@code W H} is {@code H W^T} here), with MSE against one-hot
 * targets and weight decay on every factor:
 * <pre>{@code
 * Tape tape = new Tape();
 * Var h1 = tape.parameter(Matrix.gaussian(n, d, random));    // free features, N x d
 * Var w1 = tape.parameter(...), w2 = ..., w3 = ...;         // d x d, d x d, K x d
 * Matrix y = Labels.oneHot(labels, k);
 * Sgd gd = new Sgd(0.1);
 * gd.addAll(tape.parameters());
 * for (int step = 0; step < steps; step++) {
 *     tape.reset();
 *     Var h2 = h1.timesTranspose(w1).relu();                 // H2 = relu(W1 H1)
 *     Var h3 = h2.timesTranspose(w2).relu();                 // H3 = relu(W2 H2)
 *     Var z = h3.timesTranspose(w3);                         // Z  = W3 H3
 *     Var loss = z.mse(y)                                    // (1/(2N)) ||Z - Y||_F^2
 *             .plus(w1.squaredNorm().scale(lambdaW / 2))     // + (lambda_W/2) ||W1||_F^2
 *             .plus(w2.squaredNorm().scale(lambdaW / 2))
 *             .plus(w3.squaredNorm().scale(lambdaW / 2))
 *             .plus(h1.squaredNorm().scale(lambdaH / 2));    // + (lambda_H/2) ||H1||_F^2
 *     tape.backward(loss);
 *     gd.step();
 * }
 * }</pre>
 *
 * <p><b>Normalization</b>, as in definitions.md §1.3: {@link io.github.nc4j.autodiff.Var#mse} is
 * {@code (1/(2N)) ||Z - Y||_F^2} and {@link io.github.nc4j.autodiff.Var#crossEntropy} is
 * {@code (1/N) sum_i -log softmax(z_i)_{y_i}}, N the number of rows.
 *
 * <p><b>Weight decay</b> can be written in the loss, as above and as the papers do, so that the
 * reported loss is the full objective; or it can be left to the optimizer
 * ({@link io.github.nc4j.autodiff.optim.Optimizer.Parameter#weightDecay}), which for SGD and Adam
 * gives the same update. Use one or the other for a parameter, not both.
 *
 * <p><b>Steady state.</b> {@link io.github.nc4j.autodiff.Tape#reset} recycles the matrices of the
 * previous step, so a loop recording the same operations allocates no matrices after its first
 * step (only a few small bookkeeping objects per operation).
 *
 * <p>{@link io.github.nc4j.autodiff.GradCheck} compares gradients with central finite
 * differences; {@link io.github.nc4j.autodiff.Labels} makes one-hot targets and measures
 * accuracy.
 */
package io.github.nc4j.autodiff;
