/**
 * A trained model held against theory: {@link io.github.nc4j.core.check.TheoryCheck} puts a
 * {@link io.github.nc4j.core.model.FeatureModel}'s learned quantities next to the closed form of
 * {@link io.github.nc4j.core.theory} for its configuration, as
 * {@link io.github.nc4j.core.check.Comparison}s, and ends in a
 * {@link io.github.nc4j.core.check.Verdict} with a {@link io.github.nc4j.core.check.Diagnosis}
 * of why a run disagrees.
 *
 * <p>Layering ({@code DESIGN.md}, no package cycles): the check reads the model (to evaluate it),
 * the metrics and the theory, so it sits above all three; {@link io.github.nc4j.core.train}
 * sits above it, because training's escapes from local minima use the check's thresholds
 * ({@link io.github.nc4j.core.check.TheoryCheck#ZERO_LENGTH},
 * {@link io.github.nc4j.core.check.TheoryCheck#STATIONARY}). The order is
 * {@code data <- metrics <- theory <- model <- check <- train}.
 */
package io.github.nc4j.core.check;
