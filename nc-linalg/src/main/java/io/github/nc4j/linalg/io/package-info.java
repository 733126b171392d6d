/**
 * File formats: NumPy {@code .npy} and {@code .npz} ({@link io.github.nc4j.linalg.io.Npy},
 * {@link io.github.nc4j.linalg.io.Npz}, {@link io.github.nc4j.linalg.io.NpyFile} for streaming
 * large files) and plain CSV tables ({@link io.github.nc4j.linalg.io.Csv}).
 */
package io.github.nc4j.linalg.io;
