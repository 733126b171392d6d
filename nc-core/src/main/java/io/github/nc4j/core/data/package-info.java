/**
 * Data for training and measuring: {@link io.github.nc4j.core.data.LabeledData} (an
 * {@code N x d} feature matrix with one class label per row),
 * {@link io.github.nc4j.core.data.ClassSizes} for balanced and imbalanced class sizes,
 * {@link io.github.nc4j.core.data.GaussianMixture} for synthetic data,
 * {@link io.github.nc4j.core.data.FashionMnist} and {@link io.github.nc4j.core.data.Idx} for real
 * images, {@link io.github.nc4j.core.data.Standardizer} to scale features, and
 * {@link io.github.nc4j.core.data.MiniBatches} for seeded mini-batches.
 */
package io.github.nc4j.core.data;
