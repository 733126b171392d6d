/**
 * Matrix decompositions and what is computed from them, each in one class that names the
 * algorithm and the book or paper it follows: {@link io.github.nc4j.linalg.decomp.Svd},
 * {@link io.github.nc4j.linalg.decomp.SymmetricEigen}, {@link io.github.nc4j.linalg.decomp.Qr},
 * {@link io.github.nc4j.linalg.decomp.Lu}, {@link io.github.nc4j.linalg.decomp.Cholesky}, and
 * {@link io.github.nc4j.linalg.decomp.LinAlg} for solves, least squares, pseudo-inverse, rank,
 * condition number and determinant. Inputs are never modified.
 *
 * <p>The guided tour's chapter
 * <a href="https://github.com/nc4j/nc4j/blob/main/docs/internals/02-svd.md">SVD</a> follows the
 * SVD from bidiagonalization to the implicit QR sweeps and dqds.
 */
package io.github.nc4j.linalg.decomp;
