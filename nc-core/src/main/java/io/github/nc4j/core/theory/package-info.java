/**
 * Closed-form optima of the unconstrained feature models that neural-collapse theory studies,
 * and the frames they are built from, for comparison with trained solutions (which
 * {@link io.github.nc4j.core.check.TheoryCheck} makes). Definitions and sources:
 * definitions.md §4 (closed forms) and §5 (verdicts).
 *
 * <ul>
 *   <li>{@link io.github.nc4j.core.theory.SimplexEtf}, {@link io.github.nc4j.core.theory.OrthogonalFrame}:
 *       target geometries, in a fixed or a {@link io.github.nc4j.core.theory.RandomOrthogonal random} orientation;</li>
 *   <li>{@link io.github.nc4j.core.theory.DeepLinearMseOptimum}: bias-free deep linear UFM, MSE, any class sizes;</li>
 *   <li>{@link io.github.nc4j.core.theory.DeepUfmBinaryOptimum}: deep UFM with ReLU, two classes;</li>
 *   <li>{@link io.github.nc4j.core.theory.ReluUfmCeOptimum}: ReLU UFM, cross-entropy, imbalanced;</li>
 *   <li>{@link io.github.nc4j.core.theory.CeUfmOptimum}: UFM with cross-entropy, any class sizes,
 *       through a convex program over the class-mean logits (minority collapse).</li>
 * </ul>
 */
package io.github.nc4j.core.theory;
