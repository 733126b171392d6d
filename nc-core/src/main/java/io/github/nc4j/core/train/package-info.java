/**
 * Training and its record: {@link io.github.nc4j.core.train.Trainer} runs full-batch gradient
 * descent (the papers' setting), mini-batch SGD with momentum or Adam on any
 * {@link io.github.nc4j.core.model.Model}, as a serializable
 * {@link io.github.nc4j.core.train.TrainingConfig} says, and records a
 * {@link io.github.nc4j.core.train.Trajectory} of the objective and every layer's
 * neural-collapse metrics ({@link io.github.nc4j.core.train.NcSnapshot}). Runs are reproducible
 * bit for bit, whatever the number of threads.
 */
package io.github.nc4j.core.train;
