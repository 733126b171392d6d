/**
 * The models neural-collapse theory studies, each owning its parameters and recording its
 * objective on an {@link io.github.nc4j.autodiff.Tape}: the unconstrained feature models
 * ({@link io.github.nc4j.core.model.FeatureModel}: {@link io.github.nc4j.core.model.Ufm},
 * {@link io.github.nc4j.core.model.DeepLinearUfm}, {@link io.github.nc4j.core.model.ReluUfm},
 * {@link io.github.nc4j.core.model.DeepUfm}), built from a serializable
 * {@link io.github.nc4j.core.model.UfmConfig}, and the {@link io.github.nc4j.core.model.Mlp} for
 * real data. Normalizations follow definitions.md §1.3: MSE {@code (1/(2N)) ||Z - Y||_F^2},
 * cross-entropy {@code (1/N) sum_i -log softmax(z_i)_{y_i}}, penalties
 * {@code (lambda/2) ||.||_F^2}.
 *
 * <pre>{@code
 * UfmConfig config = UfmConfig.of(Architecture.DEEP_LINEAR, new int[] {200, 100, 50, 20}, 64)
 *         .withDepth(3).withLambdaW(1.3e-2).withLambdaH(1.3e-2);
 * FeatureModel model = FeatureModel.of(config);
 * TrainingResult result = Trainer.train(model, TrainingConfig.gradientDescent(0.3, 8000));
 * TheoryCheck.of(model).ifPresent(check -> System.out.println(check.agrees(0.01)));
 * }</pre>
 */
package io.github.nc4j.core.model;
